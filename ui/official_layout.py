"""Tables 2, 3 and 4 of a parsed report as HTML in the official layout of 国办公开办函〔2021〕30号
(rowspan/colspan as printed), so staff can compare what was read with the original.

Faithful enough to be parsed back: `ingest.load.load_bytes` + `ingest.parse.parse` on a page holding
these tables gives the same cells (numbers as numbers, blanks as blank, the 2019–2020 single
（六）其他处理 row kept). Rows the parser did not read are left out rather than printed blank.

    >>> fragment = render_official_tables(report)          # three <table>s, each after a title line
    >>> render_table(report, schema.TABLE_APPLICATIONS)    # one table, for placing inside section 三
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from ingest import schema
from ingest.numerals import is_blank_mark
from ingest.records import Report, TableCell

_TD = "<td{attrs}>{text}</td>"


def td(text: str, colspan: int = 1, rowspan: int = 1, cls: str = "") -> str:
    attrs = "".join(
        f' {name}="{value}"' for name, value in (("colspan", colspan), ("rowspan", rowspan)) if value != 1
    )
    if cls:
        attrs += f' class="{cls}"'
    return _TD.format(attrs=attrs, text=html.escape(text))


def cell_text(cell: TableCell | None) -> str:
    """A number as the parser reads it back; a blank as printed when it was a blank mark (/, —, 无)."""
    if cell is None:
        return ""
    value = cell.value
    if value is None:
        return cell.raw_text if is_blank_mark(cell.raw_text) else ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def _value(report: Report, table: str, row: str, column: str) -> str:
    return cell_text(report.tables.get(table, row, column))


# ---- 表二 -------------------------------------------------------------------------------------

_PROACTIVE_BLOCKS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("第二十条第（一）项", ("regulations", "normative_documents")),
    ("第二十条第（五）项", ("administrative_licensing",)),
    ("第二十条第（六）项", ("administrative_punishment", "administrative_coercion")),
    ("第二十条第（八）项", ("administrative_fees",)),
)
# The 2019–2020 layout: other columns, 其他对外管理服务事项 under （五）, and 政府集中采购 under （九）.
_PROACTIVE_2019_BLOCKS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("第二十条第（一）项", ("regulations", "normative_documents")),
    ("第二十条第（五）项", ("administrative_licensing", "other_external_services")),
    ("第二十条第（六）项", ("administrative_punishment", "administrative_coercion")),
    ("第二十条第（八）项", ("administrative_fees",)),
    ("第二十条第（九）项", ("government_procurement",)),
)
_MONEY_HEADINGS = {
    "amount_10k_yuan": "本年收费金额（单位：万元）",
    "procurement_amount_10k_yuan": "采购总金额（单位：万元）",
}


def _official_table2_complete(report: Report) -> bool:
    return all(
        report.tables.get(schema.TABLE_PROACTIVE, row, col) is not None
        for row, cols in schema.PROACTIVE_ROW_COLUMNS.items()
        for col in cols
    )


def _raw_table2(raw: Sequence[Sequence[str]]) -> list[str]:
    """An older table 2 (other columns) as printed: short rows stretched to the full width."""
    width = max((len(r) for r in raw), default=1)
    rows = []
    for printed in raw:
        cells = list(printed) or [""]
        spans = [1] * len(cells)
        spans[-1] = width - len(cells) + 1
        rows.append("<tr>" + "".join(td(c, s) for c, s in zip(cells, spans, strict=True)) + "</tr>")
    return rows


def _block_columns(report: Report, layout: dict[str, tuple[str, ...]], keys: tuple[str, ...]) -> list[str]:
    """A block's columns: those of its layout, less a money column the report did not print."""
    columns = list(layout[keys[0]])
    printed = {c.column for c in report.tables.cells if c.table == schema.TABLE_PROACTIVE and c.row in keys}
    return [c for c in columns if c in printed or c not in _MONEY_HEADINGS or not printed]


def table2_rows(report: Report) -> list[str]:
    """Table 2 in the layout the report printed: the 2021 one, the 2019–2020 one from its cells, or (an
    older table not read into cells) the raw grid."""
    if report.tables.proactive_2019:
        blocks, layout = _PROACTIVE_2019_BLOCKS, schema.PROACTIVE_2019_ROW_COLUMNS
    elif not _official_table2_complete(report) and report.tables.raw_table2:
        return _raw_table2(report.tables.raw_table2)
    else:
        blocks, layout = _PROACTIVE_BLOCKS, schema.PROACTIVE_ROW_COLUMNS
    rows = []
    for title, keys in blocks:
        columns = _block_columns(report, layout, keys)
        labels = [_MONEY_HEADINGS.get(c, schema.PROACTIVE_COLUMN_BY_KEY[c].label) for c in columns]
        span = 3 - len(columns)  # a single value column spans the three of 第（一）项
        rows.append("<tr>" + td(title, 4) + "</tr>")
        heads = [td(label, 1 + span if i == len(labels) - 1 else 1) for i, label in enumerate(labels)]
        rows.append("<tr>" + td("信息内容") + "".join(heads) + "</tr>")
        for key in keys:
            values = [_value(report, schema.TABLE_PROACTIVE, key, c) for c in columns]
            cells = [td(v, 1 + span if i == len(values) - 1 else 1, cls="num") for i, v in enumerate(values)]
            rows.append("<tr>" + td(schema.PROACTIVE_ROW_BY_KEY[key].label) + "".join(cells) + "</tr>")
    return rows


# ---- 表三 -------------------------------------------------------------------------------------

_T3_HEADER = (
    "<tr>"
    + td("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", 3, 3)
    + td("申请人情况", 7)
    + "</tr><tr>"
    + td("自然人", rowspan=2)
    + td(schema.LEGAL_PERSONS_LABEL, 5)
    + td("总计", rowspan=2)
    + "</tr><tr>"
    + "".join(td(c.label) for c in schema.APPLICATION_COLUMNS if c.group)
    + "</tr>"
)


def _t3_values(report: Report, row: str) -> str:
    return "".join(
        td(_value(report, schema.TABLE_APPLICATIONS, row, c), cls="num")
        for c in schema.APPLICATION_COLUMN_KEYS
    )


def table3_rows(report: Report) -> list[str]:
    has = {
        key for key in schema.APPLICATION_ROW_KEYS if report.tables.has_row(schema.TABLE_APPLICATIONS, key)
    }
    label = {r.key: r.label for r in schema.APPLICATION_ROWS}
    rows = [_T3_HEADER]
    for key in ("new_received", "carried_over"):
        if key in has:
            rows.append("<tr>" + td(label[key], 3) + _t3_values(report, key) + "</tr>")
    # 三、本年度办理结果: (group label or None, row keys) blocks, only rows the parser read
    blocks: list[tuple[str | None, Sequence[str]]] = []
    for key in ("granted", "partially_granted"):
        if key in has:
            blocks.append((None, [key]))
    for group, group_keys in (
        ("denied", schema.DENIED_ROWS),
        ("unavailable", schema.UNAVAILABLE_ROWS),
        ("not_processed", schema.NOT_PROCESSED_ROWS),
        ("other", schema.OTHER_ROWS),
    ):
        present = [k for k in group_keys if k in has]
        if present:
            blocks.append((schema.GROUP_LABELS[group], present))
    for key in ("other_processing", "total_handled"):
        if key in has:
            blocks.append((None, [key]))
    n_result_rows = sum(len(keys) for _, keys in blocks)
    first = True
    for group_label, row_keys in blocks:
        for i, key in enumerate(row_keys):
            lead = td(schema.GROUP_LABELS["results"], rowspan=n_result_rows) if first else ""
            first = False
            if group_label is None:
                labels = td(label[key], 2)
            else:
                labels = (td(group_label, rowspan=len(row_keys)) if i == 0 else "") + td(label[key])
            rows.append("<tr>" + lead + labels + _t3_values(report, key) + "</tr>")
    if "carried_forward" in has:
        rows.append(
            "<tr>" + td(label["carried_forward"], 3) + _t3_values(report, "carried_forward") + "</tr>"
        )
    return rows


# ---- 表四 -------------------------------------------------------------------------------------


def table4_rows(report: Report) -> list[str]:
    columns = [c.label for c in schema.REVIEW_COLUMNS]
    head1 = "<tr>" + td("行政复议", 5) + td("行政诉讼", 10) + "</tr>"
    head2 = (
        "<tr>"
        + "".join(td(c, rowspan=2) for c in columns)
        + td("未经复议直接起诉", 5)
        + td("复议后起诉", 5)
        + "</tr>"
    )
    head3 = "<tr>" + "".join(td(c) for c in columns) * 2 + "</tr>"
    values = "".join(
        td(_value(report, schema.TABLE_REVIEW, g, c), cls="num")
        for g in schema.REVIEW_GROUP_KEYS
        for c in schema.REVIEW_COLUMN_KEYS
    )
    return [head1, head2, head3, f"<tr>{values}</tr>"]


_BUILDERS = {
    schema.TABLE_PROACTIVE: table2_rows,
    schema.TABLE_APPLICATIONS: table3_rows,
    schema.TABLE_REVIEW: table4_rows,
}


def render_table(report: Report, table: str) -> str:
    """One standard table as a `<table>`; "" when the parser read none of its cells."""
    if not any(c.table == table for c in report.tables.cells) and not (
        table == schema.TABLE_PROACTIVE and report.tables.raw_table2
    ):
        return ""
    rows = "\n".join(_BUILDERS[table](report))
    return f'<table border="1" class="nb-official-{table}">\n{rows}\n</table>'


def render_official_tables(report: Report) -> str:
    """Tables 2, 3 and 4, each after a title paragraph (「表二 主动公开政府信息情况」…)."""
    parts = ['<div class="nb-official">']
    for table in schema.TABLES:
        body = render_table(report, table)
        title = html.escape(schema.TABLE_TITLES[table])
        if body:
            parts.append(f'<p class="nb-official-title"><b>{title}</b></p>\n{body}')
        else:
            parts.append(f'<p class="nb-official-title"><b>{title}</b>：未读到此表</p>')
    parts.append("</div>")
    return "\n".join(parts)
