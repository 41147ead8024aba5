"""A stored report for staff: its metadata, the tables in the official layout, the consistency findings."""

from __future__ import annotations

import html
from collections import Counter

from ingest.records import Finding, Report, StoredReport
from ui.cli_format import DIAGNOSIS_TEXT, RULE_TITLES, SEVERITY_MARK
from ui.official_layout import render_official_tables

SEVERITY_ORDER = {"error": 0, "warning": 1, "not_assessable": 2, "pass": 3}


def metadata_html(report: Report, stored: StoredReport | None) -> str:
    meta = report.meta
    rows = [
        ("标题", meta.title),
        ("机关", meta.agency),
        ("年度", f"{meta.year}年"),
        ("地区 / 层级", f"{meta.region or '—'} / {meta.level or '—'}"),
        ("发布日期", meta.publish_date or "—"),
        ("文件", f"{report.source_name}（{report.fmt}）"),
        (
            "表三版式",
            "2021年版" if report.tables.layout == "2021" else "2019—2020年版（（六）其他处理为一行）",
        ),
        (
            "表格单元格",
            f"{len(report.tables.cells)} 个（空白 {sum(c.value is None for c in report.tables.cells)} 个）",
        ),
        ("章节", "、".join(s.heading or "（前言）" for s in report.sections)),
        ("编号（sha256）", report.id),
    ]
    if stored is not None:
        rows.append(("导入时间（UTC）", f"{stored.ingested_at[:19]}，{stored.n_chunks} 个检索块"))
    body = "".join(f"<tr><th>{html.escape(k)}</th><td>{html.escape(str(v))}</td></tr>" for k, v in rows)
    return f'<table class="nb-table nb-meta-table">{body}</table>'


def _finding_row(f: Finding) -> str:
    mark = SEVERITY_MARK.get(f.severity, f.severity)
    diagnosis = DIAGNOSIS_TEXT.get(f.diagnosis or "", "") if f.severity in ("error", "warning") else ""
    cells = "<br>".join(html.escape(c) for c in f.cells[:6]) + ("<br>…" if len(f.cells) > 6 else "")
    return (
        f'<tr><td>{html.escape(f.rule)}</td><td class="sev-{html.escape(f.severity)}">{html.escape(mark)}</td>'
        f'<td>{html.escape(f.message)}</td><td>{html.escape(diagnosis)}</td><td class="nb-file">{cells}</td></tr>'
    )


def findings_html(findings: list[Finding], show_passed: bool = False) -> str:
    """The 勾稽关系 audit: failures first with their diagnosis; passed rules counted (listed on request)."""
    if not findings:
        return "<p>没有核对结果。</p>"
    counts: Counter[str] = Counter(f.severity for f in findings)
    summary = "，".join(f"{SEVERITY_MARK[s]} {counts[s]} 条" for s in SEVERITY_ORDER if counts.get(s))
    rules = "；".join(RULE_TITLES[r] for r in dict.fromkeys(f.rule for f in findings) if r in RULE_TITLES)
    shown = sorted(
        (f for f in findings if show_passed or f.severity != "pass"), key=lambda f: SEVERITY_ORDER[f.severity]
    )
    rows = "".join(_finding_row(f) for f in shown)
    table = (
        '<table class="nb-table nb-findings"><thead><tr><th>规则</th><th>结果</th><th>说明</th><th>判断</th>'
        f"<th>涉及单元格</th></tr></thead><tbody>{rows}</tbody></table>"
        if rows
        else "<p>全部可核对的勾稽关系均成立。</p>"
    )
    return f'<div class="nb-findings-wrap"><p><b>勾稽关系核对：</b>{summary}</p><p class="nb-note">{html.escape(rules)}</p>{table}</div>'


def report_detail(
    report: Report, stored: StoredReport | None, show_passed: bool = False
) -> tuple[str, str, str]:
    """(metadata, official tables, findings) as HTML fragments."""
    return (
        metadata_html(report, stored),
        render_official_tables(report),
        findings_html(report.findings, show_passed),
    )
