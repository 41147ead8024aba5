"""`nianbao ingest` end to end through the CLI: bad files skipped, re-runs idempotent, kill -9 safe."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers.reports import REPO, report_path

from ingest.config import Settings
from ingest.store import open_stores

NIANBAO = str(Path(sys.executable).parent / "nianbao")
SEED = REPO / "corpus" / "gaoqing_county_public_security_2024.txt"


def run(*args: str, data: Path, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [NIANBAO, *args, "--data-dir", str(data)],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def table_counts(data: Path) -> dict[str, int]:
    with sqlite3.connect(data / "nianbao.sqlite3") as conn:
        return {
            t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("reports", "cells", "chunks", "findings", "sections")
        }


def assert_consistent(data: Path) -> list[str]:
    """Every complete report has all its vectors, nothing else has any, nothing is pending."""
    stores = open_stores(Settings(data_dir=data))
    stores.repair()
    reports = stores.sql.list_reports()
    assert stores.sql.pending_report_ids() == []
    assert stores.vectors.report_ids() == {r.id for r in reports}
    assert stores.vectors.count() == sum(r.n_chunks for r in reports)
    for r in reports:
        report = stores.sql.get_report(r.id)
        assert report is not None and len(report.tables.cells) >= 180
    stores.close()
    return [r.agency for r in reports]


@pytest.mark.slow
def test_bad_files_are_reported_and_skipped(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SEED, folder / "seed.txt")
    (folder / "junk.pdf").write_bytes(os.urandom(4096))
    (folder / "empty.txt").write_bytes(b"")
    (folder / "notes.txt").write_text("这是一份会议纪要，没有任何表格。\n", encoding="utf-8")
    result = run("ingest", str(folder), "--quiet", data=tmp_path / "data")
    assert result.returncode == 1
    lines = result.stdout + result.stderr
    assert "junk.pdf" in lines and "PDF" in lines
    assert "empty.txt" in lines and "空" in lines
    assert "notes.txt" in lines and "未找到标准表格" in lines
    assert "新导入 1" in lines and "失败 3" in lines
    assert assert_consistent(tmp_path / "data") == ["高青县公安局"]
    assert "Traceback" not in lines


@pytest.mark.slow
def test_second_run_changes_nothing(tmp_path: Path) -> None:
    data = tmp_path / "data"
    first = run("ingest", str(SEED), data=data)
    assert first.returncode == 0, first.stderr
    before = table_counts(data)
    stores = open_stores(Settings(data_dir=data))
    stamps = [(r.id, r.ingested_at) for r in stores.sql.list_reports()]
    stores.close()
    second = run("ingest", str(SEED), data=data)
    assert second.returncode == 0 and "未改动 1" in second.stdout
    assert table_counts(data) == before
    stores = open_stores(Settings(data_dir=data))
    assert [(r.id, r.ingested_at) for r in stores.sql.list_reports()] == stamps
    stores.close()
    assert_consistent(data)


@pytest.mark.slow
def test_gbk_copy_of_a_report_replaces_the_older_version(tmp_path: Path) -> None:
    data = tmp_path / "data"
    gbk = tmp_path / "gaoqing_gbk.txt"
    gbk.write_bytes(SEED.read_text(encoding="utf-8").encode("gbk"))
    assert run("ingest", str(SEED), data=data).returncode == 0
    second = run("ingest", str(gbk), data=data)
    assert second.returncode == 0 and "替换了同一机关同一年度的旧版本" in second.stdout
    stores = open_stores(Settings(data_dir=data))
    (only,) = stores.sql.list_reports()
    assert only.source_name == "gaoqing_gbk.txt"
    stores.close()
    assert_consistent(data)


@pytest.mark.slow
def test_cross_year_rules_when_both_years_are_stored(tmp_path: Path) -> None:
    data = tmp_path / "data"
    later, earlier = report_path("hongze_district_2024.pdf"), report_path("hongze_district_2023.pdf")
    assert run("ingest", str(later), str(earlier), "--quiet", data=data).returncode == 0
    stores = open_stores(Settings(data_dir=data))
    reports = {r.year: stores.sql.get_report(r.id) for r in stores.sql.list_reports()}
    findings = reports[2024].findings  # 2024 was stored first: its C rules came with 2023
    c2 = [f for f in findings if f.rule == "C2" and "行政规范性文件" in f.message]
    assert c2 and c2[0].severity == "pass" and "8 + 0 = 8 = 5 + 3 = 8" in c2[0].message
    assert {f.severity for f in findings if f.rule == "C1"} == {"pass"}
    stores.close()


@pytest.mark.slow
def test_kill_minus_9_mid_ingest_leaves_a_consistent_store(tmp_path: Path) -> None:
    data = tmp_path / "data"
    files = [
        str(report_path(k))
        for k in ("huaian_city_2024.pdf", "hongze_district_2023.pdf", "hongze_district_2024.pdf")
    ]
    proc = subprocess.Popen(
        [NIANBAO, "ingest", *files, str(SEED), "--quiet", "--data-dir", str(data)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert proc.stdout is not None
    deadline = time.time() + 240
    while time.time() < deadline:
        line = proc.stdout.readline()
        if "已导入" in line:
            break
    time.sleep(1.5)  # well inside the next report: parsing, embedding or writing
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    survivors = assert_consistent(data)
    assert 1 <= len(survivors) < 4
    again = run("ingest", *files, str(SEED), "--quiet", data=data)
    assert again.returncode == 0, again.stdout + again.stderr
    assert sorted(assert_consistent(data)) == sorted(
        ["淮安市人民政府", "淮安市洪泽区人民政府", "淮安市洪泽区人民政府", "高青县公安局"]
    )
