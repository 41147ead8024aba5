"""Reading a stretch of a report's prose (or of an answer) as a table item: 「共收到政府信息公开申请6件」
states new_received, 「其中予以公开」 granted, 「行政处罚」 punishment decisions.

Rule T1 (a report's prose against its own tables) and the answer checker read the words before a
figure with `metric_in`. The phrases are the lexicon's (items.toml); each table is scanned on its own,
the most specific row wins (a reason beats its group, a group beats a generic verb such as 收到).
"""

from __future__ import annotations

import re

from ingest import schema
from ingest.lexicon.entries import PhraseHit, lexicon
from ingest.metrics import Metric, application_metric, proactive_metric, review_metric

_JOINED = re.compile(r"[和及与、加]")
# generic verbs name new_received (0) and total_handled (1) only when nothing more specific is named
_GENERIC_PRIORITY = {"new_received": 0, "total_handled": 1}


def scan(text: str, kind: str) -> list[PhraseHit]:
    """The hits of one kind of item in a text (each table's words are read on their own)."""
    return lexicon().scan(text, (kind,))


def row_priority(hit: PhraseHit) -> int:
    """How specifically a hit names a table-3 row: 0–1 generic verbs (收到, 答复), 2 a row by its own
    name (新收, 上年结转), 3 an outcome group (不予公开), 4 a single outcome row or a named sum of rows."""
    if hit.generic:
        return _GENERIC_PRIORITY.get(hit.key, 1)
    if hit.key in ("new_received", "total_handled", "carried_over", "carried_forward"):
        return 2
    if hit.key in schema.OUTCOME_GROUPS and len(schema.OUTCOME_GROUPS[hit.key]) > 1:
        return 3
    return 4


def pick_rows(hits: list[PhraseHit], text: str) -> list[str]:
    """The table-3 row sets named: the most specific; several only when joined by 和/及/与, and then
    every row named by its own name (「予以公开和不予公开」), not rows implied by a generic verb."""
    priority: dict[str, int] = {}
    for hit in hits:
        priority[hit.key] = max(priority.get(hit.key, 0), row_priority(hit))
    keys = [
        k
        for k in priority
        if not (
            k in schema.OUTCOME_GROUPS and any(o in schema.OUTCOME_GROUPS[k] and o != k for o in priority)
        )
    ]
    if not keys:
        return []
    best = max(priority[k] for k in keys)
    if _JOINED.search(text):
        return [k for k in keys if priority[k] >= min(best, 2)]
    return [k for k in keys if priority[k] == best][-1:]


def column_keys(key: str) -> tuple[str, ...]:
    """The table-3 columns a column entry names (法人或其他组织: five)."""
    entry = lexicon().entry("column", key)
    return entry.columns or (key,)


def column_label(key: str) -> str:
    return lexicon().entry("column", key).label


def column_sets(text: str) -> list[tuple[tuple[str, ...], str]]:
    """Each table-3 column the text names, with its label; several only when joined by 和/及/与."""
    keys = list(dict.fromkeys(h.key for h in scan(text, "column")))
    if "legal_persons" in keys and len(keys) > 1:
        keys.remove("legal_persons")
    if len(keys) > 1 and not _JOINED.search(text):
        keys = keys[-1:]
    return [(column_keys(k), column_label(k)) for k in keys]


def pick_columns(text: str) -> tuple[tuple[str, ...], str]:
    """(table-3 column keys, their label) named in the text, summed; (("total",), "") when none."""
    sets = column_sets(text)
    if not sets:
        return ("total",), ""
    return tuple(c for columns, _ in sets for c in columns), "、".join(label for _, label in sets)


def merge_metrics(metrics: list[Metric]) -> Metric:
    """Several row sets of the same columns summed (「不予公开和无法提供」)."""
    if len(metrics) == 1:
        return metrics[0]
    rows = tuple(dict.fromkeys(r for m in metrics for r in m.rows))
    if "（" not in metrics[0].label:
        return Metric(metrics[0].table, rows, metrics[0].columns, "和".join(m.label for m in metrics))
    label = "和".join(m.label.split("（")[0] for m in metrics) + "（" + metrics[0].label.split("（", 1)[1]
    return Metric(metrics[0].table, rows, metrics[0].columns, label)


def application_metric_in(text: str) -> Metric | None:
    rows = pick_rows(scan(text, "row"), text)
    columns, col_label = pick_columns(text)
    if not rows:
        if columns == ("total",):
            return None
        rows = ["new_received"]  # 「法律服务机构有多少件」: applications by who asked
    return merge_metrics([application_metric(r, columns, col_label) for r in rows])


def review_groups(keys: list[str]) -> tuple[str, ...]:
    """The table-4 groups named (行政诉讼 alone means both kinds of suit)."""
    entries = [lexicon().entry("review_group", k) for k in keys]
    named = [g for e in entries for g in (e.groups or (e.key,))]
    if {"litigation_direct", "litigation_after_review"} & {e.key for e in entries}:
        named = [g for g in named if g != "litigation_direct" or "litigation_direct" in keys]
        named = [g for g in named if g != "litigation_after_review" or "litigation_after_review" in keys]
    return tuple(g for g in schema.REVIEW_GROUP_KEYS if g in named)


def review_metric_in(text: str) -> Metric | None:
    """Table-4 groups named and the outcome (default 总计; 败诉 names 纠正 too)."""
    hits = scan(text, "review_group")
    if not hits:
        return None
    groups = review_groups([h.key for h in hits])
    outcome = scan(text, "review_outcome")
    implied = [h.entry.implies for h in hits if h.entry.implies]
    column = outcome[-1].key if outcome else (implied[-1] if implied else "total")
    return review_metric(groups, column)


def proactive_metric_in(text: str) -> tuple[Metric | None, str | None]:
    """(metric, row); rows joined by 和 with one shared column are summed (「行政处罚和行政强制决定」).
    The metric is None when a row of several columns is named without its column."""
    hits = scan(text, "proactive_row")
    if not hits:
        return None, None
    rows = list(dict.fromkeys(h.key for h in hits)) if _JOINED.search(text) else [hits[-1].key]
    if len({schema.PROACTIVE_ROW_COLUMNS.get(r) for r in rows}) > 1:
        rows = [hits[-1].key]
    row = rows[-1]
    allowed = proactive_columns(row)
    named = [k for h in scan(text, "proactive_column") for k in (h.key, *h.entry.also) if k in allowed]
    if not named and len(schema.PROACTIVE_ROW_COLUMNS.get(row, ())) != 1:
        return None, row
    column = named[-1] if named else schema.PROACTIVE_ROW_COLUMNS[row][0]
    metrics = [proactive_metric(r, column) for r in rows]
    if len(metrics) == 1:
        return metrics[0], row
    label = "和".join(schema.PROACTIVE_ROW_BY_KEY[r].label for r in rows)
    label += schema.PROACTIVE_COLUMN_BY_KEY[column].label
    return Metric(schema.TABLE_PROACTIVE, tuple(rows), (column,), label), row


def proactive_columns(row: str) -> tuple[str, ...]:
    """The table-2 columns a row has in either layout (2021, then 2019–2020)."""
    both = (*schema.PROACTIVE_ROW_COLUMNS.get(row, ()), *schema.PROACTIVE_2019_ROW_COLUMNS.get(row, ()))
    return tuple(dict.fromkeys(both))


def metric_in(context: str, max_gap: int | None = None) -> Metric | None:
    """The table item a stretch of prose names; the table whose phrase comes last decides.
    With `max_gap`, that phrase must end within so many characters of the context's end (the figure).

    Used on the words before a figure: 「其中予以公开」 -> granted; 「行政处罚」 -> punishment decisions;
    「因“属于国家秘密”不予公开的申请」 -> denied_state_secret (a reason beats its group).
    """
    proactive = max((h.end for h in scan(context, "proactive_row")), default=-1)
    if proactive >= 0:  # 「规范性文件本年新制作数量为」: the row's column ends the item
        columns = [h.end for h in scan(context, "proactive_column") if h.start >= proactive - 12]
        proactive = max([proactive, *columns])
    last = {
        "review": max((h.end for h in scan(context, "review_group")), default=-1),
        "proactive": proactive,
        "rows": max((h.end for h in scan(context, "row")), default=-1),
        "columns": max((h.end for h in scan(context, "column")), default=-1),
    }
    kind = max(last, key=lambda k: last[k])
    if last[kind] < 0 or (max_gap is not None and len(context) - last[kind] > max_gap):
        return None
    if kind == "review":
        return review_metric_in(context)
    if kind == "proactive":
        return proactive_metric_in(context)[0]
    return application_metric_in(context)


def _change_phrases(direction: str | None) -> tuple[str, ...]:
    entries = lexicon().of_kind("operation")
    return tuple(
        p
        for e in entries
        if e.key in ("compare", "versus_last_year", "growth")
        and (direction is None or e.direction == direction)
        and (e.direction is not None or e.key == "versus_last_year")
        for p in e.phrases
        if len(p) >= 2
    )


CHANGE_WORDS = _change_phrases(None)  # words that make the figure after them a change, not a level
INCREASE_WORDS = _change_phrases("more")
DECREASE_WORDS = _change_phrases("less")
