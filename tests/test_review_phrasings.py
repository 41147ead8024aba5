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


@pytest.mark.parametrize(
    ("question", "value"),
    [
        ("洪泽区2024年的申请有多少？", 95),  # 申请 with no verb: the applications received
        ("淮安市政府2024年信息公开申请大约多少件？", 3119),  # was refused: 「大约」 read as a qualifier
        ("洪泽区2024年的申请比去年多了多少？", 74),  # 去年 of the year named: the change from 2023
    ],
)
def test_plain_wordings_of_the_applications_received(
    qa_service: QAService, question: str, value: int
) -> None:
    answer = qa_service.ask(question, record=False)
    assert answer.mode == "structured", answer.answer
    assert answer.primary_figure == {"value": value, "unit": "件"}, answer.answer
    assert {f.verdict for f in answer.figures} == {"supported"}


@pytest.mark.parametrize(
    ("question", "first", "word"),
    [
        ("淮安市政府和洪泽区政府2024年哪个收到申请多？", "淮安市人民政府", "更多"),
        ("淮安市政府和洪泽区政府2024年哪个收到的申请少？", "淮安市洪泽区人民政府", "更少"),
        ("淮安市和洪泽区2024年谁的公开率更高？", "淮安市洪泽区人民政府", "更高"),
    ],
)
def test_which_of_two_agencies_is_a_ranking(
    qa_service: QAService, question: str, first: str, word: str
) -> None:
    """Was a question back: 「淮安市政府」 and 「洪泽区政府」 both brush 淮安, and 「哪个……多」 asked no number."""
    answer = qa_service.ask(question, record=False)
    assert answer.answer.startswith(f"按库中报告，{first}{word}。"), answer.answer
    assert {f.verdict for f in answer.figures} == {"supported"}


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # the last two reports: both figures and the change
        (
            "洪泽区近两年收到的申请数量",
            ("2024年本年新收政府信息公开申请共95件", "2023年本年新收政府信息公开申请共21件", "增加74件"),
        ),
        ("洪泽区最近两年一共收到多少申请", ("以上合计116件",)),
        ("洪泽区近2年的公开率", ("62.1%", "19.0%", "增加43.1个百分点")),
        # fewer reports than years asked: what there is, saying so
        ("洪泽区近三年收到多少申请", ("95件", "21件", "只有2023年、2024年的报告")),
    ],
)
def test_recent_years_are_the_last_reports_in_the_store(
    qa_service: QAService, question: str, expected: tuple[str, ...]
) -> None:
    answer = qa_service.ask(question, record=False)
    text = answer.answer
    assert all(e in text for e in expected), text
    assert {f.verdict for f in answer.figures} == {"supported"}
