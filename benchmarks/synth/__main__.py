"""`python -m benchmarks.synth --out DIR --n N --seed S --formats txt,html,docx [--error-rate 0.05]`"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from benchmarks.synth.generate import FORMATS, generate


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.synth", description=__doc__)
    parser.add_argument("--out", type=Path, required=True, help="output folder (never corpus/)")
    parser.add_argument("--n", type=int, default=100, help="number of reports")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--formats", default=",".join(FORMATS), help="comma-separated: txt,html,docx")
    parser.add_argument(
        "--error-rate", type=float, default=0.05, help="share of reports with a planted source error"
    )
    args = parser.parse_args(argv)
    formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    started = time.perf_counter()
    try:
        corpus = generate(args.out, args.n, args.seed, formats, args.error_rate)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    agencies = len({m.agency for m in corpus.manifest})
    print(
        f"{len(corpus.manifest)} reports of {agencies} agencies in {time.perf_counter() - started:.1f}s -> {args.out}"
        f" (expected cells: {corpus.expected_path.name}, manifest: {corpus.manifest_path.name})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
