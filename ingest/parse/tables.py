"""Table blocks -> the three standard tables (design §2), read by meaning.

All table rows of a report are read as one stream (tables continue across page breaks, headers repeat
or go missing). Header rows switch the reader between table 2 (第二十条…), table 3 (申请人情况 / 自然人)
and table 4 (行政复议 / 行政诉讼). Table 3 rows are matched to contract rows by their labels, with the
group (（三）不予公开 …) and the printed ordinal as context; columns follow the printed header order.
Table 4 columns are aligned under their headers; table 2 values under their header row.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ingest import schema
from ingest.parse.labels import best_label, core, similarity, split_numbering
from ingest.parse.proactive import ProactiveReader
from ingest.parse.rows import Row, cell_value, dedup, is_value, rows_of
from ingest.records import Finding, TableBlock, TableCell, Tables

N_APP_COLUMNS = len(schema.APPLICATION_COLUMN_KEYS)
N_REVIEW_VALUES = len(schema.REVIEW_GROUP_KEYS) * len(schema.REVIEW_COLUMN_KEYS)
_UNPLACED = (
    "但看不出各数字在哪一列（按空格对齐的文本不给空白单元格留位置，数字与表头对不齐），为免记错列而未读取；"
    "请用PDF、Word或网页原件"
)


def _unplaced_figures(cells: Sequence[str], width: int) -> list[str]:
    """The figures ending a row that has fewer of them than the table has columns and no blank cell
    among them: a row whose figures the loader could not place (`ingest.load.aligned_rows`)."""
    k = len(cells)
    while k > 0 and cells[k - 1] and is_value(cells[k - 1]):
        k -= 1
    figures = list(cells[k:])
    return figures if 0 < len(figures) < width and all(c == "" or not is_value(c) for c in cells[:k]) else []


def _split(row: Row, n_values: int) -> tuple[list[str], list[tuple[int, str]]] | None:
    """(label cells, [(column index, value text)]) when the row ends in `n_values` value cells."""
    if len(row.cells) < n_values + 1:
        return None
    tail = row.cells[-n_values:]
    if not all(is_value(c) for c in tail):
        return None
    labels = dedup(row.cells[:-n_values])
    start = len(row.cells) - n_values
    return labels, [(start + i, c) for i, c in enumerate(tail)]


# ---- table 3 ----------------------------------------------------------------------------------

_GROUP_ROWS = {key: schema.Label(key, text) for key, text in schema.GROUP_LABELS.items() if key != "results"}
_TOP_ROWS = tuple(r for r in schema.APPLICATION_ROWS if r.group in (None, "results"))


def _group_of(text: str) -> str | None:
    number, words = split_numbering(text)
    if not words:
        return None
    for key, label in _GROUP_ROWS.items():
        if similarity(text, label.label) >= 0.8 or (core(label.label) in core(text) and len(core(text)) <= 6):
            return key
    # "（四）无" + "法提供": a group label cut by a page break still carries its ordinal
    if number in (3, 4, 5, 6) and text.startswith(("（", "(")) and len(core(text)) <= 3:
        return {3: "denied", 4: "unavailable", 5: "not_processed", 6: "other"}[number]
    return None


def _application_columns(headers: list[Row]) -> tuple[str, ...]:
    """Column keys in printed order from the header rows; the official order when unreadable."""
    main: list[str] = []
    subs: list[str] = []
    for row in headers:
        for cell in dedup(row.cells):
            if "自然人" in cell:
                main.append("natural_person")
            elif schema.LEGAL_PERSONS_LABEL in cell:
                main.append("legal_persons")
            elif cell in ("总计", "合计"):
                main.append("total")
            else:
                match = best_label(cell, [c for c in schema.APPLICATION_COLUMNS if c.group], threshold=0.8)
                if match and match.label.key not in subs:
                    subs.append(match.label.key)
    order: list[str] = []
    for key in dict.fromkeys(main):
        order.extend(subs if key == "legal_persons" else [key])
    if sorted(order) == sorted(schema.APPLICATION_COLUMN_KEYS):
        return tuple(order)
    return schema.APPLICATION_COLUMN_KEYS


def _column_label(key: str) -> str:
    return schema.COLUMN_BY_KEY[key].label


@dataclass
class _ApplicationReader:
    headers: list[Row] = field(default_factory=list)
    group: str | None = None
    found: dict[str, tuple[Row, list[str], list[tuple[int, str]]]] = field(default_factory=dict)
    unplaced: list[Finding] = field(default_factory=list)

    def _note_unplaced(self, row: Row) -> None:
        figures = _unplaced_figures(row.cells, N_APP_COLUMNS)
        labels = dedup(row.cells[: len(row.cells) - len(figures)])
        if figures and labels and (key := self._match(labels)) and key not in self.found:
            message = f"表三「{labels[-1]}」行印有{len(figures)}个数字（{' '.join(figures)}），{_UNPLACED}"
            self.unplaced.append(Finding("A3", "not_assessable", message))

    def feed(self, row: Row) -> bool:
        split = _split(row, N_APP_COLUMNS)
        if split is None or not split[0]:
            self._note_unplaced(row)
            if not any(is_value(c) and c for c in row.cells):
                self.headers.append(row)
                for cell in dedup(row.cells):
                    self.group = _group_of(cell) or self.group
            return False
        labels, values = split
        key = self._match(labels)
        if key and key not in self.found:
            self.found[key] = (row, labels, values)
        return key is not None

    def _match(self, labels: list[str]) -> str | None:
        group = None
        for cell in labels[:-1]:
            group = _group_of(cell) or group
        leaf = labels[-1]
        number, _ = split_numbering(leaf)
        leaf_group = _group_of(leaf)
        if leaf_group == "other" and group is None:
            return "other_processing"  # 2019–2020 layout: （六）其他处理 is one row with values
        if group is None and number is not None and leaf[0].isdigit():
            group = self._numbered_group(leaf, number)  # its group label printed rows away, or lost
        if group is not None:
            self.group = group
            match = best_label(leaf, [r for r in schema.APPLICATION_ROWS if r.group == group], number=number)
        else:
            match = best_label(leaf, _TOP_ROWS, threshold=0.7)
            if match is None:
                match = best_label(leaf, schema.APPLICATION_ROWS, number=number, threshold=0.75)
        if match is None:
            return None
        if match.label.group in _GROUP_ROWS:
            self.group = match.label.group
        return match.label.key

    def _numbered_group(self, leaf: str, number: int) -> str | None:
        """The group of a numbered sub-row printed without its group label (the label sits half-way
        down the rows it spans, or a converter dropped the merged cell): the current group or one
        after it in the official order, whichever names the row best."""
        order = [g for g in _GROUP_ROWS if g != "other" or "other_processing" not in self.found]
        start = order.index(self.group) if self.group in order else 0
        best: tuple[float, str] | None = None
        for group in order[start:]:
            match = best_label(leaf, [r for r in schema.APPLICATION_ROWS if r.group == group], number=number)
            if match and (best is None or match.score > best[0] + 1e-9):
                best = (match.score, group)
        return best[1] if best else self.group

    def cells(self) -> list[TableCell]:
        columns = _application_columns(self.headers)
        out = []
        for key in schema.APPLICATION_ROW_KEYS:
            if key not in self.found:
                continue
            row, labels, values = self.found[key]
            for column, (index, text) in zip(columns, values, strict=True):
                out.append(
                    TableCell(
                        schema.TABLE_APPLICATIONS,
                        key,
                        column,
                        cell_value(text),
                        text,
                        "/".join(labels),
                        _column_label(column),
                        row.position(index),
                    )
                )
        return out


# ---- table 4 ----------------------------------------------------------------------------------

_REVIEW_GROUP_WORDS = (
    ("litigation_after_review", "复议后起诉"),
    ("litigation_direct", "直接起诉"),
    ("review", "行政复议"),
)


def _review_layout(headers: list[Row], width: int) -> list[tuple[str, str]]:
    """(group, column) for each of the value positions, from headers aligned with the values."""
    official = [(g, c) for g in schema.REVIEW_GROUP_KEYS for c in schema.REVIEW_COLUMN_KEYS]
    aligned = [h for h in headers if len(h.cells) == width]
    if not aligned:
        return official
    layout = []
    for pos in range(width - N_REVIEW_VALUES, width):
        group = column = None
        for header in aligned:
            text = header.cells[pos]
            for key, word in _REVIEW_GROUP_WORDS:
                if word in text:
                    group = key
                    break
            match = best_label(text, schema.REVIEW_COLUMNS, threshold=0.8)
            if match:
                column = match.label.key
        if group is None or column is None:
            return official
        layout.append((group, column))
    return layout if len(set(layout)) == N_REVIEW_VALUES else official


@dataclass
class _ReviewReader:
    headers: list[Row] = field(default_factory=list)
    values: list[tuple[Row, int, str]] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return len(self.values) >= N_REVIEW_VALUES

    def feed(self, row: Row) -> bool:
        if self.complete:
            return False
        cells = [c for c in row.cells]
        if cells and all(is_value(c) for c in cells) and any(c for c in cells):
            self.values.extend((row, i, c) for i, c in enumerate(cells))
            return True
        if not self.values:
            self.headers.append(row)
        return False

    def unplaced(self) -> list[Finding]:
        figures = [text for _, _, text in self.values if text]
        if not figures or len(self.values) >= N_REVIEW_VALUES:
            return []
        message = f"表四印有{len(figures)}个数字（{' '.join(figures)}），{_UNPLACED}"
        return [Finding("B1", "not_assessable", message)]

    def cells(self) -> list[TableCell]:
        values = self.values
        width = len(values[0][0].cells) if values else 0
        if len(values) > N_REVIEW_VALUES and width > N_REVIEW_VALUES:
            values = values[width - N_REVIEW_VALUES : width]  # leading blank label cells of the row
        values = values[:N_REVIEW_VALUES]
        if len(values) < N_REVIEW_VALUES:
            return []
        layout = _review_layout(self.headers, width) if width >= N_REVIEW_VALUES else None
        layout = layout or [(g, c) for g in schema.REVIEW_GROUP_KEYS for c in schema.REVIEW_COLUMN_KEYS]
        out = []
        for (group, column), (row, index, text) in zip(layout, values, strict=True):
            glabel = next(g.label for g in schema.REVIEW_GROUPS if g.key == group)
            clabel = next(c.label for c in schema.REVIEW_COLUMNS if c.key == column)
            out.append(
                TableCell(
                    schema.TABLE_REVIEW,
                    group,
                    column,
                    cell_value(text),
                    text,
                    glabel,
                    clabel,
                    row.position(index),
                )
            )
        return out


# ---- the stream -------------------------------------------------------------------------------


def _marks_table2(row: Row) -> bool:
    return any("第二十条" in c for c in row.cells)


def _marks_table3(row: Row) -> bool:
    return any(("申请人情况" in c) or ("自然人" in c) or ("勾稽关系" in c) for c in row.cells)


def _marks_table4(row: Row) -> bool:
    text = "".join(dedup(row.cells))
    return ("行政复议" in text and "行政诉讼" in text) or ("直接起诉" in text and "复议后起诉" in text)


@dataclass(frozen=True)
class TableReading:
    """The standard tables, and a finding for each row whose figures were printed but could not be put
    in their columns (the row is not read: a blank is better than a figure in the wrong cell)."""

    tables: Tables
    unplaced: list[Finding]


def read_tables(blocks: Sequence[TableBlock]) -> Tables:
    return table_reading(blocks).tables


def table_reading(blocks: Sequence[TableBlock]) -> TableReading:
    proactive = ProactiveReader()
    applications = _ApplicationReader()
    review = _ReviewReader()
    state: str | None = None
    for row in rows_of(blocks):
        if not any(row.cells):
            continue
        if _marks_table4(row) and not review.values:
            state = "t4"
        elif _marks_table3(row) and not applications.found:
            state = "t3"
        elif _marks_table2(row) and state in (None, "t2"):
            state = "t2"
        if state == "t2":
            proactive.feed(row)
        elif state == "t3":
            applications.feed(row)
        elif state == "t4":
            review.feed(row)
            if review.complete:
                state = "done"
    tables = Tables(
        cells=proactive.cells + applications.cells() + review.cells(),
        raw_table2=proactive.raw,
    )
    if "other_processing" in applications.found and not any(
        k in applications.found for k in schema.OTHER_ROWS
    ):
        tables.layout = "2019"
    return TableReading(tables, applications.unplaced + review.unplaced())
