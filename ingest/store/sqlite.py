"""Reports in SQLite: meta, sections, table cells, findings and chunks, plus the answer log and
users (mixed in from answers.py / users.py). Everything returned is a record, never a row.

A report row has a status: 'pending' while its vectors are being written, 'complete' after.
Reads (`get_report`, `list_reports`, `chunks`, `cells`, `findings`) see complete reports only,
so a half-saved report is never cited; `Stores.repair()` removes pending leftovers of a crash.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Iterable
from typing import Any, Literal

from ingest.errors import StoreError
from ingest.numerals import as_number
from ingest.records import (
    CellValue,
    Chunk,
    Finding,
    Report,
    ReportMeta,
    Section,
    StoredCell,
    StoredReport,
    TableCell,
    Tables,
)
from ingest.store.answers import AnswerLog
from ingest.store.database import utc_now
from ingest.store.users import Users

ReportStatus = Literal["pending", "complete"]
STATUSES: tuple[ReportStatus, ...] = ("pending", "complete")

# `json_each` takes any number of ids in one parameter (no SQLITE_MAX_VARIABLE_NUMBER to hit).
_IN_IDS = "IN (SELECT value FROM json_each(?))"


def _number(value: float | None) -> CellValue:
    """REAL back to the number the parser gave: 6.0 -> 6, 58.59 -> 58.59, NULL -> None."""
    return None if value is None else as_number(value)


def _stored_report(row: tuple[Any, ...]) -> StoredReport:
    """A `list_reports` row (the column order of its SELECT) as a record."""
    rid, agency, year, title, region, level, source_name, fmt, ingested_at, n_chunks, aliases, readable = row
    return StoredReport(
        rid, agency, year, title, region, level, source_name, fmt, ingested_at, n_chunks,
        tuple(json.loads(aliases)), bool(readable),
    )  # fmt: skip


def _ids_json(report_ids: Iterable[str]) -> str:
    return json.dumps(list(report_ids))


class SqliteStore(AnswerLog, Users):
    """The SQLite file of design §1. Thread-safe (one connection behind a lock)."""

    # ---- writes ------------------------------------------------------------------------------

    def put_report(self, report: Report, chunks: list[Chunk], status: ReportStatus) -> None:
        """Store a report and its chunks in one transaction, replacing any earlier rows of its id."""
        if status not in STATUSES:
            raise StoreError(f"report status must be one of {STATUSES}, not {status!r}")
        stray = [c.id for c in chunks if c.report_id != report.id]
        if stray:
            raise StoreError(f"report {report.id}: chunks of another report: {stray[:3]}")
        dup = [
            k for k, n in Counter((c.table, c.row, c.column) for c in report.tables.cells).items() if n > 1
        ]
        if dup:
            raise StoreError(
                f"report {report.id} ({report.meta.agency}): cell given twice: {'/'.join(dup[0])}"
            )
        meta = report.meta
        with self._write() as conn:
            conn.execute("DELETE FROM reports WHERE id = ?", (report.id,))
            conn.execute(
                "INSERT INTO reports (id, agency, year, title, region, level, publish_date, source_name, fmt, layout,"
                " raw_table2_json, status, ingested_at, n_chunks, aliases_json, tables_readable)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    report.id,
                    meta.agency,
                    meta.year,
                    meta.title,
                    meta.region,
                    meta.level,
                    meta.publish_date,
                    report.source_name,
                    report.fmt,
                    report.tables.layout,
                    json.dumps(report.tables.raw_table2, ensure_ascii=False),
                    status,
                    utc_now(),
                    len(chunks),
                    json.dumps(list(meta.aliases), ensure_ascii=False),
                    int(report.tables.readable),
                ),
            )
            conn.executemany(
                "INSERT INTO sections (report_id, seq, ordinal, key, heading, text) VALUES (?, ?, ?, ?, ?, ?)",
                [(report.id, i, s.ordinal, s.key, s.heading, s.text) for i, s in enumerate(report.sections)],
            )
            conn.executemany(
                "INSERT INTO cells (report_id, seq, tbl, row_key, col_key, value, raw_text, row_label, column_label,"
                " position) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        report.id,
                        i,
                        c.table,
                        c.row,
                        c.column,
                        c.value,
                        c.raw_text,
                        c.row_label,
                        c.column_label,
                        c.position,
                    )
                    for i, c in enumerate(report.tables.cells)
                ],
            )
            self._insert_findings(conn, report.id, report.findings)
            conn.executemany(
                "INSERT INTO chunks (id, report_id, ordinal, section, kind, heading, text) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [(c.id, c.report_id, c.ordinal, c.section, c.kind, c.heading, c.text) for c in chunks],
            )

    def replace_findings(self, report_id: str, findings: Iterable[Finding]) -> None:
        """New findings for a stored report (cross-year rules, once the neighbouring year arrives)."""
        with self._write() as conn:
            if conn.execute("SELECT 1 FROM reports WHERE id = ?", (report_id,)).fetchone() is None:
                raise StoreError(f"{self.path}: no report {report_id}")
            conn.execute("DELETE FROM findings WHERE report_id = ?", (report_id,))
            self._insert_findings(conn, report_id, findings)

    @staticmethod
    def _insert_findings(conn: sqlite3.Connection, report_id: str, findings: Iterable[Finding]) -> None:
        conn.executemany(
            "INSERT INTO findings (report_id, seq, rule, severity, message, cells_json, diagnosis)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    report_id,
                    i,
                    f.rule,
                    f.severity,
                    f.message,
                    json.dumps(list(f.cells), ensure_ascii=False),
                    f.diagnosis,
                )
                for i, f in enumerate(findings)
            ],
        )

    def _set_status(self, report_id: str, status: ReportStatus) -> bool:
        with self._write() as conn:
            return (
                conn.execute("UPDATE reports SET status = ? WHERE id = ?", (status, report_id)).rowcount > 0
            )

    def mark_complete(self, report_id: str) -> None:
        """The last step of saving: from now on readers see the report."""
        if not self._set_status(report_id, "complete"):
            raise StoreError(f"{self.path}: report {report_id} vanished while being saved")

    def mark_pending(self, report_id: str) -> bool:
        """The first step of deleting (a crash after it leaves a row `repair` finishes off).
        Whether the report exists."""
        return self._set_status(report_id, "pending")

    def delete_report(self, report_id: str) -> bool:
        """Delete a report and (by cascade) its sections, cells, findings and chunks."""
        with self._write() as conn:
            return conn.execute("DELETE FROM reports WHERE id = ?", (report_id,)).rowcount > 0

    def delete_all_reports(self) -> int:
        """Every report gone (answers and users stay): the SQL half of `ingest --rebuild`."""
        with self._write() as conn:
            return conn.execute("DELETE FROM reports").rowcount

    # ---- reads -------------------------------------------------------------------------------

    def _ids(self, status: ReportStatus) -> list[str]:
        with self._read() as conn:
            rows = conn.execute("SELECT id FROM reports WHERE status = ? ORDER BY id", (status,)).fetchall()
        return [r[0] for r in rows]

    def pending_report_ids(self) -> list[str]:
        return self._ids("pending")

    def complete_report_ids(self) -> list[str]:
        return self._ids("complete")

    def has_complete(self, report_id: str) -> bool:
        """Whether this exact file (its sha256) is already stored whole: the pipeline skips it."""
        with self._read() as conn:
            row = conn.execute(
                "SELECT 1 FROM reports WHERE id = ? AND status = 'complete'", (report_id,)
            ).fetchone()
        return row is not None

    def list_reports(self) -> list[StoredReport]:
        with self._read() as conn:
            rows = conn.execute(
                "SELECT id, agency, year, title, region, level, source_name, fmt, ingested_at, n_chunks,"
                " aliases_json, tables_readable FROM reports WHERE status = 'complete' ORDER BY agency, year, id"
            ).fetchall()
        return [_stored_report(row) for row in rows]

    def get_report(self, report_id: str) -> Report | None:
        """The report as the parser produced it (equal to what `put_report` was given)."""
        with self._read() as conn:
            row = conn.execute(
                "SELECT agency, year, title, region, level, publish_date, source_name, fmt, layout, raw_table2_json,"
                " aliases_json, tables_readable FROM reports WHERE id = ? AND status = 'complete'",
                (report_id,),
            ).fetchone()
            if row is None:
                return None
            sections = conn.execute(
                "SELECT key, heading, text, ordinal FROM sections WHERE report_id = ? ORDER BY seq",
                (report_id,),
            ).fetchall()
            cells = conn.execute(
                "SELECT tbl, row_key, col_key, value, raw_text, row_label, column_label, position FROM cells"
                " WHERE report_id = ? ORDER BY seq",
                (report_id,),
            ).fetchall()
        agency, year, title, region, level, publish_date, source_name, fmt, layout, raw_json = row[:10]
        return Report(
            id=report_id,
            meta=ReportMeta(agency, year, title, region, level, publish_date, tuple(json.loads(row[10]))),
            sections=[Section(*s) for s in sections],
            tables=Tables(
                cells=[self._cell(c) for c in cells],
                raw_table2=json.loads(raw_json),
                layout=layout,
                readable=bool(row[11]),
            ),
            findings=self.findings(report_id),
            source_name=source_name,
            fmt=fmt,
        )

    @staticmethod
    def _cell(row: tuple[Any, ...]) -> TableCell:
        table, r, c, value, raw_text, row_label, column_label, position = row
        return TableCell(table, r, c, _number(value), raw_text, row_label, column_label, position)

    def findings(self, report_id: str) -> list[Finding]:
        with self._read() as conn:
            rows = conn.execute(
                "SELECT f.rule, f.severity, f.message, f.cells_json, f.diagnosis FROM findings f"
                " JOIN reports r ON r.id = f.report_id WHERE f.report_id = ? AND r.status = 'complete'"
                " ORDER BY f.seq",
                (report_id,),
            ).fetchall()
        return [
            Finding(rule, sev, msg, tuple(json.loads(cells)), diag) for rule, sev, msg, cells, diag in rows
        ]

    def chunks(self, report_ids: Iterable[str] | None = None) -> list[Chunk]:
        """Chunks of complete reports (all, or of the given reports), in report and chunk order."""
        sql = (
            "SELECT c.id, c.report_id, c.ordinal, c.section, c.kind, c.text, r.agency, r.year, c.heading"
            " FROM chunks c JOIN reports r ON r.id = c.report_id WHERE r.status = 'complete'"
        )
        args: list[str] = []
        if report_ids is not None:
            sql += f" AND c.report_id {_IN_IDS}"
            args.append(_ids_json(report_ids))
        with self._read() as conn:
            rows = conn.execute(sql + " ORDER BY c.report_id, c.ordinal", args).fetchall()
        return [Chunk(*row) for row in rows]

    def cells(self, report_ids: Iterable[str] | None = None, table: str | None = None) -> list[StoredCell]:
        """Table cells across complete reports (e.g. table 3 of every report for staff statistics)."""
        sql = (
            "SELECT c.report_id, r.agency, r.year, c.tbl, c.row_key, c.col_key, c.value, c.raw_text, c.row_label,"
            " c.column_label, c.position FROM cells c JOIN reports r ON r.id = c.report_id"
            " WHERE r.status = 'complete'"
        )
        args: list[str] = []
        if report_ids is not None:
            sql += f" AND c.report_id {_IN_IDS}"
            args.append(_ids_json(report_ids))
        if table is not None:
            sql += " AND c.tbl = ?"
            args.append(table)
        with self._read() as conn:
            rows = conn.execute(sql + " ORDER BY r.agency, r.year, c.report_id, c.seq", args).fetchall()
        return [StoredCell(row[0], row[1], row[2], self._cell(row[3:])) for row in rows]
