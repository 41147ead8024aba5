"""Structured answers: a Query's figures computed from the reports' cells, each with its derivation.

Lookups, shares, year-on-year changes, sums and rankings across agencies all reduce to `ingest.metrics`
on the cells — never to a language model. The result (`Resolution`) lists the facts to state and
which one answers the question; qa.compose words them.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

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
from ingest.numerals import NotANumber, parse_cell
from ingest.parse.labels import compact
from ingest.records import Report, TableCell
from qa.intent import asks_decrease, asks_increase, ranks_lowest
from qa.records import Query


@dataclass(frozen=True)
class Fact:
    """A figure to state: what it is, for which report(s), and how it follows from the cells."""

    label: str
    derivation: Derivation
    reports: tuple[Report, ...]
    role: str = "value"  # value / part / whole / share / earlier / later / change / growth / sum / rank
    metric: Metric | None = None  # the table item, when the fact is one (not a share or change)


@dataclass
class Resolution:
    facts: list[Fact] = field(default_factory=list)
    primary: Fact | None = None
    blank: bool = False  # the report leaves the asked cell blank
    missing: str | None = None  # the asked item is not in the report at all
    listed: bool = False  # several facts answer together (intent "each"); `primary` stays None
    notes: list[str] = field(default_factory=list)

    @property
    def derivations(self) -> list[Derivation]:
        return [f.derivation for f in self.facts]


def _lookup(report: Report, metric: Metric) -> Resolution:
    derivation = evaluate(report.tables, metric)
    fact = Fact(metric.label, derivation, (report,), metric=metric)
    if not derivation.cells:
        return Resolution(
            missing=f"{report.meta.agency}{report.meta.year}年报告中没有读到「{metric.label}」这一项"
        )
    return Resolution([fact], fact, blank=derivation.value is None)


def _per_period(report: Report, metric: Metric, period: str) -> Resolution:
    """The year's figure and its average per month, day, week or quarter of that year."""
    found = _lookup(report, metric)
    if found.primary is None or found.blank:
        return found
    days = 366 if calendar.isleap(report.meta.year) else 365
    periods, name = {"月": (12, "月"), "季度": (4, "季度"), "周": (52, "周"), "星期": (52, "周")}.get(
        period, (days, "天")
    )
    average = Fact(f"平均每{name}", spread(found.primary.derivation, periods, name), (report,), "average")
    return Resolution([*found.facts, average], average)


def _share(report: Report, metric: Metric, denominator: Metric | None) -> Resolution:
    whole_metric = denominator or default_denominator(metric)
    if whole_metric is None:
        return Resolution(missing=f"问题没有说明「{metric.label}」是占什么的比例，请说明")
    part = evaluate(report.tables, metric)
    whole = evaluate(report.tables, whole_metric)
    if part.value is None or whole.value is None:
        return Resolution(blank=True, facts=[Fact(metric.label, part, (report,), metric=metric)])
    ratio = share(part, whole, f"{metric.label}占{whole_metric.label}的比例")
    facts = [
        Fact(metric.label, part, (report,), "part", metric),
        Fact(whole_metric.label, whole, (report,), "whole", whole_metric),
        Fact(f"{metric.label}占比", ratio, (report,), "share"),
    ]
    return Resolution(facts, facts[-1])


def _compare(reports: Sequence[Report], query: Query, metric: Metric) -> Resolution:
    """The item in two years and the change (with 同比); for a share (「公开率比上年变化多少」) the two
    shares and their change in 百分点. Over a span of years (「2022年到2024年」) the first and the last."""
    later = max(reports, key=lambda r: r.meta.year)
    earlier = min(reports, key=lambda r: r.meta.year)
    if query.ratio:
        shares = [_share(r, metric, query.denominator) for r in (later, earlier)]
        if any(s.missing for s in shares):
            return shares[0]
        if any(s.primary is None for s in shares):
            return Resolution(blank=True, facts=[s.facts[0] for s in shares])
        pair = [s.primary for s in shares if s.primary is not None]
    else:
        pair = [Fact(metric.label, evaluate(r.tables, metric), (r,), metric=metric) for r in (later, earlier)]
    d_later, d_earlier = (f.derivation for f in pair)
    if d_later.value is None or d_earlier.value is None:
        return Resolution(blank=True, facts=pair)
    change = difference(d_later, d_earlier, f"{later.meta.year}年比{earlier.meta.year}年")
    facts = [
        replace(pair[0], role="later"),
        replace(pair[1], role="earlier"),
        Fact(
            f"{metric.label}变化",
            replace(change, unit="百分点") if query.ratio else change,
            (later, earlier),
            "change",
        ),
    ]
    if d_earlier.value and not query.ratio:
        growth = share(Derivation(change.value, "件", change.formula, change.cells), d_earlier, "同比变化率")
        facts.append(Fact("同比变化率", growth, (later, earlier), "growth"))
    if query.growth and facts[-1].role != "growth":  # a rate of change from 0 cannot be given
        return Resolution(missing=f"{earlier.meta.year}年的「{metric.label}」为零，无法计算增长率")
    primary = facts[-1] if query.growth else facts[2]
    if asks_decrease(query.question) and (primary.derivation.value or 0) < 0:
        # 「减少了多少」 is answered by how much less (1343), the sign is in the question
        primary = replace(primary, derivation=negated(primary.derivation))
    return Resolution(facts, primary)


def _pair(pairs: Sequence[tuple[Report, Metric]]) -> list[Fact]:
    """The first and the second figure of a comparison, in the order asked."""
    return [
        Fact(m.label, evaluate(r.tables, m), (r,), role, m)
        for (r, m), role in zip(pairs, ("first", "second"), strict=True)
    ]


def _difference(pairs: Sequence[tuple[Report, Metric]], question: str) -> Resolution:
    """Two figures — two items of one report, or one item of two agencies — and the first minus the second;
    answered as how far apart they are, unless the question asks how much more (「洪泽区比淮安市多多少」)."""
    pair = _pair(pairs)
    if any(f.derivation.value is None for f in pair):
        return Resolution(blank=True, facts=pair)
    gap = difference(pair[0].derivation, pair[1].derivation, "前者减后者")
    facts = [*pair, Fact("两者之差", gap, tuple(r for r, _ in pairs), "gap")]
    primary = facts[-1]
    if (gap.value or 0) < 0 and not asks_increase(question):
        primary = replace(primary, derivation=negated(gap))
    return Resolution(facts, primary)


def _times(pairs: Sequence[tuple[Report, Metric]]) -> Resolution:
    """Two figures and how many times the second the first is (「2024年是2023年的几倍」)."""
    pair = _pair(pairs)
    if any(f.derivation.value is None for f in pair):
        return Resolution(blank=True, facts=pair)
    if pair[1].derivation.value == 0:
        second = pair[1].reports[0]
        return Resolution(
            missing=f"{second.meta.agency}{second.meta.year}年的「{pair[1].label}」为零，无法计算倍数"
        )
    times = multiple(pair[0].derivation, pair[1].derivation, "前者是后者的倍数")
    facts = [*pair, Fact("倍数", times, tuple(r for r, _ in pairs), "multiple")]
    return Resolution(facts, facts[-1])


def _sum(reports: Sequence[Report], metric: Metric) -> Resolution:
    parts = [Fact(metric.label, evaluate(r.tables, metric), (r,), "part", metric) for r in reports]
    summed = total([p.derivation for p in parts], f"{len(reports)}份报告合计")
    fact = Fact(f"{metric.label}合计", summed, tuple(reports), "sum")
    return Resolution([*parts, fact], fact, blank=summed.value is None)


def _each(reports: Sequence[Report], items: Sequence[Metric]) -> Resolution:
    """Every item for every report, stated one by one: no sum, and no single figure answers.
    Rows a report's layout does not have (其他处理 split or single) are left out when others are there."""
    facts = [Fact(m.label, evaluate(r.tables, m), (r,), "item", m) for r in reports for m in items]
    present = [f for f in facts if f.derivation.cells]
    return Resolution(present or facts, listed=True)


def _rank(reports: Sequence[Report], query: Query, metric: Metric) -> Resolution:
    """Agencies ordered by the metric, or by its share (「哪个单位公开率最高」); a report that leaves the
    item blank is named, not ranked as 0."""
    if query.ratio:
        shares = [_share(r, metric, query.denominator) for r in reports]
        if all(s.missing for s in shares):
            return shares[0]
        parts = [s.primary for s in shares if s.primary is not None]
    else:
        parts = [Fact(metric.label, evaluate(r.tables, metric), (r,), "part", metric) for r in reports]
    known = [p for p in parts if p.derivation.value is not None]
    if not known:
        return Resolution(
            blank=True,
            facts=parts or [Fact(metric.label, evaluate(reports[0].tables, metric), (reports[0],))],
        )
    known.sort(key=lambda p: float(p.derivation.value or 0), reverse=not ranks_lowest(query.question))
    best = known[0]
    ranked = {p.reports[0].id for p in known}
    notes = [
        f"{r.meta.agency}{r.meta.year}年报告未填写该项，未参与排名" for r in reports if r.id not in ranked
    ]
    return Resolution(
        known, Fact(best.label, best.derivation, best.reports, "rank", best.metric), notes=notes
    )


def _raw_fact(report: Report, row_key: str, row: list[str], index: int, col: int, head: str) -> Fact:
    try:
        value = parse_cell(row[col])
    except NotANumber:
        value = None  # a note printed in a value cell is not a figure
    cell = TableCell(
        schema.TABLE_PROACTIVE,
        row_key,
        head,
        value,
        row[col],
        row[0],
        head,
        f"表二原表第{index + 1}行第{col + 1}列",
    )
    return Fact(f"{row[0]}{head}", Derivation(value, "件", f"表二/{row[0]}/{head}", (cell,)), (report,))


def raw_lookup(report: Report, row_key: str, question: str) -> Resolution:
    """Older table-2 layouts (本年新制作数量, 对外公开总数量 …) answered from the raw grid: the column the
    question names, or every column of the row, listed, when it names none (「规章多少件」)."""
    row_label = schema.PROACTIVE_ROW_BY_KEY[row_key]
    names = (row_label.label, *row_label.aliases)
    header: list[str] = []
    q = compact(question)
    for index, row in enumerate(report.tables.raw_table2):
        if row and row[0] == "信息内容":
            header = row
            continue
        if not row or row[0] not in names or not header:
            continue
        columns = [(col, head) for col, head in enumerate(header[1:], start=1) if head and col < len(row)]
        facts = [_raw_fact(report, row_key, row, index, col, head) for col, head in columns]
        named = [fact for fact, (_, head) in zip(facts, columns, strict=True) if _names_column(q, head)]
        if named:
            return Resolution(named[:1], named[0], blank=named[0].derivation.value is None)
        if facts:
            return Resolution(facts, listed=True)
    return Resolution(
        missing=f"{report.meta.agency}{report.meta.year}年报告表二中没有「{row_label.label}」的这一栏"
    )


def _names_column(question: str, head: str) -> bool:
    """「本年新制作规章多少件」 names the column 本年新制作数量; 「新公开」 names 本年新公开数量."""
    core = re.sub(r"^本年|总?数量$|总数$|数$", "", head)
    return head in question or (len(core) >= 2 and core in question)


def resolve(query: Query, reports: Sequence[Report]) -> Resolution:
    """The facts a structured Query asks for, computed on the given (already loaded) reports."""
    if query.raw_item is not None and query.metric is None:
        report = reports[0]
        raw = raw_lookup(report, query.raw_item.row_label, query.question)
        if raw.primary is not None or report.tables.layout == "2019":
            return raw
        # 2021 layout and no column named (「规范性文件多少件」): 制发, 废止 and 现行有效, from the cells
        row = query.raw_item.row_label
        return _each(reports[:1], [proactive_metric(row, c) for c in schema.PROACTIVE_ROW_COLUMNS[row]])
    metric = query.metric
    assert metric is not None
    if query.intent == "share":
        return _share(reports[0], metric, query.denominator)
    if query.multiple and len(query.items) == 2:
        return _times([(reports[0], m) for m in query.items])
    if query.multiple and len(reports) >= 2:
        return _times([(r, metric) for r in reports[:2]])
    if query.intent == "compare_years" and len(reports) >= 2:
        return _compare(reports, query, metric)
    if query.intent == "sum_agencies" and len(reports) >= 2:
        return _sum(reports, metric)
    if query.intent == "rank":
        return _rank(reports, query, metric)
    if query.intent == "difference" and len(query.items) == 2:
        return _difference([(reports[0], m) for m in query.items], query.question)
    if query.intent == "difference" and len(reports) == 2:
        return _difference([(r, metric) for r in reports], query.question)
    if query.intent == "each":
        return _each(reports, query.items or (metric,))
    if query.period is not None:
        return _per_period(reports[0], metric, query.period)
    return _lookup(reports[0], metric)
