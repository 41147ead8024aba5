"""Years as a question writes them: 2024年, 二〇二四年, 24年, 一九年, 2024年度; lists (2023、2024年) and
ranges (2019到2025年, 2023至2024这两年); the last N years (近两年, 最近三年). Relative years (去年, 前年) are
lexicon words (words.toml) read against the clock or the year named, in qa.query.

    >>> [(m.kind, m.years) for m in year_mentions("洪泽区2019到2025年哪一年最多")]
    [('range', (2019, 2025))]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from ingest.numerals import chinese_to_number

_CN = "〇零一二三四五六七八九"
_DIGIT = {"〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_TOKEN = rf"(?:19|20)\d{{2}}|[{_CN}]{{4}}|(?<![\d.])\d{{2}}(?!\d)|[一二][{_CN}]"
_NOT_A_YEAR_AFTER = re.compile(r"年(?:度?(?:以来|来|内|间|前|后|左右|多(?![了少出几])|的时间|报告))")
_RANGE = "到|至|~|～|—|-|–"
_YEAR = re.compile(rf"(?P<a>{_TOKEN})(?P<nian>年度|年)?")
_JOIN = re.compile(rf"\s*(?:(?P<range>{_RANGE})|(?P<list>[、，,和与及跟]))\s*")
_RECENT = re.compile(r"(?:最近|近|过去|这)([两二三四五六七八九十\d]+)个?年(?!度?报告)")
_BEFORE_SHORT = set("0123456789.近前后这多几第共约")


@dataclass(frozen=True)
class YearMention:
    start: int
    end: int
    text: str
    kind: Literal["year", "range", "recent"]
    years: tuple[int, ...] = ()  # a year; a range's first and last year
    count: int = 0  # 近N年: N


def _value(token: str) -> int | None:
    if token.isdigit():
        value = int(token)
    else:
        try:
            value = int("".join(str(_DIGIT[c]) for c in token))
        except KeyError:
            return None
    if value < 100:
        value += 2000 if value >= 8 else -1
    return value if 1990 <= value <= 2100 else None


def _token_at(text: str, pos: int) -> tuple[int, int, bool] | None:
    """(year, end, written with 年) of a year token at `pos`."""
    m = _YEAR.match(text, pos)
    if m is None:
        return None
    token = m.group("a")
    short = len(token) == 2
    if short and pos and text[pos - 1] in _BEFORE_SHORT:
        return None
    if short and m.group("nian") and _NOT_A_YEAR_AFTER.match(text, m.start("nian")):
        return None
    value = _value(token)
    if value is None or (short and not m.group("nian")):
        return None if value is None else (value, m.end(), False)
    return value, m.end(), bool(m.group("nian"))


def _run_at(text: str, pos: int) -> tuple[list[int], int, bool, bool] | None:
    """Years joined by list or range marks from `pos`: (years, end, any with 年, a range)."""
    first = _token_at(text, pos)
    if first is None:
        return None
    years, end, nian, ranged = [first[0]], first[1], first[2], False
    while (join := _JOIN.match(text, end)) is not None and (nxt := _token_at(text, join.end())) is not None:
        years.append(nxt[0])
        end, nian = nxt[1], nian or nxt[2]
        ranged = ranged or bool(join.group("range"))
    return years, end, nian, ranged


def year_mentions(text: str) -> list[YearMention]:
    """Every year, list, range and 近N年 of a question, in order."""
    out: list[YearMention] = []
    pos = 0
    while pos < len(text):
        run = _run_at(text, pos) if not (pos and text[pos - 1].isdigit()) else None
        recent = _RECENT.match(text, run[1] if run else pos)
        if run is not None and (run[2] or _full_years(run[0], text[pos : run[1]]) or recent):
            years, end, _, ranged = run
            end = recent.end() if recent and len(years) > 1 else end  # 2023至2024这两年
            kind = "range" if ranged and len(years) == 2 else "year"
            out.append(_mention(text, pos, end, years, kind))
            pos = end
            continue
        recent = _RECENT.match(text, pos)
        if recent is not None:
            out.append(YearMention(pos, recent.end(), recent.group(0), "recent", (), _count(recent.group(1))))
            pos = recent.end()
            continue
        pos += 1
    return out


def _full_years(years: list[int], written: str) -> bool:
    """Four-digit years need no 年 (「2023到2024这两年」); two digits do (「23」 alone is a number)."""
    return len(re.findall(r"\d{4}|[〇零一二三四五六七八九]{4}", written)) == len(years)


def _mention(text: str, start: int, end: int, years: list[int], kind: str) -> YearMention:
    if kind == "range":
        return YearMention(start, end, text[start:end], "range", (years[0], years[-1]))
    return YearMention(start, end, text[start:end], "year", tuple(dict.fromkeys(years)))


def _count(token: str) -> int:
    return int(token) if token.isdigit() else int(chinese_to_number(token))
