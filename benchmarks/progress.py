"""How far the vector index lags behind what is answerable, through the stores' public API only.

Issue 11 lets ingest return once a report is answerable from its tables and keyword search, the vectors
catching up in the background. The bench measures both moments: "answerable" when ingest returns, and
"vectors caught up" when every stored report's chunks are in the vector store. Today both coincide (the
vectors are written before a report is visible). This is the one place that knows how to ask; if the
store gains its own progress call, use it here.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from ingest.store import Stores


def vector_backlog(stores: Stores) -> int:
    """Stored (answerable) reports whose vectors are not in the vector store yet."""
    return len(set(stores.sql.complete_report_ids()) - stores.vectors.report_ids())


@dataclass(frozen=True)
class CatchUp:
    seconds: float | None  # from the start of the wait; None: not caught up within the timeout
    backlog_at_start: int
    polls: int


def wait_for_vectors(
    stores: Stores, timeout_s: float, stall_s: float = 300.0, interval_s: float = 2.0
) -> CatchUp:
    """Poll until no report lacks its vectors; give up after `timeout_s`, or after `stall_s` without
    progress (nothing is embedding: e.g. a queue whose worker was not started)."""
    started = last_progress = time.perf_counter()
    first = backlog = vector_backlog(stores)
    polls = 1
    while backlog > 0:
        now = time.perf_counter()
        if now - started > timeout_s or now - last_progress > stall_s:
            return CatchUp(None, first, polls)
        time.sleep(interval_s)
        previous, backlog = backlog, vector_backlog(stores)
        polls += 1
        if backlog < previous:
            last_progress = time.perf_counter()
    return CatchUp(time.perf_counter() - started, first, polls)
