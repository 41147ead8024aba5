"""Stage 4 — resolve: a table part's operation computed on the loaded reports' cells.

One result type per operation (dispatched with `match`), each made of `Fact`s: a figure, what it is,
the reports it comes from, and its derivation from the cells (ingest.metrics) — never a model's figure.
A cell the report leaves blank is a `Blank` (said, never 0); an item the report does not have at all
is `Missing`; a report whose tables could not be read is `Unreadable`.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

from ingest import schema
from ingest.metrics import (
    Derivation,
    Metric,
    default_denominator,
    difference,
    evaluate,
    multiple,
    negated,
    proactive_metric,
    share,
    spread,
    total,
)
from ingest.records import Report
from qa.parts import split_item
from qa.queries import Change, Compare, Listing, Lookup, Operation, Ranking, Share, TablePart, Total


@dataclass(frozen=True)
class Fact:
    """A figure to state: what it is, for which report(s), and how it follows from the cells."""

    label: str
    derivation: Derivation
    reports: tuple[Report, ...]
    metric: Metric | None = None  # the table item, when the fact is one (not a share or a change)

    @property
    def value(self) -> float | int | None:
        return self.derivation.value


@dataclass(frozen=True)
class LookupResult:
    fact: Fact
    average: Fact | None = None  # 平均每月 …


@dataclass(frozen=True)
class ShareResult:
    part: Fact
    whole: Fact
    share: Fact


@dataclass(frozen=True)
class ChangeResult:
    later: Fact
    earlier: Fact
    change: Fact
    growth: Fact | None
    primary: Fact


@dataclass(frozen=True)
class CompareResult:
    first: Fact
    second: Fact
    result: Fact  # first − second, or first ÷ second
    primary: Fact
    answer: Literal["gap", "times"]


@dataclass(frozen=True)
class TotalResult:
    parts: tuple[Fact, ...]
    total: Fact


@dataclass(frozen=True)
class RankResult:
    ranked: tuple[Fact, ...]  # best first
    unranked: tuple[str, ...]  # reports that leave the item blank (named, not ranked as 0)
    order: Literal["more", "less"]
    over: Literal["agencies", "years", "items"]
    comparative: bool
    by_how_much: bool = False


@dataclass(frozen=True)
class ListResult:
    facts: tuple[Fact, ...]


@dataclass(frozen=True)
class Blank:
    facts: tuple[Fact, ...]
    fact: Fact  # the one left blank


@dataclass(frozen=True)
class Missing:
    reason: str


@dataclass(frozen=True)
class Unreadable:
    reports: tuple[Report, ...]
    table: str | None = None  # one table that could not be read (None: the report is stored prose-only)


Result = (
    LookupResult
    | ShareResult
    | ChangeResult
    | CompareResult
    | TotalResult
    | RankResult
    | ListResult
    | Blank
    | Missing
    | Unreadable
)


def _fact(report: Report, metric: Metric) -> Fact:
    return Fact(metric.label, evaluate(report.tables, metric), (report,), metric)


def resolve(part: TablePart, reports: Sequence[Report]) -> Result:
    """The facts a table part asks for, computed on its (already loaded) reports, in the part's order."""
    unreadable = tuple(r for r in reports if not r.tables.readable)
    if unreadable:
        return Unreadable(unreadable)
    for table in dict.fromkeys(m.table for m in _items(part.operation)):
        unread = tuple(r for r in reports if not any(c.table == table for c in r.tables.cells))
        if unread:  # the whole table is absent: it could not be read, not "the report lacks the item"
            return Unreadable(unread, table)
    match part.operation:
        case Lookup(item=item, period=period):
            return _lookup(reports[0], item, period)
        case Share(part=item, whole=whole):
            return _share(reports[0], item, whole)
        case Change() as change:
            return _change(reports, change)
        case Compare() as compare:
            return _compare(reports, compare)
        case Total(item=item):
            return _total(reports, item)
        case Ranking() as ranking:
            return _rank(reports, ranking)
        case Listing(items=items, table2_rows=rows):
            return _listing(reports, items, rows)
    raise AssertionError(f"no resolver for {part.operation!r}")


def _items(op: Operation) -> tuple[Metric, ...]:
    """Every table item an operation reads (wholes included)."""
    match op:
        case Lookup(item=item) | Total(item=item):
            return (item,)
        case Share(part=item, whole=whole) | Change(item=item, whole=whole) | Ranking(item=item, whole=whole):
            return (item,) if whole is None else (item, whole)
        case Compare(first=first, second=second):
            return (first, second)
        case Listing(items=items):
            return items
    return ()


def _lookup(report: Report, metric: Metric, period: str | None) -> Result:
    fact = _fact(report, metric)
    if not fact.derivation.cells:
        return Missing(f"{report.meta.agency}{report.meta.year}年报告中没有「{metric.label}」这一项")
    if fact.value is None:
        return Blank((fact,), fact)
    if period is None:
        return LookupResult(fact)
    days = 366 if calendar.isleap(report.meta.year) else 365
    periods = {"月": 12, "季度": 4, "周": 52}.get(period, days)
    name = period if period in ("月", "季度", "周") else "天"
    average = Fact(f"平均每{name}", spread(fact.derivation, periods, name), (report,))
    return LookupResult(fact, average)


def _share_facts(report: Report, metric: Metric, whole: Metric | None) -> ShareResult | Result:
    whole_metric = whole if whole is not None and whole != metric else default_denominator(metric)
    if whole_metric is None:
        return Missing(f"问题没有说明「{metric.label}」是占什么的比例，请说明")
    part = _fact(report, metric)
    whole_fact = _fact(report, whole_metric)
    if not part.derivation.cells or not whole_fact.derivation.cells:
        return Missing(f"{report.meta.agency}{report.meta.year}年报告中没有「{metric.label}」这一项")
    if part.value is None or whole_fact.value is None:
        return Blank((part, whole_fact), part if part.value is None else whole_fact)
    ratio = share(part.derivation, whole_fact.derivation, f"{metric.label}占{whole_metric.label}的比例")
    return ShareResult(part, whole_fact, Fact(f"{metric.label}占比", ratio, (report,)))


def _share(report: Report, metric: Metric, whole: Metric | None) -> Result:
    return _share_facts(report, metric, whole)


def _change(reports: Sequence[Report], change: Change) -> Result:
    """Later minus earlier; a multiple divides the year named first by the other (「2023年是2024年的几倍」)."""
    later = max(reports, key=lambda r: r.meta.year)
    earlier = min(reports, key=lambda r: r.meta.year)
    if change.answer == "times":
        later, earlier = reports[0], reports[1]
    if change.ratio:
        shares = [_share_facts(r, change.item, change.whole) for r in (later, earlier)]
        bad = next((s for s in shares if not isinstance(s, ShareResult)), None)
        if bad is not None:
            return bad
        pair = [s.share for s in shares if isinstance(s, ShareResult)]
    else:
        pair = [_fact(r, change.item) for r in (later, earlier)]
        if any(not f.derivation.cells for f in pair):
            return Missing(f"所比较的年度报告中没有「{change.item.label}」这一项")
    if any(f.value is None for f in pair):
        return Blank(tuple(pair), next(f for f in pair if f.value is None))
    return _changed(pair[0], pair[1], change)


def _changed(new: Fact, old: Fact, change: Change) -> Result:
    later, earlier = new.reports[0], old.reports[0]
    delta = difference(new.derivation, old.derivation, f"{later.meta.year}年比{earlier.meta.year}年")
    if change.ratio:
        delta = replace(delta, unit="百分点")
    change_fact = Fact(f"{change.item.label}变化", delta, (later, earlier))
    growth = None
    if old.value and not change.ratio:
        counted = Derivation(delta.value, "件", delta.formula, delta.cells)
        growth = Fact("同比变化率", share(counted, old.derivation, "同比变化率"), (later, earlier))
    if change.answer == "growth" and growth is None:
        return Missing(f"{earlier.meta.year}年的「{change.item.label}」为零，无法计算增长率")
    if change.answer == "times":
        if not old.value:
            return Missing(f"{earlier.meta.year}年的「{change.item.label}」为零，无法计算倍数")
        times = Fact("倍数", multiple(new.derivation, old.derivation, "前者是后者的倍数"), (later, earlier))
        return CompareResult(new, old, times, times, "times")
    primary = growth if change.answer == "growth" and growth is not None else change_fact
    if change.direction == "less" and (primary.value or 0) < 0:
        primary = replace(primary, derivation=negated(primary.derivation))  # 「减少了多少」: how much less
    return ChangeResult(new, old, change_fact, growth, primary)


def _compare(reports: Sequence[Report], compare: Compare) -> Result:
    pairs = (
        [(reports[0], compare.first), (reports[0], compare.second)]
        if compare.first != compare.second
        else [(reports[0], compare.first), (reports[1], compare.second)]
    )
    first, second = (_fact(r, m) for r, m in pairs)
    if any(not f.derivation.cells for f in (first, second)):
        return Missing(f"{reports[0].meta.agency}{reports[0].meta.year}年报告中没有所比较的项目")
    if first.value is None or second.value is None:
        return Blank((first, second), first if first.value is None else second)
    both = first.reports + tuple(r for r in second.reports if r.id != first.reports[0].id)
    if compare.answer == "times":
        if not second.value:
            return Missing(f"{_who(second)}的「{second.label}」为零，无法计算倍数")
        times = Fact("倍数", multiple(first.derivation, second.derivation, "前者是后者的倍数"), both)
        return CompareResult(first, second, times, times, "times")
    gap = Fact("两者之差", difference(first.derivation, second.derivation, "前者减后者"), both)
    primary = gap
    if (gap.value or 0) < 0 and compare.direction != "more":
        primary = replace(gap, derivation=negated(gap.derivation))  # how much less, asked as such
    return CompareResult(first, second, gap, primary, "gap")


def _who(fact: Fact) -> str:
    return f"{fact.reports[0].meta.agency}{fact.reports[0].meta.year}年"


def _total(reports: Sequence[Report], metric: Metric) -> Result:
    parts = tuple(_fact(r, metric) for r in reports)
    if all(not p.derivation.cells for p in parts):
        return Missing(f"所问报告中没有「{metric.label}」这一项")
    summed = total([p.derivation for p in parts], f"{len(reports)}份报告合计")
    fact = Fact(f"{metric.label}合计", summed, tuple(reports))
    if summed.value is None:
        return Blank(parts, parts[0])
    return TotalResult(parts, fact)


def _rank(reports: Sequence[Report], ranking: Ranking) -> Result:
    """Reports ordered by the item, or by its share; a report that leaves the item blank (or lacks
    it) is named, not ranked as 0."""
    facts: list[Fact] = []
    if ranking.over == "items":  # the parts of one item in one report (each reason of 不予公开)
        facts = [_fact(reports[0], m) for m in split_item(ranking.item)]
        facts = [f for f in facts if f.derivation.cells]
    for report in reports if ranking.over != "items" else ():
        if ranking.ratio:
            found = _share_facts(report, ranking.item, ranking.whole)
            if isinstance(found, ShareResult):
                facts.append(found.share)
        else:
            facts.append(_fact(report, ranking.item))
    known = [f for f in facts if f.value is not None]
    if not known:
        return Missing(f"所问报告都没有「{ranking.item.label}」的数字，无法排序")
    known.sort(key=lambda f: float(f.value or 0), reverse=ranking.order == "more")
    if ranking.over == "items":
        return RankResult(tuple(known), (), ranking.order, ranking.over, False)
    ranked_ids = {f.reports[0].id for f in known}
    unranked = tuple(
        f"{r.meta.agency}{r.meta.year}年报告没有该项数字，未参与排序"
        for r in reports
        if r.id not in ranked_ids
    )
    return RankResult(
        tuple(known), unranked, ranking.order, ranking.over, ranking.comparative, ranking.by_how_much
    )


def _listing(reports: Sequence[Report], items: Sequence[Metric], rows: Sequence[str]) -> Result:
    """Every item for every report, one by one; items a report's layout does not have are left out
    when others are there."""
    facts = [_fact(r, m) for r in reports for m in items]
    for report in reports:
        facts += [
            _fact(report, proactive_metric(row, c)) for row in rows for c in _layout_columns(report, row)
        ]
    present = [f for f in facts if f.derivation.cells]
    if not present:
        return Missing(f"{reports[0].meta.agency}{reports[0].meta.year}年报告中没有所问的项目")
    return ListResult(tuple(present))


def _layout_columns(report: Report, row: str) -> tuple[str, ...]:
    """The columns of a table-2 row in the report's own layout (2021: 制发/废止/现行有效; 2019: 新制作 …)."""
    if report.tables.layout == "2019":
        return schema.PROACTIVE_2019_ROW_COLUMNS.get(row, ())
    return schema.PROACTIVE_ROW_COLUMNS.get(row, ())
