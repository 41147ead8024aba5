"""The one lexicon: every schema key has an entry, every entry's phrases read back as that entry, each
table-2 column of either layout is answered by its own words and never by another column, and no
phrase belongs to two entries."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from ingest import schema
from ingest.lexicon import ITEM_KINDS, gazetteer, lexicon
from ingest.records import Report, ReportMeta, StoredReport, TableCell, Tables
from qa.agencies import AgencyIndex
from qa.frame import build_frame
from qa.queries import Lookup, TableQuery
from qa.query import build_query
from qa.resolve import LookupResult, Missing, resolve
from qa.tag import tag

SCHEMA_KEYS = [
    *(("row", r.key) for r in schema.APPLICATION_ROWS),
    *(("column", c.key) for c in schema.APPLICATION_COLUMNS),
    *(("review_group", g.key) for g in schema.REVIEW_GROUPS),
    *(("review_outcome", c.key) for c in schema.REVIEW_COLUMNS),
    *(("proactive_row", r.key) for r in (*schema.PROACTIVE_ROWS, *schema.PROACTIVE_2019_ROWS)),
    *(("proactive_column", c.key) for c in (*schema.PROACTIVE_COLUMNS, *schema.PROACTIVE_2019_COLUMNS)),
]


@pytest.mark.parametrize(("kind", "key"), SCHEMA_KEYS)
def test_every_schema_key_has_an_entry(kind: str, key: str) -> None:
    entry = lexicon().entry(kind, key)
    assert entry.label, (kind, key)
    if key not in (
        "total",
        "other_processing",
    ):  # the default column/outcome; a row only the 2019 layout prints
        assert entry.phrases, (kind, key)


def test_no_phrase_belongs_to_two_entries() -> None:
    """Within the question's words and within the prose-only words (prose_*, read in reports' prose with
    the items only), no phrase means two things."""
    question = [e for e in lexicon().entries if not e.kind.startswith("prose_")]
    counts = Counter(p for e in question for p in e.all_phrases)
    assert [p for p, n in counts.items() if n > 1] == []
    prose_only = [e for e in lexicon().entries if e.kind.startswith("prose_") or e.kind in ITEM_KINDS]
    counts = Counter(p for e in prose_only for p in e.all_phrases)
    assert [p for p, n in counts.items() if n > 1] == []
    names = Counter(n for organ in gazetteer().organs for n in organ.names)
    assert [n for n, k in names.items() if k > 1] == []


@pytest.mark.parametrize(
    "entry", [e for e in lexicon().entries if e.kind in ITEM_KINDS], ids=lambda e: f"{e.kind}:{e.key}"
)
def test_each_phrase_reads_back_as_its_entry(entry) -> None:  # type: ignore[no-untyped-def]
    for phrase in entry.phrases:
        hits = lexicon().scan(phrase, ITEM_KINDS)
        assert [(h.kind, h.key) for h in hits] == [(entry.kind, entry.key)], phrase


def test_answer_labels_are_the_schemas() -> None:
    for row in schema.APPLICATION_ROWS:
        if row.group not in (None, "results") or row.key in ("granted", "partially_granted"):
            assert schema.row_name(row.key).startswith(lexicon().entry("row", row.key).label)


# ---- table 2 of both layouts: each column by its own words, never another's ------------------------

COLUMNS_2019 = schema.PROACTIVE_2019_ROW_COLUMNS


def _report(layout: str, cells: list[TableCell]) -> Report:
    meta = ReportMeta("合成市人民政府", 2019, "合成：合成市人民政府2019年报")
    return Report("r" * 64, meta, [], Tables(cells=cells, layout=layout))  # type: ignore[arg-type]


def _cells(columns: dict[str, tuple[str, ...]]) -> list[TableCell]:
    """A distinct value in every cell: a column answered by another's would show another value."""
    out = []
    for n, (row, cols) in enumerate(columns.items()):
        for m, column in enumerate(cols):
            value = 100 * (n + 1) + m
            out.append(TableCell(schema.TABLE_PROACTIVE, row, column, value, str(value), row, column, "合成"))
    return out


INDEX = AgencyIndex.build(
    [StoredReport("r" * 64, "合成市人民政府", 2019, "合成", None, None, "x", "txt", "", 1)]
)


def _asked(row: str, column: str) -> str:
    row_label = lexicon().entry("proactive_row", row).phrases[0]
    column_label = lexicon().entry("proactive_column", column).phrases[0]
    return f"合成市2019年{row_label}的{column_label}是多少？"


@pytest.mark.parametrize(("row", "column"), [(r, c) for r, cs in COLUMNS_2019.items() for c in cs])
def test_each_2019_column_is_answered_by_its_own_words(row: str, column: str) -> None:
    query = build_query(build_frame(tag(_asked(row, column), INDEX)), INDEX, date(2026, 12, 4))
    assert isinstance(query, TableQuery), query
    op = query.parts[0].operation
    assert isinstance(op, Lookup) and (op.item.rows, op.item.columns) == ((row,), (column,))
    result = resolve(query.parts[0], [_report("2019", _cells(COLUMNS_2019))])
    assert isinstance(result, LookupResult)
    expected = next(c.value for c in _cells(COLUMNS_2019) if (c.row, c.column) == (row, column))
    assert result.fact.value == expected


def test_items_change_is_never_answered_by_decisions() -> None:
    """本年增/减 asked of a report that prints only 处理决定数量: no figure, not the other column."""
    cells = [
        TableCell(
            schema.TABLE_PROACTIVE,
            "administrative_licensing",
            "decisions",
            7,
            "7",
            "行政许可",
            "处理决定数量",
            "合成",
        )
    ]
    query = build_query(
        build_frame(tag("合成市2019年行政许可的本年增/减是多少？", INDEX)), INDEX, date(2026, 12, 4)
    )
    assert isinstance(query, TableQuery)
    assert isinstance(resolve(query.parts[0], [_report("2019", cells)]), Missing)
