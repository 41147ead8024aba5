"""The answer archive, written behind the answers: a citizen's answer never waits for the disk.

Every answer goes to the `answers` table (`qa.log.log_answer`). A commit syncs the SQLite file —
2.5 ms median, 8 ms p95 and 20+ ms at worst on this machine — under the store's one connection lock,
which every read takes too. Written inside each request, answers under load queued behind each other's
commits: at 50 clients, table answers that need ~3 ms of work took 0.4–1 s (`make load`). So one
writer thread logs them, in order, just after they are given; a request waits at most for a commit
already running, never for its own or a queue of them.

`flush()` waits until what is queued is written: the archive's routes call it, so staff always see the
latest answer, and a clean shutdown calls `close()`. A crash loses the answers of the last moments.
"""

from __future__ import annotations

import logging
import queue
import threading
from typing import TYPE_CHECKING

from ingest.errors import NianbaoError
from ingest.store.sqlite import SqliteStore
from qa.log import log_answer
from qa.records import Answer

if TYPE_CHECKING:
    from ui.context import AppContext

log = logging.getLogger(__name__)
_STOP = None


class AnswerLog:
    """A queue of (answer, channel) and the thread that writes them to the archive."""

    def __init__(self, sql: SqliteStore) -> None:
        self.sql = sql
        self._queue: queue.Queue[tuple[Answer, str] | None] = queue.Queue()
        self._thread = threading.Thread(target=self._write, name="answer-log", daemon=True)
        self._thread.start()

    def put(self, answer: Answer, channel: str) -> None:
        self._queue.put((answer, channel))

    def flush(self) -> None:
        """Return once every answer put so far is in the archive."""
        if self._thread.is_alive():
            self._queue.join()

    def close(self) -> None:
        if self._thread.is_alive():
            self._queue.put(_STOP)
            self._thread.join(30)

    def _write(self) -> None:
        while (item := self._queue.get()) is not _STOP:
            try:
                log_answer(self.sql, *item)
            except NianbaoError as exc:  # the answer was given; losing its log line must not stop the log
                log.error("could not archive the answer to %r: %s", item[0].question[:60], exc)
            finally:
                self._queue.task_done()
        self._queue.task_done()


def settled(ctx: AppContext) -> None:
    """Before reading the archive: every answer given so far is in it."""
    if ctx.answers is not None:
        ctx.answers.flush()
