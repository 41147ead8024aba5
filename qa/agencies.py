"""Which agency a question is about, among the agencies in the store.

Citizens rarely type the full name: 「洪泽区政府」, 「高青公安」, 「县公安局」, 「淮安市」. A stored agency name is
split into its region chain (淮安市 / 洪泽区) and its organ (人民政府, 公安局 …); a question matches an agency
when it names the agency's own (deepest) region, or — with no region at all — its organ, unambiguously.
A question that names a region or organ the store does not hold is *not* matched to something else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from ingest.lexicon import LEXICON_TABLES
from qa.intent import NARRATIVE_TOPICS

_REGION = re.compile(
    r"[\u4e00-\u9fff]{1,6}?(?:特别行政区|自治区|自治州|自治县|省|市|州|盟|地区|新区|县|区|旗|镇|乡|街道)"
)
_ORGAN_SHORT = {
    "人民政府": ("人民政府", "政府"),
    "人民政府办公厅": ("人民政府办公厅", "政府办公厅", "办公厅", "府办"),
    "人民政府办公室": ("人民政府办公室", "政府办公室", "政府办", "办公室"),
}
# Words that start the name of an organ (so 「上海市人民政府」 is not 「上海市人民政府办公厅」).
ORGAN_WORDS = re.compile(
    r"^(?:人民政府办公厅|人民政府办公室|人民政府|政府办公厅|政府办公室|政府办|政府|"
    r"[\u4e00-\u9fff]{1,10}?(?:局|厅|委员会|委|办公室|办|院|中心|署|所|队|处|馆|站|会))"
)


def _bare(region: str) -> str:
    """淮安市 -> 淮安, 洪泽区 -> 洪泽 (only when two characters or more remain)."""
    for suffix in (
        "特别行政区",
        "自治区",
        "自治州",
        "自治县",
        "新区",
        "街道",
        "省",
        "市",
        "州",
        "盟",
        "地区",
        "县",
        "区",
        "旗",
        "镇",
        "乡",
    ):
        if region.endswith(suffix) and len(region) - len(suffix) >= 2:
            return region[: -len(suffix)]
    return region


@dataclass(frozen=True)
class AgencyName:
    full: str
    regions: tuple[str, ...]
    organ: str

    @property
    def organ_aliases(self) -> tuple[str, ...]:
        if self.organ in _ORGAN_SHORT:
            return _ORGAN_SHORT[self.organ]
        if not self.organ:
            return ()
        stem = re.sub(r"(局|厅|委员会|委|办公室|中心)$", "", self.organ)
        return tuple(dict.fromkeys(a for a in (self.organ, stem) if len(a) >= 2))

    @property
    def is_government(self) -> bool:
        return self.organ == "人民政府"


def _is_region(token: str) -> bool:
    """「住房和城乡」 ends in 乡 but names an organ, not a place."""
    return 2 <= len(token) <= 7 and not (set(token) & set("和与及")) and not token.endswith("城乡")


@lru_cache(maxsize=1 << 16)
def split_agency(full: str) -> AgencyName:
    """淮安市洪泽区人民政府 -> regions (淮安市, 洪泽区), organ 人民政府. Cached: every question splits every
    stored name (match_agencies, the checker's scope), and a name's parts never change."""
    regions: list[str] = []
    rest = full
    while (m := _REGION.match(rest)) and m.end() < len(rest) and _is_region(m.group(0)):
        regions.append(m.group(0))
        rest = rest[m.end() :]
    return AgencyName(full, tuple(regions), rest)


@lru_cache(maxsize=1 << 16)
def mention_forms(full: str) -> tuple[str, ...]:
    """How a text names a stored agency: its full name, its own region, the region's bare form.
    Cached like `split_agency`: the checker asks it for every agency at every figure."""
    regions = split_agency(full).regions
    return (full, regions[-1], _bare(regions[-1])) if regions else (full,)


@dataclass(frozen=True)
class AgencyMatch:
    agency: str
    score: int
    note: str | None = None  # an assumption to state in the answer
    span: tuple[int, int] = (0, 0)  # where the question names it


_SUFFIX = re.compile(r"特别行政区|自治区|自治州|自治县|新区|街道|[省市州盟县区旗镇乡]|地区")


def _renamed(asked: str, stored: str) -> bool:
    """「洪泽县」 for the stored 洪泽区: counties became districts (撤县设区) under the same name. Any
    other change of suffix is another place: 淮安区 is a district of 淮安市, not its government."""
    return asked == "县" and stored.endswith("区") and not stored.endswith("新区")


def _mention(question: str, region: str) -> tuple[int, str | None]:
    """Where the region's mention (full or bare form) ends in the question, or -1; and the old name
    the question used for it (「洪泽县」), if any. A bare form with another suffix is another place."""
    i = question.find(region)
    if i >= 0:
        return i + len(region), None
    bare = _bare(region)
    if bare == region:
        return -1, None
    for m in re.finditer(re.escape(bare), question):
        suffix = _SUFFIX.match(question, m.end())
        if suffix is None:
            return m.end(), None
        if _renamed(suffix.group(0), region):
            return suffix.end(), bare + suffix.group(0)
    return -1, None


def _chain_depth(question: str, regions: tuple[str, ...], end: int) -> int:
    """How many of the agency's regions are named in a row ending at `end` (淮安市洪泽区 = 2;
    「淮安市和洪泽区」 names two places, so 洪泽区's chain is 1)."""
    depth = 0
    for region in reversed(regions):
        for form in (region, _bare(region)):
            if question[:end].endswith(form):
                end -= len(form)
                depth += 1
                break
        else:
            break
    return depth


@cache
def _topic_words() -> tuple[str, ...]:
    """Words of table items and report topics: an organ name never runs through them."""
    return (
        *{p for table in LEXICON_TABLES for phrases in table.values() for p in phrases},
        *NARRATIVE_TOPICS,
    )


_CONNECTORS = set("比和与及、跟同较")


def _organ_at(text: str) -> str | None:
    """The organ named at the start of `text` (「公安局」「政府办公室」), or None. 「行政处罚」 and
    「新闻发布会」 end like organs (处, 会) but are what the question asks about, not who."""
    if text[:1] in _CONNECTORS:
        return None  # 「洪泽区比高青县公安局……」: what follows 比 is another agency, not this one's organ
    m = ORGAN_WORDS.match(text)
    if m is None or any(0 <= text.find(w) < m.end() for w in _topic_words()):
        return None
    return m.group(0)


def _names_organ(after: str, name: AgencyName) -> bool:
    """What follows the region names this agency's organ, not a longer one that starts the same
    (「政府办公室」 is not 「政府」)."""
    if not any(after.startswith(alias) for alias in name.organ_aliases):
        return False
    printed = _organ_at(after)
    return printed is None or printed in name.organ_aliases


def _names_other(after: str, agencies: list[str]) -> bool:
    """What follows a region's mention names another organ or a place inside it (「淮安市公安局」,
    「淮安公安」, 「淮安市淮阴区」): the question is not about that region's stored agency."""
    if _organ_at(after) is not None or _place_at(after) is not None:
        return True
    stems = {
        a
        for full in agencies
        for a in split_agency(full).organ_aliases
        if not split_agency(full).is_government
    }
    return any(after.startswith(stem) for stem in stems)


def _names_a_region(question: str, agencies: list[str]) -> bool:
    """The question names a place: a stored agency's region or one the store does not hold."""
    known = {form for full in agencies for r in split_agency(full).regions for form in (r, _bare(r))}
    return any(form in question for form in known) or unknown_place(question, agencies) is not None


def match_agencies(question: str, agencies: list[str]) -> list[AgencyMatch]:
    """The stored agencies a question names, best first; [] when it names none of them."""
    q = re.sub(r"\s+", "", question)
    matches = []
    for full in agencies:
        name = split_agency(full)
        organ_at = q.find(full) + len("".join(name.regions))
        if full in q and (not name.regions or _names_organ(q[organ_at:], name)):
            at = q.find(full)  # not 「…人民政府办公室」 for 「…人民政府」
            matches.append(AgencyMatch(full, 100 + len(full), span=(at, at + len(full))))
            continue
        if not name.regions:
            continue
        end, old_name = _mention(q, name.regions[-1])
        if end < 0:
            continue
        bare_end = end - (len(old_name) - len(_bare(name.regions[-1])) if old_name else 0)
        depth = 10 * _chain_depth(q, name.regions, bare_end)
        after = q[end:]
        renamed = f"库中没有「{old_name}」，按同名的{name.regions[-1]}（{full}）回答" if old_name else None
        span = (bare_end - len(_bare(name.regions[-1])), end)
        if _names_organ(after, name):
            matches.append(AgencyMatch(full, depth + 5, renamed, span))
        elif _names_other(after, agencies):
            continue
        elif name.is_government:
            matches.append(AgencyMatch(full, depth, renamed, span))
        else:
            note = f"问题只提到「{name.regions[-1]}」，库中该地只有{full}的报告，按其回答"
            matches.append(AgencyMatch(full, depth, renamed or note, span))
    if not matches:
        if _names_a_region(q, agencies):
            return []  # 「上海市公安局」 is not 高青县公安局, however few 公安局 the store holds
        # no place named: an organ alone (「县公安局」「公安局」) when exactly one agency has it
        by_organ = []
        for full in agencies:
            name = split_agency(full)
            alias = next((a for a in name.organ_aliases if a in q), None)
            if not name.is_government and alias:
                note = f"问题只提到「{alias}」，库中只有{full}的报告，按其回答"
                by_organ.append(AgencyMatch(full, 1, note))
        return by_organ
    # a weaker reading of the same words gives way (「淮安市政府」 is not also 「淮安……」 something else);
    # an agency named in words of its own stays (「高青公安和洪泽区」 names two)
    kept: list[AgencyMatch] = []
    for m in sorted(matches, key=lambda m: -m.score):
        if all(m.score >= k.score - 4 or _apart(m.span, k.span) for k in kept):
            kept.append(m)
    return kept


def _apart(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[1] <= b[0] or b[1] <= a[0]


_NOT_PLACE_START = set("年的在和与及了是有被因为由中里对向从请问全本该各我这那其比")
_NOT_IN_PLACE = set("的了有什么是和与及或在为对把被向从吗呢哪几多少")


def _plausible_place(token: str) -> str | None:
    """A region-shaped token as a place name (「淮阴区」), or None for words (「有多少区」)."""
    place = token
    while place and place[0] in _NOT_PLACE_START:
        place = place[1:]
    if len(place) < 3 or place.startswith("地区") or set(place) & _NOT_IN_PLACE:
        return None
    return place


def _place_at(text: str) -> str | None:
    """A place name at the very start of `text`."""
    m = _REGION.match(text)
    return _plausible_place(m.group(0)) if m and m.group(0)[0] not in _NOT_PLACE_START else None


def unknown_place(question: str, agencies: list[str]) -> str | None:
    """A region the question names that no stored agency belongs to (「北京市海淀区」), if any."""
    q = re.sub(r"\s+", "", question)
    known = {r for full in agencies for r in split_agency(full).regions}
    for m in _REGION.finditer(q):
        place = _plausible_place(m.group(0))
        if place is None or place in known:
            continue
        bare = _bare(place)
        if not any(bare == _bare(r) and _renamed(place[len(bare) :], r) for r in known):
            return place
    return None


def similar_place(place: str, agencies: list[str]) -> str | None:
    """A stored place one character off the asked one (「淮按市」: 淮安市), to suggest — never to answer
    for: 淮南市 is one character off 淮安市 too, and another city."""
    near = [
        r
        for full in agencies
        for r in split_agency(full).regions
        if len(r) == len(place)
        and r[-1] == place[-1]
        and sum(a != b for a, b in zip(r, place, strict=True)) == 1
    ]
    return near[0] if len(set(near)) == 1 else None
