"""Table 3 across reports for the 依申请公开统计 tab: one row per report, the outcome groups and rates.

Every number comes from `ingest.metrics` (evaluate / share / total) so the arithmetic, and what a blank
cell means, is decided in one place. A blank stays blank (None, shown "—"); a group whose cells are
partly blank gets a footnote with the metric's own note and formula.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from ingest import schema
from ingest.metrics import Derivation, application_metric, evaluate, share, total
from ingest.records import Number, StoredCell, Tables

COLUMNS: tuple[tuple[str, str], ...] = (
    ("新收", "new_received"),
    ("上年结转", "carried_over"),
    ("予以公开", "granted"),
    ("部分公开", "partially_granted"),
    ("不予公开", "denied"),
    ("无法提供", "unavailable"),
    ("不予处理", "not_processed"),
    ("其他处理", "other"),
    ("办理总计", "total_handled"),
    ("结转下年度", "carried_forward"),
)
RATES: tuple[tuple[str, str], ...] = (
    ("公开率", "granted_or_partial"),
    ("不予公开率", "denied"),
    ("无法提供率", "unavailable"),
)
CHART_OUTCOMES = ("予以公开", "部分公开", "不予公开", "无法提供", "不予处理", "其他处理")
BLANK = "—"


@dataclass
class StatRow:
    report_id: str
    agency: str
    year: int
    values: dict[str, Derivation] = field(default_factory=dict)
    rates: dict[str, Derivation] = field(default_factory=dict)


def stat_rows(
    cells: list[StoredCell], agencies: list[str] | None = None, years: list[int] | None = None
) -> list[StatRow]:
    """Rows (by year, then agency) from `sql.cells(table="applications")`, filtered."""
    grouped: dict[str, list[StoredCell]] = defaultdict(list)
    for sc in cells:
        grouped[sc.report_id].append(sc)
    rows = []
    for report_id, group in grouped.items():
        agency, year = group[0].agency, group[0].year
        if (agencies and agency not in agencies) or (years and year not in years):
            continue
        tables = Tables(cells=[sc.cell for sc in group])
        row = StatRow(report_id, agency, year)
        for label, key in COLUMNS:
            row.values[label] = evaluate(tables, application_metric(key))
        handled = row.values["办理总计"]
        for label, key in RATES:
            part = evaluate(tables, application_metric(key))
            row.rates[label] = share(part, handled, label)
        rows.append(row)
    return sorted(rows, key=lambda r: (r.year, r.agency))


def _number(value: Number | None) -> str:
    if value is None:
        return BLANK
    return f"{value:g}" if isinstance(value, float) else str(value)


def _shown(d: Derivation, footnotes: list[str], where: str) -> str:
    """The value as shown; a partly blank sum gets a numbered footnote."""
    text = _number(d.value)
    if d.value is not None and d.note:
        footnotes.append(f"{where}：{d.note}（{d.formula}）")
        text += f" [{len(footnotes)}]"
    return text


def totals(rows: list[StatRow]) -> dict[str, Derivation]:
    return {label: total([r.values[label] for r in rows], label) for label, _ in COLUMNS}


def display_table(rows: list[StatRow]) -> tuple[list[str], list[list[str]], list[str]]:
    """(headers, rows of text, footnotes) for the table view, with a 合计 row when several reports."""
    headers = ["机关", "年度", *(c for c, _ in COLUMNS), *(r for r, _ in RATES)]
    footnotes: list[str] = []
    out = []
    for r in rows:
        where = f"{r.agency}{r.year}年"
        line = [r.agency, str(r.year)]
        line += [_shown(r.values[c], footnotes, f"{where}「{c}」") for c, _ in COLUMNS]
        line += [BLANK if r.rates[k].value is None else f"{r.rates[k].value:.1f}%" for k, _ in RATES]
        out.append(line)
    if len(rows) > 1:
        sums = totals(rows)
        line = ["合计", f"{len(rows)}份报告"]
        for c, _ in COLUMNS:
            blanks = sum(r.values[c].value is None for r in rows)
            text = _number(sums[c].value)
            if blanks and sums[c].value is not None:
                footnotes.append(f"合计「{c}」：{blanks} 份报告此项空白，未计入（{sums[c].formula}）")
                text += f" [{len(footnotes)}]"
            line.append(text)
        line += [""] * len(RATES)
        out.append(line)
    return headers, out, footnotes


def export_table(rows: list[StatRow]) -> tuple[list[str], list[list[Any]]]:
    """Numbers for CSV/XLSX: blanks stay empty; rates in percent; the notes in a last column."""
    headers = ["机关", "年度", *(c for c, _ in COLUMNS), *(f"{r}(%)" for r, _ in RATES), "说明"]
    out: list[list[Any]] = []
    for r in rows:
        notes = [f"{c}：{r.values[c].note}（{r.values[c].formula}）" for c, _ in COLUMNS if r.values[c].note]
        out.append(
            [r.agency, r.year]
            + [r.values[c].value for c, _ in COLUMNS]
            + [None if r.rates[k].value is None else round(float(r.rates[k].value or 0), 2) for k, _ in RATES]
            + ["；".join(notes)]
        )
    return headers, out


def chart_records(rows: list[StatRow]) -> list[dict[str, Any]]:
    """Long-format records for a stacked bar chart of outcomes per report (blank groups left out)."""
    records = []
    for r in rows:
        for outcome in CHART_OUTCOMES:
            value = r.values[outcome].value
            if value is not None:
                records.append({"报告": f"{r.year}年 {r.agency}", "办理结果": outcome, "件数": value})
    return records


TABLE_TITLE = schema.TABLE_TITLES[schema.TABLE_APPLICATIONS]
