"""Prose questions: pick the sentences that answer from the retrieved passages, or refuse.

A sentence answers when it holds the question's salient words; when a number is asked (「多少场」) it must
also print a figure in the asked unit. Otherwise the report does not say, and we say so — a passage
that merely shares a topic is not an answer.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ingest.figures import Figure, extract_figures
from ingest.lexicon import CHANGE_WORDS, metric_in
from ingest.records import Report
from ingest.rules import prose_claims
from qa.compose import clause_of, fmt_number, sentences
from qa.intent import NARRATIVE_UNITS, mentions, word_parts
from qa.records import Passage, Query

# Question words that point at a section (the retriever ranks; this breaks near-ties).
SECTION_HINTS: dict[str, tuple[str, ...]] = {
    "preamble": ("联系电话", "电话", "联系方式", "地址", "邮编", "邮箱", "传真", "发布日期", "什么时候发布"),
    "problems": ("问题", "不足", "差距", "改进", "整改", "下一步", "措施", "短板", "打算", "计划", "今后"),
    "other": ("信息处理费", "处理费", "建议", "提案", "人大", "政协", "创新", "工作要点", "其他需要报告"),
    "overview": (
        "依申请公开",
        "主动公开",
        "平台",
        "新媒体",
        "网站",
        "发布会",
        "解读",
        "培训",
        "监督",
        "公报",
        "常务会议",
        "目录",
        "指南",
    ),
}
GENERIC_WORDS = frozenset(
    "政府 信息 公开 政务 工作 情况 年报 报告 年度 政府信息 信息公开 政务公开 主要 哪些 什么 本年 全年 我区 我市 全区 全市".split()
)
UNIT_ALIASES = {"人": ("人", "名"), "名": ("名", "人"), "个": ("个", "家"), "次": ("次", "人次")}


@dataclass(frozen=True)
class Pick:
    passage: Passage
    sentence: str
    score: float


def asked_unit(question: str) -> str | None:
    m = re.search(r"(?:多少|几)(人次|万元|件|" + "|".join(NARRATIVE_UNITS) + ")", question)
    if m:
        return m.group(1)
    if re.search(r"率|比例|百分|占比", question):
        return "%"
    if re.search(r"(费|金额|钱)", question):
        return "元"
    return None


def salient(query: Query) -> list[str]:
    words = [w for w in query.keywords if w not in GENERIC_WORDS and len(w) >= 2]
    return words or list(query.keywords)


def preferred_section(question: str) -> str | None:
    for section, words in SECTION_HINTS.items():
        if any(w in question for w in words):
            return section
    return None


def _has_unit(sentence: str, unit: str | None) -> bool:
    figures = extract_figures(sentence)
    if unit is None:
        return bool(figures)
    allowed = UNIT_ALIASES.get(unit, (unit,))
    return any(f.unit in allowed or (unit == "元" and f.unit in ("元", "万元")) for f in figures)


def _figure_named(query: Query, sentence: str, unit: str | None, words: list[str]) -> bool:
    """A count answers only when the words of its own clause name what was asked: the question word's
    neighbours, or more than a third of the asked words (「其他对外管理服务事项」 is not 「市政府其他文件162件」)."""
    total = sum(len(w) for w in words) or 1
    for figure in extract_figures(sentence):
        if unit is not None and not _has_unit(figure.text, unit):
            continue
        start, end = clause_of(sentence, figure)
        clause = sentence[start:end]  # 「开展4次栏目全覆盖检查」: a 次 counts what follows it
        if query.focus and all(mentions(clause, w) for w in query.focus):
            return True
        if 3 * sum(len(w) for w in words if mentions(clause, w)) > total:
            return True
    return False


PLAN_WORDS = ("打算", "计划", "下一步", "今后", "准备", "将要", "将如何", "改进措施", "怎么改")
FUTURE_MARKS = ("将", "下一步", "计划", "今后", "继续", "进一步")


def _score(query: Query, sentence: str, words: list[str]) -> float:
    """Share of the question's salient characters found in the sentence; focus words count triple. A
    compound found only in part counts for its part (「联系电话」 in 「电话：0533-2189929」)."""
    weight = {w: (3.0 if w in query.focus else 1.0) * len(w) for w in words}
    total = sum(weight.values()) or 1.0
    return sum(v * _found(sentence, w) for w, v in weight.items()) / total


def _found(sentence: str, word: str) -> float:
    if mentions(sentence, word):
        return 1.0
    parts = word_parts(word)
    return 0.5 * sum(len(p) for p in parts if p in sentence) / len(word) if parts else 0.0


def pick_sentences(query: Query, passages: Sequence[Passage], max_sentences: int = 3) -> list[Pick]:
    """The best answering sentences, best first; [] when nothing in the report answers."""
    words = salient(query)
    must = [w for w in query.leftovers if w not in GENERIC_WORDS]
    section = preferred_section(query.question)
    unit = asked_unit(query.question) if (query.wants_number or query.yes_no) else None
    plans = any(w in query.question for w in PLAN_WORDS)
    scored: list[Pick] = []
    for rank, passage in enumerate(passages):
        boost = (
            1.5 if section and passage.section == section else (0.3 if passage.section == "preamble" else 1.0)
        )
        future = plans and any(m in passage.text for m in FUTURE_MARKS)
        heading = ""
        for sentence in sentences(passage.text):
            if _HEADING.match(sentence):
                heading = sentence  # a subheading answers nothing itself; it is context for what follows
                continue
            # the section's own heading is context too (「五、存在的主要问题及改进情况」 answers 「改进措施」)
            context = passage.heading + heading + sentence
            if must and not all(w in context for w in must):
                continue
            coverage = _score(query, context, words)
            if coverage == 0:
                continue
            if query.wants_number and not _has_unit(sentence, unit):
                continue
            if query.wants_number and query.counted and not mentions(heading + sentence, query.counted):
                continue  # a figure about something else (「牵头工作人员1名」 for 「专职工作人员」)
            if query.wants_number and not query.yes_no and not _figure_named(query, sentence, unit, words):
                continue
            bonus = 1.2 if future else 1.0
            if heading and any(mentions(heading, w) for w in words):
                bonus *= 1.3  # a subsection titled by what is asked (（四）政务公开工作创新情况)
            if query.yes_no and _has_unit(sentence, unit):
                bonus *= 1.2
            scored.append(Pick(passage, sentence, boost * bonus * (coverage + 0.3 / (rank + 1))))
    scored.sort(key=lambda p: -p.score)
    if not scored or (query.wants_number and scored[0].score < 0.35):
        return []
    best = scored[0]
    if query.wants_number or query.yes_no:
        return [best]
    # a list answer (一是…二是…) is quoted from its first item on, over the following sentences
    around = sentences(best.passage.text)
    start = around.index(best.sentence) if best.sentence in around else 0
    while start > 0 and _LATER_ITEM.match(around[start]) and not _FIRST_ITEM.match(around[start]):
        start -= 1
    quoted: list[Pick] = []
    for sentence in around[start : start + max_sentences]:
        if quoted and _HEADING.match(sentence):
            break  # the next subsection is another topic
        quoted.append(Pick(best.passage, sentence, best.score))
    return quoted


_HEADING = re.compile(r"^(?:（[一二三四五六七八九十]+）|[一二三四五六七八九十]+、)[^。；！？]{0,28}$")
_FIRST_ITEM = re.compile(r"^(?:一是|（一）|\(一\)|1[.、．]|首先|第一)")
_LATER_ITEM = re.compile(
    r"^(?:[二三四五六七八九]是|（[二三四五六七八九]）|\([二三四五六七八九]\)|[2-9][.、．]|其次|第[二三四五六七八九])"
)


def stated_change(query: Query, passages: Sequence[Passage]) -> Pick | None:
    """A change the report's own prose states for the asked item (「共收到申请6件，比上年度增加3件」):
    the answer to a year-on-year question when the other year's report is not in the store."""
    if query.metric is None:
        return None
    for passage in passages:
        for sentence in sentences(passage.text):
            previous_end = 0
            for figure in extract_figures(sentence):
                left, previous_end = sentence[previous_end : figure.start], figure.end
                if not any(w in left for w in CHANGE_WORDS):
                    continue
                subject = metric_in(sentence[: figure.start])
                if (
                    subject is not None
                    and subject.rows == query.metric.rows
                    and subject.table == query.metric.table
                ):
                    return Pick(passage, sentence, 1.0)
    return None


def best_change_figure(sentence: str) -> Figure | None:
    """The figure right after a change word (增加/减少 …) in a sentence."""
    previous_end = 0
    for figure in extract_figures(sentence):
        left, previous_end = sentence[previous_end : figure.start], figure.end
        if any(w in left for w in CHANGE_WORDS):
            return figure
    return None


def contradicted_by_tables(picks: Sequence[Pick], reports: Sequence[Report]) -> str:
    """A warning for each quoted figure that the report's own tables contradict (上海 2019: 「予以公开及
    部分公开258件」, the table gives 275): quoting faithfully must not pass a wrong number on as fact."""
    by_id = {r.id: r for r in reports}
    notes = []
    for pick in picks:
        report = by_id.get(pick.passage.report.id)
        if report is None:
            continue
        for claim in prose_claims(pick.sentence, report.tables):
            if not claim.assessable or claim.agrees:
                continue
            table = next(d for d in claim.candidates if d.value is not None)
            notes.append(
                f"（注意：年报正文的「{claim.figure.text}」与该报告的表格不一致，"
                f"表中「{claim.label}」为{fmt_number(table.value, table.unit)}，以表格为准或向该机关核实。）"
            )
    return "".join(dict.fromkeys(notes))
