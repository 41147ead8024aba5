"""Plain-text reports: the seed format exported from Word, where table cells are lines starting
with a TAB, rows are separated by blank lines, and a cell that wraps continues on a line without
a TAB ("\\t商业" + "企业"). Lines holding several TAB-separated cells ("规章\\t0\\t0\\t0") are rows too.

Rows are kept exactly as their cells come (merged label cells appear as empty cells, row lengths
vary): the source carries no span information to rebuild a rectangle from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.load.normalize import HEADING, is_number, normalize_cell, normalize_text, strip_artifacts
from ingest.records import Block, TableBlock, TextBlock

_MAX_CONTINUATION = 20  # a wrapped cell's tail is short; a longer line is prose after the table


@dataclass
class _Table:
    rows: list[list[str]] = field(default_factory=list)
    row: list[str] = field(default_factory=list)

    def end_row(self) -> None:
        if self.row:
            self.rows.append(self.row)
            self.row = []

    def block(self) -> TableBlock | None:
        self.end_row()
        rows = [[normalize_cell(cell) for cell in row] for row in self.rows]
        if not rows:
            return None
        grid = tuple(tuple(row) for row in rows)
        return TableBlock(grid=grid, printed=grid)


def parse_text(text: str) -> tuple[Block, ...]:
    """Blocks of a decoded plain-text report, in order."""
    blocks: list[Block] = []
    table: _Table | None = None
    previous_was_cell = False  # the line before was a cell line (or its continuation)

    def close_table() -> None:
        nonlocal table
        if table is not None and (tb := table.block()) is not None:
            blocks.append(tb)
        table = None

    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = strip_artifacts(raw)
        if line.startswith("\t"):
            table = table or _Table()
            cells = line[1:].split("\t")
            if len(cells) > 1:  # "\t规章\t0\t0": a whole row on one line
                table.end_row()
                table.rows.append(cells)
            else:
                table.row.append(cells[0])
            previous_was_cell = True
            continue
        if not line.strip():
            if table is not None:
                table.end_row()
            previous_was_cell = False
            continue
        if "\t" in line.strip():  # "规章\t0\t0\t0"
            table = table or _Table()
            table.end_row()
            table.rows.append(line.strip().split("\t"))
            previous_was_cell = False
            continue
        if table is not None and previous_was_cell and _continues_cell(table.row, line):
            table.row[-1] += "\n" + line
            continue
        close_table()
        previous_was_cell = False
        if paragraph := normalize_text(line):
            blocks.append(TextBlock(paragraph))
    close_table()
    return tuple(blocks)


def _continues_cell(row: list[str], line: str) -> bool:
    """A non-TAB line right after a cell line is the wrapped tail of that cell when it is short
    and the cell is a label (Word wraps 「商业企业」 in a narrow column), not a heading or prose."""
    if not row or not row[-1].strip():
        return False
    stripped = normalize_text(line)
    return (
        0 < len(stripped) <= _MAX_CONTINUATION
        and not is_number(normalize_text(row[-1]))
        and not HEADING.match(stripped)
        and not re.search(r"[。；;]$", stripped)
    )
