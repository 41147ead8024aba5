"""A table cut by a page break, wherever the break falls. Each real report's page is printed by
Chromium with collapsed borders (`border-collapse: collapse`, the most common style of a CMS table),
pushed down by a blank block of several heights so that the page breaks cut tables 2–4 at different
rows; every hand-checked cell must come back.

Why: with collapsed borders the rule above a row continued on the next page is printed on the page
before, so the first row of the new page has side borders and no top one, and a row cut in two leaves
the rest of its labels at the top of the new page with no figure. Before the PDF loader closed such rows
(`ingest.load.pdf._open_rules`, `_join_label_tails`), 14 of these 20 prints lost a row of table 3.

The prints are cached under tests/artifacts/page-breaks/<digest>/ like the layout test bed's.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from functools import cache
from pathlib import Path

import pytest
from helpers.layouts import ARTIFACTS, by_case, cell_misses, sources, stem, tool_versions
from helpers.layouts import _chromium_print as chromium_print
from helpers.layouts import _with_page_style as with_page_style
from helpers.reports import ALL_KEYS, expected

from ingest.load import load
from ingest.parse import parse
from ingest.records import Report

COLLAPSED = "table { border-collapse: collapse } td, th { border: 1px solid #000 }"
SHIFTS = (0, 120, 240, 360)  # px of blank above the report: the page breaks fall on other rows
FOLDER = ARTIFACTS.parent / "page-breaks"


def _shifted(page: bytes, shift: int) -> bytes:
    styled = with_page_style(page, COLLAPSED)
    marker = styled.lower().find(b"<body")
    end = styled.find(b">", marker) + 1 if marker >= 0 else 0
    return styled[:end] + f'<div style="height:{shift}px"></div>'.encode() + styled[end:]


@cache
def prints() -> dict[tuple[str, int], Path]:
    by_case()  # the layout test bed's copied text says which figures a print must show (and skips
    versions = tool_versions()  # without the tools, as the test bed does)
    inputs = {key: sources()[key][0] for key in ALL_KEYS}
    digest = hashlib.sha256(json.dumps([versions, COLLAPSED, SHIFTS], sort_keys=True).encode())
    for key in ALL_KEYS:
        digest.update(key.encode() + hashlib.sha256(inputs[key]).digest())
    folder = FOLDER / digest.hexdigest()[:16]
    files = {(key, shift): folder / f"{stem(key)}.{shift}.pdf" for key in ALL_KEYS for shift in SHIFTS}
    if not all(path.exists() for path in files.values()):
        shutil.rmtree(FOLDER, ignore_errors=True)
        folder.mkdir(parents=True)
        for (key, shift), pdf in files.items():
            page = folder / f"{stem(key)}.{shift}.html"
            page.write_bytes(_shifted(inputs[key], shift))
            copied = by_case()[(key, "browser-tsv")].path.read_text(encoding="utf-8")
            chromium_print(page, pdf, copied)
    return files


@cache
def _parsed(key: str, shift: int) -> Report:
    return parse(load(str(prints()[(key, shift)]), 50 * 2**20))


@pytest.mark.parametrize("shift", SHIFTS)
@pytest.mark.parametrize("key", ALL_KEYS)
def test_every_cell_wherever_the_page_breaks(key: str, shift: int) -> None:
    report = _parsed(key, shift)
    assert cell_misses(key, report) == []
    assert (report.meta.agency, report.meta.year) == (expected()[key]["agency"], expected()[key]["year"])
