"""Which agencies a question names, by any name a person uses for them.

The index is built once per catalog (the set of stored reports): every region of every stored agency
under all its names (淮安市 / 淮安, 平潭综合实验区 / 平潭实验区 / 平潭区 / 平潭, 洪泽县 for 洪泽区), every organ
under all its names (发展和改革委员会 / 发改委 / 发改局), and the names the reports themselves use (their
aliases). A question is then read left to right, looking names up from each position — never by
scanning the catalog — so a question costs the same with five agencies or thousands.

The invariant: a department of a stored region is never answered with the region's report. 「洪泽区财政局」
names the region 洪泽区 and the organ 财政局; the store holds 洪泽区's government, not its 财政局, so the
mention is *not held* — refused, saying what the store holds there.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from ingest.lexicon import ITEM_KINDS, lexicon
from ingest.records import StoredReport
from qa.places import (
    ORGAN_SHAPE,
    PLACE_SHAPE,
    AgencyName,
    RegionForm,
    plausible_place,
    region_suffix_at,
    split_agency,
)

Chain = tuple[str, ...]
LEVEL_CHARS = "省市州县区旗镇乡"
CONNECTORS = set("比和与及、跟同较对向在的")
_PROTECTED_KINDS = (*(k for k in ITEM_KINDS if k not in ("rate", "ambiguous")), "topic")


@dataclass(frozen=True)
class AgencyMention:
    """A span of a question that names an agency, and what the store holds for it."""

    start: int
    end: int
    text: str
    agencies: tuple[str, ...] = ()  # the stored agencies it names (one: resolved; several: ambiguous)
    place: str = ""  # the place named, as its full name (淮安市洪泽区) or as written when not held
    organ: str = ""  # the organ named, as written ("" = none: the place's government)
    note: str | None = None  # an assumption the answer states (洪泽县 read as 洪泽区 …)
    held_here: tuple[str, ...] = ()  # what the store holds at that place (for a refusal)
    department: tuple[str, ...] = ()  # names of a department of a held region (for its own prose sentence)
    region_agency: str | None = None  # the held government of the place a department belongs to
    suggestion: str | None = None  # a held place one character off an unknown one (never answered)

    @property
    def resolved(self) -> str | None:
        return self.agencies[0] if len(self.agencies) == 1 else None

    @property
    def what(self) -> str:
        """What the mention names, for messages (「淮安市洪泽区财政局」)."""
        return f"{self.place}{self.organ}" or self.text


@dataclass(frozen=True)
class _Held:
    agency: str
    name: AgencyName


@dataclass
class AgencyIndex:
    """All name forms of the stored agencies -> agencies. Build with `AgencyIndex.build(catalog)`."""

    years: dict[str, tuple[int, ...]] = field(default_factory=dict)
    reports: dict[tuple[str, int], StoredReport] = field(default_factory=dict)
    nodes: dict[Chain, list[_Held]] = field(default_factory=lambda: defaultdict(list))
    place_forms: dict[str, list[tuple[Chain, RegionForm]]] = field(default_factory=lambda: defaultdict(list))
    aliases: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    organs: dict[str, str] = field(default_factory=dict)  # organ name -> family key
    zones: set[Chain] = field(default_factory=set)  # places that are special zones
    longest: int = 1

    @classmethod
    def build(cls, catalog: Sequence[StoredReport]) -> AgencyIndex:
        index = cls()
        by_agency: dict[str, list[int]] = defaultdict(list)
        for report in catalog:
            by_agency[report.agency].append(report.year)
            index.reports[(report.agency, report.year)] = report
            for alias in report.aliases:
                if len(alias) >= 3 and alias[0] not in "我本该":
                    index.aliases[alias].add(report.agency)
        index.years = {a: tuple(sorted(set(ys))) for a, ys in by_agency.items()}
        for agency in index.years:
            index._add(agency)
        index._drop_zone_bare_collisions()
        names = [*index.place_forms, *index.aliases, *index.organs]
        index.longest = max((len(n) for n in names), default=1)
        return index

    def _add(self, agency: str) -> None:
        name = split_agency(agency)
        chain: Chain = tuple(r.name for r in name.regions)
        self.nodes[chain].append(_Held(agency, name))
        for depth, region in enumerate(name.regions, start=1):
            for form in region.forms:
                entry = (chain[:depth], form)
                if entry not in self.place_forms[form.text]:
                    self.place_forms[form.text].append(entry)
            self.nodes.setdefault(chain[:depth], [])
            if region.suffix.zone:
                self.zones.add(chain[:depth])
        family = name.family.key if name.family else f"organ:{name.organ}"
        for organ_name in name.organ_names:
            self.organs.setdefault(organ_name, family)
        if not name.regions:
            self.aliases[agency].add(agency)

    def _drop_zone_bare_collisions(self) -> None:
        """A special zone's bare name (苏州 of 苏州工业园区) is kept only when no other place has it."""
        for text, entries in list(self.place_forms.items()):
            chains = {c for c, _ in entries}
            if len(chains) > 1:
                kept = [(c, f) for c, f in entries if not (f.bare and c in self.zones)]
                self.place_forms[text] = kept or entries

    # ---- reading a question -------------------------------------------------------------------

    def mentions(self, text: str, taken: list[bool] | None = None) -> list[AgencyMention]:
        """Every agency or place the question names, in order (never inside `taken` spans: years)."""
        protected = [a or b for a, b in zip(_protected(text), taken or [False] * len(text), strict=True)]
        found: list[AgencyMention] = []
        i = 0
        while i < len(text):
            if taken is not None and taken[i]:
                i += 1
                continue
            mention = self._alias_at(text, i) or self._place_at(text, i, protected)
            if mention is None and not protected[i]:
                mention = self._unknown_place_at(text, i, protected)
            if mention is not None:
                found.append(mention)
                i = mention.end
            else:
                i += 1
        if not found:
            return self._organs_alone(text, protected)
        return self._with_departments(text, found, protected)

    def _with_departments(
        self, text: str, found: list[AgencyMention], protected: list[bool]
    ) -> list[AgencyMention]:
        """「洪泽区2024年区政府办受理……」「杭州2024年市场监管局……」: an organ named after the one place of
        the question (its level first or not) names that place's organ, as if written together."""
        places = [m for m in found if m.agencies and m.place]
        if len({m.place for m in places}) != 1:
            return found
        mention, out = places[0], list(found)
        start = mention.end
        while start < len(text):
            organ, end = self._department_at(text, start, mention, protected)
            if organ and not any(o.start < end and start < o.end for o in out):
                department = self._resolve(text, start, end, self._chains_of(mention), organ, None)
                if not mention.organ:  # the place was written to name this organ: one agency, not two
                    out = [
                        replace(department, start=m.start, end=m.end, text=m.text) if m is mention else m
                        for m in out
                    ]
                out.append(department)
                start = end
            else:
                start += 1
        return sorted(out, key=lambda m: m.start)

    def _department_at(
        self, text: str, start: int, mention: AgencyMention, protected: list[bool]
    ) -> tuple[str, int]:
        """An organ's name at `start`, after the place's level character if written: 「区政府办」「市场监管局」."""
        if protected[start]:
            return "", start
        organ, end = self._organ_at(text, start, protected)
        if self._known(organ) and len(organ) >= 3 and ORGAN_SHAPE.fullmatch(organ):
            return organ, end
        if text[start] == mention.place[-1] and text[start] in LEVEL_CHARS:
            organ, end = self._organ_at(text, start + 1, protected)
            if self._known(organ):
                return organ, end
        return "", start

    def _chains_of(self, mention: AgencyMention) -> list[Chain]:
        return [c for c in self.nodes if "".join(c) == mention.place]

    def _alias_at(self, text: str, i: int) -> AgencyMention | None:
        for size in range(min(self.longest, len(text) - i), 2, -1):
            agencies = self.aliases.get(text[i : i + size])
            if agencies:
                return AgencyMention(i, i + size, text[i : i + size], tuple(sorted(agencies)))
        return None

    def _longest_place(self, text: str, i: int) -> tuple[str, list[tuple[Chain, RegionForm]]] | None:
        for size in range(min(self.longest, len(text) - i), 1, -1):
            entries = self.place_forms.get(text[i : i + size])
            if entries:
                return text[i : i + size], entries
        return None

    def _place_at(self, text: str, i: int, protected: list[bool]) -> AgencyMention | None:
        """A run of held places (淮安市洪泽区) and the organ after it, resolved."""
        first = self._longest_place(text, i)
        if first is None:
            return None
        form_text, entries = first
        end = i + len(form_text)
        other = region_suffix_at(text, end)
        if other and all(f.bare for _, f in entries):  # 淮安区 is not 淮安市, 高青区 not 高青县
            return self._unknown(text, i, end + len(other), protected)
        chains = [c for c, _ in entries]
        renamed = next((f.text for _, f in entries if f.renamed), None)
        while (nxt := self._longest_place(text, end)) is not None:
            deeper = [c for c, _ in nxt[1] if any(c[: len(p)] == p and len(c) > len(p) for p in chains)]
            if not deeper:
                break
            chains, end = deeper, end + len(nxt[0])
            renamed = next((f.text for _, f in nxt[1] if f.renamed), renamed)
        if (child := self._unknown_place_at(text, end, protected)) is not None:  # 淮安市淮阴区
            parent = _place_name(chains)
            return AgencyMention(i, child.end, text[i : child.end], (), parent + child.place, child.organ)
        organ, organ_end = self._organ_at(text, end, protected)
        back = _suffix_length(text[i:end])
        if not self._known(organ) and 0 < back < end - i:
            # 「杭州市监局」「高良涧街道办」: the place's suffix starts the organ's name
            alt, alt_end = self._organ_at(text, end - back, protected)
            if self._known(alt) and len(alt) > back:
                organ, organ_end = alt, alt_end
        if not self._known(organ) and (typo := self._misspelt_organ(text, i, end, chains)) is not None:
            return typo
        return self._resolve(text, i, organ_end, chains, organ, renamed)

    def _misspelt_organ(self, text: str, i: int, end: int, chains: list[Chain]) -> AgencyMention | None:
        """An organ name one character off one held at the place (「人民政俯」「公按局」): a name to suggest,
        never another organ (「人民政俯」 holds 「民政」) and never the held one itself."""
        held = [h for c in chains for h in self.nodes.get(c, [])]
        for h in held:
            for name in sorted(h.name.organ_names, key=len, reverse=True):
                written = text[end : end + len(name)]
                if len(name) >= 3 and len(written) == len(name) and _one_off(written, name):
                    mention = AgencyMention(
                        i, end + len(name), text[i : end + len(name)], (), _place_name(chains)
                    )
                    return replace(
                        mention, organ=written, held_here=tuple(x.agency for x in held), suggestion=h.agency
                    )
        return None

    def _known(self, organ: str) -> bool:
        return bool(organ) and (organ in self.organs or lexicon_organ(organ) is not None)

    def _organ_at(self, text: str, start: int, protected: list[bool]) -> tuple[str, int]:
        """The organ named right after a place (「财政局」「政府办」), or ("", start)."""
        for size in range(min(self.longest, len(text) - start), 1, -1):
            name = text[start : start + size]
            if (name in self.organs or lexicon_organ(name)) and not _inside_longer_phrase(text, start, size):
                return name, start + size
        shape = ORGAN_SHAPE.match(text, start)
        if shape and not any(protected[start : shape.end()]) and self._no_place_in(text, start, shape.end()):
            return shape.group(0), shape.end()
        return "", start

    def _no_place_in(self, text: str, start: int, end: int) -> bool:
        """An organ's name holds no place and starts with no joining word (「比高青县公安局」 is two)."""
        if text[start] in CONNECTORS:
            return False
        inside = text[start:end]
        return not any(self._longest_place(inside, k) for k in range(len(inside))) and not PLACE_SHAPE.search(
            inside[:-1]
        )

    def _resolve(
        self, text: str, start: int, end: int, chains: list[Chain], organ: str, renamed: str | None
    ) -> AgencyMention:
        place = _place_name(chains)
        held = [h for c in chains for h in self.nodes.get(c, [])]
        here = tuple(h.agency for h in held)
        family = self.organs.get(organ) or lexicon_organ(organ)
        if organ:
            same = [h for h in held if _family(h) == family or organ in h.name.organ_names]
        else:
            same = [h for h in held if h.name.government] or (held if len(held) == 1 else [])
        note = None
        if renamed and same:
            note = f"库中没有「{renamed}」，按同名的{same[0].name.regions[-1].name}（{same[0].agency}）回答"
        elif not organ and same and not same[0].name.government:
            note = f"问题只提到「{text[start:end]}」，库中该地只有{same[0].agency}的报告，按其回答"
        mention = AgencyMention(
            start, end, text[start:end], tuple(h.agency for h in same), place, organ, note, here
        )
        if same or not organ:
            return mention
        government = next((h.agency for h in held if h.name.government), None)
        return _department(mention, organ, family, government)

    def _unknown_place_at(self, text: str, i: int, protected: list[bool]) -> AgencyMention | None:
        m = PLACE_SHAPE.match(text, i)
        if m is None or any(protected[i : m.end()]) or self._known(self._organ_at(text, i, protected)[0]):
            return None  # 「住房城乡建设局」 is an organ, not the place 「住房城乡」
        if plausible_place(m.group(0)) != m.group(0):
            return None
        if any(self._longest_place(text, k) is not None for k in range(i, m.end() - 1)):
            return None  # 「底淮安市」: a held place starts inside it
        return self._unknown(text, i, m.end(), protected)

    def _unknown(self, text: str, i: int, end: int, protected: list[bool]) -> AgencyMention:
        """A place the store holds nothing of (北京市海淀区, 淮安区), with the organ after it."""
        while (m := PLACE_SHAPE.match(text, end)) is not None and plausible_place(m.group(0)) == m.group(0):
            if any(protected[end : m.end()]):
                break
            end = m.end()
        organ, organ_end = self._organ_at(text, end, protected)
        place = text[i:end]
        near = self._near(place)
        return AgencyMention(
            i,
            organ_end,
            text[i:organ_end],
            (),
            place,
            organ,
            suggestion=near + text[end:organ_end] if near else None,
        )

    def _near(self, place: str) -> str | None:
        """A held place one character off (「淮按市」: 淮安市), to suggest — never to answer for."""
        near = {
            form
            for form, entries in self.place_forms.items()
            if len(form) == len(place) and form[-1] == place[-1] and not any(f.bare for _, f in entries)
            if _one_off(place, form)
        }
        return near.pop() if len(near) == 1 else None

    def _organs_alone(self, text: str, protected: list[bool]) -> list[AgencyMention]:
        """No place named: an organ alone (「公安局」「县公安局」) names the one stored agency that has it."""
        for start in range(len(text)):
            for size in range(min(self.longest, len(text) - start), 1, -1):
                name = text[start : start + size]
                family = self.organs.get(name) or lexicon_organ(name)
                if (
                    family is None
                    or _inside_longer_phrase(text, start, size)
                    or not ORGAN_SHAPE.fullmatch(name)
                ):
                    continue
                level = text[start - 1] if start and text[start - 1] in LEVEL_CHARS else ""
                return [self._organ_alone(start - len(level), start + size, name, family, level)]
        return []

    def _organ_alone(self, start: int, end: int, organ: str, family: str, level: str) -> AgencyMention:
        national = organ.startswith(("国家", "中国", "中华人民共和国", "国务院"))  # 国家发改委: no region
        held = [
            h
            for helds in self.nodes.values()
            for h in helds
            if _family(h) == family
            and (not level or (h.name.regions and h.name.regions[-1].name.endswith(level)))
            and not (national and h.name.regions)
        ]
        agencies = tuple(dict.fromkeys(h.agency for h in held))
        text = f"{level}{organ}"
        note = f"问题只提到「{text}」，库中只有{agencies[0]}的报告，按其回答" if len(agencies) == 1 else None
        return AgencyMention(start, end, text, agencies, "", text, note)

    # ---- what the store holds ------------------------------------------------------------------

    def holdings(self, agencies: Sequence[str] | None = None) -> str:
        """「淮安市洪泽区人民政府（2023、2024年）；高青县公安局（2024年）」."""
        names = sorted(self.years) if agencies is None else list(dict.fromkeys(agencies))
        return "；".join(
            f"{a}（{'、'.join(str(y) for y in self.years[a])}年）" for a in names if a in self.years
        )

    def agencies_under(self, place: str) -> tuple[str, ...]:
        """Stored agencies whose regions include a place named in full (for refusals)."""
        return tuple(
            h.agency
            for chain, helds in self.nodes.items()
            if place and place in "".join(chain)
            for h in helds
        )


def _suffix_length(place: str) -> int:
    """The length of the region suffix a place name ends with (杭州市: 1, 高良涧街道: 2)."""
    from ingest.lexicon import gazetteer

    return next(
        (
            len(s.suffix)
            for s in gazetteer().suffixes
            if place.endswith(s.suffix) and len(place) > len(s.suffix)
        ),
        0,
    )


def _family(held: _Held) -> str:
    return held.name.family.key if held.name.family else f"organ:{held.name.organ}"


def _place_name(chains: list[Chain]) -> str:
    return "".join(chains[0]) if chains else ""


def lexicon_organ(name: str) -> str | None:
    """The organ family of a name in the gazetteer (stored or not)."""
    from ingest.lexicon import gazetteer

    organ = gazetteer().organ_of(name)
    return organ.key if organ else None


def _inside_longer_phrase(text: str, start: int, size: int) -> bool:
    """「政府」 of 「政府信息公开」 is no organ: a lexicon phrase starting there runs longer."""
    hits = lexicon().scan(text[start:], tuple(k for k in ("filler", *_PROTECTED_KINDS)))
    return any(h.start == 0 and h.end > size for h in hits)


def _protected(text: str) -> list[bool]:
    """Characters inside words of the lexicon (「行政处罚」 is asked about, not an organ 「行政处」; 「代表」
    does not start a place 「代表区」)."""
    marks = [False] * len(text)
    for hit in lexicon().scan(text, tuple({e.kind for e in lexicon().entries})):
        if hit.end - hit.start >= 2:
            marks[hit.start : hit.end] = [True] * (hit.end - hit.start)
    return marks


def _one_off(written: str, name: str) -> bool:
    return sum(a != b for a, b in zip(written, name, strict=True)) == 1


def _department(
    mention: AgencyMention, organ: str, family: str | None, government: str | None
) -> AgencyMention:
    """A department of a held region whose own report is not stored: the names to look for in the
    region's prose (「区政府办代表区政府受理…」), and nothing else."""
    from ingest.lexicon import gazetteer

    known = gazetteer().organ_of(organ)
    names = {organ} | ({n for n in known.names if len(n) >= 2} if known is not None else set())
    level = mention.place[-1:] if mention.place[-1:] in LEVEL_CHARS else ""
    forms = {n for n in names if len(n) >= 3} | {
        level + n for n in names if level and not n.endswith(("部", "厅"))
    }
    return AgencyMention(
        mention.start,
        mention.end,
        mention.text,
        (),
        mention.place,
        organ,
        None,
        mention.held_here,
        tuple(sorted(forms, key=len, reverse=True)),
        government,
    )
