"""Review: a share is a share of the right whole — the same table-4 group, the same applicant column —
and a share with no sensible whole is asked back instead of divided by 办理结果总计."""

from __future__ import annotations

import pytest

from qa.service import QAService


@pytest.mark.parametrize(
    ("question", "value", "whole"),
    [
        # table 4: corrected of the review total (64 / 351), not of table 3's 办理结果总计 (3050)
        ("淮安市2024年行政复议纠正的比例是多少？", 18.23, "351件"),
        ("淮安市2024年行政复议纠正率是多少？", 18.23, "351件"),
        ("淮安市2024年行政诉讼败诉率是多少？", 10.87, "46件"),
        # one applicant column throughout: 1288 / 2932 (natural persons' 办理结果总计), not 1288 / 3050
        ("淮安市2024年自然人申请中予以公开的比例是多少？", 43.93, "2932件"),
        ("淮安市2024年自然人申请的公开率是多少？", 59.17, "2932件"),
        # the row named first is the whole: natural persons' share of 予以公开
        ("淮安市2024年予以公开的申请中自然人占多少？", 94.57, "1362件"),
        # 办结率: handled of what there was to handle (new + carried over), not 100 %
        ("淮安市2024年办结率是多少？", 96.73, "3153件"),
    ],
)
def test_share_of_the_right_whole(qa_service: QAService, question: str, value: float, whole: str) -> None:
    answer = qa_service.ask(question, record=False)
    assert answer.primary_figure is not None, answer.answer
    assert answer.primary_figure["unit"] == "%"
    assert answer.primary_figure["value"] == pytest.approx(value, abs=0.01), answer.answer
    assert whole in answer.answer
    assert {f.verdict for f in answer.figures} == {"supported"}


@pytest.mark.parametrize("question", ["淮安市2024年行政处罚占比是多少？", "淮安市2024年行政诉讼占比是多少？"])
def test_share_without_a_whole_is_asked_back(qa_service: QAService, question: str) -> None:
    answer = qa_service.ask(question, record=False)
    assert answer.answerable is False and answer.primary_figure is None
    assert "占什么" in answer.answer and "%" not in answer.answer


def test_a_rate_is_never_answered_with_a_count(qa_service: QAService) -> None:
    answer = qa_service.ask("洪泽区2024年行政复议维持率是多少？", record=False)
    assert answer.primary_figure == {"value": 50.0, "unit": "%"}
