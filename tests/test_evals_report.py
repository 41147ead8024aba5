"""Summary figures and the written report, from hand-built rows (no model, no store)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from evals.gold import parse_item
from evals.metrics import Row, percentiles, refusals, summarize
from evals.report import write_outputs
from evals.score import judge


def gold(i: int, kind: str, number: float | None) -> Any:
    return parse_item(
        {"id": f"g{i}", "report": "r.txt", "agency": "甲", "year": 2024, "question": f"问{i}？",
         "answer_number": number, "unit": "件" if number is not None else None, "answer_text": "",
         "type": kind, "evidence": "表三/一、本年新收政府信息公开申请数量/总计" if number is not None else "无"}
    )  # fmt: skip


def ans(
    value: float | None, answerable: bool = True, verdict: str = "supported", ms: float = 10.0
) -> dict[str, Any]:
    figures = (
        [] if value is None else [{"text": f"{value}件", "value": value, "unit": "件", "verdict": verdict}]
    )
    return {
        "question": "问", "answer": "<b>答</b>", "answerable": answerable,
        "primary_figure": None if value is None else {"value": value, "unit": "件"}, "figures": figures,
        "citations": [{"report": "r.txt", "agency": "甲", "year": 2024, "section": "表三", "quote": "表三/…"}],
        "mode": "structured", "latency_ms": ms,
    }  # fmt: skip


def rows() -> list[Row]:
    cases = [
        (gold(1, "table_lookup", 6), ans(6, ms=5), ans(6)),
        (gold(2, "table_lookup", 4), ans(5, verdict="contradicted", ms=7), ans(4)),
        (gold(3, "unanswerable", None), ans(None, answerable=False, ms=1), ans(3)),
        (gold(4, "table_lookup", 2), ans(None, answerable=False, ms=100), ans(9)),
    ]
    return [Row(i, a, judge(i, a), baseline=b, baseline_verdict=judge(i, b)) for i, a, b in cases]


def test_summary_counts_accuracy_refusals_checker_and_ratio() -> None:
    s = summarize(rows(), None, {"gold": "g.jsonl", "store": [], "embed_model": "x", "llm": False})
    assert (s["right"], s["items"]) == (2, 4)
    assert s["by_type"]["table_lookup"]["right"] == 1
    assert s["refusal"]["precision"] == 0.5 and s["refusal"]["recall"] == 1.0
    assert s["refusal"]["wrong_refusals"] == ["g4"]
    assert s["checker"] == {"supported": 1, "contradicted": 1, "unsupported": 0, "answers_flagged": 1}
    assert s["baseline"]["accuracy"] == 0.5 and s["baseline"]["ratio"] == 1.0
    assert s["by_type"]["table_lookup"]["ratio"] == 0.5  # 1/3 ours vs 2/3 baseline
    assert s["false_alarms"]["figures"] == 1 and s["false_alarms"]["rate"] == 0.0


def test_percentiles_follow_the_outside_scorer() -> None:
    assert percentiles([5, 7, 1, 100]) == {"p50": 6.0, "p95": 100, "max": 100}
    assert percentiles([])["p50"] is None


def test_refusals_over_nothing_are_none_not_zero() -> None:
    r = refusals([(gold(1, "table_lookup", 6), ans(6))])
    assert r["precision"] is None and r["recall"] is None


def test_outputs_are_written_self_contained_and_escaped(tmp_path: Path) -> None:
    data = rows()
    s = summarize(data, None, {"gold": "g.jsonl", "store": ["甲 2024"], "embed_model": "x", "llm": False})
    files = write_outputs(tmp_path / "out", s, data, None)
    assert set(files) == {"results.jsonl", "summary.json", "report.md", "report.html"}
    lines = [json.loads(line) for line in files["results.jsonl"].read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in lines] == ["g1", "g2", "g3", "g4"] and lines[1]["why"] == "got 5 want 4"
    assert set(lines[0]) >= {"item", "answer", "ok", "why", "verdict", "baseline"}
    page = files["report.html"].read_text(encoding="utf-8")
    assert "<svg" in page and "<b>答</b>" not in page and "&lt;b&gt;" in page
    assert "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "") and "https://" not in page
    md = files["report.md"].read_text(encoding="utf-8")
    assert "最差的未命中" in md and "g2" in md
    assert json.loads(files["summary.json"].read_text(encoding="utf-8"))["items"] == 4
