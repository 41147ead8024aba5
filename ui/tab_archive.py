"""答复档案 (staff): every answer the service gave — search, open with full provenance, mark, export."""

from __future__ import annotations

import html
import json
from typing import TYPE_CHECKING, Any

import gradio as gr

from ingest.errors import StoreError
from ingest.records import StoredAnswer
from ingest.store.answers import UNMARKED
from ui.answer_log import settled
from ui.auth import STAFF_ROLES, User
from ui.exports import ANSWER_CSV_COLUMNS, answer_row, csv_text, gold_jsonl, write_temp
from ui.gates import Gate, require
from ui.render import VERDICT_NAMES, answer_html

if TYPE_CHECKING:
    from ui.context import AppContext

ALL = "全部"
MARKS = {"全部": None, "未复核": UNMARKED, "正确": "correct", "错误": "incorrect"}
MARK_NAMES = {"correct": "✓ 正确", "incorrect": "✗ 错误", None: ""}
VERDICTS = {ALL: None, **{name: key for key, name in VERDICT_NAMES.items()}}
HEADERS = ["编号", "时间（UTC）", "问题", "机关", "年度", "核对", "渠道", "复核"]
# fit 1280 px without clipping the right-hand columns: the question wraps, the short ones stay narrow
WIDTHS = ["6%", "13%", "33%", "17%", "6%", "11%", "6%", "8%"]
EXPORT_LIMIT = 100_000
BAD_ID = "请输入有效的答复编号（正整数）。"


def answer_id_of(value: Any) -> int | None:
    """The clicked row's 编号 as an id SQLite can look up, or None (empty, fractional, or too large)."""
    if isinstance(value, str):
        value = int(value) if value.strip().isdigit() else None
    try:
        number = int(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return number if 0 < number < 2**63 and number == value else None


def year_of(value: Any) -> int | None:
    """The 年度 filter (free text allowed) as a year; anything else means all years."""
    text = str(value or "").strip()
    return int(text) if text.isdigit() and len(text) == 4 else None


def _table(rows: list[StoredAnswer]) -> list[list[Any]]:
    return [
        [
            a.id,
            a.created_at[:19].replace("T", " "),
            a.question if len(a.question) <= 80 else a.question[:80] + "…",
            a.agency or "",
            a.year or "",
            VERDICT_NAMES.get(a.verdict, a.verdict),
            a.channel,
            MARK_NAMES.get(a.review_mark, ""),
        ]
        for a in rows
    ]


def detail_html(a: StoredAnswer) -> str:
    """The archived answer with its provenance, as the citizen saw it plus the review state."""
    data = json.loads(a.answer_json)
    review = (
        f"复核：{MARK_NAMES.get(a.review_mark, '')}（{html.escape(a.reviewed_by or '')}，"
        f"{html.escape((a.reviewed_at or '')[:19])}）{html.escape(a.review_note or '')}"
        if a.review_mark
        else "复核：尚未复核"
    )
    return (
        f'<div class="nb-detail"><p><b>第 {a.id} 号答复</b> · {html.escape(a.created_at[:19])} UTC · '
        f"渠道 {html.escape(a.channel)} · 核对结果：{html.escape(VERDICT_NAMES.get(a.verdict, a.verdict))}</p>"
        f"<p><b>问题：</b>{html.escape(a.question)}</p>{answer_html(data)}<p>{review}</p></div>"
    )


def build_archive_tab(ctx: AppContext, gate: Gate) -> None:
    sql = ctx.stores.sql
    with gr.Row():
        text = gr.Textbox(label="关键词（问题或答复中）", scale=3, elem_id="nb-archive-text")
        agency = gr.Dropdown([ALL], value=ALL, label="机关", scale=2, allow_custom_value=True)
        year = gr.Dropdown([ALL], value=ALL, label="年度", scale=1, allow_custom_value=True)
        verdict = gr.Dropdown(list(VERDICTS), value=ALL, label="核对结果", scale=1)
        mark = gr.Dropdown(list(MARKS), value="全部", label="复核", scale=1)
    with gr.Row():
        date_from = gr.Textbox(label="起始日期（YYYY-MM-DD）", scale=1)
        date_to = gr.Textbox(label="截止日期（YYYY-MM-DD）", scale=1)
        search = gr.Button("查询", variant="primary", scale=1, elem_id="nb-archive-search")
        export_csv = gr.Button("导出CSV", scale=1)
        export_gold = gr.Button("导出金标准JSONL", scale=1)
    status = gr.Markdown()
    downloads = gr.File(label="下载", visible=False, file_count="multiple", interactive=False)
    results = gr.Dataframe(
        headers=HEADERS,
        interactive=False,
        wrap=True,
        column_widths=WIDTHS,
        elem_id="nb-archive-table",
        elem_classes="nb-fit",
        max_height=380,
    )
    answer_id = gr.State(None)  # the row clicked last
    with gr.Row(equal_height=False):
        with gr.Column(scale=3):
            detail = gr.HTML("<p>点击表格中的一行，查看该答复的详情。</p>", elem_id="nb-archive-detail")
            with gr.Accordion("完整答复JSON", open=False):
                raw = gr.JSON()
        with gr.Column(scale=2):
            review = gr.Radio(["正确", "错误", "清除标记"], label="复核标记")
            note = gr.Textbox(label="备注（例如正确答案应为多少、依据）", lines=3)
            save = gr.Button("保存复核", variant="primary")
            saved = gr.Markdown()

    filters = [text, agency, year, verdict, mark, date_from, date_to]

    def query(args: tuple[Any, ...], limit: int = 200) -> list[StoredAnswer]:
        t, ag, yr, vd, mk, d1, d2 = args
        settled(ctx)
        return sql.search_answers(
            text=(t or "").strip() or None,
            agency=None if ag in (None, "", ALL) else ag,
            year=year_of(yr),
            verdict=VERDICTS.get(vd),
            date_from=(d1 or "").strip() or None,
            date_to=(d2 or "").strip() or None,
            mark=MARKS.get(mk),
            limit=limit,
        )

    # gradio injects gr.Request only into a named parameter, so the filters are spelled out
    def do_search(
        t: str, ag: str, yr: Any, vd: str, mk: str, d1: str, d2: str, request: gr.Request
    ) -> tuple[Any, str]:
        require(ctx, request, STAFF_ROLES)
        args = (t, ag, yr, vd, mk, d1, d2)
        try:
            rows = query(args)
        except StoreError as exc:
            raise gr.Error(f"查询条件有误：{exc}", print_exception=False) from exc
        more = "（只显示最近200条，请加筛选条件）" if len(rows) >= 200 else ""
        return _table(rows), f"共 {len(rows)} 条答复{more}。点击一行查看详情。"

    def do_open(value: Any, request: gr.Request) -> tuple[str, Any, Any, str]:
        require(ctx, request, STAFF_ROLES)
        if value in (None, ""):
            return "<p>点击表格中的一行，查看该答复的详情。</p>", None, None, ""
        answer_id = answer_id_of(value)
        if answer_id is None:
            return f"<p>{BAD_ID}</p>", None, None, ""
        settled(ctx)
        found = sql.get_answer(answer_id)
        if found is None:
            return f"<p>没有第 {answer_id} 号答复。</p>", None, None, ""
        choice = {"correct": "正确", "incorrect": "错误"}.get(found.review_mark or "")
        return detail_html(found), json.loads(found.answer_json), choice, found.review_note or ""

    def on_select(evt: gr.SelectData) -> Any:
        row = evt.row_value or []
        return row[0] if row else gr.update()

    def do_save(value: Any, choice: str | None, text_note: str, request: gr.Request) -> tuple[str, Any]:
        user = require(ctx, request, STAFF_ROLES)
        if value in (None, ""):
            return "请先在表格中点击一个答复。", gr.update()
        answer_id = answer_id_of(value)
        if answer_id is None:
            return BAD_ID, gr.update()
        if choice is None:
            return "请选择「正确」「错误」或「清除标记」。", gr.update()
        mark_value = {"正确": "correct", "错误": "incorrect"}.get(choice)
        try:
            sql.mark_answer(answer_id, mark_value, (text_note or "")[:2000], by=user.name)
        except StoreError:
            return f"没有第 {answer_id} 号答复。", gr.update()
        found = sql.get_answer(answer_id)
        return f"已保存：第 {answer_id} 号答复标记为「{choice}」。", detail_html(found) if found else ""

    def do_export_csv(
        t: str, ag: str, yr: Any, vd: str, mk: str, d1: str, d2: str, request: gr.Request
    ) -> Any:
        require(ctx, request, STAFF_ROLES)
        args = (t, ag, yr, vd, mk, d1, d2)
        rows = [answer_row(a) for a in query(args, limit=EXPORT_LIMIT)]
        path = write_temp("nianbao_answers.csv", csv_text(rows, ANSWER_CSV_COLUMNS))
        return gr.update(value=[path], visible=True), f"已导出 {len(rows)} 条答复（CSV）。"

    def do_export_gold(
        t: str, ag: str, yr: Any, vd: str, mk: str, d1: str, d2: str, request: gr.Request
    ) -> Any:
        require(ctx, request, STAFF_ROLES)
        args = (t, ag, yr, vd, mk, d1, d2)
        answers = query(args, limit=EXPORT_LIMIT)
        names = {r.id: r.source_name for r in sql.list_reports()}
        text_out, written, skipped = gold_jsonl(answers, names)
        path = write_temp("nianbao_gold.jsonl", text_out)
        return (
            gr.update(value=[path], visible=True),
            f"已导出 {written} 条标记为「正确」的答复为金标准；{skipped} 条（错误或未复核）未导出。",
        )

    private: dict[str, Any] = {"api_visibility": "private"}
    search.click(do_search, filters, [results, status], **private)
    text.submit(do_search, filters, [results, status], **private)
    results.select(on_select, None, [answer_id], **private).then(
        do_open, [answer_id], [detail, raw, review, note], **private
    )
    save.click(do_save, [answer_id, review, note], [saved, detail], **private).then(
        do_search, filters, [results, status], **private
    )
    export_csv.click(do_export_csv, filters, [downloads, status], **private)
    export_gold.click(do_export_gold, filters, [downloads, status], **private)

    def load(user: User) -> list[Any]:
        reports = sql.list_reports()
        agencies = [ALL, *sorted({r.agency for r in reports})]
        years = [ALL, *sorted({str(r.year) for r in reports}, reverse=True)]
        settled(ctx)
        rows = sql.search_answers(limit=200)
        return [
            gr.update(choices=agencies),
            gr.update(choices=years),
            _table(rows),
            f"最近 {len(rows)} 条答复。",
        ]

    gate.loaders.append(([agency, year, results, status], load))
