"""The numeric checker on real answers: every clean figure supported, every corrupted one caught."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.figures import extract_figures
from qa.check import check_text
from qa.records import Answer
from qa.service import QAService

QUESTIONS = [
    "高青县公安局2024年收到多少件信息公开申请？",
    "高青县公安局2024年行政事业性收费多少万元？",
    "淮安市2024年予以公开和部分公开合计占办理总数的百分比是多少？",
    "洪泽区人民政府年报表格中，2024年新收申请比2023年增加了多少件？",
    "淮安市2024年不予公开的申请合计有多少件？",
    "淮安市2024年信息公开行政复议中结果被纠正的有多少件？",
    "淮安市和洪泽区2024年一共收到多少件政府信息公开申请？",
    "洪泽区2023年在政府网站平台主动公开了多少条政府信息？",
]


@pytest.fixture(scope="module")
def answers(qa_service: QAService) -> list[Answer]:
    return [qa_service.ask(q, record=False) for q in QUESTIONS]


def test_clean_answers_are_fully_supported(answers: list[Answer]) -> None:
    for answer in answers:
        assert answer.figures, answer.answer
        assert [f.verdict for f in answer.figures] == ["supported"] * len(answer.figures), answer.answer


def _replace(text: str, start: int, end: int, new: str) -> str:
    return text[:start] + new + text[end:]


def _verdicts(answer: Answer, text: str) -> list[str]:
    assert answer.evidence is not None
    return [c.verdict for c in check_text(text, answer.evidence)]


def _digits(figure_text: str) -> re.Match[str]:
    match = re.search(r"\d+(?:\.\d+)?", figure_text)
    assert match is not None
    return match


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_perturbed_figure_is_never_supported(answers: list[Answer], data: st.DataObject) -> None:
    """±k, ×10, a swapped unit (万元↔元), a percentage off by a point: contradicted or unsupported."""
    answer = data.draw(st.sampled_from(answers))
    figures = [f for f in extract_figures(answer.answer) if re.search(r"\d", f.text)]
    figure = data.draw(st.sampled_from(figures))
    digits = _digits(figure.text)
    value = float(digits.group(0))
    kind = data.draw(st.sampled_from(["plus", "minus", "times10", "unit"]))
    if kind == "unit":
        swapped = {"万元": "元", "元": "万元", "件": "万件"}.get(figure.unit or "")
        if swapped is None:
            kind = "plus"
        else:
            new_text = figure.text.replace(figure.unit or "", swapped)
    if kind != "unit":
        step = 1.0 if figure.unit != "%" else data.draw(st.sampled_from([1.0, 0.5]))
        new_value = {"plus": value + step, "minus": value - step, "times10": value * 10}[kind]
        if new_value < 0 or new_value == value:
            new_value = value + step
        decimals = len(digits.group(0).split(".")[1]) if "." in digits.group(0) else 0
        shown = f"{new_value:.{decimals}f}"
        new_text = figure.text[: digits.start()] + shown + figure.text[digits.end() :]
    corrupted = _replace(answer.answer, figure.start, figure.end, new_text)
    changed = [c for c in check_text(corrupted, answer.evidence) if c.start == figure.start]  # type: ignore[arg-type]
    assert changed, (corrupted, figure.text)
    assert changed[0].verdict in ("contradicted", "unsupported"), (corrupted, changed[0])


def test_swapped_figures_are_caught(answers: list[Answer]) -> None:
    compare = answers[3]  # 2024年…95件，2023年…21件；增加74件
    assert "95件" in compare.answer and "21件" in compare.answer
    swapped = compare.answer.replace("95件", "@").replace("21件", "95件").replace("@", "21件")
    assert _verdicts(compare, swapped).count("contradicted") >= 2


def test_contradicted_figure_names_the_cell(answers: list[Answer]) -> None:
    lookup = answers[0]
    wrong = lookup.answer.replace("6件", "7件")
    (check,) = check_text(wrong, lookup.evidence)  # type: ignore[arg-type]
    assert check.verdict == "contradicted"
    assert check.source["expected"][0]["cells"][0]["path"] == "表三/一、本年新收政府信息公开申请数量/总计"


def test_figure_without_any_basis_is_unsupported(answers: list[Answer]) -> None:
    lookup = answers[0]
    text = lookup.answer + "另据统计，全年接待来访群众1234人次。"
    verdicts = _verdicts(lookup, text)
    assert verdicts[-1] == "unsupported"


def test_years_dates_and_document_numbers_are_not_figures(answers: list[Answer]) -> None:
    lookup = answers[0]
    text = (
        lookup.answer + "依据国办公开办函〔2021〕30号第二十条，统计期限至2024年12月31日，电话0533-2189929。"
    )
    assert len(_verdicts(lookup, text)) == len(lookup.figures)


@pytest.mark.parametrize(
    ("figure", "verdict"),
    [
        ("约3100件", "supported"),  # 3119: within half a step of 100
        ("3100余件", "supported"),
        ("三千余件", "supported"),  # at least 3000, less than 4000
        ("近3200件", "supported"),  # at most 3200, more than 3100
        ("约3000件", "supported"),  # a step of 1000 is capped at a tenth: 3119 is within 150 of 3000
        ("约5000件", "contradicted"),
        ("近3000件", "contradicted"),  # 3119 is more than 3000
        ("3200余件", "contradicted"),
        ("超过4000件", "contradicted"),
        ("3119件", "supported"),
        ("3118件", "contradicted"),
    ],
)
def test_approximate_figures_agree_as_far_as_their_marker_allows(
    qa_service: QAService, figure: str, verdict: str
) -> None:
    """An LLM rounds (「约3100件」): what the marker says must hold of the cell (3119), no more."""
    answer = qa_service.ask("淮安市2024年收到多少件信息公开申请？", record=False)
    assert answer.primary_figure == {"value": 3119, "unit": "件"}
    text = f"淮安市人民政府2024年本年新收政府信息公开申请{figure}。"
    (check,) = check_text(text, answer.evidence)  # type: ignore[arg-type]
    assert check.verdict == verdict, check.source
    exact = figure in ("3119件", "3118件")
    assert ("approx" in check.source) == (verdict == "supported" and not exact)
