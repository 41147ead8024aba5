"""The eval scorer itself: hand-built answers scored by the rules of shared/tools/score_qa.py."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

import pytest
from helpers.reports import missing_shared

from evals.gold import SEED_GOLD, GoldError, load_gold, parse_item
from evals.score import answer_text_overlap, citation_hits, judge, overlap

REPO = Path(__file__).resolve().parents[1]
OUTSIDE_SCORER = REPO.parent / "shared" / "tools" / "score_qa.py"


def item(**kw: Any):
    data = {
        "id": "t1", "report": "r.txt", "agency": "高青县公安局", "year": 2024, "question": "问？",
        "answer_number": 6, "unit": "件", "answer_text": "6件", "type": "table_lookup",
        "evidence": "表三/一、本年新收政府信息公开申请数量/总计",
    }  # fmt: skip
    data.update(kw)
    return parse_item(data)


def answer(value: float | None = 6, unit: str = "件", answerable: bool = True, text: str = "", **kw: Any):
    data = {
        "question": "问？", "answer": text, "answerable": answerable,
        "primary_figure": None if value is None else {"value": value, "unit": unit},
        "figures": [], "citations": [], "mode": "structured", "latency_ms": 1.0,
    }  # fmt: skip
    data.update(kw)
    return data


def test_right_number_scores_right() -> None:
    assert judge(item(), answer(6)).ok


def test_wrong_number_scores_wrong_and_ranks_as_worst() -> None:
    verdict = judge(item(), answer(7))
    assert not verdict.ok and verdict.severity == 3 and "got 7 want 6" in verdict.why


def test_a_figure_with_answerable_false_is_wrong() -> None:
    assert not judge(item(), answer(6, answerable=False)).ok


def test_a_refusal_on_an_answerable_item_is_wrong() -> None:
    assert not judge(item(), answer(None, answerable=False, text="无法回答")).ok


def test_refusal_on_unanswerable_item_is_right_and_answering_it_is_wrong() -> None:
    gold = item(type="unanswerable", answer_number=None, unit=None, evidence="无：所给报告中没有该信息")
    assert judge(gold, answer(None, answerable=False, text="库中没有2023年的报告")).ok
    assert not judge(gold, answer(1, unit="名")).ok


@pytest.mark.parametrize(
    ("value", "ok"), [(33.3, True), (33.34, True), (33.26, True), (33.36, False), (33.0, False)]
)
def test_percentages_within_five_hundredths(value: float, ok: bool) -> None:
    assert judge(item(answer_number=33.3, unit="%"), answer(value, unit="%")).ok is ok


def test_counts_and_money_within_half_a_hundredth() -> None:
    assert judge(item(answer_number=58.59, unit="万元"), answer(58.594, unit="万元")).ok
    assert not judge(item(answer_number=58.59, unit="万元"), answer(58.6, unit="万元")).ok


def test_blank_cell_item_wants_no_figure_and_says_blank() -> None:
    gold = item(answer_number=None, unit=None, answer_text="表格中该项为空")
    assert gold.is_blank_cell
    assert judge(gold, answer(None, text="该机关报告未填写该项：表中一栏为空白。")).ok
    assert not judge(gold, answer(0, text="0件")).ok
    assert not judge(gold, answer(None, text="报告没有说明。")).ok


def test_narrative_scores_on_evidence_overlap_with_quotes_or_answer() -> None:
    quote = "年内组织各科室就信息公开不及时问题开展整改3次"
    gold = item(type="narrative", answer_number=None, unit=None, evidence=f"“{quote}”", answer_text="整改3次")
    cited = answer(None, citations=[{"report": "r.txt", "quote": f"一是加强标准化建设。{quote}。"}])
    assert judge(gold, cited).ok
    assert judge(gold, answer(None, text=f"据年报：「{quote}」")).ok
    assert not judge(gold, answer(None, text="报告未提及。")).ok


def test_narrative_item_with_a_number_is_scored_as_numeric() -> None:
    gold = item(type="narrative", answer_number=3940, unit=None, evidence="“全年收取信息处理费3940 元。”")
    assert judge(gold, answer(3940, unit="元")).ok
    assert not judge(gold, answer(None, citations=[{"quote": "全年收取信息处理费3940 元。"}])).ok


def test_overlap_is_lcs_over_evidence_length() -> None:
    assert overlap("abcd", "xaxbxcxdx") == 1.0
    assert overlap("abcd", "dcba") == 0.25
    assert overlap("", "abc") == 0.0


def test_answer_text_overlap_only_for_narrative_items() -> None:
    gold = item(type="narrative", answer_number=None, unit=None, answer_text="主要涉及物业管理领域。")
    assert answer_text_overlap(gold, answer(None, text="申请内容主要涉及物业管理领域。")) == 1.0
    assert answer_text_overlap(item(), answer(6)) is None


def test_citation_precision_wants_the_right_report_and_table() -> None:
    gold = item()
    right = {
        "report": "r.txt",
        "agency": "高青县公安局",
        "year": 2024,
        "section": "表三 收到和处理",
        "quote": "表三/…：6",
    }
    wrong_table = {**right, "section": "表二 主动公开", "quote": "表二/行政处罚：597"}
    other = {**right, "report": "x.pdf", "agency": "淮安市人民政府"}
    assert citation_hits(gold, answer(6, citations=[right, wrong_table, other])) == (1, 3)


def test_seed_gold_follows_the_contract() -> None:
    items = load_gold(SEED_GOLD)
    types = {i.type for i in items}
    assert len(items) >= 60 and types == {
        "table_lookup", "table_sum_or_ratio", "narrative", "year_compare", "unanswerable",
    }  # fmt: skip
    assert sum(i.type == "unanswerable" for i in items) >= 8
    assert {i.report for i in items} - {None} == {"gaoqing_county_public_security_2024.txt"}
    report = (REPO / "corpus" / "gaoqing_county_public_security_2024.txt").read_text(encoding="utf-8")
    for i in items:  # every prose quote is verbatim in the report: checked by hand, pinned here
        if i.type in ("narrative", "year_compare"):
            ev = i.evidence
            assert ev in report or ev[1:-1] in report, i.id
        elif i.type != "unanswerable":
            assert i.evidence.startswith(("表二/", "表三/", "表四/")), i.id


def test_a_bad_gold_line_is_refused_with_its_line_number(tmp_path: Path) -> None:
    good = json.dumps(item().raw, ensure_ascii=False)
    path = tmp_path / "g.jsonl"
    path.write_text(good + "\n" + good.replace('"table_lookup"', '"lookup"') + "\n", encoding="utf-8")
    with pytest.raises(GoldError, match=r"g\.jsonl:2: type"):
        load_gold(path)


@pytest.mark.parametrize(
    ("change", "says"),
    [
        ({"year": "二〇二四"}, "year must be a year or null"),
        ({"report": 3}, "report must be a string or null"),
        ({"question": "  "}, "empty question"),
    ],
)
def test_a_gold_line_the_loader_cannot_read_is_named_never_a_traceback(
    tmp_path: Path, change: dict, says: str
) -> None:
    path = tmp_path / "g.jsonl"
    bad = json.dumps({**item().raw, **change}, ensure_ascii=False)
    path.write_text(json.dumps(item().raw, ensure_ascii=False) + "\n" + bad + "\n", encoding="utf-8")
    with pytest.raises(GoldError, match=rf"g\.jsonl:2: {says}"):
        load_gold(path)


def test_report_agency_and_year_may_be_null(tmp_path: Path) -> None:
    """A question over several reports, or about what the store lacks (design §5)."""
    path = tmp_path / "g.jsonl"
    nulls = {
        **item().raw,
        "report": None,
        "agency": None,
        "year": None,
        "type": "unanswerable",
        "answer_number": None,
    }
    path.write_text(json.dumps(nulls, ensure_ascii=False) + "\n", encoding="utf-8")
    (read,) = load_gold(path)
    assert (read.report, read.agency, read.year) == (None, None, None)
    shared = REPO.parent / "shared" / "reports" / "stranger-sample.jsonl"
    if shared.exists():
        assert any(i.year is None for i in load_gold(shared))


def _outside_judge():
    if not OUTSIDE_SCORER.exists():
        missing_shared(OUTSIDE_SCORER)
    spec = importlib.util.spec_from_file_location("score_qa", OUTSIDE_SCORER)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.judge


CASES = [
    (item(), answer(6)),
    (item(), answer(7)),
    (item(), answer(6, answerable=False)),
    (item(), None),
    (item(answer_number=33.3, unit="%"), answer(33.34, unit="%")),
    (item(answer_number=33.3, unit="%"), answer(33.4, unit="%")),
    (item(type="unanswerable", answer_number=None, unit=None), answer(None, answerable=False)),
    (item(type="unanswerable", answer_number=None, unit=None), answer(3)),
    (item(answer_number=None, unit=None), answer(None, text="该项为空白")),
    (item(answer_number=None, unit=None), answer(0, text="0件")),
    (item(type="narrative", answer_number=None, unit=None, evidence="“未收取信息处理费”"), answer(None, text="未收取信息处理费。")),
    (item(type="year_compare", answer_number=None, unit=None, evidence="“比上年度增加3件”"), answer(None, text="无法回答")),
]  # fmt: skip


@pytest.mark.parametrize(("gold", "ans"), CASES)
def test_agrees_with_the_outside_scorer(gold, ans) -> None:
    outside = _outside_judge()
    assert judge(gold, ans).ok == outside(gold.raw, ans)[0]


def test_a_year_compare_answer_may_cite_the_other_year() -> None:
    gold = item(
        type="year_compare",
        answer_number=74,
        evidence="002与003报告 表三/一、本年新收政府信息公开申请数量/总计",
    )
    earlier = {
        "report": "y2023.pdf",
        "agency": "高青县公安局",
        "year": 2023,
        "section": "表三 收到",
        "quote": "表三/…：21",
    }
    elsewhere = {**earlier, "agency": "淮安市人民政府"}
    assert gold.evidence_table == "表三"
    assert citation_hits(gold, answer(74, citations=[earlier, elsewhere])) == (1, 2)
