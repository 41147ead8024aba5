"""Whether a printed figure states a value: the one comparison behind rule T1 and the answer checker.

    >>> [figure] = extract_figures("约3100件")
    >>> agrees(figure, 3119, "件")
    True

A figure agrees within its printed precision, after converting money units (58.59万元 is 585900元).
An approximate figure agrees as far as its marker allows (`_within_bound`). A report's own prose is
read with more slack than an answer of ours: reports truncate as often as they round, so a whole unit
of the last printed digit is allowed there, half a unit in an answer.
"""

from __future__ import annotations

import re
from decimal import Decimal

from ingest.figures import MONEY_FACTORS, Figure
from ingest.records import Number


def _in_unit(figure: Figure, unit: str) -> float:
    """The figure's value in money unit `unit` (58.59万元 in 元 -> 585900.0); other values as printed
    (whether a count may claim a cell at all is the caller's question)."""
    if figure.unit in MONEY_FACTORS and unit in MONEY_FACTORS:
        return float(Decimal(str(figure.value)) * MONEY_FACTORS[figure.unit] / MONEY_FACTORS[unit])
    return float(figure.value)


def _decimals(figure: Figure) -> int:
    m = re.search(r"\d\.(\d+)", figure.text)
    return len(m.group(1)) if m else 0


def _place(figure: Figure) -> float:
    """The rounding unit a figure is printed to, in its own unit: 3100 -> 100, 两千三百余 -> 100,
    58.6 -> 0.1, 2.3万件 -> 1000, 6 -> 1."""
    decimals = _decimals(figure)
    if decimals:
        return 10.0**-decimals * figure.scale
    whole = abs(int(figure.value))
    zeros = len(str(whole)) - len(str(whole).rstrip("0")) if whole else 0
    return float(10**zeros)


def _tolerance(figure: Figure, prose: bool) -> float:
    """How far an exact figure may be from the value, in the figure's unit."""
    decimals = _decimals(figure)
    if not decimals:
        return 0.5 if figure.unit == "%" else 0.0
    step = 10.0**-decimals * figure.scale
    if prose:
        return step
    return max(0.05, step / 2) if figure.unit == "%" else step / 2


def _within_bound(figure: Figure, got: float, value: float, place: float) -> bool:
    """An approximate figure against the true value: 「一百多件」「3000余件」 are at least the figure and less
    than its next step (200, 4000; so 「超过6件」 is not said of 9). 「近3200件」 is at most 3200 and more
    than 3100, 「约3100件」 within half a step; for these two the step is never wider than a tenth of the
    figure, so neither 「近3000件」 is said of 2100 nor 「约100件」 of 140."""
    if figure.bound == "at_least":
        return got - 1e-9 <= value < got + place
    step = max(min(place, 0.1 * abs(got)), 10.0 ** -_decimals(figure))
    if figure.bound == "at_most":
        return got - step < value <= got + 1e-9
    return abs(got - value) <= step / 2 + 1e-9


def agrees(figure: Figure, value: Number | None, unit: str, prose: bool = False) -> bool:
    """The figure states `value` (in `unit`); `prose`: the figure is a report's own text."""
    if value is None or (figure.unit == "%") != (unit == "%"):
        return False
    got = _in_unit(figure, unit)
    factor = got / float(figure.value) if figure.value else 1.0  # the figure's unit in `unit`'s
    if figure.bound is not None:
        return _within_bound(figure, got, float(value), _place(figure) * factor)
    return abs(got - float(value)) <= _tolerance(figure, prose) * factor + 1e-9
