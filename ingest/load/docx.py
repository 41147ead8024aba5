"""Word (.docx) reports: paragraphs and tables in body order, merged cells expanded.

Why the body XML and not `doc.paragraphs` then `doc.tables`: the parser needs each table after
the heading that names it. python-docx's `row.cells` repeats merged cells without saying which
are continuations, so spans are read from `w:gridSpan` / `w:vMerge` directly.
"""

from __future__ import annotations

import io
import zipfile
import zlib

import docx
from docx.opc.exceptions import OpcError
from docx.oxml.ns import qn
from docx.oxml.table import CT_Tbl, CT_Tc
from docx.oxml.text.paragraph import CT_P
from lxml import etree

from ingest.load.failures import Unreadable
from ingest.load.grid import SourceCell, expand
from ingest.load.normalize import normalize_cell, normalize_text
from ingest.records import Block, TableBlock, TextBlock

_LAYOUT_CELL = 600  # a data cell is a label or a figure; a cell this long is a page of prose


def parse_docx(data: bytes) -> tuple[Block, ...]:
    """Blocks of a .docx file, in body order."""
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, OpcError, KeyError, ValueError, etree.XMLSyntaxError) as exc:
        detail = str(exc) or type(exc).__name__
        raise Unreadable(f"不是有效的Word文档（.docx）(not a Word document: {detail[:120]})") from exc
    except (zlib.error, EOFError, OSError, NotImplementedError) as exc:
        raise Unreadable(f"Word文档已损坏或不完整 (damaged or truncated .docx: {str(exc)[:120]})") from exc
    blocks: list[Block] = []
    _walk(document.element.body, blocks)
    return tuple(blocks)


def _walk(container: etree._Element, blocks: list[Block]) -> None:
    for child in container.iterchildren():
        if isinstance(child, CT_P):
            # A soft line break (w:br) inside a paragraph separates lines like separate paragraphs.
            for line in _paragraph_text(child).split("\n"):
                if text := normalize_text(line):
                    blocks.append(TextBlock(text))
        elif isinstance(child, CT_Tbl):
            if _is_layout(child):  # a frame around the text: read its cells as body
                for tc in child.iter(qn("w:tc")):
                    if tc.getparent().getparent() is child:
                        _walk(tc, blocks)
            elif (table := _table(child)) is not None:
                blocks.append(table)
        elif child.tag in (qn("w:sdt"), qn("w:customXml")):  # content controls wrap body blocks
            content = child.find(qn("w:sdtContent"))
            _walk(content if content is not None else child, blocks)


def _paragraph_text(p: etree._Element) -> str:
    """Text of the runs (including hyperlinks and fields), tabs and breaks as whitespace."""
    parts: list[str] = []
    for el in p.iter(qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr")):
        if el.tag == qn("w:t"):
            parts.append(el.text or "")
        elif el.tag == qn("w:tab"):
            parts.append(" ")
        else:
            parts.append("\n")
    return "".join(parts)


def _cell_text(tc: CT_Tc) -> str:
    """All paragraphs of a cell joined without newline (a wrapped label is one label)."""
    return normalize_cell("\n".join(_paragraph_text(p) for p in tc.iter(qn("w:p"))))


def _is_layout(tbl: CT_Tbl) -> bool:
    """A table used as a frame: one column, a nested table, or a cell holding long prose."""
    if not tbl.tr_lst or tbl.find(f".//{qn('w:tbl')}") is not None:
        return True
    if max(sum(tc.grid_span for tc in tr.tc_lst) for tr in tbl.tr_lst) <= 1:
        return True
    return any(len(_cell_text(tc)) > _LAYOUT_CELL for tr in tbl.tr_lst for tc in tr.tc_lst)


def _table(tbl: CT_Tbl) -> TableBlock | None:
    rows: list[list[SourceCell]] = []
    for tr in tbl.tr_lst:
        row = [SourceCell("", printed=False) for _ in range(tr.grid_before)]
        for tc in tr.tc_lst:
            span = tc.grid_span
            if tc.vMerge == "continue":
                row.extend(SourceCell("", covered=True) for _ in range(span))
            else:
                row.append(SourceCell(_cell_text(tc), colspan=span))
        rows.append(row)
    return expand(rows)
