"""Variants of a gold question: the same question with the agency in another name, the year in another
form, other quantity words, another word order, traditional characters. The same figure (or an
abstention) must come back for every one: a variant never gets a different figure.

The rendering is the test's own (plain string rules over the question), not the product's reader."""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

CN_DIGITS = "〇一二三四五六七八九"
YEAR = re.compile(r"(20\d{2})年(?!度)")
COUNT = re.compile(r"多少件|几件")


@dataclass(frozen=True)
class Variant:
    question: str
    how: str  # what was changed
    year: int | None = None  # the clock's year this variant is asked in (for 去年)


def chinese_year(year: int) -> str:
    return "".join(CN_DIGITS[int(d)] for d in str(year))


def agency_forms(agency: str) -> list[str]:
    """Names a citizen uses for a stored agency (hand-written rules, independent of qa.places)."""
    forms = [agency]
    m = re.match(r"^(.+?[省市])?(.+?[区县])?(人民政府|公安局|人民政府办公厅)$", agency)
    if not m:
        return forms
    city, district, organ = m.group(1) or "", m.group(2) or "", m.group(3)
    place = district or city
    bare = place[:-1]
    if organ == "人民政府":
        forms += [
            f"{place}政府",
            f"{place}人民政府",
            place,
            f"{bare}{'区' if place.endswith('区') else place[-1]}",
            f"{city}{district}政府",
        ]
        if len(bare) >= 2:
            forms.append(f"{bare}政府")
    elif organ == "公安局":
        forms += [f"{bare}公安", f"{place}公安局", f"{bare}公安局"]
    else:
        forms += [f"{place}政府办公厅", f"{place}府办公厅", f"{place}府办"]
    return list(dict.fromkeys(forms))


@cache
def _to_traditional() -> object:
    import opencc

    return opencc.OpenCC("s2t")


def traditional(text: str) -> str:
    return _to_traditional().convert(text)  # type: ignore[attr-defined]


def variants(question: str, agency: str | None, seed: str, n: int = 6) -> Iterator[Variant]:
    """Up to `n` variants of a question (sampled deterministically by `seed` from all of them)."""
    found: list[Variant] = []
    years = [int(y) for y in YEAR.findall(question)]
    if agency and agency in question:
        found += [
            Variant(question.replace(agency, form, 1), f"机关「{form}」") for form in agency_forms(agency)[1:]
        ]
    if len(years) == 1:
        y = years[0]
        for form, how in (
            (f"{chinese_year(y)}年", "汉字年份"),
            (f"{y % 100:02d}年", "两位年份"),
            (f"{y}年度", "年度"),
        ):
            found.append(Variant(question.replace(f"{y}年", form, 1), how))
        found.append(Variant(question.replace(f"{y}年", "去年", 1), "去年", y + 1))
        if agency and question.startswith(agency):
            moved = f"{y}年" + question.replace(f"{y}年", "", 1)
            found.append(Variant(moved, "年份前置"))
    if COUNT.search(question) and "%" not in question and "比例" not in question:
        for word in ("几件", "多少份", "几起"):
            found.append(Variant(COUNT.sub(word, question, count=1), f"量词「{word}」"))
    found.append(Variant(traditional(question), "繁体"))
    if found:
        rng = random.Random(seed)
        yield from rng.sample(found, min(n, len(found)))
