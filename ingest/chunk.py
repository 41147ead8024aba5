"""Report -> retrievable chunks: prose passages per section, and table rows rendered as Chinese sentences.

Table facts let retrieval (and the vector-only baseline) find figures in words:
「高青县公安局2024年本年新收政府信息公开申请：自然人6件，商业企业0件，……，总计6件」.
Chunk ids are `report_id:ordinal`, so re-ingesting the same file upserts the same ids.
"""

from __future__ import annotations

from langchain_text_splitters import RecursiveCharacterTextSplitter

from ingest import schema
from ingest.records import CellValue, Chunk, Report

CHUNK_CHARS = 360
CHUNK_OVERLAP = 40

_splitter = RecursiveCharacterTextSplitter(
    chunk_size=CHUNK_CHARS,
    chunk_overlap=CHUNK_OVERLAP,
    separators=["\n", "。", "；", "，", ""],
    keep_separator="end",
    strip_whitespace=False,  # keep the line breaks: a subheading (（一）…情况) must not run into its text
)


def _fmt(value: CellValue, unit: str) -> str:
    if value is None:
        return "未填写"
    return f"{value:g}{unit}" if isinstance(value, float) else f"{value}{unit}"


def table_facts(report: Report) -> list[tuple[str, str, str]]:
    """(section key, heading, sentence) for every row of the three standard tables."""
    who = f"{report.meta.agency}{report.meta.year}年"
    tables = report.tables
    facts = []
    for row in schema.APPLICATION_ROWS:
        if not tables.has_row(schema.TABLE_APPLICATIONS, row.key):
            continue
        parts = []
        for col in schema.APPLICATION_COLUMNS:
            cell = tables.get(schema.TABLE_APPLICATIONS, row.key, col.key)
            parts.append(f"{col.label}{_fmt(cell.value if cell else None, '件')}")
        label = schema.cell_path(schema.TABLE_APPLICATIONS, row.key, "total").rsplit("/", 1)[0]
        label = label.removeprefix("表三/")
        facts.append(
            (
                "applications",
                schema.TABLE_TITLES[schema.TABLE_APPLICATIONS],
                f"{who}{label}：{'，'.join(parts)}",
            )
        )
    for group in schema.REVIEW_GROUPS:
        parts = []
        for col in schema.REVIEW_COLUMNS:
            cell = tables.get(schema.TABLE_REVIEW, group.key, col.key)
            parts.append(f"{col.label}{_fmt(cell.value if cell else None, '件')}")
        facts.append(
            (
                "review_litigation",
                schema.TABLE_TITLES[schema.TABLE_REVIEW],
                f"{who}政府信息公开{group.label}：{'，'.join(parts)}",
            )
        )
    facts += _proactive_facts(report, who)
    return facts


def _proactive_facts(report: Report, who: str) -> list[tuple[str, str, str]]:
    """Table 2 rows as sentences, in the layout the report printed (2019–2020: 本年新制作数量 …, and the
    rows 其他对外管理服务事项 and 政府集中采购)."""
    tables = report.tables
    layout = schema.PROACTIVE_2019_ROW_COLUMNS if tables.proactive_2019 else schema.PROACTIVE_ROW_COLUMNS
    facts = []
    for key, columns in layout.items():
        prow = schema.PROACTIVE_ROW_BY_KEY[key]
        parts = []
        for column in columns:
            cell = tables.get(schema.TABLE_PROACTIVE, key, column)
            unit = schema.unit_of(schema.TABLE_PROACTIVE, key, column)
            label = schema.PROACTIVE_COLUMN_BY_KEY[column].label.split("（")[0]
            parts.append(f"{label}{_fmt(cell.value if cell else None, unit)}")
        sentence = f"{who}主动公开{prow.label}：{'，'.join(parts)}"
        facts.append(("proactive", schema.TABLE_TITLES[schema.TABLE_PROACTIVE], sentence))
    return facts


def chunk_report(report: Report) -> list[Chunk]:
    chunks: list[Chunk] = []

    def add(section: str, heading: str, kind: str, text: str) -> None:
        ordinal = len(chunks)
        chunks.append(
            Chunk(
                id=f"{report.id}:{ordinal:04d}",
                report_id=report.id,
                ordinal=ordinal,
                section=section,
                kind=kind,  # type: ignore[arg-type]
                text=text,
                agency=report.meta.agency,
                year=report.meta.year,
                heading=heading,
            )
        )

    for section in report.sections:
        for passage in _splitter.split_text(section.text):
            passage = passage.strip()
            if len(passage) >= 4:
                add(section.key, section.heading, "prose", passage)
    for section_key, heading, sentence in table_facts(report):
        add(section_key, heading, "table_fact", sentence)
    return chunks
