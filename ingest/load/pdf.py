"""PDF reports (pdfplumber; PyMuPDF is AGPL): prose paragraphs and tables in reading order.

Per page: the table finder's objects are split into real table rows (TableBlocks) and prose rows;
every char outside the real tables is prose, grouped into lines and the lines into paragraphs (a
line wraps at a fixed width; a paragraph starts at an indented line, a heading such as 一、/（一）,
or after a line that stops short). Page numbers ("- 1 -") are dropped. A table that runs over a
page break comes out as consecutive TableBlocks, and the label cells cut by the break are mended
(see `_carry_labels`).
"""

from __future__ import annotations

import io
import itertools
import re
import struct
import zlib
from collections import Counter
from collections.abc import Iterable
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.psexceptions import PSException
from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

from ingest.load.failures import Unreadable
from ingest.load.normalize import HEADING, is_number, normalize_text
from ingest.load.pdflines import Line, group_lines
from ingest.load.pdftables import PdfTable, chars_outside, tables_on_page
from ingest.records import Block, TextBlock

Item = tuple[int, Line | PdfTable]  # (page number, what sits there)

_PAGE_NUMBER = re.compile(
    r"^(?:[-－—–]\s*\d{1,4}\s*[-－—–]|\d{1,4}|第\s*\d+\s*页(?:\s*[，,]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+)$"
)
# A browser prints an HTML table with cellspacing as boxes apart: each cell's borders a pixel or two
# from its neighbour's, and the snapped edges of a row continued on the next page then miss each other
# by more than pdfplumber's default 3 pt (洪泽区 2023/2024 printed by Chromium: the figure column of
# table 2's continued rows was lost). 5 pt still lies well inside the narrowest cell.
_TABLE_SETTINGS = {"intersection_tolerance": 5}
_MARKER = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|\d+[.、．])")
# What a damaged file raises from pdfminer (pdfplumber wraps open-time errors in PdfminerException);
# see also _raised_by_pdf_library. Anything else reaches load()'s generic boundary with its name.
_PDF_ERRORS = (PdfminerException, MalformedPDFException, PSException, zlib.error, struct.error, EOFError)
_FRAGMENT_MAX = 12  # the tail of a label cut by a page break ("法提供" of 「（四）无法提供」)


def parse_pdf(data: bytes) -> tuple[Block, ...]:
    """Blocks of a PDF in reading order; `Unreadable` for encrypted, broken or image-only files."""
    pages: list[list[Item]] = []
    edges: list[Line] = []  # lines in the top or bottom margin band, candidates for running heads
    n_chars = n_cid = 0
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for number, page in enumerate(pdf.pages, start=1):
                chars = [c for c in page.dedupe_chars().chars if c["text"].strip()]
                n_chars += len(chars)
                n_cid += sum(1 for c in chars if c["text"].startswith("(cid:"))
                pages.append(_read_page(page, chars, number))
                edges += [o for _, o in pages[-1] if isinstance(o, Line) and _near_edge(o, page.height, 0.08)]
                page.close()  # free the page's parsed objects: long reports would pile them up
    except Exception as exc:
        if isinstance(exc, _PDF_ERRORS) or _raised_by_pdf_library(exc):
            raise _translate(exc) from exc
        raise
    if n_chars == 0:
        raise Unreadable(
            "PDF中没有可提取的文字，可能是扫描件；不支持OCR (no extractable text: a scanned image? OCR is not supported)"
        )
    if n_cid > n_chars // 2:
        raise Unreadable(
            "PDF字体缺少Unicode映射，文字无法提取 (the fonts carry no Unicode mapping: text cannot be extracted)"
        )
    return _assemble(_drop_running_heads(pages, edges))


def _near_edge(line: Line, height: float, band: float) -> bool:
    return line.top > (1 - band) * height or line.bottom < band * height


def _drop_running_heads(pages: list[list[Item]], edges: list[Line]) -> list[list[Item]]:
    """Drop a header or footer line that repeats on at least three pages and half of them
    (「淮安市人民政府办公室 发布」 printed on every page would otherwise break paragraphs)."""
    counts = Counter(normalize_text(ln.text) for ln in edges)
    repeated = {t for t, n in counts.items() if n >= 3 and n * 2 >= len(pages)}
    doomed = {id(ln) for ln in edges if normalize_text(ln.text) in repeated}
    return [[item for item in page if id(item[1]) not in doomed] for page in pages]


def _raised_by_pdf_library(exc: BaseException) -> bool:
    """pdfminer meets a damaged file with whatever error its code hits (TypeError, KeyError...);
    those are damage, while an error raised in our own code is a bug and must say so."""
    tb = exc.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    filename = tb.tb_frame.f_code.co_filename if tb is not None else ""
    return any(part in filename for part in ("/pdfminer/", "/pdfplumber/", "\\pdfminer\\", "\\pdfplumber\\"))


def _translate(exc: Exception) -> Unreadable:
    """pdfplumber/pdfminer failures as reasons a user can act on."""
    cause = exc.args[0] if isinstance(exc, PdfminerException) and exc.args else exc
    if isinstance(cause, PDFPasswordIncorrect | PDFEncryptionError) or "password" in str(cause).lower():
        return Unreadable("PDF已加密（需要密码），无法读取 (the PDF is password-protected / encrypted)")
    detail = str(cause) or type(cause).__name__
    return Unreadable(f"PDF文件已损坏或不完整，无法解析 (broken or truncated PDF: {detail[:120]})")


def _open_rules(page: Any) -> list[float]:
    """Heights where three or more of a table's vertical borders end but no horizontal rule is drawn: a
    row continued at the top of a page (or cut at its foot) whose border was printed on the other page
    (LibreOffice's PDF of a Word table). Without the rule pdfplumber drops that row."""
    edges = [*page.rects, *page.curves, *page.lines]
    vertical = [e for e in edges if e["bottom"] - e["top"] > 3 * max(e["x1"] - e["x0"], 0.1)]
    horizontal = [e for e in edges if e["x1"] - e["x0"] > 3 * max(e["bottom"] - e["top"], 0.1)]
    ends = Counter(round(e[side]) for e in vertical for side in ("top", "bottom"))
    return sorted(
        float(y)
        for y, n in ends.items()
        if n >= 3 and not any(abs(h["top"] - y) <= 3 or abs(h["bottom"] - y) <= 3 for h in horizontal)
    )


def _read_page(page: Any, chars: list[dict[str, Any]], number: int) -> list[Item]:
    tables: list[PdfTable] = []
    settings = {**_TABLE_SETTINGS, "explicit_horizontal_lines": _open_rules(page)}
    for found in page.find_tables(settings):
        tables += tables_on_page(found, chars, number)
    lines = [ln for ln in group_lines(chars_outside(chars, tables)) if not _is_page_number(ln, page.height)]
    placed: list[tuple[float, Line | PdfTable]] = [(t.bbox[1], t) for t in tables] + [
        (ln.top, ln) for ln in lines
    ]
    placed.sort(key=lambda p: p[0])
    return [(number, obj) for _, obj in placed]


def _is_page_number(line: Line, height: float) -> bool:
    return _near_edge(line, height, 0.12) and bool(_PAGE_NUMBER.match(normalize_text(line.text)))


def _carry_labels(prev: PdfTable, cur: PdfTable) -> None:
    """Mend the label cells a page break cut. A merged label cell spanning the break leaves the
    new page's first row blank in that column (洪泽区 2023/2024: 「（四）无法提供」) or holds the
    tail of the label (淮安市 2024: 「（四）无」 + 「法提供」). Only when the first row is a data
    row (it has a figure) of a table as wide: a repeated header is left alone."""
    if prev.width != cur.width:
        return
    if not any(is_number(t) for t in cur.row_texts(0)):
        _join_label_tails(prev, cur)
        return
    for col in range(cur.width):
        above = prev.cells[prev.ids[-1][col]]
        below = cur.cells[cur.ids[0][col]]
        if is_number(above.text) or is_number(below.text):
            break
        if above.text and not below.text:
            below.text = above.text
        elif (
            above.text
            and below.text
            and above.text != below.text
            and _MARKER.match(above.text)
            and not _MARKER.match(below.text)
            and len(below.text) <= _FRAGMENT_MAX
        ):
            above.text = below.text = above.text + below.text


def _join_label_tails(prev: PdfTable, cur: PdfTable) -> None:
    """A row cut by a page break whose figures stayed on the first page: the new page's first row holds
    only the rest of its labels (「（五）」「1.信访」 + 「不予处理」「举报投诉类申请」), under label columns of
    the row above. The tails join their labels and leave the row; a repeated header has text over
    the figure columns and is left alone."""
    last, first = prev.row_texts(-1), cur.row_texts(0)
    figures = [is_number(t) for t in last]
    if not any(figures) or not any(first):
        return
    if any(text and (figures[col] or not last[col]) for col, text in enumerate(first)):
        return
    spans_on = set(cur.ids[1]) if len(cur.ids) > 1 else set()
    for col, text in enumerate(first):
        if text:
            prev.cells[prev.ids[-1][col]].text = last[col] + text
            if cur.ids[0][col] not in spans_on:
                cur.cells[cur.ids[0][col]].text = ""


def _margins(lines: list[Line]) -> tuple[float, float]:
    """The body's left and right edges: the x0 / x1 most lines share (within 2 pt)."""

    def mode(values: list[float], prefer_high: bool) -> float:
        if not values:
            return 0.0
        return max(values, key=lambda v: (sum(abs(v - w) <= 2 for w in values), v if prefer_high else -v))

    return mode([ln.x0 for ln in lines], False), mode([ln.x1 for ln in lines], True)


def _starts_paragraph(prev: Line | None, line: Line, left: float, right: float) -> bool:
    if prev is None or HEADING.match(normalize_text(line.text)):
        return True
    indented = line.x0 > left + 0.8 * line.size  # first-line indent, or a centred title
    short_before = prev.x1 < right - 1.5 * prev.size  # the previous line ended its paragraph
    new_size = abs(line.size - prev.size) > 0.15 * prev.size
    return indented or short_before or new_size


def _join(lines: Iterable[Line]) -> str:
    """Wrapped lines rejoin without space (Chinese), except between two Latin words."""
    text = ""
    for line in lines:
        text += (" " if _latin(text[-1:]) and _latin(line.text[:1]) else "") + line.text
    return normalize_text(text)


def _latin(ch: str) -> bool:
    return ch.isascii() and ch.isalpha()


def _assemble(pages: list[list[Item]]) -> tuple[Block, ...]:
    for before, after in itertools.pairwise(pages):
        if before and after and isinstance(before[-1][1], PdfTable) and isinstance(after[0][1], PdfTable):
            _carry_labels(before[-1][1], after[0][1])
    all_lines = [obj for page in pages for _, obj in page if isinstance(obj, Line)]
    left, right = _margins(all_lines)
    blocks: list[Block] = []
    paragraph: list[Line] = []
    paragraph_page = 0

    def flush() -> None:
        if paragraph and (text := _join(paragraph)):
            blocks.append(TextBlock(text, page=paragraph_page))
        paragraph.clear()

    for number, obj in (item for page in pages for item in page):
        if isinstance(obj, PdfTable):
            flush()
            blocks.append(obj.block())
            continue
        if _starts_paragraph(paragraph[-1] if paragraph else None, obj, left, right):
            flush()
            paragraph_page = number
        paragraph.append(obj)
    flush()
    return tuple(blocks)
