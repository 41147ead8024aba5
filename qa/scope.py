"""Which stored reports a question is about: its agencies (qa.agencies) and its years, read against
what the store holds and today's date.

Years named are taken as named (a range is every year held in it, the missing ones said); relative
years (去年, 前年) count from the year the question names, else from today — and a relative year the
store lacks is *not* answered with another year's report (the latest one is offered as an aside only).
No year named means the latest report held, said in the answer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from qa.agencies import AgencyIndex, AgencyMention
from qa.frame import Frame


@dataclass(frozen=True)
class Agencies:
    names: tuple[str, ...]  # the stored agencies asked about, in the order named
    notes: tuple[str, ...] = ()
    every: bool = False  # the question is about every agency held (各单位, 哪个机关最多)


@dataclass(frozen=True)
class NotHeld:
    mention: AgencyMention  # names a place or organ the store holds no report of


@dataclass(frozen=True)
class Unclear:
    asked_back: str  # the question back
    span: str = ""  # the words that name several agencies ("" = no agency named)
    candidates: tuple[str, ...] = ()  # the agencies the citizen may mean


def agencies_of(frame: Frame, index: AgencyIndex, across: bool) -> Agencies | NotHeld | Unclear:
    """The agencies a question is about; `across`: the question compares or ranks agencies."""
    mentions = [m for m in frame.agencies if m is not None]
    for mention in mentions:
        if not mention.agencies:
            return NotHeld(mention)
        if len(mention.agencies) > 1:
            return Unclear(
                f"问题中的「{mention.text}」可能指以下机关：{'、'.join(mention.agencies)}。请说明是哪一个。",
                mention.text,
                mention.agencies,
            )
    names = tuple(dict.fromkeys(m.agencies[0] for m in mentions))
    notes = tuple(m.note for m in mentions if m.note)
    if names:
        return Agencies(names, notes)
    held = tuple(sorted(index.years))
    if frame.all_agencies or across:
        return Agencies(held, (), every=True)
    if len(held) == 1:
        return Agencies(held, (f"问题未指明机关，库中只有{held[0]}的报告，按其回答",))
    latest = sorted(held, key=lambda a: (-index.years[a][-1], a))
    return Unclear(f"请问您问的是哪个机关的年报？库中现有：{index.holdings()}。", "", tuple(latest))


@dataclass(frozen=True)
class Years:
    years: tuple[int, ...]
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class MissingYears:
    agency: str
    missing: tuple[int, ...]
    relative: str | None = None  # the word (去年) when the year was relative
    held: tuple[int, ...] = field(default=())


def _relative(frame: Frame) -> list[tuple[str, int]]:
    return [
        (t.text, t.entry.offset or 0) for t in frame.relative if t.entry is not None and t.key != "latest"
    ]


def _named(frame: Frame, held: tuple[int, ...]) -> tuple[list[int], list[str]]:
    """The years the question names (a range: every year held in it, the missing ones said)."""
    years: list[int] = []
    notes: list[str] = []
    for mention in frame.years:
        if mention.kind == "range":
            span = list(range(mention.years[0], mention.years[-1] + 1))
            inside = [y for y in span if y in held]
            missing = [y for y in span if y not in held]
            years += inside or span
            if inside and missing:
                notes.append(
                    f"所问{mention.years[0]}—{mention.years[-1]}年中，库中没有{_years(missing)}的报告"
                )
        elif mention.kind == "year":
            years += list(mention.years)
    return list(dict.fromkeys(years)), notes


def years_of(frame: Frame, agency: str, index: AgencyIndex, today: date, wanted: int) -> Years | MissingYears:
    """The years asked of one agency. `wanted`: how many years the operation needs by default
    (2 for a change, 0 for every year held, 1 otherwise)."""
    held = index.years[agency]
    named, notes = _named(frame, held)
    relative = _relative(frame)
    if named:
        if relative and len(named) == 1:  # 「2024年……比去年」: the year before the one named
            named += [named[0] + offset for _, offset in relative]
        return _checked(agency, tuple(dict.fromkeys(named)), held, notes, None)
    if relative:
        versus = all(t.key == "versus_last_year" for t in frame.relative)
        base = held[-1] if versus else today.year
        asked = [base + offset for _, offset in relative]
        if versus:
            asked = [held[-1], *asked]  # 「比上年增加了多少」: the latest report and the year before
        word = None if versus else next((w for w, _ in relative), None)
        return _checked(agency, tuple(dict.fromkeys(asked)), held, [], word)
    recent = next((m.count for m in frame.years if m.kind == "recent"), 0)
    if recent:
        last = held[-recent:]
        shown = "、".join(f"{y}年" for y in last)
        note = (
            f"按库中{agency}最近几年的报告回答，即{shown}"
            if len(last) == recent
            else f"所问年数多于库中报告，{agency}只有{shown}的报告"
        )
        return Years(tuple(last), (note,))
    return _default(agency, held, frame.latest, wanted)


def _default(agency: str, held: tuple[int, ...], latest: bool, wanted: int) -> Years:
    if wanted == 0:
        return Years(
            held, (f"未指明年份，按库中{agency}全部的{_years(list(held))}报告回答",) if len(held) > 1 else ()
        )
    if wanted == 2 and len(held) >= 2:
        return Years((held[-1], held[-2]), (f"未指明年份，比较库中最近的{held[-1]}年与{held[-2]}年",))
    if latest:
        return Years(held[-1:])
    note = (
        f"未指明年份，按{agency}最新的{held[-1]}年度报告回答"
        if len(held) > 1
        else f"未指明年份，库中{agency}只有{held[-1]}年度报告"
    )
    return Years(held[-1:], (note,))


def _checked(
    agency: str, asked: tuple[int, ...], held: tuple[int, ...], notes: list[str], word: str | None
) -> Years | MissingYears:
    missing = tuple(y for y in asked if y not in held)
    if missing:
        return MissingYears(agency, missing, word, held)
    return Years(asked, tuple(notes))


def _years(years: list[int]) -> str:
    return "、".join(f"{y}年" for y in years)


def missing_text(missing: MissingYears) -> str:
    held = "、".join(f"{y}年" for y in missing.held)
    years = _years(list(missing.missing))
    if missing.relative:
        return f"「{missing.relative}」指{missing.missing[0]}年，库中没有{missing.agency}{years}的报告（只有{held}的报告），无法回答。"
    return f"库中没有{missing.agency}{years}的报告，只有{held}的报告。"
