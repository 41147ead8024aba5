"""Stage 2 — frame: the tags grouped into what the question asks, before the store is consulted.

A question is cut into clauses (at ？，。； and 其中); each clause that asks for something (a count, a
share, a change, yes/no …) is a `Part`, and a clause that asks nothing (「淮安市2024年对法律服务机构提出的
申请，」) lends its words to the part after it. A later part names only what changes (「其中多少被纠正」 keeps
the group of the part before, 「洪泽区呢」 keeps the item). Everything else of the question — directions,
units, relative years, topics, what is not understood — is collected once for the whole question.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from qa.agencies import AgencyMention
from qa.items import PROACTIVE_ROLES, REVIEW_ROLES, ROW_ROLES, Assembly, assemble
from qa.tag import Gap, Tag, Tagging
from qa.years import YearMention

ASKING_OPS = frozenset(
    {
        "share",
        "compare",
        "gap",
        "growth",
        "times",
        "sum",
        "rank",
        "which",
        "which_year",
        "which_item",
        "each",
        "yes_no",
    }
)
_CLAUSE_END = set("？?。！!；;，,")
_ITEM_ROLES = (*ROW_ROLES, "column", *REVIEW_ROLES, *PROACTIVE_ROLES, "ambiguous")


@dataclass(frozen=True)
class Part:
    """One asking clause: its items (and a share's whole), and what it names of its own."""

    items: Assembly
    whole: Assembly | None  # what follows 占/除以 (「……占新收申请的比例」)
    agencies: tuple[AgencyMention, ...]
    years: tuple[YearMention, ...]
    ops: frozenset[str]
    tags: tuple[Tag, ...]


@dataclass(frozen=True)
class Frame:
    tagging: Tagging
    parts: tuple[Part, ...]
    agencies: tuple[AgencyMention, ...]
    years: tuple[YearMention, ...]
    ops: frozenset[str]
    direction: str | None  # more / less / flat, as the question says it
    relative: tuple[Tag, ...]  # 去年, 前年 …; 比上年 (versus_last_year)
    latest: bool  # 最新, 最近一年
    all_agencies: bool  # 各单位, 所有机关, 三个单位
    unit: str | None  # the unit asked: 件, 万元, 元, 亿元, %, prose (条, 场 …)
    period: str | None  # 平均每月 …
    topics: tuple[Tag, ...]
    beyond: tuple[Tag, ...]  # what no table gives (平均用时, 明年)
    asks_what: bool  # 什么, 哪些, 怎么: prose
    explain: bool
    opinion: bool
    gaps: tuple[Gap, ...]  # spans nothing explains
    negations: tuple[Tag, ...]  # 没有, 未 … outside any phrase: a table item is never answered over them
    unused: tuple[Tag, ...]  # item words that name no item here (prose keywords)

    @property
    def text(self) -> str:
        return self.tagging.text

    @property
    def items_named(self) -> bool:
        return any(not p.items.empty for p in self.parts)

    @property
    def wants_number(self) -> bool:
        """A figure is asked: a count, a share, a change … — or a table item named alone (「……吗」 of an
        item is answered by its figure), but not a yes/no of a topic (「收取信息处理费了吗」)."""
        asked = bool(self.ops & (ASKING_OPS - {"which", "yes_no", "each"})) or self.unit is not None
        counted = any(t.role == "quantity" and t.key != "count_noun" for t in self.tagging.tags)
        return asked or counted or self.period is not None or (self.items_named and not self.asks_what)


def build_frame(tagging: Tagging) -> Frame:
    """Group the tags of a question (see the module docstring)."""
    tags = tagging.tags
    parts = _parts(tagging)
    direction = next((t.entry.direction for t in reversed(tags) if t.entry and t.entry.direction), None)
    unused = tuple(t for p in parts for t in (*p.items.unused, *(p.whole.unused if p.whole else ())))
    unclear = tuple(t for p in parts for t in p.items.other_unclear)
    gaps = tagging.gaps + tuple(Gap(t.start, t.end, t.text) for t in unclear)
    agencies, years, ops = _named(tags)
    return Frame(
        tagging=tagging,
        parts=parts,
        agencies=agencies,
        years=years,
        ops=ops,
        direction=direction,
        relative=tuple(t for t in tags if t.role == "relative_year" or t.key == "versus_last_year"),
        latest=any(t.role == "relative_year" and t.key == "latest" for t in tags),
        all_agencies=any(t.role == "scope" or t.kind == "count" for t in tags),
        unit=_unit(tags),
        period=next((t.entry.period for t in tags if t.role == "period" and t.entry), None),
        topics=tagging.of("topic"),
        beyond=tagging.of("beyond"),
        asks_what=bool(tagging.of("ask_what")),
        explain=bool(tagging.of("explain")),
        opinion=bool(tagging.of("opinion")),
        gaps=tuple(sorted(gaps, key=lambda g: g.start)),
        negations=tagging.of("negation"),
        unused=unused,
    )


def _unit(tags: Sequence[Tag]) -> str | None:
    """The unit asked: a unit word, or money asked as such (多少钱, 多少万元)."""
    for tag in tags:
        if tag.role == "unit":
            return tag.key
        if tag.role == "quantity" and tag.key == "money":
            return "亿元" if "亿" in tag.text else ("万元" if "万" in tag.text else "元")
        if tag.role == "operation" and tag.key == "share" and "%" in tag.text:
            return "%"
    return None


def _clauses(tagging: Tagging) -> list[list[Tag]]:
    """Tags cut at clause punctuation and at 其中 (which starts a clause of its own)."""
    clauses: list[list[Tag]] = [[]]
    cuts = {i for i, ch in enumerate(tagging.text) if ch in _CLAUSE_END}
    for tag in tagging.tags:
        if clauses[-1] and (
            any(c < tag.start for c in cuts if c >= clauses[-1][-1].end) or tag.text == "其中"
        ):
            clauses.append([])
        clauses[-1].append(tag)
    return [c for c in clauses if c]


def _asks(clause: Sequence[Tag]) -> bool:
    return any(
        t.role in ("quantity", "period", "unit")
        or (t.role == "operation" and t.key in ASKING_OPS)
        or t.role == "ask_what"
        for t in clause
    )


def _parts(tagging: Tagging) -> tuple[Part, ...]:
    clauses = _clauses(tagging)
    asking = [i for i, c in enumerate(clauses) if _asks(c) or (i and _names_other_agency(c))]
    if len(asking) <= 1:
        return (_part([t for c in clauses for t in c], None),)
    groups: list[list[Tag]] = []
    pending: list[Tag] = []
    for i, clause in enumerate(clauses):
        pending += clause
        if i in asking or i == len(clauses) - 1:
            if i in asking or not groups:
                groups.append(pending)
            else:
                groups[-1] += pending
            pending = []
    parts: list[Part] = []
    for group in groups:
        parts.append(_part(group, parts[-1] if parts else None))
    return _deduplicated(parts)


def _names_other_agency(clause: Sequence[Tag]) -> bool:
    """「洪泽区呢？」: a later clause that names an agency and no item asks the same of it."""
    return any(t.kind == "agency" for t in clause) and not any(t.kind == "item" for t in clause)


def _split_share(tags: list[Tag]) -> tuple[list[Tag], list[Tag] | None]:
    """Tags before and after 占/除以 (the whole of a share), when an item follows it."""
    at = next((i for i, t in enumerate(tags) if t.key == "share_of"), None)
    if at is None or not any(t.role in _ITEM_ROLES for t in tags[at + 1 :]):
        return tags, None
    return tags[:at], tags[at + 1 :]


def _part(tags: list[Tag], previous: Part | None) -> Part:
    head, tail = _split_share(tags)
    items = _assemble(head)
    if previous is not None and _needs_previous(items, head):
        items = _assemble(_inherited(previous, head) + head)
    whole = None
    if tail is not None:
        if not any(t.role in ROW_ROLES for t in tail):  # 「……占法人或其他组织的比例」: the part's rows
            tail = [t for t in head if t.role in ROW_ROLES and not t.generic] + tail
        whole = _assemble(tail)
    if previous is not None and items.empty and not items.unused:
        items = previous.items  # 「洪泽区呢？」「有几件？」: the item asked before
    agencies, years, ops = _named(tags)
    return Part(items, whole, agencies, years, ops, tuple(tags))


def _named(tags: Sequence[Tag]) -> tuple[tuple[AgencyMention, ...], tuple[YearMention, ...], frozenset[str]]:
    """The agencies, years and operation words among some tags."""
    agencies = tuple(t.agency for t in tags if t.agency is not None)
    years = tuple(t.year for t in tags if t.year is not None)
    return agencies, years, frozenset(t.key for t in tags if t.role == "operation")


def _assemble(tags: list[Tag]) -> Assembly:
    item_tags = [t for t in tags if t.kind == "item"]
    joined = any(t.role == "connector" and t.key == "and" for t in tags) or any(
        t.role == "operation" and t.key in ("each", "sum", "plus", "than", "times", "gap") for t in tags
    )
    return assemble(item_tags, joined)


def _needs_previous(items: Assembly, head: list[Tag]) -> bool:
    """A part that names one dimension of an item only (「其中多少被纠正」: an outcome; 「废止多少件」: a
    column; 「其中予以公开多少」 after 「自然人申请了多少」: a row) completes it with the part before."""
    roles = {t.role for t in head if t.kind == "item"}
    return bool(items.unused) or (bool(roles) and roles <= {"review_outcome", "proactive_column", *ROW_ROLES})


def _inherited(previous: Part, head: list[Tag]) -> list[Tag]:
    roles = {t.role for t in head if t.kind == "item"}
    keep: tuple[str, ...] = ()
    if roles & {"review_outcome"}:
        keep = ("review_group",)
    elif roles & {"proactive_column"}:
        keep = ("proactive_row",)
    elif roles & set(ROW_ROLES):
        keep = ("column",)
    return [t for t in previous.tags if t.role in keep]


def _deduplicated(parts: list[Part]) -> tuple[Part, ...]:
    """「有没有……？有几件？」: the same item asked twice is one part (with both parts' words)."""
    out: list[Part] = []
    for part in parts:
        if (
            out
            and part.items == out[-1].items
            and not part.agencies
            and not part.years
            and part.whole is None
        ):
            out[-1] = replace(out[-1], ops=out[-1].ops | part.ops, tags=out[-1].tags + part.tags)
            continue
        out.append(part)
    return tuple(out)
