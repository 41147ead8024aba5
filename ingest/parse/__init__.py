"""RawDocument -> Report: metadata, the six sections, the standard tables and their consistency findings.

>>> from ingest.load import load
>>> report = parse(load("corpus/gaoqing_county_public_security_2024.txt", 50_000_000))
>>> report.meta.agency, report.meta.year
('高青县公安局', 2024)
"""

from __future__ import annotations

from pathlib import Path

from ingest.errors import IngestError
from ingest.parse.diagnose import LOOKED_FOR, is_annual_report, unreadable_finding, what_was_found
from ingest.parse.meta import parse_meta
from ingest.parse.names import cms_table_lines
from ingest.parse.sections import split_sections
from ingest.parse.tables import table_reading
from ingest.records import RawDocument, Report, TextBlock
from ingest.rules import check_report

__all__ = ["parse"]


def _meta_lines(doc: RawDocument) -> list[str]:
    """The text lines in reading order, with a portal's metadata table (索引号, 发布机构 …) read as lines:
    its fields are hints for the agency, like a text CMS header's."""
    lines: list[str] = []
    for block in doc.blocks:
        if isinstance(block, TextBlock):
            lines.append(block.text)
        else:
            lines += cms_table_lines(block.grid)
    return lines


def parse(doc: RawDocument) -> Report:
    """Parse a loaded document. An annual report whose tables cannot be read is kept for its prose
    (`tables.readable` False, with a finding saying so); a file with no readable standard table that is
    no annual report, or with no agency/year, is refused with what was looked for and found."""
    name = Path(doc.path).name
    meta = parse_meta(_meta_lines(doc), doc.text)
    reading = table_reading(doc.tables)
    tables = reading.tables
    sections = split_sections(doc.blocks)
    if not tables.cells:
        if not is_annual_report(meta.title, sections):
            raise IngestError(
                name,
                f"未找到标准表格，也不像政府信息公开工作年度报告（标题或章节标题不全）。查找了：{LOOKED_FOR}；"
                f"找到：{what_was_found(doc)} / no standard table found and not an annual report",
                "tables",
            )
        tables.readable = False
    if not meta.agency:
        raise IngestError(
            name, "未能识别发布机关（标题中应有机关名称）/ agency not found in the title", "agency"
        )
    if not meta.year:
        raise IngestError(name, "未能识别报告年度 / statistics year not found", "year")
    report = Report(
        id=doc.sha256,
        meta=meta,
        sections=sections,
        tables=tables,
        source_name=name,
        fmt=doc.fmt,
    )
    report.findings = (
        check_report(report) + reading.unplaced if tables.readable else [unreadable_finding(doc)]
    )
    return report
