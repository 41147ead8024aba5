"""Table 2 of the 2019–2020 layout as cells, read from the raw grid a report keeps, for reports parsed
before the parser filled these cells itself (本年新制作数量, 本年增/减, 采购总金额 …).

A cell the report already has is never replaced; each column is matched by its schema label or alias,
and only under its own header (本年增/减 is never read as 处理决定数量). Money printed in 元 is stored in
万元, as the fees are; `raw_text` keeps what was printed.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from ingest import schema
from ingest.figures import MONEY_FACTORS, extract_figures
from ingest.numerals import NotANumber, as_number, parse_cell
from ingest.parse.labels import compact
from ingest.records import CellValue, Report, TableCell

_ROWS = {
    name: row.key
    for row in (*schema.PROACTIVE_ROWS, *schema.PROACTIVE_2019_ROWS)
    for name in (row.label, *row.aliases)
}
_COLUMNS = {
    name: column.key
    for column in (*schema.PROACTIVE_2019_COLUMNS, *schema.PROACTIVE_COLUMNS)
    for name in (column.label, *column.aliases)
}


def _value(text: str, column: str) -> CellValue:
    """A printed cell as a number; money in 万元 (「251000元」 -> 25.1)."""
    figures = extract_figures(text)
    unit = figures[0].unit if len(figures) == 1 else None
    if column.endswith("10k_yuan") and unit in MONEY_FACTORS:
        return as_number(Decimal(str(figures[0].value)) * MONEY_FACTORS[str(unit)] / MONEY_FACTORS["万元"])
    try:
        return parse_cell(text)
    except NotANumber:
        return None


def _cells(report: Report) -> list[TableCell]:
    header: list[str] = []
    out: list[TableCell] = []
    for index, row in enumerate(report.tables.raw_table2):
        cells = [compact(c) for c in row]
        if cells and cells[0] == "信息内容":
            header = cells
            continue
        key = _ROWS.get(cells[0]) if cells else None
        if key is None or not header:
            continue
        for col, head in enumerate(header[1:], start=1):
            column = _COLUMNS.get(head)
            if (
                column is None
                or col >= len(cells)
                or column not in schema.PROACTIVE_2019_ROW_COLUMNS.get(key, ())
            ):
                continue
            out.append(
                TableCell(
                    schema.TABLE_PROACTIVE,
                    key,
                    column,
                    _value(cells[col], column),
                    row[col],
                    row[0],
                    header[col],
                    f"表二原表第{index + 1}行第{col + 1}列",
                )
            )
    return out


def with_2019_cells(report: Report) -> Report:
    """The report with its 2019-layout table-2 cells (those it does not have yet)."""
    if report.tables.layout != "2019" or not report.tables.raw_table2:
        return report
    have = {(c.table, c.row, c.column) for c in report.tables.cells}
    extra = [c for c in _cells(report) if (c.table, c.row, c.column) not in have]
    if not extra:
        return report
    return replace(report, tables=replace(report.tables, cells=[*report.tables.cells, *extra]))
