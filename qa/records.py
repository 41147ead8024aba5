"""Records of the answering stages after the query (design §1): passages, drafts, checked figures, the
answer. The question's own records are in qa.tag (Tagging), qa.frame (Frame), qa.queries (Query) and
qa.resolve (results).

    Query -> resolve | retrieve -> compose -> Draft -> check -> Answer

`Answer.to_json()` is the **contract** of `nianbao ask --json` (design §4); extra keys only extend it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from ingest.metrics import Derivation
from ingest.records import Number, Report, StoredReport


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
