"""The lexicon as typed entries, read once from the data files beside this module.

Every word the product understands is an `Entry` of one of the TOML files: the table items
(items.toml), the words around them (words.toml), organs (organs.toml) and places (places.toml).
Nothing else spells a phrase: the question reader, rule T1's prose reader, the numeric checker, the
answer wording and the statistics labels all derive from these entries.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from ingest import schema

DATA = Path(__file__).resolve().parent

ITEM_KINDS = (
    "row",
    "column",
    "review_group",
    "review_outcome",
    "proactive_row",
    "proactive_column",
    "rate",
    "ambiguous",
)
TABLE_OF_KIND = {
    "row": schema.TABLE_APPLICATIONS,
    "column": schema.TABLE_APPLICATIONS,
    "rate": schema.TABLE_APPLICATIONS,
    "review_group": schema.TABLE_REVIEW,
    "review_outcome": schema.TABLE_REVIEW,
    "proactive_row": schema.TABLE_PROACTIVE,
    "proactive_column": schema.TABLE_PROACTIVE,
}


@dataclass(frozen=True)
class Entry:
    """One meaning and the phrases that carry it (see the data files for the fields)."""

    kind: str
    key: str
    phrases: tuple[str, ...]
    generic: tuple[str, ...] = ()
    label: str = ""
    short: str = ""
    wording: str = ""
    wording_in_column: str = ""
    rows: tuple[str, ...] = ()
    columns: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    implies: str | None = None
    scopes: tuple[tuple[str, ...], ...] = ()
    splits: tuple[tuple[str, str], ...] = ()
    around_number: tuple[tuple[str, str], ...] = ()
    also: tuple[str, ...] = ()
    parts: tuple[str, ...] = ()
    direction: str | None = None
    offset: int | None = None
    section: str | None = None
    period: str | None = None

    @property
    def table(self) -> str | None:
        return TABLE_OF_KIND.get(self.kind)

    @property
    def all_phrases(self) -> tuple[str, ...]:
        return self.phrases + self.generic


# Ways of writing the same word that the data need not list one by one: 多少 asked as 几 (百分之几),
# 或 written 或者, 其他 written 其它.
WRITTEN_FORMS = (("多少", "几"), ("或", "或者"), ("其他", "其它"))


def written_forms(phrase: str) -> list[str]:
    """The other written forms of a phrase (a listed phrase of any entry always wins over them)."""
    return [
        phrase.replace(usual, other)
        for usual, other in WRITTEN_FORMS
        if usual in phrase and other not in phrase
    ]


def _entry(kind: str | None, data: dict[str, Any]) -> Entry:
    rows = tuple(data.get("rows", ()))
    if data.get("group"):
        rows = schema.OUTCOME_GROUPS[data["key"]]
    return Entry(
        kind=kind or data["kind"],
        key=data["key"],
        phrases=tuple(data.get("phrases", ())),
        generic=tuple(data.get("generic", ())),
        label=data.get("label", ""),
        short=data.get("short", ""),
        wording=data.get("wording", ""),
        wording_in_column=data.get("wording_in_column", ""),
        rows=rows,
        columns=tuple(data.get("columns", ())),
        groups=tuple(data.get("groups", ())),
        implies=data.get("implies"),
        scopes=tuple(tuple(s) for s in data.get("scopes", ())),
        splits=tuple((a, b) for a, b in data.get("splits", ())),
        around_number=tuple((a, b) for a, b in data.get("around_number", ())),
        also=tuple(data.get("also", ())),
        parts=tuple(data.get("parts", ())),
        direction=data.get("direction"),
        offset=data.get("offset"),
        section=data.get("section"),
        period=data.get("period"),
    )


def _load(name: str) -> dict[str, Any]:
    with (DATA / name).open("rb") as f:
        return tomllib.load(f)


@dataclass(frozen=True)
class PhraseHit:
    """Where a phrase of an entry stands in a text."""

    entry: Entry
    phrase: str
    start: int
    end: int
    generic: bool = False

    @property
    def key(self) -> str:
        return self.entry.key

    @property
    def kind(self) -> str:
        return self.entry.kind


class Lexicon:
    """All entries, with a phrase table for scanning texts longest phrase first."""

    def __init__(self, entries: tuple[Entry, ...]) -> None:
        self.entries = entries
        self._by_kind: dict[str, tuple[Entry, ...]] = {}
        for entry in entries:
            self._by_kind[entry.kind] = (*self._by_kind.get(entry.kind, ()), entry)
        self._tables: dict[frozenset[str], tuple[dict[str, tuple[Entry, bool]], int]] = {}

    def of_kind(self, *kinds: str) -> tuple[Entry, ...]:
        return tuple(e for kind in kinds for e in self._by_kind.get(kind, ()))

    def entry(self, kind: str, key: str) -> Entry:
        for entry in self._by_kind.get(kind, ()):
            if entry.key == key:
                return entry
        raise KeyError(f"no lexicon entry {kind}/{key}")

    def find(self, kind: str, key: str) -> Entry | None:
        try:
            return self.entry(kind, key)
        except KeyError:
            return None

    def _table(self, kinds: frozenset[str]) -> tuple[dict[str, tuple[Entry, bool]], int]:
        if kinds not in self._tables:
            table: dict[str, tuple[Entry, bool]] = {}
            entries = self.of_kind(*sorted(kinds))
            for entry in entries:
                table.update({p: (entry, False) for p in entry.phrases})
                table.update({p: (entry, True) for p in entry.generic if p not in table})
            listed = set(table) | {p for e in self.entries for p in (*e.phrases, *e.generic)}
            for entry in entries:
                for generic, phrases in ((False, entry.phrases), (True, entry.generic)):
                    table.update(
                        {f: (entry, generic) for p in phrases for f in written_forms(p) if f not in listed}
                    )
            self._tables[kinds] = (table, max((len(p) for p in table), default=0))
        return self._tables[kinds]

    def scan(self, text: str, kinds: tuple[str, ...], taken: list[bool] | None = None) -> list[PhraseHit]:
        """Non-overlapping hits of the entries of `kinds`, in text order: the reading that covers the most
        characters, then the one with the fewest (longest) phrases — so a long phrase never cuts a
        phrase said before it in two (「不予公开和部分公开」 is 不予公开 + 部分公开, not 不予 + 公开和部分公开).
        Characters already `taken` (by agencies, years …) are never part of a hit."""
        table, longest = self._table(frozenset(kinds))
        used = list(taken) if taken is not None else [False] * len(text)
        n = len(text)
        # best[i]: (covered, -phrases, first phrase's size or 0 for a skipped character) for text[i:]
        best: list[tuple[int, int, int]] = [(0, 0, 0)] * (n + 1)
        for start in range(n - 1, -1, -1):
            choice = (best[start + 1][0], best[start + 1][1], 0)
            for size in range(1, min(longest, n - start) + 1):
                if used[start + size - 1]:
                    break
                if text[start : start + size] in table and not used[start]:
                    rest = best[start + size]
                    choice = max(choice, (rest[0] + size, rest[1] - 1, size))
            best[start] = choice
        hits, start = [], 0
        while start < n:
            size = best[start][2]
            if size == 0:
                start += 1
                continue
            entry, generic = table[text[start : start + size]]
            hits.append(PhraseHit(entry, text[start : start + size], start, start + size, generic))
            start += size
        return hits


@cache
def lexicon() -> Lexicon:
    """The lexicon of the data files (read once per process)."""
    items = _load("items.toml")["item"]
    words = _load("words.toml")["word"]
    return Lexicon(tuple(_entry(None, d) for d in (*items, *words)))


@dataclass(frozen=True)
class Organ:
    """An organ of government and the names it goes by (organs.toml)."""

    key: str
    names: tuple[str, ...]
    government: bool = False


@dataclass(frozen=True)
class PlaceSuffix:
    """The end of a region's name and the other suffixes the place is named with (places.toml)."""

    suffix: str
    level: str
    forms: tuple[str, ...]
    zone: bool = False


@dataclass(frozen=True)
class Gazetteer:
    """Organs and place suffixes: what agency names are made of."""

    organs: tuple[Organ, ...]
    suffixes: tuple[PlaceSuffix, ...]  # longest first
    short_forms: dict[str, tuple[str, ...]]
    renamed: dict[str, tuple[str, ...]]  # stored suffix -> the old suffixes it is still called by
    organ_by_name: dict[str, Organ]
    ethnic: tuple[str, ...]  # longest first

    def organ_of(self, name: str) -> Organ | None:
        return self.organ_by_name.get(name)


@cache
def gazetteer() -> Gazetteer:
    organs = _load("organs.toml")["organ"]
    places = _load("places.toml")
    suffixes = sorted(
        (
            PlaceSuffix(s["suffix"], s["level"], tuple(s.get("forms", ())), bool(s.get("zone")))
            for s in places["suffix"]
        ),
        key=lambda s: -len(s.suffix),
    )
    known = tuple(Organ(o["key"], tuple(o["names"]), bool(o.get("government"))) for o in organs)
    return Gazetteer(
        organs=known,
        suffixes=tuple(suffixes),
        short_forms={s["name"]: tuple(s["forms"]) for s in places.get("short", ())},
        renamed={r["stored"]: tuple(r["old"]) for r in places.get("renamed", ())},
        organ_by_name={name: organ for organ in known for name in organ.names},
        ethnic=tuple(sorted(places["ethnic"]["names"], key=len, reverse=True)),
    )
