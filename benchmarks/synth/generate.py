"""`generate(out_dir, n, seed, formats)`: N synthetic reports, their expected cells and a manifest.

    >>> from benchmarks.synth import generate
    >>> corpus = generate(Path("/tmp/bench-synth"), n=100, seed=1)
    >>> corpus.manifest[0].agency, corpus.manifest[0].year, corpus.expected_path

Writes into `out_dir`: the report files, `expected.json` (the format of ../shared/reports/expected.json:
file -> agency, year, tables; plus `raw_table2`/`tables_2019` for the older layout and `source_error`
where one was planted) and `manifest.jsonl` (one line per report: agency, level, region chain, year,
format, file, the names a citizen may use, prose facts). Deterministic: the same arguments give the
same bytes. Reports of one agency run over consecutive years and agree across them (rules C1, C2).
"""

from __future__ import annotations

import json
import random
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.synth import layout, render
from benchmarks.synth.agencies import Agency, geography
from benchmarks.synth.figures import Carry, Figures, make_figures
from benchmarks.synth.printed import Printed, expected_tables, print_figures
from benchmarks.synth.prose import Prose, write_prose

FORMATS = ("txt", "html", "docx")
YEARS = (2019, 2020, 2021, 2022, 2023, 2024, 2025)
RUN_LENGTHS = {1: 3, 2: 3, 3: 2, 4: 1, 5: 1, 7: 0.5}  # consecutive years an agency publishes
FORBIDDEN_DIRS = ("corpus",)


@dataclass(frozen=True)
class ManifestEntry:
    file: str
    format: str
    encoding: str
    agency: str
    level: str
    kind: str
    organ: str
    region_chain: list[str]
    short_name: str | None
    forms: list[str]  # names a citizen may use, full name first
    year: int
    layout: str
    blank_policy: str
    source_error: dict[str, Any] | None
    facts: dict[str, Any] = field(default_factory=dict)


@dataclass
class Corpus:
    out_dir: Path
    manifest: list[ManifestEntry]
    expected: dict[str, Any]

    @property
    def expected_path(self) -> Path:
        return self.out_dir / "expected.json"

    @property
    def manifest_path(self) -> Path:
        return self.out_dir / "manifest.jsonl"

    @property
    def files(self) -> list[Path]:
        return [self.out_dir / m.file for m in self.manifest]


def plan(rng: random.Random, n: int) -> list[tuple[Agency, list[int]]]:
    """Agencies and the consecutive years each publishes, `n` reports in all."""
    agencies = geography(rng, max(8, n // 2))
    rng.shuffle(agencies)
    out: list[tuple[Agency, list[int]]] = []
    left = n
    for agency in agencies:
        if left <= 0:
            break
        length = min(left, rng.choices(list(RUN_LENGTHS), list(RUN_LENGTHS.values()))[0])
        start = rng.randint(YEARS[0], YEARS[-1] - length + 1)
        out.append((agency, list(range(start, start + length))))
        left -= length
    if left > 0:
        raise ValueError(f"not enough synthetic agencies for {n} reports")
    return out


def _title(rng: random.Random, agency: Agency, year: int) -> list[str]:
    style = rng.random()
    if style < 0.45:
        return [f"{agency.name}{year}年政府信息公开工作年度报告"]
    if style < 0.75:
        return [agency.name, f"{year}年政府信息公开工作年度报告"]
    return [f"{year}年{agency.name}政府信息公开工作年度报告"]


def blocks_of(rng: random.Random, title: list[str], prose: Prose, printed: Printed) -> list[render.Block]:
    """Title, preamble, the six sections, each table right after its section's heading."""
    figures = printed.figures
    table2 = layout.table2_2021(printed) if figures.layout == "2021" else layout.table2_2019(printed)
    tables = {
        "proactive": table2,
        "applications": layout.table3(rng, printed),
        "review_litigation": layout.table4(printed),
    }
    blocks: list[render.Block] = [("p", line) for line in title]
    blocks += [("p", line) for line in prose.preamble]
    for key, (heading, lines) in prose.sections.items():
        blocks.append(("p", heading))
        if key in tables:
            blocks.append(("table", tables[key]))
        blocks += [("p", line) for line in lines]
    return blocks


def _write(
    path: Path, fmt: str, blocks: list[render.Block], title: str, rng: random.Random, tsv_ok: bool
) -> str:
    """Write one file; returns its encoding."""
    if fmt == "docx":
        path.write_bytes(render.to_docx(blocks))
        return "zip"
    encoding = "gbk" if rng.random() < 0.25 else "utf-8"
    if fmt == "html":
        text = render.to_html(blocks, title, encoding, rng)
    else:
        text = render.to_text(blocks, rng, tsv_ok)
    path.write_bytes(text.encode(encoding))
    return encoding


def expected_entry(agency: Agency, year: int, printed: Printed) -> dict[str, Any]:
    entry: dict[str, Any] = {"agency": agency.name, "year": year, "tables": expected_tables(printed)}
    if printed.figures.layout == "2019":
        entry["raw_table2"] = layout.table2_2019_rows(printed)
        entry["tables_2019"] = printed.figures.proactive_2019
    if printed.error is not None:
        entry["source_error"] = printed.error.to_json()
    return entry


def _report(
    index: int, seed: int, agency: Agency, year: int, carry: Carry | None, fmt: str, make_error: bool
) -> tuple[Figures, Printed, Prose, random.Random]:
    rng = random.Random(f"{seed}:{index}")
    figures = make_figures(rng, agency.scale, agency.organ.name, agency.kind, year, carry)
    printed = print_figures(rng, figures, make_error)
    prose = write_prose(rng, agency, year, printed)
    return figures, printed, prose, rng


def generate(
    out_dir: Path, n: int, seed: int = 0, formats: Sequence[str] = FORMATS, error_rate: float = 0.05
) -> Corpus:
    """Write `n` reports into `out_dir` (created; refused inside a `corpus/` folder)."""
    out_dir = Path(out_dir)
    if any(part in FORBIDDEN_DIRS for part in out_dir.resolve().parts):
        raise ValueError(f"{out_dir}: synthetic reports never go into corpus/")
    unknown = set(formats) - set(FORMATS)
    if unknown or not formats:
        raise ValueError(f"formats must be among {FORMATS}, not {sorted(unknown) or 'none'}")
    out_dir.mkdir(parents=True, exist_ok=True)
    master = random.Random(seed)
    schedule = [(agency, year) for agency, years in plan(master, n) for year in years]
    errors = set(master.sample(range(n), round(n * error_rate)))
    manifest: list[ManifestEntry] = []
    expected: dict[str, Any] = {}
    carry: dict[str, Carry] = {}
    for index, (agency, year) in enumerate(schedule):
        fmt = formats[index % len(formats)]
        figures, printed, prose, rng = _report(
            index, seed, agency, year, carry.get(agency.name), fmt, index in errors
        )
        carry[agency.name] = figures.carry()
        title = _title(rng, agency, year)
        name = f"{index:05d}_{year}_{agency.level_code}.{fmt}"
        blocks = blocks_of(rng, title, prose, printed)
        encoding = _write(out_dir / name, fmt, blocks, "".join(title), rng, tsv_ok=printed.blank_mark != "")
        expected[name] = expected_entry(agency, year, printed)
        manifest.append(
            ManifestEntry(
                name,
                fmt,
                encoding,
                agency.name,
                agency.level,
                agency.kind,
                agency.organ.name,
                list(agency.region_chain),
                agency.short_name,
                list(agency.forms),
                year,
                figures.layout,
                printed.blank_policy,
                printed.error.to_json() if printed.error else None,
                prose.facts,
            )
        )
    corpus = Corpus(out_dir, manifest, expected)
    corpus.expected_path.write_text(json.dumps(expected, ensure_ascii=False, indent=1), encoding="utf-8")
    corpus.manifest_path.write_text(
        "".join(json.dumps(asdict(m), ensure_ascii=False) + "\n" for m in manifest), encoding="utf-8"
    )
    return corpus


def load_manifest(path: Path) -> list[ManifestEntry]:
    return [
        ManifestEntry(**json.loads(line))
        for line in Path(path).read_text(encoding="utf-8").splitlines()
        if line
    ]
