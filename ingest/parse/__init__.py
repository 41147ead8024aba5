"""RawDocument -> Report: metadata, the six sections, the standard tables and their consistency findings.

>>> from ingest.load import load
>>> report = parse(load("corpus/gaoqing_county_public_security_2024.txt", 50_000_000))
>>> report.meta.agency, report.meta.year
('高青县公安局', 2024)
"""

from __future__ import annotations

from pathlib import Path

from ingest.errors import IngestError
from ingest.parse.meta import parse_meta
from ingest.parse.sections import split_sections
from ingest.parse.tables import read_tables
from ingest.records import RawDocument, Report, TextBlock
from ingest.rules import check_report

__all__ = ["parse"]


def parse(doc: RawDocument) -> Report:
    """Parse a loaded document. A file with no readable standard table or no agency/year is refused."""
    name = Path(doc.path).name
    lines = [b.text for b in doc.blocks if isinstance(b, TextBlock)]
    meta = parse_meta(lines, doc.text)
    tables = read_tables(doc.tables)
    if not tables.cells:
        raise IngestError(
            name,
            "未找到标准表格（表二/表三/表四），不像政府信息公开工作年度报告 / no standard table found",
            "tables",
        )
    if not meta.agency:
        raise IngestError(
            name, "未能识别发布机关（标题中应有机关名称）/ agency not found in the title", "agency"
        )
    if not meta.year:
        raise IngestError(name, "未能识别报告年度 / statistics year not found", "year")
    report = Report(
        id=doc.sha256,
        meta=meta,
        sections=split_sections(doc.blocks),
        tables=tables,
        source_name=name,
        fmt=doc.fmt,
    )
    report.findings = check_report(report)
    return report
