"""Review: citizens' wordings of table items — counted in 次 or 元, 纠错, a rate compared across years —
get the table's figure, and a figure that cannot be given names the report and cell that lack it."""

from __future__ import annotations

import pytest

from ingest.figures import extract_figures
from qa.service import QAService


@pytest.mark.parametrize(
    ("question", "value", "unit"),
    [
        ("淮安市2024年被起诉几次？", 46, "件"),  # was refused: 几次 sent it to the prose
        ("淮安市2024年被申请复议几次？", 351, "件"),
        ("高青县公安局2024年作出了几次行政处罚？", 597, "件"),
        ("淮安市2024年收费多少元？", 96171.6, "万元"),  # was refused: 多少元 sent it to the prose
        ("淮安市2024年行政复议被纠错几件？", 64, "件"),  # was 351, the review total
    ],
)
def test_table_items_in_citizens_units(qa_service: QAService, question: str, value: float, unit: str) -> None:
    answer = qa_service.ask(question, record=False)
    assert answer.mode == "structured", answer.answer
    assert answer.primary_figure == {"value": value, "unit": unit}
    assert {f.verdict for f in answer.figures} == {"supported"}


def test_a_rate_compared_across_years_is_a_change_in_points(qa_service: QAService) -> None:
    answer = qa_service.ask("洪泽区2024年公开率比2023年变化多少？", record=False)
    assert "62.1%" in answer.answer and "19.0%" in answer.answer and "增加43.1个百分点" in answer.answer
    assert answer.primary_figure is not None and answer.primary_figure["unit"] == "百分点"
    assert answer.primary_figure["value"] == pytest.approx(43.06, abs=0.01)
    assert {f.verdict for f in answer.figures} == {"supported"}


def test_the_unanswerable_year_is_the_one_named(qa_service: QAService) -> None:
    # 2023's review total is printed as 0: the 2023 share cannot be computed, 2024's cell is not blank
    answer = qa_service.ask("洪泽区2024年行政复议纠正率同比变化多少？", record=False)
    assert answer.primary_figure is None
    assert "2023年" in answer.answer and "分母为零" in answer.answer
    assert "2024年报告未填写" not in answer.answer
    assert not answer.figures


def test_determiners_are_not_counts() -> None:
    for text in ("报告中没有读到「其他处理」这一项，无法回答。", "请说明是哪一个。", "每一件申请都已答复"):
        assert extract_figures(text) == [], text
    assert [f.value for f in extract_figures("这三件申请，共一件公开")] == [3, 1]


def test_an_item_the_older_layout_lacks_has_no_false_figure(qa_service: QAService) -> None:
    answer = qa_service.ask("洪泽区2023年逾期不补正多少件？", record=False)
    assert answer.answerable is False and answer.figures == []
