"""The parser against a synthetic report's expected cells: every cell (null ones too), the agency and year,
the older table 2 as printed, and the consistency rules (A1–B1 hold, or exactly the planted error fails).

    >>> misses = score_report(corpus.expected[name], parse(load(path, 50 * 2**20)))
    >>> misses == []
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ingest.records import Report

TABLE_RULES = ("A1", "A2", "A3", "B1")


@dataclass(frozen=True)
class Miss:
    what: str  # a cell path (proactive/regulations/issued), "agency", "rules" …
    expected: Any
    got: Any

    def __str__(self) -> str:
        return f"{self.what}: expected {self.expected!r}, got {self.got!r}"


def cells(tables: dict[str, Any]) -> Iterator[tuple[str, Any]]:
    """(table/row/column, value) for every leaf of a contract `tables` object."""
    for table in ("proactive", "applications", "review_litigation"):
        for row, columns in (tables.get(table) or {}).items():
            for column, value in columns.items():
                yield f"{table}/{row}/{column}", value


def _lookup(tables: dict[str, Any], path: str) -> Any:
    node: Any = tables
    for part in path.split("/"):
        if not isinstance(node, dict) or part not in node:
            return "<missing>"
        node = node[part]
    return node


def same(a: Any, b: Any) -> bool:
    if a is None or b is None or isinstance(a, str) or isinstance(b, str):
        return a is None and b is None
    return abs(float(a) - float(b)) < 1e-6


def failed_rules(report: Report) -> set[str]:
    return {f.rule for f in report.findings if f.severity == "error" and f.rule in TABLE_RULES}


def _older_table2(expected: dict[str, Any], got: dict[str, Any]) -> list[Miss]:
    """The 2019–2020 table 2: as printed (raw), and by its named items once the parser emits them."""
    misses = []
    raw = got.get("raw", {}).get("table2")
    if raw != expected["raw_table2"]:
        misses.append(Miss("raw/table2", expected["raw_table2"], raw))
    proactive = got.get("proactive", {})
    named = any(column in proactive.get("regulations", {}) for column in ("made", "published"))
    if named:  # the schema declares these items (PROACTIVE_2019_*); parsers that read them are held to them
        for row, columns in expected["tables_2019"].items():
            for column, value in columns.items():
                path = f"proactive/{row}/{column}"
                if not same(value, _lookup(got, path)):
                    misses.append(Miss(path, value, _lookup(got, path)))
    return misses


def score_report(expected: dict[str, Any], report: Report) -> list[Miss]:
    """Everything the parser got wrong about one synthetic report ([] when all is right)."""
    misses = []
    for what, want, have in (
        ("agency", expected["agency"], report.meta.agency),
        ("year", expected["year"], report.meta.year),
    ):
        if want != have:
            misses.append(Miss(what, want, have))
    got = report.tables.as_contract()
    for path, value in cells(expected["tables"]):
        if not same(value, _lookup(got, path)):
            misses.append(Miss(path, value, _lookup(got, path)))
    if "raw_table2" in expected:
        misses += _older_table2(expected, got)
    planted = set((expected.get("source_error") or {}).get("rules", ()))
    found = failed_rules(report)
    if found != planted:
        misses.append(Miss("rules", sorted(planted), sorted(found)))
    return misses
