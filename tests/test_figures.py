"""Figure extraction (design §6): every figure of real report prose, and none of its lookalikes.

Sentences are quoted from the seed (高青县公安局 2024) and from the reports in ../shared/reports/ as
pdfplumber and lxml give their text (PDF line breaks kept: 「351\\n件」 is one figure).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers.reports import report_path
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.figures import Figure, extract_figures
from ingest.numerals import chinese_to_number, number_to_chinese

SEED = Path(__file__).resolve().parents[1] / "corpus" / "gaoqing_county_public_security_2024.txt"

Expected = tuple[float, str | None, str | None]  # (value, unit, approx)


def triples(text: str) -> list[Expected]:
    return [(f.value, f.unit, f.approx) for f in extract_figures(text)]


def texts(text: str) -> list[str]:
    return [f.text for f in extract_figures(text)]


def section(text: str, heading: str, next_heading: str | None) -> str:
    start = text.index(heading)
    return text[start : text.index(next_heading, start) if next_heading else len(text)]


# ---- the seed, section by section ------------------------------------------------------------


@pytest.fixture(scope="module")
def seed() -> str:
    return SEED.read_text(encoding="utf-8")


def test_seed_overview_holds_exactly_these_figures(seed: str) -> None:
    overview = section(seed, "一、总体情况", "二、主动公开政府信息情况")
    assert triples(overview) == [
        (100, "条", "余"), (410, "条", "余"), (460, "条", "余"), (70, "条", "余"),  # 主动公开
        (5, "篇", None), (2300, "件", "余"), (2, "次", None),
        (6, "件", None), (3, "件", None), (6, "件", None),  # 依申请公开
        (2, "件", None), (33.3, "%", None), (4, "件", None), (66.7, "%", None),
        (8, "个", None),  # 平台建设
        (2, "次", None), (1, "次", None), (1, "名", None),  # 监督保障: 对两次被亮红牌的科室…
    ]  # fmt: skip
    assert texts(overview)[:7] == ["100余条", "410余条", "460余条", "70余条", "5篇", "2300余件", "2次"]
    assert "两次" in texts(overview)


def test_seed_other_matters_holds_exactly_these_figures(seed: str) -> None:
    other = section(seed, "六、其他需要报告的事项", None)
    # 〔2020〕109号, 〔2020〕179号, 2024年, 〔2024〕11号, 一是…三是, 12345热线, 十八届人大三次会议,
    # 十五届三次会议 and the list markers 1. 2. 3. are none of them figures
    assert triples(other) == [(2, "件", None), (5, "件", None), (100, "%", None)]


def test_seed_problems_section(seed: str) -> None:
    problems = section(seed, "五、存在的主要问题及改进情况", "六、其他需要报告的事项")
    assert triples(problems) == [(3, "次", None), (5, "篇", None), (5000, "人次", "以上")]


def test_seed_preamble_has_no_dates_numbers_or_addresses(seed: str) -> None:
    preamble = seed[: seed.index("一、总体情况")]
    # 国务院令第711号, 〔2021〕30号, 2024年1月1日, www…, 黄河路85号, 256300, 0533-…, e-mail: none
    assert triples(preamble) == [(6, "个", None)]  # 「…六个部分」: a count no table cell claims


def test_seed_lookalikes_are_not_figures(seed: str) -> None:
    figures = extract_figures(seed)
    values = {f.value for f in figures}
    # years, phone and fax, postcode, document and decree numbers, address, session ordinals
    assert not values & {2024, 2021, 2020, 533, 2189929, 6961107, 256300, 30, 109, 179, 11, 711, 85, 18, 15}
    printed = " ".join(f.text for f in figures)
    for lookalike in ("2024", "0533", "256300", "〔2021〕", "711", "十八届", "三次", "12345", "第二十条"):
        assert lookalike not in printed


def test_seed_tables_are_bare_numbers(seed: str) -> None:
    table2 = section(seed, "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况")
    figures = extract_figures(table2)
    assert [f.value for f in figures] == [0, 0, 0, 0, 0, 0, 8320, 597, 200, 58.59]
    assert all(f.unit is None and f.approx is None for f in figures)  # 第二十条第（一）项: ordinals


def test_spans_point_into_the_text(seed: str) -> None:
    for f in extract_figures(seed):
        assert seed[f.start : f.end] == f.text


# ---- table-driven: real sentences ------------------------------------------------------------

CASES: list[tuple[str, list[Expected]]] = [
    # 淮安市人民政府 2024 (pdfplumber text, line breaks and spaces as printed)
    ("2024 年，市政府网站主动公开各类政\n府信息 5500 余条，全年新增公开市政府规章 1 件、市政府及市\n政府办政策性文件 11 件，"
     "通过文字、图片等形式制作政策解读\n21 个，制作《淮安市人民政府公报》6 期。",
     [(5500, "条", "余"), (1, "件", None), (11, "件", None), (21, "个", None), (6, "期", None)]),
    ("2024 年，全市共受理政府信息公开申请 3119 件，答\n复 3050 件（含上年度结转申请 34 件，另有 103 件顺延到下年度\n"
     "答复），均在法定期限内予以答复。政府信息公开行政复议 351\n件，其中结果维持 72 件",
     [(3119, "件", None), (3050, "件", None), (34, "件", None), (103, "件", None), (351, "件", None),
      (72, "件", None)]),
    ("截至目前，全市在运维政务新媒体共计 95\n个，在省办 2024 年四个季度政务新媒体检查抽查中，合格率均\n为 100%。",
     [(95, "个", None), (4, "个", None), (100, "%", None)]),
    ("全年收取政府信息公开信息处理费 3940 元。\n- 6 -", [(3940, "元", None)]),
    ("本报告由淮安市人民政府办公室根据《中华人民共和国政府\n信息公开条例》（国令第 711 号）（以下简称《条例》）规定编\n"
     "制。报告所列统计期限自 2024 年 1 月 1 日至 2024 年 12 月 31 日。\n如对本报告有疑问，请与淮安市人民政府办公室联系（地址：淮\n"
     "安市翔宇南道 1 号，邮编：223001，电话：0517-83605210，电\n子邮箱：hazwgkc@163.com）。", []),
    ("认真学习宣传贯彻党的二十大和二十届二中、三中全会精\n神", []),
    # 洪泽区人民政府 2023 / 2024: justified PDF text spaces out every character
    ("（地址：淮安市洪泽区洪泽湖大道 90\n号 ， 邮 编 ： 223100 ， 电 话 ： 0517-87222589 ， 电 子 邮 箱 ：\nhzzwgk@126.com）。", []),
    ("2024 年，我区在政\n府网站平台主动发布各类政府信息 2428 条，公开政府常务会议 7\n期，解读信息发布 7 条。",
     [(2428, "条", None), (7, "期", None), (7, "条", None)]),
    ("落实“三审三校”制度，从严从实把好政治关", []),
    ("针对存在问题，2025 年我们将切实抓好以下工作：一是扎实\n推进依申请公开工作", []),
    ("全年收取政府信息公开信息处理费 0 元。", [(0, "元", None)]),
    # 上海市人民政府办公厅 2019 (HTML)
    ("统一受理平台接入53个部门2261项事项，涵盖行政审批", [(53, "个", None), (2261, "项", None)]),
    ("政务服务“好差评”系统于10月29日正式上线运行，从评价结果看，差评数占评价量总数的0.34%，好评数占评价总数99.58%。",
     [(0.34, "%", None), (99.58, "%", None)]),
    ("市政府办公厅代表市政府共受理政府信息公开申请859件，申请数量较去年回落12.3%；答复政府信息公开申请805件"
     "（含上年度结转申请18件，另有72件申请按照《条例》顺延到下年度答复）",
     [(859, "件", None), (12.3, "%", None), (805, "件", None), (18, "件", None), (72, "件", None)]),
    ("不予处理158件，占19.6%；其他处理0件。信息公开类行政复议7件，诉讼9件，均获维持，继续保持了省级政府零败诉的记录",
     [(158, "件", None), (19.6, "%", None), (0, "件", None), (7, "件", None), (9, "件", None)]),
    ("指导普陀、金山、徐汇、虹口、浦东五个国家试点区进一步拓展试点覆盖范围；其他十一个区在消化吸收试点区的经验",
     [(5, "个", None), (11, "个", None)]),
    ("两条微信阅读量即达180万次，运用抖音号报道进博会，41条短视频播放量超2300万，在抖音相关话题所有播放量中占比26%。",
     [(2, "条", None), (1_800_000, "次", None), (41, "条", None), (23_000_000, None, "超"), (26, "%", None)]),
    ("“上海发布”微信公众号推送《现在为您导航！2019上海再出发》H5作品", []),
    ("并通过“中国上海”门户网站、“上海发布”、“随申办”移动终端、“12345”市民服务热线收集市民意见建议", []),
    ("发布日期：2020-01-31本年度报告根据《中华人民共和国政府信息公开条例》", []),
    ("“上海发布”新浪微博排名位列全国党政新闻发布第一名。", []),
    ("第二届进博会期间，“上海发布”第一时间发布", []),
    ("每季度对本市处于正常运行状态的70家政府网站开展全面检查", [(70, "家", None)]),
    ("统一全市政务公开工作平台使用。六、其他需要报告的事项无。", []),
]  # fmt: skip


@pytest.mark.parametrize(("sentence", "expected"), CASES, ids=[c[0][:24] for c in CASES])
def test_real_sentences(sentence: str, expected: list[Expected]) -> None:
    assert triples(sentence) == expected


# ---- forms of a figure -----------------------------------------------------------------------

FORMS: list[tuple[str, str, float, str | None, str | None, int]] = [
    # sentence, figure text, value, unit, approx, scale
    ("共收到申请6件", "6件", 6, "件", None, 1),
    ("共收到申请六件", "六件", 6, "件", None, 1),
    ("共收到申请十八件", "十八件", 18, "件", None, 1),
    ("新增一百零一条", "一百零一条", 101, "条", None, 1),
    ("办理群众诉求两千三百余件", "两千三百余件", 2300, "件", "余", 1),
    ("办理群众诉求两千多件", "两千多件", 2000, "件", "多", 1),
    ("公开信息千余条", "千余条", 1000, "条", "余", 1),
    ("共1,234件", "1,234件", 1234, "件", None, 1),
    ("收费58.59万元", "58.59万元", 58.59, "万元", None, 1),
    ("收取费用3940 元", "3940 元", 3940, "元", None, 1),
    ("收费五十八万元", "五十八万元", 58, "万元", None, 1),
    ("投入1.2亿元", "1.2亿元", 1.2, "亿元", None, 1),
    ("投入100余万元", "100余万元", 100, "万元", "余", 1),
    ("受理2.3万件", "2.3万件", 23000, "件", None, 10000),
    ("受理2.3万余件", "2.3万余件", 23000, "件", "余", 10000),
    ("服务一万五千人", "一万五千人", 15000, "人", None, 1),
    ("服务五万人次", "五万人次", 50000, "人次", None, 10000),
    ("占33.3%", "33.3%", 33.3, "%", None, 1),
    ("占３３％", "３３％", 33, "%", None, 1),
    ("占百分之三十三点三", "百分之三十三点三", 33.3, "%", None, 1),
    ("办结率百分之百", "百分之百", 100, "%", None, 1),
    ("约三成来自企业", "约三成", 30, "%", "约", 1),
    ("九成以上", "九成以上", 90, "%", "以上", 1),
    ("提高2.3个百分点", "2.3个百分点", 2.3, "百分点", None, 1),
    ("增长1.5倍", "1.5倍", 1.5, "倍", None, 1),
    ("阅读量在5000人次以上", "5000人次以上", 5000, "人次", "以上", 1),
    ("约100件", "约100件", 100, "件", "约", 1),
    ("近500件", "近500件", 500, "件", "近", 1),
    ("超过200人", "超过200人", 200, "人", "超过", 1),
    ("逾300家", "逾300家", 300, "家", "逾", 1),
    ("不到10%", "不到10%", 10, "%", "不到", 1),
    ("100件左右", "100件左右", 100, "件", "左右", 1),
    ("将近两千人", "将近两千人", 2000, "人", "将近", 1),
    ("连续3年", "3年", 3, "年", None, 1),
    ("15个工作日内答复", "15个工作日", 15, "工作日", None, 1),
    ("整改3个月", "3个月", 3, "个月", None, 1),
    ("24小时在线", "24小时", 24, "小时", None, 1),
    ("测评得分95.5分", "95.5分", 95.5, "分", None, 1),
    ("播放量超2300万", "超2300万", 23_000_000, None, "超", 10000),
    ("行政许可 447228", "447228", 447228, None, None, 1),
    ("共收到申请12345件", "12345件", 12345, "件", None, 1),
    ("收到申请零件。", "零件", 0, "件", None, 1),
]


@pytest.mark.parametrize(
    ("sentence", "text", "value", "unit", "approx", "scale"), FORMS, ids=[f[1] for f in FORMS]
)
def test_forms(
    sentence: str, text: str, value: float, unit: str | None, approx: str | None, scale: int
) -> None:
    [figure] = extract_figures(sentence)
    assert (figure.text, figure.unit, figure.approx, figure.scale) == (text, unit, approx, scale)
    assert figure.value == pytest.approx(value) and type(figure.value) is type(value)
    assert sentence[figure.start : figure.end] == text


# ---- what is not a figure --------------------------------------------------------------------

NOT_FIGURES = [
    # years and dates
    "2024年", "二〇二四年", "二零二四年度", "2024年1月1日", "1月1日", "12月31日", "2020-01-31", "2024.1.1",
    "2024/01/31", "上年度", "本年度", "2023—2025年", "2021-2025", "1至6月", "2024.12", "2019版",
    # document numbers
    "国办公开办函〔2021〕30号", "鲁政办字〔2020〕179号", "国务院令第711号", "国令第 711 号", "高政办字〔2024〕11号",
    # ordinals and list markers
    "第二十条", "第（一）项", "第一", "十八届", "县十八届人大三次会议", "政协十五届三次会议", "第三项", "一是", "二是",
    "三是", "一、", "二、", "（一）", "（二）", "1. 报告中", "\n2.行政许可", "\n（1）受理", "\n1、申请人", "第1页",
    "- 3 -",
    "见图1",
    "附件2", "第二届进博会", "二十大", "二十届二中、三中全会",
    # phones, postcodes, URLs, e-mails, addresses, hotlines, times of day
    "0533-2189929", "传真：0533-6961107", "0517-87222589", "手机13812345678", "邮编：256300", "邮 编 ： 223100",
    "www.gaoqing.gov.cn", "gqxgaj@zb.shandong.cn", "hazwgkc@163.com", "黄河路85号", "洪泽湖大道 90\n号",
    "12345热线", "“12345”市民服务热线", "12345政务服务便民热线", "拨打12345", "拨打110", "上午9:00", "9时30分",
    # category names, slogans and words made of numerals
    "三安全一稳定", "三类内部事务信息", "四类过程性信息", "一网通办", "五公开", "三审三校", "一把手", "一事一审",
    "一次性告知", "最多跑一次", "一件事一次办", "四个意识", "八项规定", "“十四五”规划", "三位一体", "一成不变",
    "《条例》第二十条", "数十件", "几百件", "成千上万", "老百姓", "十分重视", "千方百计", "零件加工", "四处", "一起",
    "三分之一", "1/3", "H5作品", "5G基站", "GB/T9704-2012", "五六件", "唯一", "零败诉",
]  # fmt: skip


@pytest.mark.parametrize("text", NOT_FIGURES)
def test_not_figures(text: str) -> None:
    assert extract_figures(text) == []


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("县十八届人大三次会议建议2件", [(2, "件", None)]),
        ("全年召开三次会议", [(3, "次", None)]),  # a count: no 届/人大/政协 before it
        ("开展“警营开放日”活动2次", [(2, "次", None)]),
        ("办理12345热线群众诉求2300余件", [(2300, "件", "余")]),
        ("予以公开2件、占33.3%", [(2, "件", None), (33.3, "%", None)]),
        ("分别为3、5件", [(3, None, None), (5, "件", None)]),  # 「3、」 after 为 is not a list marker
        ("3至5年", [(3, None, None), (5, "年", None)]),
        ("1,2345件", [(1, None, None), (2345, "件", None)]),  # a comma that does not group thousands
        ("近3年", [(3, "年", "近")]),
        ("100多渠道", [(100, None, None)]),
        ("行政许可 12345\n行政处罚 597", [(12345, None, None), (597, None, None)]),  # cells, not the hotline
        ("通过12345、12315等热线受理", []),
        ("规章 1 0 11\n行政规范性文件 8 26 66", [(v, None, None) for v in (1, 0, 11, 8, 26, 66)]),
        # a row of cells never takes a unit from the next line (本\n年\n度 printed vertically)
        (
            "2.其他法律行政法规禁止公开 30 1 0 0 0 0 31\n年\n3.危及",
            [(v, None, None) for v in (30, 1, 0, 0, 0, 0, 31)],
        ),
        ("0 0 0 0 1\n年 3.危及", [(v, None, None) for v in (0, 0, 0, 0, 1)]),
    ],
)
def test_borderlines(sentence: str, expected: list[Expected]) -> None:
    assert triples(sentence) == expected


def test_bound() -> None:
    bounds = [f.bound for f in extract_figures("2300余件，近500件，约100件，6件，5000人次以上，不到10%")]
    assert bounds == ["at_least", "at_most", "about", None, "at_least", "at_most"]


def test_figure_is_a_frozen_record() -> None:
    figure = Figure("6件", 6, "件", 0, 2, None)
    assert figure.scale == 1 and figure.bound is None
    with pytest.raises(AttributeError):
        figure.value = 7  # type: ignore[misc]


# ---- properties ------------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=10**9), st.sampled_from(["", "余", "多"]))
def test_chinese_integers_round_trip(n: int, marker: str) -> None:
    cn = number_to_chinese(n)
    assert chinese_to_number(cn) == n
    [figure] = extract_figures(f"共收到申请{cn}{marker}件。")
    assert (figure.value, figure.unit, figure.text) == (n, "件", f"{cn}{marker}件")
    assert figure.approx == (marker or None)


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=1000))
def test_chinese_percentages_round_trip(tenths: int) -> None:
    value = tenths / 10
    [figure] = extract_figures(f"予以公开的占百分之{number_to_chinese(value)}，")
    assert figure.unit == "%" and figure.value == pytest.approx(value)


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=10**12), st.booleans(), st.sampled_from(["", ".5", ".25", ".05"]))
def test_arabic_numbers_round_trip(n: int, grouped: bool, decimals: str) -> None:
    digits = (f"{n:,}" if grouped else str(n)) + decimals
    [figure] = extract_figures(f"本年共办理{digits}件，")
    assert figure.value == pytest.approx(float(f"{n}{decimals}")) and figure.unit == "件"
    assert figure.text == f"{digits}件"


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1990, max_value=2099), st.sampled_from(["年", "年度", " 年", "年底"]))
def test_years_are_never_figures(year: int, suffix: str) -> None:
    assert extract_figures(f"{year}{suffix}，本机关") == []
    cn_year = "".join("〇一二三四五六七八九"[int(d)] for d in str(year))
    assert extract_figures(f"{cn_year}年，本机关") == []
    assert triples(f"{year}年共收到申请6件") == [(6, "件", None)]


@pytest.mark.parametrize(
    "text", ["库中只有2023、2024年的报告", "2022至2024年共收到5件", "2023和2024年分别为5件"]
)
def test_each_year_of_a_list_ending_in_nian_is_a_year(text: str) -> None:
    assert [f.value for f in extract_figures(text)] == ([5] if "5件" in text else [])


def test_a_count_before_a_year_is_still_a_count() -> None:
    assert [f.value for f in extract_figures("收到2023件，2024年起")] == [2023]


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=10**8), st.data())
def test_perturbing_a_digit_changes_the_value(n: int, data: st.DataObject) -> None:
    digits = str(n)
    i = data.draw(st.integers(min_value=0, max_value=len(digits) - 1))
    choices = [d for d in "0123456789" if d != digits[i] and not (i == 0 and d == "0" and len(digits) > 1)]
    perturbed = digits[:i] + data.draw(st.sampled_from(choices)) + digits[i + 1 :]
    [before] = extract_figures(f"行政处罚{digits}件")
    [after] = extract_figures(f"行政处罚{perturbed}件")
    assert before.value == n and after.value == int(perturbed) != before.value


@settings(max_examples=100, deadline=None)
@given(
    st.text(
        alphabet="0123456789一二三四五六七八九十百千万亿两零件条个次年月日号第余多约%.,、 \n", max_size=40
    )
)
def test_spans_always_point_into_the_text(text: str) -> None:
    for f in extract_figures(text):
        assert text[f.start : f.end] == f.text and f.start < f.end


# ---- the real reports end to end (pdfplumber is slow) ----------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize(
    "name", ["huaian_city_2024.pdf", "hongze_district_2023.pdf", "hongze_district_2024.pdf"]
)
def test_real_pdfs_hold_no_lookalikes(name: str) -> None:
    import pdfplumber

    path = report_path(name)
    with pdfplumber.open(path) as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    figures = extract_figures(text)
    values = {f.value for f in figures}
    assert not values & {2023, 2024, 2025, 711, 223001, 223100, 83605210, 87222589, 87290606, 163, 126}
    assert all(text[f.start : f.end] == f.text for f in figures)
    with_units = [f for f in figures if f.unit]
    assert not any(re.search(r"\n\s*-", f.text) for f in with_units)  # no figure spans a page footer
