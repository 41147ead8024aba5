"""The same report in other formats parses to the same figures: HTML with rowspan/colspan, DOCX with
merged cells, GBK / GB18030 / UTF-8-BOM text."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from helpers.render import to_docx, to_html, to_text
from helpers.reports import ALL_KEYS, SEED_KEY, report_path

from ingest.load import load, load_bytes
from ingest.parse import parse
from ingest.records import Report

KEYS = list(ALL_KEYS)
LIMIT = 50 * 2**20


@cache
def original(key: str) -> Report:
    return parse(load(report_path(key), LIMIT))


def assert_same_report(again: Report, first: Report) -> None:
    want, got = first.tables.as_contract(), again.tables.as_contract()
    for table in ("proactive", "applications", "review_litigation"):
        assert got[table] == want[table], table
    assert (again.meta.agency, again.meta.year) == (first.meta.agency, first.meta.year)
    assert again.tables.layout == first.tables.layout
    assert [s.key for s in again.sections] == [s.key for s in first.sections]


@pytest.mark.parametrize("key", KEYS)
def test_html_with_rowspan_and_colspan(key: str) -> None:
    page = to_html(original(key))
    assert b"rowspan" in page and b"colspan" in page
    assert_same_report(parse(load_bytes(page, "report.html", LIMIT)), original(key))


@pytest.mark.parametrize("key", KEYS)
def test_html_declared_gbk(key: str) -> None:
    page = to_html(original(key), charset="gbk")
    doc = load_bytes(page, "report.htm", LIMIT)
    assert_same_report(parse(doc), original(key))


@pytest.mark.parametrize("key", KEYS)
def test_docx_with_merged_cells(key: str, tmp_path: Path) -> None:
    path = to_docx(original(key), tmp_path / "report.docx")
    assert_same_report(parse(load(path, LIMIT)), original(key))


@pytest.mark.parametrize("key", KEYS)
@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-8-sig"])
def test_plain_text_in_chinese_encodings(key: str, encoding: str, tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_bytes(to_text(original(key)).encode(encoding, errors="strict"))
    doc = load(path, LIMIT)
    assert_same_report(parse(doc), original(key))


def test_seed_file_itself_in_gbk(tmp_path: Path) -> None:
    path = tmp_path / "seed_gbk.txt"
    path.write_bytes(report_path(SEED_KEY).read_text(encoding="utf-8").encode("gbk"))
    doc = load(path, LIMIT)
    assert doc.encoding == "gb18030"
    assert_same_report(parse(doc), original(SEED_KEY))
