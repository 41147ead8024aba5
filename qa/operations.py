"""Which table operation a part of a question asks for: a lookup, a share, a change between years, two
figures compared, a sum, a ranking, or a list — decided from the part's operation words and how many
items, agencies and years it names. Directions and orders come from the words' lexicon entries.
"""

from __future__ import annotations

from dataclasses import dataclass

from ingest.lexicon.prose import merge_metrics
from ingest.metrics import Metric, default_denominator
from qa.frame import Frame, Part
from qa.parts import split_item
from qa.queries import Change, Compare, Direction, Listing, Lookup, Operation, Ranking, Share, Total


@dataclass(frozen=True)
class Counts:
    agencies: int  # agencies the part is about (0: every agency held)
    years: int  # years the question names (a range or 近N年 counts as several)


def _asks_how_much(frame: Frame) -> bool:
    """A comparison word that asks a quantity (多多少, 多几件, 相差多少), not only who (更多)."""
    return any(
        t.role == "operation" and t.key in ("compare", "gap") and t.text.endswith(("多少", "几"))
        for t in frame.tagging.tags
    )


def _direction(frame: Frame) -> Direction | None:
    return frame.direction if frame.direction in ("more", "less") else None  # type: ignore[return-value]


def _whole(part: Part, item: Metric) -> Metric | None:
    """A share's whole: named after 占, or named before its part (「予以公开的申请中自然人」)."""
    if part.whole is not None and part.whole.metrics:
        whole = (
            merge_metrics(list(part.whole.metrics)) if len(part.whole.metrics) > 1 else part.whole.metrics[0]
        )
        return whole
    return part.items.whole_first


def operation(part: Part, frame: Frame, counts: Counts) -> Operation | None:
    """The operation of one part, or None when its items do not make one (two items to compare
    that are not two)."""
    ops = part.ops | (frame.ops if len(frame.parts) == 1 else frozenset())
    metrics = list(part.items.metrics)
    if part.items.table2_rows and not ("sum" in ops and metrics):
        return Listing(tuple(metrics), part.items.table2_rows)
    if len(metrics) >= 2:
        several = _several(metrics, ops, frame)
        if several is not None:
            return several
        if _columns_of_one_row(metrics):
            metrics = [_merge_columns(metrics)]  # 「自然人和商业企业一共」: the row over both columns
        metrics = [merge_metrics(metrics)] if _same_table(metrics) else metrics[:1]
    if not metrics:
        return None
    if "each" in ops and len(split := split_item(metrics[0])) >= 2 and not ops & {"share", "rank"}:
        return Listing(tuple(split))  # 「其他处理分别多少」: each of its rows
    return _single(metrics[0], part, frame, ops, counts)


def _columns_of_one_row(metrics: list[Metric]) -> bool:
    """The same rows over columns that share no column (自然人, 商业企业): they add up."""
    columns = [c for m in metrics for c in m.columns]
    same_rows = len({(m.table, m.rows) for m in metrics}) == 1
    return same_rows and "total" not in columns and len(columns) == len(set(columns)) and len(metrics) > 1


def _merge_columns(metrics: list[Metric]) -> Metric:
    first = metrics[0]
    names = "和".join(m.label.split("（", 1)[1].rstrip("）") for m in metrics if "（" in m.label)
    label = f"{first.label.split('（')[0]}（{names}）"
    return Metric(first.table, first.rows, tuple(c for m in metrics for c in m.columns), label)


def _same_table(metrics: list[Metric]) -> bool:
    return len({(m.table, m.columns) for m in metrics}) == 1


def _several(metrics: list[Metric], ops: frozenset[str], frame: Frame) -> Operation | None:
    """Several items named: compared (比, 几倍), summed (合计, 一共, 加上) or listed."""
    if len(metrics) == 2 and ops & {"times", "compare", "gap", "than"} and not ops & {"share", "growth"}:
        answer = "times" if "times" in ops else "gap"
        return Compare(metrics[0], metrics[1], answer, _direction(frame))  # type: ignore[arg-type]
    if ops & {"sum", "plus"} and (_same_table(metrics) or _columns_of_one_row(metrics)):
        return None  # summed: one item, carried on by _single
    if ops & {"share"} and _same_table(metrics):
        return None  # 「予以公开和部分公开合计占……」: their sum is the part of the share
    return Listing(tuple(metrics))


def _single(item: Metric, part: Part, frame: Frame, ops: frozenset[str], counts: Counts) -> Operation:
    direction = _direction(frame)
    changes = bool(ops & {"compare", "gap", "versus_last_year"}) or (
        "more_of" in ops and (bool(frame.relative) or "than" in ops)
    )  # 「比……多收到多少」
    ranked = (
        "rank" in ops or ("which" in ops and counts.agencies != 1) or ("more_of" in ops and "which" in ops)
    )
    if "times" in ops:
        return (
            Compare(item, item, "times")
            if counts.agencies == 2 and counts.years <= 1
            else Change(item, answer="times")
        )
    if "growth" in ops:
        return Change(item, answer="growth", direction=direction)
    if "which_item" in ops and len(split_item(item)) >= 2:
        return Ranking(item, order=_order(frame), over="items")  # 「哪一项不予公开理由最多」
    if "share" in ops or part.items.rate or part.whole is not None:
        return _share(item, part, frame, ops, counts, ranked or "which_year" in ops)
    gap = _asks_how_much(frame)
    if "which_year" in ops or (ranked and counts.agencies == 1 and counts.years >= 2):
        order = _order(frame)
        return Ranking(
            item, order=order, over="years", by_how_much=gap and counts.years == 2 and order == "more"
        )
    if ranked and "which" in ops:  # 「平潭和洪泽区谁的行政处罚更多」: who (and by how much only if asked)
        pair, order = counts.agencies == 2, _order(frame)
        return Ranking(item, order=order, comparative=pair, by_how_much=gap and pair and order == "more")
    if changes and counts.agencies == 2 and counts.years <= 1:
        return Compare(item, item, "gap", direction)
    if changes:
        return Change(item, direction=direction)
    if ranked:
        return Ranking(item, order=_order(frame), comparative=counts.agencies == 2)
    return _plural(item, frame, ops, counts)


def _plural(item: Metric, frame: Frame, ops: frozenset[str], counts: Counts) -> Operation:
    summed = bool(ops & {"sum", "plus"})
    if counts.agencies == 1 and counts.years >= 2:
        # 「2023年和2024年一共」 adds the years, 「分别」 or three years and more lists them, two show the change
        if summed:
            return Total(item)
        return Listing((item,)) if "each" in ops or counts.years > 2 else Change(item)
    if counts.agencies != 1:
        return Total(item) if summed else Listing((item,))
    return Lookup(item, frame.period)


def _share(
    item: Metric, part: Part, frame: Frame, ops: frozenset[str], counts: Counts, ranked: bool
) -> Operation:
    whole = _whole(part, item)
    if ranked and counts.agencies != 1:
        return Ranking(item, whole, ratio=True, order=_order(frame), comparative=counts.agencies == 2)
    if ops & {"compare", "versus_last_year", "gap"} or counts.years >= 2:
        return Change(item, whole, ratio=True, direction=_direction(frame))
    return Share(item, whole)


def _order(frame: Frame) -> Direction:
    return "less" if frame.direction == "less" else "more"


def has_whole(item: Metric, whole: Metric | None) -> bool:
    return whole is not None or default_denominator(item) is not None
