"""How an answer names a table item, right before its figure (「予以公开的申请1362件」), from the
lexicon's `wording` fields — so the checker, which reads the words before a figure with the same
lexicon, binds every figure of an answer to the item it states."""

from __future__ import annotations

from collections.abc import Sequence

from ingest import schema
from ingest.lexicon import lexicon
from ingest.metrics import Metric, row_set_of
from ingest.numerals import plain
from ingest.records import Number

_BOTH_SUITS = {"litigation_direct", "litigation_after_review"}


def fmt_number(value: Number | None, unit: str) -> str:
    if value is None:
        return "（空白）"
    if unit == "%":
        return f"{float(value):.1f}%"
    if unit == "百分点":
        return f"{float(value):.1f}个百分点"
    if unit == "倍":
        return f"{float(value):.2f}倍"
    return f"{plain(value)}{unit}"


def _review(metric: Metric) -> str:
    groups = set(metric.rows)
    key = "litigation" if groups == _BOTH_SUITS else (metric.rows[0] if len(metric.rows) == 1 else "")
    subject = (
        lexicon().entry("review_group", key).wording if key else "因政府信息公开被申请行政复议和提起行政诉讼"
    )
    return subject + lexicon().entry("review_outcome", metric.columns[0]).wording


def _proactive(metric: Metric) -> str:
    row = "和".join(schema.PROACTIVE_ROW_BY_KEY[r].label for r in metric.rows)
    wording = lexicon().entry("proactive_column", metric.columns[0]).wording.format(row=row)
    return wording.replace("数量为", "数量合计") if len(metric.rows) > 1 else wording


def _column_label(metric: Metric) -> str:
    return metric.label.split("（", 1)[1].rstrip("）") if "（" in metric.label else "总计"


def _rows_named(rows: Sequence[str]) -> str:
    """Summed rows named by their groups where whole groups are summed: 「不予公开和无法提供」."""
    whole = {
        row: schema.OUTCOME_GROUP_LABELS[group]
        for group, members in schema.OUTCOME_GROUPS.items()
        if len(members) > 1 and set(members) <= set(rows)
        for row in members
    }
    names = (whole.get(r) or lexicon().entry("row", r).short or lexicon().entry("row", r).label for r in rows)
    return "和".join(dict.fromkeys(names))


def phrase(metric: Metric) -> str:
    """Words that name a metric in a sentence, ending right where its figure goes."""
    if metric.table == schema.TABLE_REVIEW:
        return _review(metric)
    if metric.table == schema.TABLE_PROACTIVE:
        return _proactive(metric)
    by = _column_label(metric)
    key = row_set_of(metric.rows)
    entry = lexicon().find("row", key) if key else None
    if entry is None:
        return ("" if by == "总计" else f"{by}提出的申请中，") + f"{_rows_named(metric.rows)}的申请合计"
    if by == "总计":
        return entry.wording
    if entry.wording_in_column:
        return entry.wording_in_column.format(col=by)
    return f"{by}提出的申请中，{entry.wording}"
