"""The answer log: every answer the service gave, searchable and markable by staff reviewers."""

from __future__ import annotations

import sqlite3
from datetime import date

from ingest.errors import StoreError
from ingest.records import AnswerLogEntry, StoredAnswer
from ingest.store.database import Database, utc_now

REVIEW_MARKS = ("correct", "incorrect")
UNMARKED = "unmarked"  # search_answers(mark=UNMARKED): answers nobody has reviewed yet

_COLUMNS = (
    "id, created_at, question, answer_json, mode, answerable, verdict, latency_ms, agency, year, "
    "channel, review_mark, review_note, reviewed_by, reviewed_at"
)


def _answer(row: sqlite3.Row | tuple) -> StoredAnswer:
    (id_, created_at, question, answer_json, mode, answerable, verdict, latency_ms, agency, year, channel,
     mark, note, by, at) = row  # fmt: skip
    return StoredAnswer(
        id=id_,
        created_at=created_at,
        question=question,
        answer_json=answer_json,
        mode=mode,
        answerable=bool(answerable),
        verdict=verdict,
        latency_ms=latency_ms,
        agency=agency,
        year=year,
        channel=channel,
        review_mark=mark,
        review_note=note,
        reviewed_by=by,
        reviewed_at=at,
    )


def _day(value: date | str) -> str:
    """A date filter as YYYY-MM-DD (a str is checked, so a typo is an error rather than no rows)."""
    if isinstance(value, date):
        return value.isoformat()[:10]
    try:
        return date.fromisoformat(value[:10]).isoformat()
    except ValueError as exc:
        raise StoreError(f"not a date (YYYY-MM-DD): {value!r}") from exc


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


class AnswerLog(Database):
    """The `answers` table. The only table `qa/` writes (design §1)."""

    def log_answer(self, entry: AnswerLogEntry) -> int:
        """Store one answer; returns its id (what a reviewer's link points to)."""
        with self._write() as conn:
            cursor = conn.execute(
                "INSERT INTO answers (created_at, question, answer_json, mode, answerable, verdict, latency_ms,"
                " agency, year, channel) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    entry.created_at or utc_now(),
                    entry.question,
                    entry.answer_json,
                    entry.mode,
                    int(entry.answerable),
                    entry.verdict,
                    float(entry.latency_ms),
                    entry.agency,
                    entry.year,
                    entry.channel,
                ),
            )
            return int(cursor.lastrowid or 0)

    def search_answers(
        self,
        text: str | None = None,
        agency: str | None = None,
        year: int | None = None,
        verdict: str | None = None,
        date_from: date | str | None = None,
        date_to: date | str | None = None,
        mark: str | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> list[StoredAnswer]:
        """Newest first. `text` is a substring of the question or the answer; dates are UTC days,
        both ends inclusive; `mark` is "correct", "incorrect" or "unmarked"."""
        where: list[str] = []
        args: list[object] = []
        if text:
            where.append("(question LIKE ? ESCAPE '\\' OR answer_json LIKE ? ESCAPE '\\')")
            args += [_like(text), _like(text)]
        if agency:
            where.append("agency = ?")
            args.append(agency)
        if year is not None:
            where.append("year = ?")
            args.append(year)
        if verdict:
            where.append("verdict = ?")
            args.append(verdict)
        if date_from:
            where.append("substr(created_at, 1, 10) >= ?")
            args.append(_day(date_from))
        if date_to:
            where.append("substr(created_at, 1, 10) <= ?")
            args.append(_day(date_to))
        if mark == UNMARKED:
            where.append("review_mark IS NULL")
        elif mark:
            where.append("review_mark = ?")
            args.append(mark)
        sql = f"SELECT {_COLUMNS} FROM answers"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY id DESC LIMIT ? OFFSET ?"
        with self._read() as conn:
            rows = conn.execute(sql, [*args, max(0, limit), max(0, offset)]).fetchall()
        return [_answer(r) for r in rows]

    def get_answer(self, answer_id: int) -> StoredAnswer | None:
        with self._read() as conn:
            row = conn.execute(f"SELECT {_COLUMNS} FROM answers WHERE id = ?", (answer_id,)).fetchone()
        return None if row is None else _answer(row)

    def mark_answer(self, answer_id: int, mark: str | None, note: str = "", by: str | None = None) -> None:
        """Record a reviewer's verdict ("correct" / "incorrect"; None clears it)."""
        if mark is not None and mark not in REVIEW_MARKS:
            raise StoreError(f"review mark must be one of {REVIEW_MARKS} or None, not {mark!r}")
        with self._write() as conn:
            cursor = conn.execute(
                "UPDATE answers SET review_mark = ?, review_note = ?, reviewed_by = ?, reviewed_at = ? WHERE id = ?",
                (mark, note, by, None if mark is None else utc_now(), answer_id),
            )
            if cursor.rowcount == 0:
                raise StoreError(f"{self.path}: no answer #{answer_id}")
