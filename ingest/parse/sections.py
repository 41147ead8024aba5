"""The six sections of a report by their headings, tolerant of variants.

Headings come as 「一、总体情况」, 「五、存在的主要问题及改进情况」 or 「五、政府信息公开工作存在的主要问题及改进措施」,
sometimes without numbering, sometimes dropped by PDF extraction. A heading is a short line whose words
name one section; numbering, when present, must agree. Sections keep their order; text before the first
heading is the preamble.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ingest.records import SECTION_KEYS, SECTION_TITLES, Block, Section, TableBlock, TextBlock

_KEYWORDS: dict[str, tuple[str, ...]] = {
    "overview": ("总体情况",),
    "proactive": ("主动公开政府信息情况", "主动公开政府信息", "主动公开情况"),
    "applications": (
        "收到和处理政府信息公开申请",
        "依申请公开政府信息情况",
        "收到和处理政府信息公开申请情况",
    ),
    "review_litigation": (
        "行政复议、行政诉讼",
        "行政复议和行政诉讼",
        "行政复议和提起行政诉讼",
        "行政复议或行政诉讼",
    ),
    "problems": ("存在的主要问题", "主要问题及改进", "存在问题及改进", "问题和改进", "主要问题和改进"),
    "other": ("其他需要报告的事项", "其他需要报告事项"),
}
_NUMBER = re.compile(r"^\s*([一二三四五六])\s*[、.．]\s*")
_ORDINAL = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6}
MAX_HEADING_CHARS = 40


@dataclass(frozen=True)
class Heading:
    key: str
    ordinal: int
    text: str


def heading_of(line: str) -> Heading | None:
    """The section a line heads, or None for prose."""
    text = line.strip()
    if not text or len(text) > MAX_HEADING_CHARS or text.endswith(("。", "；", ";")):
        return None
    m = _NUMBER.match(text)
    number = _ORDINAL[m.group(1)] if m else None
    if not m and text[0] in "（(0123456789":
        return None  # 「（一）主动公开情况」 is a subsection of 一, not section 二
    for ordinal, key in enumerate(SECTION_KEYS, start=1):
        if any(word in text for word in _KEYWORDS[key]):
            if number is not None and number != ordinal:
                continue
            return Heading(key, ordinal, text)
    return None


def split_sections(blocks: Sequence[Block]) -> list[Section]:
    """Prose grouped under the six headings, in order; a heading out of order is read as prose."""
    parts: list[tuple[Heading | None, list[str]]] = [(None, [])]
    seen: set[str] = set()
    for block in blocks:
        if isinstance(block, TableBlock):
            continue
        assert isinstance(block, TextBlock)
        heading = heading_of(block.text)
        current = parts[-1][0]
        if heading and heading.key not in seen and (current is None or heading.ordinal > current.ordinal):
            seen.add(heading.key)
            parts.append((heading, []))
        else:
            parts[-1][1].append(block.text)
    sections = []
    for heading, lines in parts:
        text = "\n".join(lines).strip()
        if heading is None:
            if text:
                sections.append(Section("preamble", "", text, 0))
            continue
        sections.append(Section(heading.key, heading.text, text, heading.ordinal))
    return sections


def standard_title(key: str) -> str:
    return SECTION_TITLES.get(key, key)
