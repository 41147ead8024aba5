"""Re-render a parsed report into other formats (HTML with rowspan/colspan, DOCX with merged cells,
tab-indented GBK text) so tests can parse it back and compare figures.

The tables come from the web UI's official-layout renderer (one definition of the layout); this
module only moves that HTML into Word and plain text.
"""

from __future__ import annotations

import html
from pathlib import Path

import docx
from lxml import html as lxml_html

from ingest import schema
from ingest.records import Report
from ui.official_layout import render_table

TABLE_AFTER_SECTION = {
    "proactive": schema.TABLE_PROACTIVE,
    "applications": schema.TABLE_APPLICATIONS,
    "review_litigation": schema.TABLE_REVIEW,
}


def _parts(report: Report) -> list[tuple[str, str]]:
    """("p", text) and ("table", html) in reading order: title, sections, each table after its heading."""
    parts = [("p", report.meta.title)]
    for section in report.sections:
        if section.heading:
            parts.append(("p", section.heading))
        if section.key in TABLE_AFTER_SECTION:
            parts.append(("table", render_table(report, TABLE_AFTER_SECTION[section.key])))
        parts += [("p", line) for line in section.text.splitlines() if line.strip()]
    return parts


def to_html(report: Report, charset: str = "utf-8") -> bytes:
    body = "\n".join(f"<p>{html.escape(v)}</p>" if k == "p" else v for k, v in _parts(report))
    page = f'<!DOCTYPE html><html><head><meta charset="{charset}"><title>{html.escape(report.meta.title)}</title></head><body>{body}</body></html>'
    return page.encode(charset)


def _grid(table_html: str) -> list[list[tuple[str, int, int]]]:
    """Rows of (text, colspan, rowspan) as printed."""
    table = lxml_html.fromstring(table_html)
    return [
        [(td.text_content(), int(td.get("colspan", 1)), int(td.get("rowspan", 1))) for td in tr.findall("td")]
        for tr in table.findall(".//tr")
    ]


def _docx_table(document: docx.document.Document, table_html: str) -> None:
    rows = _grid(table_html)
    width = sum(span for _, span, _ in rows[0]) if rows else 1
    table = document.add_table(rows=len(rows), cols=width)
    taken: set[tuple[int, int]] = set()
    for r, row in enumerate(rows):
        c = 0
        for text, colspan, rowspan in row:
            while (r, c) in taken:
                c += 1
            cell = table.cell(r, c)
            if colspan > 1 or rowspan > 1:
                cell = cell.merge(table.cell(r + rowspan - 1, c + colspan - 1))
            cell.text = text
            taken |= {(r + i, c + j) for i in range(rowspan) for j in range(colspan)}
            c += colspan


def to_docx(report: Report, path: Path) -> Path:
    document = docx.Document()
    for kind, value in _parts(report):
        if kind == "p":
            document.add_paragraph(value)
        elif value:
            _docx_table(document, value)
    document.save(str(path))
    return path


def to_text(report: Report) -> str:
    """The seed's plain-text layout: one tab-indented line per printed cell, rows apart by blank lines."""
    lines: list[str] = []
    for kind, value in _parts(report):
        if kind == "p":
            lines.append(value)
            continue
        for row in _grid(value):
            lines += [f"\t{text}" for text, _, _ in row] + [""]
    return "\n".join(lines) + "\n"
