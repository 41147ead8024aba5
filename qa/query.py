"""Stage 3 — query: a Frame read against the store, into one variant of the Query union.

    >>> query = build_query(build_frame(tag("洪泽区2024年予以公开多少件？", index)), index, date(2026, 12, 4))
    >>> query.parts[0].operation
    Lookup(item=Metric(table='applications', rows=('granted',), ...))

A table figure is stated only when every content span of the question is explained: an agency the
store holds, a year it holds, table items, operation words. Otherwise the question goes to the prose
(its unexplained words must then be found there), is refused saying what was not understood or what the
store lacks, or is asked back.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from ingest.records import StoredReport
from qa.agencies import AgencyIndex, AgencyMention
from qa.coverage import coverage_of, reading_label
from qa.frame import Frame, Part
from qa.glossary import terms_in
from qa.operations import Counts, operation
from qa.prose_query import prose_query, stated_change_rescue
from qa.queries import (
    Change,
    Clarification,
    Compare,
    GlossaryQuery,
    Listing,
    Lookup,
    Operation,
    ProseQuery,
    Query,
    Ranking,
    Reading,
    Refusal,
    TablePart,
    TableQuery,
    Total,
)
from qa.scope import Agencies, MissingYears, NotHeld, Unclear, Years, agencies_of, missing_text, years_of

_ACROSS_OPS = frozenset({"rank", "which", "sum", "each"})


def build_query(frame: Frame, index: AgencyIndex, today: date) -> Query:
    """Read a framed question against the store (see the module docstring)."""
    reading = Reading(frame.tagging.question, frame.text, coverage_of(frame))
    early = _early(frame, index, reading)
    if early is not None:
        return early
    across = not frame.agencies and bool(frame.ops & _ACROSS_OPS) and frame.items_named
    scope = agencies_of(frame, index, across)
    match scope:
        case NotHeld(mention=mention):
            return _not_held(frame, mention, index, reading, today)
        case Unclear(asked_back=asked_back, span=span, candidates=candidates):
            return Clarification(reading, asked_back, suggested(reading.question, span, candidates))
    assert isinstance(scope, Agencies)
    reading = Reading(reading.question, reading.text, reading.coverage, scope.notes)
    if frame.items_named and table_answerable(frame):
        return _table(frame, scope, index, today, reading)
    if not frame.items_named and _only_who(frame):
        example = f"「{scope.names[0]}{index.years[scope.names[0]][-1]}年收到多少件政府信息公开申请？」"
        return Clarification(
            reading, f"请问想了解哪方面的内容？库中有{index.holdings(scope.names)}的年报，例如可以问{example}"
        )
    return prose_query(frame, scope, index, today, reading)


def _early(frame: Frame, index: AgencyIndex, reading: Reading) -> Query | None:
    if not index.years:
        return Refusal(reading, "库中还没有任何年报，请先导入报告。")
    example = _example(index)
    if not re.search(r"[\u4e00-\u9fff]", frame.text):
        return Refusal(
            reading, f"没能读懂这个问题，请用中文提问，例如{example}。库中现有：{index.holdings()}。"
        )
    if frame.opinion:
        return Refusal(reading, f"这里只回答年报中写明的事实和数字，不作评价或预测。可以问例如{example}")
    if frame.explain and not frame.wants_number:
        return GlossaryQuery(reading, tuple(terms_in(frame.text)))
    return None


def _example(index: AgencyIndex) -> str:
    agency = max(index.years, key=lambda a: (index.years[a][-1], a))
    return f"「{agency}{index.years[agency][-1]}年收到多少件政府信息公开申请？」"


def _only_who(frame: Frame) -> bool:
    """Only an agency (and a year) named: nothing to look up yet."""
    return not (
        frame.gaps or frame.topics or frame.beyond or frame.unused or frame.ops or frame.asks_what
    ) and not (frame.wants_number)


def table_answerable(frame: Frame) -> bool:
    """Every content span explained by table items, agencies, years and operations."""
    strong = any(t.role == "quantity" and t.key == "count" for t in frame.tagging.tags) or bool(
        frame.ops
        & {"rank", "which", "which_item", "which_year", "share", "compare", "gap", "times", "growth"}
    )
    return not (
        frame.gaps
        or frame.negations
        or frame.unused
        or frame.topics
        or frame.beyond
        or frame.unit in ("count", "time")
        or (frame.asks_what and not strong)
    )


def _not_held(
    frame: Frame, mention: AgencyMention, index: AgencyIndex, reading: Reading, today: date
) -> Query:
    """An agency the store holds no report of: refused, saying what the store holds there; a department
    of a held region may still be answered by its own sentence in the region's prose."""
    here = index.holdings(mention.held_here) if mention.held_here else ""
    under = index.holdings(index.agencies_under(mention.place)) if not here else ""
    where = (
        f"该地库中现有：{here}"
        if here
        else (f"该地区库中现有：{under}" if under else f"库中现有：{index.holdings()}")
    )
    hint = f"您是不是想问「{mention.suggestion}」？" if mention.suggestion else ""
    instead = (mention.suggestion,) if mention.suggestion else mention.held_here
    reason = f"库中没有{mention.what}的报告；{where}。{hint}"
    rescue = None
    if mention.department and mention.region_agency:
        rescue = prose_query(
            frame,
            Agencies((mention.region_agency,)),
            index,
            today,
            reading,
            mention.department,
            mention.organ,
        )
    return Refusal(
        reading,
        reason,
        rescue=rescue if isinstance(rescue, ProseQuery) else None,
        suggestions=suggested(reading.question, mention.text, instead),
    )


def suggested(question: str, span: str, names: Sequence[str], limit: int = 3) -> tuple[str, ...]:
    """The question asked of each name instead of the words `span` (before it when no span was named);
    the bare names when the span is not in the question as written (a traditional-character question)."""
    if span and span not in question:
        return tuple(names[:limit])
    return tuple(question.replace(span, name, 1) if span else name + question for name in names[:limit])


# ---- table queries -----------------------------------------------------------------------------


def _table(frame: Frame, scope: Agencies, index: AgencyIndex, today: date, reading: Reading) -> Query:
    parts: list[TablePart] = []
    notes = list(reading.assumptions)
    previous: tuple[str, ...] = scope.names
    for part in frame.parts:
        names = _part_agencies(part, scope) or previous
        previous = names
        built = _table_part(frame, part, names, scope.every, index, today, notes)
        if not isinstance(built, TablePart):
            return _with_reading(built, reading, notes)
        parts.append(built)
    label = reading_label(parts)
    return TableQuery(
        Reading(reading.question, reading.text, reading.coverage, tuple(dict.fromkeys(notes)), label),
        tuple(parts),
    )


def _with_reading(query: Query, reading: Reading, notes: list[str]) -> Query:
    full = Reading(
        reading.question, reading.text, reading.coverage, tuple(dict.fromkeys(notes)), reading.label
    )
    match query:
        case Refusal():
            return replace(query, reading=full)
        case Clarification():
            return replace(query, reading=full)
    return query


def _part_agencies(part: Part, scope: Agencies) -> tuple[str, ...]:
    return tuple(dict.fromkeys(m.agencies[0] for m in part.agencies if m.agencies))


def _counts(frame: Frame, names: tuple[str, ...], every: bool) -> Counts:
    years = {y for m in frame.years if m.kind == "year" for y in m.years}
    years |= {y for m in frame.years if m.kind == "range" for y in range(m.years[0], m.years[-1] + 1)}
    named = len(years) + sum(m.count for m in frame.years if m.kind == "recent")
    named += len([t for t in frame.relative if t.key != "latest"])
    return Counts(0 if every else len(names), named)


def _table_part(
    frame: Frame,
    part: Part,
    names: tuple[str, ...],
    every: bool,
    index: AgencyIndex,
    today: date,
    notes: list[str],
) -> TablePart | Query:
    counts = _counts(frame, names, every)
    op = operation(part, frame, counts)
    if op is None:
        return Clarification(Reading("", ""), "请说明要比较的是哪两项。")
    wanted = 2 if isinstance(op, Change) else (0 if isinstance(op, Ranking) and op.over == "years" else 1)
    reports = []
    for agency in names:
        found = _completed(op, years_of(frame, agency, index, today, wanted), index.years[agency], agency)
        if isinstance(found, MissingYears):
            if _skippable(op, names):
                notes.append(f"库中没有{agency}{'、'.join(f'{y}年' for y in found.missing)}的报告，未列入")
                continue
            return _missing(frame, op, found, index, today)
        notes += found.notes if len(names) == 1 else []
        reports += [index.reports[(agency, y)] for y in found.years]
    if not reports:
        return Refusal(Reading("", ""), f"库中没有所问年份的相关报告。库中现有：{index.holdings()}。")
    if len(names) > 1 and not frame.years and not frame.relative:
        different = "（年份不同）" if len({r.year for r in reports}) > 1 else ""
        notes.append(
            f"未指明年份，各机关均按库中最新的年度报告{different}："
            + "，".join(f"{r.agency}{r.year}年" for r in reports)
        )
    return TablePart(_adjusted(op, reports), tuple(reports), _money_unit(frame), "yes_no" in part.ops)


def _skippable(op: Operation, names: tuple[str, ...]) -> bool:
    return len(names) > 1 and isinstance(op, (Total, Ranking, Listing))


def _completed(
    op: Operation, found: Years | MissingYears, held: tuple[int, ...], agency: str
) -> Years | MissingYears:
    """A change named with one year compares it with the year before (「2024年减少了多少」)."""
    if not isinstance(op, Change) or not isinstance(found, Years) or len(found.years) != 1:
        return found
    before = found.years[0] - 1
    if before not in held:
        return MissingYears(agency, (before,), None, held)
    return Years((found.years[0], before), found.notes)


def _adjusted(op: Operation, reports: list[StoredReport]) -> Operation:
    """A ranking of one agency over its years; a listing over one year of one agency is a lookup."""
    if isinstance(op, Listing) and len(op.items) == 1 and not op.table2_rows and len(reports) == 1:
        return Lookup(op.items[0])
    if (
        isinstance(op, Ranking)
        and op.over == "agencies"
        and len({r.agency for r in reports}) == 1
        and len(reports) > 1
    ):
        return Ranking(op.item, op.whole, op.ratio, op.order, "years", op.comparative)
    if isinstance(op, Compare) and op.first == op.second and len(reports) != 2:
        return Lookup(op.first)
    return op


def _missing(frame: Frame, op: Operation, missing: MissingYears, index: AgencyIndex, today: date) -> Query:
    """A year the store lacks. A relative year offers the latest report's figure as an aside only; a
    change may be stated in the prose of the year that is held (「比上年度增加3件」)."""
    reason = missing_text(missing)
    reading = Reading("", "")
    if missing.relative and isinstance(op, (Lookup, Listing, Total)):
        latest = index.reports[(missing.agency, missing.held[-1])]
        aside_op = op if not isinstance(op, Total) else Lookup(op.item)
        return Refusal(reading, reason, aside=TablePart(aside_op, (latest,)))
    if isinstance(op, (Change, Compare)):
        rescue = stated_change_rescue(frame, op, missing, index)
        return Refusal(reading, reason, rescue=rescue)
    return Refusal(reading, reason)


def _money_unit(frame: Frame) -> str | None:
    return frame.unit if frame.unit in ("元", "亿元") else None
