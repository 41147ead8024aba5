"""`QAService.ask`: a Chinese question in, a checked answer out (design §4), logged for the staff archive.

    >>> from ingest.config import Settings
    >>> from ingest.store import open_stores
    >>> service = QAService(open_stores(Settings()), Settings())
    >>> answer = service.ask("高青县公安局2024年收到多少件信息公开申请？")
    >>> answer.primary_figure
    {'value': 6, 'unit': '件'}

The stages, each taking the record of the one before and never the question's text again:

    tag (qa.tag) -> frame (qa.frame) -> query (qa.query) -> resolve (qa.resolve) | prose (qa.prose)
    -> compose (qa.compose, or qa.llm when configured) -> check (qa.check) -> Answer, logged

A figure never comes from a model: table figures are computed from cells, and an LLM draft whose
figures the checker contradicts is redrafted once, then replaced by the offline composer.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date

from ingest.config import Settings
from ingest.errors import NianbaoError
from ingest.metrics import Derivation
from ingest.records import Report, StoredReport
from ingest.rules import ProseConflict, prose_conflicts
from ingest.store import Stores
from qa.agencies import AgencyIndex
from qa.cells import with_2019_cells
from qa.check import check_text
from qa.compose import (
    Said,
    compose_clarification,
    compose_glossary,
    compose_refusal,
    compose_table,
    say,
    unexplained,
    with_notes,
)
from qa.frame import build_frame
from qa.glossary import explain_terms
from qa.llm import LLMComposer, LLMError
from qa.log import log_answer
from qa.prose import (
    change_figure,
    compose_extractive,
    compose_prose_change,
    contradicted_by_tables,
    pick_sentences,
    stated_change,
)
from qa.queries import (
    Clarification,
    GlossaryQuery,
    Lookup,
    ProseQuery,
    Query,
    Refusal,
    TableQuery,
    first_item,
    intent_of,
    reports_of,
)
from qa.query import build_query
from qa.records import Answer, Citation, Draft, Evidence, FigureCheck, Passage
from qa.resolve import Fact, LookupResult, resolve
from qa.retrieve import HybridRetriever
from qa.tag import tag
from qa.wording import fmt_number

log = logging.getLogger(__name__)
PRIMARY_TOLERANCE = 0.06  # a model's draft may round the answer's figure (59.54% as 59.5%), not change it


class QuestionError(NianbaoError):
    """A question that cannot be taken (empty, too long)."""


class QAService:
    """Answers questions over one data dir. Thread-safe for concurrent `ask` calls. `clock` gives
    today's date (relative years count from it; tests set it)."""

    def __init__(
        self,
        stores: Stores,
        settings: Settings,
        llm: LLMComposer | None = None,
        clock: Callable[[], date] = date.today,
    ) -> None:
        self.stores = stores
        self.settings = settings
        self.llm = llm if llm is not None else (LLMComposer(settings) if settings.llm_enabled else None)
        self.clock = clock
        self._reports: dict[str, Report] = {}
        self._conflicts: dict[str, list[ProseConflict]] = {}  # by report id: a report never changes
        self._index: tuple[tuple[str, ...], AgencyIndex] | None = None
        self._retriever: HybridRetriever | None = None
        self._lock = threading.RLock()

    # ---- store access (cached: a report's content never changes under its sha256 id) -------------

    def catalog(self) -> list[StoredReport]:
        return self.stores.sql.list_reports()

    def index(self) -> AgencyIndex:
        """The agency index of the current catalog, rebuilt only when the catalog changes."""
        catalog = self.catalog()
        key = tuple(r.id for r in catalog)
        with self._lock:
            if self._index is None or self._index[0] != key:
                self._index = (key, AgencyIndex.build(catalog))
            return self._index[1]

    def report(self, stored: StoredReport) -> Report:
        with self._lock:
            if stored.id not in self._reports:
                report = self.stores.sql.get_report(stored.id)
                if report is None:
                    raise NianbaoError(f"报告 {stored.id[:12]} 已不在库中")
                self._reports[stored.id] = with_2019_cells(report)
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

    def understand(self, question: str) -> Query:
        """Stages 1–3: the question read against the store."""
        index = self.index()
        return build_query(build_frame(tag(question, index)), index, self.clock())

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
        query = self.understand(text)
        draft, reports, check = self._draft(query)
        answer = self._finish(query, draft, reports, check)
        answer.latency_ms = (time.perf_counter() - started) * 1000
        if record:
            log_answer(self.stores.sql, answer, channel)
        return answer

    def _draft(self, query: Query) -> tuple[Draft, list[Report], bool]:
        match query:
            case TableQuery():
                return self._table(query)
            case ProseQuery():
                return self._prose(query)
            case Refusal():
                return self._refusal(query)
            case Clarification():
                return compose_clarification(query), [], False
            case GlossaryQuery(terms=terms):
                return compose_glossary(query, explain_terms(terms)), [], False
        raise AssertionError(f"no answer for {query!r}")

    def _table(self, query: TableQuery) -> tuple[Draft, list[Report], bool]:
        said: list[Said] = []
        results = []
        for part in query.parts:
            loaded = [self.report(r) for r in part.reports]
            result = resolve(part, loaded)
            results.append(result)
            said.append(self._with_prose_conflict(say(result, part), result))
        draft = compose_table(query, said)
        if self.llm is not None and draft.answerable and draft.primary is not None:
            facts = [f for s in said for f in s.facts]
            draft = self._llm_draft(query.reading.text, facts, draft, self._loaded(query), ())
        return draft, self._loaded(query), True

    def _loaded(self, query: Query) -> list[Report]:
        return [self.report(r) for r in reports_of(query)]

    def _with_prose_conflict(self, said: Said, result: object) -> Said:
        """A lookup whose item the report's prose states otherwise, for the same scope, says so."""
        if not isinstance(result, LookupResult) or result.fact.metric is None:
            return said
        report = result.fact.reports[0]
        with self._lock:
            if report.id not in self._conflicts:
                self._conflicts[report.id] = prose_conflicts(report)
        found = [c for c in self._conflicts[report.id] if c.claim.label == result.fact.metric.label]
        if not found:
            return said
        quote = found[0].claim.quote.lstrip("，,；;、：: ")
        note = f"（注意：该报告正文另称「{quote}」，与表格不一致，可能是统计口径不同或正文有误；以上按表格回答。）"
        cited = Citation(
            report.source_name, report.meta.agency, report.meta.year, found[0].heading, found[0].sentence
        )
        return replace(said, text=said.text + note, quotes=(*said.quotes, cited))

    # ---- prose ------------------------------------------------------------------------------

    def _passages(self, query: ProseQuery) -> list[Passage]:
        passages = self.retriever.retrieve(query.search or query.reading.text, query.reports, k=6)
        if query.section is not None:  # the section the question points at is read whole
            seen = {p.chunk_id for p in passages}
            passages += [p for p in self._section(query.reports, query.section) if p.chunk_id not in seen]
        return passages

    def _section(self, reports: Sequence[StoredReport], section: str) -> list[Passage]:
        by_id = {r.id: r for r in reports}
        return [
            Passage(c.id, by_id[c.report_id], c.section, c.heading, c.kind, c.text, 0.0)
            for c in self.stores.sql.chunks(list(by_id))
            if c.section == section and c.kind == "prose"
        ]

    def _prose(self, query: ProseQuery) -> tuple[Draft, list[Report], bool]:
        reports = self._loaded(query)
        if query.stated_change is not None:
            return self._stated(query, reports)
        if query.change:
            return self._prose_change(query, reports)
        picks = pick_sentences(query, self._passages(query))
        if not picks:
            return self._not_found(query, reports), reports, True
        draft = compose_extractive(query, picks, query.reading.assumptions)
        if self.llm is not None:
            draft = self._llm_draft(query.reading.text, [], draft, reports, tuple(p.passage for p in picks))
        warning = contradicted_by_tables(picks, reports)
        return (replace(draft, text=draft.text + warning) if warning else draft), reports, True

    def _not_found(self, query: ProseQuery, reports: Sequence[Report]) -> Draft:
        scope = "、".join(f"{r.meta.agency}{r.meta.year}年" for r in reports)
        if query.must:
            return Draft(
                f"{query.preface}{unexplained(query.must)}（{scope}年报），无法回答。", False, "extractive"
            )
        words = query.keywords[:3]
        what = f"「{'、'.join(words)}」" if words else "这个问题"
        return Draft(
            f"{query.preface}{scope}年报中没有找到能回答{what}的内容，无法回答。", False, "extractive"
        )

    def _prose_change(self, query: ProseQuery, reports: list[Report]) -> tuple[Draft, list[Report], bool]:
        picks = []
        for report in query.reports:
            one = replace(query, reports=(report,))
            found = pick_sentences(one, [p for p in self._passages(one) if p.report.id == report.id])
            picks += found[:1]
        draft = compose_prose_change(query, picks, query.reading.assumptions)
        return (draft or self._not_found(query, reports)), reports, True

    def _stated(self, query: ProseQuery, reports: list[Report]) -> tuple[Draft, list[Report], bool]:
        """No table for the other year, but this year's prose may state the change: quote it."""
        passages = self._section(query.reports, "overview") + self.retriever.retrieve(
            query.search, query.reports, k=6
        )
        pick = stated_change(query, passages)
        if pick is None:
            return Draft(query.preface, False, "structured"), reports, True
        draft = compose_extractive(replace(query, wants_number=False), [pick], query.reading.assumptions)
        figure = change_figure(pick.sentence)
        primary = (
            Derivation(figure.value, figure.unit or "", f"引自正文：{pick.sentence}", ()) if figure else None
        )
        text = f"{query.preface}不过{draft.text[len(query.preface) :]}"
        return (
            replace(draft, text=text, primary=primary, primary_unit=primary.unit if primary else None),
            reports,
            True,
        )

    # ---- refusals -----------------------------------------------------------------------------

    def _refusal(self, query: Refusal) -> tuple[Draft, list[Report], bool]:
        if query.rescue is not None:
            rescued, reports, check = self._prose(
                replace(query.rescue, reading=query.reading, preface=self._preface(query))
            )
            if rescued.answerable:
                return rescued, reports, check
        aside = None
        reports = []
        if query.aside is not None:
            reports = [self.report(r) for r in query.aside.reports]
            aside = say(resolve(query.aside, reports), query.aside)
            if not isinstance(query.aside.operation, Lookup):
                aside = None
        return compose_refusal(query, aside), reports, True

    @staticmethod
    def _preface(query: Refusal) -> str:
        assert query.rescue is not None
        return query.rescue.preface or query.reason.split("；")[0] + "；"

    # ---- LLM wording -------------------------------------------------------------------------

    def _llm_draft(
        self,
        question: str,
        facts: Sequence[Fact],
        offline: Draft,
        reports: Sequence[Report],
        passages: Sequence[Passage],
    ) -> Draft:
        """The LLM's wording if every figure in it is supported and the answer's figure is in it (one
        redraft allowed), else the offline draft: the model words answers, it never supplies figures."""
        assert self.llm is not None
        evidence = _evidence(offline, reports)
        feedback = ""
        for _attempt in range(2):
            try:
                text = self.llm.draft(question, facts, passages or offline.passages, feedback)
            except LLMError as exc:
                log.warning("%s; answering offline", exc)
                return offline
            faults = draft_faults(check_text(text, evidence), offline)
            if not faults:
                return replace(offline, text=text, mode="llm")
            feedback = "；".join(faults)
            log.warning("LLM draft refused (%s)", feedback)
        return offline

    # ---- checking ------------------------------------------------------------------------------

    def _finish(self, query: Query, draft: Draft, reports: Sequence[Report], check: bool) -> Answer:
        evidence = _evidence(draft, reports)
        figures: list[FigureCheck] = check_text(draft.text, evidence) if check else []
        primary = None
        if draft.answerable and draft.primary is not None and draft.primary.value is not None:
            value = draft.primary.value
            if draft.primary_unit in ("%", "百分点", "倍"):
                value = round(float(value), 2)
            primary = {"value": value, "unit": draft.primary_unit or ""}
        return Answer(
            question=query.reading.question,
            answer=draft.text,
            answerable=draft.answerable,
            primary_figure=primary,
            figures=figures,
            citations=list(draft.citations),
            mode=draft.mode,
            latency_ms=0.0,
            query=query_json(query),
            assumptions=list(query.reading.assumptions),
            derivation=draft.primary.formula if draft.primary is not None else None,
            evidence=evidence,
        )


def draft_faults(figures: Sequence[FigureCheck], offline: Draft) -> list[str]:
    """Why a model's draft may not be shown: a figure the cells and quotes do not support (contradicted
    or found nowhere), or the figure that answers the question missing from it."""
    faults = [
        f"「{f.text}」与表格不符" if f.verdict == "contradicted" else f"「{f.text}」在表格和原文中都找不到"
        for f in figures
        if f.verdict != "supported"
    ]
    primary = offline.primary.value if offline.primary is not None else None
    if offline.answerable and primary is not None and not _has(figures, float(primary)):
        faults.append(f"没有写出答案的数字{fmt_number(primary, offline.primary_unit or '')}")
    return faults


def _has(figures: Sequence[FigureCheck], value: float) -> bool:
    return any(abs(float(f.value) - value) <= PRIMARY_TOLERANCE for f in figures)


def _evidence(draft: Draft, reports: Sequence[Report]) -> Evidence:
    quotes = [c.quote for c in draft.citations] + [p.text for p in draft.passages]
    return Evidence(reports, draft.derivations, quotes)


def _metric_json(query: Query) -> dict[str, object] | None:
    if not isinstance(query, TableQuery):
        return None
    metric = first_item(query.parts[0].operation)
    if metric is None:
        return None
    return {
        "table": metric.table,
        "rows": list(metric.rows),
        "columns": list(metric.columns),
        "label": metric.label,
    }


def query_json(query: Query) -> dict[str, object]:
    """The `query` object of the answer JSON: the reading, its coverage (design §4), what was asked."""
    reading = query.reading
    return {
        "intent": intent_of(query),
        "reports": [{"id": r.id, "agency": r.agency, "year": r.year} for r in reports_of(query)],
        "metric": _metric_json(query),
        "refusal": query.reason if isinstance(query, Refusal) else None,
        "clarification": query.asked_back if isinstance(query, Clarification) else None,
        "suggestions": list(query.suggestions) if isinstance(query, Refusal | Clarification) else [],
        "text": reading.text,
        "reading": reading.label,
        "coverage": [c.to_json() for c in reading.coverage],
        "operations": [type(p.operation).__name__ for p in query.parts]
        if isinstance(query, TableQuery)
        else [],
    }


__all__ = ["Citation", "QAService", "QuestionError", "with_notes"]
