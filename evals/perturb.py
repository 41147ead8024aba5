"""Checker audit: corrupt the figures of checked answers and see whether `qa.check` notices.

For every answer whose figures the checker supported, each figure is corrupted in the ways a composer
(or an LLM) gets numbers wrong — off by one, a factor of ten, two figures swapped, 万元 read as 元 and
back, a percentage one point off — and the corrupted text is checked against the very evidence the
answer had. A corruption is detected when a corrupted figure comes out contradicted or unsupported;
one the extractor no longer reads as a figure at all counts as undetected ("lost").
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from qa.check import Evidence, check_text
from qa.records import FigureCheck

_NUM = re.compile(r"\d[\d,]*(?:\.\d+)?")
Edit = tuple[int, int, str]  # replace text[start:end] by the string


@dataclass(frozen=True)
class Case:
    """One corrupted copy of an answer and what the checker said about the corrupted figures."""

    item_id: str
    kind: str
    what: str  # 「6件 -> 7件」
    text: str
    detected: bool
    lost: bool  # the corrupted figure was not read as a figure at all
    verdicts: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return self.__dict__.copy()


@dataclass
class Audit:
    """Detection over all cases; `skipped` answers whose evidence could not be reproduced."""

    cases: list[Case] = field(default_factory=list)
    answers: int = 0
    skipped: list[str] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        by_kind: dict[str, list[int]] = {}
        for c in self.cases:
            by_kind.setdefault(c.kind, [0, 0])
            by_kind[c.kind][0] += c.detected
            by_kind[c.kind][1] += 1
        detected = sum(c.detected for c in self.cases)
        return {
            "answers_audited": self.answers,
            "answers_skipped": len(self.skipped),
            "cases": len(self.cases),
            "detected": detected,
            "detection_rate": detected / len(self.cases) if self.cases else None,
            "lost": sum(c.lost for c in self.cases),
            "by_kind": {
                k: {"detected": d, "cases": n, "rate": d / n} for k, (d, n) in sorted(by_kind.items())
            },
        }


def _number_text(value: float, like: str) -> str:
    """`value` printed with as many decimals as the figure it replaces."""
    m = re.search(r"\.(\d+)", like)
    if m:
        return f"{value:.{len(m.group(1))}f}"
    return str(round(value)) if float(value).is_integer() else f"{value:g}"


def retext(fig: FigureCheck, value: float | None = None, unit: str | None = None) -> str:
    """The figure's text with another value and/or unit, as a composer would have printed it."""
    new_value = float(fig.value) if value is None else value
    text = fig.text
    m = _NUM.search(text)
    printed = float(m.group().replace(",", "")) if m else None
    if m is None or printed is None or (printed != 0 and abs(float(fig.value) / printed - 1) > 1e-9):
        # Chinese numerals or a scaled figure (2.3万件): print the new value plainly
        text = _number_text(new_value, "") + (fig.unit or "")
    elif value is not None:
        text = text[: m.start()] + _number_text(new_value, m.group()) + text[m.end() :]
    if unit is not None and fig.unit:
        cut = text.rfind(fig.unit)
        text = text[:cut] + unit + text[cut + len(fig.unit) :] if cut >= 0 else text
    return text


def corruptions(text: str, figures: Sequence[FigureCheck]) -> Iterator[tuple[str, str, list[Edit]]]:
    """(kind, description, edits) for every corruption of every figure (and adjacent pairs)."""
    for fig in figures:
        value = float(fig.value)
        one: list[tuple[str, str]] = []
        if fig.unit == "%":
            one += [("pct_plus_1pt", retext(fig, value + 1)), ("pct_minus_1pt", retext(fig, value - 1))]
        else:
            one.append(("plus_1", retext(fig, value + 1)))
            if value >= 1:
                one.append(("minus_1", retext(fig, value - 1)))
            if value != 0:
                one.append(("times_10", retext(fig, value * 10)))
        if fig.unit == "万元":
            one.append(("wanyuan_as_yuan", retext(fig, unit="元")))
        elif fig.unit == "元":
            one.append(("yuan_as_wanyuan", retext(fig, unit="万元")))
        for kind, new in one:
            if new != fig.text:
                yield kind, f"{fig.text} -> {new}", [(fig.start, fig.end, new)]
    for a, b in itertools.pairwise(figures):
        if float(a.value) != float(b.value) and a.unit == b.unit:
            new_a, new_b = retext(a, float(b.value)), retext(b, float(a.value))
            yield "swap", f"{a.text}<->{b.text}", [(a.start, a.end, new_a), (b.start, b.end, new_b)]


def apply(text: str, edits: Sequence[Edit]) -> tuple[str, list[tuple[int, int]]]:
    """The edited text and where each replacement now sits."""
    out, spans, cursor = [], [], 0
    for start, end, new in sorted(edits):
        out.append(text[cursor:start])
        offset = sum(len(p) for p in out)
        spans.append((offset, offset + len(new)))
        out.append(new)
        cursor = end
    out.append(text[cursor:])
    return "".join(out), spans


def audit_answer(item_id: str, text: str, figures: Sequence[FigureCheck], evidence: Evidence) -> list[Case]:
    cases = []
    for kind, what, edits in corruptions(text, figures):
        corrupted, spans = apply(text, edits)
        checks = check_text(corrupted, evidence)
        hit = [c for c in checks for s, e in spans if c.start < e and s < c.end]
        lost = any(not any(c.start < e and s < c.end for c in checks) for s, e in spans)
        detected = any(c.verdict != "supported" for c in hit)
        verdicts = tuple(f"{c.text}:{c.verdict}" for c in hit)
        cases.append(Case(item_id, kind, what, corrupted, detected, lost and not detected, verdicts))
    return cases


def auditable(figures: Sequence[FigureCheck]) -> bool:
    """A numeric answer whose every figure the checker supported (the clean side of the audit)."""
    return bool(figures) and all(f.verdict == "supported" for f in figures)


def reproduces(text: str, figures: Sequence[FigureCheck], evidence: Evidence) -> bool:
    """The recorded evidence gives the same verdicts as the service did (else auditing it means nothing)."""
    again = check_text(text, evidence)
    return [(f.text, f.verdict) for f in again] == [(f.text, f.verdict) for f in figures]
