"""`run_suite`: every gold item through one QAService, scored, with optional baseline and checker audit.

    >>> result = run_suite(Settings(), Path("evals/gold/seed.jsonl"), reports=[Path("corpus")],
    ...                    out_dir=Path("eval_out"), baseline=True, perturb=True)
    >>> result.accuracy, result.by_type["table_lookup"], result.files["report.html"]

The web UI's 评测 tab calls this with a `progress(done, total, message)` callback. Given `reports`, the
suite ingests them into a fresh temporary data dir (so a run is reproducible whatever the live store
holds); otherwise it reads the data dir of `settings` and never writes to it (record=False).
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from evals.baseline import BaselineRAG
from evals.gold import GoldItem, load_gold
from evals.metrics import Row, summarize
from evals.perturb import Audit, audit_answer, auditable, reproduces
from evals.report import write_outputs
from evals.retrieval import Hit, gold_report, gold_section, probe
from evals.score import answer_text_overlap, citation_hits, judge
from ingest.config import Settings
from ingest.errors import NianbaoError
from ingest.pipeline import ingest_paths
from ingest.records import StoredReport
from ingest.store import Stores, open_stores
from qa.records import Answer
from qa.service import QAService

Progress = Callable[[int, int, str], None]
DEFAULT_K = 6  # what the service itself retrieves for a prose answer


class EvalError(NianbaoError):
    """The suite cannot run (no reports in the store, nothing ingested)."""


@dataclass
class SuiteResult:
    """What a run measured and where it wrote it (`files`: name -> path)."""

    gold_path: Path
    summary: dict[str, Any]
    rows: list[Row]
    files: dict[str, Path] = field(default_factory=dict)
    audit: Audit | None = None

    @property
    def accuracy(self) -> float | None:
        return self.summary["accuracy"]

    @property
    def by_type(self) -> dict[str, float | None]:
        return {kind: v["accuracy"] for kind, v in self.summary["by_type"].items()}

    @property
    def baseline_by_type(self) -> dict[str, float | None] | None:
        base = self.summary.get("baseline")
        return None if base is None else {kind: v["accuracy"] for kind, v in base["by_type"].items()}


def _quiet(done: int, total: int, message: str) -> None:
    pass


@contextmanager
def prepared_store(
    settings: Settings, reports: Sequence[Path] = (), progress: Progress | None = None
) -> Iterator[tuple[Settings, Stores, list[dict[str, Any]]]]:
    """The stores to evaluate: a fresh temp data dir holding `reports`, or the data dir of `settings`."""
    progress = progress or _quiet
    if not reports:
        stores = open_stores(settings)
        try:
            yield settings, stores, []
        finally:
            stores.close()
        return
    with tempfile.TemporaryDirectory(prefix="nianbao-eval-", ignore_cleanup_errors=True) as tmp:
        fresh = replace(settings, data_dir=Path(tmp))
        stores = open_stores(fresh)
        try:
            outcomes = []
            for outcome in ingest_paths(reports, stores, on_file=lambda p: progress(0, 0, f"导入 {p.name}")):
                outcomes.append(
                    {
                        "path": outcome.path,
                        "status": outcome.status,
                        "agency": outcome.agency,
                        "year": outcome.year,
                        "chunks": outcome.n_chunks,
                        "message": outcome.message,
                        "seconds": round(outcome.seconds, 1),
                    }
                )
            yield fresh, stores, outcomes
        finally:
            stores.close()


def run_suite(
    settings: Settings,
    gold_path: Path,
    reports: Sequence[Path] = (),
    out_dir: Path | None = None,
    baseline: bool = False,
    perturb: bool = False,
    progress: Progress | None = None,
    *,
    stores: Stores | None = None,
    ingest_log: list[dict[str, Any]] | None = None,
    k: int = DEFAULT_K,
) -> SuiteResult:
    """Run one gold file; writes results.jsonl, summary.json, report.md, report.html into `out_dir`
    (a new temp dir when None). Pass `stores` (and what ingesting it said) to reuse a prepared store."""
    items = load_gold(Path(gold_path))
    if stores is not None:
        return _run(
            settings,
            stores,
            ingest_log or [],
            items,
            Path(gold_path),
            out_dir,
            baseline,
            perturb,
            progress,
            k,
        )
    with prepared_store(settings, reports, progress) as (used, opened, outcomes):
        return _run(used, opened, outcomes, items, Path(gold_path), out_dir, baseline, perturb, progress, k)


def _run(
    settings: Settings,
    stores: Stores,
    outcomes: list[dict[str, Any]],
    items: list[GoldItem],
    gold_path: Path,
    out_dir: Path | None,
    baseline: bool,
    perturb: bool,
    progress: Progress | None,
    k: int,
) -> SuiteResult:
    progress = progress or _quiet
    started = time.perf_counter()
    catalog = stores.sql.list_reports()
    if not catalog:
        raise EvalError("库中没有报告：请先导入，或用 --reports 给出要导入的报告 (the store is empty)")
    service = QAService(stores, settings)
    rag = BaselineRAG(stores, k=k) if baseline else None
    audit = Audit() if perturb else None
    rows = []
    for done, item in enumerate(items):
        progress(done, len(items), f"{item.id} {item.question}")
        row, answer = _ask(service, item)
        if audit is not None and answer is not None and auditable(answer.figures):
            evidence = answer.evidence  # what the service checked this answer against
            if evidence is not None and reproduces(answer.answer, answer.figures, evidence):
                audit.answers += 1
                audit.cases += audit_answer(item.id, answer.answer, answer.figures, evidence)
            else:
                audit.skipped.append(item.id)
        if item.type == "narrative":
            row.probe = _probe_ours(service, item, row.answer, catalog, k)
        if rag is not None:
            row.baseline = rag.ask(item.question)
            row.baseline_verdict = judge(item, row.baseline)
            if item.type == "narrative":
                row.baseline_probe = _probe(service, item, rag.hits(item.question), catalog, k)
        rows.append(row)
    progress(len(items), len(items), "汇总")
    meta = {
        "gold": str(gold_path),
        "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "store": [f"{r.agency} {r.year} ({r.source_name})" for r in catalog],
        "ingest": outcomes,
        "embed_model": settings.embed_model,
        "llm": settings.llm_enabled,
        "k": k,
    }
    summary = summarize(rows, audit, meta)
    summary["seconds"] = round(time.perf_counter() - started, 1)
    target = out_dir if out_dir is not None else Path(tempfile.mkdtemp(prefix="nianbao-eval-out-"))
    files = write_outputs(target, summary, rows, audit)
    return SuiteResult(gold_path, summary, rows, files, audit)


def _ask(service: QAService, item: GoldItem) -> tuple[Row, Answer | None]:
    """One question through the service; a crash is recorded as that item's miss, not the run's end."""
    answer: Answer | None = None
    error = None
    try:
        answer = service.ask(item.question, channel="eval", record=False)
    except NianbaoError as exc:
        error = str(exc)
    except Exception as exc:  # a product bug: the evaluator's job is to report it
        error = f"{type(exc).__name__}: {exc}"
    data = answer.to_json() if answer is not None else None
    row = Row(
        item,
        data,
        judge(item, data),
        answer_text_overlap(item, data),
        citation_hits(item, data),
        error=error,
    )
    return row, answer


def _probe_ours(
    service: QAService, item: GoldItem, data: dict[str, Any] | None, catalog: list[StoredReport], k: int
) -> Any:
    """The service's own retriever over the reports the question resolved to (all reports if none)."""
    wanted = {r["id"] for r in ((data or {}).get("query") or {}).get("reports") or []}
    scope = [r for r in catalog if r.id in wanted] or catalog
    passages = service.retriever.retrieve(item.question, scope, k=k)
    return _probe(service, item, [Hit(p.report, p.section, p.text) for p in passages], catalog, k)


def _probe(service: QAService, item: GoldItem, hits: list[Hit], catalog: list[StoredReport], k: int) -> Any:
    gold = gold_report(item, catalog)
    section = gold_section(item, service.stores.sql.chunks([gold.id])) if gold is not None else None
    return probe(item, hits, gold, section, k)
