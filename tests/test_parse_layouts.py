"""Every real report in every layout the real tools make of it (tests/helpers/layouts.py) parses to the
hand-checked cells of expected.json, with its agency and year: the bar is every cell. The renderings
that do not reach it are named in SHORT_OF_THE_BAR (strict expected failures), not skipped, and are
held to reading no wrong figure.

Two of them cannot reach it: `pdftotext -layout`'s text of the Shanghai page (printed by Chromium, and
by LibreOffice) does not say which columns table 4's figures are in. The row has nine blank cells, and
pdftotext writes headings one space apart by their character count and pushes each piece of text right
of everything left of it on the page, so a figure may sit on the heading of another column
(docs/formats.md gives the measures). The reader leaves such a row unread with a finding that names its
figures and asks for the original, and the PDF the text was made from reads every cell: that is the
rendering a user gets the cells from. Pages with other blank cells in table 4 (TABLE4_ROWS) are held to
the same: the row read whole and right, or left unread and said.
"""

from __future__ import annotations

from functools import cache

import pytest
from helpers.layouts import (
    LAYOUTS,
    TABLE4_PAGE,
    TABLE4_ROWS,
    VARIANT_LAYOUTS,
    Rendering,
    by_case,
    cell_misses,
)
from helpers.reports import ALL_KEYS, expected

from ingest.load import load
from ingest.parse import parse
from ingest.records import Report


@pytest.fixture(scope="session")
def rendered() -> dict[tuple[str, str], Rendering]:
    return by_case()


CASES = [(key, layout) for key in ALL_KEYS for layout in LAYOUTS]
_UNPLACEABLE = "table 4's row has blank cells, and pdftotext's text does not tell their columns"
_SPLIT_TABLE = (
    "pdfplumber misses table 2's rows continued on the next page of Chromium's print "
    "(each cell's border drawn apart, cellspacing)"
)
SHORT_OF_THE_BAR = {
    (TABLE4_PAGE, "chromium-pdf-layout"): _UNPLACEABLE,
    (TABLE4_PAGE, "pdftotext-layout"): _UNPLACEABLE,
    ("hongze_district_2023.pdf", "chromium-pdf"): _SPLIT_TABLE,
    ("hongze_district_2024.pdf", "chromium-pdf"): _SPLIT_TABLE,
}
# the rendering each unplaceable text was made from
SOURCE_PDF = {"chromium-pdf-layout": "chromium-pdf", "pdftotext-layout": "soffice-pdf"}


def _case(key: str, layout: str) -> object:
    if (key, layout) in SHORT_OF_THE_BAR:
        reason = SHORT_OF_THE_BAR[(key, layout)]
        return pytest.param(key, layout, marks=pytest.mark.xfail(strict=True, reason=reason))
    return (key, layout)


@cache
def _parsed(path: str) -> Report:
    return parse(load(path, 50 * 2**20))


def _wrong(key: str, report: Report) -> list[tuple[str, object, object]]:
    return [m for m in cell_misses(key, report) if m[2] not in (None, "<missing>")]


@pytest.mark.parametrize(("key", "layout"), [_case(*c) for c in CASES])
def test_every_cell_in_every_layout(
    rendered: dict[tuple[str, str], Rendering], key: str, layout: str
) -> None:
    report = _parsed(str(rendered[(key, layout)].path))
    assert cell_misses(key, report) == []
    assert (report.meta.agency, report.meta.year) == (expected()[key]["agency"], expected()[key]["year"])
    assert report.tables.readable


@pytest.mark.parametrize(("key", "layout"), sorted(SHORT_OF_THE_BAR))
def test_renderings_short_of_the_bar_read_no_wrong_figure(
    rendered: dict[tuple[str, str], Rendering], key: str, layout: str
) -> None:
    """Where a row is not read its cells stay null: never a figure of another row or column."""
    report = _parsed(str(rendered[(key, layout)].path))
    assert _wrong(key, report) == []
    assert (report.meta.agency, report.meta.year) == (expected()[key]["agency"], expected()[key]["year"])


def _unplaced_note(report: Report) -> str:
    notes = [f.message for f in report.findings if f.rule == "B1" and "看不出各数字在哪一列" in f.message]
    assert len(notes) == 1, [f.message for f in report.findings if f.rule == "B1"]
    return notes[0]


@pytest.mark.parametrize("layout", sorted(SOURCE_PDF))
def test_an_unplaceable_table4_is_left_unread_and_said(
    rendered: dict[tuple[str, str], Rendering], layout: str
) -> None:
    """Only table 4's printed cells are missing, the report says why and which figures, and the PDF the
    text was made from reads them all."""
    report = _parsed(str(rendered[(TABLE4_PAGE, layout)].path))
    missing = {path for path, _, read in cell_misses(TABLE4_PAGE, report)}
    printed = {
        f"review_litigation/{group}/{column}"
        for group, columns in expected()[TABLE4_PAGE]["tables"]["review_litigation"].items()
        for column, value in columns.items()
        if value is not None
    }
    assert missing == printed
    assert "（5 2 7 8 1 9）" in _unplaced_note(report)
    source = _parsed(str(rendered[(TABLE4_PAGE, SOURCE_PDF[layout])].path))
    assert cell_misses(TABLE4_PAGE, source) == []


@pytest.mark.parametrize("layout", VARIANT_LAYOUTS)
@pytest.mark.parametrize("variant", sorted(TABLE4_ROWS))
def test_table4_rows_with_blank_cells(
    rendered: dict[tuple[str, str], Rendering], variant: str, layout: str
) -> None:
    """The Shanghai page with other blank cells in table 4 (as a user prints it): no figure in a wrong
    cell; the row is read whole or left unread with a finding naming its figures; the rest all read."""
    report = _parsed(str(rendered[(variant, layout)].path))
    misses = cell_misses(variant, report)
    assert [m for m in misses if m[2] not in (None, "<missing>")] == []
    assert all(path.startswith("review_litigation/") for path, _, _ in misses)
    figures = [str(v) for v in TABLE4_ROWS[variant] if v is not None]
    if misses:
        assert f"（{' '.join(figures)}）" in _unplaced_note(report)
