"""A table row as the readers of the standard tables see it, and what a cell holds."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ingest.numerals import NotANumber, is_blank_mark, parse_cell
from ingest.parse.labels import compact
from ingest.records import CellValue, TableBlock


@dataclass(frozen=True)
class Row:
    """One table row with where it was printed."""

    cells: tuple[str, ...]  # whitespace removed
    printed: tuple[str, ...]
    block: int
    index: int
    page: int | None

    def position(self, column: int | None = None) -> str:
        where = f"第{self.page}页，" if self.page else ""
        col = f"第{column + 1}列" if column is not None else ""
        return f"{where}表格{self.block + 1}第{self.index + 1}行{col}"


def is_value(text: str) -> bool:
    if is_blank_mark(text):
        return True
    try:
        parse_cell(text)
        return True
    except NotANumber:
        return False


def dedup(cells: Sequence[str]) -> list[str]:
    """Non-empty cells, consecutive repeats (expanded merges) collapsed."""
    out: list[str] = []
    for cell in cells:
        if cell and (not out or out[-1] != cell):
            out.append(cell)
    return out


def rows_of(blocks: Sequence[TableBlock]) -> list[Row]:
    rows = []
    for b, block in enumerate(blocks):
        for i, grid_row in enumerate(block.grid):
            printed = block.printed[i] if i < len(block.printed) else grid_row
            rows.append(Row(tuple(compact(c) for c in grid_row), tuple(printed), b, i, block.page))
    return rows


def cell_value(text: str) -> CellValue:
    try:
        return parse_cell(text)
    except NotANumber:
        return None
