"""Files staff download: the answer archive as CSV, reviewed answers as gold JSONL (design §5), and
any table as CSV/XLSX.

Gold export policy: only answers a reviewer marked **correct** become gold items — a gold file must
hold right answers. Answers marked incorrect are left out (their notes are in the CSV export, where
a curator can write the right answer and add it by hand). CSV files carry a UTF-8 BOM so that Excel
opens the Chinese correctly.
"""

from __future__ import annotations

import csv
import io
import json
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from ingest.records import StoredAnswer

GOLD_UNITS = ("件", "万元", "%", "条")
INTENT_TYPES = {
    "lookup": "table_lookup",
    "rank": "table_lookup",
    "share": "table_sum_or_ratio",
    "sum_agencies": "table_sum_or_ratio",
    "compare_years": "year_compare",
    "difference": "table_sum_or_ratio",
    "each": "table_lookup",
    "narrative": "narrative",
    "explain": "narrative",
}
ANSWER_CSV_COLUMNS = (
    "id", "created_at", "channel", "question", "answer", "answerable", "verdict", "primary_value",
    "primary_unit", "agency", "year", "mode", "latency_ms", "review_mark", "review_note", "reviewed_by",
    "reviewed_at",
)  # fmt: skip


def _loads(answer_json: str) -> dict[str, Any]:
    try:
        data = json.loads(answer_json)
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def answer_row(a: StoredAnswer) -> dict[str, Any]:
    data = _loads(a.answer_json)
    primary = data.get("primary_figure") or {}
    return {
        "id": a.id,
        "created_at": a.created_at,
        "channel": a.channel,
        "question": a.question,
        "answer": data.get("answer", ""),
        "answerable": a.answerable,
        "verdict": a.verdict,
        "primary_value": primary.get("value"),
        "primary_unit": primary.get("unit"),
        "agency": a.agency,
        "year": a.year,
        "mode": a.mode,
        "latency_ms": round(a.latency_ms, 1),
        "review_mark": a.review_mark or "",
        "review_note": a.review_note or "",
        "reviewed_by": a.reviewed_by or "",
        "reviewed_at": a.reviewed_at or "",
    }


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def inert(value: Any) -> Any:
    """Text a spreadsheet would run as a formula (a citizen's question 「=HYPERLINK(…)」) kept as text."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def csv_text(rows: Sequence[Mapping[str, Any]], columns: Sequence[str]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(columns), extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: "" if row.get(k) is None else inert(row.get(k)) for k in columns})
    return out.getvalue()


def gold_type(data: Mapping[str, Any]) -> str:
    if not data.get("answerable", True):
        return "unanswerable"
    intent = (data.get("query") or {}).get("intent")
    return INTENT_TYPES.get(str(intent), "narrative")


def gold_item(a: StoredAnswer, report_names: Mapping[str, str]) -> dict[str, Any]:
    """One design §5 gold item from an archived answer (`report_names`: report id -> file name)."""
    data = _loads(a.answer_json)
    kind = gold_type(data)
    query_reports = (data.get("query") or {}).get("reports") or []
    citations = data.get("citations") or []
    report = report_names.get(str(query_reports[0].get("id")), "") if query_reports else ""
    report = report or (citations[0].get("report", "") if citations else "")
    primary = data.get("primary_figure") if kind != "unanswerable" else None
    value = primary.get("value") if primary else None
    unit = primary.get("unit") if primary and primary.get("unit") in GOLD_UNITS else None
    if kind == "unanswerable":
        evidence = ""
    elif kind == "narrative":
        evidence = citations[0].get("quote", "") if citations else ""
    else:
        evidence = data.get("derivation") or (citations[0].get("quote", "") if citations else "")
    answer_text = (
        f"{value}{unit or ''}" if value is not None and kind != "narrative" else data.get("answer", "")
    )
    return {
        "id": f"archive-{a.id}",
        "report": report,
        "agency": a.agency,
        "year": a.year,
        "question": a.question,
        "answer_number": value,
        "unit": unit,
        "answer_text": answer_text,
        "type": kind,
        "evidence": evidence,
    }


def gold_jsonl(answers: Sequence[StoredAnswer], report_names: Mapping[str, str]) -> tuple[str, int, int]:
    """(JSONL text, items written, answers skipped because marked incorrect or unreviewed)."""
    good = [a for a in answers if a.review_mark == "correct"]
    lines = [json.dumps(gold_item(a, report_names), ensure_ascii=False) for a in reversed(good)]
    return "".join(line + "\n" for line in lines), len(good), len(answers) - len(good)


def write_temp(name: str, content: str | bytes) -> str:
    """A download file in its own temp dir (so the name the user sees is `name`)."""
    path = Path(tempfile.mkdtemp(prefix="nianbao-")) / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8-sig" if name.endswith(".csv") else "utf-8")
    return str(path)


def xlsx_bytes(sheets: Mapping[str, tuple[Sequence[str], Sequence[Sequence[Any]]]]) -> bytes:
    """An Excel workbook: one sheet per (headers, rows); None stays an empty cell, never 0."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    for title, (headers, rows) in sheets.items():
        sheet = book.create_sheet(title[:31])
        sheet.append(list(headers))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append([inert(value) for value in row])
        for i, header in enumerate(headers, 1):
            width = max([len(str(header))] + [len(str(r[i - 1] or "")) for r in rows]) + 2
            sheet.column_dimensions[sheet.cell(1, i).column_letter].width = min(60, width * 1.6)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
