"""Review: the numeric checker binds a figure to the agency, the direction of a change and the share it
names — a figure that only equals *some* number of the evidence is not thereby supported."""

from __future__ import annotations

from qa.check import check_text
from qa.service import QAService


def verdicts(service: QAService, question: str, text: str) -> list[tuple[str, str]]:
    answer = service.ask(question, record=False)
    assert answer.evidence is not None
    return [(c.text, c.verdict) for c in check_text(text, answer.evidence)]


def test_figures_of_two_agencies_swapped_are_contradicted(qa_service: QAService) -> None:
    question = "淮安市和洪泽区2024年一共收到多少件政府信息公开申请？"
    swapped = (
        "淮安市人民政府2024年本年新收政府信息公开申请共95件，"
        "淮安市洪泽区人民政府2024年本年新收政府信息公开申请共3119件；以上合计3214件。"
    )
    assert verdicts(qa_service, question, swapped)[:2] == [
        ("95件", "contradicted"),
        ("3119件", "contradicted"),
    ]
    short_names = "淮安市2024年新收申请3119件，洪泽区2024年新收申请95件。"
    assert verdicts(qa_service, question, short_names) == [("3119件", "supported"), ("95件", "supported")]


def test_a_decrease_is_checked_as_a_decrease(qa_service: QAService) -> None:
    question = "洪泽区2024年行政处罚比2023年变化多少？"
    answer = qa_service.ask(question, record=False)
    assert "减少1343件" in answer.answer and "下降32.6%" in answer.answer
    assert {f.verdict for f in answer.figures} == {"supported"}, [(f.text, f.verdict) for f in answer.figures]
    wrong_way = answer.answer.replace("减少1343件", "增加1343件").replace("下降32.6%", "增长32.6%")
    assert [v for t, v in verdicts(qa_service, question, wrong_way) if t in ("1343件", "32.6%")] == [
        "contradicted",
        "contradicted",
    ]


def test_an_increase_written_as_a_decrease_is_contradicted(qa_service: QAService) -> None:
    question = "洪泽区2024年收到申请比2023年增加多少？"
    answer = qa_service.ask(question, record=False)
    assert "增加74件" in answer.answer
    wrong_way = answer.answer.replace("增加74件", "减少74件")
    assert ("74件", "contradicted") in verdicts(qa_service, question, wrong_way)


def test_a_percentage_is_bound_to_the_share_it_names(qa_service: QAService) -> None:
    question = "淮安市2024年公开率是多少？"
    text = "淮安市人民政府2024年公开率59.5%，不予公开的申请占比59.5%。"
    assert verdicts(qa_service, question, text) == [("59.5%", "supported"), ("59.5%", "contradicted")]
    right = "淮安市人民政府2024年不予公开的申请占比5.8%。"
    assert verdicts(qa_service, question, right) == [("5.8%", "supported")]


def test_a_share_after_a_figure_is_a_share_of_that_figure(qa_service: QAService) -> None:
    question = "淮安市2024年公开率是多少？"
    right = "淮安市2024年予以公开1362件，占比44.7%；部分公开454件，占比14.9%。"
    assert {v for _, v in verdicts(qa_service, question, right)} == {"supported"}
    wrong = "淮安市2024年予以公开1362件，占比14.9%。"
    assert verdicts(qa_service, question, wrong) == [("1362件", "supported"), ("14.9%", "contradicted")]


def test_colloquial_change_words_keep_their_direction(qa_service: QAService) -> None:
    question = "洪泽区2024年收到申请比2023年增加多少？"
    assert ("74件", "supported") in verdicts(qa_service, question, "洪泽区2024年收到95件，比2023年多了74件。")
    assert ("74件", "contradicted") in verdicts(
        qa_service, question, "洪泽区2024年收到95件，比2023年少了74件。"
    )


def test_money_rounded_to_a_larger_unit_is_supported(qa_service: QAService) -> None:
    question = "淮安市2024年行政事业性收费多少万元？"
    assert verdicts(qa_service, question, "淮安市2024年收费9.6亿元。") == [("9.6亿元", "supported")]
    assert verdicts(qa_service, question, "淮安市2024年收费96171.6元。") == [("96171.6元", "contradicted")]
