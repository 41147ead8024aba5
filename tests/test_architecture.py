"""Data flows one way: ingest -> stores -> qa -> ui/evals. Pinned by reading the imports."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FORBIDDEN = {
    "ingest": {"qa", "ui", "evals"},
    "qa": {"ui", "evals"},
    "evals": {"ui"},
}


def imported_packages(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_imports_flow_one_way(package: str) -> None:
    offenders = {
        str(path.relative_to(ROOT)): sorted(imported_packages(path) & FORBIDDEN[package])
        for path in (ROOT / package).rglob("*.py")
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_only_the_cli_and_server_reach_ui() -> None:
    for package in ("ingest", "qa", "evals"):
        for path in (ROOT / package).rglob("*.py"):
            assert "ui" not in imported_packages(path), path


def test_chromadb_and_langchain_stay_in_their_wrapper_modules() -> None:
    allowed = {
        "chromadb": {"ingest/store/vectors.py"},
        "langchain_classic": {"qa/retrieve.py", "evals/baseline.py"},
        "langchain_community": {"qa/retrieve.py", "evals/baseline.py"},
        "langchain_openai": {"qa/llm.py"},
        "langchain_chroma": {"evals/baseline.py"},
    }
    for path in ROOT.glob("[iqe]*/**/*.py"):
        rel = str(path.relative_to(ROOT))
        for lib, homes in allowed.items():
            if lib in imported_packages(path):
                assert rel in homes, f"{rel} imports {lib}"
