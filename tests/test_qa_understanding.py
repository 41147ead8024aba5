"""Table-driven tests of stages 1–3 (tag -> frame -> query) on a synthetic catalog: the Query fields
each question must produce — operation, items, reports, direction, order, unit — and what must be
refused or asked back. No store and no report is read: the stages only see names and years."""

from __future__ import annotations

from datetime import date

import pytest

from ingest.records import StoredReport
from qa.agencies import AgencyIndex
from qa.frame import build_frame
from qa.queries import (
    Change,
    Clarification,
    Compare,
    Listing,
    Lookup,
    ProseQuery,
    Query,
    Ranking,
    Refusal,
    Share,
    TableQuery,
    Total,
)
from qa.query import build_query
from qa.tag import tag

TODAY = date(2026, 12, 4)
HELD = {
    "合成市人民政府": (2023, 2024),
    "合成市东湖区人民政府": (2024,),
    "合成市东湖区发展和改革局": (2024,),
    "合成市公安局": (2022, 2023, 2024),
    "合成省青山综合实验区管理委员会": (2024,),
}


def catalog(
    held: dict[str, tuple[int, ...]] = HELD, aliases: dict[str, tuple[str, ...]] | None = None
) -> list[StoredReport]:
    aliases = aliases or {}
    return [
        StoredReport(
            f"{agency}-{year}",
            agency,
            year,
            f"合成{agency}{year}年报",
            None,
            None,
            f"{year}.txt",
            "txt",
            "",
            1,
            aliases.get(agency, ()),
        )
        for agency, years in held.items()
        for year in years
    ]


INDEX = AgencyIndex.build(catalog())


def understand(question: str, index: AgencyIndex = INDEX, today: date = TODAY) -> Query:
    return build_query(build_frame(tag(question, index)), index, today)


def table(question: str) -> TableQuery:
    query = understand(question)
    assert isinstance(query, TableQuery), (question, query)
    return query


def who(query: TableQuery, part: int = 0) -> list[tuple[str, int]]:
    return [(r.agency, r.year) for r in query.parts[part].reports]


# ---- one item --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "rows", "columns"),
    [
        ("合成市2024年予以公开多少件", ("granted",), ("total",)),
        ("合成市2024年自然人提出的申请中予以公开的有几件", ("granted",), ("natural_person",)),
        ("合成市2024年因属于国家秘密不予公开的申请有多少", ("denied_state_secret",), ("total",)),
        ("合成市2024年无法向企业提供的申请多少件", ("unavailable_not_held", "unavailable_needs_creation", "unavailable_unclear_after_correction"), ("commercial_enterprise",)),
        ("合成市2024年有几件申请最后没有公开", None, ("total",)),  # 未予公开: four groups summed
        ("合成市2024年其他处理里单列的其他一项多少件", ("other_other",), ("total",)),
        ("合成市2024年收到的信息公开申请中，法律服务机构提出的有几件", ("new_received",), ("legal_service_org",)),
        ("合成市2024年有多少件申请结转到下一年继续办理", ("carried_forward",), ("total",)),
    ],
)  # fmt: skip
def test_table3_items(question: str, rows: tuple[str, ...] | None, columns: tuple[str, ...]) -> None:
    op = table(question).parts[0].operation
    assert isinstance(op, Lookup)
    if rows is not None:
        assert op.item.rows == rows
    else:
        assert {
            "denied_state_secret",
            "unavailable_not_held",
            "not_processed_duplicate",
            "other_other",
        } <= set(op.item.rows)
        assert "granted" not in op.item.rows and "partially_granted" not in op.item.rows
    assert op.item.columns == columns


@pytest.mark.parametrize(
    ("question", "table_name", "rows", "column"),
    [
        ("合成市2024年行政复议还有几件没审结", "review_litigation", ("review",), "pending"),
        (
            "合成市2024年被起诉几次",
            "review_litigation",
            ("litigation_direct", "litigation_after_review"),
            "total",
        ),
        (
            "合成市2024年行政诉讼败诉多少件",
            "review_litigation",
            ("litigation_direct", "litigation_after_review"),
            "corrected",
        ),
        ("合成市2024年行政强制决定有多少件", "proactive", ("administrative_coercion",), "decisions"),
        ("合成市2024年行政许可的本年增/减是多少", "proactive", ("administrative_licensing",), "items_change"),
        (
            "合成市2024年政府集中采购总金额多少万元",
            "proactive",
            ("government_procurement",),
            "procurement_amount_10k_yuan",
        ),
        (
            "合成市2024年规范性文件对外公开总数量是多少",
            "proactive",
            ("normative_documents",),
            "published_total",
        ),
    ],
)
def test_table2_and_table4_items(question: str, table_name: str, rows: tuple[str, ...], column: str) -> None:
    op = table(question).parts[0].operation
    assert isinstance(op, Lookup)
    assert (op.item.table, op.item.rows, op.item.columns) == (table_name, rows, (column,))


def test_a_table2_row_named_alone_lists_its_layouts_columns() -> None:
    op = table("合成市2024年规章多少件").parts[0].operation
    assert isinstance(op, Listing) and op.table2_rows == ("regulations",)


# ---- operations, directions, orders ------------------------------------------------------------


def test_a_share_names_its_whole() -> None:
    op = table("合成市2024年行政复议数量占新收申请数的比例").parts[0].operation
    assert isinstance(op, Share) and op.part.rows == ("review",) and op.whole is not None
    assert op.whole.rows == ("new_received",)
    op = table("合成市2024年不予公开中行政查询事项占多少比例").parts[0].operation
    assert isinstance(op, Share) and op.part.rows == ("denied_administrative_query",)
    assert op.whole is not None and len(op.whole.rows) == 8  # the group named before 中 is the whole


@pytest.mark.parametrize(
    ("question", "answer", "direction", "years"),
    [
        ("合成市2024年予以公开比上年增加了多少", "amount", "more", [2024, 2023]),
        ("合成市24年比23年予以公开减少了多少", "amount", "less", [2024, 2023]),
        ("合成市2024年新收申请同比增长率是多少", "growth", None, [2024, 2023]),
        ("合成市2024年收到的申请是2023年的几倍", "times", None, [2024, 2023]),
    ],
)
def test_changes_between_years(question: str, answer: str, direction: str | None, years: list[int]) -> None:
    query = table(question)
    op = query.parts[0].operation
    assert isinstance(op, Change) and op.answer == answer and op.direction == direction
    assert sorted((r.year for r in query.parts[0].reports), reverse=True) == years


def test_two_items_and_two_agencies_are_compared_in_the_order_asked() -> None:
    op = table("合成市2024年予以公开的申请比部分公开的多多少件").parts[0].operation
    assert isinstance(op, Compare) and (op.first.rows, op.second.rows) == (
        ("granted",),
        ("partially_granted",),
    )
    assert op.direction == "more"
    query = table("东湖区比合成市2024年少收到多少申请")
    assert isinstance(query.parts[0].operation, Compare) and query.parts[0].operation.direction == "less"
    assert who(query) == [("合成市东湖区人民政府", 2024), ("合成市人民政府", 2024)]


def test_a_range_of_years_is_every_year_held_saying_which_are_missing() -> None:
    query = table("合成市公安局2019到2025年哪一年新收申请最多")
    op = query.parts[0].operation
    assert isinstance(op, Ranking) and op.over == "years" and op.order == "more"
    assert [r.year for r in query.parts[0].reports] == [2022, 2023, 2024]
    assert any("2019年、2020年、2021年、2025年" in a for a in query.reading.assumptions)


def test_rankings_and_sums_over_agencies() -> None:
    query = table("2024年哪个单位行政处罚最少")
    op = query.parts[0].operation
    assert isinstance(op, Ranking) and op.order == "less" and op.over == "agencies"
    assert len({r.agency for r in query.parts[0].reports}) == len(HELD)
    query = table("合成市和东湖区2024年行政处罚一共多少件")
    assert isinstance(query.parts[0].operation, Total) and len(query.parts[0].reports) == 2
    query = table("合成市和东湖区和合成市公安局2024年谁的公开率最高")
    op = query.parts[0].operation
    assert isinstance(op, Ranking) and op.ratio and len(query.parts[0].reports) == 3


def test_who_has_more_is_a_ranking_not_a_difference() -> None:
    op = table("合成市和东湖区谁的行政处罚更多？").parts[0].operation
    assert isinstance(op, Ranking) and op.comparative and op.order == "more"


def test_each_splits_a_group_into_its_rows() -> None:
    op = table("合成市2024年其他处理分别是多少？").parts[0].operation
    assert isinstance(op, Listing) and len(op.items) == 4  # three rows of 2021, the single row of 2019


def test_a_prose_count_must_name_every_word_of_what_is_counted() -> None:
    query = understand("合成市公安局2024年有多少名专职工作人员？")
    assert isinstance(query, ProseQuery) and {"专职", "人员"} <= set(query.counted)
    query = understand("合成市2024年公开了几期政府常务会议？")
    assert isinstance(query, ProseQuery) and query.counted == ("常务会议",)


def test_a_share_of_one_column_in_its_group() -> None:
    op = table("合成市2024年法人申请中商业企业占多少？").parts[0].operation
    assert isinstance(op, Share) and op.part.columns == ("commercial_enterprise",)
    assert op.whole is not None and len(op.whole.columns) == 5  # 法人或其他组织, not all applications


def test_a_table2_column_only_one_row_has_names_that_row() -> None:
    op = table("合成市2024年收费金额多少万元？").parts[0].operation
    assert isinstance(op, Lookup) and op.item.rows == ("administrative_fees",)


def test_an_organ_written_apart_from_its_place_is_that_places_organ() -> None:
    query = understand("东湖区2024年财政局收到多少申请？")
    assert isinstance(query, Refusal) and "东湖区财政局" in query.reason
    query = table("东湖区2024年发改局收到多少申请？")
    assert who(query) == [("合成市东湖区发展和改革局", 2024)]


def test_a_year_inside_an_items_phrase_is_not_asked() -> None:
    query = table("合成市2023年有多少件申请结转到2024年？")
    op = query.parts[0].operation
    assert (
        isinstance(op, Lookup)
        and op.item.rows == ("carried_forward",)
        and who(query) == [("合成市人民政府", 2023)]
    )


def test_a_reason_named_with_a_wider_outcome_is_the_reason() -> None:
    op = table("合成市2024年有几件申请因为涉密没公开？").parts[0].operation
    assert isinstance(op, Lookup) and op.item.rows == ("denied_state_secret",)


def test_two_agencies_of_one_year_compared() -> None:
    op = table("东湖区2024年收到的申请比合成市2024年多多少？").parts[0].operation
    assert isinstance(op, Compare) and op.first == op.second


def test_the_parts_of_one_item_are_ranked() -> None:
    op = table("合成市2024年不予公开的申请中，哪种原因最多？").parts[0].operation
    assert isinstance(op, Ranking) and op.over == "items" and len(op.item.rows) == 8


def test_a_two_part_question_has_two_parts_the_first_first() -> None:
    query = table("合成市2024年因信息公开被申请行政复议几件？其中多少被纠正？")
    ops = [p.operation for p in query.parts]
    assert all(isinstance(op, Lookup) for op in ops)
    assert [(op.item.rows, op.item.columns) for op in ops] == [
        (("review",), ("total",)),
        (("review",), ("corrected",)),
    ]  # type: ignore[union-attr]
    query = table("合成市2024年收到多少申请？东湖区呢？")
    assert [who(query, i) for i in range(2)] == [[("合成市人民政府", 2024)], [("合成市东湖区人民政府", 2024)]]


def test_a_multiple_keeps_the_years_in_the_order_asked() -> None:
    """「A年是B年的几倍」 divides A by B, so the reports stay in the order named."""
    for first, second in ((2023, 2024), (2024, 2023)):
        query = table(f"合成市公安局{first}年新收申请是{second}年的几倍")
        assert isinstance(query.parts[0].operation, Change)
        assert query.parts[0].operation.answer == "times"
        assert who(query) == [("合成市公安局", first), ("合成市公安局", second)]


def test_could_not_provide_in_any_wording_is_the_unavailable_group() -> None:
    for verb in ("没能提供", "未能提供", "无法提供", "不能提供"):
        operation = table(f"合成市公安局2024年{verb}的申请有几件").parts[0].operation
        assert isinstance(operation, Lookup)
        assert operation.item.rows == (
            "unavailable_not_held",
            "unavailable_needs_creation",
            "unavailable_unclear_after_correction",
        )


def test_money_asked_in_another_unit_is_carried() -> None:
    assert table("合成市2024年行政事业性收费是多少亿元").parts[0].money_unit == "亿元"
    assert table("合成市2024年收费多少元").parts[0].money_unit == "元"


# ---- years ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "question", ["合成市2024年予以公开多少件", "合成市二〇二四年予以公开多少件", "合成市24年予以公开多少件", "合成市2024年度予以公开多少件", "2024年合成市予以公开多少件"]
)  # fmt: skip
def test_every_form_of_a_year(question: str) -> None:
    assert who(table(question)) == [("合成市人民政府", 2024)]


def test_a_relative_year_the_store_lacks_is_refused_with_an_aside() -> None:
    query = understand("合成市去年予以公开多少件")  # 2025 asked in 2026
    assert isinstance(query, Refusal) and "「去年」指2025年" in query.reason
    assert query.aside is not None and [r.year for r in query.aside.reports] == [2024]
    query = understand("合成市去年予以公开多少件", today=date(2025, 3, 1))
    assert isinstance(query, TableQuery) and who(query) == [("合成市人民政府", 2024)]


def test_no_year_is_the_latest_report_said_so() -> None:
    query = table("合成市公安局予以公开多少件")
    assert who(query) == [("合成市公安局", 2024)] and any(
        "最新的2024年度" in a for a in query.reading.assumptions
    )


# ---- coverage or abstain -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "span"),
    [
        ("合成市2024年有多少件信息公开申请被驳回", "驳回"),
        ("合成市2024年有多少件申请来自外省申请人", "外省"),
        ("合成市2024年行政复议没有维持的有几件", "没有"),
    ],
)
def test_an_unexplained_span_means_no_table_figure(question: str, span: str) -> None:
    query = understand(question)
    assert not isinstance(query, TableQuery), query
    assert span in query.reading.unexplained or (
        isinstance(query, ProseQuery) and span in "".join(query.must)
    ), query.reading.coverage
    if isinstance(query, ProseQuery):
        assert query.must  # the prose must say it, or there is no answer


def test_coverage_names_what_explained_each_span() -> None:
    coverage = {
        c.span: c.explained_by
        for c in table("合成市政府2024年对法律服务机构提出的申请，予以公开了多少件？").reading.coverage
    }
    assert coverage["合成市政府"] == "机关：合成市人民政府"
    assert coverage["2024年"] == "年份：2024"
    assert coverage["法律服务机构"].startswith("表三列") and coverage["予以公开"].startswith("表三行")
    assert None not in coverage.values()


def test_the_reading_is_stated() -> None:
    query = table("合成市2024年予以公开多少件")
    assert "合成市人民政府2024年" in query.reading.label and "予以公开" in query.reading.label


# ---- agencies ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "agency"),
    [
        ("合成市东湖区发改委2024年收到多少申请", "合成市东湖区发展和改革局"),
        ("东湖区发展改革委员会2024年收到多少申请", "合成市东湖区发展和改革局"),
        ("青山2024年收到多少申请", "合成省青山综合实验区管理委员会"),
        ("青山区2024年收到多少申请", "合成省青山综合实验区管理委员会"),
        ("青山实验区2024年收到多少申请", "合成省青山综合实验区管理委员会"),
        ("青山综合实验区管委会2024年收到多少申请", "合成省青山综合实验区管理委员会"),
        ("合成市公安2024年收到多少申请", "合成市公安局"),
        ("合成東湖區政府2024年收到多少申請", "合成市东湖区人民政府"),
    ],
)
def test_agencies_by_any_name(question: str, agency: str) -> None:
    assert [a for a, _ in who(table(question))] == [agency]


@pytest.mark.parametrize(
    "question",
    [
        "东湖区财政局2024年收到多少申请",
        "合成市教育局2024年收到多少申请",
        "东湖区公安分局2024年收到多少申请",
        "青山实验区税务局2024年收到多少申请",
    ],
)
def test_a_department_of_a_held_region_is_never_the_region(question: str) -> None:
    query = understand(question)
    assert isinstance(query, Refusal) and query.reason.startswith("库中没有"), query


def test_report_aliases_name_their_agency() -> None:
    index = AgencyIndex.build(catalog(aliases={"合成市公安局": ("合成警方", "市公安局")}))
    query = understand("合成警方2024年收到多少申请", index)
    assert isinstance(query, TableQuery) and query.parts[0].reports[0].agency == "合成市公安局"


def test_no_agency_named_asks_back_naming_what_is_held() -> None:
    query = understand("2024年收到多少申请")
    assert (
        isinstance(query, Clarification)
        and "哪个机关" in query.asked_back
        and "合成市公安局" in query.asked_back
    )


@pytest.mark.parametrize(
    ("question", "suggested"),
    [
        ("合成市人民政俯2024年收到多少件申请", "合成市人民政府2024年收到多少件申请"),
        ("合成市公按局2024年收到多少件申请", "合成市公安局2024年收到多少件申请"),
        ("合城市公安局2024年收到多少件申请", "合成市公安局2024年收到多少件申请"),
    ],
)
def test_a_name_one_character_off_is_suggested_never_answered(question: str, suggested: str) -> None:
    query = understand(question)
    assert isinstance(query, Refusal), query
    assert suggested in query.suggestions


def test_property_a_misspelt_organ_is_never_another_agency() -> None:
    """Every one-character slip in a held organ's name (「人民政俯」 holds 「民政」): refused, asked back, or
    (when what is left is still the organ's own short name, 「公安」按) that organ — never another one."""
    index = AgencyIndex.build(catalog({**HELD, "合成市民政局": (2024,)}))
    for organ in ("人民政府", "公安局", "民政局"):
        own = f"合成市{organ}"
        for k in range(len(organ)):
            for char in "俯按府政民局":
                slip = organ[:k] + char + organ[k + 1 :]
                if slip == organ or slip in ("人民政府", "公安局", "民政局"):
                    continue
                query = understand(f"合成市{slip}2024年收到多少件申请", index)
                if isinstance(query, TableQuery):
                    assert {a for a, _ in who(query)} == {own}, slip


def test_asking_back_suggests_the_question_for_each_candidate() -> None:
    query = understand("2024年收到多少件申请")
    assert isinstance(query, Clarification)
    assert query.suggestions and all(s.endswith("2024年收到多少件申请") for s in query.suggestions)
    assert all(any(s.startswith(a) for a in HELD) for s in query.suggestions)


# (words a citizen uses, the item label they name): any two or three rows, or columns, in any order
EACH_ITEMS = (
    (
        ("予以公开", "予以公开（总计）"),
        ("不予公开", "不予公开（总计）"),
        ("部分公开", "部分公开（总计）"),
        ("无法提供", "无法提供（总计）"),
    ),
    (
        ("自然人提出", "本年新收政府信息公开申请（自然人）"),
        ("商业企业提出", "本年新收政府信息公开申请（商业企业）"),
        ("科研机构提出", "本年新收政府信息公开申请（科研机构）"),
    ),
    (
        ("自然人", "本年新收政府信息公开申请（自然人）"),
        ("法人或其他组织", "本年新收政府信息公开申请（法人或其他组织）"),
    ),
)


def test_property_each_answers_in_the_order_asked() -> None:
    import itertools

    for size, items in itertools.product((2, 3), EACH_ITEMS):
        for chosen in itertools.permutations(items, min(size, len(items))):
            for joint in ("、", "和"):
                if joint == "和" and size == 3:
                    continue
                words = joint.join(w for w, _ in chosen)
                query = table(f"合成市公安局2024年{words}的申请分别有多少件")
                operation = query.parts[0].operation
                assert isinstance(operation, Listing), words
                assert [m.label for m in operation.items] == [label for _, label in chosen], words


def test_each_year_in_the_order_asked() -> None:
    assert who(table("合成市公安局2023年和2022年分别收到多少件申请")) == [
        ("合成市公安局", 2023),
        ("合成市公安局", 2022),
    ]


@pytest.mark.parametrize(
    ("question", "gap"),
    [
        ("2024年合成市人民政府和合成市公安局谁收到的申请多？多多少", True),
        ("合成市公安局2023年和2024年哪年收到的申请多，多几件", True),
        ("2024年合成市人民政府和合成市公安局谁的行政处罚更多", False),
        ("合成市公安局2023年和2024年哪一年收到的申请多", False),
    ],
)
def test_who_has_more_and_by_how_much(question: str, gap: bool) -> None:
    operation = table(question).parts[0].operation
    assert isinstance(operation, Ranking)
    assert operation.by_how_much is gap


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("合成市人民政府2024年新收申请同比增长百分之几", "growth"),
        ("合成市人民政府2024年新收申请比上年增长百分之多少", "growth"),
    ],
)
def test_a_question_word_in_either_form(question: str, answer: str) -> None:
    """多少 and 几, 或 and 或者, 其他 and 其它 are one word written two ways (the lexicon lists one)."""
    operation = table(question).parts[0].operation
    assert isinstance(operation, Change) and operation.answer == answer


@pytest.mark.parametrize(
    ("written", "label"),
    [
        ("法人或者其他组织", "本年新收政府信息公开申请（法人或其他组织）"),
        ("法人或其它组织", "本年新收政府信息公开申请（法人或其他组织）"),
        ("其它组织", "本年新收政府信息公开申请（其他组织）"),
    ],
)
def test_other_written_forms_of_a_column(written: str, label: str) -> None:
    assert table(f"合成市公安局2024年{written}提出的申请有几件").reading.label.endswith(f"「{label}」")


def test_two_columns_of_one_row_added_up() -> None:
    operation = table("合成市公安局2024年自然人和商业企业的申请一共多少件").parts[0].operation
    assert isinstance(operation, Lookup)
    assert operation.item.rows == ("new_received",)
    assert operation.item.columns == ("natural_person", "commercial_enterprise")
    listed = table("合成市公安局2024年自然人和商业企业分别申请多少件").parts[0].operation
    assert isinstance(listed, Listing) and len(listed.items) == 2


def test_not_yet_finished_is_carried_forward() -> None:
    operation = table("合成市公安局2024年有多少件申请还没办完").parts[0].operation
    assert isinstance(operation, Lookup) and operation.item.rows == ("carried_forward",)
