"""Tables 2, 3 and 4 as format-neutral grids in the official layouts (国办公开办函〔2021〕30号 for 2021–2025
reports; the 2019–2020 format with its own table 2 and a single （六）其他处理 row in table 3).

A grid is rows of `Cell`s that start in that row (HTML's model: a rowspan covers the rows below), so one
definition renders to HTML, Word and plain text alike (`benchmarks.synth.render`).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from benchmarks.synth.printed import Printed
from ingest import schema

TABLE_APP = schema.TABLE_APPLICATIONS
TABLE_REVIEW = schema.TABLE_REVIEW


@dataclass(frozen=True)
class Cell:
    text: str
    colspan: int = 1
    rowspan: int = 1


Grid = list[list[Cell]]

# Printed variants of some table-3 labels, as real reports write them (older wording, 「1、」 numbering).
LABEL_VARIANTS: dict[str, tuple[str, ...]] = {
    "denied_three_safeties_one_stability": ("3.危及“国家安全、公共安全、经济安全、社会稳定”",),
    "partially_granted": ("（二）部分公开",),
    "not_processed_excessive": ("4.无正当理由大量反复申请",),
}
T3_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"


def _label(rng: random.Random, key: str, numbering: str) -> str:
    label = schema.ROW_BY_KEY[key].label
    if key in LABEL_VARIANTS and rng.random() < 0.3:
        label = rng.choice(LABEL_VARIANTS[key])
    if numbering != "." and label[:1].isdigit() and label[1:2] == ".":
        label = label[0] + numbering + label[2:]
    return label


def _values(printed: Printed, row: str) -> list[Cell]:
    return [Cell(printed.text(TABLE_APP, row, c)) for c in schema.APPLICATION_COLUMN_KEYS]


def table3(rng: random.Random, printed: Printed) -> Grid:
    """表三 with its three header rows, merged group labels and the outcome rows of the layout."""
    numbering = "." if rng.random() < 0.85 else "、"
    legal = [Cell(c.label) for c in schema.APPLICATION_COLUMNS if c.group]
    grid: Grid = [
        [Cell(T3_NOTE, 3, 3), Cell("申请人情况", 7)],
        [Cell("自然人", rowspan=2), Cell(schema.LEGAL_PERSONS_LABEL, 5), Cell("总计", rowspan=2)],
        legal,
    ]
    rows = printed.figures.applications
    for key in ("new_received", "carried_over"):
        grid.append([Cell(schema.ROW_BY_KEY[key].label, 3), *_values(printed, key)])
    groups: list[tuple[str | None, list[str]]] = [(None, ["granted"]), (None, ["partially_granted"])]
    for group, keys in (
        ("denied", schema.DENIED_ROWS),
        ("unavailable", schema.UNAVAILABLE_ROWS),
        ("not_processed", schema.NOT_PROCESSED_ROWS),
        ("other", schema.OTHER_ROWS),
    ):
        present = [k for k in keys if k in rows]
        if present:
            groups.append((schema.GROUP_LABELS[group], present))
    if "other_processing" in rows:
        groups.append((None, ["other_processing"]))
    groups.append((None, ["total_handled"]))
    n_results = sum(len(keys) for _, keys in groups)
    first = True
    for group_label, row_keys in groups:
        for i, key in enumerate(row_keys):
            row = [Cell(schema.GROUP_LABELS["results"], rowspan=n_results)] if first else []
            first = False
            if group_label is None:
                row.append(Cell(_label(rng, key, numbering), 2))
            else:
                if i == 0:
                    row.append(Cell(group_label, rowspan=len(row_keys)))
                row.append(Cell(_label(rng, key, numbering)))
            grid.append(row + _values(printed, key))
    grid.append([Cell(schema.ROW_BY_KEY["carried_forward"].label, 3), *_values(printed, "carried_forward")])
    return grid


def table4(printed: Printed) -> Grid:
    columns = [c.label for c in schema.REVIEW_COLUMNS]
    values = [
        Cell(printed.text(TABLE_REVIEW, group, column))
        for group in schema.REVIEW_GROUP_KEYS
        for column in schema.REVIEW_COLUMN_KEYS
    ]
    return [
        [Cell("行政复议", 5), Cell("行政诉讼", 10)],
        [*(Cell(c, rowspan=2) for c in columns), Cell("未经复议直接起诉", 5), Cell("复议后起诉", 5)],
        [Cell(c) for c in columns * 2],
        values,
    ]


def _section(title: str, width: int = 4) -> list[Cell]:
    return [Cell(title, width)]


def _stretched(cells: list[str], width: int = 4) -> list[Cell]:
    """A row whose last cell spans what the row lacks of the table's width."""
    out = [Cell(t) for t in cells]
    last = out[-1]
    out[-1] = Cell(last.text, width - len(cells) + 1)
    return out


def table2_2021(printed: Printed) -> Grid:
    def value(row: str, column: str) -> str:
        return printed.text(schema.TABLE_PROACTIVE, row, column)

    fee_head = schema.PROACTIVE_COLUMN_BY_KEY["amount_10k_yuan"].label
    grid: Grid = [
        _section("第二十条第（一）项"),
        [
            Cell("信息内容"),
            *(Cell(schema.PROACTIVE_COLUMN_BY_KEY[c].label) for c in ("issued", "repealed", "in_force")),
        ],
    ]
    for row in ("regulations", "normative_documents"):
        label = schema.PROACTIVE_ROW_BY_KEY[row].label
        grid.append([Cell(label), *(Cell(value(row, c)) for c in ("issued", "repealed", "in_force"))])
    for title, rows, head, column in (
        ("第二十条第（五）项", ("administrative_licensing",), "本年处理决定数量", "decisions"),
        (
            "第二十条第（六）项",
            ("administrative_punishment", "administrative_coercion"),
            "本年处理决定数量",
            "decisions",
        ),
        ("第二十条第（八）项", ("administrative_fees",), fee_head, "amount_10k_yuan"),
    ):
        grid.append(_section(title))
        grid.append(_stretched(["信息内容", head]))
        for row in rows:
            grid.append(_stretched([schema.PROACTIVE_ROW_BY_KEY[row].label, value(row, column)]))
    return grid


def table2_2019(printed: Printed) -> Grid:
    """The 2019–2020 table 2 (other columns, 其他对外管理服务事项, 政府集中采购)."""
    return [list(_stretched(cells)) for cells in table2_2019_rows(printed)]


def table2_2019_rows(printed: Printed) -> list[list[str]]:
    """The rows of the older table 2 as printed texts (also the expected `raw_table2`)."""
    old = printed.figures.proactive_2019
    label = {key: item.label for key, item in schema.PROACTIVE_ROW_BY_KEY.items()}
    label["normative_documents"] = "规范性文件"  # the 2019 format's word
    column = {key: item.label for key, item in schema.PROACTIVE_COLUMN_BY_KEY.items()}

    def n(row: str, col: str) -> str:
        return printed.number(old[row][col])

    made = ("made", "published", "published_total")
    items = ("items_last_year", "items_change", "decisions")
    rows = [["第二十条第（一）项"], ["信息内容", *(column[c] for c in made)]]
    rows += [[label[r], *(n(r, c) for c in made)] for r in ("regulations", "normative_documents")]
    for title, keys in (
        ("第二十条第（五）项", ("administrative_licensing", "other_external_services")),
        ("第二十条第（六）项", ("administrative_punishment", "administrative_coercion")),
    ):
        rows += [[title], ["信息内容", column["items_last_year"], column["items_change"], "处理决定数量"]]
        rows += [[label[r], *(n(r, c) for c in items)] for r in keys]
    fee_columns = ["items_last_year", "items_change"] + (
        ["amount_10k_yuan"] if printed.figures.fees_printed_2019 else []
    )
    rows += [["第二十条第（八）项"], ["信息内容", *(column[c] for c in fee_columns)]]
    rows.append([label["administrative_fees"], *(n("administrative_fees", c) for c in fee_columns)])
    procurement = old["government_procurement"]
    amount = procurement["procurement_amount_10k_yuan"]
    if printed.figures.procurement_in_yuan:
        amount_head, amount_text = "采购总金额", f"{round(amount * 10_000)}元"
    else:
        amount_head, amount_text = "采购总金额（万元）", printed.number(amount)
    rows += [["第二十条第（九）项"], ["信息内容", column["procurement_items"], amount_head]]
    rows.append(
        [label["government_procurement"], printed.number(procurement["procurement_items"]), amount_text]
    )
    return rows
