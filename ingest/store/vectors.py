"""Chunk embeddings behind a small `VectorStore` protocol; chromadb stays inside this module.

`ChromaVectorStore` uses an embedded `PersistentClient` under `data_dir/chroma`, or a Chroma
server when `NIANBAO_CHROMA_URL` is set. Embeddings always come from our `Embedder`: chromadb's
default embedding function would download a model, so it is never configured. The collection
records which model built it; opening it with another model is an error that says "re-ingest".

An embedded client keeps its vector index in memory and does not see what another process adds
(a `nianbao ingest` next to a running `nianbao serve`). So every embedded write stamps a file next
to the Chroma directory, and a store that finds the stamp changed reopens its client first.
"""

from __future__ import annotations

import os
import threading
import uuid
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol, runtime_checkable
from urllib.parse import urlsplit

import numpy as np

from ingest.config import Settings
from ingest.embed import Embedder
from ingest.errors import ConfigError, StoreError
from ingest.records import Chunk

MetadataValue = str | int | float | bool
Where = Mapping[str, MetadataValue | Sequence[MetadataValue]]

_PAGE = 5000  # ids fetched per request when listing the whole collection


@runtime_checkable
class VectorStore(Protocol):
    """Chunk vectors with their `Chunk.metadata()`.

    `query` returns `(chunk_id, similarity)` pairs, most similar first; similarity is the cosine
    (1.0 = same direction). `where` maps a metadata key (agency, year, report_id, section, kind)
    to a value, or to a list of values any of which may match; several keys must all match.
    """

    def upsert(self, chunks: Sequence[Chunk], embeddings: Sequence[Sequence[float]]) -> None: ...

    def delete_report(self, report_id: str) -> None: ...

    def report_ids(self) -> set[str]: ...

    def query(
        self, embedding: Sequence[float], k: int, where: Where | None = None
    ) -> list[tuple[str, float]]: ...

    def count(self) -> int: ...

    def close(self) -> None: ...


class WriteStamp:
    """A token in a file, replaced on every write: a reader whose token differs is out of date."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def read(self) -> str:
        try:
            return self.path.read_text(encoding="ascii")
        except FileNotFoundError:
            return ""
        except OSError as exc:
            raise StoreError(f"{self.path}: cannot read the vector write stamp: {exc}") from exc

    def renew(self) -> str:
        token = uuid.uuid4().hex
        temporary = self.path.with_name(f"{self.path.name}.{token}")
        try:
            temporary.write_text(token, encoding="ascii")
            os.replace(temporary, self.path)  # atomic: a reader sees the old token or the new one
        except OSError as exc:
            temporary.unlink(missing_ok=True)
            raise StoreError(f"{self.path}: cannot write the vector write stamp: {exc}") from exc
        return token


def _choices(value: MetadataValue | Sequence[MetadataValue]) -> list[MetadataValue] | None:
    """The values of an "any of" filter, or None for a single value."""
    return None if isinstance(value, str | int | float | bool) else list(value)


def _chroma_where(where: Where | None) -> dict[str, Any] | None:
    """Our backend-neutral filter as a chromadb `where` clause."""
    clauses: list[dict[str, Any]] = []
    for key, value in (where or {}).items():
        choices = _choices(value)
        clauses.append({key: value} if choices is None else {key: {"$in": choices}})
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}


def _server_address(url: str) -> tuple[str, int, bool]:
    """host, port, ssl from NIANBAO_CHROMA_URL (http://host:port; the port defaults to 8000 / 443)."""
    parts = urlsplit(url if "://" in url else f"http://{url}")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(f"NIANBAO_CHROMA_URL {url!r}: expected http(s)://host:port")
    try:
        port = parts.port
    except ValueError as exc:
        raise ConfigError(f"NIANBAO_CHROMA_URL {url!r}: bad port") from exc
    ssl = parts.scheme == "https"
    return parts.hostname, port or (443 if ssl else 8000), ssl


class ChromaVectorStore:
    """A chromadb collection in cosine space, filled with our embeddings only.

    Thread-safe: the web server queries from several threads, and an embedded client is swapped
    for a fresh one under a lock when another process has written (see `WriteStamp`).
    `reset=True` drops the collection first: `ingest --rebuild` after changing the model.
    """

    _client: Any  # chromadb types it ClientAPI, whose protocol lacks the Client's close()

    def __init__(self, settings: Settings, embedder: Embedder, reset: bool = False) -> None:
        self._settings = settings
        self._embedder = embedder
        self._where = settings.chroma_url or str(settings.chroma_dir)
        self._lock = threading.RLock()
        self._stamp = None if settings.chroma_url else WriteStamp(settings.data_dir / "chroma.stamp")
        self._seen = self._stamp.read() if self._stamp else ""
        self._open(reset)
        if reset:
            self._wrote()

    def _open(self, reset: bool = False) -> None:
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        settings = self._settings
        chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
        with self._errors("open"):
            if settings.chroma_url:
                host, port, ssl = _server_address(settings.chroma_url)
                client = chromadb.HttpClient(host=host, port=port, ssl=ssl, settings=chroma_settings)
            else:
                settings.chroma_dir.mkdir(parents=True, exist_ok=True)
                client = chromadb.PersistentClient(path=settings.chroma_dir, settings=chroma_settings)
            if reset and settings.collection in {c.name for c in client.list_collections()}:
                client.delete_collection(settings.collection)
            self._client = client
            self._collection = client.get_or_create_collection(
                settings.collection,
                embedding_function=None,
                configuration={"hnsw": {"space": "cosine"}},
                metadata={"embed_model": self._embedder.name, "dim": self._embedder.dim},
            )
        self._check_model(settings.collection)

    @contextmanager
    def _current(self, action: str) -> Iterator[None]:
        """Hold the lock for one operation, after reopening the client if another process wrote."""
        with self._lock, self._errors(action):
            if self._stamp is not None and (stamp := self._stamp.read()) != self._seen:
                self._client.close()  # the last reference: chromadb drops its cached index
                self._open()
                self._seen = stamp
            yield

    def _wrote(self) -> None:
        if self._stamp is not None:
            self._seen = self._stamp.renew()

    def _check_model(self, name: str) -> None:
        meta = self._collection.metadata or {}
        built_with = (meta.get("embed_model"), meta.get("dim"))
        configured = (self._embedder.name, self._embedder.dim)
        if built_with != configured:
            raise StoreError(
                f"vector collection {name!r} at {self._where} was built with {built_with[0]} (dim {built_with[1]}),"
                f" configured {configured[0]} (dim {configured[1]}): re-ingest (nianbao ingest --rebuild)"
                " or set NIANBAO_EMBED_MODEL back"
            )
        # configuration_json, not .configuration: the latter warns about the (absent) embedding function.
        config = self._collection.configuration_json or {}
        index = config.get("hnsw") or config.get("spann") or {}  # spann: distributed Chroma
        if index.get("space", "cosine") != "cosine":
            raise StoreError(f"vector collection {name!r} at {self._where} is not in cosine space: re-ingest")

    @contextmanager
    def _errors(self, action: str) -> Iterator[None]:
        """chromadb raises its own errors, ValueError, httpx and Rust errors alike: one StoreError."""
        try:
            yield
        except (StoreError, ConfigError):
            raise
        except Exception as exc:
            raise StoreError(f"Chroma ({self._where}): {action} failed: {exc}") from exc

    def upsert(self, chunks: Sequence[Chunk], embeddings: Sequence[Sequence[float]]) -> None:
        if len(chunks) != len(embeddings):
            raise StoreError(f"{len(chunks)} chunks but {len(embeddings)} embeddings")
        bad = next((len(e) for e in embeddings if len(e) != self._embedder.dim), None)
        if bad is not None:
            raise StoreError(f"an embedding of dim {bad}, the collection holds dim {self._embedder.dim}")
        with self._current("upsert"):
            step = self._client.get_max_batch_size()
            try:
                for start in range(0, len(chunks), step):
                    batch = chunks[start : start + step]
                    self._collection.upsert(
                        ids=[c.id for c in batch],
                        embeddings=np.asarray(embeddings[start : start + step], dtype=np.float32),
                        metadatas=[c.metadata() for c in batch],
                        documents=[c.text for c in batch],
                    )
            finally:
                self._wrote()  # even a failed batch may have written the ones before it

    def delete_report(self, report_id: str) -> None:
        with self._current("delete"):
            try:
                self._collection.delete(where={"report_id": report_id})
            finally:
                self._wrote()

    def report_ids(self) -> set[str]:
        ids: set[str] = set()
        offset = 0
        with self._current("list"):
            while True:
                page = self._collection.get(include=["metadatas"], limit=_PAGE, offset=offset)
                ids.update(str(m["report_id"]) for m in page["metadatas"] or [] if m and "report_id" in m)
                if len(page["ids"]) < _PAGE:
                    return ids
                offset += _PAGE

    def query(
        self, embedding: Sequence[float], k: int, where: Where | None = None
    ) -> list[tuple[str, float]]:
        if k <= 0 or any(_choices(v) == [] for v in (where or {}).values()):
            return []  # (Chroma rejects an empty "$in"; nothing can match it anyway)
        with self._current("query"):
            result = self._collection.query(
                query_embeddings=np.asarray([embedding], dtype=np.float32),
                n_results=k,
                where=_chroma_where(where),
                include=["distances"],
            )
        ids = result["ids"][0] if result["ids"] else []
        distances = (result["distances"] or [[]])[0]
        return [(chunk_id, 1.0 - float(d)) for chunk_id, d in zip(ids, distances, strict=True)]

    def count(self) -> int:
        with self._current("count"):
            return int(self._collection.count())

    def close(self) -> None:
        """Release the client: an embedded one is shared per directory within a process, and a
        reopen only reads the index afresh once no other store of this process holds it."""
        with self._lock, self._errors("close"):
            self._client.close()
