"""What a report prints for its figures: number formats, blank marks for zeros, a deliberate source error.

`Printed.text(table, row, column)` is the cell as the file shows it; `Printed.value(...)` is what a correct
parser must read from it (None for a blank). Expected cells are built from `value`, independently of the
product's own number parsing.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from benchmarks.synth.figures import (
    APP_COLUMNS,
    APPLICANTS,
    BLANK_MARKS,
    LEGAL_COLUMNS,
    Figures,
)
from ingest import schema

Key = tuple[str, str, str]  # (table, row, column)
Value = float | int | None
BLANK_POLICIES = {"none": 0.75, "legal_zero_blank": 0.12, "zero_blank": 0.08, "total_blank": 0.05}
OUTCOME_ROWS = frozenset(schema.OUTCOME_ROWS)


@dataclass(frozen=True)
class SourceError:
    """A deliberate error of the published report: one printed cell differs from the consistent value,
    so exactly `rules` fail (errors of A1–B1, diagnosed as a source error, not a misread)."""

    cell: Key
    consistent: int
    printed: int
    rules: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "cell": "/".join(self.cell),
            "consistent": self.consistent,
            "printed": self.printed,
            "rules": list(self.rules),
        }


# (cell, rules that fail when it is off): a review total (B1); an applicant cell of an outcome row (its
# row's A3 and its column's A2); the total of new applications (its row's A3 and the total column's A1).
ERROR_KINDS: tuple[tuple[Key, tuple[str, ...]], ...] = (
    ((schema.TABLE_REVIEW, "review", "total"), ("B1",)),
    ((schema.TABLE_APPLICATIONS, "granted", "natural_person"), ("A2", "A3")),
    ((schema.TABLE_APPLICATIONS, "new_received", "total"), ("A1", "A3")),
)


@dataclass
class Printed:
    """The printed form of every cell of tables 3 and 4 and of table 2."""

    figures: Figures
    blank_policy: str
    blank_mark: str
    thousands: bool  # 1,234
    error: SourceError | None = None
    overrides: dict[Key, str] = field(default_factory=dict)

    def _true(self, key: Key) -> Value:
        table, row, column = key
        if table == schema.TABLE_APPLICATIONS:
            return self.figures.applications[row][column]
        if table == schema.TABLE_REVIEW:
            return self.figures.review[row][column]
        return self.figures.proactive.get(row, {}).get(column)

    def _blank(self, key: Key, value: Value) -> bool:
        table, row, column = key
        if table == schema.TABLE_PROACTIVE or self.blank_policy == "none":
            return False
        if self.blank_policy == "total_blank" and table == schema.TABLE_APPLICATIONS:
            if column == "total" and row in OUTCOME_ROWS:
                return True
            return value == 0 and column in LEGAL_COLUMNS
        if self.blank_policy == "legal_zero_blank":
            return value == 0 and column in LEGAL_COLUMNS
        return value == 0  # zero_blank

    def number(self, value: float | int) -> str:
        if isinstance(value, float) and not value.is_integer():
            return f"{value:.2f}"
        value = int(value)
        return f"{value:,}" if self.thousands and value >= 1000 else str(value)

    def text(self, table: str, row: str, column: str) -> str:
        key = (table, row, column)
        if key in self.overrides:
            return self.overrides[key]
        if self.error is not None and key == self.error.cell:
            return self.number(self.error.printed)
        value = self._true(key)
        if value is None or self._blank(key, value):
            return self.blank_mark
        return self.number(value)

    def value(self, table: str, row: str, column: str) -> Value:
        """What a parser must read from the printed cell."""
        key = (table, row, column)
        if key in self.overrides:
            return None  # overrides are blank marks
        if self.error is not None and key == self.error.cell:
            return self.error.printed
        value = self._true(key)
        return None if value is None or self._blank(key, value) else value


def print_figures(rng: random.Random, figures: Figures, make_error: bool) -> Printed:
    """Choose how the report prints its figures; with `make_error`, plant one source error (in a report
    without blanks, so the broken rule is an error and not 'not assessable')."""
    policy = "none" if make_error else rng.choices(list(BLANK_POLICIES), list(BLANK_POLICIES.values()))[0]
    printed = Printed(figures, policy, rng.choice(BLANK_MARKS), rng.random() < 0.1)
    if make_error:
        key, rules = rng.choice(ERROR_KINDS)
        consistent = printed._true(key)
        assert isinstance(consistent, int)
        printed.error = SourceError(key, consistent, consistent + rng.choice((1, 2, 3, 10)), rules)
    if figures.layout == "2021" and figures.proactive["regulations"]["in_force"] == 0 and rng.random() < 0.5:
        mark = rng.choice(("/", "—", "无"))  # an agency that makes no rules prints 「/」
        for column in ("issued", "repealed", "in_force"):
            printed.overrides[(schema.TABLE_PROACTIVE, "regulations", column)] = mark
    return printed


def expected_tables(printed: Printed) -> dict[str, Any]:
    """The `tables` object of expected.json: every contract cell as a correct parser reads it."""
    figures = printed.figures
    proactive = {
        row: {column: printed.value(schema.TABLE_PROACTIVE, row, column) for column in columns}
        for row, columns in figures.proactive.items()
    }
    applications = {
        row: {column: printed.value(schema.TABLE_APPLICATIONS, row, column) for column in APP_COLUMNS}
        for row in figures.applications
    }
    review = {
        group: {
            column: printed.value(schema.TABLE_REVIEW, group, column) for column in schema.REVIEW_COLUMN_KEYS
        }
        for group in schema.REVIEW_GROUP_KEYS
    }
    return {
        schema.TABLE_PROACTIVE: proactive,
        schema.TABLE_APPLICATIONS: {
            k: applications[k] for k in schema.APPLICATION_ROW_KEYS if k in applications
        },
        schema.TABLE_REVIEW: review,
    }


__all__ = ["APPLICANTS", "Printed", "SourceError", "expected_tables", "print_figures"]
