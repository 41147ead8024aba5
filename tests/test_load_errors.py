"""Refusals at the `load()` boundary: each names the file and says why, in Chinese and English."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from helpers.documents import SEED, docx_with_merged_cells
from helpers.reports import report_path

from ingest.errors import IngestError
from ingest.load import SUPPORTED_EXTENSIONS, load, load_bytes, sniff

MAX = 50 * 2**20


def _refusal(path: Path, max_bytes: int = MAX) -> IngestError:
    with pytest.raises(IngestError) as info:
        load(path, max_bytes)
    assert info.value.file == str(path)
    return info.value


def test_missing_file(tmp_path: Path) -> None:
    assert "文件不存在" in str(_refusal(tmp_path / "nope.pdf"))


def test_directory(tmp_path: Path) -> None:
    folder = tmp_path / "reports.pdf"
    folder.mkdir()
    assert "目录" in str(_refusal(folder))


@pytest.mark.parametrize("suffix", [".txt", ".pdf", ".docx", ".html"])
@pytest.mark.parametrize("content", [b"", b"  \r\n\t \n", b"\xef\xbb\xbf"], ids=["zero", "whitespace", "bom"])
def test_empty(tmp_path: Path, suffix: str, content: bytes) -> None:
    path = tmp_path / f"empty{suffix}"
    path.write_bytes(content)
    error = _refusal(path)
    assert "文件为空" in error.reason and "empty" in error.reason


def test_too_large(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(SEED.read_bytes())
    error = _refusal(path, max_bytes=1024)
    assert "文件过大" in error.reason and "11480 bytes" in error.reason and "1024 bytes" in error.reason
    with pytest.raises(IngestError, match="文件过大"):
        load_bytes(SEED.read_bytes(), "upload.txt", 1024)


@pytest.mark.parametrize("name", ["report.xlsx", "report.doc.exe", "README"])
def test_unsupported_extension(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"data")
    error = _refusal(path)
    assert "不支持的文件类型" in error.reason
    assert all(ext in error.reason for ext in (".pdf", ".docx", ".txt", ".html"))


def test_extension_is_case_insensitive(tmp_path: Path) -> None:
    path = tmp_path / "SEED.TXT"
    path.write_bytes(SEED.read_bytes())
    assert load(path, MAX).fmt == "txt"


def test_sha256_and_path(tmp_path: Path) -> None:
    import hashlib

    doc = load(SEED, MAX)
    assert doc.sha256 == hashlib.sha256(SEED.read_bytes()).hexdigest()
    assert doc.path == str(SEED)
    assert load_bytes(SEED.read_bytes(), "x.txt").sha256 == doc.sha256


def test_sniff() -> None:
    assert sniff(b"%PDF-1.7") == "pdf"
    assert sniff(b"PK\x03\x04") == "zip"
    assert sniff(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1") == "ole"
    assert sniff(b"<!DOCTYPE html><html>") == "html"
    assert sniff("一、总体情况".encode()) == "text"
    assert set(SUPPORTED_EXTENSIONS.values()) == {"txt", "html", "docx", "pdf"}


def _damaged(data: bytes, seed: int) -> bytes:
    rng = random.Random(seed)
    out = bytearray(data[: rng.randrange(len(data) // 4, len(data))])
    for _ in range(rng.randint(1, 30)):
        out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("suffix", [".pdf", ".docx", ".html"])
def test_damaged_files_fail_cleanly(tmp_path: Path, suffix: str, seed: int) -> None:
    """Truncated and bit-flipped copies either load or raise IngestError, nothing else."""
    source = {
        ".pdf": lambda: report_path("hongze_district_2024.pdf").read_bytes(),
        ".docx": lambda: docx_with_merged_cells(tmp_path / "ok.docx").read_bytes(),
        ".html": lambda: report_path("shanghai_gov_office_2019.html").read_bytes(),
    }[suffix]()
    try:
        doc = load_bytes(_damaged(source, seed), f"damaged{suffix}", MAX)
    except IngestError as error:
        assert error.file == f"damaged{suffix}" and error.reason
    else:
        assert doc.blocks


def test_a_few_damaged_bytes_in_text_are_tolerated(tmp_path: Path) -> None:
    data = bytearray(SEED.read_bytes())
    data[200] = 0xFF  # not UTF-8, not GB18030
    data[300:300] = b"\x00"  # a stray NUL
    path = tmp_path / "damaged.txt"
    path.write_bytes(bytes(data))
    doc = load(path, MAX)
    assert doc.encoding == "utf-8 (lossy)" and len(doc.tables) == 3
