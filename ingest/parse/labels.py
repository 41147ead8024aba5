"""Matching printed row and column labels to the contract keys by meaning.

Reports misspell and reflow labels (「2.其他法律行政止公开」, 「4.无正当理由大量反复 申请」, 「（四）无」+「法提供」
split over a page break), renumber them (「1、」 vs 「1.」) and use older wordings (危及“国家安全、公共安全、
经济安全、社会稳定”). We compare the core text (numbering and punctuation stripped) against the official label
and its aliases, and let the printed ordinal and the current group break ties.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ingest.schema import Label

_NUMBERING = re.compile(
    r"^(?:[（(][一二三四五六七八九十]+[）)]|[一二三四五六七八九十]+[、.．]|\d+[、.．)）]|[（(]\d+[）)])"
)
# an ordinal starting a label inside a cell: merged labels written into one cell (「三、本年度办理结果
# （一）予以公开」, 「（三）不予公开1.属于国家秘密」 as copied text joins them); not 「第二十条第（一）项」
_INNER_NUMBERING = re.compile(
    r"(?<=[^第\s])(?=[（(][一二三四五六七八九十]+[）)]|(?<!\d)\d{1,2}[、.．](?!\d)|[一二三四五六七八九十]、)"
)
_PUNCT = re.compile(r"[\s“”\"'‘’「」『』《》（）()、，,。.．:：;；/／\-—_·]")
_CN_ORDINALS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


def compact(text: str) -> str:
    """Whitespace removed: labels wrap mid-word in PDFs and Word tables."""
    return re.sub(r"\s+", "", text or "")


def split_numbering(text: str) -> tuple[int | None, str]:
    """「2.其他法律…」 -> (2, "其他法律…"); 「（三）不予公开」 -> (3, "不予公开")."""
    s = compact(text)
    m = _NUMBERING.match(s)
    if not m:
        return None, s
    token = re.sub(r"[^0-9一二三四五六七八九十]", "", m.group(0))
    number = int(token) if token.isdigit() else _CN_ORDINALS.get(token)
    return number, s[m.end() :]


def split_merged(text: str) -> list[str]:
    """「三、本年度办理结果（三）不予公开1.属于国家秘密」 -> its three labels; one label stays whole."""
    return [part for part in _INNER_NUMBERING.split(compact(text)) if part]


def core(text: str) -> str:
    """The words of a label: numbering, punctuation, quotes and the 2021 format's notes removed."""
    _, rest = split_numbering(text)
    rest = rest.split("（区分处理")[0].split("(区分处理")[0]
    return _PUNCT.sub("", rest)


def lcs_length(a: str, b: str) -> int:
    """Length of the longest common subsequence (characters in order, gaps allowed)."""
    if not a or not b:
        return 0
    prev = [0] * (len(b) + 1)
    for ch in a:
        cur = [0]
        for j, bj in enumerate(b):
            cur.append(prev[j] + 1 if ch == bj else max(prev[j + 1], cur[j]))
        prev = cur
    return prev[-1]


def similarity(printed: str, reference: str) -> float:
    """1.0 for the same words; containment scores high; otherwise the shared-subsequence ratio."""
    a, b = core(printed), core(reference)
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    if b in a or a in b:
        return 0.9 * min(len(a), len(b)) / max(len(a), len(b)) + 0.1
    common = lcs_length(a, b)
    return 2 * common / (len(a) + len(b))


@dataclass(frozen=True)
class LabelMatch:
    label: Label
    score: float


def best_label(
    printed: str,
    candidates: Iterable[Label],
    *,
    number: int | None = None,
    threshold: float = 0.6,
) -> LabelMatch | None:
    """The candidate whose label or alias reads most like `printed`; the printed ordinal adds weight."""
    best: LabelMatch | None = None
    for label in candidates:
        score = max(similarity(printed, name) for name in (label.label, *label.aliases))
        if number is not None and label.number is not None:
            score += 0.15 if number == label.number else -0.15
        if best is None or score > best.score:
            best = LabelMatch(label, score)
    return best if best is not None and best.score >= threshold else None


def contains_any(text: str, words: Iterable[str]) -> bool:
    s = compact(text)
    return any(w in s for w in words)
