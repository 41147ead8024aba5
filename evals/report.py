"""The human report of a suite (report.md, report.html) and the files beside it.

Written for an evaluator who reads it once: headline figures first, ours beside the baseline, then
where the product goes wrong, with the answers it gave. Every rate shows its counts.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from evals.gold import TYPES
from evals.metrics import Row
from evals.perturb import Audit
from evals.render import Chart, Section, Table, to_html, to_markdown

TYPE_NAMES = {
    "table_lookup": "表格查数 table_lookup",
    "table_sum_or_ratio": "求和/比例 table_sum_or_ratio",
    "narrative": "正文叙述 narrative",
    "year_compare": "年度比较 year_compare",
    "unanswerable": "无法回答 unanswerable",
}
WORST = 25


def pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.1%}"


def num(value: float | None, digits: int = 0) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def _overview(s: dict[str, Any]) -> Section:
    base = s.get("baseline")
    header = [
        "类型 type",
        "本系统 ours",
        "基线 baseline" if base else "",
        "比值 ours/baseline" if base else "",
    ]
    header = [h for h in header if h]
    rows = []
    for kind in TYPES:
        t = s["by_type"].get(kind)
        if t is None:
            continue
        row = [TYPE_NAMES[kind], f"{pct(t['accuracy'])} ({t['right']}/{t['total']})"]
        if base:
            b = base["by_type"].get(kind, {})
            row += [
                f"{pct(b.get('accuracy'))} ({b.get('right', 0)}/{b.get('total', 0)})",
                num(t.get("ratio"), 2),
            ]
        rows.append(row)
    total = ["总体 overall", f"{pct(s['accuracy'])} ({s['right']}/{s['items']})"]
    if base:
        total += [f"{pct(base['accuracy'])} ({base['right']}/{s['items']})", num(base["ratio"], 2)]
    rows.append(total)
    kinds = [k for k in TYPES if k in s["by_type"]]
    series = {"本系统 ours": [s["by_type"][k]["accuracy"] for k in kinds] + [s["accuracy"]]}
    if base:
        series["基线 baseline"] = [base["by_type"].get(k, {}).get("accuracy") for k in kinds] + [
            base["accuracy"]
        ]
    chart = Chart("各类型准确率 accuracy by type", [*kinds, "overall"], series)
    nz = s["numeric_nonzero"]
    note = (
        f"答案为非零数字的题（{nz['total']} 题）准确率：本系统 {pct(nz['accuracy'])}"
        + (f"，基线 {pct(nz['baseline_accuracy'])}" if base else "")
        + "。答案为0的题占比高时，随手取一个0也会答对，此行排除了这种运气。"
    )
    lines = [
        f"金标准 {s['gold']}，{s['items']} 题；库中报告：{'；'.join(s['store'])}。",
        f"嵌入模型 {s['embed_model']}，LLM {'开' if s['llm'] else '关（离线组合器）'}，用时 {s.get('seconds', '—')} 秒。",
        "评分规则与 shared/tools/score_qa.py 相同：数字题 primary_figure 与 answer_number 相等（% 容差 0.05，其余 0.005）且"
        " answerable 为真；空白格题无主数字且答案说明空白；无法回答题 answerable 为假；叙述题引文或答案与证据字符重合 ≥ 0.5。",
    ]
    return Section("总览 Overview", [*lines, Table(header, rows), note, chart])


def _refusal(s: dict[str, Any]) -> Section:
    r = s["refusal"]
    header = ["", "本系统 ours"] + (["基线 baseline"] if s.get("baseline") else [])
    cols = [r] + ([s["baseline"]["refusal"]] if s.get("baseline") else [])
    rows = [
        ["拒答精确率 precision"]
        + [f"{pct(c['precision'])} ({c['correct_refusals']}/{c['refused']})" for c in cols],
        ["拒答召回率 recall"]
        + [f"{pct(c['recall'])} ({c['correct_refusals']}/{c['unanswerable_items']})" for c in cols],
        ["F1"] + [num(c["f1"], 3) for c in cols],
    ]
    blocks: list[Any] = ["拒答 = answerable 为假；正类为金标准中的无法回答题。", Table(header, rows)]
    if r["wrong_refusals"]:
        blocks.append(f"错误拒答（金标准可回答）：{', '.join(r['wrong_refusals'])}")
    return Section("拒答 Refusals", blocks)


def _retrieval(s: dict[str, Any]) -> Section:
    r = s["retrieval"]
    base = (s.get("baseline") or {}).get("retrieval")
    names = [
        ("report_at_1", "第1条来自金标准报告 report@1"),
        ("report_in_k", f"前{r['k']}条含金标准报告 report in top-k"),
        ("section_in_k", f"前{r['k']}条含证据所在章节 section in top-k"),
        ("evidence_in_k", f"前{r['k']}条含证据原句 evidence in top-k"),
    ]
    header = ["叙述题检索 narrative retrieval", f"本系统（混合检索，按机关/年份过滤） n={r['items']}"]
    header += ["基线（纯向量，不过滤）"] if base else []
    rows = [[label, pct(r[key])] + ([pct(base[key])] if base else []) for key, label in names]
    series = {"本系统 ours": [r[k] for k, _ in names]}
    if base:
        series["基线 baseline"] = [base[k] for k, _ in names]
    chart = Chart("叙述题检索命中率 retrieval hit rates", [k for k, _ in names], series)
    c = s["citation_precision"]
    cite = f"引用精确率 citation precision：{pct(c['precision'])}（{c['right']}/{c['total']} 条引用来自金标准报告，表格题且来自正确的表）。"
    return Section("检索与引用 Retrieval and citations", [Table(header, rows), chart, cite])


def _checker(s: dict[str, Any], audit: Audit | None) -> Section:
    c = s["checker"]
    total = c["supported"] + c["contradicted"] + c["unsupported"]
    rows = [
        [v, str(c[v]), pct(c[v] / total if total else None)]
        for v in ("supported", "contradicted", "unsupported")
    ]
    blocks: list[Any] = [
        f"全部答案中的数字共 {total} 个；含未被支持数字的答案 {c['answers_flagged']} 个。",
        Table(["核对结果 verdict", "数字个数", "占比"], rows),
    ]
    fa = s["false_alarms"]
    blocks.append(
        f"误报率 false alarms（判为正确的答案中未被支持的数字）：{pct(fa['rate'])}（{fa['not_supported']}/{fa['figures']}，"
        f"{fa['answers']} 个答案）。"
    )
    if fa["cases"]:
        blocks.append(
            Table(
                ["id", "数字", "verdict", "答案"],
                [[x["id"], x["figure"], x["verdict"], x["answer"]] for x in fa["cases"]],
            )
        )
    p = s.get("perturbation")
    if p:
        blocks.append(
            f"扰动审计：{p['answers_audited']} 个数字全部被支持的答案，{p['cases']} 个扰动副本，检出 {p['detected']}"
            f"（检出率 {pct(p['detection_rate'])}；目标 ≥ 99%）；证据无法复现而跳过的答案 {p['answers_skipped']} 个；"
            f"扰动后不再被识别为数字的 {p['lost']} 个。"
        )
        kinds = list(p["by_kind"])
        by_kind = [[k, f"{v['detected']}/{v['cases']}", pct(v["rate"])] for k, v in p["by_kind"].items()]
        blocks.append(Table(["扰动 corruption", "检出/总数", "检出率"], by_kind))
        blocks.append(
            Chart(
                "各扰动类型检出率 detection by corruption",
                kinds,
                {"检出率": [p["by_kind"][k]["rate"] for k in kinds]},
            )
        )
        missed = [x for x in (audit.cases if audit else []) if not x.detected]
        if missed:
            blocks.append("未检出的扰动 undetected corruptions：")
            undetected = [
                [x.item_id, x.kind, x.what, "; ".join(x.verdicts) or "（未识别为数字）", x.text]
                for x in missed
            ]
            blocks.append(Table(["id", "扰动", "改动", "核对结果", "扰动后的答案"], undetected))
    return Section("数字核对器 Numeric checker", blocks)


def _latency(s: dict[str, Any]) -> Section:
    lat, base = s["latency_ms"], (s.get("baseline") or {}).get("latency_ms")
    header = ["时延 ms", "本系统 ours"] + (["基线 baseline"] if base else [])
    rows = [[k, num(lat[k])] + ([num(base[k])] if base else []) for k in ("p50", "p95", "max")]
    extra = f"叙述题答案与金标准 answer_text 的平均字符重合：{pct(s['narrative_answer_text_overlap'])}。"
    return Section("时延 Latency", [Table(header, rows), extra])


def _want(row: Row) -> str:
    item = row.item
    if item.type == "unanswerable":
        return "应拒答 (unanswerable)"
    if item.answer_number is not None:
        return f"{item.answer_number}{item.unit or ''}"
    return item.answer_text


def _misses(rows: Sequence[Row]) -> Section:
    missed = sorted((r for r in rows if not r.verdict.ok), key=lambda r: (-r.verdict.severity, r.item.id))
    table = []
    for r in missed[:WORST]:
        a = r.answer or {}
        figs = ", ".join(f"{f['text']}:{f['verdict']}" for f in a.get("figures") or [])
        primary = a.get("primary_figure")
        shown = "—" if primary is None else f"{primary['value']}{primary['unit']}"
        detail = f"answerable={a.get('answerable')} mode={a.get('mode')} {figs}"
        table.append(
            [
                r.item.id,
                r.item.type,
                r.item.question,
                _want(r),
                r.verdict.why,
                r.error or a.get("answer", ""),
                shown,
                detail,
            ]
        )
    header = ["id", "type", "问题", "应答", "评分", "本系统答案", "主数字", "细节"]
    lead = f"共 {len(missed)} 题未答对；按严重程度排序（答错数字 > 答了不该答的 > 拒答/答非所问），列出前 {min(WORST, len(missed))} 题。"
    return Section("最差的未命中 Worst misses", [lead, Table(header, table)] if missed else ["全部答对。"])


def build_sections(summary: dict[str, Any], rows: Sequence[Row], audit: Audit | None) -> list[Section]:
    return [
        _overview(summary),
        _refusal(summary),
        _retrieval(summary),
        _checker(summary, audit),
        _latency(summary),
        _misses(rows),
    ]


def write_outputs(
    out_dir: Path, summary: dict[str, Any], rows: Sequence[Row], audit: Audit | None
) -> dict[str, Path]:
    """results.jsonl, summary.json, report.md, report.html (and perturb.jsonl): name -> path."""
    out_dir.mkdir(parents=True, exist_ok=True)
    files = {name: out_dir / name for name in ("results.jsonl", "summary.json", "report.md", "report.html")}
    with files["results.jsonl"].open("w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row.to_json(), ensure_ascii=False, default=str) + "\n")
    files["summary.json"].write_text(
        json.dumps(summary, ensure_ascii=False, indent=1, default=str), encoding="utf-8"
    )
    title = f"nianbao 问答评测报告 — {Path(summary['gold']).name}"
    sections = build_sections(summary, rows, audit)
    files["report.md"].write_text(to_markdown(title, sections), encoding="utf-8")
    files["report.html"].write_text(to_html(title, sections), encoding="utf-8")
    if audit is not None:
        files["perturb.jsonl"] = out_dir / "perturb.jsonl"
        with files["perturb.jsonl"].open("w", encoding="utf-8") as f:
            for case in audit.cases:
                f.write(json.dumps(case.to_json(), ensure_ascii=False) + "\n")
    return files
