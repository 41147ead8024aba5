"""Records of the question-answering stages (design §1):

    question -> understand -> Query -> retrieve/resolve -> Evidence -> compose -> Draft -> check -> Answer

`Answer.to_json()` is the **contract** of `nianbao ask --json` (design §4); extra keys only extend it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from ingest.metrics import Derivation, Metric
from ingest.records import Number, Report, StoredReport

Intent = Literal[
    "lookup",  # one figure from a table
    "share",  # a percentage of two figures
    "compare_years",  # the same figure in two years: difference / 同比
    "sum_agencies",  # the same figure summed over agencies
    "rank",  # which agency has the most / least
    "each",  # several figures stated one by one, never summed (「分别多少」, two agencies, two tables)
    "difference",  # two items of one report and how far apart they are (「予以公开比部分公开多多少」)
    "narrative",  # answered from the prose
    "explain",  # what a category means (不予公开 vs 无法提供 …)
    "unknown",
]


@dataclass(frozen=True)
class RawItem:
    """A table-2 cell of an older layout kept only in the raw grid (e.g. 规章「对外公开总数量」)."""

    row_label: str
    column_label: str


@dataclass(frozen=True)
class Query:
    """What a question asks, resolved against the reports in the store."""

    question: str
    intent: Intent
    reports: tuple[StoredReport, ...] = ()  # the reports the answer is about, in the order asked
    metric: Metric | None = None
    denominator: Metric | None = None  # for shares
    items: tuple[Metric, ...] = ()  # intent "each": the items asked one by one (else `metric` per report)
    ratio: bool = False  # rank / compare_years of the metric's share (「哪个单位公开率最高」「公开率比上年」)
    growth: bool = False  # compare_years answered by the rate of change (「同比增长率」「增长百分之多少」)
    multiple: bool = False  # difference / compare_years answered by the quotient (「是2023年的几倍」)
    period: str | None = None  # a lookup spread over the year's 月/天/周/季度 (「平均每月」)
    raw_item: RawItem | None = None
    wants_number: bool = False  # 「多少」「几」: a narrative question expecting a figure
    keywords: tuple[str, ...] = ()  # salient words for retrieval and for checking passages
    leftovers: tuple[str, ...] = ()  # content words no table item explains (「外省」): the table can't answer
    focus: tuple[str, ...] = ()  # keywords next to the question word (「编制什么材料」 -> 编制, 材料)
    counted: str | None = None  # what a 多少/几 question counts (「多少名专职工作人员」 -> 专职)
    yes_no: bool = False
    assumptions: tuple[str, ...] = ()  # said in the answer: 「未指明年份，按最新的2024年报告回答」
    refusal: str | None = None  # set when the store cannot answer; the reason, in Chinese
    clarification: str | None = None  # set when the question is ambiguous; the question back


@dataclass(frozen=True)
class Passage:
    """A retrieved chunk with its report and scores."""

    chunk_id: str
    report: StoredReport
    section: str
    heading: str
    kind: str
    text: str
    score: float


@dataclass(frozen=True)
class Citation:
    report: str  # source file name
    agency: str
    year: int
    section: str  # the section heading
    quote: str  # the sentence quoted, or the cell path with its value

    def to_json(self) -> dict[str, Any]:
        return {
            "report": self.report,
            "agency": self.agency,
            "year": self.year,
            "section": self.section,
            "quote": self.quote,
        }


Verdict = Literal["supported", "contradicted", "unsupported"]


@dataclass(frozen=True)
class FigureCheck:
    """One figure of an answer and what the checker found for it."""

    text: str
    value: Number
    unit: str
    verdict: Verdict
    source: dict[str, Any]  # {"kind": "cell"|"derivation"|"quote", ...provenance}
    start: int = 0
    end: int = 0

    def to_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "value": self.value,
            "unit": self.unit,
            "verdict": self.verdict,
            "source": self.source,
        }


@dataclass(frozen=True)
class Draft:
    """A composed answer before checking: its text, the figure that answers, and what it rests on."""

    text: str
    answerable: bool
    mode: Literal["structured", "extractive", "llm"]
    primary: Derivation | None = None
    primary_unit: str | None = None
    derivations: tuple[Derivation, ...] = ()
    citations: tuple[Citation, ...] = ()
    passages: tuple[Passage, ...] = ()


@dataclass(frozen=True)
class Evidence:
    """What an answer may rest on: the reports it is about, the derivations it states, the passages it cites.
    The checker verifies an answer's text against exactly this (and evals perturb answers against it)."""

    reports: Sequence[Report]
    derivations: Sequence[Derivation] = ()
    quotes: Sequence[str] = ()


@dataclass
class Answer:
    question: str
    answer: str
    answerable: bool
    primary_figure: dict[str, Any] | None
    figures: list[FigureCheck]
    citations: list[Citation]
    mode: str
    latency_ms: float
    query: dict[str, Any] = field(default_factory=dict)
    assumptions: list[str] = field(default_factory=list)
    derivation: str | None = None
    evidence: Evidence | None = field(default=None, repr=False, compare=False)  # not part of the JSON

    @property
    def verdict(self) -> str:
        """One word for the archive: refused / contradicted / unverified / verified / no_figures."""
        if not self.answerable:
            return "refused"
        verdicts = {f.verdict for f in self.figures}
        if "contradicted" in verdicts:
            return "contradicted"
        if "unsupported" in verdicts:
            return "unverified"
        return "verified" if verdicts else "no_figures"

    def to_json(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "answer": self.answer,
            "answerable": self.answerable,
            "primary_figure": self.primary_figure,
            "figures": [f.to_json() for f in self.figures],
            "citations": [c.to_json() for c in self.citations],
            "mode": self.mode,
            "latency_ms": round(self.latency_ms, 2),
            "verdict": self.verdict,
            "derivation": self.derivation,
            "assumptions": self.assumptions,
            "query": self.query,
        }
