"""pdfplumber tables to expanded grids, keeping only the rows that are really tabular.

Why this much: in these reports (Word → WPS PDF) every prose line sits in a drawn box, so the
table finder returns whole pages of prose as one-column "tables", and a real table can share a
table object with prose rows above it. pdfplumber also returns None for every position covered by
a merged cell, and a border missing from the drawing leaves a cell out altogether (洪泽区2023,
page 3: 「信息内容」). We rebuild the grid from the cell boxes: each position takes the text of
the cell whose box covers it, or the text under it when no cell does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ingest.load.normalize import HEADING, normalize_cell
from ingest.load.pdflines import Char, box_text, center, inside
from ingest.records import TableBlock

BBox = tuple[float, float, float, float]

# Single-cell rows that still belong to a standard table (table 2's item headers).
_SECTION_ROW = re.compile(r"^第[二2]十条\s*第?\s*[（(][一二三四五六七八九十]+[）)]\s*项")
_SHORT_ROW = 30  # a one-cell row this short between table rows is a caption row, not prose
_FLUSH = 0.1  # text this close to its cell's side (a share of the cell's width) is aligned to that side


@dataclass
class Cell:
    bbox: BBox
    text: str = ""  # may be mended across a page break (see pdf._carry_labels)
    printed: str = ""  # the text as printed, for TableBlock.printed
    text_span: tuple[float, float] | None = None  # the glyphs' left and right, for spurious-border repair


@dataclass
class PdfTable:
    """Consecutive tabular rows of one table object: the grid as cell indices into `cells`, so a
    merged cell is one object (its text can be fixed once for every position it covers)."""

    page: int
    cells: list[Cell]
    ids: list[list[int]]
    first_row: dict[int, int] = field(default_factory=dict)  # cell index -> row it starts on

    @property
    def bbox(self) -> BBox:
        boxes = [self.cells[i].bbox for row in self.ids for i in row]
        return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes),
                max(b[3] for b in boxes))  # fmt: skip

    @property
    def width(self) -> int:
        return len(self.ids[0])

    def row_texts(self, r: int) -> list[str]:
        return [self.cells[i].text for i in self.ids[r]]

    def block(self) -> TableBlock:
        grid = tuple(tuple(self.row_texts(r)) for r in range(len(self.ids)))
        printed = []
        for r, row in enumerate(self.ids):
            starts = dict.fromkeys(i for i in row if self.first_row.get(i) == r)
            printed.append(tuple(self.cells[i].printed for i in starts))
        return TableBlock(grid=grid, printed=tuple(printed), page=self.page)


def tables_on_page(table: Any, chars: list[Char], page: int) -> list[PdfTable]:
    """The runs of tabular rows in one pdfplumber Table, top to bottom."""
    rows = table.rows
    if not rows:
        return []
    n_cols = len(rows[0].cells)
    col_left = [min((r.cells[j][0] for r in rows if r.cells[j]), default=0.0) for j in range(n_cols)]
    col_right = [*col_left[1:], table.bbox[2]]
    row_top = [r.bbox[1] for r in rows]
    row_bottom = [*row_top[1:], table.bbox[3]]

    cells: list[Cell] = []
    index: dict[BBox, int] = {}
    for r in rows:
        for bbox in r.cells:
            if bbox is not None and tuple(bbox) not in index:
                index[tuple(bbox)] = len(cells)
                cells.append(Cell(tuple(bbox)))
    ids = [[-1] * n_cols for _ in rows]
    for k, cell in enumerate(cells):
        x0, top, x1, bottom = cell.bbox
        for i in range(len(rows)):
            if top <= (row_top[i] + row_bottom[i]) / 2 <= bottom:
                for j in range(n_cols):
                    if x0 <= (col_left[j] + col_right[j]) / 2 <= x1 and ids[i][j] == -1:
                        ids[i][j] = k
    for i in range(len(rows)):  # positions no cell covers: a border is missing in the drawing
        for j in range(n_cols):
            if ids[i][j] == -1:
                ids[i][j] = len(cells)
                cells.append(Cell((col_left[j], row_top[i], col_right[j], row_bottom[i])))

    table_chars = [c for c in chars if inside(c, table.bbox)]
    for cell in cells:
        mine = [c for c in table_chars if inside(c, cell.bbox)]
        cell.text = cell.printed = normalize_cell(box_text(mine))
        if mine:
            cell.text_span = (min(c["x0"] for c in mine), max(c["x1"] for c in mine))
    _repair_split_cells(cells, ids)
    return [_run(cells, ids, run, page) for run in _tabular_runs(cells, ids)]


def _repair_split_cells(cells: list[Cell], ids: list[list[int]]) -> None:
    """An empty cell beside a labelled one whose text is centred over both is one cell split by a
    stray border (洪泽区2023 table 4: 「行政诉讼」 is
    centred over ten columns, a line cuts five)."""
    for row in ids:
        for j in range(len(row) - 1):
            a, b = row[j], row[j + 1]
            if a == b:
                continue
            for empty, full in ((a, b), (b, a)):
                e, f = cells[empty], cells[full]
                if _split_by_stray_border(e, f):
                    f.bbox = (min(e.bbox[0], f.bbox[0]), f.bbox[1], max(e.bbox[2], f.bbox[2]), f.bbox[3])
                    for grid_row in ids:
                        grid_row[:] = [full if i == empty else i for i in grid_row]
                    break


def _split_by_stray_border(empty: Cell, full: Cell) -> bool:
    """Whether `full`'s text is centred over both cells, away from its own cell's centre and edges. A
    figure set flush against its own cell's border can lie at the pair's middle too (the Shanghai page
    in LibreOffice: 「2」 at the left of 尚未审结, beside an empty 其他结果): it is that cell's alone."""
    if empty.text or not full.text or full.text_span is None:
        return False
    if abs(empty.bbox[1] - full.bbox[1]) > 1 or abs(empty.bbox[3] - full.bbox[3]) > 1:
        return False
    union = (min(empty.bbox[0], full.bbox[0]), max(empty.bbox[2], full.bbox[2]))
    left, right = full.text_span
    text_x, own = (left + right) / 2, full.bbox[2] - full.bbox[0]
    flush = min(left - full.bbox[0], full.bbox[2] - right) < _FLUSH * own
    return (
        not flush
        and abs(text_x - sum(union) / 2) < 0.05 * (union[1] - union[0])
        and abs(text_x - (full.bbox[0] + full.bbox[2]) / 2) > 0.1 * own
    )


def _tabular_runs(cells: list[Cell], ids: list[list[int]]) -> list[list[int]]:
    """Row indices grouped into runs of table rows; prose rows and empty rows are left out."""
    kinds: list[str] = []  # "table", "prose", "caption" (short one-cell) or "empty"
    for row in ids:
        texts = [cells[i].text for i in dict.fromkeys(row)]
        joined = "".join(texts)
        if not joined:
            kinds.append("empty")
        elif len(texts) >= 2 or _SECTION_ROW.match(joined):
            kinds.append("table")
        elif len(joined) <= _SHORT_ROW and not HEADING.match(joined):
            kinds.append("caption")
        else:
            kinds.append("prose")
    runs: list[list[int]] = []
    current: list[int] = []
    pending: list[int] = []  # captions/empties after a table row, kept if another table row follows
    for i, kind in enumerate(kinds):
        if kind == "table":
            current += [p for p in pending if kinds[p] == "caption"] + [i]
            pending = []
        elif kind in ("caption", "empty") and current:
            pending.append(i)
        elif kind == "prose" or kind == "caption":
            if current:
                runs.append(current)
            current, pending = [], []
    if current:
        runs.append(current)
    return runs


def _run(cells: list[Cell], ids: list[list[int]], rows: list[int], page: int) -> PdfTable:
    first_row: dict[int, int] = {}
    for r, i in enumerate(rows):
        for k in ids[i]:
            first_row.setdefault(k, r)
    return PdfTable(page=page, cells=cells, ids=[list(ids[i]) for i in rows], first_row=first_row)


def chars_outside(chars: list[Char], tables: list[PdfTable]) -> list[Char]:
    """The page's chars that no table run holds: the prose."""
    boxes = [t.bbox for t in tables]
    return [c for c in chars if not any(inside(c, b) for b in boxes)]


__all__ = ["Cell", "PdfTable", "center", "chars_outside", "tables_on_page"]
