"""依申请公开统计 (staff): table 3 across agencies and years — table, chart, rates, CSV/XLSX export."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

import gradio as gr
import pandas as pd

from ingest import schema
from ui.auth import STAFF_ROLES, User
from ui.exports import csv_text, write_temp, xlsx_bytes
from ui.gates import Gate, require
from ui.stats import CHART_OUTCOMES, chart_records, display_table, export_table, stat_rows

if TYPE_CHECKING:
    from ui.context import AppContext

OUTCOME_COLORS = {
    "予以公开": "#16a34a",
    "部分公开": "#84cc16",
    "不予公开": "#dc2626",
    "无法提供": "#f59e0b",
    "不予处理": "#6b7280",
    "其他处理": "#8b5cf6",
}


def table_html(headers: list[str], rows: list[list[str]], footnotes: list[str]) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="{"" if i < 2 else "num"}">{html.escape(str(v))}</td>' for i, v in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    notes = "".join(f"<li>[{i}] {html.escape(n)}</li>" for i, n in enumerate(footnotes, 1))
    return (
        f'<table class="nb-table" id="nb-stats-table"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'
        '<p class="nb-note">“—”表示报告未填写（空白），不按0处理。公开率 =（予以公开 + 部分公开）÷ 办理总计；'
        "不予公开率、无法提供率同理。</p>"
        + (f'<ol class="nb-note" style="list-style:none">{notes}</ol>' if notes else "")
    )


def build_stats_tab(ctx: AppContext, gate: Gate) -> None:
    sql = ctx.stores.sql
    gr.Markdown(f"#### {schema.TABLE_TITLES[schema.TABLE_APPLICATIONS]}（各报告“总计”列）")
    with gr.Row():
        agencies = gr.Dropdown([], multiselect=True, label="机关（不选 = 全部）", scale=3)
        years = gr.Dropdown([], multiselect=True, label="年度（不选 = 全部）", scale=2)
        refresh = gr.Button("统计", variant="primary", scale=1, elem_id="nb-stats-run")
        to_csv = gr.Button("导出CSV", scale=1)
        to_xlsx = gr.Button("导出XLSX", scale=1)
    downloads = gr.File(label="下载", visible=False, interactive=False)
    table = gr.HTML(elem_id="nb-stats")
    chart = gr.BarPlot(
        x="报告",
        y="件数",
        color="办理结果",
        color_map=OUTCOME_COLORS,
        title="各报告办理结果构成",
        x_title="报告",
        y_title="件数",
        x_label_angle=0,
        height=360,
        elem_id="nb-stats-chart",
        sort="x",
    )

    def selected(ag: list[str] | None, yr: list[str] | None) -> list[Any]:
        return stat_rows(
            sql.cells(table=schema.TABLE_APPLICATIONS),
            list(ag or []) or None,
            [int(y) for y in yr or []] or None,
        )

    def run(ag: list[str] | None, yr: list[str] | None, request: gr.Request) -> tuple[str, Any]:
        require(ctx, request, STAFF_ROLES)
        return _render(selected(ag, yr))

    def _render(rows: list[Any]) -> tuple[str, Any]:
        if not rows:
            return "<p>没有符合条件的报告。</p>", pd.DataFrame(columns=["报告", "办理结果", "件数"])
        frame = pd.DataFrame(chart_records(rows), columns=["报告", "办理结果", "件数"])
        frame["办理结果"] = pd.Categorical(frame["办理结果"], categories=list(CHART_OUTCOMES))
        return table_html(*display_table(rows)), frame

    def export(kind: str, ag: list[str] | None, yr: list[str] | None, request: gr.Request) -> Any:
        require(ctx, request, STAFF_ROLES)
        headers, rows = export_table(selected(ag, yr))
        if kind == "csv":
            records = [dict(zip(headers, r, strict=True)) for r in rows]
            path = write_temp("nianbao_applications.csv", csv_text(records, headers))
        else:
            path = write_temp("nianbao_applications.xlsx", xlsx_bytes({"表三统计": (headers, rows)}))
        return gr.update(value=path, visible=True)

    private: dict[str, Any] = {"api_visibility": "private"}
    refresh.click(run, [agencies, years], [table, chart], **private)

    def export_csv(ag: list[str] | None, yr: list[str] | None, request: gr.Request) -> Any:
        return export("csv", ag, yr, request)

    def export_xlsx(ag: list[str] | None, yr: list[str] | None, request: gr.Request) -> Any:
        return export("xlsx", ag, yr, request)

    to_csv.click(export_csv, [agencies, years], [downloads], **private)
    to_xlsx.click(export_xlsx, [agencies, years], [downloads], **private)

    def load(user: User) -> list[Any]:
        reports = sql.list_reports()
        html_table, frame = _render(selected(None, None))
        return [
            gr.update(choices=sorted({r.agency for r in reports})),
            gr.update(choices=sorted({str(r.year) for r in reports})),
            html_table,
            frame,
        ]

    gate.loaders.append(([agencies, years, table, chart], load))
