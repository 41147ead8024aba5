"""Prose queries: what to look for in the reports' text when no table item answers.

The words to find are the question's content words — what it names that is not an agency, a year, a
courtesy or a particle (jieba cuts them into words). A number asked for must be printed in a sentence
that names what is counted (`counted`, `focus`); a word no table explains (「外省」「驳回」) must be in the
sentence (`must`); a department named only in a region's prose must be the sentence's subject (`about`).
"""

from __future__ import annotations

from datetime import date
from functools import cache

import jieba
import jieba.posseg as pseg

from ingest.lexicon import gazetteer
from ingest.records import StoredReport
from qa.agencies import AgencyIndex
from qa.coverage import with_prose
from qa.frame import Frame
from qa.queries import Change, Compare, Operation, ProseQuery, Query, Reading, Refusal
from qa.scope import Agencies, MissingYears, missing_text, years_of
from qa.tag import Tag

jieba.setLogLevel(60)
jieba.add_word("依申请公开")
_NOT_CONTENT = ("agency", "year", "count")
_NOT_CONTENT_ROLES = (
    "filler", "courtesy", "quantity", "unit", "connector", "approx", "relative_year", "scope", "enum", "negation",
)  # fmt: skip
MAX_REPORTS = 4


def _silent(tag: Tag) -> bool:
    """Words that name nothing to look for: agencies, years, particles, operations, and the generic
    verbs of table items (收到, 提出)."""
    asks = tag.role == "ask_what" and tag.key == "what"
    return (
        tag.kind in _NOT_CONTENT
        or tag.role in _NOT_CONTENT_ROLES
        or tag.role == "operation"
        or tag.generic
        or asks
    )


def keywords_of(frame: Frame) -> list[tuple[int, str]]:
    """(position, word) of the question's content words, in order: topics and titles whole, the rest
    cut into words."""
    text = list(frame.text)
    whole: list[tuple[int, str]] = []
    for tag in frame.tagging.tags:
        if _silent(tag) or tag.kind == "title":
            text[tag.start : tag.end] = [" "] * (tag.end - tag.start)
        if tag.kind == "title":
            whole.append((tag.start, tag.text.strip("《》")))
    words: list[tuple[int, str]] = []
    position = 0
    for word in jieba.cut("".join(text)):
        start, position = position, position + len(word)
        word = word.strip()
        if len(word) >= 2 and any("\u4e00" <= c <= "\u9fff" for c in word) and not _government(word):
            words.append((start, word))
    return sorted(words + whole)


def _question_words(frame: Frame) -> list[Tag]:
    return [t for t in frame.tagging.tags if t.role in ("quantity", "ask_what") or t.key == "yes_no"]


def focus_of(frame: Frame, words: list[tuple[int, str]]) -> tuple[str, ...]:
    """The keywords right before and after each question word (「打算编制什么材料」 -> 编制, 材料)."""
    out: list[str] = []
    for tag in _question_words(frame):
        before = [w for p, w in words if p < tag.start]
        after = [w for p, w in words if p >= tag.end]
        out += before[-1:] + after[:1]
    return tuple(dict.fromkeys(out))


def counted_of(frame: Frame, words: list[tuple[int, str]]) -> tuple[str, ...]:
    """What a 多少/几 question counts: the words after the question word up to the clause's end — a
    sentence must name them all (「多少名专职工作人员」: 专职 and 人员; 「几期政府常务会议」: 常务会议) —
    else the last noun before it (「政府网站平台主动发布的政府信息多少条」 counts on 平台, not on 发布)."""
    asks = [t for t in frame.tagging.tags if t.role == "quantity" and t.key == "count"]
    if not asks:
        return ()
    end = next(
        (i for i in range(asks[0].end, len(frame.text)) if frame.text[i] in "，,。？?；;！!"), len(frame.text)
    )
    after = tuple(w for p, w in words if asks[0].end <= p < end)
    before = [w for p, w in words if p < asks[0].start and _noun(w)]
    return after or tuple(before[-1:])


@cache
def _government(word: str) -> bool:
    """「政府」「人民政府」 say whose report, not what to look for."""
    organ = gazetteer().organ_of(word)
    return organ is not None and organ.government


@cache
def _noun(word: str) -> bool:
    return any(pair.flag.startswith(("n", "vn")) for pair in pseg.cut(word))


def _unit(frame: Frame) -> str | None:
    unit = next((t for t in frame.tagging.tags if t.role == "unit"), None)
    if unit is not None:
        return "%" if unit.key == "%" else unit.text
    if frame.unit in ("元", "万元") or any(t.key == "fees" for t in frame.topics):
        return "元"
    if "share" in frame.ops or any(t.role == "rate" for t in frame.tagging.tags):
        return "%"
    return None


def _search(frame: Frame) -> str:
    return "".join(
        frame.text[t.start : t.end] if not (t.kind in _NOT_CONTENT or t.role in ("courtesy",)) else " "
        for t in frame.tagging.tags
    ) + "".join(g.text for g in frame.gaps)


def _reports(
    frame: Frame, scope: Agencies, index: AgencyIndex, today: date, wanted: int
) -> list[StoredReport] | Refusal:
    reports = []
    for agency in scope.names[:MAX_REPORTS]:
        found = years_of(frame, agency, index, today, wanted)
        if isinstance(found, MissingYears):
            return Refusal(Reading("", ""), missing_text(found))
        reports += [index.reports[(agency, y)] for y in found.years]
    return reports


def prose_query(
    frame: Frame,
    scope: Agencies,
    index: AgencyIndex,
    today: date,
    reading: Reading,
    about: tuple[str, ...] = (),
    named: str = "",
) -> Query:
    """A question the prose may answer (`about`: a department's names its sentence must hold)."""
    change = bool(frame.ops & _CHANGES) and frame.wants_number
    found = _reports(frame, scope, index, today, 2 if change else 1)
    prose_reading = Reading(reading.question, reading.text, with_prose(reading.coverage), reading.assumptions)
    if isinstance(found, Refusal):
        return Refusal(prose_reading, found.reason)
    if _computes(frame, len(scope.names)):
        return Refusal(reading, _no_arithmetic(frame))
    words = keywords_of(frame)
    keywords = tuple(dict.fromkeys([*(w for _, w in words), *([named] if named else [])]))
    if not keywords:  # 「对依申请公开的工作是怎么说的」: the domain's own words are all there is to look for
        keywords = tuple(t.text for t in frame.tagging.tags if t.key == "domain" and len(t.text) >= 3)
    qualified = frame.items_named and not (
        frame.asks_what or frame.topics or frame.beyond or frame.unit == "prose"
    )
    unexplained = [w for g in frame.gaps for w in _cut(g.text)] + [t.text for t in frame.negations]
    must = tuple(dict.fromkeys(unexplained)) if qualified else ()
    must += tuple(t.text for t in frame.beyond)  # 「第几页」「平均用时」: only a sentence that says it
    topics = frame.topics
    contact = any(t.key == "contact" for t in topics) and frame.unit is None
    return ProseQuery(
        reading=prose_reading,
        reports=tuple(found),
        search=_search(frame),
        keywords=keywords,
        must=must,
        focus=focus_of(frame, words),
        counted=counted_of(frame, words),
        unit=_unit(frame),
        wants_number=frame.wants_number and not contact,
        yes_no="yes_no" in frame.ops,
        section=next(
            (t.entry.section for t in (*topics, *frame.beyond) if t.entry and t.entry.section), None
        ),
        plans=any(t.key == "improvements" for t in topics),
        dated=any(t.role == "ask_what" and t.key == "when" for t in frame.tagging.tags),
        change=change and len({r.year for r in found}) == 2,
        stated=change and len({r.year for r in found}) != 2,
        about=about,
        direction=frame.direction if frame.direction in ("more", "less") else None,  # type: ignore[arg-type]
    )


_CHANGES = frozenset({"compare", "gap", "versus_last_year", "growth"})
_ARITHMETIC = frozenset({"sum", "plus", "times", "rank", "which_year"})


def _computes(frame: Frame, agencies: int) -> bool:
    """Figures to add, divide, rank or compare across agencies: no single sentence of the prose gives
    that, and prose figures are never computed with (the tables are; prose scopes differ)."""
    across = agencies != 1 and bool(frame.ops & (_CHANGES | {"which", "more_of"}))
    return frame.wants_number and (bool(frame.ops & _ARITHMETIC) or across)


def _no_arithmetic(frame: Frame) -> str:
    spans = [g.text for g in frame.gaps] + [t.text for t in frame.unused]
    what = (
        f"没能理解「{'」「'.join(dict.fromkeys(spans))}」：年报的表格中没有与之对应的项目；" if spans else ""
    )
    return f"{what}这个问题要对年报正文中的数字作比较或合计，正文数字的口径各不相同，无法可靠回答。"


def _cut(text: str) -> list[str]:
    words = [w for w in jieba.cut(text) if len(w) >= 2]
    return words or [text]


def stated_change_rescue(
    frame: Frame, op: Operation, missing: MissingYears, index: AgencyIndex
) -> ProseQuery | None:
    """The other year is not stored, but the held year's prose may state the change of the item
    (「共收到申请6件，比上年度增加3件」)."""
    item = op.item if isinstance(op, Change) else (op.first if isinstance(op, Compare) else None)
    held = [y for y in missing.held if y not in missing.missing]
    if item is None or not held:
        return None
    named = [y for m in frame.years for y in m.years if y in held]
    year = named[0] if named else held[-1]
    report = index.reports[(missing.agency, year)]
    words = keywords_of(frame)
    return ProseQuery(
        reading=Reading("", ""),
        reports=(report,),
        search=_search(frame),
        keywords=tuple(dict.fromkeys(w for _, w in words)),
        section="overview",
        wants_number=True,
        stated_change=item,
        preface=missing_text(missing),
    )
