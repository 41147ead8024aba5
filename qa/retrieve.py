"""Hybrid retrieval over the chunks of the reports a question is about (LangChain retrievers).

BM25 over jieba tokens finds the exact words citizens use (「信息处理费」); dense e5 vectors from chromadb
find paraphrases. LangChain's EnsembleRetriever fuses the two rankings by reciprocal rank (RRF).
Both are filtered to the resolved reports, so a passage of another agency or year cannot answer.
LangChain types stay inside this module: callers get `Passage` records.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any

import jieba
from langchain_classic.retrievers import EnsembleRetriever
from langchain_community.retrievers import BM25Retriever
from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from langchain_core.runnables import Runnable
from pydantic import ConfigDict

from ingest.embed import Embedder
from ingest.records import Chunk, StoredReport
from ingest.store.vectors import VectorStore
from qa.records import Passage

jieba.setLogLevel(60)
RRF_C = 60


def tokenize(text: str) -> list[str]:
    return list(_tokens(text))


@functools.lru_cache(maxsize=50_000)
def _tokens(text: str) -> tuple[str, ...]:
    """jieba is pure Python and holds the GIL: a chunk is tokenized once per process, not per question."""
    return tuple(t for t in jieba.cut_for_search(text) if t.strip())


def _document(chunk: Chunk) -> Document:
    return Document(
        page_content=chunk.text,
        metadata={"chunk_id": chunk.id, "report_id": chunk.report_id, "section": chunk.section},
    )


class ChromaChunkRetriever(BaseRetriever):
    """Dense retrieval through our VectorStore (always our embeddings, never chromadb's default)."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    vectors: Any
    embedder: Any
    chunks_by_id: dict[str, Chunk]
    report_ids: list[str]
    k: int = 8

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun
    ) -> list[Document]:
        hits = self.vectors.query(self.embedder.embed_query(query), self.k, {"report_id": self.report_ids})
        return [_document(self.chunks_by_id[cid]) for cid, _ in hits if cid in self.chunks_by_id]


class HybridRetriever:
    """Fused BM25 + dense retrieval restricted to some reports.

    >>> retriever = HybridRetriever(stores.vectors, stores.embedder, stores.sql.chunks)
    >>> retriever.retrieve("信息处理费", [report], k=5)[0].text
    """

    def __init__(
        self,
        vectors: VectorStore | None,
        embedder: Embedder | None,
        load_chunks: Callable[[Sequence[str]], list[Chunk]],
        dense_weight: float = 0.5,
    ) -> None:
        self.vectors = vectors
        self.embedder = embedder
        self.load_chunks = load_chunks
        self.dense_weight = dense_weight

    def retrieve(
        self, question: str, reports: Sequence[StoredReport], k: int = 6, kinds: Sequence[str] = ("prose",)
    ) -> list[Passage]:
        by_id = {r.id: r for r in reports}
        chunks = [c for c in self.load_chunks(list(by_id)) if c.kind in kinds]
        if not chunks:
            return []
        chunk_map = {c.id: c for c in chunks}
        bm25 = BM25Retriever.from_documents([_document(c) for c in chunks], preprocess_func=tokenize, k=k * 2)
        retrievers: list[Runnable[str, list[Document]]] = [bm25]
        weights = [1.0]
        if self.vectors is not None and self.embedder is not None:
            dense = ChromaChunkRetriever(
                vectors=self.vectors,
                embedder=self.embedder,
                chunks_by_id=chunk_map,
                report_ids=list(by_id),
                k=k * 2,
            )
            retrievers.append(dense)
            weights = [1.0 - self.dense_weight, self.dense_weight]
        ensemble = EnsembleRetriever(retrievers=retrievers, weights=weights, c=RRF_C, id_key="chunk_id")
        documents = ensemble.invoke(question)
        passages = []
        for rank, doc in enumerate(documents[:k]):
            chunk = chunk_map[doc.metadata["chunk_id"]]
            passages.append(
                Passage(
                    chunk_id=chunk.id,
                    report=by_id[chunk.report_id],
                    section=chunk.section,
                    heading=chunk.heading,
                    kind=chunk.kind,
                    text=chunk.text,
                    score=1.0 / (RRF_C + rank + 1),
                )
            )
        return passages
