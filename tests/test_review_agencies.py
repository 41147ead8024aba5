"""Review: a question about an agency the store does not hold is never answered from another agency."""

from __future__ import annotations

import pytest

from qa.service import QAService


@pytest.mark.parametrize(
    ("question", "says"),
    [
        # another region's 公安局: not 高青县公安局 just because it is the only 公安局 in the store
        ("上海市公安局2024年收到多少申请？", "上海市人民政府办公厅"),
        ("淮安市公安局2024年收到多少申请？", "淮安市人民政府"),
        ("洪泽区公安局2024年收到多少申请？", "淮安市洪泽区人民政府"),
        # 淮安公安 names an organ of 淮安 the store does not hold, not 淮安市人民政府
        ("淮安公安2024年收到多少申请？", "淮安市人民政府"),
        # a district of 淮安市 the store does not hold: not the city government's figures
        ("淮安市淮阴区2024年收到多少申请？", "淮阴区"),
        # 淮安区 shares the bare name 淮安 with 淮安市 but is another government
        ("淮安区2024年收到多少申请？", "淮安区"),
        ("淮安区政府2024年收到多少申请？", "淮安区"),
        # only 县 -> 区 reads as the same place renamed; 洪泽市 is not 洪泽区
        ("洪泽市2024年收到多少申请？", "洪泽市"),
    ],
)
def test_an_unheld_agency_is_refused_not_swapped(qa_service: QAService, question: str, says: str) -> None:
    answer = qa_service.ask(question, record=False)
    assert answer.answerable is False and answer.primary_figure is None, answer.answer
    assert "高青县公安局2024年" not in answer.answer
    assert "库中没有" in answer.answer and says in answer.answer


def test_an_organ_alone_says_which_agency_answers(qa_service: QAService) -> None:
    answer = qa_service.ask("公安局2024年收到多少申请？", record=False)
    assert answer.primary_figure == {"value": 6, "unit": "件"}
    assert any("高青县公安局" in a and "公安局" in a for a in answer.assumptions), answer.assumptions


@pytest.mark.parametrize(
    ("question", "value"),
    [
        # 「行政处」 and 「新闻发布会」 end like organ names (处, 会) but are what is asked, not who
        ("淮安市行政处罚多少件？", 3985758),
        ("高青公安一年作出多少行政处罚决定？", 597),
    ],
)
def test_a_topic_after_the_region_is_not_another_organ(
    qa_service: QAService, question: str, value: int
) -> None:
    answer = qa_service.ask(question, record=False)
    assert answer.primary_figure == {"value": value, "unit": "件"}, answer.answer


@pytest.mark.parametrize(
    "question", ["淮安市政府办公室2024年收到多少申请？", "淮安市人民政府办公室2024年收到多少申请？"]
)
def test_a_longer_organ_is_not_the_government(qa_service: QAService, question: str) -> None:
    answer = qa_service.ask(question, record=False)
    assert (
        answer.answerable is False
        and "库中没有" in answer.answer
        and "淮安市人民政府（2024年）" in answer.answer
    )


@pytest.mark.parametrize("question", ["洪泽县2024年收到多少申请？", "淮安市洪泽县政府2024年收到多少申请？"])
def test_a_county_renamed_district_is_answered_saying_so(qa_service: QAService, question: str) -> None:
    """撤县设区: 「洪泽县」 is asked of the stored 洪泽区 under its old name; the answer says which it used."""
    answer = qa_service.ask(question, record=False)
    assert answer.primary_figure == {"value": 95, "unit": "件"}, answer.answer
    assert any("洪泽县" in a and "淮安市洪泽区人民政府" in a for a in answer.assumptions), answer.assumptions
