"""SqliteStore on real files: migrations, the report round trip, the answer log, users."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from ingest import schema
from ingest.errors import StoreError
from ingest.records import AnswerLogEntry, Chunk, Finding, Report
from ingest.store.migrations import SCHEMA_VERSION
from ingest.store.sqlite import SqliteStore
from ingest.store.users import check_password, hash_password

TABLES = {"reports", "sections", "cells", "findings", "chunks", "answers", "users"}
CHILD_TABLES = ("sections", "cells", "findings", "chunks")


@pytest.fixture
def store(tmp_path: Path) -> SqliteStore:
    return SqliteStore(tmp_path / "data" / "nianbao.sqlite3")


def _raw(path: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def _children(path: Path, report_id: str) -> dict[str, int]:
    return {
        t: _raw(path, f"SELECT count(*) FROM {t} WHERE report_id = '{report_id}'")[0][0] for t in CHILD_TABLES
    }


# ---- schema --------------------------------------------------------------------------------------


def test_migrations_create_the_schema_and_reopening_keeps_data(tmp_path: Path) -> None:
    path = tmp_path / "new" / "nianbao.sqlite3"
    store = SqliteStore(path)
    assert store.schema_version == SCHEMA_VERSION
    assert _raw(path, "PRAGMA user_version")[0][0] == SCHEMA_VERSION
    assert _raw(path, "PRAGMA journal_mode")[0][0] == "wal"
    names = {r[0] for r in _raw(path, "SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert names >= TABLES
    store.add_user("li", "staff", "pw")
    store.close()

    again = SqliteStore(path)
    assert again.schema_version == SCHEMA_VERSION
    assert [u.name for u in again.list_users()] == ["li"]


def test_a_file_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "nianbao.sqlite3"
    SqliteStore(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(StoreError, match="newer"):
        SqliteStore(path)


def test_a_file_that_is_not_sqlite_is_a_store_error_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "nianbao.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError, match=r"nianbao\.sqlite3"):
        SqliteStore(path)


# ---- reports -------------------------------------------------------------------------------------


def test_report_round_trip_gives_back_an_equal_report(
    store: SqliteStore, make_report: Callable[..., Report], make_chunks: Callable[[Report], list[Chunk]]
) -> None:
    report = make_report()
    chunks = make_chunks(report)
    store.put_report(report, chunks, status="complete")

    back = store.get_report(report.id)
    assert back == report
    assert back is not None
    values = {(c.table, c.row, c.column): c.value for c in back.tables.cells}
    assert type(values[schema.TABLE_APPLICATIONS, "new_received", "total"]) is int
    assert values[schema.TABLE_PROACTIVE, "administrative_fees", "amount_10k_yuan"] == 58.59
    assert values[schema.TABLE_REVIEW, "review", "upheld"] is None
    assert back.to_json() == report.to_json()
    assert store.findings(report.id) == report.findings
    assert store.chunks() == chunks

    [listed] = store.list_reports()
    assert (listed.id, listed.agency, listed.year, listed.n_chunks, listed.fmt) == (
        report.id,
        report.meta.agency,
        2023,
        len(chunks),
        "txt",
    )


def test_pending_reports_are_invisible_until_complete(
    store: SqliteStore, make_report: Callable[..., Report], make_chunks: Callable[[Report], list[Chunk]]
) -> None:
    report = make_report()
    store.put_report(report, make_chunks(report), status="pending")
    assert store.pending_report_ids() == [report.id]
    assert store.complete_report_ids() == []
    assert not store.has_complete(report.id)
    assert store.get_report(report.id) is None
    assert (store.list_reports(), store.chunks(), store.cells(), store.findings(report.id)) == (
        [],
        [],
        [],
        [],
    )

    store.mark_complete(report.id)
    assert store.has_complete(report.id)
    assert store.pending_report_ids() == []
    assert store.mark_pending(report.id) is True
    assert store.pending_report_ids() == [report.id]
    assert store.mark_pending("missing") is False
    with pytest.raises(StoreError, match="missing"):
        store.mark_complete("missing")


def test_put_report_replaces_earlier_rows_and_delete_cascades(
    store: SqliteStore, make_report: Callable[..., Report], make_chunks: Callable[[Report], list[Chunk]]
) -> None:
    report = make_report()
    store.put_report(report, make_chunks(report), status="complete")
    fewer = replace(report, findings=report.findings[:1], sections=report.sections[:1])
    store.put_report(fewer, make_chunks(fewer), status="complete")
    assert store.get_report(report.id) == fewer
    assert _children(store.path, report.id) == {"sections": 1, "cells": 5, "findings": 1, "chunks": 2}

    assert store.delete_report(report.id) is True
    assert store.delete_report(report.id) is False
    assert _children(store.path, report.id) == dict.fromkeys(CHILD_TABLES, 0)


def test_replace_findings_swaps_a_stored_reports_findings(
    store: SqliteStore, make_report: Callable[..., Report]
) -> None:
    report = make_report()
    store.put_report(report, [], status="complete")
    cross_year = Finding("C1", "warning", "上年结转与上年结转下年度不一致", ("表三/二",), "scope_difference")
    store.replace_findings(report.id, [report.findings[0], cross_year])
    assert store.findings(report.id) == [report.findings[0], cross_year]
    with pytest.raises(StoreError, match="no report"):
        store.replace_findings("missing", [cross_year])


def test_put_report_refuses_a_cell_given_twice_and_leaves_nothing(
    store: SqliteStore, make_report: Callable[..., Report]
) -> None:
    report = make_report()
    report.tables.cells.append(report.tables.cells[0])
    with pytest.raises(StoreError, match="new_received/natural_person"):
        store.put_report(report, [], status="complete")
    assert store.pending_report_ids() == store.complete_report_ids() == []


def test_chunks_and_cells_filter_by_report_and_table(
    store: SqliteStore, make_report: Callable[..., Report], make_chunks: Callable[[Report], list[Chunk]]
) -> None:
    a = make_report("a" * 64, "甲局", 2022)
    b = make_report("b" * 64, "乙局", 2023)
    for report in (a, b):
        store.put_report(report, make_chunks(report), status="complete")

    assert {c.report_id for c in store.chunks()} == {a.id, b.id}
    assert store.chunks([b.id]) == make_chunks(b)
    assert store.chunks(iter([])) == []

    table3 = store.cells(table=schema.TABLE_APPLICATIONS)
    assert [(c.agency, c.year, c.cell.row, c.cell.column) for c in table3] == [
        ("乙局", 2023, "new_received", "natural_person"),
        ("乙局", 2023, "new_received", "total"),
        ("甲局", 2022, "new_received", "natural_person"),
        ("甲局", 2022, "new_received", "total"),
    ]
    only_a = store.cells([a.id])
    assert [c.cell for c in only_a] == a.tables.cells
    assert {c.report_id for c in only_a} == {a.id}


# ---- answers -------------------------------------------------------------------------------------


def _entry(question: str, **kw: object) -> AnswerLogEntry:
    fields: dict = {"answer_json": '{"answer": "6件"}', "mode": "structured", "answerable": True}
    fields.update({"verdict": "verified", "latency_ms": 12.5, "agency": "甲局", "year": 2023})
    fields.update(kw)
    return AnswerLogEntry(question=question, **fields)


def test_answer_log_search_and_review(store: SqliteStore) -> None:
    first = store.log_answer(_entry("甲局2023年收到多少申请？", created_at="2024-03-01T08:00:00+00:00"))
    second = store.log_answer(_entry("乙局行政处罚多少件？", agency="乙局", year=2022, verdict="refused"))
    third = store.log_answer(_entry("100%公开了吗？", answerable=False, channel="web"))
    assert first < second < third

    got = store.get_answer(first)
    assert got is not None
    assert (got.question, got.answerable, got.latency_ms, got.created_at) == (
        "甲局2023年收到多少申请？",
        True,
        12.5,
        "2024-03-01T08:00:00+00:00",
    )
    assert got.review_mark is None and store.get_answer(9999) is None

    def ids(**kw: object) -> list[int]:
        return [a.id for a in store.search_answers(**kw)]  # type: ignore[arg-type]

    assert ids() == [third, second, first]  # newest first
    assert ids(text="行政处罚") == [second]
    assert ids(text="6件") == [third, second, first]  # matches inside the answer too
    assert ids(text="100%") == [third]  # % and _ are literal
    assert ids(text="0%") == [third]
    assert ids(agency="乙局") == [second]
    assert ids(year=2023) == [third, first]
    assert ids(verdict="refused") == [second]
    assert ids(date_to="2024-03-01") == [first]
    assert ids(date_from="2024-03-02") == [third, second]
    assert ids(limit=1, offset=1) == [second]
    with pytest.raises(StoreError, match="date"):
        store.search_answers(date_from="yesterday")

    store.mark_answer(second, "incorrect", "应为597件", by="li")
    marked = store.get_answer(second)
    assert marked is not None
    assert (marked.review_mark, marked.review_note, marked.reviewed_by) == ("incorrect", "应为597件", "li")
    assert marked.reviewed_at is not None
    assert ids(mark="incorrect") == [second]
    assert ids(mark="unmarked") == [third, first]
    with pytest.raises(StoreError, match="mark"):
        store.mark_answer(first, "wrong", "", "li")
    with pytest.raises(StoreError, match="no answer"):
        store.mark_answer(9999, "correct", "", "li")
    store.mark_answer(second, None, "", "li")
    assert ids(mark="unmarked") == [third, second, first]


def test_answer_log_takes_writes_from_many_threads(store: SqliteStore) -> None:
    def worker(n: int) -> None:
        for i in range(20):
            store.log_answer(_entry(f"线程{n}问题{i}"))
            store.search_answers(text=f"线程{n}", limit=5)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(store.search_answers(limit=1000)) == 120


# ---- users ---------------------------------------------------------------------------------------


def test_users_add_verify_list_delete(store: SqliteStore) -> None:
    store.add_user("li", "admin", "正确的密码")
    store.add_user("wang", "evaluator", "pw2")
    assert store.verify_user("li", "正确的密码") == "admin"
    assert store.verify_user("li", "错误的密码") is None
    assert store.verify_user("nobody", "正确的密码") is None
    assert [(u.name, u.role) for u in store.list_users()] == [("li", "admin"), ("wang", "evaluator")]

    with pytest.raises(StoreError, match="already exists"):
        store.add_user("li", "staff", "x")
    with pytest.raises(StoreError, match="role"):
        store.add_user("zhao", "root", "x")
    with pytest.raises(StoreError, match="empty"):
        store.add_user("zhao", "staff", "")

    stored = _raw(store.path, "SELECT password_hash FROM users WHERE name = 'li'")[0][0]
    assert stored.startswith("scrypt$16384$8$1$") and "正确的密码" not in stored
    assert store.delete_user("wang") is True
    assert store.delete_user("wang") is False
    assert store.verify_user("wang", "pw2") is None


def test_password_hashes_are_salted_and_reject_garbage() -> None:
    a, b = hash_password("same"), hash_password("same")
    assert a != b
    assert check_password("same", a) and check_password("same", b)
    assert not check_password("same", "md5$abc")
    assert not check_password("same", "scrypt$x$8$1$AAAA$AAAA")


def test_accounts_get_never_reused_ids_and_old_files_are_migrated(tmp_path: Path) -> None:
    import sqlite3

    from ingest.store.migrations import MIGRATIONS

    path = tmp_path / "old.sqlite3"
    with sqlite3.connect(path) as conn:  # a file written by the first schema version
        for statement in MIGRATIONS[0]:
            conn.execute(statement)
        conn.execute("PRAGMA user_version = 1")
        conn.execute("INSERT INTO users VALUES ('old', 'staff', 'scrypt$x', '2026-01-01T00:00:00+00:00')")
    store = SqliteStore(path)
    (old,) = store.list_users()
    assert len(old.account) == 24
    store.delete_user("old")
    store.add_user("old", "staff", "pw")
    (again,) = store.list_users()
    assert again.account not in ("", old.account)  # same name, same second: another account
    store.close()
