"""Table 2 in the 2019–2020 layout: every printed item under its own key, never another column's."""

from __future__ import annotations

from pathlib import Path

from helpers.reports import report_path

from ingest.chunk import table_facts
from ingest.load import load, load_bytes
from ingest.parse import parse

SHANGHAI = "shanghai_gov_office_2019.html"


def test_shanghai_2019_items() -> None:
    tables = parse(load(report_path(SHANGHAI), 50 * 2**20)).tables
    proactive = tables.as_contract()["proactive"]
    assert proactive["regulations"] == {"issued": None, "repealed": None, "in_force": None, "made": 13, "published": 13,
                                        "published_total": 524}  # fmt: skip
    assert proactive["other_external_services"] == {"items_last_year": 0, "items_change": 0, "decisions": 0}
    assert proactive["administrative_fees"] == {
        "amount_10k_yuan": None,
        "items_last_year": 0,
        "items_change": 0,
    }
    assert proactive["government_procurement"] == {
        "procurement_items": 6,
        "procurement_amount_10k_yuan": 25.1,
    }
    cell = tables.get("proactive", "government_procurement", "procurement_amount_10k_yuan")
    assert cell is not None and cell.raw_text == "251000元" and cell.unit == "万元"


def test_2021_reports_keep_the_2021_keys_only() -> None:
    proactive = parse(load(report_path("huaian_city_2024.pdf"), 50 * 2**20)).tables.as_contract()["proactive"]
    assert "government_procurement" not in proactive and "made" not in proactive["regulations"]


def _table2(rows: list[str]) -> bytes:
    head = "某某县人民政府2019年政府信息公开工作年度报告\n一、总体情况\n二、主动公开政府信息情况\n"
    tail = "\n三、收到和处理政府信息公开申请情况\n四、政府信息公开行政复议、行政诉讼情况\n五、存在的主要问题及改进情况\n"
    return (head + "\n".join(rows) + tail).encode()


def test_signed_changes_units_and_no_substitution(tmp_path: Path) -> None:
    rows = [
        "| 第二十条第（五）项 | | | |",
        "| 信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量 |",
        "| 行政许可 | 12 | −3 | 450 |",
        "| 第二十条第（八）项 | | | |",
        "| 信息内容 | 上一年项目数量 | 本年增/减 | 收费金额（单位：元） |",
        "| 行政事业性收费 | 4 | 0 | 58000 |",
        "| 第二十条第（九）项 | | |",
        "| 信息内容 | 采购项目数量 | 采购总金额 |",
        "| 政府集中采购 | 7 | 120.5万元 |",
    ]
    report = parse(load_bytes(_table2(rows), "r.md"))
    values = {(c.row, c.column): c.value for c in report.tables.cells}
    assert values[("administrative_licensing", "items_change")] == -3
    assert values[("administrative_licensing", "decisions")] == 450
    assert values[("administrative_fees", "amount_10k_yuan")] == 5.8
    assert values[("government_procurement", "procurement_amount_10k_yuan")] == 120.5
    assert ("regulations", "issued") not in values  # 本年新制作数量 is never 本年制发件数
    assert not report.tables.readable or report.tables.cells


def test_table_facts_name_the_2019_items() -> None:
    facts = " ".join(f[2] for f in table_facts(parse(load(report_path(SHANGHAI), 50 * 2**20))))
    assert "本年新制作数量13件" in facts and "采购总金额25.1万元" in facts and "其他对外管理服务事项" in facts
