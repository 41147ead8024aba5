"""The baseline: plain LangChain vector-only RAG over the same chunks and embedder.

Top-k by cosine from our vector store (no BM25, no agency/year filter, no structured tables), and the
simplest extractive answer: the figure of the top passage nearest the question's words is the answer.
It is what a tutorial RAG would do with this corpus; the product must beat it by a clear margin, and
the side-by-side shows where (filtering, tables, refusals).
"""

from __future__ import annotations

import re
import time
from typing import Any

import jieba
from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from langchain_core.runnables import RunnableLambda, RunnableParallel, RunnablePassthrough
from pydantic import ConfigDict

from evals.retrieval import Hit
from ingest.figures import extract_figures
from ingest.records import Chunk, StoredReport
from ingest.store import Stores

jieba.setLogLevel(60)
STOP = frozenset(
    "多少 几件 几个 几次 几 什么 哪些 是否 有没有 一共 总共 合计 共 是 的 了 在 有 和 与 及 年 中 被 把 为 吗 呢 ？ ?".split()
)


class VectorOnlyRetriever(BaseRetriever):
    """Our VectorStore as a LangChain retriever: cosine top-k over every report, nothing else."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    vectors: Any
    embedder: Any
    chunks: dict[str, Chunk]
    k: int = 6

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun
    ) -> list[Document]:
        hits = self.vectors.query(self.embedder.embed_query(query), self.k)
        return [
            Document(page_content=self.chunks[cid].text, metadata={"chunk_id": cid, "score": score})
            for cid, score in hits
            if cid in self.chunks
        ]


def keywords(question: str) -> list[str]:
    return [t for t in jieba.cut(question) if len(t) >= 2 and t not in STOP and not t.isdigit()]


def nearest_figure(text: str, question: str) -> dict[str, Any] | None:
    """The figure of `text` closest to any of the question's words (the first figure if none occurs)."""
    figures = extract_figures(text)
    if not figures:
        return None
    positions = [m.start() for w in keywords(question) for m in re.finditer(re.escape(w), text)]
    best = min(figures, key=lambda f: min((abs(f.start - p) for p in positions), default=f.start))
    return {"value": best.value, "unit": best.unit or ""}


class BaselineRAG:
    """`ask(question) -> answer dict` in the shape of design §4, so the same scorer judges it."""

    def __init__(self, stores: Stores, k: int = 6) -> None:
        self.chunks = {c.id: c for c in stores.sql.chunks()}
        self.reports: dict[str, StoredReport] = {r.id: r for r in stores.sql.list_reports()}
        self.retriever = VectorOnlyRetriever(
            vectors=stores.vectors, embedder=stores.embedder, chunks=self.chunks, k=k
        )
        self.chain = RunnableParallel(question=RunnablePassthrough(), docs=self.retriever) | RunnableLambda(
            self._compose
        )

    def hits(self, question: str) -> list[Hit]:
        """The retrieved passages, for the retrieval hit rates."""
        out = []
        for doc in self.retriever.invoke(question):
            chunk = self.chunks[doc.metadata["chunk_id"]]
            out.append(Hit(self.reports[chunk.report_id], chunk.section, chunk.text))
        return out

    def ask(self, question: str) -> dict[str, Any]:
        started = time.perf_counter()
        answer: dict[str, Any] = self.chain.invoke(question)
        answer["latency_ms"] = round((time.perf_counter() - started) * 1000, 2)
        return answer

    def _compose(self, inputs: dict[str, Any]) -> dict[str, Any]:
        question, docs = inputs["question"], inputs["docs"]
        if not docs:
            return _answer(question, "没有检索到相关内容。", False, None, [])
        chunk = self.chunks[docs[0].metadata["chunk_id"]]
        report = self.reports[chunk.report_id]
        citation = {
            "report": report.source_name,
            "agency": report.agency,
            "year": report.year,
            "section": chunk.heading,
            "quote": chunk.text,
        }
        return _answer(question, chunk.text, True, nearest_figure(chunk.text, question), [citation])


def _answer(
    question: str,
    text: str,
    answerable: bool,
    primary: dict[str, Any] | None,
    citations: list[dict[str, Any]],
) -> dict[str, Any]:
    return {
        "question": question,
        "answer": text,
        "answerable": answerable,
        "primary_figure": primary,
        "figures": [],
        "citations": citations,
        "mode": "baseline",
        "latency_ms": 0.0,
    }
