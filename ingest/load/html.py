"""HTML pages: the published report's body, with site chrome around it on real portals.

Why the care: agencies publish the report as a web page whose tables carry rowspan/colspan and
`&nbsp;` blanks, inside layout tables, navigation and footers. We keep the article: block
elements become TextBlocks in document order, data tables become TableBlocks with spans
expanded, and layout tables (one cell wrapping the article) are walked like any container.
"""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

from ingest.load.grid import SourceCell, expand, parse_span
from ingest.load.normalize import bom_encoding, decode_bytes, normalize_cell, normalize_text
from ingest.records import Block, TableBlock, TextBlock

_DROP = {"script", "style", "noscript", "iframe", "template", "svg", "head", "object", "embed", "select",
         "button", "input", "textarea", "map", "canvas", "video", "audio"}  # fmt: skip
_CHROME_TAGS = {"nav", "header", "footer", "aside"}
_BLOCK = {"p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "main",
          "body", "html", "blockquote", "pre", "dd", "dt", "dl", "center", "address", "figure", "figcaption",
          "caption", "table", "tbody", "thead", "tfoot", "tr", "td", "th", "form", "fieldset", "hr",
          "legend", "details", "summary"}  # fmt: skip
_CHROME = re.compile(
    r"(?:^|[\s_-])(?:nav\w*|menu\w*|breadcrumbs?|crumbs?|footer|foot|share\w*|sidebar|side-?bar|"
    r"topbar|toolbar|copyright|login|search\w*|weizhi|dqwz|location)(?:$|[\s_-])",
    re.IGNORECASE,
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)""", re.IGNORECASE)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
_CHROME_MAX_TEXT = 400  # never drop an element holding this much text: it is the article


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in its first bytes (`<meta charset>` or http-equiv)."""
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii") if match else None


def decode_html(data: bytes) -> tuple[str, str]:
    """BOM, then the declared charset, then sniffing (see normalize.decode_bytes)."""
    declared = None if bom_encoding(data) else declared_charset(data)
    return decode_bytes(data, declared)


def parse_html(text: str) -> tuple[Block, ...]:
    """Blocks of a decoded HTML page, in document order."""
    text = _XML_DECL.sub("", text)
    if not text.strip():
        return ()
    try:
        root = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError):
        return ()
    _strip_chrome(root)
    walker = _Walker()
    walker.visit(root)
    walker.flush()
    return tuple(walker.blocks)


def tables_in(markup: str) -> list[TableBlock]:
    """The data tables of an HTML fragment (a `<table>` block inside Markdown), spans expanded."""
    try:
        root = lxml.html.fragment_fromstring(markup, create_parent="div")
    except (etree.ParserError, ValueError):
        return []
    tables = [el for el in root.iter("table") if not _is_layout_table(el)]
    return [t for t in map(_data_table, tables) if t is not None]


def _strip_chrome(root: lxml.html.HtmlElement) -> None:
    """Remove navigation, headers/footers and elements named like site chrome (nav, menu,
    breadcrumb, footer, share, sidebar...). An element holding a table or much text is kept:
    some portals wrap the whole article in <header> or a div named "nav-content"."""
    doomed = [
        el
        for el in root.iter()
        if isinstance(el.tag, str)
        and el.tag not in ("html", "body")
        and (el.tag in _CHROME_TAGS or _CHROME.search(f"{el.get('id', '')} {el.get('class', '')}"))
    ]
    for el in doomed:
        if el.find(".//table") is None and len(el.text_content()) <= _CHROME_MAX_TEXT:
            el.drop_tree()


class _Walker:
    """Depth-first walk that gathers inline text into the current paragraph and flushes it at
    block boundaries and <br>."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.buffer: list[str] = []

    def flush(self) -> None:
        text = normalize_text("".join(self.buffer))
        self.buffer.clear()
        if text:
            self.blocks.append(TextBlock(text))

    def visit(self, el: lxml.html.HtmlElement) -> None:
        if not isinstance(el.tag, str):  # comment or processing instruction
            return
        tag = el.tag.lower()
        if tag in _DROP:
            return
        if tag == "br":
            self.flush()
            return
        if tag == "table" and not _is_layout_table(el):
            self.flush()
            if (table := _data_table(el)) is not None:
                self.blocks.append(table)
            return
        block = tag in _BLOCK
        if block:
            self.flush()
        if el.text:
            self.buffer.append(el.text)
        for child in el:
            self.visit(child)
            if child.tail:
                self.buffer.append(child.tail)
        if block:
            self.flush()


def _rows(table: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    """The table's own rows (not those of nested tables)."""
    return [tr for tr in table.iter("tr") if _owner(tr) is table]


def _owner(el: lxml.html.HtmlElement) -> lxml.html.HtmlElement | None:
    parent = el.getparent()
    while parent is not None and parent.tag != "table":
        parent = parent.getparent()
    return parent


def _cells(tr: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    return [c for c in tr if isinstance(c.tag, str) and c.tag.lower() in ("td", "th")]


def _is_layout_table(table: lxml.html.HtmlElement) -> bool:
    """A table used for page layout: it nests tables, or it is one column of long text."""
    rows = _rows(table)
    if not rows:
        return True
    if table.find(".//table") is not None:
        return True
    widest = max(len(_cells(tr)) for tr in rows)
    if widest <= 1:
        return True
    return any(len(c.text_content()) > 600 for tr in rows for c in _cells(tr))


def _data_table(table: lxml.html.HtmlElement) -> TableBlock | None:
    rows = [
        [
            SourceCell(_cell_text(c), parse_span(c.get("rowspan")), parse_span(c.get("colspan")))
            for c in _cells(tr)
        ]
        for tr in _rows(table)
    ]
    return expand([row for row in rows if row])


def _cell_text(cell: lxml.html.HtmlElement) -> str:
    """A cell's text with its line breaks dropped ("本年新<br/>制作数量" is 本年新制作数量)."""
    parts: list[str] = []

    def walk(el: lxml.html.HtmlElement) -> None:
        if not isinstance(el.tag, str) or el.tag.lower() in _DROP:
            return
        if el.tag.lower() in ("br", "p", "div"):
            parts.append("\n")
        if el.text:
            parts.append(el.text)
        for child in el:
            walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(cell)
    return normalize_cell("".join(parts))
