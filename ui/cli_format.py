"""Plain-text renderings for the terminal: a parsed report, its audit, ingest lines, an answer."""

from __future__ import annotations

from ingest import schema
from ingest.records import Finding, IngestOutcome, Report
from qa.records import Answer

SEVERITY_MARK = {"pass": "✓ 成立", "error": "✗ 不成立", "warning": "⚠ 不一致", "not_assessable": "– 无法核对"}
DIAGNOSIS_TEXT = {
    "source_error": "判断：其余勾稽关系成立，更可能是原报告自身的错误",
    "parse_failure": "判断：多条勾稽关系同时不成立，更可能是解析失败，请人工核对原件",
    "scope_difference": "判断：口径可能不同",
}
RULE_TITLES = {
    "A1": "A1 表三各列：新收 + 上年结转 = 办理总计 + 结转下年度",
    "A2": "A2 表三各列：（七）总计 = 各项办理结果之和",
    "A3": "A3 表三各行：总计 = 各类申请人之和",
    "B1": "B1 表四各组：总计 = 维持 + 纠正 + 其他 + 尚未审结",
    "T1": "T1 正文数字与表格一致",
    "C1": "C1 跨年度：上年结转下年度 = 本年上年结转",
    "C2": "C2 跨年度：现行有效 = 上年现行有效 + 本年制发 − 本年废止",
}


def report_summary(report: Report) -> str:
    meta = report.meta
    lines = [
        f"{meta.title}",
        f"机关：{meta.agency}　年度：{meta.year}　地区：{meta.region or '—'}　层级：{meta.level or '—'}　版式：{report.tables.layout}",
        f"章节：{'、'.join(s.heading or '（前言）' for s in report.sections)}",
    ]
    apps = report.tables
    for key in ("new_received", "total_handled", "granted", "carried_forward"):
        cell = apps.get(schema.TABLE_APPLICATIONS, key, "total")
        value = "未读到" if cell is None else ("空白" if cell.value is None else cell.value)
        lines.append(f"  {schema.row_name(key)}：{value}")
    n_cells = len(report.tables.cells)
    errors = sum(f.severity == "error" for f in report.findings)
    lines.append(f"表格单元格 {n_cells} 个；勾稽关系不成立 {errors} 条（详见 nianbao check）")
    return "\n".join(lines)


def _finding_line(f: Finding) -> str:
    line = f"  {SEVERITY_MARK[f.severity]}  {f.message}"
    if f.diagnosis and f.severity in ("error", "warning"):
        line += f"\n        {DIAGNOSIS_TEXT[f.diagnosis]}"
    return line


def audit_text(report: Report) -> str:
    """The readable Chinese audit of `nianbao check`: every rule, pass / fail / not assessable."""
    lines = [f"勾稽关系审核：{report.meta.agency}{report.meta.year}年（{report.source_name}）"]
    for rule, title in RULE_TITLES.items():
        findings = [f for f in report.findings if f.rule == rule]
        if not findings:
            continue
        counts = {s: sum(f.severity == s for f in findings) for s in SEVERITY_MARK}
        tally = "，".join(f"{SEVERITY_MARK[s].split()[1]}{n}" for s, n in counts.items() if n)
        lines.append(f"\n{title}（{tally}）")
        lines.extend(_finding_line(f) for f in findings)
    errors = [f for f in report.findings if f.severity == "error"]
    warnings = [f for f in report.findings if f.severity == "warning"]
    lines.append("")
    if not errors and not warnings:
        lines.append("结论：全部可核对的勾稽关系均成立。")
    else:
        kinds = {f.diagnosis for f in errors}
        verdict = (
            "可能是解析失败"
            if "parse_failure" in kinds
            else "原报告自身存在不一致"
            if errors
            else "正文与表格存在不一致"
        )
        lines.append(f"结论：{len(errors)} 条不成立，{len(warnings)} 条正文不一致 —— {verdict}。")
    return "\n".join(lines)


def outcome_line(outcome: IngestOutcome) -> str:
    if outcome.status == "failed":
        return f"✗ 失败  {outcome.message}"
    what = f"{outcome.agency} {outcome.year}年"
    if outcome.status == "unchanged":
        return f"= 未改动 {outcome.path}：{what}（已在库中）"
    flag = f"，勾稽关系不成立 {outcome.n_errors} 条" if outcome.n_errors else ""
    flag += f"；{outcome.message}" if outcome.message else ""
    return f"✓ 已导入 {outcome.path}：{what}，{outcome.n_chunks} 个检索块{flag}（{outcome.seconds:.1f}秒）"


def answer_text(answer: Answer) -> str:
    lines = [answer.answer]
    for figure in answer.figures:
        mark = {"supported": "✓ 已核对", "contradicted": "✗ 与表格不符", "unsupported": "⚠ 未能核实"}[
            figure.verdict
        ]
        how = figure.source.get("formula") or figure.source.get("quote", "")
        lines.append(f"  {mark} {figure.text}  {str(how)[:80]}")
    for citation in answer.citations:
        lines.append(
            f"  来源：{citation.agency}{citation.year}年 {citation.section} —— {citation.quote[:80]}"
        )
    lines.append(f"  （{answer.mode}，{answer.latency_ms:.0f} 毫秒）")
    return "\n".join(lines)
