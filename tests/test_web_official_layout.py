"""`ui.official_layout` re-rendered as HTML and parsed back gives the same cells (all real reports)."""

from __future__ import annotations

import html

import pytest
from helpers.reports import REPO, report_path

from ingest import schema
from ingest.load import load, load_bytes
from ingest.parse import parse
from ingest.records import Report
from ui.official_layout import render_official_tables, render_table

REPORTS = [
    "huaian_city_2024.pdf",
    "hongze_district_2023.pdf",
    "hongze_district_2024.pdf",
    "shanghai_gov_office_2019.html",
]
SECTION_TABLES = {
    "proactive": schema.TABLE_PROACTIVE,
    "applications": schema.TABLE_APPLICATIONS,
    "review_litigation": schema.TABLE_REVIEW,
}


def as_html_page(report: Report) -> str:
    """The report as a plain HTML page: title, sections, each standard table inside its section."""
    parts = [f"<html><body><h1>{html.escape(report.meta.title)}</h1>"]
    for section in report.sections:
        if section.ordinal:
            parts.append(f"<p>{html.escape(section.heading)}</p>")
        parts += [f"<p>{html.escape(line)}</p>" for line in section.text.split("\n")]
        if section.key in SECTION_TABLES:
            parts.append(render_table(report, SECTION_TABLES[section.key]))
    return "\n".join(parts) + "</body></html>"


@pytest.mark.parametrize("key", ["seed", *REPORTS])
def test_rendered_tables_parse_back_to_the_same_cells(key: str) -> None:
    path = REPO / "corpus" / "gaoqing_county_public_security_2024.txt" if key == "seed" else report_path(key)
    report = parse(load(path, 10**8))
    again = parse(load_bytes(as_html_page(report).encode("utf-8"), "again.html"))
    cells = {(c.table, c.row, c.column): c.value for c in report.tables.cells}
    assert {(c.table, c.row, c.column): c.value for c in again.tables.cells} == cells
    assert again.tables.layout == report.tables.layout
    assert (again.meta.agency, again.meta.year) == (report.meta.agency, report.meta.year)


def test_official_layout_spans_and_blanks() -> None:
    report = parse(load(report_path("shanghai_gov_office_2019.html"), 10**8))
    fragment = render_official_tables(report)
    assert fragment.count("<table") == 3
    assert 'rowspan="20"' in fragment  # 三、本年度办理结果 over the 2019 layout's 20 result rows
    assert '<td colspan="2">（六）其他处理</td>' in fragment
    assert "本年新制作数量" in fragment  # the older table 2 columns, as printed
    seed = parse(load(REPO / "corpus" / "gaoqing_county_public_security_2024.txt", 10**8))
    seed_fragment = render_official_tables(seed)
    assert 'rowspan="22"' in seed_fragment and 'rowspan="8">（三）不予公开' in seed_fragment
    assert '<td colspan="3" class="num">58.59</td>' in seed_fragment


def test_a_report_without_table4_says_so(make_report) -> None:  # type: ignore[no-untyped-def]
    report = make_report()
    report.tables.cells = [c for c in report.tables.cells if c.table != schema.TABLE_REVIEW]
    assert "表四 政府信息公开行政复议、行政诉讼情况</b>：未读到此表" in render_official_tables(report)
