"""Where ingest spends its time: wall-clock timers wrapped around the public functions of each stage.

Stages: load (the file's bytes), parse (decoding and parsing in the child of `ingest.worker`, its fork
included, -> Report; then chunks), embed (the embedder's passages),
write (SQLite rows and vector upserts). What is left of the wall time is "other" (the pipeline's own
bookkeeping: duplicate and cross-year lookups, repair). A name that a refactor removes is reported as
not measured rather than breaking the bench.
"""

from __future__ import annotations

import functools
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from ingest import worker

STAGES = ("load", "parse", "embed", "write")


class StageTimers:
    """Accumulated seconds per stage; nested calls of the same stage are counted once."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self.wrapped: dict[str, list[str]] = defaultdict(list)
        self._depth = threading.local()

    def wrap(self, owner: Any, attribute: str, stage: str) -> None:
        original: Callable[..., Any] | None = getattr(owner, attribute, None)
        if original is None:
            return
        timers = self

        @functools.wraps(original)
        def timed(*args: Any, **kwargs: Any) -> Any:
            depth = getattr(timers._depth, stage, 0)
            setattr(timers._depth, stage, depth + 1)
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                setattr(timers._depth, stage, depth)
                if depth == 0:
                    timers.seconds[stage] += time.perf_counter() - started

        setattr(owner, attribute, timed)
        self.wrapped[stage].append(f"{getattr(owner, '__name__', type(owner).__name__)}.{attribute}")

    def report(self, wall: float) -> dict[str, Any]:
        measured = {s: round(self.seconds[s], 4) for s in STAGES if self.wrapped.get(s)}
        other = max(0.0, wall - sum(measured.values()))
        return {"seconds": {**measured, "other": round(other, 2)}, "wrapped": dict(self.wrapped)}


def instrument(stores: Any, pipeline: Any) -> StageTimers:
    """Timers around the stage functions the ingest pipeline calls, and around the stores' writers."""
    timers = StageTimers()
    timers.wrap(worker, "read_file", "load")
    timers.wrap(worker, "parse_isolated", "parse")  # decoding and parsing in the forked child, fork included
    timers.wrap(pipeline, "chunk_report", "parse")
    timers.wrap(stores.embedder, "embed_passages", "embed")
    for name in ("put_report", "mark_complete", "replace_findings", "delete_report"):
        timers.wrap(stores.sql, name, "write")
    for name in ("upsert", "delete_report"):
        timers.wrap(stores.vectors, name, "write")
    return timers
