"""Tables that could not be read: a report stored for its prose only (`tables_readable` false) or a
report missing one whole table. A table question says the table could not be read — never 「报告中没有
这一项」, which would tell the citizen the report does not give it — and a narrative question is still
answered from the prose."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from helpers.reports import REPO

from ingest.config import Settings
from ingest.pipeline import ingest_paths
from ingest.store import open_stores
from qa.service import QAService

PROSE_ONLY = """某某市生态环境局2023年政府信息公开工作年度报告
一、总体情况
2023年，某某市生态环境局主动公开政府信息1200条，其中通过政府网站发布环境质量信息860条。
二、主动公开政府信息情况
（表格为图片，无法复制）
三、收到和处理政府信息公开申请情况
详见下表。全年未收取信息处理费。
四、政府信息公开行政复议、行政诉讼情况
五、存在的主要问题及改进情况
六、其他需要报告的事项
"""


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> QAService:
    from ingest.load import load
    from ingest.parse import parse

    folder = tmp_path_factory.mktemp("qa-unreadable")
    (folder / "prose_only.txt").write_text(PROSE_ONLY, encoding="utf-8")
    settings = Settings(data_dir=folder / "data")
    stores = open_stores(settings)
    outcomes = list(ingest_paths([folder / "prose_only.txt"], stores))
    assert [o.status for o in outcomes] == ["stored"], outcomes
    seed = parse(load(REPO / "corpus" / "gaoqing_county_public_security_2024.txt", 50_000_000))
    meta = replace(seed.meta, agency="合成县审计局", title="合成：合成县审计局2024年政府信息公开工作年度报告")
    cells = [c for c in seed.tables.cells if c.table != "review_litigation"]
    no_table4 = replace(seed, id="9" * 64, meta=meta, tables=replace(seed.tables, cells=cells))
    stores.sql.put_report(no_table4, [], "complete")
    return QAService(stores, settings, clock=lambda: date(2026, 12, 4))


@pytest.mark.parametrize(
    "question",
    ["某某市生态环境局2023年收到多少件信息公开申请", "某某市生态环境局2023年予以公开的申请占比是多少"],
)
def test_a_table_question_on_a_prose_only_report_says_the_tables_were_not_read(
    service: QAService, question: str
) -> None:
    answer = service.ask(question, record=False)
    assert answer.answerable is False and answer.primary_figure is None
    assert "未能读" in answer.answer and "没有「" not in answer.answer, answer.answer


def test_a_narrative_question_on_a_prose_only_report_is_answered(service: QAService) -> None:
    answer = service.ask("某某市生态环境局2023年主动公开了多少条政府信息", record=False)
    assert answer.answerable and answer.primary_figure == {"value": 1200, "unit": "条"}, answer.answer


def test_a_missing_table_is_said_to_be_unread_and_other_tables_still_answer(service: QAService) -> None:
    unread = service.ask("合成县审计局2024年行政复议一共有多少件", record=False)
    assert unread.answerable is False and unread.primary_figure is None
    assert "表四未能读出" in unread.answer and "没有「" not in unread.answer, unread.answer
    read = service.ask("合成县审计局2024年收到多少件信息公开申请", record=False)
    assert read.primary_figure == {"value": 6, "unit": "件"}


def test_the_sentence_that_says_it_beats_one_whose_heading_does(service: QAService) -> None:
    """「详见下表」 sits under a heading holding 信息 and 处理; the sentence that says 信息处理费 answers."""
    answer = service.ask("某某市生态环境局2023年有没有收取信息处理费", record=False)
    assert "未收取信息处理费" in answer.answer, answer.answer
