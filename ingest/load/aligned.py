"""Tables laid out with spaces (`pdftotext -layout`, a PDF "copied as text"), read back into rows.

Why this is hard: nothing marks a cell. A row's figures share a line, but its label wraps over lines
above and below that line (text is centred vertically in a tall cell), a merged group label
(「（三）不予公开」) sits half-way down the rows it spans, a vertical label is one character a line, blank
cells are just missing, and a page number can fall in the middle of the table. So we read geometry:

- an *anchor* is a line ending in figures (each figure its own space-separated token); a run of other
  lines reaching into the figures' columns is a *header* (its words stacked into column headings);
- label words are grouped into columns by where they start, and each column's words are given to the
  anchor whose line they are on, else to the next anchor from the first word that starts a new label
  (「1.」「（三）」), else to the nearest anchor;
- figures are placed in columns by position: the column headings under the header (or the rows that
  fill every column) give the positions, and a short row's figures go to the nearest columns in order.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ingest.load.aligned_lines import VALUE, Line, split_line
from ingest.load.aligned_rows import table_rows
from ingest.load.normalize import HEADING, normalize_text
from ingest.records import Block, TableBlock, TextBlock

_TOP_HEADING = re.compile(r"^[一二三四五六七八九十]+、\S{4,}")
_PAGE_NUMBER = re.compile(
    r"^\s*(?:[-－—–]\s*\d{1,4}\s*[-－—–]|第\s*\d+\s*页(?:\s*[，,]?\s*共\s*\d+\s*页)?)\s*$"
)
_SENTENCE_END = ("。", "；", ";", "：", ":")
_PROSE_INDENT = 8  # a paragraph's first line is indented by two characters (up to ~8 columns)
_HEAD_REACH = 2  # lines from a page break where a running header or footer sits
_HEAD_REPEATS = 2


# ---- which lines are a table -----------------------------------------------------------------------


def _body_width(lines: list[Line]) -> int:
    """The right edge of full prose lines (the most common end among long one-fragment lines)."""
    ends = [
        round(ln.labels[0].end)
        for ln in lines
        if len(ln.labels) == 1 and not ln.values and len(ln.labels[0].text) >= 15
    ]
    if not ends:
        return 10**6
    counts: dict[int, int] = {}
    for e in ends:
        counts[e] = counts.get(e, 0) + 1
    best = max(counts, key=lambda e: (sum(counts.get(e + d, 0) for d in (-1, 0, 1)), e))
    return best if sum(counts.get(best + d, 0) for d in (-1, 0, 1)) >= max(3, len(ends) // 5) else 10**6


def _is_prose(line: Line, body: int) -> bool:
    """A one-fragment line from the left margin that fills the body width or ends a sentence."""
    if line.values or len(line.labels) != 1:
        return False
    frag = line.labels[0]
    if frag.start > _PROSE_INDENT:
        return False
    return abs(frag.end - body) <= 2 or frag.text.endswith(_SENTENCE_END) or len(frag.text) > 60


def _is_section_heading(lines: list[Line], k: int) -> bool:
    """「四、政府信息公开行政复议、行政诉讼情况」 between two tables (a table-3 row label 「四、结转…」
    has its figures on its line or on the next one)."""
    line = lines[k]
    if line.values or len(line.labels) != 1 or not _TOP_HEADING.match(line.labels[0].text):
        return False
    following = next((ln for ln in lines[k + 1 :] if not ln.blank), None)
    return following is None or bool(following.labels)


def regions(lines: list[Line]) -> list[tuple[str, list[Line]]]:
    """("table", lines) and ("text", lines) runs in order. A table run holds figures; prose lines and
    section headings end it, and the headings and blank lines leading it are text."""
    body = _body_width(lines)
    out: list[tuple[str, list[Line]]] = []
    run: list[Line] = []

    def add(kind: str, part: list[Line]) -> None:
        if out and out[-1][0] == kind == "text":
            out[-1][1].extend(part)
        elif part:
            out.append((kind, list(part)))

    def close() -> None:
        lead = 0
        if any(ln.is_anchor for ln in run):
            while lead < len(run) and (run[lead].blank or _TOP_HEADING.match(_text(run[lead]))):
                lead += 1
            add("text", run[:lead])
            add("table", run[lead:])
        else:
            add("text", run)
        run.clear()

    for k, line in enumerate(lines):
        if _is_prose(line, body) or _is_section_heading(lines, k):
            close()
            add("text", [line])
        else:
            run.append(line)
    close()
    return out


def _text(line: Line) -> str:
    return " ".join(f.text for f in line.labels + line.values)


# ---- entry point -----------------------------------------------------------------------------------


def read_aligned(texts: Sequence[str]) -> list[Block]:
    """Blocks of plain-text lines that may hold space-aligned tables; prose lines wrapped at a fixed
    width (a PDF's text) are joined back into paragraphs."""
    lines = []
    page = 0
    heads = running_heads(texts)
    for i, t in enumerate(texts):
        page += t.count("\f")
        if i not in heads and not _PAGE_NUMBER.match(t.replace("\f", "")):
            line = split_line(i, t.replace("\f", ""))
            line.page = page
            lines.append(line)
    body = _body_width(lines)
    blocks: list[Block] = []
    for kind, run in regions(lines):
        if kind == "table":
            rows = table_rows(run)
            if rows:
                grid = tuple(tuple(r) for r in rows)
                blocks.append(TableBlock(grid=grid, printed=grid))
        else:
            blocks += paragraphs(run, body)
    return blocks


def running_heads(texts: Sequence[str]) -> set[int]:
    """Lines of a running header or footer: the same text next to at least two page breaks (within
    two lines), which would otherwise land inside a table that runs over the break."""
    breaks = [i for i, t in enumerate(texts) if "\f" in t]
    near: dict[str, list[int]] = {}
    for b in breaks:
        for i in (*range(max(0, b - _HEAD_REACH), b), *range(b, min(len(texts), b + _HEAD_REACH + 1))):
            key = re.sub(r"\s+", "", texts[i].replace("\f", ""))
            if key and not VALUE.match(key):
                near.setdefault(key, []).append(i)
    return {i for key, found in near.items() if len(set(found)) >= _HEAD_REPEATS for i in found}


def paragraphs(lines: list[Line], body: int) -> list[TextBlock]:
    """Prose lines as paragraphs: a line that reaches the body's right edge continues on the next one,
    unless that one starts a heading."""
    out: list[str] = []
    joining = False
    for line in lines:
        if line.blank:
            joining = False
            continue
        text = normalize_text(_text(line))
        if joining and out and not HEADING.match(text):
            out[-1] = normalize_text(out[-1] + text)
        else:
            out.append(text)
        end = (line.labels or line.values)[-1].end if not line.values else line.values[-1].end
        joining = end >= body - 2 and not text.endswith("。") if body < 10**6 else False
    return [TextBlock(t) for t in out if t]
