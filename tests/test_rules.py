"""Consistency rules on hand-built tables: blanks, failures, diagnosis, and across years."""

from __future__ import annotations

from ingest import schema
from ingest.records import Report, ReportMeta, TableCell, Tables
from ingest.rules import check_report, diagnose, rule_a1, rule_a3, rule_b1, rules_across_years

APP, REV = schema.TABLE_APPLICATIONS, schema.TABLE_REVIEW


def cell(table: str, row: str, column: str, value: float | None) -> TableCell:
    return TableCell(table, row, column, value, "" if value is None else str(value), row, column, "test")


def balanced(new: int = 6, over: int = 0, handled: int = 6, forward: int = 0) -> list[TableCell]:
    """Table 3 where every applicant is a natural person: the rules hold when the numbers do."""
    cells = []
    for row, value in (
        ("new_received", new),
        ("carried_over", over),
        ("total_handled", handled),
        ("carried_forward", forward),
        ("granted", handled),
    ):
        for col in schema.APPLICATION_COLUMN_KEYS:
            cells.append(cell(APP, row, col, value if col in ("natural_person", "total") else 0))
    return cells


def report(cells: list[TableCell], year: int = 2024, text: str = "") -> Report:
    from ingest.records import Section

    sections = [Section("overview", "一、总体情况", text, 1)] if text else []
    return Report("x" * 64, ReportMeta("某县人民政府", year, "t"), sections, Tables(cells=cells))


def test_balanced_table_passes() -> None:
    findings = rule_a1(Tables(cells=balanced()))
    assert {f.severity for f in findings} == {"pass"}


def test_unbalanced_column_fails_with_the_arithmetic() -> None:
    findings = rule_a1(Tables(cells=balanced(new=7)))
    failed = [f for f in findings if f.severity == "error"]
    assert len(failed) == 2  # 自然人 and 总计
    assert "7 + 0 = 7 ≠ 6 + 0 = 6" in failed[0].message


def test_blank_participant_is_not_assessable_unless_it_holds_as_zero() -> None:
    cells = [c for c in balanced() if not (c.row == "carried_over" and c.column == "natural_person")]
    cells.append(cell(APP, "carried_over", "natural_person", None))
    person = next(f for f in rule_a1(Tables(cells=cells)) if "自然人" in f.message)
    assert person.severity == "pass" and "空白格按0计" in person.message
    cells = [c for c in balanced(new=5) if not (c.row == "carried_over" and c.column == "natural_person")]
    cells.append(cell(APP, "carried_over", "natural_person", None))
    person = next(f for f in rule_a1(Tables(cells=cells)) if "自然人" in f.message)
    assert person.severity == "not_assessable"  # 5 + blank may well be 6: never a failure


def test_missing_total_is_not_assessable() -> None:
    cells = [c for c in balanced() if not (c.row == "granted" and c.column == "total")]
    cells.append(cell(APP, "granted", "total", None))
    granted = next(f for f in rule_a3(Tables(cells=cells)) if "予以公开" in f.message)
    assert granted.severity == "not_assessable" and "总计缺失" in granted.message


def test_b1_group() -> None:
    cells = [
        cell(REV, "review", c, v) for c, v in zip(schema.REVIEW_COLUMN_KEYS, (1, 1, 0, 0, 3), strict=True)
    ]
    (finding,) = rule_b1(Tables(cells=cells))
    assert finding.severity == "error" and "3 ≠ 1 + 1 + 0 + 0 = 2" in finding.message


def test_many_failures_look_like_a_parse_failure() -> None:
    # columns shifted by a bad parse: A1 breaks in two columns, A2 and A3 on the outcome rows
    cells = [
        c
        for c in balanced(new=9, over=4, handled=2)
        if not (c.row == "granted" and c.column == "natural_person")
    ]
    cells.append(cell(APP, "granted", "natural_person", 5))
    findings = check_report(report(cells))
    errors = [f for f in findings if f.severity == "error"]
    assert len(errors) >= 4 and {f.diagnosis for f in errors} == {"parse_failure"}
    one = diagnose(
        rule_b1(
            Tables(
                cells=[
                    cell(REV, "review", c, v)
                    for c, v in zip(schema.REVIEW_COLUMN_KEYS, (1, 0, 0, 0, 0), strict=True)
                ]
            )
        )
    )
    assert one[0].diagnosis == "source_error"


def test_prose_figure_checked_against_the_table() -> None:
    good = check_report(
        report(balanced(), text="2024年共收到政府信息公开申请6件，比上年增加3件，其中予以公开6件、占100%。")
    )
    t1 = [f for f in good if f.rule == "T1"]
    assert [f.severity for f in t1] == ["pass", "pass", "pass"]  # the +3 change is not a table claim
    bad = check_report(report(balanced(), text="2024年共收到政府信息公开申请8件。"))
    (warning,) = [f for f in bad if f.rule == "T1"]
    assert warning.severity == "warning" and "8件" in warning.message and "为 6" in warning.message


def test_across_years() -> None:
    last = report(balanced(forward=2, new=8, handled=6), year=2023)
    now = report(balanced(over=2, new=4, handled=6), year=2024)
    c1 = [f for f in rules_across_years(now, last) if f.rule == "C1"]
    assert {f.severity for f in c1} == {"pass"}
    wrong = report(balanced(over=1, new=5, handled=6), year=2024)
    assert any(f.severity == "error" for f in rules_across_years(wrong, last) if f.rule == "C1")


def test_a_prose_count_of_another_scope_is_no_contradiction() -> None:
    """Only the same item over the same scope contradicts a table: 受理 = 新收 + 上年结转, a channel or
    subject (网上申请, 涉及征地的申请), another year (去年, 2023年) or 本级 are other scopes."""
    from ingest.rules import prose_conflicts

    table = balanced(new=100, over=20, handled=107, forward=13)
    other_scopes = [
        "全年共受理政府信息公开申请120件。",
        "本年度共收到政府信息公开申请120件（含上年结转20件）。",
        "其中网上申请50件，当面申请30件，信函申请20件。",
        "涉及征地拆迁的申请40件。",
        "去年收到申请90件。",
        "2023年收到申请88件。",
        "市本级收到申请300件。",
    ]
    for text in other_scopes:
        assert prose_conflicts(report(table, text=text)) == [], text
    for text in ("2024年收到申请88件。", "全年共受理政府信息公开申请125件。"):
        (conflict,) = prose_conflicts(report(table, text=text))
        assert conflict.claim.figure.value in (88, 125)
