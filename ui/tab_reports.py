"""年报管理 (staff): upload reports and watch them ingest; per report its metadata, tables in the
official layout and consistency findings; delete or re-ingest.

Uploaded files are kept in `data_dir/uploads/` so that a report can be re-ingested later (e.g. after
a parser fix); corpus reports are found in `settings.corpus_dir`.
"""

from __future__ import annotations

import hashlib
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import gradio as gr

from ingest.load import SUPPORTED_EXTENSIONS
from ingest.pipeline import ingest_file
from ingest.records import IngestOutcome, StoredReport
from ui.auth import STAFF_ROLES, User
from ui.cli_format import outcome_line
from ui.gates import Gate, require
from ui.report_view import report_detail

if TYPE_CHECKING:
    from ui.context import AppContext

HEADERS = ["机关", "年度", "格式", "文件", "检索块", "导入时间（UTC）"]


def _label(r: StoredReport) -> str:
    return f"{r.agency} {r.year}年 · {r.source_name}"


def _choices(reports: list[StoredReport]) -> list[tuple[str, str]]:
    return [(_label(r), r.id) for r in reports]


def _table(reports: list[StoredReport]) -> list[list[Any]]:
    return [
        [r.agency, r.year, r.fmt, r.source_name, r.n_chunks, r.ingested_at[:19].replace("T", " ")]
        for r in reports
    ]


def keep_upload(src: Path, uploads: Path) -> Path:
    """Copy an upload into `uploads/` under its own name (a different file of the same name gets
    its hash appended, so an earlier report's source is never overwritten)."""
    uploads.mkdir(parents=True, exist_ok=True)
    target = uploads / Path(src.name).name
    if target.exists() and target.read_bytes() != src.read_bytes():
        digest = hashlib.sha256(src.read_bytes()).hexdigest()[:8]
        target = uploads / f"{target.stem}-{digest}{target.suffix}"
    shutil.copyfile(src, target)
    return target


def upload_summary(lines: list[str], files: int) -> str:
    """The last line of the upload log; it points to the chat only when something new was stored."""
    done = sum(line.startswith("✓") for line in lines)
    then = "现在可以在「公众问答」中提问。" if done else "库中的报告没有变化。"
    return f"完成：{done}/{files} 个文件已导入。{then}"


def source_file(ctx: AppContext, stored: StoredReport) -> Path | None:
    for folder in (Path(ctx.settings.data_dir) / "uploads", Path(ctx.settings.corpus_dir)):
        candidate = folder / stored.source_name
        if candidate.is_file():
            return candidate
    return None


def ingest_with_ticks(ctx: AppContext, path: Path) -> Iterator[IngestOutcome | float]:
    """Ingest in a worker thread; yields the seconds elapsed every second, then the outcome."""
    result: list[IngestOutcome] = []
    worker = threading.Thread(target=lambda: result.append(ingest_file(path, ctx.stores)), daemon=True)
    started = time.monotonic()
    worker.start()
    while worker.is_alive():
        worker.join(1.0)
        if worker.is_alive():
            yield time.monotonic() - started
    yield result[0] if result else IngestOutcome(str(path), "failed", message="导入中断")


def build_reports_tab(ctx: AppContext, gate: Gate) -> None:
    sql = ctx.stores.sql
    uploads = Path(ctx.settings.data_dir) / "uploads"
    with gr.Row(equal_height=False):
        with gr.Column(scale=2):
            files = gr.File(
                label=f"上传年报（{' '.join(sorted(set(SUPPORTED_EXTENSIONS)))}）",
                file_count="multiple",
                file_types=sorted(SUPPORTED_EXTENSIONS),
                elem_id="nb-upload",
            )
            upload = gr.Button("导入", variant="primary", elem_id="nb-upload-run")
        with gr.Column(scale=3):
            log = gr.Textbox(
                label="导入进度", lines=6, max_lines=14, interactive=False, elem_id="nb-upload-log"
            )
    reports_table = gr.Dataframe(
        headers=HEADERS, interactive=False, wrap=True, max_height=260, elem_id="nb-reports-table"
    )
    with gr.Row():
        choice = gr.Dropdown([], label="查看报告", scale=4, elem_id="nb-report-choice")
        show_passed = gr.Checkbox(label="列出已成立的勾稽关系", value=False, scale=1)
    with gr.Row():
        reingest = gr.Button("重新导入", scale=1)
        confirm = gr.Checkbox(label="确认删除", value=False, scale=1)
        delete = gr.Button("删除", variant="stop", scale=1)
        action = gr.Markdown()
    with gr.Tabs():
        with gr.Tab("基本信息"):
            meta = gr.HTML()
        with gr.Tab("表格（按官方格式）"):
            tables = gr.HTML(elem_id="nb-official")
        with gr.Tab("勾稽关系"):
            findings = gr.HTML(elem_id="nb-findings")

    def listing(selected: str | None = None) -> tuple[Any, Any]:
        reports = sql.list_reports()
        ids = {r.id for r in reports}
        value = selected if selected in ids else (reports[0].id if reports else None)
        return _table(reports), gr.update(choices=_choices(reports), value=value)

    def show(report_id: str | None, passed: bool, request: gr.Request) -> tuple[str, str, str]:
        require(ctx, request, STAFF_ROLES)
        if not report_id:
            return "<p>请选择一份报告。</p>", "", ""
        report = sql.get_report(report_id)
        if report is None:
            return "<p>这份报告已不在库中。</p>", "", ""
        stored = next((r for r in sql.list_reports() if r.id == report_id), None)
        return report_detail(report, stored, passed)

    def do_upload(paths: list[str] | None, request: gr.Request) -> Iterator[tuple[str, Any, Any]]:
        require(ctx, request, STAFF_ROLES)
        if not paths:
            yield "请先选择要上传的文件。", gr.update(), gr.update()
            return
        lines: list[str] = []
        last_id = None
        for raw in paths:
            src = Path(raw)
            kept = keep_upload(src, uploads)
            head = f"{src.name}（{src.stat().st_size / 1024:.0f} KB）：正在读取、解析、检索入库……"
            for tick in ingest_with_ticks(ctx, kept):
                if isinstance(tick, float):
                    yield "\n".join([*lines, f"{head}已用 {tick:.0f} 秒"]), gr.update(), gr.update()
                else:
                    lines.append(outcome_line(tick).replace(str(kept), src.name))
                    last_id = tick.report_id or last_id
                    if tick.status == "failed":
                        kept.unlink(missing_ok=True)
        ctx.reports_changed()
        lines.append(upload_summary(lines, len(paths)))
        yield "\n".join(lines), *listing(last_id)

    def do_reingest(report_id: str | None, request: gr.Request) -> Iterator[tuple[str, Any, Any]]:
        require(ctx, request, STAFF_ROLES)
        stored = next((r for r in sql.list_reports() if r.id == report_id), None)
        if stored is None:
            yield "请先选择一份报告。", gr.update(), gr.update()
            return
        path = source_file(ctx, stored)
        if path is None:
            yield f"服务器上找不到原文件 {stored.source_name}，请重新上传。", gr.update(), gr.update()
            return
        ctx.stores.delete_report(stored.id)
        outcome: IngestOutcome | None = None
        for tick in ingest_with_ticks(ctx, path):
            if isinstance(tick, float):
                yield f"正在重新导入 {stored.source_name}……已用 {tick:.0f} 秒", gr.update(), gr.update()
            else:
                outcome = tick
        ctx.reports_changed()
        assert outcome is not None
        yield outcome_line(outcome).replace(str(path), stored.source_name), *listing(outcome.report_id)

    def do_delete(report_id: str | None, sure: bool, request: gr.Request) -> tuple[str, Any, Any, bool]:
        require(ctx, request, STAFF_ROLES)
        stored = next((r for r in sql.list_reports() if r.id == report_id), None)
        if stored is None:
            return "请先选择一份报告。", gr.update(), gr.update(), False
        if not sure:
            return "删除前请先勾选「确认删除」。", gr.update(), gr.update(), False
        ctx.stores.delete_report(stored.id)
        ctx.reports_changed()
        return f"已删除：{_label(stored)}。", *listing(), False

    private: dict[str, Any] = {"api_visibility": "private"}
    detail_outputs = [meta, tables, findings]
    upload.click(do_upload, [files], [log, reports_table, choice], **private)
    choice.change(show, [choice, show_passed], detail_outputs, **private)
    show_passed.change(show, [choice, show_passed], detail_outputs, **private)
    reingest.click(do_reingest, [choice], [action, reports_table, choice], **private)
    delete.click(do_delete, [choice, confirm], [action, reports_table, choice, confirm], **private)

    def load(user: User) -> list[Any]:
        return list(listing())

    gate.loaders.append(([reports_table, choice], load))
