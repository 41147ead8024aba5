"""评测 (evaluators, staff): run the QA suite (`evals.runner.run_suite`) on a gold file over the live
store, with a progress bar; accuracy by type, latency distribution, per-item results, downloads.

The run reads the store and logs nothing (the runner asks with record=False). One run at a time per
process. The checker audit corrupts each answer's figures and re-checks them against the evidence the
answer carries (`Answer.evidence`), so it touches nothing the citizens' questions use.
"""

from __future__ import annotations

import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import gradio as gr
import pandas as pd

from ui.auth import EVAL_ROLES, User
from ui.gates import Gate, require
from ui.render import esc

if TYPE_CHECKING:
    from ui.context import AppContext

TYPE_LABELS = {
    "table_lookup": "表格查数",
    "table_sum_or_ratio": "求和/比例",
    "narrative": "正文叙述",
    "year_compare": "年度比较",
    "unanswerable": "无法回答",
}
RESULT_HEADERS = ["编号", "类型", "问题", "金标准", "系统答案", "结果", "时延(ms)"]
RESULT_WIDTHS = ["11%", "9%", "30%", "13%", "13%", "15%", "9%"]  # fits 1280 px; long text wraps
_RUNNING = threading.Lock()


def gold_files(ctx: AppContext) -> list[tuple[str, str]]:
    """Packaged gold files and those an operator put in `data_dir/gold/`."""
    from evals.gold import SEED_GOLD

    folders = [SEED_GOLD.parent, Path(ctx.settings.data_dir) / "gold"]
    found = [p for folder in folders if folder.is_dir() for p in sorted(folder.glob("*.jsonl"))]
    return [(f"{p.name}（{'内置' if p.parent == SEED_GOLD.parent else '数据目录'}）", str(p)) for p in found]


def _want(item: dict[str, Any]) -> str:
    if item.get("type") == "unanswerable":
        return "应拒答"
    if item.get("answer_number") is not None:
        return f"{item['answer_number']}{item.get('unit') or ''}"
    return str(item.get("answer_text", ""))[:60]


def _got(answer: dict[str, Any] | None) -> str:
    if not answer:
        return "（无答案）"
    if not answer.get("answerable"):
        return "拒答"
    primary = answer.get("primary_figure")
    if primary:
        return f"{primary.get('value')}{primary.get('unit') or ''}"
    return str(answer.get("answer", ""))[:60]


LATENCY_BINS: tuple[tuple[float, str], ...] = (
    (50, "<50ms"),
    (100, "50–100ms"),
    (250, "100–250ms"),
    (500, "250–500ms"),
    (1000, "0.5–1s"),
    (2000, "1–2s"),
    (5000, "2–5s"),
    (float("inf"), "≥5s"),
)


def latency_histogram(latencies_ms: list[float]) -> list[dict[str, Any]]:
    """Questions per latency band (every band listed, so the axis is the same from run to run)."""
    counts = dict.fromkeys((label for _, label in LATENCY_BINS), 0)
    for ms in latencies_ms:
        counts[next(label for upper, label in LATENCY_BINS if ms < upper)] += 1
    return [{"时延": label, "题数": n} for label, n in counts.items()]


def result_tables(
    summary: dict[str, Any], rows: list[Any]
) -> tuple[str, pd.DataFrame, pd.DataFrame, list[list[Any]]]:
    """(headline markdown, accuracy-by-type frame, latency frame, per-item rows) — formatting only."""
    acc = summary.get("accuracy")
    head = (
        f"**总体准确率 {acc:.1%}**（{summary['right']}/{summary['items']}），用时 {summary.get('seconds')} 秒"
        if acc is not None
        else f"共 {summary['items']} 题"
    )
    lat = summary.get("latency_ms") or {}
    head += f"；时延 p50 {lat.get('p50') or 0:.0f} ms，p95 {lat.get('p95') or 0:.0f} ms"
    base = summary.get("baseline")
    if base and base.get("accuracy") is not None:
        head += f"；基线（纯向量检索）准确率 {base['accuracy']:.1%}"
    audit = summary.get("perturbation")
    if audit and audit.get("detection_rate") is not None:
        head += f"；核对器审计：篡改数字检出 {audit['detected']}/{audit['cases']}（{audit['detection_rate']:.1%}）"
    by_type = [
        {"类型": TYPE_LABELS.get(k, k), "准确率(%)": round(100 * (v["accuracy"] or 0), 1), "题数": v["total"]}
        for k, v in summary.get("by_type", {}).items()
    ]
    latencies = latency_histogram([float(r.answer["latency_ms"]) for r in rows if r.answer])
    items = [
        [
            r.item.id,
            TYPE_LABELS.get(r.item.type, r.item.type),
            r.item.question,
            _want(r.item.raw),
            _got(r.answer),
            "✓" if r.verdict.ok else f"✗ {r.verdict.why}",
            round(float(r.answer["latency_ms"])) if r.answer else "",
        ]
        for r in rows
    ]
    return head, pd.DataFrame(by_type), pd.DataFrame(latencies), items


def build_eval_tab(ctx: AppContext, gate: Gate) -> None:
    gr.Markdown(
        "用金标准问题集（JSON Lines，格式见项目文档 docs/gold-format.md）测试当前库中的问答质量。"
        "评测不写入答复档案。"
    )
    with gr.Row():
        gold = gr.Dropdown([], label="金标准文件", scale=3, elem_id="nb-eval-gold")
        upload = gr.File(
            label="或上传 JSONL", file_types=[".jsonl"], scale=2, height=140, elem_id="nb-eval-upload"
        )
    with gr.Row():
        baseline = gr.Checkbox(label="同时运行纯向量检索基线（较慢）", value=False)
        perturb = gr.Checkbox(label="核对器审计（扰动答案中的数字）", value=True)
        run = gr.Button("开始评测", variant="primary", elem_id="nb-eval-run")
    status = gr.Markdown(elem_id="nb-eval-status")
    with gr.Row():
        by_type = gr.BarPlot(x="类型", y="准确率(%)", title="各类题目准确率", y_lim=[0, 100], height=300)
        latency = gr.BarPlot(
            x="时延", y="题数", title="时延分布", sort=[label for _, label in LATENCY_BINS], height=300
        )
    items = gr.Dataframe(
        headers=RESULT_HEADERS,
        interactive=False,
        wrap=True,
        column_widths=RESULT_WIDTHS,
        max_height=420,
        elem_id="nb-eval-items",
        elem_classes="nb-fit",
    )
    downloads = gr.File(
        label="下载结果（results.jsonl、summary.json、report.md、report.html）", file_count="multiple"
    )

    def do_run(
        choice: str | None,
        uploaded: str | None,
        with_baseline: bool,
        with_perturb: bool,
        request: gr.Request,
        progress: gr.Progress = gr.Progress(),  # noqa: B008 - gradio's way of asking for a progress bar
    ) -> Iterator[tuple[Any, ...]]:
        require(ctx, request, EVAL_ROLES)
        from evals.runner import run_suite

        path = uploaded or choice
        if not path:
            yield "请选择或上传一个金标准文件。", gr.update(), gr.update(), gr.update(), gr.update()
            return
        if not _RUNNING.acquire(blocking=False):
            yield "已有一个评测正在运行，请稍后再试。", gr.update(), gr.update(), gr.update(), gr.update()
            return
        try:
            state: dict[str, Any] = {"done": 0, "total": 0, "message": "准备中"}
            outcome: dict[str, Any] = {}

            def report(done: int, total: int, message: str) -> None:
                state.update(done=done, total=total, message=message)

            def work() -> None:
                try:
                    outcome["result"] = run_suite(
                        ctx.settings, Path(path), out_dir=Path(tempfile.mkdtemp(prefix="nianbao-eval-")),
                        baseline=with_baseline, perturb=with_perturb, progress=report, stores=ctx.stores,
                    )  # fmt: skip
                except Exception as exc:  # shown as a message; the log keeps the traceback
                    outcome["error"] = exc

            worker = threading.Thread(target=work, daemon=True)
            worker.start()
            started = time.monotonic()
            while worker.is_alive():
                worker.join(0.5)
                done, total = state["done"], state["total"]
                if total:
                    progress((done, total), desc=f"{done}/{total} {state['message'][:40]}")
                text = f"评测进行中：{done}/{total or '?'} 题，已用 {time.monotonic() - started:.0f} 秒"
                yield text, gr.update(), gr.update(), gr.update(), gr.update()
        finally:
            _RUNNING.release()
        name = Path(path).name  # the uploader's choice: shown as text, not as Markdown
        if "error" in outcome:
            why = esc(str(outcome["error"]).replace(str(path), name))
            yield f"评测未能完成：{why}", gr.update(), gr.update(), gr.update(), gr.update()
            return
        result = outcome["result"]
        head, frame_type, frame_latency, rows = result_tables(result.summary, result.rows)
        head = f"金标准 {esc(name)}：{head}"
        files = [str(p) for p in result.files.values()]
        yield head, frame_type, frame_latency, rows, gr.update(value=files, visible=True)

    run.click(
        do_run,
        [gold, upload, baseline, perturb],
        [status, by_type, latency, items, downloads],
        api_visibility="private",
    )

    def load(user: User) -> list[Any]:
        choices = gold_files(ctx)
        return [gr.update(choices=choices, value=choices[0][1] if choices else None)]

    gate.loaders.append(([gold], load))
