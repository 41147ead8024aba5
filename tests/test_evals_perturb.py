"""The checker audit: corruptions are what they say, and the real checker is run on them."""

from __future__ import annotations

from collections.abc import Callable

from evals.perturb import Audit, apply, audit_answer, auditable, corruptions, reproduces, retext
from ingest.records import Report
from qa.check import Evidence, check_text
from qa.records import FigureCheck

TEXT = "某市人民政府办公室2023年行政处罚本年处理决定数量为597件，行政事业性收费本年收费金额为58.59万元。"


def fig(text: str, value: float, unit: str, start: int = 0) -> FigureCheck:
    return FigureCheck(text, value, unit, "supported", {}, start, start + len(text))


def test_retext_keeps_the_printed_precision_and_unit() -> None:
    assert retext(fig("58.59万元", 58.59, "万元"), 59.59) == "59.59万元"
    assert retext(fig("33.3%", 33.3, "%"), 34.3) == "34.3%"
    assert retext(fig("597件", 597, "件"), 5970) == "5970件"
    assert retext(fig("58.59万元", 58.59, "万元"), unit="元") == "58.59元"
    assert retext(fig("两次", 2, "次"), 3) == "3次"  # Chinese numerals come back as digits


def test_corruptions_cover_every_kind_and_skip_no_ops() -> None:
    figures = [fig("0件", 0, "件", 0), fig("33.3%", 33.3, "%", 10), fig("58.59万元", 58.59, "万元", 20)]
    kinds = [k for k, _, _ in corruptions("", figures)]
    assert kinds.count("plus_1") == 2 and "times_10" in kinds and "minus_1" in kinds
    assert {"pct_plus_1pt", "pct_minus_1pt", "wanyuan_as_yuan"} <= set(kinds)
    assert "swap" not in kinds  # no two adjacent figures share a unit
    swapped = list(corruptions("", [fig("2件", 2, "件", 0), fig("5件", 5, "件", 5)]))
    assert [k for k, _, _ in swapped][-1] == "swap"


def test_apply_reports_where_the_new_figures_sit() -> None:
    text, spans = apply("共6件，占33.3%", [(1, 3, "60件"), (5, 10, "34.3%")])
    assert text == "共60件，占34.3%"
    assert [text[s:e] for s, e in spans] == ["60件", "34.3%"]


def test_the_real_checker_detects_table_corruptions(make_report: Callable[..., Report]) -> None:
    evidence = Evidence([make_report()])
    clean = check_text(TEXT, evidence)
    assert auditable(clean) and reproduces(TEXT, clean, evidence)
    cases = audit_answer("t", TEXT, clean, evidence)
    assert cases and all(c.detected for c in cases), [c for c in cases if not c.detected]
    audit = Audit(cases, answers=1)
    assert audit.summary()["detection_rate"] == 1.0


def test_swapped_figures_inside_a_quotation_are_detected() -> None:
    # a cited passage printing both 2件 and 5件: a quotation must match word for word
    quote = "共承办人大建议2件，承办政协提案5件。"
    text = f"据年报：「{quote}」"
    evidence = Evidence([], (), [quote])
    clean = check_text(text, evidence)
    cases = audit_answer("t", text, clean, evidence)
    swap = next(c for c in cases if c.kind == "swap")
    assert swap.text.endswith("建议5件，承办政协提案2件。」")
    assert swap.detected and swap.verdicts == ("5件:contradicted", "2件:contradicted")
