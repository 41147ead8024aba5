"""What 「分别」「各」 and 「哪一项」 split a table item into: a group into its rows, a sum of columns into
its columns, both kinds of suit, several table-2 rows, or the lexicon's `parts` (办理结果: its six
groups). Used by the query (to list) and by resolve (to rank the parts of one item)."""

from __future__ import annotations

from ingest import schema
from ingest.lexicon import lexicon
from ingest.lexicon.prose import column_label
from ingest.metrics import Metric, application_metric, proactive_metric, review_metric, row_set_of


def split_item(metric: Metric) -> list[Metric]:
    """What 「分别」「各」 splits an item into: a group into its rows, a sum of columns into its columns,
    both kinds of suit, several table-2 rows; the lexicon's `parts` where given (办理结果)."""
    if metric.table == schema.TABLE_REVIEW:
        return (
            [review_metric((g,), metric.columns[0]) for g in metric.rows]
            if len(metric.rows) > 1
            else [metric]
        )
    if metric.table == schema.TABLE_PROACTIVE:
        return [proactive_metric(r, metric.columns[0]) for r in metric.rows]
    label = metric.label.split("（", 1)[1].rstrip("）") if "（" in metric.label else ""
    if len(metric.columns) > 1:
        return [
            application_metric(
                metric.rows[0] if len(metric.rows) == 1 else (row_set_of(metric.rows) or metric.rows[0]),
                (c,),
                column_label(c),
            )
            for c in metric.columns
        ]
    key = row_set_of(metric.rows)
    entry = lexicon().find("row", key) if key else None
    parts = (entry.parts or entry.rows) if entry is not None else ()
    return [
        application_metric(p, metric.columns, label if metric.columns != ("total",) else "") for p in parts
    ]
