"""`QAService.ask`: a Chinese question in, a checked answer out (design §4), logged for the staff archive.

    >>> from ingest.config import Settings
    >>> from ingest.store import open_stores
    >>> service = QAService(open_stores(Settings()), Settings())
    >>> answer = service.ask("高青县公安局2024年收到多少件信息公开申请？")
    >>> answer.primary_figure
    {'value': 6, 'unit': '件'}

The chain: understand -> (structured: resolve cells | prose: hybrid retrieval -> pick sentences)
-> compose (offline, or the LLM when configured) -> check every figure -> log.
A figure never comes from a model: structured figures are computed from cells, and an LLM draft whose
figures the checker contradicts is redrafted once, then replaced by the offline composer.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Sequence
from dataclasses import replace

from ingest.config import Settings
from ingest.errors import NianbaoError
from ingest.lexicon import CHANGE_WORDS
from ingest.metrics import Derivation
from ingest.records import Report, StoredReport
from ingest.rules import ProseConflict, prose_conflicts
from ingest.store import Stores
from qa.check import check_text
from qa.compose import compose_extractive, compose_structured
from qa.glossary import explain
from qa.llm import LLMComposer, LLMError
from qa.log import log_answer
from qa.narrative import (
    asked_unit,
    best_change_figure,
    contradicted_by_tables,
    pick_sentences,
    preferred_section,
    salient,
    stated_change,
)
from qa.records import Answer, Citation, Draft, Evidence, FigureCheck, Passage, Query
from qa.resolve import Fact, Resolution, resolve
from qa.retrieve import HybridRetriever
from qa.understand import understand

log = logging.getLogger(__name__)


class QuestionError(NianbaoError):
    """A question that cannot be taken (empty, too long)."""


class QAService:
    """Answers questions over one data dir. Thread-safe for concurrent `ask` calls."""

    def __init__(self, stores: Stores, settings: Settings, llm: LLMComposer | None = None) -> None:
        self.stores = stores
        self.settings = settings
        self.llm = llm if llm is not None else (LLMComposer(settings) if settings.llm_enabled else None)
        self._reports: dict[str, Report] = {}
        self._conflicts: dict[str, list[ProseConflict]] = {}  # by report id: a report never changes
        self._retriever: HybridRetriever | None = None
        self._lock = threading.RLock()

    # ---- store access (cached: a report's content never changes under its sha256 id) -------------

    def catalog(self) -> list[StoredReport]:
        return self.stores.sql.list_reports()

    def report(self, stored: StoredReport) -> Report:
        with self._lock:
            if stored.id not in self._reports:
                report = self.stores.sql.get_report(stored.id)
                if report is None:
                    raise NianbaoError(f"报告 {stored.id[:12]} 已不在库中")
                self._reports[stored.id] = report
            return self._reports[stored.id]

    @property
    def retriever(self) -> HybridRetriever:
        with self._lock:
            if self._retriever is None:
                self._retriever = HybridRetriever(
                    self.stores.vectors, self.stores.embedder, self.stores.sql.chunks
                )
            return self._retriever

    # ---- answering ---------------------------------------------------------------------------------

    def ask(self, question: str, channel: str = "cli", record: bool = True) -> Answer:
        """Answer one question; `record` writes it to the answers table (the staff archive)."""
        started = time.perf_counter()
        text = (question or "").strip()
        if not text:
            raise QuestionError("问题为空，请输入问题。")
        if len(text) > self.settings.max_question_chars:
            raise QuestionError(
                f"问题过长（{len(text)}字），请控制在{self.settings.max_question_chars}字以内。"
            )
        query = understand(text, self.catalog())
        answer = self._answer(query)
        answer.latency_ms = (time.perf_counter() - started) * 1000
        if record:
            log_answer(self.stores.sql, answer, channel)
        return answer

    def _answer(self, query: Query) -> Answer:
        notes = list(query.assumptions)
        if query.refusal and query.intent == "compare_years" and query.reports:
            stated = self._stated_change(query)
            if stated is not None:
                return stated
        if query.refusal or query.clarification:
            return self._finish(
                query, Draft(query.refusal or query.clarification or "", False, "structured"), []
            )
        if query.intent == "explain":
            definition = explain(query.question)
            text = (
                definition
                or "暂时无法解释这个说法：词汇表中没有它。可以问「不予公开和无法提供有什么区别」等。"
            )
            return self._finish(query, Draft(text, definition is not None, "structured"), [], check=False)
        reports = [self.report(r) for r in query.reports]
        if query.intent == "narrative" or query.leftovers:
            return self._narrative(query, reports, notes)
        resolution = resolve(query, reports)
        draft = self._with_prose_conflicts(compose_structured(query, resolution, notes), resolution)
        if self.llm is not None and draft.answerable and resolution.primary is not None:
            draft = self._llm_draft(query, resolution, draft, reports, ())
        return self._finish(query, draft, reports)

    def _narrative(self, query: Query, reports: Sequence[Report], notes: list[str]) -> Answer:
        passages = self.retriever.retrieve(query.question, query.reports, k=6)
        section = preferred_section(query.question)
        if section is not None:
            # the section the question points at is read whole, whatever the ranking says
            seen = {p.chunk_id for p in passages}
            passages += [p for p in self._section_passages(query.reports, section) if p.chunk_id not in seen]
        picks = pick_sentences(query, passages)
        if not picks:
            scope = "、".join(f"{r.meta.agency}{r.meta.year}年" for r in reports)
            words = query.leftovers or tuple(salient(query))[:3]
            what = f"「{'、'.join(words)}」" if words else "这个问题"
            draft = Draft(f"{scope}年报中没有找到能回答{what}的内容，无法回答。", False, "extractive")
            return self._finish(query, draft, reports)
        draft = compose_extractive(
            query, [(p.passage, p.sentence) for p in picks], asked_unit(query.question), notes
        )
        if self.llm is not None:
            draft = self._llm_draft(query, Resolution(), draft, reports, tuple(p.passage for p in picks))
        warning = contradicted_by_tables(picks, reports)
        return self._finish(query, replace(draft, text=draft.text + warning) if warning else draft, reports)

    def _with_prose_conflicts(self, draft: Draft, resolution: Resolution) -> Draft:
        """A table answer whose item the report's prose states otherwise says so, citing the sentence."""
        fact = resolution.primary
        if not draft.answerable or fact is None or fact.metric is None or len(fact.reports) != 1:
            return draft
        report = fact.reports[0]
        with self._lock:
            if report.id not in self._conflicts:
                self._conflicts[report.id] = prose_conflicts(report)
        found = [c for c in self._conflicts[report.id] if c.claim.label == fact.metric.label]
        if not found:
            return draft
        conflict = found[0]
        said = conflict.claim.quote.lstrip("，,；;、：: ")
        note = f"（注意：该报告正文另称「{said}」，与表格不一致，可能是统计口径不同或正文有误；以上按表格回答。）"
        cited = Citation(
            report.source_name, report.meta.agency, report.meta.year, conflict.heading, conflict.sentence
        )
        return replace(draft, text=draft.text + note, citations=(*draft.citations, cited))

    def _stated_change(self, query: Query) -> Answer | None:
        """No table for the other year, but this year's prose may state the change: quote it."""
        reports = [self.report(r) for r in query.reports]
        passages = self._section_passages(query.reports, "overview") + self.retriever.retrieve(
            query.question, query.reports, k=6
        )
        pick = stated_change(query, passages)
        if pick is None:
            return None
        answer_query = replace(query, wants_number=True, keywords=(*query.keywords, *CHANGE_WORDS))
        draft = compose_extractive(answer_query, [(pick.passage, pick.sentence)], None, [])
        figure = best_change_figure(pick.sentence)
        draft = replace(
            draft,
            text=f"{query.refusal}不过{draft.text}",
            primary=Derivation(figure.value, figure.unit or "", f"引自正文：{pick.sentence}", ())
            if figure
            else None,
            primary_unit=(figure.unit or "") if figure else None,
        )
        return self._finish(query, draft, reports)

    def _section_passages(self, reports: Sequence[StoredReport], section: str) -> list[Passage]:
        by_id = {r.id: r for r in reports}
        return [
            Passage(c.id, by_id[c.report_id], c.section, c.heading, c.kind, c.text, 0.0)
            for c in self.stores.sql.chunks(list(by_id))
            if c.section == section and c.kind == "prose"
        ]

    def _llm_draft(
        self,
        query: Query,
        resolution: Resolution,
        offline: Draft,
        reports: Sequence[Report],
        passages: Sequence[Passage],
    ) -> Draft:
        """The LLM's wording if its figures check out (one redraft allowed), else the offline draft."""
        assert self.llm is not None
        facts: list[Fact] = resolution.facts
        evidence = self._evidence(offline, reports)
        feedback = ""
        for _attempt in range(2):
            try:
                text = self.llm.draft(query, facts, passages or offline.passages, feedback)
            except LLMError as exc:
                log.warning("%s; answering offline", exc)
                return offline
            checks = check_text(text, evidence)
            wrong = [c for c in checks if c.verdict == "contradicted"]
            if not wrong:
                return Draft(
                    text,
                    offline.answerable,
                    "llm",
                    offline.primary,
                    offline.primary_unit,
                    offline.derivations,
                    offline.citations,
                    offline.passages,
                )
            feedback = "；".join(f"「{c.text}」与表格不符" for c in wrong)
            log.warning("LLM draft contradicted by the tables (%s)", feedback)
        return offline

    def _evidence(self, draft: Draft, reports: Sequence[Report]) -> Evidence:
        quotes = [c.quote for c in draft.citations] + [p.text for p in draft.passages]
        return Evidence(reports, draft.derivations, quotes)

    def _finish(self, query: Query, draft: Draft, reports: Sequence[Report], check: bool = True) -> Answer:
        evidence = self._evidence(draft, reports)
        figures: list[FigureCheck] = check_text(draft.text, evidence) if check else []
        primary = None
        if draft.answerable and draft.primary is not None and draft.primary.value is not None:
            value = draft.primary.value
            if draft.primary_unit in ("%", "百分点", "倍"):
                value = round(float(value), 2)
            primary = {"value": value, "unit": draft.primary_unit or ""}
        return Answer(
            question=query.question,
            answer=draft.text,
            answerable=draft.answerable,
            primary_figure=primary,
            figures=figures,
            citations=list(draft.citations),
            mode=draft.mode,
            latency_ms=0.0,
            query=_query_json(query),
            assumptions=list(query.assumptions),
            derivation=draft.primary.formula if draft.primary is not None else None,
            evidence=evidence,
        )


def _query_json(query: Query) -> dict[str, object]:
    return {
        "intent": query.intent,
        "reports": [{"id": r.id, "agency": r.agency, "year": r.year} for r in query.reports],
        "metric": None
        if query.metric is None
        else {
            "table": query.metric.table,
            "rows": list(query.metric.rows),
            "columns": list(query.metric.columns),
            "label": query.metric.label,
        },
        "refusal": query.refusal,
        "clarification": query.clarification,
    }


__all__ = ["Citation", "QAService", "QuestionError"]
