"""The real reports beside the repository (`../shared/reports/`) and their hand-checked figures,
turned into the rows a loader's grids must contain."""

from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from ingest import schema
from ingest.records import RawDocument

REPO = Path(__file__).resolve().parents[2]
REPORTS = REPO.parent / "shared" / "reports"
SEED_KEY = "../seeds/000_df8e19b86bd276b4.txt"
# every report of expected.json: the four shared ones and the seed
ALL_KEYS = (
    "huaian_city_2024.pdf",
    "hongze_district_2023.pdf",
    "hongze_district_2024.pdf",
    SEED_KEY,
    "shanghai_gov_office_2019.html",
)


def missing_shared(what: Path) -> None:
    """Outside CI a checkout without ../shared skips; in CI (CI=true) that is a failure."""
    if os.environ.get("CI"):
        pytest.fail(f"CI needs the shared reports: {what} is missing")
    pytest.skip(f"real report not available: {what}")


def report_path(key: str) -> Path:
    """A real report by its key in expected.json."""
    path = (REPORTS / key).resolve()
    if not path.exists():
        missing_shared(path)
    return path


@cache
def expected() -> dict[str, Any]:
    path = REPORTS / "expected.json"
    if not path.exists():
        missing_shared(path)
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def cell(value: float | None) -> str:
    """A figure as the report prints it ("" for a blank cell)."""
    return "" if value is None else str(value)


def table3_rows(key: str) -> dict[str, tuple[str, ...]]:
    """Each table-3 row's seven figures (six applicant columns and the total), as printed."""
    apps = expected()[key]["tables"][schema.TABLE_APPLICATIONS]
    return {row: tuple(cell(apps[row][col]) for col in schema.APPLICATION_COLUMN_KEYS) for row in apps}


def table4_row(key: str) -> tuple[str, ...]:
    """Table 4's fifteen figures: review, then direct and after-review litigation."""
    review = expected()[key]["tables"][schema.TABLE_REVIEW]
    return tuple(cell(review[g][c]) for g in schema.REVIEW_GROUP_KEYS for c in schema.REVIEW_COLUMN_KEYS)


def all_rows(doc: RawDocument) -> list[tuple[str, ...]]:
    return [row for table in doc.tables for row in table.grid]


def has_row_ending(doc: RawDocument, values: tuple[str, ...]) -> bool:
    """Whether some table row ends with these cells (labels come before the figures)."""
    n = len(values)
    return any(tuple(row[-n:]) == values for row in all_rows(doc) if len(row) >= n)
