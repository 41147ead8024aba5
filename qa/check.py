"""The rule-based numeric checker: every figure of an answer against the tables (design §6).

Each figure is bound to what it claims by the words before it (the same lexicon as the reports' own
prose, ingest.lexicon) and by the nearest year named before it; the claim is evaluated on that report's
cells. A figure whose claim the cells give a different value is *contradicted*. A figure without a
nameable claim is supported only by a derivation the answer rests on, or verbatim by a cited quote;
otherwise it is *unsupported*. Percentages and changes are matched against the answer's derivations
within rounding. Nothing here trusts the composer: an LLM draft goes through the same function.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ingest.figures import Figure, extract_figures
from ingest.lexicon import CHANGE_WORDS, metric_in
from ingest.metrics import Derivation, evaluate
from ingest.records import Number, Report
from qa.records import Evidence, FigureCheck

_YEAR_MENTION = re.compile(r"((?:19|20)\d{2})\s*年")
_SENTENCE_END = "。；;！？!?\n"
_QUOTED = re.compile(r"「([^「」]+)」")


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _decimals(text: str) -> int:
    m = re.search(r"\d+\.(\d+)", text)
    return len(m.group(1)) if m else 0


def _same(figure: Figure, value: Number | None, unit: str) -> bool:
    """Equal within the figure's printed precision, after converting money units (元 <-> 万元)."""
    if value is None:
        return False
    got = float(figure.value)
    if figure.unit in ("元", "万元", "亿元") and unit in ("元", "万元", "亿元"):
        scale = {"元": 1.0, "万元": 10_000.0, "亿元": 100_000_000.0}
        got = got * scale[figure.unit] / scale[unit]
    elif (figure.unit == "%") != (unit == "%"):
        return False
    if unit == "%":
        tolerance = max(0.05, 0.5 * 10.0 ** -_decimals(figure.text))
        return abs(got - float(value)) <= tolerance + 1e-9
    tolerance = 0.5 * 10.0 ** -_decimals(figure.text) if _decimals(figure.text) else 0.0
    return abs(got - float(value)) <= tolerance + 1e-9


def _unit_fits(figure: Figure, unit: str) -> bool:
    """A figure can claim a cell only in the cell's kind of unit: 件 counts, money for 万元."""
    if unit == "万元":
        return figure.unit in ("元", "万元", "亿元")
    return figure.unit in ("件", None)


def _sentence_start(text: str, pos: int) -> int:
    return max((text.rfind(ch, 0, pos) for ch in _SENTENCE_END), default=-1) + 1


def _year_before(text: str, pos: int) -> int | None:
    years = [int(m.group(1)) for m in _YEAR_MENTION.finditer(text, _sentence_start(text, pos), pos)]
    if not years:
        years = [int(m.group(1)) for m in _YEAR_MENTION.finditer(text, 0, pos)]
    return years[-1] if years else None


def _quoted_span(text: str, figure: Figure) -> str | None:
    """The 「…」 span of the answer that holds the figure, if any."""
    for m in _QUOTED.finditer(text):
        if m.start(1) <= figure.start and figure.end <= m.end(1):
            return _compact(m.group(1)).strip("…")
    return None


def _judge_quoted(span: str, quotes: Sequence[str]) -> tuple[str, dict[str, object]]:
    """A figure inside a quotation must be quoted verbatim. The same words around another number
    in a cited passage mean the quotation altered it (contradicted); otherwise it is unsupported."""
    for quote in quotes:
        if span in _compact(quote):
            return "supported", {"kind": "quote", "quote": quote}
    pattern = r"\d+(?:\.\d+)?".join(re.escape(part) for part in re.split(r"\d+(?:\.\d+)?", span))
    for quote in quotes:
        found = re.search(pattern, _compact(quote))
        if found:
            return "contradicted", {"kind": "quote", "quote": quote, "printed": found.group(0)}
    return "unsupported", {"kind": "none", "why": "引号内的文字与所引原文不符"}


_FILLER = "共计为有达了约近超逾余是的"


def _figure_in_quotes(text: str, figure: Figure, quotes: Sequence[str]) -> str | None:
    """A cited passage that prints this figure (same value and unit) after the same words: the two
    characters that name it in the answer must stand just before it in the passage."""
    left = re.sub(rf"[^\u4e00-\u9fff]|[{_FILLER}]", "", text[max(0, figure.start - 12) : figure.start])[-2:]
    for quote in quotes:
        for other in extract_figures(quote):
            if other.unit != figure.unit or float(other.value) != float(figure.value):
                continue
            before = re.sub(r"[^\u4e00-\u9fff]", "", quote[max(0, other.start - 10) : other.start])
            if not left or left in before:
                return quote
    return None


def _source(derivation: Derivation, report: Report | None = None) -> dict[str, object]:
    cells = [
        {"path": c.path, "value": c.value, "raw_text": c.raw_text, "position": c.position}
        for c in derivation.cells
    ]
    kind = (
        "cell"
        if len(derivation.cells) == 1 and derivation.formula == derivation.cells[0].path
        else "derivation"
    )
    out: dict[str, object] = {"kind": kind, "formula": derivation.formula, "cells": cells}
    if derivation.note:
        out["note"] = derivation.note
    if report is not None:
        out.update(report=report.source_name, agency=report.meta.agency, year=report.meta.year)
    return out


def check_text(text: str, evidence: Evidence) -> list[FigureCheck]:
    """A verdict for every figure in `text` (years, dates, document numbers are not figures)."""
    checks = []
    previous_end = 0
    for figure in extract_figures(text):
        start = max(previous_end, _sentence_start(text, figure.start))
        left = text[start : figure.start]
        previous_end = figure.end
        unit = figure.unit or ""
        verdict, source = _judge(text, figure, left, evidence)
        checks.append(FigureCheck(figure.text, figure.value, unit, verdict, source, figure.start, figure.end))  # type: ignore[arg-type]
    return checks


def _judge(text: str, figure: Figure, left: str, evidence: Evidence) -> tuple[str, dict[str, object]]:
    span = _quoted_span(text, figure)
    if span is not None:
        return _judge_quoted(span, evidence.quotes)
    if figure.unit == "%" or any(w in left for w in CHANGE_WORDS):
        wanted = "%" if figure.unit == "%" else None
        candidates = [d for d in evidence.derivations if (d.unit == "%") == (wanted == "%")]
        candidates = [d for d in candidates if d.value is not None and (wanted == "%" or "−" in d.formula)]
        for d in candidates:
            if _same(figure, d.value, d.unit):
                return "supported", _source(d)
        if candidates:
            return "contradicted", {"kind": "derivation", "expected": [_source(d) for d in candidates]}
        return "unsupported", {"kind": "none", "why": "答案依据中没有可对照的比例或变化量"}
    metric = metric_in(left)
    if metric is not None and _unit_fits(figure, metric.unit):
        year = _year_before(text, figure.start)
        reports = [r for r in evidence.reports if year is None or r.meta.year == year] or list(
            evidence.reports
        )
        results = [(r, evaluate(r.tables, metric)) for r in reports]
        for report, derivation in results:
            if _same(figure, derivation.value, derivation.unit):
                return "supported", _source(derivation, report)
        present = [(r, d) for r, d in results if d.value is not None]
        if present:
            return "contradicted", {
                "kind": "cell",
                "claim": metric.label,
                "expected": [_source(d, r) for r, d in present],
            }
    for d in evidence.derivations:
        if d.value is not None and (figure.unit or "件") == d.unit and _same(figure, d.value, d.unit):
            return "supported", _source(d)
    quote = _figure_in_quotes(text, figure, evidence.quotes)
    if quote is not None:
        return "supported", {"kind": "quote", "quote": quote}
    return "unsupported", {"kind": "none", "why": "表格与引文中都找不到这个数字"}
