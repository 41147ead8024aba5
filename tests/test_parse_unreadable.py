"""No standard table: an annual report is kept for its prose (flagged), anything else is refused with
what was looked for and what was found; bad input leaves the store unchanged."""

from __future__ import annotations

import pytest

from ingest.errors import IngestError
from ingest.load import load_bytes
from ingest.parse import parse

REPORT = """某某市生态环境局2023年政府信息公开工作年度报告
一、总体情况
2023年，某某市生态环境局主动公开政府信息1200条。
二、主动公开政府信息情况
（表格为图片，无法复制）
三、收到和处理政府信息公开申请情况
本年共收到申请12件。
四、政府信息公开行政复议、行政诉讼情况
五、存在的主要问题及改进情况
六、其他需要报告的事项
"""


def test_an_annual_report_without_readable_tables_is_kept_for_its_prose() -> None:
    report = parse(load_bytes(REPORT.encode(), "r.txt"))
    assert not report.tables.readable and report.tables.cells == []
    assert report.meta.agency == "某某市生态环境局" and report.meta.year == 2023
    assert [f.rule for f in report.findings] == ["R0"]
    assert "仅按正文入库" in report.findings[0].message
    assert report.to_json()["tables_readable"] is False


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("会议纪要\n| 甲 | 乙 |\n| 1 | 2 |\n| 3 | 4 |\n", "1个表格共3行，其中0行与表三的行标签相符"),
        ("通知\n这是一份通知，没有表格。\n", "0个表格共0行"),
    ],
)
def test_other_files_are_refused_saying_what_was_found(text: str, found: str) -> None:
    with pytest.raises(IngestError) as info:
        parse(load_bytes(text.encode(), "notes.txt"))
    message = str(info.value)
    assert "未找到标准表格" in message and "查找了" in message and found in message
