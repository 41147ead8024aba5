"""Answers over the real reports: figures from cells, blanks said as blanks, refusals that say what the
store holds, assumptions stated, the design §4 JSON contract, and the answer log."""

from __future__ import annotations

import json
from datetime import date

import pytest
from helpers.contract import ANSWER_KEYS

from qa.service import QAService, QuestionError

CONTRACT_KEYS = ANSWER_KEYS


def ask(service: QAService, question: str) -> dict:
    answer = service.ask(question, record=False)
    data = answer.to_json()
    assert set(data) >= CONTRACT_KEYS
    json.dumps(data, ensure_ascii=False)  # serialisable
    return data


@pytest.mark.parametrize(
    ("question", "value", "unit"),
    [
        ("高青县公安局2024年收到多少件信息公开申请？", 6, "件"),
        ("高青公安2024年予以公开了几件？", 2, "件"),
        ("县公安局2024年行政处罚决定有多少？", 597, "件"),
        ("高青县公安局2024年行政事业性收费多少万元？", 58.59, "万元"),
        ("高青县公安局2024年因本机关不掌握相关政府信息无法提供的有几件？", 4, "件"),
        ("二〇二四年高青县公安局无法提供的申请一共多少件？", 4, "件"),
        ("淮安市2024年法人或其他组织一共新提出了多少件申请？", 118, "件"),
        ("淮安市2024年信息公开行政诉讼（直接起诉和复议后起诉）一共多少件？", 46, "件"),
        ("淮安市2024年予以公开和部分公开合计占办理总数的百分比是多少？", 59.54, "%"),
        ("洪泽区人民政府年报表格中，2024年新收申请比2023年增加了多少件？", 74, "件"),
        (
            "2019年上海市人民政府办公厅因“本机关不掌握相关政府信息”而无法向自然人提供的申请有多少件？",
            252,
            "件",
        ),
        ("按年报表三，2019年上海市人民政府办公厅“无法提供”（三种情形合计）的申请共有多少件？", 337, "件"),
        ("上海市人民政府办公厅2019年年报中，规章的对外公开总数量是多少？", 524, "件"),
        ("淮安市和洪泽区2024年一共收到多少件政府信息公开申请？", 3214, "件"),
    ],
)
def test_structured_figures(qa_service: QAService, question: str, value: float, unit: str) -> None:
    data = ask(qa_service, question)
    assert data["answerable"] is True
    assert data["primary_figure"]["unit"] == unit
    assert data["primary_figure"]["value"] == pytest.approx(value, abs=0.01)
    assert data["mode"] == "structured"
    assert data["figures"] and all(f["verdict"] == "supported" for f in data["figures"])
    assert data["citations"] and data["citations"][0]["quote"]


def test_a_derived_figure_carries_its_derivation(qa_service: QAService) -> None:
    data = ask(qa_service, "淮安市2024年不予公开的申请合计有多少件？")
    assert data["primary_figure"] == {"value": 178, "unit": "件"}
    (figure,) = [f for f in data["figures"] if f["value"] == 178]
    assert figure["source"]["kind"] == "derivation"
    assert figure["source"]["formula"] == "2 + 31 + 5 + 6 + 8 + 12 + 9 + 105 = 178"
    assert len(figure["source"]["cells"]) == 8


def test_blank_cell_is_said_to_be_blank(qa_service: QAService) -> None:
    data = ask(qa_service, "上海市人民政府办公厅2019年收到科研机构提出的政府信息公开申请多少件？")
    assert data["answerable"] is True and data["primary_figure"] is None
    assert "未填写" in data["answer"] and "0件" not in data["answer"]


@pytest.mark.parametrize(
    ("question", "says"),
    [
        ("洪泽区人民政府2022年予以公开了多少件申请？", "只有2023年、2024年的报告"),
        ("北京市海淀区2024年收到多少件申请？", "库中没有北京市"),
        ("淮安市教育局2024年收到多少件申请？", "淮安市人民政府"),
        ("淮安市2024年有多少件申请来自外省申请人？", "外省"),
        ("洪泽区2023年政府信息公开工作有多少名专职工作人员？", "专职"),
    ],
)
def test_refusals_say_what_the_store_holds(qa_service: QAService, question: str, says: str) -> None:
    data = ask(qa_service, question)
    assert data["answerable"] is False and data["primary_figure"] is None
    assert says in data["answer"]


def test_no_agency_named_asks_back(qa_service: QAService) -> None:
    data = ask(qa_service, "2024年收到多少件政府信息公开申请？")
    assert data["answerable"] is False and "哪个机关" in data["answer"]
    for agency in ("高青县公安局", "淮安市人民政府", "上海市人民政府办公厅"):
        assert agency in data["answer"]


def at(service: QAService, today: date) -> QAService:
    """The same store read on another day (relative years count from the clock)."""
    return QAService(service.stores, service.settings, clock=lambda: today)


def test_relative_years_count_from_the_clock(qa_service: QAService) -> None:
    in_2025 = at(qa_service, date(2025, 3, 1)).ask("洪泽区去年予以公开了多少件？", record=False)
    assert in_2025.primary_figure == {"value": 50, "unit": "件"} and not in_2025.assumptions
    two_back = at(qa_service, date(2025, 3, 1)).ask("洪泽区前年予以公开了多少件？", record=False)
    assert two_back.primary_figure == {"value": 0, "unit": "件"}  # 2023


def test_a_relative_year_the_store_lacks_is_not_answered(qa_service: QAService) -> None:
    """「去年」 in 2026 is 2025: the store has 2024 at most, which is offered as an aside, not as the answer."""
    answer = at(qa_service, date(2026, 11, 27)).ask("洪泽区去年予以公开了多少件？", record=False)
    assert answer.answerable is False and answer.primary_figure is None
    assert "「去年」指2025年" in answer.answer and "仅供参考" in answer.answer and "50件" in answer.answer
    assert {f.verdict for f in answer.figures} == {"supported"}  # the aside is checked like any figure


def test_no_year_is_the_latest_report_said_so(qa_service: QAService) -> None:
    data = ask(qa_service, "洪泽区予以公开了多少件？")
    assert data["primary_figure"]["value"] == 50
    assert "最新的2024年度报告" in data["answer"]


def test_narrative_answers_quote_the_report(qa_service: QAService) -> None:
    data = ask(qa_service, "淮安市2024年收取了政府信息公开信息处理费吗？收了多少？")
    assert data["mode"] == "extractive" and data["primary_figure"]["value"] == 3940
    assert "3940元" in data["citations"][0]["quote"]
    assert all(f["verdict"] == "supported" for f in data["figures"])
    data = ask(qa_service, "淮安市2024年年报指出政务公开工作存在哪些主要问题？")
    assert "政策解读质量仍需提升" in data["answer"]


def test_category_explanation(qa_service: QAService) -> None:
    data = ask(qa_service, "不予公开和无法提供有什么区别？")
    assert data["answerable"] is True and "不予公开" in data["answer"] and "无法提供" in data["answer"]


def test_bad_questions_are_refused_with_a_message(qa_service: QAService) -> None:
    with pytest.raises(QuestionError, match="为空"):
        qa_service.ask("   ")
    with pytest.raises(QuestionError, match="过长"):
        qa_service.ask("问" * 5000)


def test_a_change_stated_in_the_prose_answers_when_last_year_is_missing(qa_service: QAService) -> None:
    data = ask(qa_service, "高青县公安局2024年收到的政府信息公开申请比上年度增加了多少件？")
    assert data["answerable"] is True and data["primary_figure"] == {"value": 3, "unit": "件"}
    assert "库中没有高青县公安局2023年的报告" in data["answer"] and "比上年度增加3件" in data["answer"]
    assert {f["verdict"] for f in data["figures"]} == {"supported"}


def test_a_number_about_something_else_is_not_an_answer(qa_service: QAService) -> None:
    data = ask(qa_service, "高青县公安局政府信息公开工作有多少名专职工作人员？")
    assert data["answerable"] is False  # the report counts 「牵头工作人员1名」, not full-time staff
    data = ask(qa_service, "高青县公安局2024年承办了几件政协提案？")
    assert data["primary_figure"] == {"value": 5, "unit": "件"}


def test_every_answer_is_logged(qa_service: QAService) -> None:
    answer = qa_service.ask("高青县公安局2024年部分公开了多少件？", channel="test")
    (stored,) = qa_service.stores.sql.search_answers(text="部分公开了多少件", limit=5)
    assert stored.verdict == "verified" and stored.channel == "test"
    assert json.loads(stored.answer_json)["primary_figure"] == answer.primary_figure


def test_a_group_asked_each_is_split_into_its_reasons(qa_service: QAService) -> None:
    data = ask(qa_service, "淮安市2024年其他处理分别多少件？")
    assert data["primary_figure"] is None  # several figures, none summed
    assert [f["text"] for f in data["figures"]] == ["71件", "6件", "110件"]
    assert {f["verdict"] for f in data["figures"]} == {"supported"}
    data = ask(qa_service, "洪泽区2024年其他处理分别多少件？")  # 2019–2020 layout: one row only
    assert [f["text"] for f in data["figures"]] == ["0件"] and "没有这一项" not in data["answer"]
    data = ask(qa_service, "高青县公安局2024年不予处理包括哪些情形，各多少件？")
    assert len(data["figures"]) == 5 and "重复申请" in data["answer"]


def test_a_subsection_titled_by_the_question_answers_it(qa_service: QAService) -> None:
    data = ask(qa_service, "高青县公安局2024年的信息公开工作有什么创新？")
    assert data["answer"].split("：", 1)[1].startswith("「构建政民互动新格局")  # （四）政务公开工作创新情况
    assert "（三）" not in data["answer"]  # the quote stops where the next subsection starts


def test_colloquial_refusal_words_mean_denied(qa_service: QAService) -> None:
    data = ask(qa_service, "淮安市2024年依申请公开的申请中有多少被拒绝？")
    assert data["primary_figure"] == {"value": 178, "unit": "件"}


def test_markup_in_a_question_does_not_hide_the_agency_it_names(qa_service: QAService) -> None:
    data = ask(qa_service, "高青县<img src=x onerror=alert(11)>交通局2024年收到多少件信息公开申请？")
    assert data["answerable"] is False and "高青县公安局" in data["answer"]  # refused, saying what is held


def test_a_prose_figure_beside_a_table_answer_is_not_badged_as_checked(qa_service: QAService) -> None:
    """上海 2019's prose says 258 where its table gives 275: the quoted 258 is faithful to the quote, and
    is shown as quoted, not with the ✓ 已核对 of a figure checked against the tables."""
    from ui.render import figure_html

    data = ask(qa_service, "上海市府办2019年予以公开和部分公开的申请有多少件")
    quoted = [f for f in data["figures"] if f["source"].get("kind") == "quote"]
    checked = [f for f in data["figures"] if f["source"].get("kind") != "quote"]
    assert quoted and checked
    assert "引自正文" in figure_html(quoted[0]) and "已核对" not in figure_html(quoted[0])
    assert "✓ 已核对" in figure_html(checked[0])


def test_a_multiple_divides_the_year_named_first(qa_service: QAService) -> None:
    forward = ask(qa_service, "洪泽区人民政府2024年新收申请是2023年的几倍？")
    backward = ask(qa_service, "洪泽区人民政府2023年新收申请是2024年的几倍？")
    assert forward["answerable"] and backward["answerable"]
    product = forward["primary_figure"]["value"] * backward["primary_figure"]["value"]
    assert product == pytest.approx(1, abs=0.02)
    assert forward["primary_figure"]["value"] > 1  # 2024 received 74 more than 2023


def test_a_share_whose_whole_is_its_own_item_divides_by_the_default_whole(qa_service: QAService) -> None:
    """An item is no share of itself (it would be 100%): the whole is the item's usual whole."""
    data = ask(qa_service, "淮安市2024年法人或其他组织申请占法人或其他组织的比例是多少？")
    usual = ask(qa_service, "淮安市2024年法人或其他组织的申请占新收申请总数的比例是多少？")
    assert usual["primary_figure"]["unit"] == "%" and usual["primary_figure"]["value"] < 100
    assert data["primary_figure"] == usual["primary_figure"]


def test_a_near_miss_refusal_names_its_suggestion_in_the_json(qa_service: QAService) -> None:
    data = ask(qa_service, "淮按市2024年收到多少申请")
    assert data["answerable"] is False and data["primary_figure"] is None
    assert data["query"]["suggestions"] == ["淮安市2024年收到多少申请"]


@pytest.mark.parametrize("word", ["不足", "短板", "薄弱环节"])
def test_a_sections_own_name_finds_the_section_whatever_words_it_uses(
    qa_service: QAService, word: str
) -> None:
    """「还存在哪些不足」 names section 五 (存在的主要问题); its sentences answer without repeating 不足."""
    data = ask(qa_service, f"洪泽2023年的政府信息公开工作还存在哪些{word}？")
    assert data["answerable"] is True, data["answer"]
    assert data["citations"] and "问题" in data["citations"][0]["section"]


def test_which_year_had_more_and_by_how_much(qa_service: QAService) -> None:
    data = ask(qa_service, "洪泽区人民政府2023年和2024年哪一年收到的申请多？多多少")
    assert data["answerable"] and data["primary_figure"] == {"value": 74, "unit": "件"}, data["answer"]
    assert data["answer"].startswith("2024年更多")
    assert all(f["verdict"] == "supported" for f in data["figures"])
