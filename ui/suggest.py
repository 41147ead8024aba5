"""「您是不是想问……」 made clickable: the questions a citizen may ask instead, one click each.

The answer names its suggestions in `answer["query"]["suggestions"]` (questions, or names such as
an agency); older answers only say it in the refusal text (「您是不是想问「淮安市」？」). A suggestion
that is a name, not a question, stands in for the part of the question it corrects: the stretch of
the question most like it (淮南市 → 淮安市), so the click asks the corrected question.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from difflib import SequenceMatcher
from typing import Any

SUGGESTED = re.compile(r"您是不是想问「([^」]{1,60})」")
QUESTION_END = ("？", "?")
MIN_LIKENESS = 0.5  # below this no stretch of the question is what the suggestion corrects


def suggested_questions(answer: Mapping[str, Any], limit: int = 3) -> list[str]:
    """The corrected questions the answer suggests, in its order, without repeats."""
    question = str(answer.get("question", ""))
    raw = (answer.get("query") or {}).get("suggestions")
    if isinstance(raw, list) and raw:
        items = [_text(s) for s in raw]
    else:
        items = SUGGESTED.findall(str(answer.get("answer", "")))
    found = [corrected(question, s) for s in items if s]
    return [q for q in dict.fromkeys(found) if q and q != question][:limit]


def _text(item: Any) -> str:
    if isinstance(item, Mapping):
        return str(item.get("question") or item.get("text") or item.get("value") or "")
    return str(item or "")


def corrected(question: str, suggestion: str) -> str:
    """The question to ask: the suggestion itself when it is a question, else the question with its
    stretch most like the suggestion replaced by it ("" when no stretch is alike)."""
    if suggestion.endswith(QUESTION_END) or len(suggestion) >= len(question):
        return suggestion
    best, start, end = 0.0, 0, 0
    for size in {max(1, len(suggestion) - 1), len(suggestion), len(suggestion) + 1}:
        for i in range(0, max(0, len(question) - size) + 1):
            likeness = SequenceMatcher(None, question[i : i + size], suggestion).ratio()
            if likeness > best:
                best, start, end = likeness, i, i + size
    if best < MIN_LIKENESS:
        return ""
    return question[:start] + suggestion + question[end:]
