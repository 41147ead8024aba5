"""Agency names taken apart: the regions they belong to and the organ (淮安市 / 洪泽区 / 人民政府).

A stored agency's name is split once, when the agency index is built; each region then has every
name people use for it (its full name, the name without its suffix, a special zone's other names,
a county's old name after 撤县设区) and the organ its family (发展和改革局 and 发改委 are one organ).
The words all come from the lexicon's gazetteer (ingest/lexicon/places.toml, organs.toml).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ingest.lexicon import Organ, PlaceSuffix, gazetteer

NATIONAL_PREFIXES = ("中华人民共和国", "国务院")
MAX_STEM = 10


@dataclass(frozen=True)
class RegionForm:
    text: str
    renamed: bool = False  # an old name (洪泽县 for 洪泽区): the answer says which place it used
    bare: bool = False  # the name without its suffix (淮安, 平潭)


@dataclass(frozen=True)
class Region:
    """One region of an agency's name: 洪泽区 = stem 洪泽 + suffix 区."""

    name: str
    stem: str
    suffix: PlaceSuffix

    @property
    def forms(self) -> tuple[RegionForm, ...]:
        """Every name of the region, its own name first."""
        out = [RegionForm(self.name)]
        stem = _without_ethnic(self.stem) if self.suffix.suffix.startswith("自治") else self.stem
        for form in self.suffix.forms:
            if form or len(stem) >= 2:
                out.append(RegionForm(stem + form, bare=not form))
        out += [RegionForm(s, bare=True) for s in gazetteer().short_forms.get(self.name, ())]
        if not self.suffix.zone:
            out += [
                RegionForm(self.stem + old, renamed=True)
                for old in gazetteer().renamed.get(self.suffix.suffix, ())
            ]
        return tuple(dict.fromkeys(f for f in out if f.text))


def _without_ethnic(stem: str) -> str:
    """恩施土家族苗族 -> 恩施: the names of ethnic groups at the end of an autonomous place's stem."""
    trimmed = True
    while trimmed:
        trimmed = False
        for name in gazetteer().ethnic:
            if stem.endswith(name) and len(stem) > len(name):
                stem, trimmed = stem[: -len(name)], True
    return stem


@dataclass(frozen=True)
class AgencyName:
    """A stored agency's name taken apart."""

    full: str
    regions: tuple[Region, ...]
    organ: str  # as printed (人民政府, 公安局); the whole name when it has no region (教育部)
    family: Organ | None  # the organ's family in the gazetteer, if known

    @property
    def government(self) -> bool:
        return self.family is not None and self.family.government

    @property
    def organ_names(self) -> tuple[str, ...]:
        """The names the organ goes by: the family's names, or the printed organ and its stem."""
        if self.family is not None:
            return (self.organ, *self.family.names)
        stem = re.sub(r"(局|厅|委员会|委|办公室|中心)$", "", self.organ)
        return tuple(dict.fromkeys(n for n in (self.organ, stem) if len(n) >= 2))


def _region_at(text: str, start: int, end: int) -> tuple[Region, float] | None:
    """text[start:end] as one region, scored by the length of its suffix (a zone's long suffix wins)."""
    token = text[start:end]
    for suffix in gazetteer().suffixes:
        stem = token[: -len(suffix.suffix)] if token.endswith(suffix.suffix) else ""
        if stem and len(stem) <= MAX_STEM and not set(stem) & set("和与及、"):
            score = len(suffix.suffix) - (0.5 if len(stem) == 1 else 0.0)
            return Region(token, stem, suffix), score
    return None


@cache
def _best_split(text: str) -> tuple[float, tuple[Region, ...]] | None:
    """The split of a text into regions whose suffixes cover most of it (苏州工业园区 is one zone, not
    苏州 + 工业园区; 杭州市西湖区 is two regions, not 杭州 + 市西湖区)."""
    if not text:
        return 0.0, ()
    best: tuple[float, tuple[Region, ...]] | None = None
    for end in range(2, len(text) + 1):
        head = _region_at(text, 0, end)
        rest = _best_split(text[end:]) if head is not None else None
        if head is not None and rest is not None and (best is None or head[1] + rest[0] > best[0]):
            best = (head[1] + rest[0], (head[0], *rest[1]))
    return best


def split_regions(text: str) -> tuple[Region, ...] | None:
    """A run of region names (江苏省淮安市洪泽区), or None when the text is not one."""
    best = _best_split(text) if text else None
    return None if best is None else best[1]


def _national(name: str) -> str:
    for prefix in NATIONAL_PREFIXES:
        if name.startswith(prefix) and len(name) > len(prefix) + 1:
            return name[len(prefix) :]
    return name


@cache
def split_agency(full: str) -> AgencyName:
    """淮安市洪泽区人民政府 -> regions (淮安市, 洪泽区), organ 人民政府 (family: government)."""
    name = _national(full)
    known = gazetteer()
    splits = [
        (best[0], len(name) - cut, cut, organ)
        for cut in range(1, len(name))
        if (organ := known.organ_of(name[cut:])) is not None and (best := _best_split(name[:cut])) is not None
    ]
    if (
        splits
    ):  # the regions that cover most (田镇街道 + 办事处, not 田镇 + 街道办事处), then the longer organ
        _, _, cut, organ = max(splits)
        return AgencyName(full, split_regions(name[:cut]) or (), name[cut:], organ)
    for cut in range(len(name) - 1, 1, -1):  # an organ the gazetteer does not know
        regions = split_regions(name[:cut])
        if regions is not None and split_regions(name[cut:]) is None:
            return AgencyName(full, regions, name[cut:], None)
    return AgencyName(full, (), name, known.organ_of(name))


def region_suffix_at(text: str, start: int) -> str | None:
    """A region suffix starting at `start` (「区」 of 「淮安区」): a stem followed by it is another place."""
    for suffix in gazetteer().suffixes:
        if text.startswith(suffix.suffix, start):
            return suffix.suffix
    return None


PLACE_SHAPE = re.compile(
    r"[\u4e00-\u9fff]{1,8}?(?:特别行政区|自治区|自治州|自治县|综合实验区|经济技术开发区|高新技术产业开发区|"
    r"工业园区|高新区|开发区|新区|省|市|州|盟|地区|县|区|旗|镇|乡|街道)"
)
_NOT_PLACE_START = set("年的在和与及了是有被因为由中里对向从请问全本该各我这那其比较跟同按底末初")
_NOT_IN_PLACE = set("的了有什么是和与及或在为对把被向从吗呢哪几多少比较年")


def plausible_place(token: str) -> str | None:
    """A region-shaped token as a place name (「淮阴区」「北京市海淀区」), or None for words (「有多少区」)."""
    place = token
    while place and place[0] in _NOT_PLACE_START:
        place = place[1:]
    if len(place) < 3 or place.startswith("地区") or set(place) & _NOT_IN_PLACE:
        return None
    return place


ORGAN_SHAPE = re.compile(
    r"[\u4e00-\u9fff]{1,10}?(?:委员会|办公室|办公厅|管理局|分局|支队|大队|办事处|局|委|厅|办|院|中心|署|所|队|站|馆|部)"
)


def mention_forms(full: str) -> tuple[str, ...]:
    """How a text names a stored agency: its full name, its own region, the region's other names."""
    regions = split_agency(full).regions
    if not regions:
        return (full,)
    return (full, *(f.text for f in regions[-1].forms if not f.renamed))
