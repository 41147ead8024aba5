"""Scoring one answer against one gold item: the rules of `shared/tools/score_qa.py`, extended.

The verdict (`Verdict.ok`) is exactly the outside scorer's, so our accuracy and theirs agree item by
item. What we add is measurement around it, never a different pass/fail: the answer_text overlap of
narrative items, citation precision, and a severity used to rank the worst misses.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from evals.gold import GoldItem
from ingest.parse.labels import lcs_length

# The outside scorer's words for 「the report leaves this cell blank」.
BLANK_WORDS = ("空", "未填", "未列", "未载", "没有填写", "未提供", "未公布", "未统计", "未报告")
OVERLAP_PASS = 0.5
EVIDENCE_CHARS = 200
Answer = Mapping[str, Any]


def overlap(evidence: str, text: str) -> float:
    """Share of the evidence's characters found, in order, in text (LCS / len(evidence))."""
    a, b = evidence.replace(" ", ""), text.replace(" ", "")
    return lcs_length(a, b) / len(a) if a and b else 0.0


def evidence_quote(item: GoldItem) -> str:
    """The evidence sentence as the outside scorer compares it (outer quote marks dropped, ≤200 chars)."""
    return item.evidence.strip('“”「」"')[:EVIDENCE_CHARS]


@dataclass(frozen=True)
class Verdict:
    ok: bool
    why: str
    rule: str  # numeric | blank_cell | unanswerable | narrative | no_answer
    severity: int = (
        0  # for ranking misses: 3 wrong figure stated, 2 answered the unanswerable, 1 refused/vague
    )


def tolerance(item: GoldItem) -> float:
    return 0.05 if item.unit == "%" else 0.005


def judge(item: GoldItem, ans: Answer | None) -> Verdict:
    """Right or wrong, and why, by the rules of score_qa.py (design §5)."""
    if ans is None:
        return Verdict(False, "no answer", "no_answer", 1)
    number = item.answer_number
    answerable = ans.get("answerable", True)
    if item.type == "unanswerable":
        ok = answerable is False
        return Verdict(ok, f"answerable={answerable}", "unanswerable", 0 if ok else 2)
    if number is not None:
        fig = ans.get("primary_figure") or {}
        value = fig.get("value")
        if value is None or not answerable:
            return Verdict(False, f"no figure (answerable={answerable})", "numeric", 1)
        ok = abs(float(value) - float(number)) <= tolerance(item)
        return Verdict(ok, f"got {value} want {number}", "numeric", 0 if ok else 3)
    if item.type in ("narrative", "year_compare"):
        best = best_overlap(item, ans)
        ok = best >= OVERLAP_PASS
        return Verdict(
            ok, f"evidence overlap {best:.2f}", "narrative", 0 if ok else (1 if not answerable else 2)
        )
    said_blank = any(w in (ans.get("answer") or "") for w in BLANK_WORDS)
    ok = ans.get("primary_figure") is None and said_blank
    severity = 0 if ok else (3 if ans.get("primary_figure") is not None else 1)
    return Verdict(ok, "blank cell" + ("" if ok else f" (said blank={said_blank})"), "blank_cell", severity)


def best_overlap(item: GoldItem, ans: Answer) -> float:
    """The best evidence overlap over the cited quotes and the answer text."""
    ev = evidence_quote(item)
    texts = [c.get("quote", "") for c in ans.get("citations") or []] + [ans.get("answer") or ""]
    return max((overlap(ev, t) for t in texts), default=0.0)


def answer_text_overlap(item: GoldItem, ans: Answer | None) -> float | None:
    """How much of the gold answer_text the answer says (narrative items; an extra figure, not a verdict)."""
    if ans is None or item.type != "narrative" or not item.answer_text:
        return None
    return overlap(item.answer_text[:EVIDENCE_CHARS], ans.get("answer") or "")


def same_report(citation: Mapping[str, Any], item: GoldItem) -> bool:
    """A citation of the item's report: same file, or the same agency and year (a renamed copy)."""
    if citation.get("report") == item.report:
        return True
    return citation.get("agency") == item.agency and citation.get("year") == item.year


def citation_hits(item: GoldItem, ans: Answer | None) -> tuple[int, int]:
    """(citations from the right place, citations): the right report, and for table items the right table.

    A year_compare answer needs the other year too: any report of the same agency is right for it."""
    if ans is None or item.type == "unanswerable":
        return 0, 0
    citations: Sequence[Mapping[str, Any]] = ans.get("citations") or []
    if item.report is None and item.agency is None:
        return len(citations), len(citations)  # over several reports: no one report to cite
    table = item.evidence_table
    right = 0
    for c in citations:
        other_year = item.type == "year_compare" and c.get("agency") == item.agency
        if not (same_report(c, item) or other_year):
            continue
        where = f"{c.get('section', '')} {c.get('quote', '')}"
        if table is None or where.lstrip().startswith(table) or f"{table}/" in where:
            right += 1
    return right, len(citations)
