"""Tables written in Markdown, as converters and people write them, read into TableBlocks.

Why each: PDF/HTML/Word → Markdown converters do not agree on a table syntax. markitdown and pandoc's
GFM write pipe tables (`| a | b |`, with or without outer pipes, a `---` separator row); pandoc's own
Markdown writes grid tables (`+----+`) and space-aligned "simple"/"multiline" tables under `---- ----`
rules; PDF converters (marker, MinerU, pandoc for spanned cells) leave `<table>` HTML inside Markdown.
Each reader takes the lines from a start index and returns the table and the index after it.

Merged cells are lost in all of these but HTML: a spanned label comes out once (its other positions
blank) or written into one cell with a slash (「三、本年度办理结果 / （一）予以公开」), which is split back
into its labels. The parser reads a row by its labels and the figures at its end, so blank positions do
no harm.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence

from ingest.load.html import tables_in
from ingest.load.normalize import normalize_cell
from ingest.records import TableBlock

Found = tuple[list[TableBlock], int]  # the tables read and the index of the first line after them

_PIPE = re.compile(r"(?<!\\)[|｜]")
_SEPARATOR_CELL = re.compile(r"^\s*:?-{2,}:?\s*$")
_GRID_BORDER = re.compile(r"^\s*\+(?:[-=:]+\+)+\s*$")
_DASH_RULE = re.compile(r"^\s*-{3,}(?:\s+-{3,})*\s*$")
_LABEL_SLASH = re.compile(r"\s+[/／]\s+")
_HTML_TABLE_OPEN = re.compile(r"<table\b", re.IGNORECASE)
_HTML_TABLE_CLOSE = re.compile(r"</table\s*>", re.IGNORECASE)
_MAX_HTML_LINES = 5000

# ---- Markdown inline syntax in prose --------------------------------------------------------------

_HEADING_MARK = re.compile(r"^\s{0,3}#{1,6}\s+|\s+#+\s*$")
_EMPHASIS = re.compile(r"(\*\*|__|\*|~~)(?=\S)(.+?)(?<=\S)\1")
_QUOTE_OR_BULLET = re.compile(r"^\s{0,3}(?:>\s?)+|^\s{0,3}[-*+]\s+(?=\S)")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|~<>\"'])")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_TAG = re.compile(r"</?(?:br|p|span|div|strong|b|em|i|u|font|sup|sub|a)\b[^>]*>", re.IGNORECASE)
_ENTITY = {"&nbsp;": " ", "&emsp;": " ", "&ensp;": " ", "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"'}
_HARD_BREAK = re.compile(r"\\$")


def prose_text(line: str) -> str:
    """A prose line without its Markdown: heading marks, bold/italic, quote and bullet marks,
    links (their text kept), escapes, inline HTML tags and entities."""
    text = _HEADING_MARK.sub("", line)
    text = _QUOTE_OR_BULLET.sub("", text)
    text = _LINK.sub(r"\1", text)
    for _ in range(2):  # nested: **_x_**
        text = _EMPHASIS.sub(r"\2", text)
    text = _TAG.sub(" ", text)
    for entity, char in _ENTITY.items():
        text = text.replace(entity, char)
    text = _HARD_BREAK.sub("", text)
    return _ESCAPE.sub(r"\1", text)


_SMART_DASHES = {"---": "—", "--": "–"}  # pandoc's Markdown writes an em dash as ---, an en dash as --


def _cell(text: str) -> str:
    cell = normalize_cell(prose_text(text.replace("\\|", "|")))
    return _SMART_DASHES.get(cell, cell)


def _split_labels(cells: list[str]) -> list[str]:
    """「三、本年度办理结果 / （一）予以公开」 is two merged labels written into one cell."""
    out: list[str] = []
    for cell in cells:
        out.extend(part for part in _LABEL_SLASH.split(cell)) if _LABEL_SLASH.search(cell) else out.append(
            cell
        )
    return out


def _block(rows: list[list[str]]) -> TableBlock | None:
    rows = [row for row in rows if any(c.strip() for c in row)]
    if not rows:
        return None
    grid = tuple(tuple(_split_labels([_cell(c) for c in row])) for row in rows)
    return TableBlock(grid=grid, printed=grid)


# ---- pipe tables ---------------------------------------------------------------------------------


def pipe_cells(line: str) -> list[str] | None:
    """The cells of a pipe-table row (`| a | b |`, `a | b`, full-width `｜`), None for other lines."""
    stripped = line.strip()
    if not _PIPE.search(stripped):
        return None
    parts = _PIPE.split(stripped)
    if stripped[:1] in "|｜":  # outer pipes: the empty parts outside them are no cells
        parts = parts[1:]
        if parts and not parts[-1].strip() and stripped[-1:] in "|｜":
            parts = parts[:-1]
    return parts if len(parts) >= 2 or stripped[:1] in "|｜" else None


def _is_separator(cells: Sequence[str]) -> bool:
    return bool(cells) and all(_SEPARATOR_CELL.match(c) for c in cells)


def read_pipe_table(lines: Sequence[str], start: int) -> Found | None:
    """Consecutive pipe rows (at least two, or one with a separator row); the separator is skipped."""
    rows: list[list[str]] = []
    i = start
    separator = False
    while i < len(lines) and (cells := pipe_cells(lines[i])) is not None:
        if _is_separator(cells):
            separator = True
        else:
            rows.append(cells)
        i += 1
    if len(rows) < 2 and not separator:
        return None
    block = _block(rows)
    return ([block] if block else [], i)


# ---- pandoc grid tables ----------------------------------------------------------------------------


def read_grid_table(lines: Sequence[str], start: int) -> Found | None:
    """`+---+---+` bordered rows; a cell wraps over lines, its pieces joined (pandoc breaks Chinese
    words anywhere: 「上一」+「年项目数量」)."""
    if not _GRID_BORDER.match(lines[start]):
        return None
    rows: list[list[str]] = []
    pieces: list[list[str]] = []
    i = start + 1
    while i < len(lines):
        line = lines[i].strip()
        if _GRID_BORDER.match(line):
            if pieces:
                rows.append(_join_columns(pieces))
            pieces = []
        elif line.startswith("|") and line.endswith("|"):
            pieces.append(_PIPE.split(line)[1:-1])
        else:
            break
        i += 1
    if not rows:
        return None
    block = _block(rows)
    return ([block] if block else [], i)


def _join_columns(pieces: list[list[str]]) -> list[str]:
    width = max(len(p) for p in pieces)
    out = []
    for c in range(width):
        parts = [_HARD_BREAK.sub("", p[c].strip()) for p in pieces if c < len(p) and p[c].strip()]
        out.append(_join_words(parts))
    return out


def _join_words(parts: list[str]) -> str:
    """Wrapped pieces of one cell: no space between Chinese pieces, one between Latin words."""
    text = ""
    for part in parts:
        latin = text[-1:].isascii() and text[-1:].isalnum() and part[:1].isascii() and part[:1].isalnum()
        text += (" " if latin else "") + part
    return text


# ---- pandoc simple and multiline tables ------------------------------------------------------------


def width(text: str) -> int:
    """Display width: CJK and full-width characters take two columns (as pandoc counts them)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _columns(rule: str) -> list[tuple[int, int]]:
    """Display-column extents of the dash runs of a rule line."""
    return [(m.start(), m.end()) for m in re.finditer(r"-+", rule)]


def _slice(line: str, columns: list[tuple[int, int]]) -> list[str]:
    """A line's words put under the column whose extent holds the word's first display column."""
    cells = [""] * len(columns)
    for m in re.finditer(r"\S+(?: \S+)*", line):
        start = width(line[: m.start()])
        index = max((k for k, (a, _) in enumerate(columns) if a <= start), default=0)
        cells[index] = _join_words([cells[index], m.group(0)]) if cells[index] else m.group(0)
    return cells


def read_dash_table(lines: Sequence[str], start: int) -> Found | None:
    """pandoc's simple and multiline tables: columns are the dash runs of a rule line. A table bounded
    by a closing rule holds rows apart by blank lines (multiline: a row's lines are joined per column)
    or one row a line; an open simple table ends at a blank line."""
    if not _DASH_RULE.match(lines[start]):
        return None
    close = _closing_rule(lines, start)
    end = (
        close
        if close is not None
        else next((k for k in range(start + 1, len(lines)) if not lines[k].strip()), len(lines))
    )
    body = list(lines[start + 1 : end])
    runs = [_columns(line) for line in [lines[start], *body] if _DASH_RULE.match(line)]
    columns = next((r for r in reversed(runs) if len(r) > 1), runs[0])
    if len(columns) < 2:
        return None
    rows: list[list[str]] = []
    pending: list[list[str]] = []
    multiline = any(not line.strip() for line in body)
    for line in [*body, ""]:
        if _DASH_RULE.match(line) or not line.strip():
            if pending:
                rows.append(_merge(pending))
            pending = []
        elif multiline:
            pending.append(_slice(line, columns))
        else:
            rows.append(_slice(line, columns))
    block = _block(rows)
    return ([block] if block else [], (close + 1) if close is not None else end)


def _closing_rule(lines: Sequence[str], start: int) -> int | None:
    """The rule that closes a table: followed by a blank line or the end, before two blank lines."""
    for k in range(start + 1, len(lines)):
        if _DASH_RULE.match(lines[k]) and (k + 1 == len(lines) or not lines[k + 1].strip()):
            return k
        if not lines[k].strip() and k + 1 < len(lines) and not lines[k + 1].strip():
            return None
    return None


def _merge(pieces: list[list[str]]) -> list[str]:
    return [_join_words([p[c] for p in pieces if p[c]]) for c in range(len(pieces[0]))]


# ---- HTML tables inside Markdown -------------------------------------------------------------------


def read_html_table(lines: Sequence[str], start: int) -> Found | None:
    """A `<table>` … `</table>` block (nested tables balanced), read by the HTML loader."""
    if not _HTML_TABLE_OPEN.search(lines[start]):
        return None
    depth = 0
    i = start
    while i < len(lines) and i - start < _MAX_HTML_LINES:
        depth += len(_HTML_TABLE_OPEN.findall(lines[i])) - len(_HTML_TABLE_CLOSE.findall(lines[i]))
        i += 1
        if depth <= 0:
            break
    markup = "\n".join(lines[start:i])
    return (tables_in(markup), i)


READERS: tuple[Callable[[Sequence[str], int], Found | None], ...] = (
    read_html_table,
    read_grid_table,
    read_dash_table,
    read_pipe_table,
)


def read_table(lines: Sequence[str], start: int) -> Found | None:
    """The first Markdown table syntax that reads a table starting at this line."""
    for reader in READERS:
        found = reader(lines, start)
        if found is not None:
            return found
    return None
