"""Review: a question that asks for several figures gets each of them — never their silent sum, and
never only one of them — and a sum asked for adds exactly the rows, years or agencies named."""

from __future__ import annotations

import pytest

from qa.service import QAService


@pytest.mark.parametrize(
    ("question", "stated"),
    [
        ("淮安市2024年予以公开和部分公开分别多少件？", ["予以公开的申请1362件", "部分公开的申请454件"]),
        ("淮安市2024年企业和自然人申请分别多少件？", ["商业企业提出的本年新收政府信息公开申请53件", "自然人提出的本年新收政府信息公开申请3001件"]),
        ("淮安市2024年行政复议和不予公开各多少件？", ["行政复议共351件", "不予公开的申请合计178件"]),

        ("洪泽区2023、2024年予以公开分别多少件？", ["2023年予以公开的申请0件", "2024年予以公开的申请50件"]),
        ("淮安市2024年各类申请人分别申请了多少件？", ["其他组织提出的本年新收政府信息公开申请4件"]),
    ],
)  # fmt: skip
def test_each_figure_is_stated_and_none_is_summed(
    qa_service: QAService, question: str, stated: list[str]
) -> None:
    answer = qa_service.ask(question, record=False)
    assert answer.answerable is True and answer.mode == "structured"
    for words in stated:
        assert words in answer.answer, answer.answer
    assert "合计" not in answer.answer.replace("的申请合计", "")  # no sum of what was asked apart
    assert answer.primary_figure is None  # no single figure answers
    assert answer.figures and {f.verdict for f in answer.figures} == {"supported"}


@pytest.mark.parametrize(
    ("question", "stated", "first"),
    [
        ("淮安市2024年收到了多少件申请，其中多少予以公开？", ["申请共3119件", "予以公开的申请1362件"], 3119),
        # 其中 keeps the applicant column of the clause before it: 1288 natural persons, not 1362 in all
        ("淮安市2024年自然人申请了多少件，其中予以公开多少件？", ["3001件", "予以公开的申请1288件"], 3001),
        ("淮安市2024年收到多少申请？洪泽区呢？", ["淮安市人民政府2024年本年新收政府信息公开申请共3119件", "淮安市洪泽区人民政府2024年本年新收政府信息公开申请共95件"], 3119),
        ("洪泽区政府2024年因信息公开被申请行政复议几件？其中多少被纠正？", ["行政复议共2件", "行政复议中结果纠正的1件"], 2),
    ],
)  # fmt: skip
def test_a_two_part_question_is_answered_part_by_part(
    qa_service: QAService, question: str, stated: list[str], first: int
) -> None:
    """Each part gets its figure; the first part's is the answer's figure (the gold convention)."""
    answer = qa_service.ask(question, record=False)
    for words in stated:
        assert words in answer.answer, answer.answer
    assert answer.primary_figure == {"value": first, "unit": "件"}
    assert {f.verdict for f in answer.figures} == {"supported"}


@pytest.mark.parametrize(
    ("question", "value"),
    [
        ("淮安市2024年予以公开和不予公开一共多少件？", 1362 + 178),  # was 1362: 不予公开 dropped
        ("淮安市2024年部分公开和无法提供一共多少件？", 454 + 781),  # was 454
        ("洪泽区2023年和2024年一共收到多少申请？", 21 + 95),  # was the change, 74
        ("2024年各单位收到的申请一共多少件？", 3119 + 95 + 6),  # was a question back
    ],
)
def test_a_sum_adds_what_is_named(qa_service: QAService, question: str, value: int) -> None:
    answer = qa_service.ask(question, record=False)
    assert answer.primary_figure == {"value": value, "unit": "件"}, answer.answer
    assert {f.verdict for f in answer.figures} == {"supported"}


def test_sum_across_agencies_says_what_it_left_out(qa_service: QAService) -> None:
    answer = qa_service.ask("2024年各单位收到的申请一共多少件？", record=False)
    assert any("上海市人民政府办公厅" in a and "未列入" in a for a in answer.assumptions)
    answer = qa_service.ask("所有单位收到的申请一共多少？", record=False)
    assert any("年份不同" in a and "上海市人民政府办公厅2019年" in a for a in answer.assumptions)


@pytest.mark.parametrize(
    ("question", "best", "value", "unit"),
    [
        ("哪个单位收到申请最多？", "淮安市人民政府", 3119, "件"),
        ("哪个机关行政复议最多？", "淮安市人民政府", 351, "件"),
        ("2024年哪个单位公开率最高？", "淮安市洪泽区人民政府", 62.11, "%"),
    ],
)
def test_rankings(qa_service: QAService, question: str, best: str, value: float, unit: str) -> None:
    answer = qa_service.ask(question, record=False)
    assert answer.primary_figure is not None, answer.answer
    assert answer.primary_figure["unit"] == unit
    assert answer.primary_figure["value"] == pytest.approx(value, abs=0.01)
    assert answer.answer.startswith(f"按库中报告，{best}最")
    assert {f.verdict for f in answer.figures} == {"supported"}


@pytest.mark.parametrize(
    ("question", "value", "how"),
    [
        # two items of one year: was refused for want of a 2023 report, or answered with their sum (397)
        ("淮安市2024年予以公开的申请比部分公开的多多少？", 908, "前者比后者多出908件"),
        ("淮安市2024年行政复议比行政诉讼多几件？", 305, "前者比后者多出305件"),
        ("洪泽区2023年不予公开比无法提供多几件？", -10, "前者比后者少了10件"),
        # one item, two agencies, in the order asked: was refused for want of 淮安市's 2023 report
        # 「少多少」 is answered by how much less; 「多几件」 of a smaller item stays signed (−10 above)
        ("洪泽区2024年予以公开比淮安市少多少？", 1312, "前者比后者少了1312件"),
        ("洪泽区和淮安市2024年予以公开相差多少？", 1312, "前者比后者少了1312件"),
    ],
)
def test_the_difference_of_two_items(qa_service: QAService, question: str, value: int, how: str) -> None:
    answer = qa_service.ask(question, record=False)
    assert answer.primary_figure == {"value": value, "unit": "件"}, answer.answer
    assert how in answer.answer
    assert {f.verdict for f in answer.figures} == {"supported"}


@pytest.mark.parametrize(
    "question", ["洪泽区2024年新收申请同比增长率是多少？", "洪泽区2024年新收申请数比上年增长百分之多少？"]
)
def test_a_growth_rate_is_answered_with_the_rate(qa_service: QAService, question: str) -> None:
    # was 74件 (the change) or 0.0个百分点 (the change of 新收's share of itself)
    answer = qa_service.ask(question, record=False)
    assert answer.primary_figure == {"value": 352.38, "unit": "%"}, answer.answer
    assert "95件" in answer.answer and "21件" in answer.answer
