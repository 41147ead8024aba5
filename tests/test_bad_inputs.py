"""Each bad input of the ingest issue gives its own clear error naming the file, and the store keeps
what it had (same reports, same cells, same vectors)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from helpers.pdfs import encrypted_pdf, truncated
from helpers.reports import REPO, report_path

from ingest.config import Settings
from ingest.pipeline import ingest_file
from ingest.store import Stores, open_stores

SEED = REPO / "corpus" / "gaoqing_county_public_security_2024.txt"


def docx_without_tables(path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("某县人民政府2024年政府信息公开工作年度报告")
    document.add_paragraph("一、总体情况")
    document.add_paragraph("2024年，我县共收到政府信息公开申请6件。")
    document.save(str(path))


BAD: dict[str, tuple[str, Callable[[Path], None], str]] = {
    "empty": ("empty.txt", lambda p: p.write_bytes(b""), "文件为空"),
    "junk named .pdf": ("junk.pdf", lambda p: p.write_bytes(b"\x00\x01junk" * 500), "PDF"),
    "truncated pdf": (
        "cut.pdf",
        lambda p: p.write_bytes(truncated(report_path("hongze_district_2023.pdf").read_bytes())),
        "PDF",
    ),
    "encrypted pdf": ("locked.pdf", lambda p: p.write_bytes(encrypted_pdf()), "密码"),
    "docx without tables": ("notables.docx", docx_without_tables, "未找到标准表格"),
    "oversized": ("big.txt", lambda p: p.write_bytes(SEED.read_bytes() * 40), "超过"),
    "unsupported type": ("report.xls", lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0junk"), "不支持"),
}


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Stores:
    settings = Settings(data_dir=tmp_path_factory.mktemp("bad-inputs"), max_file_bytes=200_000)
    stores = open_stores(settings)
    assert ingest_file(SEED, stores).status == "stored"
    return stores


def snapshot(stores: Stores) -> tuple[object, ...]:
    with sqlite3.connect(stores.settings.sqlite_path) as conn:
        rows = tuple(
            conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("reports", "cells", "chunks")
        )
    return (*rows, stores.vectors.count(), tuple(r.id for r in stores.sql.list_reports()))


@pytest.mark.parametrize("case", list(BAD))
def test_bad_input_is_refused_and_the_store_keeps_what_it_had(
    store: Stores, tmp_path: Path, case: str
) -> None:
    name, make, says = BAD[case]
    path = tmp_path / name
    make(path)
    before = snapshot(store)
    outcome = ingest_file(path, store)
    assert outcome.status == "failed"
    assert name in outcome.message and says in outcome.message, outcome.message
    assert snapshot(store) == before


def test_gbk_text_is_not_a_bad_input(store: Stores, tmp_path: Path) -> None:
    path = tmp_path / "seed_gbk.txt"
    path.write_bytes(SEED.read_text(encoding="utf-8").encode("gbk"))
    outcome = ingest_file(path, store)
    assert outcome.status == "stored" and outcome.agency == "高青县公安局"
    assert [r.source_name for r in store.sql.list_reports()] == [
        "seed_gbk.txt"
    ]  # the same report, re-encoded
