"""Answer latency after warm-up: structured (table) answers and extractive (prose) answers.

usage: python benchmarks/qa_latency.py [--data-dir DIR] [--rounds 20]
Without --data-dir the shipped seed report is ingested into a temporary dir first.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from ingest.config import Settings, offline_environment
from ingest.pipeline import ingest_paths
from ingest.store import open_stores
from qa.service import QAService

STRUCTURED = [
    "高青县公安局2024年收到多少件信息公开申请？",
    "高青公安去年予以公开了几件？",
    "县公安局2024年无法提供的申请一共多少件？",
    "高青县公安局2024年予以公开的比例是多少？",
    "高青县公安局2024年行政处罚决定有多少？",
    "高青县公安局2024年行政事业性收费多少万元？",
]
EXTRACTIVE = [
    "高青县公安局2024年收取信息处理费了吗？",
    "高青县公安局2024年存在哪些主要问题？",
    "高青县公安局2024年开展了几次警营开放日活动？",
]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def run(service: QAService, questions: list[str], rounds: int) -> list[float]:
    for q in questions:  # warm-up: caches, jieba, the embedding model
        service.ask(q, record=False)
    latencies = []
    for _ in range(rounds):
        for q in questions:
            started = time.perf_counter()
            service.ask(q, record=False)
            latencies.append((time.perf_counter() - started) * 1000)
    return latencies


def main() -> None:
    offline_environment()
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", type=Path)
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(data_dir=args.data_dir or Path(tmp))
        stores = open_stores(settings)
        if args.data_dir is None:
            list(ingest_paths([Path("corpus")], stores))
        service = QAService(stores, settings)
        for name, questions in (("structured", STRUCTURED), ("extractive", EXTRACTIVE)):
            lat = run(service, questions, args.rounds)
            print(
                f"{name}: {len(lat)} answers, latency_ms median {statistics.median(lat):.1f}, "
                f"p95 {percentile(lat, 0.95):.1f}, max {max(lat):.1f}"
            )


if __name__ == "__main__":
    main()
