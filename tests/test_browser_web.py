"""The web page in Debian's Chromium (Playwright, no downloaded browser): the public chat, the staff
tabs behind the login, an upload, and escaping. Screenshots go to tests/artifacts/ for review."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.server]

ARTIFACTS = Path(__file__).parent / "artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SEED_QUESTION = "高青县公安局2024年收到多少件信息公开申请？"
ANSWER_TIMEOUT_MS = 60_000


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists() or shutil.which("chromium") is None:
        pytest.fail("Debian's chromium is not installed: run `make browser-deps` (make test does)")
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Requests:
    """Every URL the pages asked for, to prove nothing leaves the machine."""

    def __init__(self) -> None:
        self.urls: list[str] = []


@pytest.fixture(scope="module")
def requests_seen() -> Requests:
    return Requests()


DESKTOP = {"width": 1280, "height": 900}  # the width at which the archive and eval tables used to clip
PHONE = {"width": 390, "height": 844}


def _context(browser, requests_seen: Requests, viewport: dict[str, int] = DESKTOP):  # type: ignore[no-untyped-def]
    context = browser.new_context(locale="zh-CN", viewport=viewport)
    context.on("request", lambda request: requests_seen.urls.append(request.url))
    return context


@pytest.fixture(scope="module")
def public_page(browser, web_server, requests_seen):  # type: ignore[no-untyped-def]
    context = _context(browser, requests_seen)
    page = context.new_page()
    page.dialogs = []  # type: ignore[attr-defined]
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))  # type: ignore[attr-defined]
    page.goto(web_server.url + "/")
    page.wait_for_selector("#nb-question textarea")
    yield page
    context.close()


def _signed_in(browser, web_server, requests_seen, account: tuple[str, str]):  # type: ignore[no-untyped-def]
    context = _context(browser, requests_seen)
    page = context.new_page()
    page.goto(web_server.url + "/login?next=/")
    page.fill("#name", account[0])
    page.fill("#password", account[1])
    page.click("button[type=submit]")
    page.wait_for_selector("#nb-question textarea")
    page.get_by_text(f"已登录：{account[0]}").wait_for()
    return context, page


@pytest.fixture(scope="module")
def staff_page(browser, web_server, requests_seen):  # type: ignore[no-untyped-def]
    context, page = _signed_in(browser, web_server, requests_seen, web_server.STAFF)
    yield page
    context.close()


def ask(page, question: str):  # type: ignore[no-untyped-def]
    """Type a question, send it, and return the final answer card (it has the meta line)."""
    done = page.locator("#nb-chat .nb-answer:has(.nb-meta)")
    before = done.count()
    page.fill("#nb-question textarea", question)
    page.click("#nb-send")
    page.wait_for_function(
        "n => document.querySelectorAll('#nb-chat .nb-answer .nb-meta').length > n",
        arg=before,
        timeout=ANSWER_TIMEOUT_MS,
    )
    return done.last


def visible_text(scope, text: str | re.Pattern[str]):  # type: ignore[no-untyped-def]
    """The first visible element with this text (gradio tables keep hidden copies for sizing)."""
    return scope.get_by_text(text).filter(visible=True).first


def open_tab(page, name: str) -> None:  # type: ignore[no-untyped-def]
    page.get_by_role("tab", name=name).click()


def test_seed_question_shows_the_verified_figure(public_page) -> None:  # type: ignore[no-untyped-def]
    card = ask(public_page, SEED_QUESTION)
    assert "6件" in card.locator(".nb-text").inner_text()
    badge = card.locator(".nb-fig.nb-ok .nb-badge").first
    assert badge.inner_text().strip() == "✓ 已核对"
    assert "表三/一、本年新收政府信息公开申请数量/总计 = 6" in (badge.get_attribute("title") or "")
    card.locator(".nb-fig summary").first.click()
    assert "表格单元格" in card.locator(".nb-src").first.inner_text()
    assert "高青县公安局" in card.locator(".nb-sources").inner_text()
    assert "高青县公安局" in public_page.locator("#nb-scope").inner_text()
    public_page.screenshot(path=str(ARTIFACTS / "public.png"), full_page=True)


def test_examples_and_glossary(public_page) -> None:  # type: ignore[no-untyped-def]
    visible_text(public_page.locator("#nb-examples"), "不予公开和无法提供有什么区别？").click()
    public_page.wait_for_function(
        "() => document.querySelector('#nb-question textarea').value === '不予公开和无法提供有什么区别？'"
    )
    public_page.locator("#nb-term input").click()
    public_page.get_by_role("option", name="三安全一稳定").click()
    visible_text(public_page, re.compile("国家安全、公共安全、经济安全和社会稳定")).wait_for()


def test_the_first_message_is_not_covered_by_a_label(browser, web_server, requests_seen) -> None:  # type: ignore[no-untyped-def]
    """The top of the first message is the message itself, not a floating 「问答」 label."""
    context = _context(browser, requests_seen)
    page = context.new_page()
    try:
        page.goto(web_server.url + "/")
        page.wait_for_selector("#nb-question textarea")
        ask(page, SEED_QUESTION)
        first = page.locator("#nb-chat .message").first
        box = first.bounding_box()
        assert box is not None
        covered_by = page.evaluate(
            "([x, y]) => { const e = document.elementFromPoint(x, y); return e && e.closest('.message') ? '' : e?.outerHTML?.slice(0, 120) }",
            [box["x"] + 12, box["y"] + 6],
        )
        assert covered_by == "", covered_by
        first.screenshot(path=str(ARTIFACTS / "chat_first_message.png"))
    finally:
        context.close()


def test_a_suggested_question_is_one_click_away(public_page) -> None:  # type: ignore[no-untyped-def]
    """「您是不是想问「高青县」」 under a typo: a button that asks the corrected question."""
    card = ask(public_page, SEED_QUESTION.replace("高青县", "高清县"))
    assert "您是不是想问" in card.inner_text()
    done = public_page.locator("#nb-chat .nb-answer:has(.nb-meta)").count()
    button = public_page.locator("#nb-chat button", has_text=f"改问：{SEED_QUESTION}").last
    button.wait_for()
    public_page.screenshot(path=str(ARTIFACTS / "public_suggestion.png"))
    button.click()
    public_page.wait_for_function(
        "n => document.querySelectorAll('#nb-chat .nb-answer .nb-meta').length > n",
        arg=done,
        timeout=ANSWER_TIMEOUT_MS,
    )
    answer = public_page.locator("#nb-chat .nb-answer:has(.nb-meta)").last
    assert "6件" in answer.locator(".nb-text").inner_text()


def test_long_quotes_keep_the_answer_in_view_on_a_phone(browser, web_server, requests_seen) -> None:  # type: ignore[no-untyped-def]
    """On a 390 px phone a prose answer with long quotes still shows its text in the chat's view:
    the quotes are folded to their first words."""
    context = _context(browser, requests_seen, PHONE)
    page = context.new_page()
    try:
        page.goto(web_server.url + "/")
        page.wait_for_selector("#nb-question textarea")
        card = ask(page, "高青县公安局2024年政府信息公开工作存在哪些主要问题？")
        page.wait_for_timeout(800)  # the chat scrolls to the new message
        assert card.locator(".nb-cite").count() >= 1  # long quotes are folded
        text = card.locator(".nb-text").bounding_box()
        view = page.locator("#nb-chat [role=log], #nb-chat .bubble-wrap").first.bounding_box()
        assert text is not None and view is not None
        assert view["y"] - 1 <= text["y"] < view["y"] + view["height"] - 20, (text, view)
        assert text["x"] + text["width"] <= PHONE["width"] + 1
        page.locator("#nb-chat").scroll_into_view_if_needed()
        page.locator("#nb-chat").screenshot(path=str(ARTIFACTS / "phone.png"))
    finally:
        context.close()


def test_unanswerable_question_is_refused(public_page) -> None:  # type: ignore[no-untyped-def]
    card = ask(public_page, "高青县公安局2024年食堂伙食费支出多少万元？")
    assert card.locator(".nb-refusal").is_visible()
    assert "无法回答" in card.inner_text()
    assert card.locator(".nb-fig").count() == 0
    assert "按表格计算" not in card.locator(".nb-meta").inner_text()  # nothing was computed


def test_empty_and_overlong_questions_get_a_friendly_message(public_page) -> None:  # type: ignore[no-untyped-def]
    public_page.fill("#nb-question textarea", "")
    public_page.click("#nb-send")
    public_page.locator("#nb-chat .nb-notice", has_text="请输入问题").last.wait_for()
    public_page.fill("#nb-question textarea", "问" * 400)
    public_page.click("#nb-send")
    public_page.locator("#nb-chat .nb-notice", has_text="问题过长").last.wait_for(timeout=ANSWER_TIMEOUT_MS)


def test_script_in_a_question_is_shown_as_text(public_page) -> None:  # type: ignore[no-untyped-def]
    hostile = "<script>alert(1)</script><img src=x onerror=alert(2)>**粗体**"
    ask(public_page, hostile)
    bubble = public_page.locator("#nb-chat").get_by_text("<script>alert(1)</script>", exact=False).last
    assert bubble.is_visible()
    assert "<img src=x onerror=alert(2)>**粗体**" in bubble.inner_text()
    assert public_page.dialogs == []  # type: ignore[attr-defined]
    assert public_page.locator("#nb-chat script, #nb-chat img[src=x], #nb-chat strong").count() == 0
    public_page.screenshot(path=str(ARTIFACTS / "public_refusal_and_escaping.png"), full_page=True)


STAFF_TABS = ("答复档案", "依申请公开统计", "年报管理")


def visible_tabs(page) -> list[str]:  # type: ignore[no-untyped-def]
    page.get_by_role("tab", name="公众问答").wait_for()
    page.wait_for_timeout(500)  # the page-load event sets each tab's visibility
    return [t.inner_text().strip() for t in page.get_by_role("tab").all() if t.is_visible()]


def test_anonymous_visitors_see_the_chat_and_a_sign_in_link(public_page, web_server) -> None:  # type: ignore[no-untyped-def]
    assert visible_tabs(public_page) == ["公众问答"]
    assert public_page.locator("#nb-user a", has_text="工作人员登录").is_visible()
    assert not public_page.locator("#nb-archive-table").is_visible()
    public_page.evaluate("window.scrollTo(0, 0)")
    public_page.screenshot(path=str(ARTIFACTS / "anonymous.png"))
    refused = public_page.request.get(web_server.url + "/api/answers")
    assert refused.status == 401 and "工作人员或管理员" in refused.json()["error"]


def test_an_evaluator_sees_only_the_evaluation_tab(browser, web_server, requests_seen) -> None:  # type: ignore[no-untyped-def]
    """Signed in as an evaluator: 公众问答 and 评测, usable at once; no staff tab, no 「需要登录」."""
    context, page = _signed_in(browser, web_server, requests_seen, web_server.EVALUATOR)
    try:
        assert visible_tabs(page) == ["公众问答", "评测"]
        open_tab(page, "评测")
        page.locator("#nb-eval-run").wait_for()
        assert page.get_by_text("需要登录").count() == 0
        page.screenshot(path=str(ARTIFACTS / "evaluator.png"))
        refused = page.request.get(web_server.url + "/api/answers")
        assert refused.status == 403 and "需要工作人员或管理员账号" in refused.json()["error"]
        assert "eval1是评测人员账号" in refused.json()["error"]
    finally:
        context.close()


def test_staff_see_every_tab(staff_page) -> None:  # type: ignore[no-untyped-def]
    assert visible_tabs(staff_page) == ["公众问答", *STAFF_TABS, "评测"]


def assert_fits(page, selector: str) -> None:  # type: ignore[no-untyped-def]
    """Every header cell of the table lies inside its box, and nothing scrolls sideways."""
    box = page.locator(selector).bounding_box()
    assert box is not None
    headers = [h for h in page.locator(f"{selector} thead th").all() if h.is_visible()]
    assert headers, f"no header cells in {selector}"
    for header in headers:
        cell = header.bounding_box()
        assert cell is not None and cell["width"] > 20, header.inner_text()
        assert cell["x"] + cell["width"] <= box["x"] + box["width"] + 1, (header.inner_text(), cell, box)
    overflow = page.evaluate(
        "s => [...document.querySelectorAll(s + ' *')].some(e => e.scrollWidth > e.clientWidth + 2 && "
        "getComputedStyle(e).overflowX !== 'visible' && e.clientWidth > 0)",
        selector,
    )
    assert not overflow, f"{selector} scrolls sideways"


def test_staff_sees_the_archive_with_the_question(staff_page) -> None:  # type: ignore[no-untyped-def]
    open_tab(staff_page, "答复档案")
    table = staff_page.locator("#nb-archive-table")
    visible_text(table, SEED_QUESTION).wait_for()
    assert_fits(staff_page, "#nb-archive-table")
    for header in ("渠道", "复核"):
        assert visible_text(table, header).is_visible()
    assert staff_page.locator("#nb-archive-id").count() == 0  # no ID box: a click on the row opens it
    visible_text(table, SEED_QUESTION).click()
    detail = staff_page.locator("#nb-archive-detail")
    visible_text(detail, "6件").wait_for()
    assert "✓ 已核对" in detail.inner_text()
    staff_page.get_by_role("radio", name="正确").check()
    staff_page.get_by_role("button", name="保存复核").click()
    staff_page.get_by_text(re.compile(r"已保存：第 \d+ 号答复标记为「正确」")).wait_for()
    visible_text(table, "✓ 正确").wait_for()  # the list refreshes with the mark
    staff_page.get_by_role("button", name="导出金标准JSONL").click()
    staff_page.get_by_text(
        re.compile(r"已导出 [1-9]\d* 条标记为「正确」的答复为金标准")
    ).wait_for()  # API tests may mark more
    staff_page.screenshot(path=str(ARTIFACTS / "archive.png"), full_page=True)
    staff_page.get_by_role("button", name="导出CSV").click()
    visible_text(staff_page, re.compile(r"已导出 \d+ 条答复（CSV）")).wait_for()
    staff_page.locator("#nb-archive-text input, #nb-archive-text textarea").first.fill("食堂")
    staff_page.click("#nb-archive-search")
    visible_text(staff_page, "共 1 条答复").wait_for()


DISSENTING = (
    "合成县审计局"  # synthetic: the seed's tables under another name, its prose saying 8 where table 3 says 6
)


def upload_dissenting_report(page, folder: Path) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import replace

    from helpers.render import to_text
    from helpers.reports import REPO

    from ingest.load import load
    from ingest.parse import parse

    seed = parse(load(REPO / "corpus" / "gaoqing_county_public_security_2024.txt", 50_000_000))
    prose = f"2024年，{DISSENTING}全年共收到政府信息公开申请8件。"
    sections = [replace(s, text=prose) if s.key == "overview" else s for s in seed.sections]
    meta = replace(seed.meta, agency=DISSENTING, title=f"{DISSENTING}2024年政府信息公开工作年度报告")
    path = folder / "hecheng_audit_2024.txt"
    path.write_text(to_text(replace(seed, meta=meta, sections=sections)), encoding="utf-8")
    open_tab(page, "年报管理")
    page.locator("#nb-upload input[type=file]").set_input_files(str(path))
    page.locator(f'#nb-upload [aria-label="{path.name}"]').wait_for()
    page.click("#nb-upload-run")
    page.wait_for_function(
        f"() => (document.querySelector('#nb-upload-log textarea')?.value || '').includes('{DISSENTING}')",
        timeout=180_000,
    )


def test_upload_a_report_then_ask_about_it(staff_page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from helpers.reports import report_path

    upload_dissenting_report(staff_page, tmp_path)  # first: 洪泽区 stays the report selected after uploads
    pdf = report_path("hongze_district_2024.pdf")
    open_tab(staff_page, "年报管理")
    staff_page.locator("#nb-upload input[type=file]").set_input_files(str(pdf))
    staff_page.locator(f'#nb-upload [aria-label="{pdf.name}"]').wait_for()  # gradio splits stem and .ext
    staff_page.click("#nb-upload-run")
    log = staff_page.locator("#nb-upload-log textarea")
    staff_page.wait_for_function(
        "() => (document.querySelector('#nb-upload-log textarea')?.value || '').includes('淮安市洪泽区')",
        timeout=180_000,
    )
    assert "✓ 已导入" in log.input_value() and "淮安市洪泽区人民政府 2024年" in log.input_value()
    staff_page.get_by_role("tab", name="表格（按官方格式）").click()
    official = staff_page.locator("#nb-official")
    official.get_by_text("（本列数据的勾稽关系为").wait_for()
    assert official.locator("td[rowspan]").count() > 5
    staff_page.screenshot(path=str(ARTIFACTS / "reports.png"), full_page=True)
    staff_page.get_by_role("tab", name="勾稽关系").click()
    staff_page.locator("#nb-findings").get_by_text("勾稽关系核对").wait_for()
    open_tab(staff_page, "公众问答")
    card = ask(staff_page, "洪泽区2024年予以公开的申请有多少？")
    assert "50件" in card.locator(".nb-text").inner_text()
    assert card.locator(".nb-fig.nb-ok").count() >= 1
    # 洪泽区's prose count 「区政府办代表区政府受理……17件」 is another organ's: no contradiction is shown
    card = ask(staff_page, "洪泽区2024年收到多少件信息公开申请？")
    assert "95件" in card.locator(".nb-text").inner_text() and "正文另称" not in card.inner_text()
    # a report whose prose states the same item otherwise (8 vs table 3's 6): the quote is not 「✓ 已核对」
    card = ask(staff_page, f"{DISSENTING}2024年收到多少件信息公开申请？")
    table_badge = card.locator(".nb-fig", has_text="6件").locator(".nb-badge")
    prose_badge = card.locator(".nb-fig", has_text="8件").locator(".nb-badge")
    assert table_badge.inner_text().strip() == "✓ 已核对"
    assert prose_badge.inner_text().strip() == "⚠ 正文另称" and "nb-dissent" in (
        prose_badge.get_attribute("class") or ""
    )
    colors = [b.evaluate("e => getComputedStyle(e).backgroundColor") for b in (table_badge, prose_badge)]
    assert colors[0] != colors[1], colors
    card.scroll_into_view_if_needed()
    card.screenshot(path=str(ARTIFACTS / "public_prose_figure.png"))


def test_statistics_tab(staff_page) -> None:  # type: ignore[no-untyped-def]
    """After the upload: two reports, their outcome groups, rates and the 合计 row."""
    open_tab(staff_page, "依申请公开统计")
    staff_page.click("#nb-stats-run")
    table = staff_page.locator("#nb-stats-table")
    table.get_by_text("合计").wait_for()
    text = table.inner_text()
    assert "高青县公安局" in text and "33.3%" in text and "淮安市洪泽区人民政府" in text and "合计" in text
    staff_page.locator("#nb-stats-chart canvas, #nb-stats-chart svg").first.wait_for()
    staff_page.wait_for_timeout(1000)  # the chart redraws with the new data
    staff_page.screenshot(path=str(ARTIFACTS / "stats.png"), full_page=True)
    for button, suffix in (("导出CSV", ".csv"), ("导出XLSX", ".xlsx")):
        staff_page.locator("#tab-stats").get_by_role("button", name=button).click()
        link = staff_page.locator(f'#tab-stats a[download$="{suffix}"], #tab-stats a[href$="{suffix}"]')
        link.first.wait_for(state="attached")


def test_evaluation_tab_runs_a_gold_file(staff_page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    gold = tmp_path / "mini.jsonl"
    gold.write_text(
        '{"id": "w1", "report": "gaoqing_county_public_security_2024.txt", "agency": "高青县公安局", "year": 2024, '
        '"question": "高青县公安局2024年收到多少件信息公开申请？", "answer_number": 6, "unit": "件", '
        '"answer_text": "6件", "type": "table_lookup", "evidence": "表三/一、本年新收政府信息公开申请数量/总计"}\n'
        '{"id": "w2", "report": "gaoqing_county_public_security_2024.txt", "agency": "高青县公安局", "year": 2024, '
        '"question": "高青县公安局2024年食堂伙食费支出多少万元？", "answer_number": null, "unit": null, '
        '"answer_text": "", "type": "unanswerable", "evidence": ""}\n',
        encoding="utf-8",
    )
    open_tab(staff_page, "评测")
    staff_page.locator("#nb-eval-upload input[type=file]").set_input_files(str(gold))
    staff_page.locator('#nb-eval-upload [aria-label="mini.jsonl"]').wait_for()
    staff_page.click("#nb-eval-run")
    staff_page.locator("#nb-eval-status").get_by_text("总体准确率").wait_for(timeout=120_000)
    assert "100.0%" in staff_page.locator("#nb-eval-status").inner_text()
    visible_text(staff_page.locator("#nb-eval-items"), "w2").wait_for()
    assert_fits(staff_page, "#nb-eval-items")
    for header in ("系统答案", "结果", "时延(ms)"):
        assert visible_text(staff_page.locator("#nb-eval-items"), header).is_visible()
    staff_page.screenshot(path=str(ARTIFACTS / "eval.png"), full_page=True)


def test_reingest_and_delete_a_report(staff_page) -> None:  # type: ignore[no-untyped-def]
    open_tab(staff_page, "年报管理")
    staff_page.get_by_role("button", name="重新导入").click()
    staff_page.get_by_text(re.compile(r"✓ 已导入 hongze_district_2024\.pdf")).wait_for(timeout=180_000)
    staff_page.get_by_role("button", name="删除").click()
    staff_page.get_by_text("删除前请先勾选「确认删除」。").wait_for()
    staff_page.get_by_label("确认删除").check()
    staff_page.get_by_role("button", name="删除").click()
    staff_page.get_by_text("已删除：淮安市洪泽区人民政府 2024年").wait_for()
    assert "hongze_district_2024.pdf" not in staff_page.locator("#nb-reports-table").inner_text()


def test_every_request_stayed_on_the_machine(requests_seen: Requests, web_server) -> None:
    assert requests_seen.urls, "no requests recorded"
    outside = sorted({u for u in requests_seen.urls if not u.startswith((web_server.url, "data:", "blob:"))})
    assert outside == []
