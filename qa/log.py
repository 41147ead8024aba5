"""The one function through which qa writes to the stores: every answer given goes to the archive."""

from __future__ import annotations

import json

from ingest.records import AnswerLogEntry
from ingest.store.sqlite import SqliteStore
from qa.records import Answer


def log_answer(sql: SqliteStore, answer: Answer, channel: str) -> int:
    """Append an answer (its full JSON, mode, verdicts) to the `answers` table; returns its id."""
    reports = answer.query.get("reports") or []
    first = reports[0] if reports else {}
    entry = AnswerLogEntry(
        question=answer.question,
        answer_json=json.dumps(answer.to_json(), ensure_ascii=False),
        mode=answer.mode,
        answerable=answer.answerable,
        verdict=answer.verdict,  # type: ignore[arg-type]
        latency_ms=answer.latency_ms,
        agency=first.get("agency"),
        year=first.get("year"),
        channel=channel,
    )
    return sql.log_answer(entry)
