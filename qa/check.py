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
from dataclasses import replace

from ingest.agree import agrees
from ingest.figures import MONEY_FACTORS, Figure, extract_figures
from ingest.lexicon.prose import CHANGE_WORDS, DECREASE_WORDS, INCREASE_WORDS, metric_in
from ingest.metrics import Derivation, Metric, default_denominator, evaluate, share
from ingest.records import Report
from qa.places import mention_forms
from qa.records import Evidence, FigureCheck

_YEAR_MENTION = re.compile(r"((?:19|20)\d{2})\s*年")
_DECREASE = DECREASE_WORDS
_CHANGE_DIRECTION = re.compile("|".join(sorted((*INCREASE_WORDS, *DECREASE_WORDS), key=len, reverse=True)))
_SENTENCE_END = "。；;！？!?\n"
_QUOTED = re.compile(r"「([^「」]+)」")


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


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


def _agency_before(text: str, pos: int, agencies: set[str]) -> str | None:
    """The agency named last before `pos`, in the figure's sentence or else anywhere before it; the
    deeper name wins at the same place (「淮安市洪泽区」 is 洪泽区, not 淮安市)."""
    for start in (_sentence_start(text, pos), 0):
        named = [
            (i + len(form), len(form), agency)
            for agency in agencies
            for form in mention_forms(agency)
            if (i := text.rfind(form, start, pos)) >= 0
        ]
        if named:
            return max(named)[2]
    return None


def _in_scope(text: str, figure: Figure, reports: Sequence[Report]) -> list[Report]:
    """The reports a figure speaks about: the year and the agency named before it."""
    year = _year_before(text, figure.start)
    agencies = {r.meta.agency for r in reports}
    agency = _agency_before(text, figure.start, agencies) if len(agencies) > 1 else None
    scoped = [r for r in reports if year in (None, r.meta.year) and agency in (None, r.meta.agency)]
    return scoped or list(reports)


def _direction(left: str) -> int:
    """-1 when the change word nearest before a figure says it went down (减少3件, 同比下降32.6%)."""
    words = _CHANGE_DIRECTION.findall(left)
    return -1 if words and words[-1] in _DECREASE else 1


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
    previous: Metric | None = None  # the item the figure before, in the same sentence, was about
    for figure in extract_figures(text):
        sentence = _sentence_start(text, figure.start)
        if sentence >= previous_end:
            previous = None
        start = max(previous_end, sentence)
        left = text[start : figure.start]
        previous_end = figure.end
        unit = figure.unit or ""
        verdict, source = _judge(text, figure, left, evidence, previous)
        if verdict == "supported" and figure.bound is not None:
            source = {**source, "approx": figure.approx}  # 「约3100件」: agrees as far as an 约数 can
        if figure.unit != "%":
            previous = metric_in(left)
        checks.append(FigureCheck(figure.text, figure.value, unit, verdict, source, figure.start, figure.end))  # type: ignore[arg-type]
    return checks


def _judge(
    text: str, figure: Figure, left: str, evidence: Evidence, previous: Metric | None = None
) -> tuple[str, dict[str, object]]:
    span = _quoted_span(text, figure)
    if span is not None:
        return _judge_quoted(span, evidence.quotes)
    change = any(w in left for w in CHANGE_WORDS) or _CHANGE_DIRECTION.search(left) is not None
    share_of = metric_in(left) if figure.unit == "%" and not change else None
    if share_of is not None:  # 「不予公开的申请占比5.8%」: a share of the item it names
        return _judge_share(figure, share_of, _in_scope(text, figure, evidence.reports), evidence)
    if figure.unit == "%" or change:
        wanted = "%" if figure.unit == "%" else None
        candidates = [d for d in evidence.derivations if (d.unit == "%") == (wanted == "%")]
        candidates = [d for d in candidates if d.value is not None and (wanted == "%" or "−" in d.formula)]
        signed = replace(figure, value=-figure.value) if change and _direction(left) < 0 else figure
        for d in candidates:
            if agrees(signed, d.value, d.unit):
                return "supported", _source(d)
        if figure.unit == "%" and not change and previous is not None:
            # 「予以公开1362件，占比44.7%」: a share of the item of the figure before it
            verdict, source = _judge_share(
                figure, previous, _in_scope(text, figure, evidence.reports), evidence
            )
            if verdict == "supported" or not candidates:
                return verdict, source
        if candidates:
            return "contradicted", {"kind": "derivation", "expected": [_source(d) for d in candidates]}
        return "unsupported", {"kind": "none", "why": "答案依据中没有可对照的比例或变化量"}
    metric = metric_in(left)
    if metric is not None and _unit_fits(figure, metric.unit):
        results = [(r, evaluate(r.tables, metric)) for r in _in_scope(text, figure, evidence.reports)]
        for report, derivation in results:
            if agrees(figure, derivation.value, derivation.unit):
                return "supported", _source(derivation, report)
        present = [(r, d) for r, d in results if d.value is not None]
        if present:
            return "contradicted", {
                "kind": "cell",
                "claim": metric.label,
                "expected": [_source(d, r) for r, d in present],
            }
    for d in evidence.derivations:
        same_kind = (figure.unit or "件") == d.unit or (
            figure.unit in MONEY_FACTORS and d.unit in MONEY_FACTORS
        )
        if d.value is not None and same_kind and agrees(figure, d.value, d.unit):
            return "supported", _source(d)
    quote = _figure_in_quotes(text, figure, evidence.quotes)
    if quote is not None:
        return "supported", {"kind": "quote", "quote": quote}
    return "unsupported", {"kind": "none", "why": "表格与引文中都找不到这个数字"}


def _judge_share(
    figure: Figure, named: Metric, reports: Sequence[Report], evidence: Evidence
) -> tuple[str, dict[str, object]]:
    """A percentage that names its item (「不予公开的申请占比5.8%」) is a share of that item: one of the
    answer's own shares of it, or its share of the default whole (ingest.metrics.default_denominator)."""
    shares: list[tuple[Report | None, Derivation]] = []
    for report in reports:
        part = evaluate(report.tables, named)
        shares += [
            (None, d) for d in evidence.derivations if d.unit == "%" and set(part.cells) <= set(d.cells)
        ]
        whole = default_denominator(named)
        if whole is not None:
            shares.append((report, share(part, evaluate(report.tables, whole))))
    present = [(r, d) for r, d in shares if d.value is not None]
    for source_report, d in present:
        if agrees(figure, d.value, "%"):
            return "supported", _source(d, source_report)
    if present:
        return "contradicted", {
            "kind": "derivation",
            "claim": f"{named.label}占比",
            "expected": [_source(d, r) for r, d in present],
        }
    return "unsupported", {"kind": "none", "why": f"无法由表格算出「{named.label}」的占比"}
