"""Archive exports: CSV with review marks, gold JSONL (design §5) from answers marked correct."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from openpyxl import load_workbook

from evals.gold import REQUIRED
from ingest.records import StoredAnswer
from ui.exports import ANSWER_CSV_COLUMNS, answer_row, csv_text, gold_item, gold_jsonl, xlsx_bytes

GOLD_KEYS = list(REQUIRED)


def stored(
    answer_id: int, data: dict[str, Any], mark: str | None = "correct", note: str = ""
) -> StoredAnswer:
    return StoredAnswer(
        id=answer_id, created_at="2026-01-02T03:04:05+00:00", question=data["question"],
        answer_json=json.dumps(data, ensure_ascii=False), mode=data.get("mode", "structured"),
        answerable=data["answerable"], verdict="verified", latency_ms=5.0, agency="某局", year=2024,
        channel="web", review_mark=mark, review_note=note,
    )  # fmt: skip


def data(
    intent: str, answerable: bool = True, primary: dict[str, Any] | None = None, **extra: Any
) -> dict[str, Any]:
    return {
        "question": f"{intent}？", "answer": "答复正文", "answerable": answerable, "primary_figure": primary,
        "figures": [], "citations": [{"report": "a.txt", "agency": "某局", "year": 2024, "section": "一", "quote": "引文"}],
        "derivation": extra.get("derivation"), "query": {"intent": intent, "reports": [{"id": "r1", "agency": "某局", "year": 2024}]},
    }  # fmt: skip


def test_gold_types_follow_the_query_intent() -> None:
    names = {"r1": "a.txt"}
    lookup = gold_item(
        stored(1, data("lookup", primary={"value": 6, "unit": "件"}, derivation="表三/一/总计")), names
    )
    assert list(lookup) == GOLD_KEYS
    assert lookup["type"] == "table_lookup" and lookup["answer_number"] == 6 and lookup["unit"] == "件"
    assert (
        lookup["evidence"] == "表三/一/总计" and lookup["report"] == "a.txt" and lookup["id"] == "archive-1"
    )
    share = gold_item(stored(2, data("share", primary={"value": 33.33, "unit": "%"})), names)
    assert share["type"] == "table_sum_or_ratio" and share["unit"] == "%"
    assert (
        gold_item(stored(3, data("compare_years", primary={"value": 3, "unit": "件"})), names)["type"]
        == "year_compare"
    )
    narrative = gold_item(stored(4, data("narrative")), names)
    assert (
        narrative["type"] == "narrative"
        and narrative["evidence"] == "引文"
        and narrative["answer_text"] == "答复正文"
    )
    refused = gold_item(stored(5, data("lookup", answerable=False)), names)
    assert (
        refused["type"] == "unanswerable" and refused["answer_number"] is None and refused["evidence"] == ""
    )
    odd_unit = gold_item(stored(6, data("narrative", primary={"value": 2, "unit": "次"})), names)
    assert odd_unit["unit"] is None and odd_unit["answer_number"] == 2


def test_only_answers_marked_correct_become_gold() -> None:
    answers = [
        stored(3, data("lookup", primary={"value": 6, "unit": "件"})),
        stored(2, data("lookup", primary={"value": 7, "unit": "件"}), mark="incorrect", note="应为6件"),
        stored(1, data("lookup"), mark=None),
    ]
    text, written, skipped = gold_jsonl(answers, {"r1": "a.txt"})
    assert (written, skipped) == (1, 2)
    assert [json.loads(line)["id"] for line in text.splitlines()] == ["archive-3"]


def test_answer_csv_keeps_marks_and_notes() -> None:
    row = answer_row(
        stored(2, data("lookup", primary={"value": 7, "unit": "件"}), mark="incorrect", note="应为6件")
    )
    parsed = list(csv.DictReader(io.StringIO(csv_text([row], ANSWER_CSV_COLUMNS))))
    assert parsed[0]["review_mark"] == "incorrect" and parsed[0]["review_note"] == "应为6件"
    assert parsed[0]["primary_value"] == "7" and parsed[0]["answer"] == "答复正文"


def test_xlsx_keeps_blanks_blank() -> None:
    book = load_workbook(
        io.BytesIO(xlsx_bytes({"表三统计": (["机关", "不予公开"], [["某局", None], ["乙局", 0]])}))
    )
    sheet = book["表三统计"]
    assert [c.value for c in sheet[2]] == ["某局", None]
    assert [c.value for c in sheet[3]] == ["乙局", 0]


def test_spreadsheet_formulas_from_users_stay_text() -> None:
    rows = [{"question": '=HYPERLINK("http://x","点我")', "n": -5}]
    text = csv_text(rows, ["question", "n"])
    assert "'=HYPERLINK" in text and ",-5" in text  # numbers stay numbers
    book = load_workbook(io.BytesIO(xlsx_bytes({"s": (["question"], [["=1+1"], ["@SUM(A1)"]])})))
    values = [c.value for c in book["s"]["A"]][1:]
    assert values == ["'=1+1", "'@SUM(A1)"]
