"""Question -> Query, resolved against the reports in the store (rule-based, lexicon-driven).

Resolves the agency (full names, short forms, organ alone when unambiguous), the year (explicit,
二〇二四年, relative 今年/去年 against the store, or the latest report with the assumption stated), and what is
asked (qa.intent). What the store cannot answer becomes a refusal that says what the store does hold;
what is ambiguous becomes a question back.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from ingest.numerals import chinese_to_number, normalize_digits
from ingest.records import StoredReport
from qa.agencies import (
    AgencyMatch,
    match_agencies,
    mention_forms,
    similar_place,
    split_agency,
    unknown_place,
)
from qa.intent import counted_of, focus_of, read_intent
from qa.records import Query, RawItem

_YEAR_TOKEN = r"(?:19|20)\d{2}|[〇零一二三四五六七八九]{4}"
# 2024年, and each year of a list that ends in 年: 「2023、2024年」「2023和2024年」
_YEAR = re.compile(rf"({_YEAR_TOKEN})(?:\s*年|(?=(?:[、，,和与及至到~—-](?:{_YEAR_TOKEN}))+\s*年))")
_SHORT_YEAR = re.compile(
    r"(?<![\d.近前后这多几])(\d{2})(?:年(?!度?(?:以来|来|内|间|前|后|左右|多))|(?=(?:[、和与及至到~—-]\d{2})+年))"
)
_LATEST = ("最新", "最近一年")
_OPINION = re.compile(
    r"你觉得|您觉得|你认为|您认为|你怎么看|您怎么看|怎么评价|如何评价|好不好|做得好吗|满意吗"
)
_COURTESY = re.compile(
    r"^(?:(?:您好|你好|老师好|老师您好|领导好|打扰了|打扰一下)[，,！!。]?)+"
    r"|^我是(?:一名|一位)?[\u4e00-\u9fff]{1,10}[，,。；]"
    r"|[，,。！!]*(?:谢谢|多谢|感谢)(?:您|你)?[！!。～~]*$"
)
# 「近两年」「最近三年」「这两年」: the agency's last N reports in the store
_RECENT = re.compile(r"(?:最近|近|这|过去)([两二三四五六七八九十2-9])个?年(?!度?报告)")
_ALL_AGENCIES = re.compile(
    r"(?:所有|全部|各个?|每个|哪个|哪家|哪一个|这些|[两二三四五六七八九十\d]+个|[两二三四五六七八九十\d]+家)(?:单位|机关|部门)"
)
_ACROSS = ("sum_agencies", "rank", "each", "difference")  # answered over every agency the question names
_RELATIVE = {
    "今年": 0,
    "本年度": 0,
    "去年": -1,
    "上一年度": -1,
    "上一年": -1,
    "前年": -2,
    "大前年": -3,
}
_RELATIVE_RE = re.compile(
    r"(今年|本年度|最新|最近一年|去年|上一年度|上一年|大前年|前年)(?!结转|度结转|新收|办理|度?相比|度?增加|度?减少)"
)


def _years_in(question: str) -> tuple[list[int], list[tuple[int, int]]]:
    """The years a question names, in order: 2024年, 二〇二四年, each of 「2023、2024年」, and the short
    「23年」 (2023; the 条例's reports start in 2008) — never 「近10年」 or 「3年来」."""
    found = []
    for m in _YEAR.finditer(question):
        text = m.group(1)
        value = int(text) if text.isdigit() else int(chinese_to_number(text))
        if 1990 <= value <= 2100:
            found.append((m.start(), value, m.end()))
    for m in _SHORT_YEAR.finditer(question):
        if int(m.group(1)) >= 8 and not any(start <= m.start() < end for start, _, end in found):
            found.append((m.start(), 2000 + int(m.group(1)), m.end()))
    found.sort()
    return [value for _, value, _ in found], [(start, end) for start, _, end in found]


def _list_holdings(reports: Sequence[StoredReport]) -> str:
    by_agency: dict[str, list[int]] = {}
    for r in reports:
        by_agency.setdefault(r.agency, []).append(r.year)
    return "；".join(
        f"{a}（{'、'.join(str(y) for y in sorted(ys))}年）" for a, ys in sorted(by_agency.items())
    )


def _example(reports: Sequence[StoredReport]) -> str:
    latest = max(reports, key=lambda r: (r.year, r.agency))
    return f"「{latest.agency}{latest.year}年收到多少件政府信息公开申请？」"


def _refuse(question: str, reason: str, intent: str = "unknown", **kw: object) -> Query:
    return Query(question, intent, refusal=reason, **kw)  # type: ignore[arg-type]


def _agency_mention_spans(question: str, matches: list[AgencyMatch]) -> list[tuple[int, int]]:
    spans = []
    for m in matches:
        name = split_agency(m.agency)
        for token in (m.agency, *name.regions, *(r[:-1] for r in name.regions), *name.organ_aliases):
            if len(token) >= 2:
                spans += _occurrences(question, token)
    return spans


def _occurrences(text: str, word: str) -> list[tuple[int, int]]:
    """Every (start, end) of `word` in `text`, left to right without overlaps (as re.finditer).
    A plain search, not a regex: a pattern per agency name thrashes re's cache over thousands."""
    found = []
    at = text.find(word)
    while at >= 0:
        found.append((at, at + len(word)))
        at = text.find(word, at + len(word))
    return found


def _within(q: str, word: str, spans: list[tuple[int, int]]) -> bool:
    """Every character of the word's first occurrence is part of an agency mention (「上海市府办」's 市府办)."""
    at = q.find(word)
    return at >= 0 and all(any(a <= i < b for a, b in spans) for i in range(at, at + len(word)))


def understand(question: str, catalog: Sequence[StoredReport], today: date | None = None) -> Query:
    """Read a question against the store's reports. Never guesses: refuses or asks back instead.
    Relative years (今年, 去年) count from `today`; a year whose report is not out yet is answered
    from the latest report published before it, saying so."""
    today = today or date.today()
    # markup is not part of a question (「高青县<img …>交通局」 names 高青县交通局)
    q = normalize_digits(re.sub(r"\s+", "", re.sub(r"<[^<>]{0,200}>", "", question)))
    q = _COURTESY.sub("", q) or q  # 「我是记者，」「您好，」「谢谢！」 ask nothing
    if not catalog:
        return _refuse(question, "库中还没有任何年报，请先导入报告。")
    if _OPINION.search(q):
        return _refuse(
            question,
            f"这里只回答年报中写明的事实和数字，不作评价或预测。可以问例如{_example(catalog)}",
        )
    if not re.search(r"[\u4e00-\u9fff]", q):  # English, digits, punctuation, keyboard noise
        return _refuse(
            question,
            f"没能读懂这个问题，请用中文提问，例如{_example(catalog)}。库中现有：{_list_holdings(catalog)}。",
        )
    agencies = sorted({r.agency for r in catalog})
    assumptions: list[str] = []
    matches = match_agencies(q, agencies)
    if not matches and _ALL_AGENCIES.search(q):
        matches = [AgencyMatch(a, 0) for a in agencies]  # 「各单位」「所有机关」: every agency in the store
    years, year_spans = _years_in(q)
    relative = _RELATIVE_RE.findall(q)
    recent = _RECENT.search(q) if not years else None
    span_count = 0
    if recent:
        count = recent.group(1)  # q is normalised: digits are ASCII
        span_count = int(count) if count.isdigit() else int(chinese_to_number(count))
        year_spans.append(recent.span())
    n_years = len(set(years)) or span_count
    intent = read_intent(q, _agency_mention_spans(q, matches) + year_spans, len(matches), n_years)

    if intent.kind == "explain":
        return Query(question, "explain", keywords=intent.keywords)
    if not matches:
        place = unknown_place(q, agencies)
        regions_named = [a for a in agencies if any(r in q or r[:-1] in q for r in split_agency(a).regions)]
        if regions_named or place:
            held = [r for r in catalog if r.agency in regions_named]
            where = f"该地区现有：{_list_holdings(held)}" if held else f"库中现有：{_list_holdings(catalog)}"
            near = similar_place(place, agencies) if place else None
            hint = f"您是不是想问「{near}」？" if near else ""
            return _refuse(question, f"库中没有{place or '问题所指机关'}的报告；{where}。{hint}")
        if intent.kind == "rank":
            matches = [AgencyMatch(a, 0) for a in agencies]
        elif len(agencies) == 1:
            matches = [AgencyMatch(agencies[0], 0)]
            assumptions.append(f"问题未指明机关，库中只有{agencies[0]}的报告，按其回答")
        else:
            return Query(
                question,
                "unknown",
                clarification=f"请问您问的是哪个机关的年报？库中现有：{_list_holdings(catalog)}。",
            )
    for m in matches:
        if m.note:
            assumptions.append(m.note)

    chosen: list[StoredReport] = []
    wanted_agencies = [m.agency for m in matches] if intent.kind in _ACROSS else [matches[0].agency]
    if intent.kind == "difference":  # 「洪泽区……比淮安市少多少」: the first named comes first
        wanted_agencies.sort(
            key=lambda a: min((i for f in mention_forms(a) if (i := q.find(f)) >= 0), default=len(q))
        )
    tied = len(matches) > 1 and matches[0].score == matches[1].score
    if tied and intent.kind not in (*_ACROSS, "explain"):
        names = "、".join(m.agency for m in matches)
        return Query(question, "unknown", clarification=f"问题可能指以下机关：{names}。请说明是哪一个。")
    for agency in wanted_agencies:
        available = sorted(r.year for r in catalog if r.agency == agency)
        asked = list(dict.fromkeys(years))
        if not asked and recent:
            asked = available[-span_count:]
            span = "、".join(f"{y}年" for y in asked)  # (「近两年」 is not echoed: its 两 is no figure)
            assumptions.append(
                f"按库中{agency}最近几年的报告回答，即{span}"
                if len(asked) == span_count
                else f"所问年数多于库中报告，{agency}只有{span}的报告"
            )
        if not asked and relative:
            for word in dict.fromkeys(relative):
                if word in _LATEST:
                    asked.append(available[-1])
                    continue
                target = today.year + _RELATIVE[word]
                published = [y for y in available if y <= target]
                if target in available or not published:
                    asked.append(target)
                    continue
                asked.append(published[-1])
                assumptions.append(
                    f"「{word}」指{target}年，库中{agency}还没有该年度报告，按最新的{published[-1]}年度报告回答"
                )
        if not asked and intent.kind == "compare_years" and len(available) >= 2:
            asked = [available[-1], available[-2]]
            assumptions.append(f"未指明年份，比较库中最近的{available[-1]}年与{available[-2]}年")
        if len(asked) == 1 and intent.kind == "compare_years":
            asked.append(asked[0] - 1)
        if not asked:
            asked = [available[-1]]
            if len(wanted_agencies) == 1:  # several agencies: said once for all of them, below
                assumptions.append(
                    f"未指明年份，按{agency}最新的{available[-1]}年度报告回答"
                    if len(available) > 1
                    else f"未指明年份，库中{agency}只有{available[-1]}年度报告"
                )
        missing = [y for y in asked if y not in available]
        if missing and intent.kind in _ACROSS and len(wanted_agencies) > 1:
            assumptions.append(f"库中没有{agency}{'、'.join(f'{y}年' for y in missing)}的报告，未列入")
            continue
        if missing:
            have = "、".join(f"{y}年" for y in available)
            return _refuse(
                question,
                f"库中没有{agency}{'、'.join(f'{y}年' for y in missing)}的报告，只有{have}的报告。",
                assumptions=tuple(assumptions),
                # what is there still counts: a report's prose may state the change (「比上年度增加3件」)
                reports=tuple(r for r in catalog if r.agency == agency and r.year in asked),
                intent=intent.kind,
                metric=intent.metric,
                keywords=intent.keywords,
            )
        for year in asked:
            chosen += [r for r in catalog if r.agency == agency and r.year == year]
    if not chosen:
        return _refuse(
            question,
            f"库中没有{'、'.join(f'{y}年' for y in years)}的相关报告。库中现有：{_list_holdings(catalog)}。",
        )
    if len(wanted_agencies) > 1 and not years and not relative:
        each_latest = "，".join(f"{r.agency}{r.year}年" for r in chosen)
        different = "（年份不同）" if len({r.year for r in chosen}) > 1 else ""
        assumptions.append(f"未指明年份，各机关均按库中最新的年度报告{different}：{each_latest}")

    named = _agency_mention_spans(q, matches)
    keywords = tuple(
        k for k in intent.keywords if not any(k in name for name in agencies) and not _within(q, k, named)
    )
    if intent.kind == "narrative" and not (keywords or intent.wants_number or intent.yes_no):
        held = [r for r in catalog if r.agency in wanted_agencies]
        return Query(  # only an agency (and a year) named: nothing to look up yet
            question,
            "unknown",
            clarification=f"请问想了解哪方面的内容？库中有{_list_holdings(held)}的年报，例如可以问{_example(held)}。",
        )
    raw_item = None
    if intent.proactive_row and intent.metric is None:
        raw_item = RawItem(row_label=intent.proactive_row, column_label="")
    return Query(
        question=question,
        intent=intent.kind,  # type: ignore[arg-type]
        reports=tuple(chosen),
        metric=intent.metric,
        denominator=intent.denominator,
        items=intent.items,
        ratio=intent.ratio,
        growth=intent.growth,
        multiple=intent.multiple,
        period=intent.period,
        raw_item=raw_item,
        wants_number=intent.wants_number,
        keywords=keywords,
        focus=focus_of(q, keywords),
        counted=counted_of(q, keywords),
        yes_no=intent.yes_no,
        assumptions=tuple(dict.fromkeys(assumptions)),
        leftovers=intent.leftovers,
    )
