"""Gold QA items (design §5 contract): load and validate a JSON Lines file.

A malformed gold file is an evaluator's typo, not a product failure: it is refused up front with the
line number, so a run never reports an accuracy computed over half the items.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ingest.errors import NianbaoError

TYPES = ("table_lookup", "table_sum_or_ratio", "narrative", "year_compare", "unanswerable")
UNITS = ("件", "万元", "%", "条", None)
REQUIRED = (
    "id",
    "report",
    "agency",
    "year",
    "question",
    "answer_number",
    "unit",
    "answer_text",
    "type",
    "evidence",
)
SEED_GOLD = Path(__file__).resolve().parent / "gold" / "seed.jsonl"


class GoldError(NianbaoError):
    """A gold file that does not follow design §5."""


@dataclass(frozen=True)
class GoldItem:
    """One gold question. `raw` keeps the line as read, so results echo every field, known or not."""

    id: str
    report: str | None  # null: a question over several reports, or about what the store lacks
    agency: str | None
    year: int | None
    question: str
    answer_number: float | int | None
    unit: str | None
    answer_text: str
    type: str
    evidence: str
    raw: dict[str, Any]

    @property
    def is_blank_cell(self) -> bool:
        """A table item whose cell the report leaves blank: the right answer says so, with no figure."""
        return self.type == "table_lookup" and self.answer_number is None

    @property
    def evidence_table(self) -> str | None:
        """「表三」 for an evidence path 「表三/…」: the table a table item's citations must come from."""
        head = self.evidence.split("/", 1)[0].split(" ")[-1]  # 「002与003报告 表三/…」 names the table last
        return head if head in ("表二", "表三", "表四") else None


def parse_item(data: dict[str, Any], where: str = "") -> GoldItem:
    missing = [k for k in REQUIRED if k not in data]
    if missing:
        raise GoldError(f"{where}缺少字段 missing keys: {', '.join(missing)}")
    if data["type"] not in TYPES:
        raise GoldError(f"{where}type {data['type']!r} not one of {', '.join(TYPES)}")
    if data["unit"] not in UNITS:
        raise GoldError(f"{where}unit {data['unit']!r} not one of 件 万元 % 条 null")
    number = data["answer_number"]
    if number is not None and (isinstance(number, bool) or not isinstance(number, int | float)):
        raise GoldError(f"{where}answer_number must be a number or null, got {number!r}")
    if not str(data["question"]).strip():
        raise GoldError(f"{where}empty question")
    return GoldItem(
        id=str(data["id"]),
        report=_text_or_none(data, "report", where),
        agency=_text_or_none(data, "agency", where),
        year=_year(data["year"], where),
        question=str(data["question"]),
        answer_number=number,
        unit=data["unit"],
        answer_text=str(data["answer_text"] or ""),
        type=str(data["type"]),
        evidence=str(data["evidence"] or ""),
        raw=dict(data),
    )


def _text_or_none(data: dict[str, Any], key: str, where: str) -> str | None:
    value = data[key]
    if value is not None and not isinstance(value, str):
        raise GoldError(f"{where}{key} must be a string or null, got {value!r}")
    return value


def _year(value: Any, where: str) -> int | None:
    """A year as a number (or a numeric string), or null."""
    if value is None:
        return None
    try:
        year = int(value)
    except (TypeError, ValueError):
        raise GoldError(f"{where}year must be a year or null, got {value!r}") from None
    if isinstance(value, bool) or (year != value and str(year) != str(value).strip()):
        raise GoldError(f"{where}year must be a year or null, got {value!r}")
    return year


def load_gold(path: Path) -> list[GoldItem]:
    """Every item of a gold file; GoldError names the line of the first bad one."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise GoldError(f"{path}: 无法读取金标准文件: {exc}") from exc
    items: list[GoldItem] = []
    seen: set[str] = set()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}: "
        try:
            data = json.loads(line)
        except ValueError as exc:
            raise GoldError(f"{where}不是合法的JSON: {exc}") from exc
        if not isinstance(data, dict):
            raise GoldError(f"{where}each line must be a JSON object")
        item = parse_item(data, where)
        if item.id in seen:
            raise GoldError(f"{where}重复的id {item.id}")
        seen.add(item.id)
        items.append(item)
    if not items:
        raise GoldError(f"{path}: 金标准文件为空")
    return items
