"""The runner end to end: a few seed gold items through the real service, baseline and checker audit."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from evals.gold import SEED_GOLD
from evals.runner import run_suite
from ingest.config import Settings

REPO = Path(__file__).resolve().parents[1]
PICK = ("gq001", "gq025", "gq040", "gq053", "gq062", "gq077")


@pytest.mark.slow
def test_run_suite_on_seed_items(tmp_path: Path) -> None:
    lines = [line for line in SEED_GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    gold = tmp_path / "few.jsonl"
    gold.write_text("\n".join(x for x in lines if json.loads(x)["id"] in PICK) + "\n", encoding="utf-8")
    calls: list[tuple[int, int, str]] = []
    result = run_suite(
        Settings(data_dir=tmp_path / "unused"),
        gold,
        reports=[REPO / "corpus" / "gaoqing_county_public_security_2024.txt"],
        out_dir=tmp_path / "out",
        baseline=True,
        perturb=True,
        progress=lambda done, total, message: calls.append((done, total, message)),
    )
    s = result.summary
    assert s["items"] == len(PICK) and calls[-1][:2] == (len(PICK), len(PICK))
    assert s["ingest"][0]["status"] == "stored"
    assert {r.item.id: r.verdict.ok for r in result.rows}["gq001"]  # 新收申请6件: the product's first answer
    assert set(result.by_type) == {"table_lookup", "table_sum_or_ratio", "narrative", "unanswerable"}
    assert result.baseline_by_type is not None and s["baseline"]["ratio"] is not None
    assert s["retrieval"]["items"] == 2 and s["retrieval"]["report_in_k"] == 1.0
    assert s["perturbation"]["cases"] > 0 and s["perturbation"]["answers_skipped"] == 0
    assert s["latency_ms"]["p50"] is not None
    for name in ("results.jsonl", "summary.json", "report.md", "report.html", "perturb.jsonl"):
        assert result.files[name].exists(), name
    assert not (tmp_path / "unused").exists()  # given reports, the suite never touches the configured store
