"""Expanding merged cells into a rectangular grid (HTML rowspan/colspan, Word gridSpan/vMerge).

Why: the parser finds a value by its row and column labels; with spans expanded every position
carries its labels (every row of 不予公开 has 「（三）不予公开」 in its group column) and values keep
their column. `printed` keeps one entry per source cell for the raw record of table 2.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.records import TableBlock

_LEADING_INT = re.compile(r"\s*(\d{1,4})")
MAX_SPAN = 200  # a colspan of 10000 in a broken page must not allocate a huge grid


@dataclass(frozen=True)
class SourceCell:
    """One cell as the source writes it. `covered` marks a Word vMerge continuation: it takes
    the text of the cell above and is not printed; `printed=False` marks a filler position
    (Word's gridBefore) that is no cell of the source."""

    text: str
    rowspan: int = 1
    colspan: int = 1
    covered: bool = False
    printed: bool = True


def expand(rows: list[list[SourceCell]], page: int | None = None) -> TableBlock | None:
    """Place the cells (HTML table algorithm: skip positions taken by earlier rowspans), repeat
    each cell's text over its span, pad to a rectangle. None for a table without any cell."""
    placed: dict[tuple[int, int], str] = {}
    printed: list[tuple[str, ...]] = []
    n_rows = len(rows)
    for r, row in enumerate(rows):
        c = 0
        printed_row: list[str] = []
        for cell in row:
            while (r, c) in placed:
                c += 1
            rowspan = max(1, min(cell.rowspan, MAX_SPAN, n_rows - r))
            colspan = max(1, min(cell.colspan, MAX_SPAN))
            text = cell.text
            if cell.covered:
                text = placed.get((r - 1, c), "")
            elif cell.printed:
                printed_row.append(text)
            for dr in range(rowspan):
                for dc in range(colspan):
                    placed[(r + dr, c + dc)] = text
            c += colspan
        printed.append(tuple(printed_row))
    if not placed:
        return None
    width = 1 + max(c for _, c in placed)
    grid = tuple(tuple(placed.get((r, c), "") for c in range(width)) for r in range(n_rows))
    return TableBlock(grid=grid, printed=tuple(printed), page=page)


def parse_span(value: str | None) -> int:
    """A rowspan/colspan attribute as pages write it ("2", " 2 ", "2;", "0", junk)."""
    match = _LEADING_INT.match(value or "")
    return max(1, int(match.group(1))) if match else 1
