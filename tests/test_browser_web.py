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


def _context(browser, requests_seen: Requests):  # type: ignore[no-untyped-def]
    context = browser.new_context(locale="zh-CN", viewport={"width": 1400, "height": 1000})
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


@pytest.fixture(scope="module")
def staff_page(browser, web_server, requests_seen):  # type: ignore[no-untyped-def]
    context = _context(browser, requests_seen)
    page = context.new_page()
    page.goto(web_server.url + "/login?next=/")
    page.fill("#name", web_server.STAFF[0])
    page.fill("#password", web_server.STAFF[1])
    page.click("button[type=submit]")
    page.wait_for_selector("#nb-question textarea")
    page.get_by_text("已登录：staff1").wait_for()
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


def test_unanswerable_question_is_refused(public_page) -> None:  # type: ignore[no-untyped-def]
    card = ask(public_page, "高青县公安局2024年食堂伙食费支出多少万元？")
    assert card.locator(".nb-refusal").is_visible()
    assert "无法回答" in card.inner_text()
    assert card.locator(".nb-fig").count() == 0


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


def test_staff_tabs_refuse_anonymous_users(public_page, web_server) -> None:  # type: ignore[no-untyped-def]
    for tab in ("答复档案", "依申请公开统计", "年报管理", "评测"):
        open_tab(public_page, tab)
        public_page.locator(".nb-locked:visible", has_text="需要登录").wait_for()
    assert (
        public_page.locator("#nb-archive-table").count() == 0
        or not public_page.locator("#nb-archive-table").is_visible()
    )
    open_tab(public_page, "答复档案")
    public_page.screenshot(path=str(ARTIFACTS / "archive_anonymous.png"))
    assert public_page.request.get(web_server.url + "/api/answers").status == 401
    open_tab(public_page, "公众问答")


def test_staff_sees_the_archive_with_the_question(staff_page) -> None:  # type: ignore[no-untyped-def]
    open_tab(staff_page, "答复档案")
    table = staff_page.locator("#nb-archive-table")
    visible_text(table, SEED_QUESTION).wait_for()
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


def test_upload_a_report_then_ask_about_it(staff_page) -> None:  # type: ignore[no-untyped-def]
    from helpers.reports import report_path

    pdf = report_path("hongze_district_2024.pdf")
    open_tab(staff_page, "年报管理")
    staff_page.locator("#nb-upload input[type=file]").set_input_files(str(pdf))
    visible_text(staff_page.locator("#nb-upload"), pdf.name).wait_for()
    staff_page.click("#nb-upload-run")
    log = staff_page.locator("#nb-upload-log textarea")
    staff_page.wait_for_function(
        "() => (document.querySelector('#nb-upload-log textarea')?.value || '').includes('完成')",
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
    visible_text(staff_page.locator("#nb-eval-upload"), "mini.jsonl").wait_for()
    staff_page.click("#nb-eval-run")
    staff_page.locator("#nb-eval-status").get_by_text("总体准确率").wait_for(timeout=120_000)
    assert "100.0%" in staff_page.locator("#nb-eval-status").inner_text()
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
