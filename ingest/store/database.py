"""One SQLite connection shared by threads, with sqlite3 errors translated to `StoreError`.

The web server calls the store from worker threads: one connection (`check_same_thread=False`)
serialised by a lock is simpler and safer than a pool for a file this size. WAL lets another
process (a `nianbao ingest` next to `nianbao serve`) read while one writes; `busy_timeout`
makes the second writer wait instead of failing.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from pathlib import Path

from ingest.errors import StoreError
from ingest.store.migrations import migrate

BUSY_TIMEOUT_MS = 10_000


def utc_now() -> str:
    """A timestamp as stored: ISO-8601 UTC to the second (sorts as text)."""
    return datetime.now(UTC).isoformat(timespec="seconds")


class Database:
    """The connection, its lock, migrations on open, and the error boundary."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._lock = threading.RLock()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"{self.path}: cannot open the SQLite file: {exc}") from exc
        self._conn = conn
        try:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA journal_mode = WAL")
            self.schema_version = migrate(conn, str(self.path))
        except sqlite3.Error as exc:
            conn.close()
            raise StoreError(f"{self.path}: {exc}") from exc
        except StoreError:
            conn.close()
            raise

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        """The connection for reads (autocommit: each statement sees the latest commit)."""
        with self._lock:
            try:
                yield self._conn
            except sqlite3.Error as exc:
                raise StoreError(f"{self.path}: {exc}") from exc

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: all of it commits, or none of it (rolled back on any error)."""
        with self._lock:
            try:
                self._conn.execute("BEGIN IMMEDIATE")
                yield self._conn
                self._conn.execute("COMMIT")
            except BaseException as exc:
                if self._conn.in_transaction:
                    with suppress(sqlite3.Error):  # the original error says more
                        self._conn.execute("ROLLBACK")
                if isinstance(exc, sqlite3.Error):
                    raise StoreError(f"{self.path}: {exc}") from exc
                raise
