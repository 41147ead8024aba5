"""Questions that ask for several figures at once — 「予以公开和部分公开分别多少」, 「收到多少件，其中多少予以
公开」, 「行政复议和不予公开各多少件」, 「予以公开比部分公开多多少」 — read into their items, one `Metric`
each. Items of different tables, rows or columns are stated one by one and never summed unasked.
"""

from __future__ import annotations

import re

from ingest import schema
from ingest.lexicon import (
    APPLICATION_ROW_PHRASES,
    PROACTIVE_COLUMN_PHRASES,
    PROACTIVE_ROW_PHRASES,
    REVIEW_COLUMN_PHRASES,
    REVIEW_GROUP_PHRASES,
    PhraseHit,
    application_metric_in,
    column_label,
    column_sets,
    find_phrases,
    pick_rows,
    proactive_metric_in,
    review_metric_in,
    row_priority,
)
from ingest.metrics import Metric, application_metric, in_columns, proactive_metric, review_metric

EACH_WORDS = re.compile(r"分别|各自|各(?:是|为|有)?(?:多少|几)|各类|各项|各种")
_CLAUSE = re.compile(r"[，,；;？?。！!]|其中")


def _item_in(text: str) -> Metric | None:
    """The one item a stretch of a question names, in whichever table it is."""
    if find_phrases(text, REVIEW_GROUP_PHRASES):
        return review_metric_in(text)
    if find_phrases(text, PROACTIVE_ROW_PHRASES):
        return proactive_metric_in(text)[0]
    return application_metric_in(text)


def _with_columns(metric: Metric, columns_of: Metric) -> Metric:
    """`metric` restricted to the applicant columns of `columns_of` (「自然人申请多少，其中予以公开多少」)."""
    return in_columns(metric, columns_of.columns, columns_of.label.split("（", 1)[1].removesuffix("）"))


def _items_by_clause(q: str) -> list[Metric]:
    """「收到多少件申请，其中多少予以公开」: each clause that asks a number names its own item; a clause
    naming no applicant column keeps the one named before it (其中 is a part of it)."""
    items: list[Metric] = []
    for clause in _CLAUSE.split(q):
        metric = _item_in(clause) if re.search(r"多少|几", clause) else None
        previous = items[-1] if items else None
        if metric is None and previous is not None and previous.table == schema.TABLE_PROACTIVE:
            # 「新制发规范性文件多少件？废止多少件？」: a column alone keeps the row asked before it
            metric = next(iter(_proactive_columns(clause, previous.rows[0])), None)
        if metric is None:
            continue
        if (
            previous is not None
            and metric.table == previous.table == schema.TABLE_APPLICATIONS
            and metric.columns == ("total",)
        ):
            metric = _with_columns(metric, previous)
        items.append(metric)
    return list(dict.fromkeys(items))


def _items_of_tables(q: str, review_hits: list[PhraseHit], proactive_hits: list[PhraseHit]) -> list[Metric]:
    """One item per table the question names (「行政复议和不予公开各多少件」): items of different
    tables are never summed. A generic verb (收到, 提出) does not name table 3."""
    named_rows = [h for h in find_phrases(q, APPLICATION_ROW_PHRASES) if row_priority(h) >= 2]
    items = [
        review_metric_in(q) if review_hits else None,
        proactive_metric_in(q)[0] if proactive_hits else None,
        application_metric_in(q) if named_rows else None,
    ]
    return [m for m in items if m is not None]


def _split_each(q: str, metric: Metric) -> list[Metric]:
    """The single item of a 「分别/各」 question, split into the rows, columns or groups it joins."""
    if metric.table == schema.TABLE_REVIEW:
        named = {h.key for h in find_phrases(q, REVIEW_GROUP_PHRASES)}
        groups: list[tuple[str, ...]] = [
            (g,) for g in ("review", "litigation_direct", "litigation_after_review") if g in named
        ]
        if "litigation" in named and not {"litigation_direct", "litigation_after_review"} & named:
            groups.append(("litigation_direct", "litigation_after_review"))
        hits = [(h.start, h.key) for h in find_phrases(q, REVIEW_COLUMN_PHRASES)]
        listed_other = re.search(r"[、和与及]其他(?!处理)|其他[、和与及]", q)
        if hits and listed_other:  # 「维持、纠正、其他、尚未审结分别多少」: 其他 among the outcomes
            hits.append((listed_other.start(), "other"))
        outcomes = list(dict.fromkeys(k for _, k in sorted(hits))) or ["total"]
        return [review_metric(g, c) for g in groups for c in outcomes]
    if metric.table == schema.TABLE_PROACTIVE:
        # 「规章本年新制发和现行有效分别几件」: each row named, in each column named
        return [
            m
            for r in metric.rows
            for m in _proactive_columns(q, r) or [proactive_metric(r, metric.columns[0])]
        ]
    rows = [
        r for k in pick_rows(find_phrases(q, APPLICATION_ROW_PHRASES), q) for r in _ROW_SPLIT.get(k, (k,))
    ]
    if rows == ["total_handled"] and "办理结果" in q:
        rows = list(schema.OUTCOME_GROUPS)  # 「各类办理结果分别多少」
    columns = column_sets(q)
    if not columns and "申请人" in q:
        columns = [((c,), column_label(c)) for c in schema.APPLICANT_COLUMN_KEYS]
    return [
        application_metric(r, cols, label)
        for r in rows or ["new_received"]
        for cols, label in columns or [(("total",), "")]
    ]


def _proactive_columns(text: str, row: str) -> list[Metric]:
    """The table-2 columns of `row` the text names (制发, 废止, 现行有效), one item each."""
    allowed = schema.PROACTIVE_ROW_COLUMNS[row]
    keys = dict.fromkeys(h.key for h in find_phrases(text, PROACTIVE_COLUMN_PHRASES) if h.key in allowed)
    return [proactive_metric(row, k) for k in keys]


# 「不予处理各多少件」: a group asked 各/分别 is split into its reasons
_ROW_SPLIT = {
    "granted_or_partial": ("granted", "partially_granted"),
    **{group: rows for group, rows in schema.OUTCOME_GROUPS.items() if len(rows) > 1},
}


def items_of(
    q: str, metric: Metric | None, review_hits: list[PhraseHit], proactive_hits: list[PhraseHit]
) -> tuple[Metric, ...]:
    """The items a question asks one by one, or () for a single item: two clauses that each ask a number,
    two tables named, or 分别/各 over joined rows, columns or groups."""
    for items in (_items_by_clause(q), _items_of_tables(q, review_hits, proactive_hits)):
        if len(items) >= 2:
            return tuple(items)
    if metric is not None and EACH_WORDS.search(q):
        items = list(dict.fromkeys(_split_each(q, metric)))
        if len(items) >= 2:
            return tuple(items)
    return ()


def contrasted(q: str) -> tuple[Metric, ...]:
    """「予以公开的申请比部分公开的多多少」「予以公开是部分公开的几倍」: two items of one report on either
    side of 比 (or of 是……的几倍), in one unit."""
    m = re.search(r"比", q) or re.search(r"是(?=[^是]*的?(?:几|多少)倍)", q)
    if m is None:
        return ()
    first, second = _item_in(q[: m.start()]), _item_in(q[m.end() :])
    if first is None or second is None or first == second or first.unit != second.unit:
        return ()
    return first, second
