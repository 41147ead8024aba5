"""The shape of qa/: stages in order, each reading the record of the one before, functions short."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

QA = Path(__file__).resolve().parents[1] / "qa"
MAX_LINES = 60
# after the query, no stage reads the question again: not its text, not the tagger's records
LATER_STAGES = ("resolve", "compose", "prose", "wording", "check", "cells")
READERS = {"qa.tag", "qa.frame", "qa.query", "qa.items", "qa.operations", "qa.scope", "qa.prose_query"}


def _functions(path: Path) -> list[tuple[str, int]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        (node.name, (node.end_lineno or node.lineno) - node.lineno + 1)
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    ]


@pytest.mark.parametrize("path", sorted(QA.glob("*.py")), ids=lambda p: p.name)
def test_no_function_is_longer_than_60_lines(path: Path) -> None:
    long = [(name, n) for name, n in _functions(path) if n > MAX_LINES]
    assert not long, long


@pytest.mark.parametrize("module", LATER_STAGES)
def test_later_stages_never_read_the_question(module: str) -> None:
    tree = ast.parse((QA / f"{module}.py").read_text(encoding="utf-8"))
    imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
    assert not imported & READERS, imported & READERS
    touched = {n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute)}
    assert "question" not in touched and "tagging" not in touched


def test_the_stages_exist_in_order() -> None:
    """tag -> frame -> query -> resolve -> compose -> check: each module takes its predecessor's record."""
    signatures = {
        "tag": "def tag(question: str, index: AgencyIndex) -> Tagging",
        "frame": "def build_frame(tagging: Tagging) -> Frame",
        "query": "def build_query(frame: Frame, index: AgencyIndex, today: date) -> Query",
        "resolve": "def resolve(part: TablePart, reports: Sequence[Report]) -> Result",
        "compose": "def say(result: Result, part: TablePart) -> Said",
        "check": "def check_text(text: str, evidence: Evidence) -> list[FigureCheck]",
    }
    for module, signature in signatures.items():
        assert signature in (QA / f"{module}.py").read_text(encoding="utf-8"), module
