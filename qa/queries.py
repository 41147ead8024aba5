"""Stage 3's record — the Query: what a question asks, resolved against the store, as a tagged union.

    TableQuery     figures computed from cells, part by part (a two-part question has two parts)
    ProseQuery     sentences of the reports' text
    Refusal        the store cannot answer; why, and what it holds (an aside or a prose rescue at most)
    Clarification  the question is ambiguous; the question back names what is unclear
    GlossaryQuery  what a category of the tables means

Every variant carries the `Reading`: the question as read and what explained each of its spans
(`coverage`, design §4), and the assumptions stated in the answer. Each table operation is its own
record, with its direction, order and unit explicit, so later stages never look at the words again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from ingest.metrics import Metric
from ingest.records import StoredReport

Direction = Literal["more", "less"]


@dataclass(frozen=True)
class Coverage:
    span: str
    explained_by: str | None  # None: nothing explains it (no figure is stated over it)

    def to_json(self) -> dict[str, Any]:
        return {"span": self.span, "explained_by": self.explained_by}


@dataclass(frozen=True)
class Reading:
    question: str  # as asked
    text: str  # as read (markup and whitespace dropped, traditional characters converted)
    coverage: tuple[Coverage, ...] = ()
    assumptions: tuple[str, ...] = ()
    label: str = ""  # the reading stated in the answer: 按「……」理解

    @property
    def unexplained(self) -> tuple[str, ...]:
        return tuple(c.span for c in self.coverage if c.explained_by is None)


# ---- table operations ------------------------------------------------------------------------


@dataclass(frozen=True)
class Lookup:
    item: Metric
    period: str | None = None  # 平均每月 …: the year's figure spread over its months


@dataclass(frozen=True)
class Share:
    part: Metric
    whole: Metric | None  # None: the usual whole of the part (ingest.metrics.default_denominator)


@dataclass(frozen=True)
class Change:
    """One item in two years of one agency (the reports: later first)."""

    item: Metric
    whole: Metric | None = None  # a share's change, in 百分点, when set (or `ratio`)
    ratio: bool = False
    answer: Literal["amount", "growth", "times"] = "amount"
    direction: Direction | None = None  # asked: 减少了多少 is answered as how much less


@dataclass(frozen=True)
class Compare:
    """Two figures in the order asked: two items of one report, or one item of two agencies."""

    first: Metric
    second: Metric
    answer: Literal["gap", "times"] = "gap"
    direction: Direction | None = None


@dataclass(frozen=True)
class Total:
    """One item summed over the reports (several agencies, several years)."""

    item: Metric


@dataclass(frozen=True)
class Ranking:
    item: Metric
    whole: Metric | None = None
    ratio: bool = False  # ranked by the item's share (公开率最高)
    order: Direction = "more"
    over: Literal["agencies", "years", "items"] = "agencies"  # items: the parts of one item (哪一项理由最多)
    comparative: bool = False  # two things compared: 更多, not 最多
    by_how_much: bool = False  # 「谁多？多多少」: the gap between the two is asked too (and answers)


@dataclass(frozen=True)
class Listing:
    """Several figures stated one by one, never summed (分别, two tables, two years …)."""

    items: tuple[Metric, ...]
    table2_rows: tuple[str, ...] = ()  # table-2 rows named without a column: every column of the layout


Operation = Lookup | Share | Change | Compare | Total | Ranking | Listing

INTENTS: dict[type, str] = {
    Lookup: "lookup",
    Share: "share",
    Change: "compare_years",
    Compare: "difference",
    Total: "sum_agencies",
    Ranking: "rank",
    Listing: "each",
}


@dataclass(frozen=True)
class TablePart:
    operation: Operation
    reports: tuple[StoredReport, ...]
    money_unit: str | None = None  # 元 or 亿元 asked: the 万元 figure also in that unit
    yes_no: bool = False


# ---- the union ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class TableQuery:
    reading: Reading
    parts: tuple[TablePart, ...]


@dataclass(frozen=True)
class ProseQuery:
    reading: Reading
    reports: tuple[StoredReport, ...]
    search: str  # what retrieval looks for: the question without agencies, years and courtesies
    keywords: tuple[str, ...]
    must: tuple[str, ...] = ()  # words a sentence must hold (a qualifier no table has: 外省, 驳回)
    about: tuple[str, ...] = ()  # a department's names: the sentence must name it (one of them)
    focus: tuple[str, ...] = ()  # keywords next to the question word
    counted: tuple[str, ...] = ()  # what a 多少/几 question counts (all its words: 专职 + 人员)
    unit: str | None = None
    wants_number: bool = False
    yes_no: bool = False
    section: str | None = None  # the section the question points at
    plans: bool = False  # 打算, 下一步: sentences about the future first
    dated: bool = False  # 什么时候: only a sentence that prints a date answers
    change: bool = False  # a change between two reports' prose figures
    stated_change: Metric | None = None  # a table item's change the prose may state
    stated: bool = False  # a change is asked: only a figure the prose states as a change answers
    preface: str = ""  # said before the quote (why the tables do not answer)
    direction: Direction | None = None


@dataclass(frozen=True)
class Refusal:
    reading: Reading
    reason: str
    aside: TablePart | None = None  # the latest report's figure, offered as an aside (not the answer)
    rescue: ProseQuery | None = None  # prose that may state exactly what was asked
    suggestions: tuple[str, ...] = ()  # questions the citizen may mean instead (a near-miss name corrected)


@dataclass(frozen=True)
class Clarification:
    reading: Reading
    asked_back: str  # the question back, naming what is unclear
    suggestions: tuple[str, ...] = ()  # the question asked of each candidate agency


@dataclass(frozen=True)
class GlossaryQuery:
    reading: Reading
    terms: tuple[str, ...]


Query = TableQuery | ProseQuery | Refusal | Clarification | GlossaryQuery


def intent_of(query: Query) -> str:
    """The coarse kind of question, as the answer JSON and the staff archive name it."""
    match query:
        case TableQuery(parts=parts):
            return INTENTS[type(parts[0].operation)]
        case ProseQuery():
            return "narrative"
        case GlossaryQuery():
            return "explain"
        case Refusal(aside=TablePart() as aside):
            return INTENTS[type(aside.operation)]
        case _:
            return "unknown"


def first_item(op: Operation) -> Metric | None:
    """The (first) table item an operation is about."""
    match op:
        case Lookup(item=item) | Change(item=item) | Total(item=item) | Ranking(item=item):
            return item
        case Share(part=part):
            return part
        case Compare(first=first):
            return first
        case Listing(items=items):
            return items[0] if items else None
    return None


def reports_of(query: Query) -> tuple[StoredReport, ...]:
    match query:
        case TableQuery(parts=parts):
            return tuple(dict.fromkeys(r for p in parts for r in p.reports))
        case ProseQuery(reports=reports):
            return reports
        case Refusal(aside=aside, rescue=rescue):
            return (aside.reports if aside else ()) + (rescue.reports if rescue else ())
        case _:
            return ()
