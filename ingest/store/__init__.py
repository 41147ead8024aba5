"""The stores as one facade: the SQLite file and the vector collection, kept in step.

    >>> stores = open_stores(settings)          # cheap: SQLite only, no model loaded
    >>> stores.save_report(report, chunks)      # both stores, or neither
    >>> stores.sql.list_reports()

A report is saved by a fixed protocol so that a crash (even kill -9) never leaves half a report
visible: embed the chunks -> SQL rows with status 'pending' (committed) -> vectors -> 'complete'.
Deleting marks the row 'pending' first. So every interrupted write leaves a pending row, and
`repair()` (run on open) removes pending reports from both stores. Readers only see complete
reports. Writers of one data dir are serialised by a lock file, so a repair never mistakes another
process's save in progress for a crash leftover.
"""

from __future__ import annotations

import fcntl
import logging
import os
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path

from ingest.config import Settings
from ingest.embed import Embedder, make_embedder
from ingest.errors import NianbaoError, StoreError
from ingest.records import Chunk, Report
from ingest.store.sqlite import SqliteStore
from ingest.store.vectors import ChromaVectorStore, VectorStore

__all__ = ["ChromaVectorStore", "SqliteStore", "Stores", "VectorStore", "open_stores"]

log = logging.getLogger(__name__)


class WriterLock:
    """An exclusive lock on a file in the data dir (flock), held while a report is written.

    Each hold opens its own descriptor, so it excludes other threads and processes alike.
    """

    def __init__(self, path: Path) -> None:
        self.path = path

    @contextmanager
    def hold(self, wait: bool = True) -> Iterator[bool]:
        """Yields whether the lock is held (always True when waiting)."""
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise StoreError(f"{self.path}: cannot create the writer lock: {exc}") from exc
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                yield False
                return
            yield True
        finally:
            os.close(fd)  # releases the lock


class Stores:
    """SQL store, vector store and embedder of one data dir. The vector store and the embedder
    are created on first use: `nianbao parse`, the answer log and the staff pages load no model."""

    def __init__(self, settings: Settings, sql: SqliteStore) -> None:
        self.settings = settings
        self.sql = sql
        self._embedder: Embedder | None = None
        self._vectors: VectorStore | None = None
        self._lazy = threading.RLock()
        self._writer = WriterLock(settings.data_dir / "write.lock")

    @property
    def embedder(self) -> Embedder:
        with self._lazy:
            if self._embedder is None:
                self._embedder = make_embedder(self.settings.embed_model)
            return self._embedder

    @property
    def vectors(self) -> VectorStore:
        with self._lazy:
            if self._vectors is None:
                self._vectors = ChromaVectorStore(self.settings, self.embedder)
            return self._vectors

    def save_report(self, report: Report, chunks: Sequence[Chunk]) -> None:
        """Store a report whole in both stores, or not at all (StoreError says why).

        Idempotent: chunk ids are deterministic, so saving the same report again ends in the same
        state. Skipping unchanged files (`sql.has_complete`) is the pipeline's job.
        """
        chunks = list(chunks)
        label = f"{report.meta.agency} {report.meta.year} ({report.id[:12]})"
        embedder, vectors = self.embedder, self.vectors
        try:
            embeddings = embedder.embed_passages([c.text for c in chunks])
        except Exception as exc:  # the stores are untouched: nothing to undo
            raise StoreError(f"report {label} not stored: embedding failed: {exc}") from exc
        with self._writer.hold():
            self.sql.put_report(report, chunks, status="pending")
            try:
                vectors.delete_report(report.id)  # an earlier chunking may have made more chunks
                vectors.upsert(chunks, embeddings)
                self.sql.mark_complete(report.id)
            except BaseException as exc:
                self._undo(report.id)
                if isinstance(exc, Exception):
                    raise StoreError(f"report {label} not stored: {exc}") from exc
                raise  # KeyboardInterrupt, SystemExit: undone, and still stopping

    def _undo(self, report_id: str) -> None:
        """Remove a half-saved report. If the vectors cannot be removed, the pending SQL row stays
        so that `repair()` finishes the job later."""
        try:
            self.vectors.delete_report(report_id)
        except StoreError:
            log.warning("report %s: vectors not removed; left for repair()", report_id)
            return
        with suppress(StoreError):
            self.sql.delete_report(report_id)

    def delete_report(self, report_id: str) -> bool:
        """Remove a report from both stores; whether it was stored."""
        with self._writer.hold():
            existed = self.sql.mark_pending(report_id)
            self.vectors.delete_report(report_id)
            self.sql.delete_report(report_id)
        return existed

    def clear_reports(self) -> None:
        """Forget every report (answers and users stay) and start an empty collection for the
        configured model: `nianbao ingest --rebuild`, e.g. after changing NIANBAO_EMBED_MODEL."""
        with self._writer.hold(), self._lazy:
            self.sql.delete_all_reports()
            if self._vectors is not None:
                self._vectors.close()
            self._vectors = ChromaVectorStore(self.settings, self.embedder, reset=True)

    def repair(self) -> list[str]:
        """Remove what a crash left: pending reports (both stores) and vectors whose report is
        not complete in SQL. Returns the report ids removed. Waits for a writer in progress."""
        return self._repair(scan_vectors=True, wait=True)

    def _repair(self, scan_vectors: bool, wait: bool) -> list[str]:
        with self._writer.hold(wait) as held:
            if not held:
                return []  # another process is writing: its pending rows are work in progress
            stale = set(self.sql.pending_report_ids())
            if scan_vectors:
                stale |= self.vectors.report_ids() - set(self.sql.complete_report_ids())
            for report_id in sorted(stale):
                self.vectors.delete_report(report_id)
                self.sql.delete_report(report_id)
        if stale:
            log.info("repair: removed %d incomplete report(s): %s", len(stale), sorted(stale))
        return sorted(stale)

    def close(self) -> None:
        self.sql.close()


def open_stores(settings: Settings) -> Stores:
    """Open (and migrate) the SQLite file and clean up after a crash. Cheap: the vector store and
    the model are only touched when a crash left a pending report."""
    stores = Stores(settings, SqliteStore(settings.sqlite_path))
    try:
        stores._repair(scan_vectors=False, wait=False)
    except NianbaoError as exc:  # e.g. the Chroma server is down, or the model setting is wrong
        # Pending rows are invisible to readers; the answer log and staff pages still work.
        log.warning("repair on open failed (run `nianbao ingest` to retry): %s", exc)
    return stores
