"""`agrees`: the one comparison of a printed figure with a value, for answers and for rule T1."""

from __future__ import annotations

import pytest

from ingest.agree import agrees
from ingest.figures import extract_figures


def _agrees(text: str, value: float, unit: str, prose: bool = False) -> bool:
    [figure] = extract_figures(text)
    return agrees(figure, value, unit, prose)


@pytest.mark.parametrize(
    ("text", "value", "unit", "expected"),
    [
        ("6件", 6, "件", True),
        ("7件", 6, "件", False),
        ("58.59万元", 58.59, "万元", True),
        ("585900元", 58.59, "万元", True),  # money converts
        ("3940元", 0.394, "万元", True),
        ("1.2亿元", 12_000, "万元", True),
        ("58.59万元", 58.59, "%", False),  # a percentage is never money
        ("33.3%", 33.33, "%", True),
        ("33.3%", 33.4, "%", False),  # half a unit of the last digit in an answer
        ("33%", 33.4, "%", True),
        ("2.3万件", 23_456, "件", True),  # printed to the thousand
        ("2.3万件", 24_000, "件", False),
    ],
)
def test_exact_figures_agree_within_their_printed_precision(
    text: str, value: float, unit: str, expected: bool
) -> None:
    assert _agrees(text, value, unit) is expected


def test_a_reports_prose_gets_a_whole_unit_of_slack() -> None:
    """Reports truncate as often as they round: 「占4.3%」 for 4.348 is theirs to print, not ours."""
    assert _agrees("33.3%", 33.4, "%", prose=True)
    assert not _agrees("33.3%", 33.5, "%", prose=True)
    assert _agrees("58.6万元", 58.69, "万元", prose=True) and not _agrees("58.6万元", 58.69, "万元")


@pytest.mark.parametrize(
    ("text", "value", "expected"),
    [
        ("约3100件", 3119, True),
        ("约5000件", 3119, False),
        ("约100件", 96, True),
        ("约100件", 140, False),  # 约 is never wider than a tenth
        ("3000余件", 3119, True),
        ("3000余件", 2999, False),
        ("两千三百余件", 2356, True),
        ("一百多件", 150, True),  # 一百多: 100 to 199
        ("一百多件", 99, False),
        ("超过6件", 6, True),
        ("超过6件", 9, False),  # not said of 9
        ("近3200件", 3119, True),
        ("近3000件", 3119, False),  # 近 is at most
        ("近3000件", 2100, False),
        ("约2.3万件", 23_456, True),
    ],
)
def test_approximate_figures_agree_as_far_as_their_marker_allows(
    text: str, value: float, expected: bool
) -> None:
    assert _agrees(text, value, "件") is expected
