"""Lines of space-aligned text (`pdftotext -layout`) cut into label fragments and figure tokens.

Two or more spaces part cells, one space parts words; where a word sits is counted in pdftotext's
columns, a Latin character one, a Chinese one between one and two (`width`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

_FRAGMENT = re.compile(r"\S+(?: \S+)*")  # words apart by one space; two or more spaces part cells
VALUE = re.compile(r"^[+-]?\d[\d,，]*(?:\.\d+)?(?:%|％|元|万元|件|项|条)?$|^[/／—–－-]$")
_UNIT = re.compile(r"^(?:%|％|元|万元|件|项|条)$")
MARKER = re.compile(
    r"^(?:[（(][一二三四五六七八九十]+[）)]|[一二三四五六七八九十]+、|\d{1,2}\s*[.、．](?!\d))"
)
_INNER_MARKER = re.compile(
    r"\s(?=[（(][一二三四五六七八九十]+[）)]|[一二三四五六七八九十]+、\S|\d{1,2}[.、．]\D)"
)
_WIDE = 1.5
_GLUED_FIGURE = re.compile(r"[\u4e00-\u9fff）)”](\d[\d,]*(?:\.\d+)?)$")
_SHORT_LABEL = 20


@dataclass(frozen=True)
class Frag:
    start: float
    end: float
    text: str

    @property
    def center(self) -> float:
        return (self.start + self.end) / 2


@dataclass
class Line:
    index: int
    text: str
    labels: list[Frag] = field(default_factory=list)
    values: list[Frag] = field(default_factory=list)
    page: int = 0  # form feeds before the line: pdftotext spaces each page by its own measure

    @property
    def blank(self) -> bool:
        return not self.labels and not self.values

    @property
    def is_anchor(self) -> bool:
        return bool(self.values)


def width(text: str, wide: float = _WIDE) -> float:
    """How far a text reaches in `pdftotext -layout` columns: a column per Latin character, and between
    one and two per Chinese character (pdftotext pads to the glyphs' positions, which depend on the
    fonts: 1.5 unless the figures' columns say better, see `_value_columns`)."""
    return sum(wide if unicodedata.east_asian_width(ch) in "WF" else 1.0 for ch in text)


def split_line(index: int, text: str) -> Line:
    """Label fragments and the trailing figure tokens of a line. Figures inside a label fragment
    (「行政规范性文件 8」, one space apart in a narrow table) count when the label is short, or when
    more figures follow; figures ending a sentence (「…共计 38」) do not."""
    frags = [Frag(m.start(), m.start() + width(m.group(0)), m.group(0)) for m in _FRAGMENT.finditer(text)]
    values: list[Frag] = []
    while frags:
        words = tokens(frags[-1])
        k = len(words)
        while k > 0 and (VALUE.match(words[k - 1].text) or (_UNIT.match(words[k - 1].text) and k > 1)):
            k -= 1
        if k == len(words) or (k > 0 and not _label_before_figures(words[:k], bool(values))):
            break
        values = _merge_units(words[k:]) + values
        frags.pop()
        if k > 0:
            label = " ".join(t.text for t in words[:k])
            frags.append(Frag(words[0].start, words[k - 1].end, label))
            break
    if values and frags and (glued := _GLUED_FIGURE.search(frags[-1].text)):
        f = frags.pop()  # 「…内容仍不明确0」: a label filling its cell touches the first figure
        cut = glued.start(1)
        frags.append(Frag(f.start, f.start + width(f.text[:cut]), f.text[:cut]))
        values.insert(0, Frag(f.start + width(f.text[:cut]), f.end, glued.group(1)))
    labels = [part for f in frags for part in _split_markers(f)]
    return Line(index, text, labels, values)


def _label_before_figures(words: list[Frag], more_figures: bool) -> bool:
    label = "".join(t.text for t in words)
    short = len(label) <= _SHORT_LABEL and not re.search(r"[。；;，,：:]", label)
    return (more_figures or short) and (not label[:1].isdigit() or bool(MARKER.match(label)))


def tokens(frag: Frag, wide: float = _WIDE) -> list[Frag]:
    out, pos = [], frag.start
    for word in frag.text.split(" "):
        out.append(Frag(pos, pos + width(word, wide), word))
        pos += width(word, wide) + 1
    return out


def _merge_units(tokens: list[Frag]) -> list[Frag]:
    """「251000 元」 is one figure with its unit."""
    out: list[Frag] = []
    for t in tokens:
        if _UNIT.match(t.text) and out:
            out[-1] = Frag(out[-1].start, t.end, out[-1].text + t.text)
        else:
            out.append(t)
    return out


def _split_markers(frag: Frag) -> list[Frag]:
    """「三、本年度办理结果 （一）予以公开」: a numbered label after a space is another cell."""
    parts, start = [], 0
    for m in _INNER_MARKER.finditer(frag.text):
        parts.append((start, m.start()))
        start = m.end()
    parts.append((start, len(frag.text)))
    return [
        Frag(frag.start + width(frag.text[:a]), frag.start + width(frag.text[:b]), frag.text[a:b])
        for a, b in parts
        if frag.text[a:b].strip()
    ]


def shared(a: Frag, b: Frag) -> float:
    """How far two fragments' columns overlap (negative: the gap between them)."""
    return min(a.end, b.end) - max(a.start, b.start)


def overlap(a: Frag, b: Frag) -> bool:
    return shared(a, b) > 0
