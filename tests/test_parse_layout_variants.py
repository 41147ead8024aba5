"""Variants people make of a converter's Markdown: pipe rows without the outer pipes, full-width ｜,
no `---` separator row, merged labels written into one cell with a slash, headings in **bold** and
full-width spaces. Made from the real markitdown renderings of the layout test bed; every
hand-checked cell must come back."""

from __future__ import annotations

import re

import pytest
from helpers.layouts import Rendering, by_case, cell_misses
from helpers.reports import ALL_KEYS, expected

from ingest.load import load_bytes
from ingest.parse import parse


@pytest.fixture(scope="session")
def rendered() -> dict[tuple[str, str], Rendering]:
    return by_case()


def _cells(line: str) -> list[str] | None:
    if not line.startswith("|"):
        return None
    return [c.strip() for c in line.strip().strip("|").split("|")]


def no_outer_pipes(text: str) -> str:
    return "\n".join(" | ".join(c) if (c := _cells(line)) else line for line in text.splitlines())


def full_width_bars(text: str) -> str:
    return "\n".join(
        "｜" + "｜".join(c) + "｜" if (c := _cells(line)) else line for line in text.splitlines()
    )


def no_separator(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not re.fullmatch(r"\|[\s|:-]+\|", line.strip()))


def merged_labels(text: str) -> str:
    """Leading label cells of a row joined into one with 「 / 」 (blank ones dropped)."""
    out = []
    for line in text.splitlines():
        cells = _cells(line)
        if not cells:
            out.append(line)
            continue
        k = next(i for i in range(len(cells) + 1) if all(re.fullmatch(r"[\d.]*", c) for c in cells[i:]))
        labels = [c for c in cells[:k] if c]
        out.append("| " + " | ".join([" / ".join(labels), *cells[k:]]) + " |" if labels else line)
    return "\n".join(out)


def bold_headings(text: str) -> str:
    heading = re.compile(r"^([一二三四五六]、\S+)$", re.M)
    return (
        heading.sub(lambda m: f"## **{m.group(1)}**", text).replace("　", "").replace("一、", "一、\u3000", 1)
    )


VARIANTS = {
    f.__name__: f for f in (no_outer_pipes, full_width_bars, no_separator, merged_labels, bold_headings)
}


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("key", ALL_KEYS)
def test_markdown_variants(rendered, key: str, variant: str) -> None:  # type: ignore[no-untyped-def]
    text = rendered[(key, "markitdown-html")].path.read_text(encoding="utf-8")
    changed = VARIANTS[variant](text)
    assert changed != text
    report = parse(load_bytes(changed.encode("utf-8"), "variant.md"))
    assert cell_misses(key, report) == []
    assert (report.meta.agency, report.meta.year) == (expected()[key]["agency"], expected()[key]["year"])


def running_heads(text: str, agency: str) -> str:
    """A running header and a 「第 N 页 共 M 页」 footer at every page break of pdftotext's text."""
    pages = text.split("\f")
    out = []
    for n, page in enumerate(pages, start=1):
        head = f"{' ' * 30}{agency}政府信息公开工作年度报告\n" if n > 1 else ""
        out.append(f"{head}{page}\n{' ' * 40}第 {n} 页 共 {len(pages)} 页\n")
    return "\f".join(out)


@pytest.mark.parametrize("layout", ["pdftotext-layout", "chromium-pdf-layout"])
@pytest.mark.parametrize("key", [k for k in ALL_KEYS if k.endswith(".pdf")])
def test_running_heads_inside_tables(rendered, key: str, layout: str) -> None:  # type: ignore[no-untyped-def]
    text = rendered[(key, layout)].path.read_text(encoding="utf-8")
    assert text.count("\f") >= 3
    report = parse(load_bytes(running_heads(text, expected()[key]["agency"]).encode("utf-8"), "report.txt"))
    assert cell_misses(key, report) == []
    assert report.meta.agency == expected()[key]["agency"]
