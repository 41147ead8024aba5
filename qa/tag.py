"""Stage 1 — tag: every span of a question marked once, as what it names.

    question -> normalize (markup, whitespace, full-width digits, traditional characters via OpenCC)
             -> agencies and places (qa.agencies) -> years (qa.years) -> lexicon words and table items
             -> what is left: gaps, the spans nothing explains

Later stages read the tags only, never the text again. A gap is content the reader did not understand:
a table figure is never stated over it (qa.query decides what happens instead).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ingest.lexicon import ITEM_KINDS, Entry, lexicon
from ingest.numerals import normalize_digits
from qa.agencies import AgencyIndex, AgencyMention
from qa.years import YearMention, year_mentions

WORD_KINDS = tuple(
    sorted(k for k in {e.kind for e in lexicon().entries} - set(ITEM_KINDS) if not k.startswith("prose_"))
)  # operation, quantity, unit, filler … (prose_* words are read in reports' prose only)
_MARKUP = re.compile(r"<[^<>]{0,200}>")
_QUOTES = re.compile("[“”\"'‘’「」『』〈〉【】]")
_TITLE = re.compile(
    r"《[^《》]{1,40}》"
)  # a title (《上海市人民政府公报》) names a publication, not an agency
_ENUMERATION = re.compile(
    r"[两二三四五六七八九十\d]+(?:种|类|项|个)(?=情形|情况|原因|理由|类型|结果|方式|事项|合计)"
)
_CONTENT = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]")
_AGENCY_COUNT = re.compile(r"([两二三四五六七八九十\d]+)(?:个|家)(?:单位|机关|部门|政府|地方)")


@dataclass(frozen=True)
class Tag:
    """A span of the question and what explains it."""

    start: int
    end: int
    text: str
    kind: str  # agency | year | item | word | count
    entry: Entry | None = None  # lexicon entry (items and words)
    agency: AgencyMention | None = None
    year: YearMention | None = None
    generic: bool = False  # a weak phrase of its item (a verb such as 收到)
    value: int = 0  # count: 「三个单位」 -> 3

    @property
    def role(self) -> str:
        """The entry's kind for items and words (row, operation, filler …), else the tag's kind."""
        return self.entry.kind if self.entry is not None else self.kind

    @property
    def key(self) -> str:
        return self.entry.key if self.entry is not None else self.kind


@dataclass(frozen=True)
class Gap:
    """A span nothing explains."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Tagging:
    question: str  # as asked
    text: str  # as read (normalized)
    traditional: bool  # the question was written in traditional characters
    tags: tuple[Tag, ...]
    gaps: tuple[Gap, ...]

    def of(self, *roles: str) -> tuple[Tag, ...]:
        return tuple(t for t in self.tags if t.role in roles)


@cache
def _converter() -> object:
    import opencc  # the maintained converter, with its own dictionaries (no download)

    return opencc.OpenCC("t2s")


def normalize(question: str) -> tuple[str, bool]:
    """The text as read, and whether it was written in traditional characters."""
    text = _QUOTES.sub("", re.sub(r"\s+", "", _MARKUP.sub("", question or "")))
    text = normalize_digits(text).replace("％", "%")
    converted = _converter().convert(text)  # type: ignore[attr-defined]
    return converted, converted != text


def tag(question: str, index: AgencyIndex) -> Tagging:
    """Mark every span of a question (see the module docstring)."""
    text, traditional = normalize(question)
    tags: list[Tag] = []
    taken = [False] * len(text)

    def claim(new: Tag) -> None:
        tags.append(new)
        taken[new.start : new.end] = [True] * (new.end - new.start)

    for m in _TITLE.finditer(text):
        claim(Tag(m.start(), m.end(), m.group(0), "title"))
    for new in _split_phrases(text, taken, digits_only=True):
        claim(new)
    for year in year_mentions(text):
        if not any(taken[year.start : year.end]):
            claim(Tag(year.start, year.end, year.text, "year", year=year))
    for mention in index.mentions(text, taken):
        claim(Tag(mention.start, mention.end, mention.text, "agency", agency=mention))
    for m in _AGENCY_COUNT.finditer(text):
        if not any(taken[m.start() : m.end()]):
            scope = lexicon().entry("scope", "all_agencies")
            claim(Tag(m.start(), m.end(), m.group(0), "count", scope, value=_number(m.group(1))))
    for m in _ENUMERATION.finditer(text):
        if not any(taken[m.start() : m.end()]):
            claim(Tag(m.start(), m.end(), m.group(0), "enum"))
    for new in _split_phrases(text, taken):
        claim(new)
    for hit in lexicon().scan(text, (*ITEM_KINDS, *(k for k in WORD_KINDS if k != "unit")), taken):
        kind = "item" if hit.entry.kind in ITEM_KINDS else "word"
        claim(Tag(hit.start, hit.end, hit.phrase, kind, hit.entry, generic=hit.generic))
    for unit in _units(text, tags):  # a unit only right after 多少/几 (「文件」 is no 件)
        tags[:] = [t for t in tags if not (t.role == "filler" and t.start < unit.end and unit.start < t.end)]
        if not any(t.start < unit.end and unit.start < t.end for t in tags):
            claim(unit)
    tags.sort(key=lambda t: t.start)
    return Tagging(question, text, traditional, tuple(tags), _gaps(text, taken))


def _units(text: str, tags: list[Tag]) -> list[Tag]:
    """The unit right after each 多少/几 (「多少个工作日」: the longest, over particles read before)."""
    out = []
    for asked in [
        t for t in tags if (t.role == "quantity" and t.key == "count") or t.text.endswith(("多少", "几"))
    ]:
        hits = lexicon().scan(text[asked.end :], ("unit",))
        first = next((h for h in hits if h.start == 0), None)
        if first is not None:
            out.append(Tag(asked.end, asked.end + first.end, first.phrase, "word", first.entry))
    return out


def _split_phrases(text: str, taken: list[bool], digits_only: bool = False) -> list[Tag]:
    """Phrases said in two parts (「无法向自然人提供」): both parts tag the entry, the words between are
    read on their own — or, with `digits_only`, phrases around a number that belongs to them
    (「结转到2024年」: one tag, no year asked)."""
    out: list[Tag] = []
    for entry in lexicon().of_kind(*ITEM_KINDS):
        for first, second in entry.around_number if digits_only else entry.splits:
            middle = r"\d{1,4}" if digits_only else r"[^，,。？?；;！!]{1,8}?"
            for m in re.finditer(rf"{re.escape(first)}({middle}){re.escape(second)}", text):
                a, b = (m.start(), m.start() + len(first)), (m.end() - len(second), m.end())
                spans = taken[a[0] : b[1]] if digits_only else taken[a[0] : a[1]] + taken[b[0] : b[1]]
                if any(spans) or any(o.start < b[1] and a[0] < o.end for o in out):
                    continue
                if not digits_only and any(text.startswith(p, a[0]) for p in entry.phrases):
                    continue  # 「不予公开、予以公开」: the phrase is said whole here, not around other words
                if digits_only:
                    out.append(Tag(a[0], b[1], m.group(0), "item", entry))
                else:
                    out += [Tag(*a, first, "item", entry), Tag(*b, second, "item", entry)]
    return out


def _gaps(text: str, taken: list[bool]) -> tuple[Gap, ...]:
    gaps: list[Gap] = []
    start = None
    for i, char in enumerate([*text, "。"]):
        open_gap = i < len(text) and not taken[i] and _CONTENT.match(char) is not None
        if open_gap and start is None:
            start = i
        elif not open_gap and start is not None:
            gaps.append(Gap(start, i, text[start:i]))
            start = None
    return tuple(gaps)


def _number(token: str) -> int:
    from ingest.numerals import chinese_to_number

    return int(token) if token.isdigit() else int(chinese_to_number(token))
