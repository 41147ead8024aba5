"""In Debian's Chromium: a hostile page on another port of the same host while a staff member is signed
in, and a session that ends while the page is open."""

from __future__ import annotations

import http.server
import re
import threading
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.server]

CHROMIUM = "/usr/bin/chromium"
ATTACK = """<!doctype html><html><head><meta charset="utf-8"></head><body><pre id="out">running</pre>
<script>
const T = "{target}";
(async () => {{
  const log = [];
  try {{
    await fetch(T + "/api/answers/{answer_id}/mark", {{method: "POST", credentials: "include",
      headers: {{"content-type": "application/json"}}, body: JSON.stringify({{mark: "incorrect", note: "forged"}})}});
  }} catch (e) {{ log.push("mark refused"); }}
  try {{
    const cfg = await (await fetch(T + "/config")).json();
    const fn = cfg.dependencies.find(d => d.api_name === "do_search").id;
    const sh = "evil" + Math.random().toString(36).slice(2, 9);
    const join = await fetch(T + "/gradio_api/queue/join", {{method: "POST", credentials: "include",
      headers: {{"content-type": "application/json"}},
      body: JSON.stringify({{data: ["", "全部", "全部", "全部", "全部", "", ""], fn_index: fn, session_hash: sh}})}});
    log.push("join " + join.status);
    const data = await fetch(T + "/gradio_api/queue/data?session_hash=" + sh, {{credentials: "include"}});
    log.push(await data.text());
  }} catch (e) {{ log.push("read refused: " + e); }}
  document.getElementById("out").textContent = log.join("\\n");
}})();
</script></body></html>"""


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is not installed: run `make browser-deps`")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        yield chromium
        chromium.close()


def _sign_in(browser, web_server):  # type: ignore[no-untyped-def]
    context = browser.new_context(locale="zh-CN", viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.goto(web_server.url + "/login?next=/")
    page.fill("#name", web_server.STAFF[0])
    page.fill("#password", web_server.STAFF[1])
    page.click("button[type=submit]")
    page.get_by_text("已登录：staff1").wait_for()
    return context, page


@pytest.fixture()
def attacker_site(tmp_path: Path, web_server) -> Iterator[tuple[str, int]]:
    """A page on another port of 127.0.0.1: a different origin but the same site, so the browser
    sends the SameSite=Lax session cookie with its requests."""
    import httpx

    httpx.post(
        web_server.url + "/api/ask",
        json={"question": "高青县公安局2024年收到多少件信息公开申请？"},
        timeout=60,
    )
    answer_id = web_server.stores.sql.search_answers(limit=1)[0].id
    (tmp_path / "index.html").write_text(
        ATTACK.format(target=web_server.url, answer_id=answer_id), encoding="utf-8"
    )
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/index.html", answer_id
    server.shutdown()
    thread.join(5)


def test_a_same_site_page_can_neither_write_nor_read_staff_data(  # type: ignore[no-untyped-def]
    browser, web_server, attacker_site
) -> None:
    url, answer_id = attacker_site
    mark_before = web_server.stores.sql.get_answer(answer_id).review_note
    context, _ = _sign_in(browser, web_server)
    evil = context.new_page()
    evil.goto(url)
    evil.wait_for_function("() => document.getElementById('out').textContent !== 'running'", timeout=30_000)
    out = evil.locator("#out").text_content() or ""
    assert "process_completed" not in out and "高青县公安局" not in out, out
    assert web_server.stores.sql.get_answer(answer_id).review_note == mark_before
    context.close()


def test_a_session_ended_elsewhere_shows_a_sign_in_message(browser, web_server) -> None:  # type: ignore[no-untyped-def]
    """Signed out from another tab (the cookie copied back in, as a replay would): the open archive
    tab says to sign in again instead of failing silently or showing data."""
    context, page = _sign_in(browser, web_server)
    cookie = next(c for c in context.cookies() if c["name"] == "nianbao_session")
    page.get_by_role("tab", name="答复档案").click()
    page.locator("#nb-archive-search").wait_for()
    assert page.request.get(web_server.url + "/logout").ok
    context.add_cookies([cookie])  # the old value, replayed
    page.click("#nb-archive-search")
    page.get_by_text(re.compile("请先登录")).first.wait_for(timeout=15_000)
    context.close()
