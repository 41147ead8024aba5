"""Fuzzing: `make fuzz` (prints figures; exits 1 on a crash).

1. hypothesis over the figure extractor (`ingest.figures.extract_figures`: any text of digits, Chinese
   numerals, units, markers and punctuation) and the table parser (`ingest.parse.tables.read_tables`:
   the real tables of the seed report with cells replaced, rows dropped, repeated or cut short);
2. corrupted files: each real report (txt, html, pdf, and a docx rendering) with bytes flipped, cut,
   deleted, repeated or spliced, read the way `nianbao ingest` reads them (`ingest.worker`: load +
   parse in a child with a deadline): each must be read or refused with a reason naming the file —
   never a crash, a traceback, or a bare library error;
3. the hostile files of tests/helpers/bombs.py (decompression bombs, element floods, deep nesting,
   page floods) through the same path, with the time and the peak memory of each.

usage: python benchmarks/fuzz.py [--examples 2000] [--table-examples 300] [--mutations 30] [--seed 12] [REPORT...]
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.errors import IngestError
from ingest.figures import extract_figures
from ingest.load import ReadLimits, load
from ingest.parse.tables import read_tables
from ingest.records import TableBlock
from ingest.worker import parse_isolated

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))  # the hostile-file builders are shared with the tests
SEED = REPO / "corpus" / "gaoqing_county_public_security_2024.txt"
FIGURE_ALPHABET = "0123456789.,，%％零〇一二三四五六七八九十百千万亿两点余多约近以上件条篇次人万元年月日第号〔〕（）()、。；：「」占比共计 -—/"
GENERIC = "读取失败 (could not read the file"  # the load() boundary's catch-all: unclear, counted apart


def figure_texts() -> st.SearchStrategy[str]:
    return st.text(alphabet=FIGURE_ALPHABET, max_size=80)


def check_figures(text: str) -> None:
    """No exception; every figure lies inside the text, in order, with a number as its value."""
    figures = extract_figures(text)
    for f in figures:
        assert 0 <= f.start < f.end <= len(text), (text, f)
        assert isinstance(f.value, int | float), (text, f)
    assert [f.start for f in figures] == sorted(f.start for f in figures), text


def seed_tables() -> list[TableBlock]:
    return list(load(SEED, 50 * 2**20).tables)


def mutated_tables(data: st.DataObject, tables: list[TableBlock]) -> list[TableBlock]:
    cell = st.one_of(figure_texts(), st.sampled_from(["", "/", "—", "无", "-", "0", "1.5", "3,000"]))
    out = []
    for table in tables:
        rows = [list(r) for r in table.grid]
        for _ in range(data.draw(st.integers(0, 6))):
            op = data.draw(st.sampled_from(["cell", "drop", "repeat", "cut"]))
            if not rows:
                break
            i = data.draw(st.integers(0, len(rows) - 1))
            if op == "cell" and rows[i]:
                rows[i][data.draw(st.integers(0, len(rows[i]) - 1))] = data.draw(cell)
            elif op == "drop":
                del rows[i]
            elif op == "repeat":
                rows.insert(i, list(rows[i]))
            else:
                rows[i] = rows[i][: data.draw(st.integers(0, len(rows[i])))]
        out.append(TableBlock(grid=tuple(tuple(r) for r in rows)))
    return out


def check_tables(blocks: list[TableBlock]) -> None:
    tables = read_tables(blocks)
    for c in tables.cells:
        assert c.value is None or isinstance(c.value, int | float), c


def run_properties(examples: int, table_examples: int) -> dict[str, int]:
    tables = seed_tables()

    def config(n: int) -> Callable[[Callable[..., None]], Callable[..., None]]:
        return settings(
            max_examples=n, deadline=None, database=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        )  # fmt: skip

    @config(examples)
    @given(figure_texts())
    def figures_property(text: str) -> None:
        check_figures(text)

    @config(table_examples)
    @given(st.data())
    def tables_property(data: st.DataObject) -> None:
        check_tables(mutated_tables(data, tables))

    results = {}
    for name, prop, n in (
        ("figure extractor", figures_property, examples),
        ("table parser", tables_property, table_examples),
    ):
        started = time.perf_counter()
        prop()
        results[name] = n
        print(f"hypothesis: {name}: {n} examples, no failure ({time.perf_counter() - started:.1f} s)")
    return results


# ---- corrupted files ---------------------------------------------------------------------------------------

Mutation = Callable[[bytes, random.Random], bytes]


def _flip(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 64)):
        out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


def _cut(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(1, len(data))]


def _delete(data: bytes, rng: random.Random) -> bytes:
    start = rng.randrange(len(data))
    return data[:start] + data[start + rng.randint(1, max(1, len(data) // 10)) :]


def _repeat(data: bytes, rng: random.Random) -> bytes:
    start = rng.randrange(len(data))
    piece = data[start : start + rng.randint(1, 4096)]
    return data[:start] + piece * rng.randint(2, 50) + data[start:]


def _splice(data: bytes, rng: random.Random) -> bytes:
    """Another format's bytes in the middle (a PDF with HTML inside, a docx with text)."""
    junk = rng.choice(
        [b"<html><body><table><tr><td>", b"%PDF-1.4\n", b"PK\x03\x04", b"\xff\xfe", b"\x00" * 64]
    )
    at = rng.randrange(len(data))
    return data[:at] + junk * rng.randint(1, 20) + data[at:]


MUTATIONS: dict[str, Mutation] = {
    "flip": _flip,
    "cut": _cut,
    "delete": _delete,
    "repeat": _repeat,
    "splice": _splice,
}


def docx_rendering(tmp: Path) -> Path:
    """The seed report as a .docx (python-docx), so that zip/XML damage is fuzzed too."""
    import docx

    document = docx.Document()
    for block in load(SEED, 50 * 2**20).blocks:
        if isinstance(block, TableBlock):
            width = max(len(r) for r in block.grid)
            table = document.add_table(rows=len(block.grid), cols=width)
            for i, row in enumerate(block.grid):
                for j, text in enumerate(row):
                    table.cell(i, j).text = text
        else:
            document.add_paragraph(block.text)  # type: ignore[union-attr]
    path = tmp / "seed_rendering.docx"
    document.save(str(path))
    return path


def run_corrupted(files: list[Path], mutations: int, seed: int, limits: ReadLimits) -> Counter[str]:
    rng = random.Random(seed)
    counts: Counter[str] = Counter()
    for path in files:
        data = path.read_bytes()
        per_file: Counter[str] = Counter()
        for i in range(mutations):
            how = list(MUTATIONS)[i % len(MUTATIONS)]
            name = f"{path.stem}.{how}{i}{path.suffix}"
            try:
                parse_isolated(MUTATIONS[how](data, rng), name, limits)
                per_file["read"] += 1
            except IngestError as exc:
                clear = name in str(exc) and GENERIC not in exc.reason
                per_file["refused, clear reason" if clear else "refused, generic reason"] += 1
                if not clear:
                    print(f"  generic: {exc}"[:240])
            except Exception as exc:  # a crash: what fuzzing is for
                per_file["CRASH"] += 1
                print(f"  CRASH {name}: {type(exc).__name__}: {exc}"[:240])
        print(f"corrupted {path.name}: {dict(per_file)}")
        counts.update(per_file)
    return counts


def run_hostile(limits: ReadLimits) -> Counter[str]:
    from helpers.bombs import HOSTILE
    from helpers.memory import PeakRss

    counts: Counter[str] = Counter()
    for name, (build, says) in HOSTILE.items():
        data = build()
        started = time.perf_counter()
        with PeakRss(os.getpid()) as peak:
            try:
                parse_isolated(data, name, limits)
                outcome = "READ (not refused!)"
            except IngestError as exc:
                outcome = (
                    "refused" if says in exc.reason else f"refused for another reason: {exc.reason[:60]}"
                )
        counts[outcome.split(":")[0]] += 1
        print(
            f"hostile {name} ({len(data) / 2**20:.1f} MB on disk): {outcome} in {time.perf_counter() - started:.2f} s, "
            f"peak RSS +{peak.growth / 2**20:.0f} MB (process tree {peak.bytes / 2**20:.0f} MB)"
        )
    return counts


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("reports", nargs="*", type=Path, help="real reports to corrupt (default: corpus/)")
    parser.add_argument("--examples", type=int, default=2000, help="hypothesis examples, figure extractor")
    parser.add_argument("--table-examples", type=int, default=300, help="hypothesis examples, table parser")
    parser.add_argument("--mutations", type=int, default=30, help="corrupted copies per file")
    parser.add_argument("--seed", type=int, default=12)
    args = parser.parse_args()
    import tempfile

    limits = ReadLimits(parse_timeout_s=30)
    run_properties(args.examples, args.table_examples)
    with tempfile.TemporaryDirectory() as tmp:
        files = [SEED, *args.reports, docx_rendering(Path(tmp))]
        corrupted = run_corrupted(files, args.mutations, args.seed, limits)
    hostile = run_hostile(limits)
    print(f"corrupted files: {sum(corrupted.values())}: {dict(corrupted)}")
    print(f"hostile files: {dict(hostile)}")
    if corrupted["CRASH"] or any(k != "refused" for k in hostile):
        sys.exit(1)


if __name__ == "__main__":
    main()
