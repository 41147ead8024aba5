"""Table-3 statistics: outcome groups from ingest.metrics, blanks shown as blank, never as 0."""

from __future__ import annotations

from ingest import schema
from ingest.records import StoredCell, TableCell
from ui.stats import chart_records, display_table, export_table, stat_rows

APPS = schema.TABLE_APPLICATIONS


def cells(report_id: str, agency: str, year: int, values: dict[str, int | None]) -> list[StoredCell]:
    return [
        StoredCell(report_id, agency, year, TableCell(APPS, row, "total", value, "" if value is None else str(value), row, "总计", ""))
        for row, value in values.items()
    ]  # fmt: skip


def sample() -> list[StoredCell]:
    full = {"new_received": 10, "carried_over": 0, "granted": 4, "partially_granted": 1, "denied_state_secret": 1,
            "denied_third_party_rights": 1, "unavailable_not_held": 3, "total_handled": 10, "carried_forward": 0}  # fmt: skip
    gaps = {"new_received": 5, "carried_over": None, "granted": 2, "partially_granted": None, "denied_state_secret": None,
            "denied_third_party_rights": 1, "unavailable_not_held": None, "total_handled": 5, "carried_forward": None}  # fmt: skip
    return cells("b", "乙局", 2024, gaps) + cells("a", "甲局", 2023, full)


def test_groups_rates_and_blanks() -> None:
    rows = stat_rows(sample())
    assert [(r.agency, r.year) for r in rows] == [("甲局", 2023), ("乙局", 2024)]
    first, second = rows
    assert first.values["不予公开"].value == 2 and first.values["无法提供"].value == 3
    assert round(float(first.rates["公开率"].value or 0), 1) == 50.0
    assert second.values["上年结转"].value is None and second.values["无法提供"].value is None
    assert second.values["不予公开"].value == 1 and second.values["不予公开"].note  # partly blank: says so
    headers, table, notes = display_table(rows)
    line = dict(zip(headers, table[1], strict=True))
    assert line["上年结转"] == "—" and line["无法提供"] == "—" and line["部分公开"] == "—"
    assert line["不予公开"].startswith("1 [") and any("空白" in n for n in notes)
    total = dict(zip(headers, table[2], strict=True))
    assert total["机关"] == "合计" and total["新收"] == "15" and "[" in total["上年结转"]
    assert any("1 份报告此项空白" in n for n in notes)


def test_exports_and_chart_leave_blanks_out() -> None:
    rows = stat_rows(sample())
    headers, data = export_table(rows)
    second = dict(zip(headers, data[1], strict=True))
    assert second["上年结转"] is None and second["不予公开"] == 1 and "空白" in second["说明"]
    outcomes = {(r["报告"], r["办理结果"]) for r in chart_records(rows)}
    assert ("2024年 乙局", "无法提供") not in outcomes and ("2023年 甲局", "无法提供") in outcomes


def test_filters() -> None:
    assert [r.agency for r in stat_rows(sample(), agencies=["乙局"])] == ["乙局"]
    assert [r.year for r in stat_rows(sample(), years=[2023])] == [2023]
