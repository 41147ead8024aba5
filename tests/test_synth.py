"""The synthetic report generator of the benchmarks, read back by the real parser: every expected cell,
the agency and year, the older table 2 as printed, A1–B1 holding — and the planted source errors found."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from benchmarks.synth import Corpus, generate, load_manifest
from benchmarks.synth.score import score_report
from ingest.load import load
from ingest.parse import parse

SEED = 15  # a sample of 9 that holds both layouts, every blank policy, short names, GBK and 2 planted errors
N = 9


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    return generate(tmp_path_factory.mktemp("synth"), N, SEED, ("txt", "html", "docx"), error_rate=0.25)


def test_sample_covers_what_it_claims(corpus: Corpus) -> None:
    manifest = corpus.manifest
    assert len(manifest) == N and all(f.exists() for f in corpus.files)
    assert {m.format for m in manifest} == {"txt", "html", "docx"}
    assert {m.layout for m in manifest} == {"2019", "2021"}
    assert {m.blank_policy for m in manifest} == {"none", "legal_zero_blank", "zero_blank", "total_blank"}
    assert sum(m.source_error is not None for m in manifest) == 2
    assert any(m.short_name for m in manifest) and "gbk" in {m.encoding for m in manifest}
    assert all("合成" in m.agency for m in manifest)  # nothing can pass for a real agency


@pytest.mark.parametrize("index", range(N))
def test_parser_reads_every_expected_cell_and_finds_the_planted_errors(corpus: Corpus, index: int) -> None:
    entry = corpus.manifest[index]
    report = parse(load(corpus.out_dir / entry.file, 50 * 2**20))
    misses = score_report(corpus.expected[entry.file], report)
    assert [str(m) for m in misses] == [], (
        f"{entry.file} ({entry.format}, {entry.layout}, {entry.blank_policy})"
    )
    if entry.source_error is not None:
        errors = [f for f in report.findings if f.severity == "error"]
        assert {f.diagnosis for f in errors} == {"source_error"}  # a misprint, not a misread


def test_expected_and_manifest_files_round_trip(corpus: Corpus) -> None:
    expected = json.loads(corpus.expected_path.read_text(encoding="utf-8"))
    assert set(expected) == {m.file for m in corpus.manifest}
    assert load_manifest(corpus.manifest_path) == corpus.manifest
    one = expected[corpus.manifest[0].file]
    assert set(one) >= {"agency", "year", "tables"}
    assert set(one["tables"]) == {"proactive", "applications", "review_litigation"}


def test_same_seed_same_reports(corpus: Corpus, tmp_path: Path) -> None:
    again = generate(tmp_path, N, SEED, ("txt", "html", "docx"), error_rate=0.25)
    assert again.manifest == corpus.manifest
    for entry in corpus.manifest:
        assert _content(tmp_path / entry.file) == _content(corpus.out_dir / entry.file), entry.file


def _content(path: Path) -> dict[str, bytes]:
    """A file's bytes; a .docx by its members (the zip itself carries its write time)."""
    if path.suffix != ".docx":
        return {"": path.read_bytes()}
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_never_writes_into_corpus(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="corpus"):
        generate(tmp_path / "corpus", 1, 0)
