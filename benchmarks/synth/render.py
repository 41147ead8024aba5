"""A synthetic report (title, paragraphs, grids) written as the files agencies publish: plain text as Word
exports it (one cell per TAB line, or one row per line with TABs), an HTML page with rowspan/colspan, and
a .docx with merged cells. Text and HTML come in UTF-8 or GBK.
"""

from __future__ import annotations

import html
import io
import random
from collections.abc import Iterator
from dataclasses import dataclass

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement

from benchmarks.synth.layout import Cell, Grid

Block = tuple[str, str] | tuple[str, Grid]  # ("p", text) | ("table", grid)
# Header labels that Word wraps in narrow columns (the seed report's 「商业\n企业」).
WRAPPED = {
    "商业企业": "商业\n企业",
    "科研机构": "科研\n机构",
    "结果纠正": "结果\n纠正",
    "其他结果": "其他\n结果",
    "尚未审结": "尚未\n审结",
}


@dataclass(frozen=True)
class Placed:
    """A cell at its grid position; `covered` marks the rows a rowspan reaches below its origin."""

    row: int
    col: int
    cell: Cell
    covered: bool = False


def placements(grid: Grid) -> Iterator[list[Placed]]:
    """Per row, the cells in column order, with the continuation of each rowspan from above (HTML's
    table algorithm; Word prints those continuations as empty vMerge cells)."""
    taken: dict[tuple[int, int], Placed] = {}
    for r, row in enumerate(grid):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            origin = Placed(r, c, cell)
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    taken[(r + dr, c + dc)] = origin
            c += cell.colspan
        placed = []
        seen: set[int] = set()
        for (pr, pc), origin in sorted(taken.items()):
            if pr != r or id(origin) in seen:
                continue
            seen.add(id(origin))
            placed.append(Placed(r, pc, origin.cell, covered=origin.row != r))
        yield placed


def width(grid: Grid) -> int:
    return max(sum(p.cell.colspan for p in row) for row in placements(grid))


# ---- plain text -------------------------------------------------------------------------------


def _text_table(grid: Grid, style: str, wrap: bool) -> list[str]:
    lines: list[str] = []
    for row in placements(grid):
        texts = ["" if p.covered else p.cell.text for p in row]
        if style == "tsv":  # each row one TAB-indented line (a single-cell row would read as prose)
            lines.append("\t" + "\t".join(texts))
        else:
            lines += ["\t" + (WRAPPED.get(t, t) if wrap else t) for t in texts]
            lines.append("")
    return lines


def to_text(blocks: list[Block], rng: random.Random, tsv_ok: bool = True) -> str:
    """Word's 'save as text': a cell per TAB line and rows between blank lines, or TAB-separated rows
    (`tsv_ok` False when empty cells would end a row: the reader strips a line's trailing TABs)."""
    style = rng.choice(("cells", "cells", "tsv")) if tsv_ok else "cells"
    wrap = rng.random() < 0.5
    indent = "\u3000\u3000" if rng.random() < 0.4 else ""
    lines: list[str] = []
    for kind, content in blocks:
        if kind == "table":
            assert not isinstance(content, str)
            lines += [*_text_table(content, style, wrap), ""]
        else:
            assert isinstance(content, str)
            lines.append(indent + content if len(content) > 30 else content)
    return "\n".join(lines) + "\n"


# ---- HTML -------------------------------------------------------------------------------------


def _html_table(grid: Grid, blank: str) -> str:
    rows = []
    for row in grid:
        cells = []
        for cell in row:
            attrs = "".join(
                f' {name}="{value}"'
                for name, value in (("colspan", cell.colspan), ("rowspan", cell.rowspan))
                if value > 1
            )
            text = html.escape(cell.text) if cell.text else blank
            cells.append(f"<td{attrs}>{text}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return '<table border="1" cellspacing="0">\n' + "\n".join(rows) + "\n</table>"


def to_html(blocks: list[Block], title: str, charset: str, rng: random.Random) -> str:
    """A published page: the article inside some site chrome (navigation, footer)."""
    blank = rng.choice(("", "&nbsp;"))
    body = []
    for kind, content in blocks:
        if kind == "table":
            assert not isinstance(content, str)
            body.append(_html_table(content, blank))
        else:
            assert isinstance(content, str)
            body.append(f"<p>{html.escape(content)}</p>")
    chrome = rng.random() < 0.5
    nav = '<div class="nav">首页 &gt; 政务公开 &gt; 年度报告</div>\n' if chrome else ""
    footer = '<div class="footer">主办单位：合成政务网站群</div>\n' if chrome else ""
    return (
        f'<!DOCTYPE html>\n<html><head><meta charset="{charset}"><title>{html.escape(title)}</title></head>\n'
        f'<body>\n{nav}<div class="article">\n' + "\n".join(body) + f"\n</div>\n{footer}</body></html>\n"
    )


# ---- Word -------------------------------------------------------------------------------------


def _tc(p: Placed) -> BaseOxmlElement:
    """One <w:tc>: python-docx's cell merging rescans the table per call (seconds per report), so the
    cells are written directly, spans as gridSpan and vMerge as Word writes them."""
    tc, props, paragraph = OxmlElement("w:tc"), OxmlElement("w:tcPr"), OxmlElement("w:p")
    if p.cell.colspan > 1:
        span = OxmlElement("w:gridSpan")
        span.set(qn("w:val"), str(p.cell.colspan))
        props.append(span)
    if p.covered or p.cell.rowspan > 1:
        merge = OxmlElement("w:vMerge")
        if not p.covered:
            merge.set(qn("w:val"), "restart")
        props.append(merge)
    tc.append(props)
    if p.cell.text and not p.covered:
        run, text = OxmlElement("w:r"), OxmlElement("w:t")
        text.text = p.cell.text
        run.append(text)
        paragraph.append(run)
    tc.append(paragraph)
    return tc


def to_docx(blocks: list[Block]) -> bytes:
    document = docx.Document()
    for kind, content in blocks:
        if kind != "table":
            assert isinstance(content, str)
            document.add_paragraph(content)
            continue
        assert not isinstance(content, str)
        table = document.add_table(rows=0, cols=width(content))
        table.style = "Table Grid"
        for row in placements(content):
            tr = OxmlElement("w:tr")
            for placed in row:
                tr.append(_tc(placed))
            table._tbl.append(tr)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
