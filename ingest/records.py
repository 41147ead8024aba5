"""Typed records that flow between the stages (design §1). Dicts and framework objects stay inside
the module that owns them; these cross the boundaries.

    file -> load -> RawDocument -> parse -> Report -> chunk -> [Chunk] -> store
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from ingest import schema

Number = int | float
CellValue = Number | None


# ---- load -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TextBlock:
    """A paragraph (or heading) of prose, whitespace normalised, in reading order."""

    text: str
    page: int | None = None


@dataclass(frozen=True)
class TableBlock:
    """A table as a rectangular grid. Merged cells are expanded: a cell spanning several positions
    has its text repeated in each (so labels carry down and across). `printed` keeps each row as
    printed (one entry per source cell, spans not repeated) for the raw record."""

    grid: tuple[tuple[str, ...], ...]
    printed: tuple[tuple[str, ...], ...] = ()
    page: int | None = None

    @property
    def n_rows(self) -> int:
        return len(self.grid)


Block = TextBlock | TableBlock


@dataclass(frozen=True)
class RawDocument:
    """What a loader read: the text and table blocks in reading order."""

    path: str
    sha256: str
    fmt: Literal["txt", "html", "docx", "pdf"]
    blocks: tuple[Block, ...]
    encoding: str | None = None

    @property
    def text(self) -> str:
        """The prose in reading order, one block a line (tables left out)."""
        return "\n".join(b.text for b in self.blocks if isinstance(b, TextBlock))

    @property
    def tables(self) -> list[TableBlock]:
        return [b for b in self.blocks if isinstance(b, TableBlock)]


# ---- parse ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportMeta:
    agency: str
    year: int
    title: str
    region: str | None = None
    level: str | None = None  # 省级 / 市级 / 县级 / 乡级 ...
    publish_date: str | None = None
    # Other names the report itself uses for the agency (its short name 「（以下简称“……”）」, the
    # signature, the website line …): question understanding finds the agency by any of them.
    aliases: tuple[str, ...] = ()


SECTION_KEYS = ("overview", "proactive", "applications", "review_litigation", "problems", "other")
SECTION_TITLES = {
    "overview": "一、总体情况",
    "proactive": "二、主动公开政府信息情况",
    "applications": "三、收到和处理政府信息公开申请情况",
    "review_litigation": "四、政府信息公开行政复议、行政诉讼情况",
    "problems": "五、存在的主要问题及改进情况",
    "other": "六、其他需要报告的事项",
}


@dataclass(frozen=True)
class Section:
    """One of the six sections (or "preamble" before the first heading)."""

    key: str
    heading: str  # as printed; the standard title when the heading was missing
    text: str
    ordinal: int  # 0 = preamble, 1..6


@dataclass(frozen=True)
class TableCell:
    """One cell of a standard table with where it came from (for citations and audits)."""

    table: str  # schema.TABLE_*
    row: str
    column: str
    value: CellValue
    raw_text: str  # the cell as printed ("" for blank)
    row_label: str  # the row label as printed
    column_label: str  # the column label as printed
    position: str  # e.g. "page 3, table 2, row 5, col 4"

    @property
    def path(self) -> str:
        return schema.cell_path(self.table, self.row, self.column)

    @property
    def unit(self) -> str:
        return schema.unit_of(self.table, self.row, self.column)


@dataclass
class Tables:
    """The three standard tables as cells, plus the raw grid of table 2 (older layouts differ)."""

    cells: list[TableCell] = field(default_factory=list)
    raw_table2: list[list[str]] = field(default_factory=list)
    layout: Literal["2021", "2019"] = "2021"
    # False: the file is an annual report but its standard tables could not be read; it is stored
    # for its prose only, and table questions about it say so instead of answering.
    readable: bool = True

    def get(self, table: str, row: str, column: str) -> TableCell | None:
        for cell in self.cells:
            if cell.table == table and cell.row == row and cell.column == column:
                return cell
        return None

    def value(self, table: str, row: str, column: str) -> CellValue:
        cell = self.get(table, row, column)
        return None if cell is None else cell.value

    def has_row(self, table: str, row: str) -> bool:
        return any(c.table == table and c.row == row for c in self.cells)

    @property
    def proactive_2019(self) -> bool:
        """Table 2 was printed in the 2019–2020 layout (本年新制作数量, 上一年项目数量 …)."""
        keys = {c.key for c in schema.PROACTIVE_2019_COLUMNS} | {r.key for r in schema.PROACTIVE_2019_ROWS}
        return any(
            c.table == schema.TABLE_PROACTIVE and (c.column in keys or c.row in keys) for c in self.cells
        )

    def as_contract(self) -> dict[str, Any]:
        """The `tables` object of design §2: every contract cell, null where blank or unread; a table 2
        in the 2019–2020 layout adds its own items (PROACTIVE_2019_ROW_COLUMNS), the 2021 keys stay."""
        out: dict[str, Any] = schema.empty_tables()
        if self.proactive_2019:
            for row, columns in schema.PROACTIVE_2019_ROW_COLUMNS.items():
                out[schema.TABLE_PROACTIVE].setdefault(row, {}).update(
                    {c: None for c in columns if c not in out[schema.TABLE_PROACTIVE].get(row, {})}
                )
        if self.layout == "2019":
            apps = out[schema.TABLE_APPLICATIONS]
            for key in schema.OTHER_ROWS:
                apps.pop(key, None)
            apps["other_processing"] = dict.fromkeys(schema.APPLICATION_COLUMN_KEYS)
        for cell in self.cells:
            out.setdefault(cell.table, {}).setdefault(cell.row, {})[cell.column] = cell.value
        out["raw"] = {"table2": self.raw_table2}
        return out


Severity = Literal["pass", "error", "warning", "not_assessable"]
Diagnosis = Literal["source_error", "parse_failure", "scope_difference"]


@dataclass(frozen=True)
class Finding:
    """The outcome of one consistency rule on one row/column/group (design §3)."""

    rule: str  # A1 A2 A3 B1 T1 C1 C2
    severity: Severity
    message: str  # Chinese, readable by a disclosure officer
    cells: tuple[str, ...] = ()  # cell paths taking part
    diagnosis: Diagnosis | None = None  # for failures: which kind of error it looks like


@dataclass
class Report:
    id: str  # sha256 of the file's bytes
    meta: ReportMeta
    sections: list[Section]
    tables: Tables
    findings: list[Finding] = field(default_factory=list)
    source_name: str = ""
    fmt: str = ""

    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)

    def to_json(self) -> dict[str, Any]:
        """`nianbao parse --json` (design §2 contract for `tables`)."""
        return {
            "id": self.id,
            "source": self.source_name,
            "format": self.fmt,
            "agency": self.meta.agency,
            "year": self.meta.year,
            "title": self.meta.title,
            "region": self.meta.region,
            "level": self.meta.level,
            "publish_date": self.meta.publish_date,
            "aliases": list(self.meta.aliases),
            "layout": self.tables.layout,
            "tables_readable": self.tables.readable,
            "sections": [
                {"key": s.key, "ordinal": s.ordinal, "heading": s.heading, "text": s.text}
                for s in self.sections
            ],
            "tables": self.tables.as_contract(),
            "cells": [
                {
                    "table": c.table,
                    "row": c.row,
                    "column": c.column,
                    "value": c.value,
                    "path": c.path,
                    "raw_text": c.raw_text,
                    "row_label": c.row_label,
                    "column_label": c.column_label,
                    "position": c.position,
                }
                for c in self.tables.cells
            ],
            "findings": [
                {
                    "rule": f.rule,
                    "severity": f.severity,
                    "message": f.message,
                    "cells": list(f.cells),
                    "diagnosis": f.diagnosis,
                }
                for f in self.findings
            ],
        }


# ---- chunk / store ----------------------------------------------------------------------------

ChunkKind = Literal["prose", "table_fact"]


@dataclass(frozen=True)
class Chunk:
    """A retrievable unit: a prose passage of a section, or a table row rendered as a sentence."""

    id: str  # f"{report_id}:{ordinal:04d}" - deterministic, so re-ingest is an idempotent upsert
    report_id: str
    ordinal: int
    section: str  # Section.key
    kind: ChunkKind
    text: str
    agency: str
    year: int
    heading: str = ""

    def metadata(self) -> dict[str, str | int]:
        return {
            "report_id": self.report_id,
            "agency": self.agency,
            "year": self.year,
            "section": self.section,
            "kind": self.kind,
            "heading": self.heading,
            "ordinal": self.ordinal,
        }


@dataclass(frozen=True)
class StoredReport:
    """A report's row in the store (what listings, the UI and question understanding need)."""

    id: str
    agency: str
    year: int
    title: str
    region: str | None
    level: str | None
    source_name: str
    fmt: str
    ingested_at: str
    n_chunks: int
    aliases: tuple[str, ...] = ()  # ReportMeta.aliases
    tables_readable: bool = True  # Tables.readable


@dataclass(frozen=True)
class IngestOutcome:
    """One line of `nianbao ingest`: a file stored, unchanged, or refused (with why)."""

    path: str
    status: Literal["stored", "unchanged", "failed"]
    report_id: str | None = None
    agency: str | None = None
    year: int | None = None
    n_chunks: int = 0
    n_errors: int = 0  # consistency findings of severity error
    message: str = ""
    seconds: float = 0.0


@dataclass(frozen=True)
class AnswerLogEntry:
    """One answer the service gave, as the staff archive stores it (the `answers` table)."""

    question: str
    answer_json: str  # the full `ask --json` object (design §4)
    mode: str
    answerable: bool
    verdict: Literal["verified", "unverified", "contradicted", "refused", "no_figures"]
    latency_ms: float
    agency: str | None = None
    year: int | None = None
    channel: str = "cli"  # cli / web / api / eval
    created_at: str | None = None  # ISO-8601 UTC; the store fills it when None


@dataclass(frozen=True)
class StoredAnswer:
    """An answer-log row as the staff archive shows it: the logged entry plus its review."""

    id: int
    created_at: str  # ISO-8601 UTC
    question: str
    answer_json: str
    mode: str
    answerable: bool
    verdict: str
    latency_ms: float
    agency: str | None
    year: int | None
    channel: str
    review_mark: Literal["correct", "incorrect"] | None = None
    review_note: str = ""
    reviewed_by: str | None = None
    reviewed_at: str | None = None


@dataclass(frozen=True)
class StoredCell:
    """A table cell with the report it belongs to (staff statistics read a table across reports)."""

    report_id: str
    agency: str
    year: int
    cell: TableCell


UserRole = Literal["staff", "evaluator", "admin"]


@dataclass(frozen=True)
class StoredUser:
    """A staff account (never carries the password hash out of the store)."""

    name: str
    role: UserRole
    created_at: str
    account: str = ""  # a random id given at creation and never reused (sessions bind to it)
