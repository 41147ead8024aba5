"""The table items one clause of a question names, assembled from its item tags.

Table 3 items are rows × applicant columns, table 4 items groups × outcomes, table 2 items rows ×
columns. The most specific row wins over a generic verb (收到 names 新收 only when nothing else is named);
a group named with one of its own rows means the row (「不予公开中行政查询事项」); the ambiguous 「其他」 is
read from its neighbours (其他处理中的其他, 维持/纠正/其他, 其他组织) or left unexplained. Several items
of one table, or items of several tables, are listed; only a sum word joins them (qa.frame).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ingest import schema
from ingest.lexicon.prose import column_keys, review_groups, row_priority
from ingest.metrics import (
    Metric,
    application_metric,
    application_rows,
    in_columns,
    proactive_metric,
    review_metric,
)
from qa.tag import Tag

ROW_ROLES = ("row", "rate")
REVIEW_ROLES = ("review_group", "review_outcome")
PROACTIVE_ROLES = ("proactive_row", "proactive_column")


@dataclass(frozen=True)
class Assembly:
    """What the item tags of a stretch of a question name."""

    metrics: tuple[Metric, ...] = ()  # one per item named (several: a list, or a sum if asked)
    table2_rows: tuple[str, ...] = ()  # table-2 rows named without a column: every column of the layout
    rate: bool = False  # named as a rate (公开率): a share
    whole_first: Metric | None = None  # a whole named before its part (「予以公开的申请中自然人」)
    used: tuple[Tag, ...] = ()  # the tags that name the items
    unused: tuple[Tag, ...] = ()  # item words that name nothing here (制作 without a table-2 row)
    other_unclear: tuple[Tag, ...] = field(default=())  # 「其他」 its neighbours do not explain

    @property
    def empty(self) -> bool:
        return not self.metrics and not self.table2_rows


def assemble(tags: Sequence[Tag], joined: bool) -> Assembly:
    """The items of `tags` (the item tags of one clause, in order); `joined`: 和/及/与 among them."""
    review = [t for t in tags if t.role in REVIEW_ROLES]
    proactive = [t for t in tags if t.role in PROACTIVE_ROLES]
    apps = [t for t in tags if t.role in (*ROW_ROLES, "column")]
    other = [t for t in tags if t.role == "ambiguous"]
    has_review = any(t.role == "review_group" for t in review)
    has_proactive = any(t.role == "proactive_row" for t in proactive) or any(
        len(_rows_with(t.key)) == 1 for t in proactive if t.role == "proactive_column"
    )
    named_apps = [t for t in apps if not t.generic]
    if (has_review or has_proactive) and not named_apps:
        apps = []  # 「被申请行政复议」: 申请 is a verb here, not table 3's 新收
    parts = []
    if has_review:
        parts.append(_review(review, other))
    elif review:
        parts.append(Assembly(unused=tuple(review)))
    if has_proactive:
        parts.append(_proactive(proactive))
    elif proactive:
        parts.append(Assembly(unused=tuple(proactive)))
    if apps or (other and not has_review):
        parts.append(_applications(apps, [] if has_review else other, joined))
    return _merge(parts)


def _merge(parts: list[Assembly]) -> Assembly:
    return Assembly(
        metrics=tuple(m for p in parts for m in p.metrics),
        table2_rows=tuple(r for p in parts for r in p.table2_rows),
        rate=any(p.rate for p in parts),
        whole_first=next((p.whole_first for p in parts if p.whole_first), None),
        used=tuple(t for p in parts for t in p.used),
        unused=tuple(t for p in parts for t in p.unused),
        other_unclear=tuple(t for p in parts for t in p.other_unclear),
    )


# ---- table 4 ----------------------------------------------------------------------------------


def _review(tags: list[Tag], other: list[Tag]) -> Assembly:
    """Each group named × each outcome named (「行政复议中维持、纠正、其他分别多少」: three items)."""
    named = list(dict.fromkeys(t.key for t in tags if t.role == "review_group"))
    if "litigation" in named and {"litigation_direct", "litigation_after_review"} & set(named):
        named.remove("litigation")  # 「行政诉讼中直接起诉的」: the one kind of suit
    # 「维持、纠正、其他」: 其他 among the outcomes is 其他结果, in the order asked
    said = sorted([t for t in tags if t.role == "review_outcome"] + other, key=lambda t: t.start)
    outcomes = ["other" if t.role == "ambiguous" else t.key for t in said]
    outcomes += [t.entry.implies for t in tags if t.entry is not None and t.entry.implies]
    outcomes = list(dict.fromkeys(outcomes)) or ["total"]
    metrics = tuple(review_metric(review_groups([g]), o) for g in named for o in outcomes)
    return Assembly(metrics=tuple(dict.fromkeys(metrics)), used=(*tags, *other))


# ---- table 2 ----------------------------------------------------------------------------------


def _proactive(tags: list[Tag]) -> Assembly:
    rows = list(dict.fromkeys(t.key for t in tags if t.role == "proactive_row"))
    columns = list(dict.fromkeys(k for t in tags if t.role == "proactive_column" for k in _names(t)))
    if not rows:  # 「收费金额」: a column only one row has names that row too
        own = [t.key for t in tags if t.role == "proactive_column"]
        rows = list(dict.fromkeys(r for c in own if len(owners := _rows_with(c)) == 1 for r in owners))
    metrics: list[Metric] = []
    bare_rows: list[str] = []
    for row in rows:
        allowed = [c for c in columns if c in _columns_of(row)]
        if allowed:
            metrics += [proactive_metric(row, c) for c in allowed]
        elif len(schema.PROACTIVE_ROW_COLUMNS.get(row, ())) == 1 and not columns:
            metrics.append(proactive_metric(row, schema.PROACTIVE_ROW_COLUMNS[row][0]))
        else:
            bare_rows.append(row)
    named = {m.columns[0] for m in metrics}
    stray = [t for t in tags if t.role == "proactive_column" and not set(_names(t)) & named]
    return Assembly(
        metrics=tuple(metrics),
        table2_rows=tuple(bare_rows),
        used=tuple(t for t in tags if t not in stray),
        unused=tuple(stray) if metrics or bare_rows else (),
    )


def _rows_with(column: str) -> list[str]:
    both = (*schema.PROACTIVE_ROW_COLUMNS.items(), *schema.PROACTIVE_2019_ROW_COLUMNS.items())
    return list(dict.fromkeys(row for row, columns in both if column in columns))


def _names(tag: Tag) -> tuple[str, ...]:
    """The columns a table-2 column word names: its own, and those it also names (金额: 采购总金额)."""
    return (tag.key, *(tag.entry.also if tag.entry is not None else ()))


def _columns_of(row: str) -> tuple[str, ...]:
    both = (*schema.PROACTIVE_ROW_COLUMNS.get(row, ()), *schema.PROACTIVE_2019_ROW_COLUMNS.get(row, ()))
    return tuple(dict.fromkeys(both))


# ---- table 3 ----------------------------------------------------------------------------------


def _applications(tags: list[Tag], other: list[Tag], joined: bool) -> Assembly:
    rows, row_tags = _rows(tags, other, joined)
    columns, column_tags = _columns(tags, other, joined)
    unclear = tuple(t for t in other if t not in row_tags and t not in column_tags)
    rate = any(t.role == "rate" for t in tags)
    if not rows and not columns:
        return Assembly(used=tuple(row_tags), other_unclear=unclear, rate=rate)
    rows = rows or ["new_received"]  # 「法律服务机构提出了多少件」: the applications by who asked
    column_sets = columns or [(("total",), "")]
    metrics = tuple(application_metric(r, cols, label) for r in rows for cols, label in column_sets)
    return Assembly(
        metrics=metrics,
        rate=rate,
        whole_first=_whole_first(tags, rows, column_sets),
        used=(*row_tags, *column_tags),
        other_unclear=unclear,
    )


def _rows(tags: list[Tag], other: list[Tag], joined: bool) -> tuple[list[str], list[Tag]]:
    """The row sets named: the most specific; several only when joined by 和/及/与. A group named with
    one of its own rows means the row; 其他处理 with 「其他」 means its sub-row 其他."""
    hits = [t for t in tags if t.role in ROW_ROLES]
    priority: dict[str, int] = {}
    for tag in hits:
        priority[tag.key] = max(priority.get(tag.key, 0), _priority(tag))
    if other and ({"other", "other_processing"} & set(priority)):
        hits += other
        priority = {k: v for k, v in priority.items() if k not in ("other", "other_processing")}
        priority["other_other"] = 4
    # a set of rows named with one of its own parts means the part (「不予公开中行政查询事项」,
    # 「因为涉密没公开」: the reason, not all that was not granted)
    keys = [k for k in priority if not any(o != k and _within(o, k, joined) for o in priority)]
    if not keys:
        return [], hits
    best = max(priority[k] for k in keys)
    if joined:
        return [k for k in keys if priority[k] >= min(best, 2)], hits
    return [k for k in keys if priority[k] == best][-1:], hits


def _within(part: str, whole: str, joined: bool) -> bool:
    """Every row of `part` is a row of `whole`, and `whole` has more; items joined by 和 are each meant,
    unless the whole is the part's own group (「不予公开中行政查询事项」)."""
    if joined:
        return whole in schema.OUTCOME_GROUPS and part in schema.OUTCOME_GROUPS[whole]
    return set(application_rows(part)) < set(application_rows(whole))


def _priority(tag: Tag) -> int:
    from ingest.lexicon import PhraseHit

    if tag.role == "ambiguous":
        return 4
    assert tag.entry is not None
    return row_priority(PhraseHit(tag.entry, tag.text, tag.start, tag.end, tag.generic))


def _columns(
    tags: list[Tag], other: list[Tag], joined: bool
) -> tuple[list[tuple[tuple[str, ...], str]], list[Tag]]:
    hits = [t for t in tags if t.role == "column"]
    keys = list(dict.fromkeys(t.key for t in hits))
    if other and keys == ["legal_persons"]:  # 「“其他”类法人或其他组织」: the column 其他
        return [(("other_org",), _label("other_org"))], [*hits, *other]
    group = set(column_keys("legal_persons"))
    if "legal_persons" in keys and any(set(column_keys(k)) < group for k in keys):
        keys.remove("legal_persons")  # 「法人或其他组织中法律服务机构」: the one column (not 「和自然人」)
    if len(keys) > 1 and not joined:
        keys = keys[-1:]
    return [(column_keys(k), _label(k)) for k in keys], hits


def _label(key: str) -> str:
    from ingest.lexicon import lexicon

    return lexicon().entry("column", key).label


def _whole_first(
    tags: list[Tag], rows: list[str], columns: list[tuple[tuple[str, ...], str]]
) -> Metric | None:
    """「予以公开的申请中自然人占多少」: the row named before the column is the whole (its 总计); 「X中Y」
    with X a group of Y's rows: X is the whole."""
    row_tags = [t for t in tags if t.role in ROW_ROLES and not t.generic]
    column_tags = [t for t in tags if t.role == "column"]
    group = _column_group_first(column_tags, rows, columns)
    if group is not None:
        return group
    first = bool(row_tags and column_tags) and row_tags[0].start < column_tags[0].start
    if first and len(rows) == 1 and rows[0] != "new_received" and columns and columns[0][0] != ("total",):
        return application_metric(rows[0])
    if len(row_tags) >= 2 and row_tags[0].key in schema.OUTCOME_GROUPS:
        group = application_metric(row_tags[0].key)
        part_rows = set(application_metric(rows[-1]).rows)
        if part_rows < set(group.rows):
            cols, label = columns[0] if columns else (("total",), "")
            return in_columns(group, cols, label or "总计") if cols != ("total",) else group
    return None


def _column_group_first(
    column_tags: list[Tag], rows: list[str], columns: list[tuple[tuple[str, ...], str]]
) -> Metric | None:
    """「法人申请中商业企业占多少」: a group of columns named before one of its columns is the whole."""
    if len(column_tags) < 2 or len(rows) != 1 or not columns:
        return None
    group = column_tags[0].entry
    if group is None or not group.columns or not set(columns[0][0]) < set(group.columns):
        return None
    return application_metric(rows[0], group.columns, group.label)
