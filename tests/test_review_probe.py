"""Review: a second reader's 361 citizen questions over the five real reports. Each case here was
answered wrongly (a figure that was not what was asked), or refused although the store holds the answer."""

from __future__ import annotations

from datetime import date

import pytest

from qa.service import QAService


@pytest.mark.parametrize(
    "question",
    [
        "高青县公安局2024年申请答复平均用时几天？",  # was 办理结果总计6件
        "淮安市2024年平均每个部门收到多少申请？",  # no table splits by department
    ],
)
def test_what_no_table_gives_is_refused_not_replaced_by_a_cell(qa_service: QAService, question: str) -> None:
    answer = qa_service.ask(question, record=False)
    assert answer.answerable is False and answer.primary_figure is None, answer.answer


@pytest.mark.parametrize(
    ("question", "value", "said"),
    [
        # were the year's total (3119) and 部分公开454件
        ("淮安市2024年平均每月收到多少申请？", 259.92, "平均每月约259.9件"),
        ("淮安市2024年平均每天收到多少件申请？", 8.52, "平均每天约8.5件"),  # 2024 has 366 days
        ("淮安市2024年予以公开是部分公开的几倍？", 3.0, "前者是后者的3.00倍"),
        ("洪泽区2024年收到的申请是2023年的几倍？", 4.52, "前者是后者的4.52倍"),
        ("淮安市2024年收到的申请是洪泽区的多少倍？", 32.83, "前者是后者的32.83倍"),
    ],
)
def test_averages_and_multiples_are_derived_from_the_cells(
    qa_service: QAService, question: str, value: float, said: str
) -> None:
    answer = qa_service.ask(question, record=False)
    assert answer.primary_figure is not None, answer.answer
    assert answer.primary_figure["value"] == pytest.approx(value, abs=0.01)
    assert said in answer.answer
    assert {f.verdict for f in answer.figures} == {"supported"}
    assert answer.derivation is not None and "÷" in answer.derivation


@pytest.mark.parametrize(
    ("question", "value"),
    [
        # a table item named alone, without 多少/几: was a question back or a refusal
        ("洪泽区2024年部分公开", 9),
        ("淮安市2024年行政许可", 447228),
        ("洪泽区2024年办理结果总计", 95),
        ("淮安市2024年社会公益组织申请数", 0),  # was a press-conference sentence
        # 「……吗」 of a table item: the table answers
        ("高青县公安局2024年因信息公开被起诉了吗", 0),
        ("高青县公安局2024年有企业申请信息公开吗", 0),
        ("淮安市最近一年收到多少申请", 3119),  # was refused on the word 最近
        # a table-3 row that mentions 收费 is not table 2's 行政事业性收费
        ("淮安市2024年逾期未按收费通知要求缴纳费用的有几件", 6),
        ("2024年三个单位一共收到多少件信息公开申请", 3220),  # was a question back
        ("淮安市和洪泽区2024年行政处罚合计", 3988534),  # was a question back
        ("高青公安和洪泽区2024年申请数相差多少", 89),  # was 3, the prose's 比上年度增加3件
        ("洪泽区比高青县公安局2024年多收到多少申请", 89),  # was refused
        ("洪泽区行政处罚决定2024年比2023年减少了多少", 1343),  # was −1343
    ],
)
def test_table_figures_in_citizens_wordings(qa_service: QAService, question: str, value: int) -> None:
    answer = qa_service.ask(question, record=False)
    assert answer.mode == "structured", answer.answer
    assert answer.primary_figure == {"value": value, "unit": "件"}, answer.answer
    assert {f.verdict for f in answer.figures} == {"supported"}
    assert "96171.6" not in answer.answer


def test_a_sum_of_money_keeps_its_decimals(qa_service: QAService) -> None:
    answer = qa_service.ask("2024年各单位行政事业性收费合计多少万元？", record=False)
    assert answer.primary_figure == {"value": 103775.19, "unit": "万元"}
    assert (
        "以上合计103775.19万元" in answer.answer and answer.derivation == "96171.6 + 7545 + 58.59 = 103775.19"
    )
    assert {f.verdict for f in answer.figures} == {"supported"}  # was 103775万元, unverified


def test_da_qian_nian_is_three_years_back(qa_service: QAService) -> None:
    service = QAService(qa_service.stores, qa_service.settings, clock=lambda: date(2026, 11, 27))
    answer = service.ask("洪泽区大前年收到多少申请？", record=False)
    assert answer.primary_figure == {"value": 21, "unit": "件"}  # 2023; was 2024: 大前年 read as 前年


def test_improvements_are_found_under_their_section_heading(qa_service: QAService) -> None:
    """The text of 五、存在的主要问题及改进情况 never says 改进 or 措施 again: its heading does."""
    answer = qa_service.ask("洪泽区2024年下一步改进措施有哪些？", record=False)
    assert answer.answerable and "一是扎实推进依申请公开工作" in answer.answer, answer.answer


def test_a_quoted_figure_the_tables_contradict_is_flagged(qa_service: QAService) -> None:
    """上海 2019 prints 「予以公开及部分公开258件，占33.9%」; its table gives 272 + 3 = 275 (34.2%)."""
    answer = qa_service.ask("上海市府办2019年予以公开及部分公开的情况如何？", record=False)
    assert "予以公开及部分公开258件" in answer.answer
    assert "表中「予以公开和部分公开（总计）」为275件" in answer.answer
    assert "34.2%" in answer.answer
    assert "contradicted" not in {f.verdict for f in answer.figures}


@pytest.mark.parametrize(
    ("question", "value"),
    [
        ("淮安市政府2024年被告了多少次", 46),  # 被告 is a lawsuit
        (
            "淮安市2024年逾期未缴纳信息处理费不再处理的有几件",
            6,
        ),  # a table-3 row, not the prose topic 信息处理费
        ("上海市人民政府办公厅2019年本年新制作规章多少件", 13),  # the 2019 layout's column, named in part
        ("上海市府办2019年本年新公开规范性文件多少件", 60),
    ],
)
def test_more_table_items_in_citizens_wordings(qa_service: QAService, question: str, value: int) -> None:
    answer = qa_service.ask(question, record=False)
    assert answer.primary_figure == {"value": value, "unit": "件"}, answer.answer
    assert {f.verdict for f in answer.figures} == {"supported"}


@pytest.mark.parametrize(
    "question",
    [
        "洪泽区2024年电话咨询多少次",  # was the contact sentence with the phone number
        "淮安市2024年主动公开的财政预决算信息多少条",  # was 5500余条, all items published
        "高青县公安局2024年答复申请平均用了多少天",  # was 「平均阅读量在5000人次以上」
    ],
)
def test_a_count_the_report_does_not_give_is_refused(qa_service: QAService, question: str) -> None:
    answer = qa_service.ask(question, record=False)
    assert answer.answerable is False and not answer.figures, answer.answer


@pytest.mark.parametrize(
    ("question", "suggested"),
    [("淮按市2024年收到多少申请", "淮安市"), ("淮南市2024年收到多少申请", "淮安市")],
)
def test_a_place_one_character_off_is_suggested_never_answered(
    qa_service: QAService, question: str, suggested: str
) -> None:
    """淮南市 is one character off 淮安市 and another city: a suggestion, not 淮安市's figures."""
    answer = qa_service.ask(question, record=False)
    assert answer.answerable is False and answer.primary_figure is None
    assert f"您是不是想问「{suggested}」" in answer.answer


@pytest.mark.parametrize(
    ("question", "shown"),
    [
        ("淮安市2024年行政事业性收费是多少亿元", "96171.6万元（约9.62亿元）"),
        ("高青县公安局2024年收费多少元", "58.59万元（即585900元）"),
    ],
)
def test_money_is_also_given_in_the_unit_asked(qa_service: QAService, question: str, shown: str) -> None:
    answer = qa_service.ask(question, record=False)
    assert shown in answer.answer
    assert {f.verdict for f in answer.figures} == {"supported"}


@pytest.mark.parametrize(
    ("question", "first"),
    [
        ("洪泽区2023和2024年哪年行政强制更多", "2023年更多。"),
        ("洪泽区哪一年收到的申请更多", "2024年更多。"),
        ("洪泽区2023年和2024年哪一年行政许可少", "2023年更少。"),
    ],
)
def test_which_year_is_answered_first(qa_service: QAService, question: str, first: str) -> None:
    answer = qa_service.ask(question, record=False)
    assert answer.answer.startswith(first), answer.answer
    assert {f.verdict for f in answer.figures} == {"supported"}


@pytest.mark.parametrize(
    ("question", "value", "prose"),
    [("上海市府办2019年予以公开和部分公开的申请有多少件", 275, "予以公开及部分公开258件")],
)
def test_a_table_answer_says_when_the_prose_states_otherwise(
    qa_service: QAService, question: str, value: int, prose: str
) -> None:
    """The citizen may have read the prose: the answer gives the table's figure and names the sentence."""
    answer = qa_service.ask(question, record=False)
    assert answer.primary_figure == {"value": value, "unit": "件"}
    assert f"该报告正文另称「{prose}」，与表格不一致" in answer.answer
    assert any(prose in c.quote for c in answer.citations)
    assert {f.verdict for f in answer.figures} == {"supported"}


def test_a_department_named_only_in_the_prose_gets_its_own_sentence(qa_service: QAService) -> None:
    """区政府办 has no report of its own; 洪泽区's prose says what it accepted (17, not the table's 95)."""
    answer = qa_service.ask("洪泽区2024年区政府办受理了多少申请", record=False)
    assert answer.primary_figure == {"value": 17, "unit": "件"}, answer.answer
    assert (
        answer.answer.startswith("库中没有") and "区政府办代表区政府受理政府信息公开申请17件" in answer.answer
    )
    assert "95件" not in answer.answer and "与表格不一致" not in answer.answer


def test_a_table_answer_the_prose_agrees_with_carries_no_warning(qa_service: QAService) -> None:
    answer = qa_service.ask("上海市府办2019年收到多少申请", record=False)
    assert answer.primary_figure == {"value": 859, "unit": "件"} and "注意" not in answer.answer


# ---- a third reader's round ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "value"),
    [
        # 「X中Y占」: X is the whole (was 105/3050 = 3.4%, the share of all outcomes)
        ("淮安市2024年不予公开中行政查询事项占多少比例", 58.99),  # 105/178
        ("淮安市2024年无法提供的申请中本机关不掌握的占比", 98.46),  # 769/781
        ("洪泽区2024年无法提供中没有现成信息需要另行制作的占比", 3.12),  # 1/32
        # a column after 占 is the whole (was 61/3119)
        ("淮安市2024年新收申请中法律服务机构占法人或其他组织的比例", 51.69),  # 61/118
    ],
)
def test_a_share_of_a_subset_divides_by_the_subset(
    qa_service: QAService, question: str, value: float
) -> None:
    answer = qa_service.ask(question, record=False)
    assert answer.primary_figure is not None and answer.primary_figure["unit"] == "%", answer.answer
    assert answer.primary_figure["value"] == pytest.approx(value, abs=0.01)
    assert {f.verdict for f in answer.figures} == {"supported"}


@pytest.mark.parametrize(
    "question",
    [
        "淮安市2024年行政复议中纠正的占已审结的比例",  # 已审结 is no table item: was 64/351
        "明年淮安市会收到多少申请",  # a prediction: was 3119
        "你觉得洪泽区政府的信息公开工作怎么样",  # an opinion: was a quote of the overview
    ],
)
def test_what_the_reports_cannot_say_is_refused(qa_service: QAService, question: str) -> None:
    answer = qa_service.ask(question, record=False)
    assert answer.answerable is False and not answer.figures, answer.answer


@pytest.mark.parametrize(
    ("question", "value"),
    [
        ("淮安市2024年办理结果总计与结转下年度之和", 3153),  # was 103: 办理结果总计 dropped
        ("您好，我想咨询一下，淮安市人民政府在2024年度一共收到了多少件政府信息公开的申请呢？谢谢！", 3119),
        ("老师好，淮安市2024年收到多少件申请", 3119),  # courtesies were refused as unknown words
        ("我是记者，想核实一下：上海市人民政府办公厅2019年答复了多少件申请？", 805),
        ("想了解一下淮安市2024年行政复议总数，谢谢", 351),
    ],
)
def test_courtesies_and_joined_totals(qa_service: QAService, question: str, value: int) -> None:
    answer = qa_service.ask(question, record=False)
    assert answer.primary_figure == {"value": value, "unit": "件"}, answer.answer


@pytest.mark.parametrize(
    ("question", "quoted"),
    [
        ("高青县公安局2024年的联系电话是多少", "0533-2189929"),  # 「电话：」 alone, split off by 「；」
        ("淮安市2024年依申请公开方面做了什么", "依申请公开情况"),  # was a question back
    ],
)
def test_prose_found_by_part_of_a_compound(qa_service: QAService, question: str, quoted: str) -> None:
    answer = qa_service.ask(question, record=False)
    assert answer.answerable and quoted in answer.answer, answer.answer


def test_a_table_4_count_over_a_table_3_row(qa_service: QAService) -> None:
    answer = qa_service.ask("淮安市2024年行政复议数量占新收申请数的比例", record=False)  # was a question back
    assert answer.primary_figure is not None and answer.primary_figure["value"] == pytest.approx(
        11.25, abs=0.01
    )
    assert {f.verdict for f in answer.figures} == {"supported"}


def test_a_rate_over_zero_says_so_plainly(qa_service: QAService) -> None:
    answer = qa_service.ask("高青县公安局2024年行政复议纠错率", record=False)  # was 「占……共0件的（空白）」
    assert "分母为零，无法计算比例" in answer.answer and "（空白）" not in answer.answer
    assert answer.primary_figure is None


@pytest.mark.parametrize(
    "question",
    ["淮安市人民政府2024年年报第几页写了行政复议", "上海市人民政府办公厅2019年行政复议的申请人是谁"],
)
def test_where_and_who_are_not_counts(qa_service: QAService, question: str) -> None:
    answer = qa_service.ask(question, record=False)
    assert answer.primary_figure is None, answer.answer  # were 351 and 7: the review totals


@pytest.mark.parametrize(
    ("question", "figures"),
    [
        # a second clause naming only a column keeps the row (was 废止26件 alone)
        ("淮安市2024年新制发规范性文件多少件？废止多少件？", ["8件", "26件"]),
        ("淮安市2024年规章本年新制发和现行有效分别几件", ["1件", "11件"]),  # was 11 alone
        # 其他 listed among the outcomes (was dropped)
        ("淮安市2024年行政复议中维持、纠正、其他、尚未审结分别是多少", ["72件", "64件", "178件", "37件"]),
    ],
)
def test_every_item_asked_is_stated(qa_service: QAService, question: str, figures: list[str]) -> None:
    answer = qa_service.ask(question, record=False)
    assert [f.text for f in answer.figures] == figures, answer.answer
    assert {f.verdict for f in answer.figures} == {"supported"}


@pytest.mark.parametrize(
    ("question", "value"),
    [
        (
            "上海市人民政府办公厅2019年主动公开人事任免文件多少件",
            141,
        ),  # was 60, the first 「文件」 of the sentence
        ("洪泽区2024年解读信息发布多少条", 7),  # was 2428, the first 「发布」
    ],
)
def test_the_figure_of_a_quote_is_the_one_asked(qa_service: QAService, question: str, value: int) -> None:
    answer = qa_service.ask(question, record=False)
    assert answer.primary_figure is not None and answer.primary_figure["value"] == value, answer.answer


@pytest.mark.parametrize(
    ("question", "value"),
    [
        ("淮安市2024年组织了几次政府信息公开栏目全覆盖检查", 4),  # 「组织4次……检查」: 次 counts what follows
        ("上海市府办2019年每季度检查多少家政府网站", 70),  # 市府办 names the agency, not a topic
    ],
)
def test_a_quoted_count_named_around_it(qa_service: QAService, question: str, value: int) -> None:
    answer = qa_service.ask(question, record=False)
    assert answer.primary_figure is not None and answer.primary_figure["value"] == value, answer.answer


def test_a_2019_row_is_answered_from_its_own_cell(qa_service: QAService) -> None:
    """Was 162 from 「市政府其他文件162件」, then refused: the 2019 layout's own row has the cell (0)."""
    answer = qa_service.ask("上海市人民政府办公厅2019年其他对外管理服务事项处理决定数量", record=False)
    assert answer.primary_figure == {"value": 0, "unit": "件"}, answer.answer
    assert "162" not in answer.answer and {f.verdict for f in answer.figures} == {"supported"}
