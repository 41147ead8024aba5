"""Review: a figure from a table the report itself contradicts carries a warning, and a copy whose tables
look misread never overwrites the good figures of the same agency and year."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers.reports import REPO

from ingest.config import Settings
from ingest.figures import extract_figures
from ingest.pipeline import ingest_paths
from ingest.store import open_stores
from qa.service import QAService

SEED = REPO / "corpus" / "gaoqing_county_public_security_2024.txt"


@pytest.mark.parametrize(
    ("question", "value", "where"),
    [
        # 洪泽区2023's table 4 prints 总计 0 for 行政复议 while 维持 10 + 纠正 1 = 11 (rule B1 fails)
        ("洪泽区2023年行政复议多少件？", 0, "表四「行政复议」"),
        ("洪泽区2023年行政复议维持多少件？", 10, "表四「行政复议」"),
        ("洪泽区2023年复议后起诉多少件？", 0, "表四「行政诉讼/复议后起诉」"),
    ],
)
def test_a_figure_of_a_broken_rule_is_not_shown_as_settled(
    qa_service: QAService, question: str, value: int, where: str
) -> None:
    answer = qa_service.ask(question, record=False)
    assert answer.primary_figure == {"value": value, "unit": "件"}
    assert f"{where}的勾稽关系不成立" in answer.answer and "可能有误" in answer.answer
    caveat = answer.answer[answer.answer.index("（注意：") :]
    assert extract_figures(caveat) == []  # nothing in the warning for the checker to trip on
    assert [f.verdict for f in answer.figures] == ["supported"]


def test_a_figure_of_a_sound_table_has_no_warning(qa_service: QAService) -> None:
    answer = qa_service.ask("洪泽区2024年行政复议多少件？", record=False)
    assert answer.primary_figure == {"value": 2, "unit": "件"} and "注意" not in answer.answer


@pytest.mark.slow
def test_a_misread_copy_does_not_replace_a_good_report(tmp_path: Path) -> None:
    counter = iter(range(100, 1000))
    misread = tmp_path / "gaoqing_copy.txt"  # the same report with every table cell scrambled
    misread.write_text(
        re.sub(r"(?m)^\t\d+$", lambda _: f"\t{next(counter)}", SEED.read_text(encoding="utf-8")),
        encoding="utf-8",
    )
    settings = Settings(data_dir=tmp_path / "data")
    stores = open_stores(settings)
    assert [o.status for o in ingest_paths([SEED], stores)] == ["stored"]
    (outcome,) = ingest_paths([misread], stores)
    assert outcome.status == "failed"
    assert "未替换" in outcome.message and "gaoqing_county_public_security_2024.txt" in outcome.message
    assert [r.source_name for r in stores.sql.list_reports()] == [SEED.name]
    answer = QAService(stores, settings).ask("高青县公安局2024年收到多少件申请？", record=False)
    assert answer.primary_figure == {"value": 6, "unit": "件"}
    stores.close()


def test_a_sum_of_blanks_is_not_written_as_zero() -> None:
    from helpers.reports import report_path

    from ingest.load import load
    from ingest.parse import parse

    report = parse(load(report_path("shanghai_gov_office_2019.html"), 50_000_000))
    (a2_total,) = [f for f in report.findings if f.rule == "A2" and "「总计」列" in f.message]
    assert a2_total.severity == "not_assessable"
    assert a2_total.message.endswith("805 ≠ 19项均空白"), a2_total.message  # was 「空 + 空 + … = 0」
