"""The parser on the real published reports: every hand-checked cell, metadata, sections, findings."""

from __future__ import annotations

from functools import cache

import pytest
from helpers.reports import ALL_KEYS, SEED_KEY, expected, report_path

from ingest import schema
from ingest.load import load
from ingest.parse import parse
from ingest.records import Report

KEYS = list(ALL_KEYS)


@cache
def parsed(key: str) -> Report:
    return parse(load(report_path(key), 50 * 2**20))


def _cells(tables: dict) -> list[tuple[str, object]]:
    return [
        (f"{section}/{row}/{col}", value)
        for section in schema.TABLES
        for row, cols in tables[section].items()
        for col, value in cols.items()
    ]


@pytest.mark.parametrize("key", KEYS)
def test_every_hand_checked_cell(key: str) -> None:
    want = expected()[key]
    got = parsed(key).tables.as_contract()
    misses = []
    for path, value in _cells(want["tables"]):
        section, row, col = path.split("/")
        actual = got[section].get(row, {}).get(col, "<missing>")
        if actual != value or type(actual) is bool:
            misses.append((path, value, actual))
    assert misses == []
    # blank cells stay null, printed zeros stay 0: the two are never confused
    assert all(isinstance(v, int | float) or v is None for _, v in _cells(got))


@pytest.mark.parametrize("key", KEYS)
def test_agency_and_statistics_year(key: str) -> None:
    report = parsed(key)
    assert (report.meta.agency, report.meta.year) == (expected()[key]["agency"], expected()[key]["year"])


@pytest.mark.parametrize("key", KEYS)
def test_six_sections_in_order(key: str) -> None:
    keys = [s.key for s in parsed(key).sections if s.key != "preamble"]
    assert keys == ["overview", "proactive", "applications", "review_litigation", "problems", "other"]


def test_layouts_follow_the_other_processing_row() -> None:
    assert parsed("hongze_district_2023.pdf").tables.layout == "2019"
    assert parsed("shanghai_gov_office_2019.html").tables.layout == "2019"
    assert parsed("huaian_city_2024.pdf").tables.layout == "2021"
    contract = parsed("hongze_district_2024.pdf").tables.as_contract()["applications"]
    assert "other_processing" in contract and "other_other" not in contract


def test_old_table2_kept_raw() -> None:
    assert (
        parsed("shanghai_gov_office_2019.html").tables.raw_table2
        == expected()["shanghai_gov_office_2019.html"]["raw_table2"]
    )


def test_region_level_and_publication_date() -> None:
    hongze = parsed("hongze_district_2023.pdf").meta
    assert (hongze.region, hongze.level) == ("淮安市洪泽区", "县级")
    shanghai = parsed("shanghai_gov_office_2019.html").meta
    assert (shanghai.level, shanghai.publish_date) == ("省级", "2020-01-31")
    assert shanghai.year == 2019  # the statistics year, not the 2020 publication date


def test_cells_carry_their_source() -> None:
    cell = parsed("huaian_city_2024.pdf").tables.get("applications", "granted", "total")
    assert cell is not None and cell.raw_text == "1362" and "予以公开" in cell.row_label
    assert cell.position.startswith("第4页")
    assert cell.path == "表三/三、本年度办理结果/（一）予以公开/总计"


def test_seed_passes_every_rule() -> None:
    findings = parsed(SEED_KEY).findings
    assert {f.rule for f in findings} >= {"A1", "A2", "A3", "B1", "T1"}
    assert [f for f in findings if f.severity != "pass"] == []


def test_hongze_2023_table4_is_an_error_of_the_published_report() -> None:
    errors = [f for f in parsed("hongze_district_2023.pdf").findings if f.severity == "error"]
    assert [f.rule for f in errors] == ["B1", "B1"]
    assert all(f.diagnosis == "source_error" for f in errors)
    assert "行政复议" in errors[0].message and "0 ≠ 10 + 1 + 0 + 0 = 11" in errors[0].message


def test_blank_cells_are_not_assessable_never_failures() -> None:
    findings = parsed("shanghai_gov_office_2019.html").findings
    assert not [f for f in findings if f.severity == "error"]
    a3 = [f for f in findings if f.rule == "A3" and "予以公开" in f.message]
    assert a3 and a3[0].severity == "not_assessable"
    a1 = [f for f in findings if f.rule == "A1" and "自然人" in f.message]
    assert a1[0].severity == "pass"


def test_prose_figures_against_tables() -> None:
    hongze = [f for f in parsed("hongze_district_2024.pdf").findings if f.rule == "T1"]
    assert not [f for f in hongze if f.severity == "warning"]  # 区政府办's 17 is another scope than table 3
    (scoped,) = [f for f in hongze if f.diagnosis == "scope_difference"]
    assert "17件" in scoped.message and scoped.severity == "not_assessable"
    shanghai = [f for f in parsed("shanghai_gov_office_2019.html").findings if f.rule == "T1"]
    warned = " ".join(f.message for f in shanghai if f.severity == "warning")
    assert "258件" in warned and "275" in warned  # 予以公开及部分公开258 vs the table's 275
    assert any(f.severity == "pass" and "859件" in f.message for f in shanghai)
    assert any(f.severity == "pass" and "4.34%" in f.message for f in shanghai)  # truncated 4.348


def test_parse_json_contract_through_the_cli() -> None:
    import json
    import subprocess
    import sys
    from pathlib import Path

    cli = Path(sys.executable).parent / "nianbao"
    out = subprocess.run(
        [str(cli), "parse", str(report_path(SEED_KEY)), "--json"], capture_output=True, text=True, check=True
    )
    data = json.loads(out.stdout)
    assert {"agency", "year", "title", "sections", "tables", "findings"} <= set(data)
    tables = data["tables"]
    assert set(schema.TABLES) <= set(tables)
    assert list(tables["applications"]) == [r for r in schema.APPLICATION_ROW_KEYS if r != "other_processing"]
    assert all(list(cols) == list(schema.APPLICATION_COLUMN_KEYS) for cols in tables["applications"].values())
    assert list(tables["review_litigation"]) == ["review", "litigation_direct", "litigation_after_review"]
    assert tables["proactive"]["administrative_fees"] == {"amount_10k_yuan": 58.59}
    assert tables["proactive"]["regulations"] == {"issued": 0, "repealed": 0, "in_force": 0}


def test_bad_input_gives_one_clear_line_through_the_cli(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import subprocess
    import sys
    from pathlib import Path

    cli = Path(sys.executable).parent / "nianbao"
    junk = tmp_path / "report.pdf"
    junk.write_bytes(b"this is not a pdf at all" * 10)
    out = subprocess.run([str(cli), "parse", str(junk)], capture_output=True, text=True, check=False)
    assert out.returncode == 1 and "report.pdf" in out.stderr and "PDF" in out.stderr
    assert "Traceback" not in out.stderr and len(out.stderr.strip().splitlines()) == 1
