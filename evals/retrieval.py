"""Retrieval hit rates for narrative items: is the gold report in the top k, and the passage that holds
the evidence quote (and its section)?

A prose answer can only be as good as what retrieval hands the composer; scoring the two apart tells
an evaluator whether a miss is a ranking problem or a composing one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from evals.gold import GoldItem
from evals.score import OVERLAP_PASS, evidence_quote, overlap
from ingest.records import Chunk, StoredReport


@dataclass(frozen=True)
class Hit:
    """A retrieved passage, whichever retriever returned it."""

    report: StoredReport
    section: str
    text: str


@dataclass(frozen=True)
class Probe:
    report_at_1: bool
    report_in_k: bool
    evidence_in_k: bool
    section_in_k: bool | None  # None: the evidence was not found in any passage of the gold report
    gold_section: str | None
    k: int

    def to_json(self) -> dict[str, object]:
        return self.__dict__.copy()


def gold_report(item: GoldItem, catalog: Sequence[StoredReport]) -> StoredReport | None:
    """The stored report a gold item is about: same file name, else same agency and year."""
    by_name = [r for r in catalog if r.source_name == item.report]
    if by_name:
        return by_name[0]
    return next((r for r in catalog if r.agency == item.agency and r.year == item.year), None)


def is_gold(report: StoredReport, item: GoldItem, gold: StoredReport | None) -> bool:
    return (gold is not None and report.id == gold.id) or (
        report.agency == item.agency and report.year == item.year
    )


def gold_section(item: GoldItem, chunks: Sequence[Chunk]) -> str | None:
    """The section of the gold report's passage that best holds the evidence quote (None below 0.5)."""
    quote = evidence_quote(item)
    best = max(((overlap(quote, c.text), c.section) for c in chunks if c.kind == "prose"), default=(0.0, ""))
    return best[1] if best[0] >= OVERLAP_PASS else None


def probe(
    item: GoldItem, hits: Sequence[Hit], gold: StoredReport | None, section: str | None, k: int
) -> Probe:
    quote = evidence_quote(item)
    top = list(hits[:k])
    right = [h for h in top if is_gold(h.report, item, gold)]
    return Probe(
        report_at_1=bool(top) and is_gold(top[0].report, item, gold),
        report_in_k=bool(right),
        evidence_in_k=any(overlap(quote, h.text) >= OVERLAP_PASS for h in right),
        section_in_k=None if section is None else any(h.section == section for h in right),
        gold_section=section,
        k=k,
    )
