"""A short run of `make fuzz` in the suite: the figure extractor and the table parser under hypothesis,
and corrupted copies of a report read through the parse worker — never a crash or a bare library error.
(`make fuzz` runs the same checks longer, over the real reports, and prints the figures.)"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks.fuzz import (
    GENERIC,
    MUTATIONS,
    SEED,
    check_figures,
    check_tables,
    docx_rendering,
    figure_texts,
    mutated_tables,
    seed_tables,
)
from ingest.errors import IngestError
from ingest.load import ReadLimits
from ingest.worker import parse_isolated

TABLES = seed_tables()


@settings(max_examples=150, deadline=None)
@given(figure_texts())
def test_the_figure_extractor_takes_any_text(text: str) -> None:
    check_figures(text)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_the_table_parser_takes_damaged_tables(data: st.DataObject) -> None:
    check_tables(mutated_tables(data, TABLES))


@pytest.mark.parametrize("how", list(MUTATIONS))
def test_corrupted_reports_are_read_or_refused_with_a_reason(how: str, tmp_path: Path) -> None:
    rng = random.Random(how)
    for path in (SEED, docx_rendering(tmp_path)):
        name = f"{path.stem}.{how}{path.suffix}"
        try:
            parse_isolated(MUTATIONS[how](path.read_bytes(), rng), name, ReadLimits(parse_timeout_s=60))
        except IngestError as exc:
            assert name in str(exc) and GENERIC not in exc.reason, str(exc)
