"""Table 2 (主动公开政府信息情况) in both layouts, every printed row and column a named item.

The 2021 layout prints 本年制发件数 / 本年废止件数 / 现行有效件数 and 本年处理决定数量; the 2019–2020 layout
prints 本年新制作数量 / 本年新公开数量 / 对外公开总数量, 上一年项目数量 / 本年增/减 / 处理决定数量, and two
more rows (其他对外管理服务事项, 政府集中采购). A column is read only under its own heading: 本年新制作数量
is never 本年制发件数. Money is stored in 万元; a figure printed in 元 (「251000元」, or under a heading
「（单位：元）」) is converted, and `raw_text` keeps what was printed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest import schema
from ingest.numerals import as_number
from ingest.parse.labels import best_label, compact, contains_any
from ingest.parse.rows import Row, cell_value, dedup
from ingest.records import TableCell

_ROWS = (*schema.PROACTIVE_ROWS, *schema.PROACTIVE_2019_ROWS)
_COLUMNS = (*schema.PROACTIVE_COLUMNS, *schema.PROACTIVE_2019_COLUMNS)
_UNIT_NOTE = re.compile(r"[（(](?:单位[:：])?\s*(万元|元|件|项|个)\s*[）)]$")
_MINUS = str.maketrans({"−": "-", "－": "-", "–": "-"})
MONEY_COLUMNS = ("amount_10k_yuan", "procurement_amount_10k_yuan")


def allowed_columns(row: str) -> tuple[str, ...]:
    """The columns a table-2 row has in either layout."""
    return schema.PROACTIVE_ROW_COLUMNS.get(row, ()) + schema.PROACTIVE_2019_ROW_COLUMNS.get(row, ())


def column_of(header: str) -> tuple[str | None, str | None]:
    """(column key, unit printed in the heading) for a printed column heading."""
    text = compact(header)
    unit_match = _UNIT_NOTE.search(text)
    match = best_label(text, _COLUMNS, threshold=0.85)
    if match is None and unit_match:
        match = best_label(text[: unit_match.start()], _COLUMNS, threshold=0.85)
    return (match.label.key if match else None), (unit_match.group(1) if unit_match else None)


def _in_10k_yuan(value: float | int | None, text: str, heading_unit: str | None) -> float | int | None:
    """A money figure in 万元: 「251000元」 or a heading in 元 is divided by 10,000."""
    if value is None:
        return None
    printed = compact(text)
    in_yuan = (printed.endswith("元") and not printed.endswith("万元")) or (
        heading_unit == "元" and not printed.endswith("万元")
    )
    return as_number(value / 10_000) if in_yuan else value


@dataclass
class ProactiveReader:
    header: Row | None = None
    raw: list[list[str]] = field(default_factory=list)
    cells: list[TableCell] = field(default_factory=list)

    def feed(self, row: Row) -> None:
        self.raw.append([compact(c) for c in row.printed if compact(c)] or [""])
        first = next((c for c in row.cells if c), "")
        if contains_any(first, ("信息内容",)):
            self.header = row
            return
        match = best_label(first, _ROWS, threshold=0.85)
        if match is None or self.header is None:
            return
        key = match.label.key
        for index, heading, text in self._aligned(row):
            column, unit = column_of(heading)
            if column is None or column not in allowed_columns(key):
                continue
            if any(c.row == key and c.column == column for c in self.cells):
                continue
            value = cell_value(text.translate(_MINUS))
            if column in MONEY_COLUMNS:
                value = _in_10k_yuan(value, text, unit)
            self.cells.append(
                TableCell(
                    schema.TABLE_PROACTIVE, key, column, value, text, first, heading, row.position(index)
                )
            )

    def _aligned(self, row: Row) -> list[tuple[int, str, str]]:
        """(index, heading, figure text) for each figure cell. Spanned cells come expanded (HTML, Word),
        printed once (the source's own cells), or blank beside their text (a converter dropped the
        span): pair by grid position when the header has no hole, else in order when the counts agree."""
        assert self.header is not None
        header = self.header.cells
        label_at = next((i for i, c in enumerate(row.cells) if c), 0)
        if len(header) == len(row.cells) and all(header[label_at + 1 :]):
            return _first_positions(header, row.cells, label_at)
        heads = dedup(header)[1:]
        printed = [compact(v) for v in row.printed[1:]] if row.printed else []
        if len(printed) == len(heads):
            return [(i + 1, h, v) for i, (h, v) in enumerate(zip(heads, printed, strict=True))]
        filled = [(i, c) for i, c in enumerate(row.cells) if i > label_at and c]
        if len(filled) == len(heads):
            return [(i, h, v) for h, (i, v) in zip(heads, filled, strict=True)]
        if len(header) == len(row.cells):
            return _first_positions(header, row.cells, label_at)
        return [(i + 1, h, v) for i, (h, v) in enumerate(zip(heads, printed, strict=False))]


def _first_positions(
    header: tuple[str, ...], cells: tuple[str, ...], label_at: int
) -> list[tuple[int, str, str]]:
    """By grid position; a heading spanning columns counts once (its first position)."""
    seen: set[str] = set()
    out = []
    for i in range(label_at + 1, len(cells)):
        if header[i] and header[i] not in seen:
            seen.add(header[i])
            out.append((i, header[i], cells[i]))
    return out
