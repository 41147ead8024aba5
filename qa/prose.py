"""Prose answers: the sentences of the retrieved passages that answer a ProseQuery, and the extractive
draft that quotes them.

A sentence answers when it holds the query's salient words; when a number is asked (「多少场」) it must
also print a figure in the asked unit whose own clause names what is counted. Words no table explains
(`must`) and a department's name (`about`) must be in the sentence. Otherwise the report does not say,
and we say so — a passage that merely shares a topic is not an answer.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import jieba

from ingest.figures import Figure, extract_figures
from ingest.lexicon import lexicon
from ingest.lexicon.prose import CHANGE_WORDS, metric_in
from ingest.metrics import Derivation, difference
from ingest.records import Report
from ingest.rules import prose_claims
from qa.queries import ProseQuery
from qa.records import Citation, Draft, Passage
from qa.wording import fmt_number

FUTURE_MARKS = ("将", "下一步", "计划", "今后", "继续", "进一步")
MAX_QUOTE_CHARS = 220
_SENTENCE = re.compile(r"[^。；！？\n]+[。；！？]?")
_DATE = re.compile(r"\d{4}\s*年\s*\d{1,2}\s*月|\d{4}[-./]\d{1,2}[-./]\d{1,2}")
_CLAUSE_BREAKS = "，,；;。：:"
_HEADING = re.compile(r"^(?:（[一二三四五六七八九十]+）|[一二三四五六七八九十]+、)[^。；！？]{0,28}。?$")
_FIRST_ITEM = re.compile(r"^(?:一是|（一）|\(一\)|1[.、．]|首先|第一)")
_LATER_ITEM = re.compile(
    r"^(?:[二三四五六七八九]是|（[二三四五六七八九]）|\([二三四五六七八九]\)|[2-9][.、．]|其次|第[二三四五六七八九])"
)


@dataclass(frozen=True)
class Pick:
    passage: Passage
    sentence: str
    score: float
    subheading: str = ""  # the subsection the sentence is under (「（二）依申请公开情况」)


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.findall(text) if len(s.strip()) >= 4]


@cache
def word_parts(word: str) -> tuple[str, ...]:
    """The words a compound is made of (「政协提案」: 政协, 提案)."""
    return tuple(p for p in jieba.cut_for_search(word) if len(p) >= 2 and p != word)


def mentions(text: str, word: str) -> bool:
    """The word is in the text, or all its parts are (「政协提案」 in 「政协十五届三次会议提案」)."""
    if word in text:
        return True
    parts = word_parts(word)
    return bool(parts) and all(p in text for p in parts)


def clause_of(sentence: str, figure: Figure) -> tuple[int, int]:
    """Start and end of the clause a figure sits in (between commas, semicolons, colons)."""
    start = max(sentence.rfind(ch, 0, figure.start) for ch in _CLAUSE_BREAKS) + 1
    end = min(
        (i for ch in _CLAUSE_BREAKS if (i := sentence.find(ch, figure.end)) >= 0), default=len(sentence)
    )
    return start, end


@cache
def _families() -> tuple[frozenset[str], ...]:
    """Units that answer one another: counts (件 份 个 条 篇 …), durations, money, percentages."""
    units = {e.key: set(e.phrases) for e in lexicon().of_kind("unit")}
    counts = frozenset(units["件"] | units["count"])
    return counts, frozenset(units["time"]), frozenset({"元", "万元", "亿元"}), frozenset({"%"})


def _in_unit(figure: Figure, unit: str | None) -> bool:
    """The figure is in the asked unit's family (a count for 几份, money for 多少元 …)."""
    if unit is None:
        return True
    family = next((f for f in _families() if unit in f), frozenset({unit}))
    return figure.unit in family


def _has_unit(sentence: str, unit: str | None) -> bool:
    return any(_in_unit(f, unit) for f in extract_figures(sentence))


def best_figure(
    sentence: str, keywords: Sequence[str], unit: str | None, tie: Sequence[str] = ()
) -> Figure | None:
    """The figure that answers: in the asked unit, after the clause that names the most asked words
    (Chinese puts the count after what it counts: 「承办…建议2件，承办…提案5件」)."""
    figures = extract_figures(sentence)
    figures = [f for f in figures if _in_unit(f, unit)] or figures
    if not figures:
        return None

    def named(figure: Figure, words: Sequence[str]) -> int:
        clause = sentence[clause_of(sentence, figure)[0] : figure.start]
        return sum(len(k) for k in words if mentions(clause, k))

    exact = {unit} if unit else set()
    return max(figures, key=lambda f: (named(f, keywords), f.unit in exact, named(f, tie), -f.start))


def _salient(query: ProseQuery) -> list[str]:
    return [w for w in query.keywords if len(w) >= 2] or list(query.keywords)


def _figure_named(query: ProseQuery, sentence: str, words: list[str]) -> bool:
    """A count answers only when its own clause names what was asked: the question word's neighbours,
    or more than a third of the asked words."""
    total = sum(len(w) for w in words) or 1
    for figure in extract_figures(sentence):
        if not _in_unit(figure, query.unit):
            continue
        start, end = clause_of(sentence, figure)
        clause = sentence[start:end]
        if query.focus and all(mentions(clause, w) for w in query.focus):
            return True
        if 3 * sum(len(w) for w in words if mentions(clause, w)) > total:
            return True
    return False


def _found(sentence: str, word: str) -> float:
    if mentions(sentence, word):
        return 1.0
    parts = word_parts(word)
    return 0.5 * sum(len(p) for p in parts if p in sentence) / len(word) if parts else 0.0


def _coverage(query: ProseQuery, text: str, words: list[str]) -> float:
    """Share of the salient characters found; focus words count triple."""
    weight = {w: (3.0 if w in query.focus else 1.0) * len(w) for w in words}
    return sum(v * _found(text, w) for w, v in weight.items()) / (sum(weight.values()) or 1.0)


@cache
def _none_marks() -> tuple[str, ...]:
    return tuple(p for p in lexicon().entry("negation", "none").phrases if p not in ("不", "非"))


def says_none(sentence: str, words: Sequence[str]) -> bool:
    """The sentence says none happened for an asked word (「未收取信息处理费」): a zero."""
    for mark in _none_marks():
        for at in [m.end() for m in re.finditer(re.escape(mark), sentence)]:
            if any(mentions(sentence[at : at + 4 + len(w)], w) for w in words if len(w) >= 2):
                return True
    return False


def _stated_figure(sentence: str) -> bool:
    """A figure the sentence states as a change (「较去年回落12.3%」)."""
    return change_figure(sentence) is not None


def _answers(query: ProseQuery, heading: str, sentence: str, words: list[str]) -> bool:
    """The hard conditions a sentence must meet, whatever its score."""
    context = heading + sentence
    if query.must and not all(w in context for w in query.must):
        return False
    if query.about and not any(name in sentence for name in query.about):
        return False
    if query.dated and not _DATE.search(sentence):
        return False
    if not query.wants_number:
        return True
    if query.stated and not _stated_figure(sentence):
        return False
    if not _has_unit(sentence, query.unit):
        return says_none(sentence, [*query.counted, *query.focus])
    if not all(mentions(context, w) for w in query.counted):
        return False  # a figure about something else (「牵头工作人员1名」 for 「专职工作人员」)
    return query.yes_no or _figure_named(query, sentence, words)


@cache
def _section_names(section: str) -> str:
    """The words that name a section itself (不足, 短板 … for 存在的主要问题): every sentence of the
    section is about them, whether or not it repeats them. A topic that only lives in a section (信息处理费
    in 六、其他需要报告的事项) is no name of it."""
    return "；" + "；".join(p for e in lexicon().of_kind("topic") if e.key == section for p in e.phrases)


def _scored(query: ProseQuery, passages: Sequence[Passage], words: list[str]) -> list[Pick]:
    scored: list[Pick] = []
    for rank, passage in enumerate(passages):
        boost = (
            1.5
            if query.section and passage.section == query.section
            else (0.3 if passage.section == "preamble" else 1.0)
        )
        future = 1.2 if query.plans and any(m in passage.text for m in FUTURE_MARKS) else 1.0
        heading = ""
        named = _section_names(query.section) if query.section and passage.section == query.section else ""
        for sentence in sentences(passage.text):
            if _HEADING.match(sentence):
                heading = sentence  # a subheading answers nothing itself; it is context for what follows
                continue
            context = passage.heading + heading + sentence + named
            coverage = _coverage(query, context, words)
            if coverage == 0 or not _answers(query, passage.heading + heading, sentence, words):
                continue
            bonus = future * (1.3 if heading and any(mentions(heading, w) for w in words) else 1.0)
            bonus *= 1.2 if query.yes_no and _has_unit(sentence, query.unit) else 1.0
            # the sentence says the words, where only the section's heading holds them (not a subsection's)
            says_it = not heading and all(mentions(sentence, w) for w in words)
            bonus *= 1.1 if says_it else 1.0
            scored.append(Pick(passage, sentence, boost * bonus * (coverage + 0.3 / (rank + 1))))
    return sorted(scored, key=lambda p: -p.score)


def pick_sentences(query: ProseQuery, passages: Sequence[Passage], max_sentences: int = 3) -> list[Pick]:
    """The best answering sentences, best first; [] when nothing in the report answers."""
    scored = _scored(query, passages, _salient(query))
    if not scored or (query.wants_number and scored[0].score < 0.35):
        return []
    best = scored[0]
    if query.wants_number and _ambiguous(query, scored):
        return []  # 「主动公开了多少条信息」: the report gives one count per channel, the question names none
    if query.wants_number or query.yes_no:
        return [best]
    # a list answer (一是…二是…) is quoted from its first item on, over the following sentences
    around = sentences(best.passage.text)
    start = around.index(best.sentence) if best.sentence in around else 0
    while start > 0 and _LATER_ITEM.match(around[start]) and not _FIRST_ITEM.match(around[start]):
        start -= 1
    under = next((h for h in reversed(around[:start]) if _HEADING.match(h)), "")
    quoted: list[Pick] = []
    for sentence in around[start : start + max_sentences]:
        if quoted and _HEADING.match(sentence):
            break  # the next subsection is another topic
        quoted.append(Pick(best.passage, sentence, best.score, under.rstrip("。")))
    return quoted


def _ambiguous(query: ProseQuery, scored: Sequence[Pick]) -> bool:
    """Several sentences answer as well as the best and print different figures: the question does not
    say which one it means, so no figure is given."""

    def figure(pick: Pick) -> float | None:
        found = best_figure(pick.sentence, query.focus or query.keywords, query.unit, query.keywords)
        return None if found is None else float(found.value)

    top = [p for p in scored if p.score >= 0.98 * scored[0].score and p.sentence != scored[0].sentence]
    first = figure(scored[0])
    return any((other := figure(p)) is not None and other != first for p in top)


def stated_change(query: ProseQuery, passages: Sequence[Passage]) -> Pick | None:
    """A change the prose states for the asked item (「共收到申请6件，比上年度增加3件」)."""
    item = query.stated_change
    if item is None:
        return None
    for passage in passages:
        for sentence in sentences(passage.text):
            previous_end = 0
            for figure in extract_figures(sentence):
                left, previous_end = sentence[previous_end : figure.start], figure.end
                if any(w in left for w in CHANGE_WORDS):
                    subject = metric_in(sentence[: figure.start])
                    if subject is not None and (subject.table, subject.rows) == (item.table, item.rows):
                        return Pick(passage, sentence, 1.0)
    return None


def change_figure(sentence: str) -> Figure | None:
    """The figure right after a change word (增加/减少 …) in a sentence."""
    previous_end = 0
    for figure in extract_figures(sentence):
        left, previous_end = sentence[previous_end : figure.start], figure.end
        if any(w in left for w in CHANGE_WORDS):
            return figure
    return None


def contradicted_by_tables(picks: Sequence[Pick], reports: Sequence[Report]) -> str:
    """A warning for each quoted figure the report's own tables contradict, for the same item and
    scope (上海 2019: 「予以公开及部分公开258件」, the table gives 275)."""
    by_id = {r.id: r for r in reports}
    notes = []
    for pick in picks:
        report = by_id.get(pick.passage.report.id)
        if report is None:
            continue
        for claim in prose_claims(pick.sentence, report.tables, report.meta.agency, report.meta.year):
            if not claim.assessable or claim.agrees:
                continue
            table = next(d for d in claim.candidates if d.value is not None)
            notes.append(
                f"（注意：年报正文的「{claim.figure.text}」与该报告的表格不一致，"
                f"表中「{claim.label}」为{fmt_number(table.value, table.unit)}，以表格为准或向该机关核实。）"
            )
    return "".join(dict.fromkeys(notes))


def cite(pick: Pick) -> Citation:
    report = pick.passage.report
    return Citation(report.source_name, report.agency, report.year, pick.passage.heading, pick.passage.text)


def _with_notes(text: str, notes: Sequence[str]) -> str:
    return text + (f"（说明：{'；'.join(dict.fromkeys(notes))}。）" if notes else "")


def compose_extractive(query: ProseQuery, picked: Sequence[Pick], notes: Sequence[str]) -> Draft:
    """Quote the best sentences; when a number is asked, the figure nearest the question's words answers."""
    passage = picked[0].passage
    primary = None
    sentence = picked[0].sentence
    if query.stated:
        figure = change_figure(sentence)
    elif query.wants_number or query.yes_no:
        figure = best_figure(sentence, query.focus or query.keywords, query.unit, query.keywords)
    if (query.wants_number or query.yes_no) and figure is not None and _in_unit(figure, query.unit):
        primary = Derivation(figure.value, figure.unit or "", f"引自正文：{sentence}", ())
    elif query.wants_number and says_none(sentence, [*query.counted, *query.focus]):
        primary = Derivation(0, query.unit or "", f"正文称没有：{sentence}", ())
    quoted = "".join(p.sentence for p in picked)[:MAX_QUOTE_CHARS]
    where = "·".join(h for h in (passage.heading or "正文", picked[0].subheading) if h)
    text = f"{query.preface}据{passage.report.agency}{passage.report.year}年年报（{where}）：「{quoted}」"
    citations = tuple(dict.fromkeys(cite(p) for p in picked))
    return Draft(
        _with_notes(text, notes),
        True,
        "extractive",
        primary=primary,
        primary_unit=primary.unit if primary else None,
        citations=citations,
        passages=tuple(p.passage for p in picked),
    )


def compose_prose_change(query: ProseQuery, picks: Sequence[Pick], notes: Sequence[str]) -> Draft | None:
    """Two years' prose figures and their difference (「政府网站平台主动公开政府信息1136条」→「2428条」)."""
    figures = [
        best_figure(p.sentence, query.focus or query.keywords, query.unit, query.keywords) for p in picks
    ]
    if len(picks) != 2 or any(f is None for f in figures):
        return None
    (new, new_fig), (old, old_fig) = sorted(
        zip(picks, figures, strict=True), key=lambda pf: -pf[0].passage.report.year
    )
    assert new_fig is not None and old_fig is not None
    unit = new_fig.unit or ""
    later = Derivation(new_fig.value, unit, f"引自正文：{new.sentence}", ())
    earlier = Derivation(old_fig.value, unit, f"引自正文：{old.sentence}", ())
    delta = difference(later, earlier, "两年正文所列数字之差")
    value = delta.value or 0
    trend = "增加" if value > 0 else ("减少" if value < 0 else "持平，变化")
    shown = fmt_number(abs(value), unit)
    years = (new.passage.report.year, old.passage.report.year)
    text = (
        f"据年报正文，{years[0]}年「{new.sentence}」；{years[1]}年「{old.sentence}」。"
        f"{years[0]}年比{years[1]}年{trend}{shown}（按正文所列数字相减）。"
    )
    primary = (
        delta if query.direction != "less" or value >= 0 else Derivation(-value, unit, delta.formula, ())
    )
    citations = (cite(new), cite(old))
    return Draft(
        _with_notes(text, notes),
        True,
        "extractive",
        primary,
        unit,
        (delta,),
        citations,
        (new.passage, old.passage),
    )
