"""What a figure can be about, and its value computed from the cells with the derivation shown.

A `Metric` names a sum of table cells (one cell is a sum of one): 「不予公开」 is the eight denied_* rows,
「法人或其他组织」 the five legal-person columns. `evaluate` returns the value *and* how it was obtained,
so every derived figure carries its provenance. Blank cells are not zeros: a metric whose cells are all
blank has no value; a sum over some blank cells says so in its derivation.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ingest import schema
from ingest.lexicon.entries import lexicon
from ingest.numerals import as_number, exact_sum, plain
from ingest.records import Number, TableCell, Tables


@dataclass(frozen=True)
class Metric:
    """A sum of cells of one standard table (rows x columns)."""

    table: str
    rows: tuple[str, ...]
    columns: tuple[str, ...]
    label: str  # Chinese, for answers: 「不予公开（总计）」

    @property
    def unit(self) -> str:
        return schema.unit_of(self.table, self.rows[0], self.columns[0])


@dataclass(frozen=True)
class Derivation:
    """A figure and how it follows from cells: a lookup, a sum, a difference or a share."""

    value: Number | None
    unit: str
    formula: str  # 「252 + 12 + 1 = 265」, or the cell path for a lookup
    cells: tuple[TableCell, ...]
    note: str = ""  # e.g. 「总计格空白，按各申请人列相加」 / 「空白格未计入」

    @property
    def is_blank(self) -> bool:
        return self.value is None


def _sum(cells: Sequence[TableCell]) -> tuple[Number | None, str]:
    present = [c for c in cells if c.value is not None]
    if not present:
        return None, ""
    total = exact_sum(c.value for c in present if c.value is not None)
    note = "空白格未计入" if len(present) < len(cells) else ""
    return total, note


def _cells_for(tables: Tables, metric: Metric, columns: Sequence[str]) -> list[TableCell]:
    out = []
    for row in metric.rows:
        for column in columns:
            cell = tables.get(metric.table, row, column)
            if cell is not None:
                out.append(cell)
    return out


def evaluate(tables: Tables, metric: Metric) -> Derivation:
    """The metric's value from this report's cells, with the arithmetic written out."""
    cells = _cells_for(tables, metric, metric.columns)
    unit = metric.unit
    if not cells:
        return Derivation(None, unit, "表中无此项", ())
    value, note = _sum(cells)
    if (
        metric.table == schema.TABLE_APPLICATIONS
        and metric.columns == ("total",)
        and any(c.value is None for c in cells)
    ):
        # Some reports leave the 总计 column blank on outcome rows (Shanghai 2019): add the applicant columns.
        by_column = _cells_for(tables, metric, schema.APPLICANT_COLUMN_KEYS)
        fallback, fallback_note = _sum(by_column)
        if fallback is not None:
            used = [c for c in by_column if c.value is not None]
            return Derivation(
                fallback,
                unit,
                " + ".join(plain(c.value) for c in used if c.value is not None) + f" = {plain(fallback)}",
                tuple(by_column),
                "总计格空白，按各申请人列相加" + ("；" + fallback_note if fallback_note else ""),
            )
    if value is None:
        return Derivation(None, unit, "报告未填写", tuple(cells))
    if len(cells) == 1:
        return Derivation(value, unit, cells[0].path, tuple(cells))
    used = [c for c in cells if c.value is not None]
    formula = " + ".join(plain(c.value) for c in used if c.value is not None) + f" = {plain(value)}"
    return Derivation(value, unit, formula, tuple(cells), note)


def share(part: Derivation, whole: Derivation, label: str = "") -> Derivation:
    """part / whole as a percentage, rounded to 0.1 in the formula (the value keeps full precision)."""
    if part.value is None or whole.value is None or whole.value == 0:
        return Derivation(None, "%", "无法计算：分母为零或空白", part.cells + whole.cells)
    value = 100 * float(part.value) / float(whole.value)
    formula = f"{plain(part.value)} ÷ {plain(whole.value)} × 100% = {value:.1f}%"
    return Derivation(round(value, 4), "%", formula, part.cells + whole.cells, label)


def multiple(part: Derivation, base: Derivation, label: str = "") -> Derivation:
    """How many times `base` `part` is (「予以公开是部分公开的几倍」: 1362 ÷ 454 = 3.00)."""
    if part.value is None or base.value is None or base.value == 0:
        return Derivation(None, "倍", "无法计算：分母为零或空白", part.cells + base.cells)
    value = float(part.value) / float(base.value)
    formula = f"{plain(part.value)} ÷ {plain(base.value)} = {value:.2f}"
    return Derivation(round(value, 4), "倍", formula, part.cells + base.cells, label)


def spread(whole: Derivation, periods: int, period: str) -> Derivation:
    """A year's figure per month/day/week/quarter (「平均每月」: 3119 ÷ 12 = 259.9)."""
    if whole.value is None:
        return whole
    value = float(whole.value) / periods
    formula = f"{plain(whole.value)} ÷ {periods} = {value:.1f}"
    return Derivation(as_number(round(value, 4)), whole.unit, formula, whole.cells, f"按{period}平均")


def difference(later: Derivation, earlier: Derivation, label: str = "") -> Derivation:
    if later.value is None or earlier.value is None:
        return Derivation(None, later.unit, "无法计算（有空白）", later.cells + earlier.cells)
    value = exact_sum((later.value, -earlier.value))
    formula = f"{plain(later.value)} − {plain(earlier.value)} = {plain(value)}"
    return Derivation(value, later.unit, formula, later.cells + earlier.cells, label)


def negated(change: Derivation) -> Derivation:
    """A decrease as how much less (「减少了多少」: −1343 -> 1343), its derivation kept in the formula."""
    if change.value is None:
        return change
    value = as_number(-change.value)
    return Derivation(
        value, change.unit, f"{change.formula}，即减少{plain(value)}", change.cells, change.note
    )


def total(parts: Sequence[Derivation], label: str = "") -> Derivation:
    present = [p for p in parts if p.value is not None]
    cells = tuple(c for p in parts for c in p.cells)
    if not present:
        return Derivation(None, parts[0].unit if parts else "件", "报告未填写", cells)
    value = exact_sum(p.value for p in present if p.value is not None)
    formula = " + ".join(plain(p.value) for p in present if p.value is not None) + f" = {plain(value)}"
    return Derivation(value, present[0].unit, formula, cells, label)


# ---- the metrics that prose and questions talk about ---------------------------------------------


def in_columns(metric: Metric, columns: tuple[str, ...], column_label: str) -> Metric:
    """The same rows in other columns (「予以公开（总计）」 -> 「予以公开（自然人）」)."""
    return Metric(metric.table, metric.rows, columns, f"{metric.label.split('（')[0]}（{column_label}）")


def application_rows(row_set: str) -> tuple[str, ...]:
    """The table-3 rows a lexicon row entry sums (不予公开: its eight reasons; 未予公开: four groups)."""
    entry = lexicon().find("row", row_set)
    if entry is None or not entry.rows:
        return (row_set,)
    return tuple(
        row
        for part in entry.rows
        for row in (schema.OUTCOME_GROUPS.get(part, (part,)) if part != row_set else (part,))
    )


def row_set_of(rows: Sequence[str]) -> str | None:
    """The lexicon row entry that sums exactly these rows (不予公开 for its eight reasons), if any."""
    for entry in lexicon().of_kind("row"):
        if application_rows(entry.key) == tuple(rows):
            return entry.key
    return None


def application_metric(row_set: str, columns: tuple[str, ...] = ("total",), column_label: str = "") -> Metric:
    """Rows named by a row key or a sum of rows of the lexicon (denied, unavailable, granted_or_partial …)."""
    entry = lexicon().find("row", row_set)
    label = entry.label if entry is not None and entry.label else schema.row_name(row_set)
    col = column_label or (
        "总计" if columns == ("total",) else "、".join(schema.column_name(c) for c in columns)
    )
    return Metric(schema.TABLE_APPLICATIONS, application_rows(row_set), columns, f"{label}（{col}）")


def review_metric(groups: tuple[str, ...], column: str) -> Metric:
    names = {
        "review": "行政复议",
        "litigation_direct": "未经复议直接起诉",
        "litigation_after_review": "复议后起诉",
    }
    if set(groups) == {"litigation_direct", "litigation_after_review"}:
        group_label = "行政诉讼"
    else:
        group_label = "、".join(names[g] for g in groups)
    col = next(c.label for c in schema.REVIEW_COLUMNS if c.key == column)
    return Metric(
        schema.TABLE_REVIEW, groups, (column,), f"{group_label}{col if column != 'total' else '总数'}"
    )


def proactive_metric(row: str, column: str) -> Metric:
    return Metric(
        schema.TABLE_PROACTIVE, (row,), (column,), schema.cell_label(schema.TABLE_PROACTIVE, row, column)
    )


def default_denominator(metric: Metric) -> Metric | None:
    """What a share of `metric` is a share of when the question does not say, or None when nothing is
    (「行政处罚占比」, 「行政诉讼占比」). Never mixes an applicant column with the 总计 column:
    「自然人申请中予以公开的比例」 is over the natural-person column's own 办理结果总计."""
    if metric.table == schema.TABLE_REVIEW:
        if metric.columns == ("total",):
            return None
        return review_metric(metric.rows, "total")  # 纠正率: corrected of the same groups' 总计
    if metric.table != schema.TABLE_APPLICATIONS:
        return None
    label = metric.label.split("（", 1)[1].rstrip("）") if "（" in metric.label else ""
    if metric.rows == ("new_received",) and metric.columns != ("total",):
        return application_metric("new_received")  # 自然人申请占比: of all new applications
    if metric.rows in (("new_received",), ("carried_over",), ("total_handled",), ("carried_forward",)):
        return Metric(
            metric.table,
            ("new_received", "carried_over"),
            metric.columns,
            f"本年新收和上年结转（{label or '总计'}）",
        )
    return application_metric("total_handled", metric.columns, label if metric.columns != ("total",) else "")
