"""Structured answers: a Query's figures computed from the reports' cells, each with its derivation.

Lookups, shares, year-on-year changes, sums and rankings across agencies all reduce to `ingest.metrics`
on the cells — never to a language model. The result (`Resolution`) lists the facts to state and
which one answers the question; qa.compose words them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ingest import schema
from ingest.metrics import (
    Derivation,
    Metric,
    application_metric,
    difference,
    evaluate,
    proactive_metric,
    share,
    total,
)
from ingest.numerals import parse_cell
from ingest.parse.labels import compact
from ingest.records import Report, TableCell
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
    notes: list[str] = field(default_factory=list)

    @property
    def derivations(self) -> list[Derivation]:
        return [f.derivation for f in self.facts]


def _denominator_for(metric: Metric) -> Metric:
    """Outcome rows are shares of 办理结果总计; applicant columns of the same row's 总计."""
    if metric.rows == ("new_received",) and metric.columns != ("total",):
        return application_metric("new_received")
    if metric.rows in (("new_received",), ("carried_over",)):
        return application_metric("new_received")
    return application_metric("total_handled")


def _lookup(report: Report, metric: Metric) -> Resolution:
    derivation = evaluate(report.tables, metric)
    fact = Fact(metric.label, derivation, (report,), metric=metric)
    if not derivation.cells:
        return Resolution(
            missing=f"{report.meta.agency}{report.meta.year}年报告中没有读到「{metric.label}」这一项"
        )
    return Resolution([fact], fact, blank=derivation.value is None)


def _share(report: Report, metric: Metric, denominator: Metric | None) -> Resolution:
    whole_metric = denominator or _denominator_for(metric)
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


def _compare(reports: Sequence[Report], metric: Metric) -> Resolution:
    later, earlier = sorted(reports[:2], key=lambda r: -r.meta.year)
    d_later, d_earlier = evaluate(later.tables, metric), evaluate(earlier.tables, metric)
    if d_later.value is None or d_earlier.value is None:
        return Resolution(
            blank=True,
            facts=[
                Fact(metric.label, d_later, (later,), metric=metric),
                Fact(metric.label, d_earlier, (earlier,), metric=metric),
            ],
        )
    change = difference(d_later, d_earlier, f"{later.meta.year}年比{earlier.meta.year}年")
    facts = [
        Fact(metric.label, d_later, (later,), "later", metric),
        Fact(metric.label, d_earlier, (earlier,), "earlier", metric),
        Fact(f"{metric.label}变化", change, (later, earlier), "change"),
    ]
    if d_earlier.value:
        growth = share(Derivation(change.value, "件", change.formula, change.cells), d_earlier, "同比变化率")
        facts.append(Fact("同比变化率", growth, (later, earlier), "growth"))
    return Resolution(facts, facts[2])


def _sum(reports: Sequence[Report], metric: Metric) -> Resolution:
    parts = [Fact(metric.label, evaluate(r.tables, metric), (r,), "part", metric) for r in reports]
    summed = total([p.derivation for p in parts], f"{len(reports)}个机关合计")
    fact = Fact(f"{metric.label}合计", summed, tuple(reports), "sum")
    return Resolution([*parts, fact], fact, blank=summed.value is None)


def _rank(reports: Sequence[Report], metric: Metric, question: str) -> Resolution:
    parts = [Fact(metric.label, evaluate(r.tables, metric), (r,), "part", metric) for r in reports]
    known = [p for p in parts if p.derivation.value is not None]
    if not known:
        return Resolution(blank=True, facts=parts)
    lowest = any(w in question for w in ("最少", "最低"))
    known.sort(key=lambda p: float(p.derivation.value or 0), reverse=not lowest)
    best = known[0]
    return Resolution(known, Fact(best.label, best.derivation, best.reports, "rank", metric))


def raw_lookup(report: Report, row_key: str, question: str) -> Resolution:
    """Older table-2 layouts (本年新制作数量, 对外公开总数量 …) answered from the raw grid."""
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
        for col, head in enumerate(header[1:], start=1):
            if head and head in q and col < len(row):
                value = parse_cell(row[col])
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
                label = f"{row[0]}{head}"
                derivation = Derivation(value, "件", f"表二/{row[0]}/{head}", (cell,))
                fact = Fact(label, derivation, (report,))
                return Resolution([fact], fact, blank=value is None)
    return Resolution(
        missing=f"{report.meta.agency}{report.meta.year}年报告表二中没有「{row_label.label}」的这一栏"
    )


def resolve(query: Query, reports: Sequence[Report]) -> Resolution:
    """The facts a structured Query asks for, computed on the given (already loaded) reports."""
    if query.raw_item is not None and query.metric is None:
        report = reports[0]
        raw = raw_lookup(report, query.raw_item.row_label, query.question)
        if raw.primary is not None or report.tables.layout == "2019":
            return raw
        # 2021 layout and no column named: 规章/规范性文件 are asked as 本年制发 by default
        resolution = _lookup(report, proactive_metric(query.raw_item.row_label, "issued"))
        resolution.notes.append("未指明是制发、废止还是现行有效件数，按「本年制发件数」回答")
        return resolution
    metric = query.metric
    assert metric is not None
    if query.intent == "share":
        return _share(reports[0], metric, query.denominator)
    if query.intent == "compare_years" and len(reports) >= 2:
        return _compare(reports, metric)
    if query.intent == "sum_agencies" and len(reports) >= 2:
        return _sum(reports, metric)
    if query.intent == "rank":
        return _rank(reports, metric, query.question)
    return _lookup(reports[0], metric)
