"""Review: a question the store cannot take says why and what the store holds; a year written short
(「23年」) is the year asked, not 「未指明年份」 answered from another year."""

from __future__ import annotations

import pytest

from qa.service import QAService

HOLDINGS = "淮安市洪泽区人民政府（2023、2024年）"


@pytest.mark.parametrize(
    "question", ["what is the number of applications in Huai'an 2024", "asdfghjkl", "？？？"]
)
def test_a_question_that_is_not_chinese_says_so(qa_service: QAService, question: str) -> None:
    answer = qa_service.ask(question, record=False)
    assert answer.answerable is False and "请用中文提问" in answer.answer and HOLDINGS in answer.answer


@pytest.mark.parametrize("question", ["淮安市洪泽区人民政府", "洪泽区", "洪泽区2023年"])
def test_only_an_agency_asks_what_about_it(qa_service: QAService, question: str) -> None:
    answer = qa_service.ask(question, record=False)
    assert answer.answerable is False and "想了解哪方面" in answer.answer and HOLDINGS in answer.answer


@pytest.mark.parametrize(
    ("question", "value"), [("洪泽区23年收到多少申请？", 21), ("洪泽区24年收到多少申请？", 95)]
)
def test_a_short_year_is_the_year_asked(qa_service: QAService, question: str, value: int) -> None:
    answer = qa_service.ask(question, record=False)
    assert answer.primary_figure == {"value": value, "unit": "件"} and not answer.assumptions


@pytest.mark.parametrize(
    ("question", "stated"),
    [
        # the 2019 layout's own columns, not 「表二中没有「规章」的这一栏」
        ("上海市人民政府办公厅2019年规章多少件？", ["规章本年新制作数量为13件", "规章对外公开总数量为524件"]),
        # the 2021 layout: 制发, 废止 and 现行有效 — not 制发 alone on an assumption
        ("淮安市2024年规范性文件多少件？", ["本年制发行政规范性文件8件", "本年废止行政规范性文件26件", "现行有效的行政规范性文件66件"]),
    ],
)  # fmt: skip
def test_a_table2_row_without_a_column_lists_its_columns(
    qa_service: QAService, question: str, stated: list[str]
) -> None:
    answer = qa_service.ask(question, record=False)
    assert answer.answerable is True and all(words in answer.answer for words in stated), answer.answer
    assert {f.verdict for f in answer.figures} == {"supported"}
