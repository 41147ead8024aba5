"""PDF characters to lines of text, deciding spaces from the gaps between glyphs.

Why not pdfplumber's own text: its spacing is one fixed tolerance, and Word's PDF export draws
figures in a separate font run, so a number can come out split ("11 36") or glued to a word. We
join digits whose gap is small, put a space only where there is a real gap, and leave the rest
to `normalize_text` (which drops spaces next to CJK text).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

Char = dict[str, Any]  # a pdfplumber char object

WORD_GAP = 0.25  # of the font size: a wider gap between two glyphs is a space
DIGIT_GAP = 0.5  # digits stay one number unless the gap is this wide


@dataclass(frozen=True)
class Line:
    """One printed line: its text and where it sits on the page."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float


def center(obj: Char) -> tuple[float, float]:
    return (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2


def inside(obj: Char, bbox: tuple[float, float, float, float]) -> bool:
    """Whether a char's centre lies in a box (a glyph belongs to the cell its centre is in)."""
    x, y = center(obj)
    return bbox[0] <= x <= bbox[2] and bbox[1] <= y <= bbox[3]


def _size(c: Char) -> float:
    return float(c.get("size") or (c["bottom"] - c["top"]) or 10.0)


def group_lines(chars: Iterable[Char]) -> list[Line]:
    """Cluster chars into lines top to bottom (a char joins a line when its vertical centre is
    within half a glyph of the line's), each line read left to right."""
    visible = sorted((c for c in chars if c["text"].strip()), key=lambda c: (center(c)[1], c["x0"]))
    clusters: list[list[Char]] = []
    line_y = 0.0
    for c in visible:
        y = center(c)[1]
        if clusters and abs(y - line_y) <= 0.5 * _size(c):
            clusters[-1].append(c)
            line_y += (y - line_y) / len(clusters[-1])
        else:
            clusters.append([c])
            line_y = y
    return [_line(sorted(cluster, key=lambda c: c["x0"])) for cluster in clusters]


def _line(chars: list[Char]) -> Line:
    parts = [chars[0]["text"]]
    for prev, cur in itertools.pairwise(chars):
        gap = cur["x0"] - prev["x1"]
        size = min(_size(prev), _size(cur))
        both_digits = prev["text"][-1:].isdigit() and cur["text"][:1].isdigit()
        if gap > (DIGIT_GAP if both_digits else WORD_GAP) * size:
            parts.append(" ")
        parts.append(cur["text"])
    sizes = sorted(_size(c) for c in chars)
    return Line(
        text="".join(parts),
        x0=min(c["x0"] for c in chars),
        x1=max(c["x1"] for c in chars),
        top=min(c["top"] for c in chars),
        bottom=max(c["bottom"] for c in chars),
        size=sizes[len(sizes) // 2],
    )


def box_text(chars: Iterable[Char]) -> str:
    """The text of a table cell: its lines joined without separator (wrapped labels)."""
    return "\n".join(line.text for line in group_lines(chars))
