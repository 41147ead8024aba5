"""Stage 5 — compose: short, natural Chinese answers from the results (offline; qa.llm may reword).

Every figure is written right after the words that name it (「予以公开的申请1362件」, qa.wording), so the
checker can bind each figure to its table item; the derivation goes into the figure's provenance, not
the prose. A blank cell is said to be blank (「报告未填写该项」), never 0. A two-part question is answered
part by part; its first part's figure is the answer's primary figure. The reading is stated at the end
(按「……」理解), with the assumptions made.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal

from ingest import schema
from ingest.figures import MONEY_FACTORS
from ingest.metrics import Derivation, difference
from ingest.numerals import plain
from ingest.records import Report
from qa.queries import Clarification, GlossaryQuery, Refusal, TablePart, TableQuery
from qa.records import Citation, Draft
from qa.resolve import (
    Blank,
    ChangeResult,
    CompareResult,
    Fact,
    ListResult,
    LookupResult,
    Missing,
    RankResult,
    Result,
    ShareResult,
    TotalResult,
    Unreadable,
)
from qa.wording import fmt_number, phrase


@dataclass(frozen=True)
class Said:
    """One part of an answer: its words, the figure that answers it, and what it rests on."""

    text: str
    answerable: bool = True
    primary: Derivation | None = None
    facts: tuple[Fact, ...] = ()
    notes: tuple[str, ...] = field(default=())
    quotes: tuple[Citation, ...] = ()  # prose sentences the words cite (「该报告正文另称……」)


def who(report: Report) -> str:
    return f"{report.meta.agency}{report.meta.year}年"


def _named(fact: Fact) -> str:
    """The words that introduce a fact's figure: the metric's phrase, or its label."""
    return phrase(fact.metric) if fact.metric is not None else f"「{fact.label}」为"


def _stated(fact: Fact) -> str:
    return f"{_named(fact)}{fmt_number(fact.value, fact.derivation.unit)}"


# ---- one result -------------------------------------------------------------------------------


def say(result: Result, part: TablePart) -> Said:
    """The words of one part's result."""
    match result:
        case LookupResult():
            return _lookup(result, part)
        case ShareResult():
            return _share(result)
        case ChangeResult():
            return _change(result)
        case CompareResult():
            return _compare(result)
        case TotalResult(parts=parts, total=summed):
            listed = "，".join(f"{who(f.reports[0])}{_stated(f)}" for f in parts)
            text = f"{listed}；以上合计{fmt_number(summed.value, summed.derivation.unit)}。"
            return Said(text, True, summed.derivation, (*parts, summed))
        case RankResult():
            return _rank(result)
        case ListResult(facts=facts):
            return Said(_listed(facts), True, None, facts)
        case Blank():
            return _blank(result)
        case Missing(reason=reason):
            return Said(f"{reason}，无法回答。", False)
        case Unreadable(reports=reports, table=str() as table):
            names = "、".join(who(r) for r in reports)
            return Said(
                f"{names}报告的{schema.TABLE_SHORT[table]}未能读出，无法给出该表中的数字；可以问正文中的内容。",
                False,
            )
        case Unreadable(reports=reports):
            names = "、".join(who(r) for r in reports)
            return Said(
                f"{names}报告的表格未能读出（库中只存了正文），无法给出表格中的数字；可以问正文中的内容。",
                False,
            )
    raise AssertionError(f"nothing says {result!r}")


def _lookup(result: LookupResult, part: TablePart) -> Said:
    fact = result.fact
    report = fact.reports[0]
    amount = fmt_number(fact.value, fact.derivation.unit)
    yes = ("有。" if fact.value else "没有。") if part.yes_no and fact.derivation.unit != "万元" else ""
    if result.average is not None:
        average = result.average
        mean = fmt_number(round(float(average.value or 0), 1), average.derivation.unit)
        text = f"{who(report)}{_named(fact)}{amount}，{average.label}约{mean}（年报只有全年数，此为{average.derivation.note}）。"
        return Said(text, True, average.derivation, (fact, average))
    text = f"{yes}{who(report)}{_named(fact)}{amount}{_in_money_unit(part.money_unit, fact.derivation)}。"
    if fact.derivation.note:
        text += f"（{fact.derivation.note}。）"
    return Said(text, True, fact.derivation, (fact,))


def _share(result: ShareResult) -> Said:
    part, whole, ratio = result.part, result.whole, result.share
    stated = f"{who(part.reports[0])}{_stated(part)}，"
    whole_text = _stated(whole)
    if ratio.value is None:  # 「纠错率」 of a year without a single review
        return Said(f"{stated}{whole_text}，分母为零，无法计算比例。", True, None, (part, whole))
    text = f"{stated}占{whole_text}的{fmt_number(ratio.value, '%')}。"
    return Said(text, True, ratio.derivation, (part, whole, ratio))


def _change(result: ChangeResult) -> Said:
    later, earlier, change = result.later, result.earlier, result.change
    value = change.value or 0
    trend = "增加" if value > 0 else ("减少" if value < 0 else "持平，变化")
    new, old = later.reports[0], earlier.reports[0]
    p = _named(later)
    text = (
        f"{new.meta.agency}{new.meta.year}年{p}{fmt_number(later.value, later.derivation.unit)}，"
        f"{old.meta.year}年{p}{fmt_number(earlier.value, earlier.derivation.unit)}；"
        f"{new.meta.year}年比{old.meta.year}年{trend}{fmt_number(abs(value), change.derivation.unit)}"
    )
    growth = result.growth
    if growth is not None and growth.value is not None and value != 0:
        text += f"（同比{'增长' if value > 0 else '下降'}{fmt_number(abs(float(growth.value)), '%')}）"
    facts = (later, earlier, change, *((growth,) if growth else ()))
    return Said(text + "。", True, result.primary.derivation, facts)


def _two(first: Fact, second: Fact) -> str:
    """「A的X为a，(B的)Y为b；」: the two figures a difference or a multiple is made of."""
    other = who(second.reports[0]) if second.reports[0].id != first.reports[0].id else ""
    return f"{who(first.reports[0])}{_stated(first)}，{other}{_stated(second)}；"


def _compare(result: CompareResult) -> Said:
    facts = (result.first, result.second, result.result)
    if result.answer == "times":
        text = f"{_two(result.first, result.second)}前者是后者的{fmt_number(result.result.value, '倍')}。"
        return Said(text, True, result.primary.derivation, facts)
    value = result.result.value or 0
    unit = result.result.derivation.unit
    # 多出/少了 carry the direction for the checker (qa.check reads them as a signed change)
    how = (
        f"多出{fmt_number(value, unit)}"
        if value > 0
        else (f"少了{fmt_number(-value, unit)}" if value < 0 else "一样多")
    )
    return Said(
        f"{_two(result.first, result.second)}前者比后者{how}。", True, result.primary.derivation, facts
    )


def _rank_word(result: RankResult, ratio: bool) -> str:
    more = result.order == "more"
    word = ("高" if more else "低") if ratio else ("多" if more else "少")
    return ("更" if result.comparative or len(result.ranked) == 2 else "最") + word


def _rank(result: RankResult) -> Said:
    best = result.ranked[0]
    ratio = best.derivation.unit == "%"
    word = _rank_word(result, ratio)
    listed = "，".join(f"{who(f.reports[0])}{_stated(f)}" for f in result.ranked)
    if result.over == "years":
        head = f"{best.reports[0].meta.year}年{word}。"
    elif result.over == "items":
        tied = [f for f in result.ranked if f.value == best.value]
        names = "、".join(f"「{f.label.removesuffix('（总计）')}」" for f in tied)
        head = f"{who(best.reports[0])}{names}{'并列' if len(tied) > 1 else ''}{word}。"
        listed = "，".join(_stated(f) for f in result.ranked)
    else:
        head = f"按库中报告，{best.reports[0].meta.agency}{word}。"
    if result.by_how_much and result.order == "more" and len(result.ranked) == 2:
        gap = difference(best.derivation, result.ranked[1].derivation, "差值")
        if gap.value is not None:
            gap = replace(gap, unit="百分点") if ratio else gap
            # 多出 carries the direction for the checker, as in a comparison of two figures
            text = f"{head}{listed}；多出{fmt_number(gap.value, gap.unit)}。"
            second = result.ranked[1]
            fact = Fact(f"{best.label}差值", gap, best.reports + second.reports)
            return Said(text, True, gap, (*result.ranked, fact), result.unranked)
    return Said(f"{head}{listed}。", True, best.derivation, result.ranked, result.unranked)


def _blank(result: Blank) -> Said:
    fact = result.fact
    report, d = fact.reports[0], fact.derivation
    if d.unit == "%":
        return Said(f"{who(report)}「{fact.label}」{d.formula}。", True, None, result.facts)
    cell = next((c for c in d.cells if c.value is None), d.cells[0] if d.cells else None)
    where = cell.path if cell else fact.label
    text = f"{who(report)}报告未填写该项：表中「{where}」一栏为空白（空白不代表没有），无法给出数字。"
    return Said(text, True, None, result.facts)


def _one(fact: Fact) -> str:
    d = fact.derivation
    if d.value is None:
        return f"「{fact.label}」报告未填写（空白不代表没有）"
    return _stated(fact) + (f"（{d.note}）" if d.note else "")


def _listed(facts: Sequence[Fact]) -> str:
    """Several figures one by one, grouped by report, never summed."""
    by_report: dict[str, list[Fact]] = {}
    for fact in facts:
        by_report.setdefault(fact.reports[0].id, []).append(fact)
    return "；".join(who(g[0].reports[0]) + "，".join(_one(f) for f in g) for g in by_report.values()) + "。"


def _in_money_unit(unit: str | None, derivation: Derivation) -> str:
    """「收费是多少亿元」「多少元」: the 万元 figure also in the unit asked, e.g. （约9.62亿元）."""
    if unit is None or derivation.unit != "万元" or derivation.value is None:
        return ""
    value = float(Decimal(str(derivation.value)) * MONEY_FACTORS["万元"] / MONEY_FACTORS[unit])
    return f"（即{plain(round(value, 2))}元）" if unit == "元" else f"（约{value:.2f}亿元）"


# ---- whole answers ------------------------------------------------------------------------------


def caveat(facts: Sequence[Fact]) -> str:
    """A warning when a figure rests on a cell of a consistency rule the report itself breaks. The
    figure is as printed; digit-free, so the checker has nothing of it to check."""
    paths = {c.path for f in facts for c in f.derivation.cells}
    reports = {r.id: r for f in facts for r in f.reports}.values()
    broken = [
        f"{who(report)}报告{re.sub(r'「[0-9]+[.、．]', '「', finding.message.split('：')[0])}"
        for report in reports
        for finding in report.findings
        if finding.severity == "error" and paths & set(finding.cells)
    ]
    if not broken:
        return ""
    return f"（注意：{'；'.join(dict.fromkeys(broken))}的勾稽关系不成立，原报告自身不一致，此数字照原报告所印，可能有误。）"


def with_notes(text: str, notes: Sequence[str], reading: str = "") -> str:
    text += f"（说明：{'；'.join(dict.fromkeys(notes))}。）" if notes else ""
    return text + (f"（按「{reading}」理解。）" if reading else "")


def _cell_quote(fact: Fact) -> str:
    d = fact.derivation
    if len(d.cells) == 1:
        return f"{d.cells[0].path}：{d.cells[0].raw_text or '（空白）'}"
    return f"{fact.label}：{d.formula}" + (f"（{d.note}）" if d.note else "")


def table_citations(facts: Sequence[Fact]) -> tuple[Citation, ...]:
    out = []
    for fact in facts:
        for report in fact.reports[:1]:
            section = (
                schema.TABLE_TITLES.get(fact.derivation.cells[0].table, "") if fact.derivation.cells else ""
            )
            out.append(
                Citation(report.source_name, report.meta.agency, report.meta.year, section, _cell_quote(fact))
            )
    return tuple(dict.fromkeys(out))


def compose_table(query: TableQuery, said: Sequence[Said]) -> Draft:
    """The parts' words in order; the first part's figure answers."""
    facts = tuple(f for s in said for f in s.facts)
    notes = [*query.reading.assumptions, *(n for s in said for n in s.notes)]
    text = "".join(s.text for s in said) + caveat(facts)
    first = said[0]
    answerable = all(s.answerable for s in said) or (first.answerable and len(said) > 1)
    return Draft(
        with_notes(text, notes, query.reading.label if answerable else ""),
        answerable,
        "structured",
        primary=first.primary if first.answerable else None,
        primary_unit=first.primary.unit if first.primary is not None else None,
        derivations=tuple(f.derivation for f in facts),
        citations=table_citations(facts) + tuple(q for s in said for q in s.quotes),
    )


def compose_refusal(query: Refusal, aside: Said | None) -> Draft:
    text = query.reason
    if aside is not None and aside.answerable:
        text += f"（仅供参考，不是所问年份的数字：{aside.text.rstrip('。')}。）"
    facts = aside.facts if aside is not None else ()
    return Draft(
        with_notes(text, query.reading.assumptions),
        False,
        "structured",
        derivations=tuple(f.derivation for f in facts),
        citations=table_citations(facts),
    )


def compose_clarification(query: Clarification) -> Draft:
    return Draft(query.asked_back, False, "structured")


def compose_glossary(query: GlossaryQuery, definitions: str | None) -> Draft:
    text = definitions or "暂时无法解释这个说法：词汇表中没有它。可以问「不予公开和无法提供有什么区别」等。"
    return Draft(text, definitions is not None, "structured")


def unexplained(spans_asked: Sequence[str]) -> str:
    """「没能理解「驳回」：年报的表格中没有与之对应的项目」 — what was not understood, named."""
    spans = "」「".join(dict.fromkeys(spans_asked))
    return f"没能理解「{spans}」：年报的表格中没有与之对应的项目，正文中也没有找到相应的说法"
