"""Shared test setup: libraries kept offline, and a small hand-built report for the store tests."""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from ingest import schema
from ingest.config import Settings, offline_environment
from ingest.records import Chunk, Finding, Report, ReportMeta, Section, TableCell, Tables
from ingest.store import Stores
from qa.service import QAService

LOOPBACK = ("127.", "::1", "localhost")


def _guarded(connect: Callable[..., object]) -> Callable[..., object]:
    def guarded_connect(self: socket.socket, address: object, *args: object) -> object:
        if self.family in (socket.AF_INET, socket.AF_INET6):
            host = str(address[0]) if isinstance(address, tuple) else str(address)
            if not host.startswith(LOOPBACK):
                raise RuntimeError(f"network access blocked in tests: {address}")
        return connect(self, address, *args)

    return guarded_connect


@pytest.fixture(scope="session", autouse=True)
def _offline() -> Iterator[None]:
    """Libraries kept offline by env, and any non-loopback connection fails the test."""
    offline_environment()
    original = socket.socket.connect
    socket.socket.connect = _guarded(original)  # type: ignore[method-assign]
    yield
    socket.socket.connect = original  # type: ignore[method-assign]


def _cell(table: str, row: str, column: str, value: int | float | None, raw: str) -> TableCell:
    return TableCell(table, row, column, value, raw, row, column, f"table {table}, row {row}, col {column}")


def build_report(report_id: str = "a" * 64, agency: str = "某市人民政府办公室", year: int = 2023) -> Report:
    """A report with the awkward values: an int, a float (58.59 万元), a blank cell, a raw grid."""
    apps, review = schema.TABLE_APPLICATIONS, schema.TABLE_REVIEW
    return Report(
        id=report_id,
        meta=ReportMeta(
            agency, year, f"{agency}{year}年政府信息公开工作年度报告", "某市", "市级", f"{year + 1}-01-20"
        ),
        sections=[
            Section("overview", "一、总体情况", f"{year}年，{agency}共收到政府信息公开申请6件。", 1),
            Section("proactive", "二、主动公开政府信息情况", "本年作出行政处罚决定597件，收费58.59万元。", 2),
        ],
        tables=Tables(
            cells=[
                _cell(apps, "new_received", "natural_person", 6, "6"),
                _cell(apps, "new_received", "total", 6, "6"),
                _cell(schema.TABLE_PROACTIVE, "administrative_fees", "amount_10k_yuan", 58.59, "58.59"),
                _cell(schema.TABLE_PROACTIVE, "administrative_punishment", "decisions", 597, "597"),
                _cell(review, "review", "upheld", None, "/"),
            ],
            raw_table2=[["信息内容", "本年制发件数"], ["规章", "0"]],
            layout="2021",
        ),
        findings=[
            Finding("A3", "pass", "第一行总计等于各列之和", ("表三/一/总计",)),
            Finding("A1", "error", "收到与办理不平", ("表三/一", "表三/四"), "source_error"),
        ],
        source_name=f"{agency}{year}.txt",
        fmt="txt",
    )


def build_chunks(report: Report) -> list[Chunk]:
    """One chunk per section plus a table fact, with the pipeline's deterministic ids."""
    texts = [(s.key, "prose", s.heading, s.text) for s in report.sections]
    texts.append(("proactive", "table_fact", "表二", f"{report.meta.agency}行政处罚本年处理决定数量597件。"))
    return [
        Chunk(
            f"{report.id}:{i:04d}",
            report.id,
            i,
            key,
            kind,
            text,
            report.meta.agency,
            report.meta.year,
            heading,
        )  # type: ignore[arg-type]
        for i, (key, kind, heading, text) in enumerate(texts)
    ]


@pytest.fixture(scope="session")
def make_report() -> Callable[..., Report]:
    return build_report


@pytest.fixture(scope="session")
def make_chunks() -> Callable[[Report], list[Chunk]]:
    return build_chunks


@pytest.fixture(scope="session")
def hostile_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hostile files of `helpers.bombs.HOSTILE`, written once (building the bombs takes seconds)."""
    from helpers.bombs import HOSTILE

    folder = tmp_path_factory.mktemp("hostile")
    for name, (build, _) in HOSTILE.items():
        (folder / name).write_bytes(build())
    return folder


@pytest.fixture(scope="session")
def qa_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Settings, Stores]]:
    """A data dir with the seed and the four real reports ingested once for the whole session."""
    from helpers.reports import REPO, SEED_KEY, report_path

    from ingest.pipeline import ingest_paths
    from ingest.store import open_stores

    keys = [
        "huaian_city_2024.pdf",
        "hongze_district_2023.pdf",
        "hongze_district_2024.pdf",
        "shanghai_gov_office_2019.html",
    ]
    files = [report_path(k) for k in keys] + [REPO / "corpus" / "gaoqing_county_public_security_2024.txt"]
    assert SEED_KEY  # the corpus copy of the seed stands in for ../shared/seeds
    settings = Settings(data_dir=tmp_path_factory.mktemp("qa-data"))
    stores = open_stores(settings)
    outcomes = list(ingest_paths(files, stores))
    assert [o.status for o in outcomes] == ["stored"] * len(files), [o.message for o in outcomes]
    yield settings, stores
    stores.close()


@pytest.fixture(scope="session")
def qa_service(qa_store: tuple[Settings, Stores]) -> QAService:
    from qa.service import QAService

    settings, stores = qa_store
    return QAService(stores, settings)


# ---- the web server (ui/): one uvicorn in a thread for the whole session -------------------------


class WebServer:
    """A running `ui.server.create_app` on a free loopback port, the seed corpus ingested, and two
    accounts: staff1 / staff-pass (staff) and eval1 / eval-pass (evaluator)."""

    STAFF = ("staff1", "staff-pass")
    EVALUATOR = ("eval1", "eval-pass")

    def __init__(self, url: str, settings: Settings, stores: Stores) -> None:
        self.url = url
        self.settings = settings
        self.stores = stores


@pytest.fixture(scope="session")
def web_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebServer]:
    import threading
    import time
    from dataclasses import replace

    import uvicorn
    from helpers.reports import REPO

    from ingest.store import open_stores
    from ui.server import create_app, ingest_corpus_if_empty, server_config, warm_up

    settings = replace(
        Settings(),
        data_dir=tmp_path_factory.mktemp("web-data"),
        corpus_dir=REPO / "corpus",
        rate_limit_per_minute=30,
    )
    stores = open_stores(settings)
    assert ingest_corpus_if_empty(stores, settings, echo=lambda line: None) == 1
    stores.sql.add_user(*WebServer.STAFF[:1], "staff", WebServer.STAFF[1])
    stores.sql.add_user(*WebServer.EVALUATOR[:1], "evaluator", WebServer.EVALUATOR[1])
    app = create_app(settings, stores)
    warm_up(app.state.ctx.service, echo=lambda line: None)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(server_config(app, "127.0.0.1", port, log_level="warning"))
    thread = threading.Thread(target=server.run, name="web-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the web server did not start")
        time.sleep(0.05)
    yield WebServer(f"http://127.0.0.1:{port}", settings, stores)
    server.should_exit = True
    thread.join(15)
