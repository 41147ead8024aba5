"""Plain-text and Markdown reports: the table layout is read from the content, never from the extension.

Layouts (docs/formats.md shows a real example of each):

- one cell per line (the seed, exported from Word): cells are lines starting with a TAB, rows are apart
  by blank lines, and a cell that wraps continues on a line without a TAB ("\\t商业" + "企业");
- TAB-separated rows ("规章\\t0\\t0\\t0": a browser's or Word's copy), one-cell rows beside them
  (「第二十条第（一）项」), and a browser's copy of cells holding paragraphs, where each TAB stands alone
  on its line between the cells' texts;
- Markdown tables (pipe, grid, pandoc simple/multiline, HTML `<table>` blocks): `ingest.load.markdown`;
- space-aligned columns (`pdftotext -layout`): `ingest.load.aligned`.

Markdown markup in prose (`#` headings, `**bold**`, links, escapes) is removed. Rows are kept as their
cells come (merged label cells appear as empty cells, row lengths vary).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.load.aligned import read_aligned
from ingest.load.markdown import prose_text, read_table
from ingest.load.normalize import HEADING, is_number, normalize_cell, normalize_text, strip_artifacts
from ingest.records import Block, TableBlock, TextBlock

_MAX_CONTINUATION = 20  # a wrapped cell's tail is short; a longer line is prose after the table
_MAX_ONE_CELL_ROW = 30  # a line without TAB beside TAB rows is a row of one merged cell when this short
_SECTION_HEADING = re.compile(r"^[一二三四五六七八九十]+、\S{4,}")
_SENTENCE_END = re.compile(r"[。；;]$")
_SEPARATOR = re.compile(r"[ \u00a0]*\t[\t \u00a0]*")  # a browser's cell separator on a line of its own
_CELL_GAP = 2  # blank lines between a browser's cell separator and the next cell
_ROW_REACH = 6  # a one-cell row may sit this many lines from its table's rows (blank lines between)


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
    """Blocks of a decoded plain-text or Markdown report, in order."""
    lines = join_copied_cells([strip_artifacts(line) for line in re.split(r"\r\n|\r|\n", text)])
    blocks: list[Block] = []
    plain: list[str] = []
    i = 0
    while i < len(lines):
        found = read_table(lines, i)
        if found is None:
            plain.append(lines[i])
            i += 1
            continue
        blocks += _plain_blocks(plain)
        plain = []
        blocks += found[0]
        i = found[1]
    blocks += _plain_blocks(plain)
    return tuple(blocks)


def join_copied_cells(lines: list[str]) -> list[str]:
    """A browser copies a cell holding paragraphs as its text, then a line with only a TAB, then the
    next cell: put such rows back on one TAB-separated line. A cell's own line breaks (「本年新<br>制作数量」)
    continue the cell; a cell of only `&nbsp;` is a blank cell."""
    if sum(1 for line in lines if _SEPARATOR.fullmatch(line)) < 3 or any(
        line.startswith("\t") and line.strip() for line in lines
    ):  # one cell per TAB line (the seed) is another layout
        return lines
    out: list[str] = []
    joining = False
    skipped = 0
    for k, line in enumerate(lines):
        if _SEPARATOR.fullmatch(line):
            while len(out) > 1 and out[-1] == "":
                out.pop()
            if out:
                out[-1] += re.sub(r"[^\t]", "", line)
            joining = line.endswith("\t")  # a blank cell after the last TAB ends the row
            skipped = 0
        elif line == "":
            skipped += 1
            if joining and skipped > _CELL_GAP:
                joining = False  # rows are further apart than cells
            if not joining:
                out.append("")
        elif joining or (out and out[-1] and k and lines[k - 1] and _inside_row(out[-1], lines, k)):
            out[-1] += line.strip("\u00a0 ")
            joining = False
        else:
            out.append(line)
    return out


def _inside_row(row: str, lines: list[str], k: int) -> bool:
    """A line straight after a cell's line continues that cell when the row has begun or a cell
    separator comes next."""
    following = next((line for line in lines[k + 1 :] if line != ""), "")
    return "\t" in row or bool(_SEPARATOR.fullmatch(following))


def _plain_blocks(lines: list[str]) -> list[Block]:
    """Lines between Markdown tables: the TAB layouts when TABs are there, else spaces."""
    if not lines:
        return []
    if any("\t" in line for line in lines):
        return _tabbed_blocks(lines)
    return read_aligned([prose_text(line) for line in lines])


def _tabbed_blocks(lines: list[str]) -> list[Block]:
    blocks: list[Block] = []
    table: _Table | None = None
    previous_was_cell = False  # the line before was a cell line (or its continuation)
    rows = [bool("\t" in line.strip(" ")) and not line.startswith("\t") for line in lines]

    def close_table() -> None:
        nonlocal table
        if table is not None and (tb := table.block()) is not None:
            blocks.append(tb)
        table = None

    for k, line in enumerate(lines):
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
        if rows[k] or _one_cell_row(lines, rows, k):  # "规章\t0\t0\t0", or 「第二十条第（一）项」 beside it
            table = table or _Table()
            table.end_row()
            table.rows.append(line.strip(" \r").split("\t"))
            previous_was_cell = False
            continue
        if table is not None and previous_was_cell and _continues_cell(table.row, line):
            table.row[-1] += "\n" + line
            continue
        close_table()
        previous_was_cell = False
        if paragraph := normalize_text(prose_text(line)):
            blocks.append(TextBlock(paragraph))
    close_table()
    return blocks


def _one_cell_row(lines: list[str], rows: list[bool], k: int) -> bool:
    """A short line next to TAB-separated rows (no blank line between) is a row of one merged cell,
    unless it is a section heading or a sentence."""
    text = normalize_text(lines[k])
    if len(text) > _MAX_ONE_CELL_ROW or _SENTENCE_END.search(text) or _SECTION_HEADING.match(text):
        return False
    before = next((j for j in range(k - 1, max(-1, k - 1 - _ROW_REACH), -1) if lines[j].strip()), None)
    after = next((j for j in range(k + 1, min(len(lines), k + 1 + _ROW_REACH)) if lines[j].strip()), None)
    return any(rows[j] for j in (before, after) if j is not None)


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
