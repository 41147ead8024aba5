"""The name battery: real agency names at every level (ministries, provinces, cities, districts, counties,
special zones, development zones, departments, townships), held in a synthetic store (each report is the
seed re-rendered under the agency's name, its title marked 「合成」). Properties:

- every agency is found by every name form a citizen uses (the forms below are written by hand, not
  taken from the product's own gazetteer), in simplified and traditional characters;
- 「<held region><an organ it does not hold>」 is refused, never answered with the region's report.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from helpers.reports import REPO
from helpers.variants import traditional

from ingest.config import Settings
from ingest.records import Report, StoredReport
from ingest.store import open_stores
from qa.agencies import AgencyIndex
from qa.frame import build_frame
from qa.queries import Refusal, TableQuery
from qa.query import build_query
from qa.service import QAService
from qa.tag import tag

# agency -> the forms a citizen uses for it
BATTERY: dict[str, tuple[str, ...]] = {
    # ministries and national bodies
    "中华人民共和国教育部": ("教育部",),
    "国家发展和改革委员会": ("国家发改委", "国家发展改革委"),
    "中华人民共和国生态环境部": ("生态环境部",),
    # provinces and provincial departments
    "江苏省人民政府": ("江苏省政府", "江苏省", "江苏"),
    "广西壮族自治区人民政府": ("广西壮族自治区政府", "广西政府", "广西"),
    "浙江省科学技术厅": ("浙江省科技厅", "浙江科技厅"),
    "北京市科学技术委员会": ("北京市科委", "北京科委", "北京市科技委员会"),
    # cities and city departments
    "淮安市人力资源和社会保障局": ("淮安市人社局", "淮安人社局", "淮安市人力社保局"),
    "苏州市卫生健康委员会": ("苏州市卫健委", "苏州卫健委", "苏州市卫生健康委"),
    "杭州市市场监督管理局": ("杭州市市场监管局", "杭州市监局", "杭州市场监管局"),
    "南京市住房和城乡建设局": ("南京市住建局", "南京住建局", "南京市住房城乡建设局"),
    "恩施土家族苗族自治州人民政府": ("恩施州政府", "恩施州", "恩施土家族苗族自治州"),
    # districts and counties
    "上海市浦东新区人民政府": ("浦东新区政府", "浦东新区", "浦东区", "上海市浦东新区"),
    "北京市海淀区人民政府": ("海淀区政府", "海淀区人民政府", "海淀区", "北京市海淀区"),
    "长阳土家族自治县人民政府": ("长阳县政府", "长阳县", "长阳"),
    "山东省淄博市沂源县发展和改革局": ("沂源县发改局", "沂源发改局", "沂源县发展改革局"),
    # special zones and development zones
    "福建省平潭综合实验区管理委员会": (
        "平潭综合实验区",
        "平潭实验区",
        "平潭区",
        "平潭",
        "平潭综合实验区管委会",
    ),
    "苏州工业园区管理委员会": ("苏州工业园区", "苏州工业园区管委会", "苏州工业园"),
    "天津经济技术开发区管理委员会": ("天津经济技术开发区", "天津经开区", "天津开发区管委会"),
    "西安高新技术产业开发区管理委员会": ("西安高新区", "西安高新技术产业开发区", "西安高新区管委会"),
    # townships and streets
    "淮安市洪泽区高良涧街道办事处": ("高良涧街道", "高良涧街道办", "洪泽区高良涧街道"),
    "江苏省宿迁市沭阳县沭城镇人民政府": ("沭城镇政府", "沭城镇", "沭阳县沭城镇人民政府"),
}
# <held region><organ the store does not hold there>
NOT_HELD = (
    "江苏省公安厅",
    "江苏省教育厅",
    "淮安市教育局",
    "淮安市人民政府",
    "苏州市财政局",
    "杭州市人民政府",
    "浦东新区财政局",
    "海淀区市场监管局",
    "海淀区人社局",
    "平潭综合实验区税务局",
    "平潭实验区公安局",
    "苏州工业园区人社局",
    "天津经开区财政局",
    "沂源县人民政府",
    "沂源县教育局",
    "长阳县卫健委",
    "恩施州公安局",
    "高良涧街道财政所",
    "沭城镇派出所",
    "广西公安厅",
)
QUESTION = "{name}2024年收到多少件政府信息公开申请？"
TODAY = date(2026, 12, 4)


def stored(agency: str) -> StoredReport:
    return StoredReport(
        f"{agency}-2024",
        agency,
        2024,
        f"合成：{agency}2024年政府信息公开工作年度报告",
        None,
        None,
        "synthetic.txt",
        "txt",
        "",
        1,
    )


INDEX = AgencyIndex.build([stored(a) for a in BATTERY])


def resolved(question: str) -> list[str]:
    query = build_query(build_frame(tag(question, INDEX)), INDEX, TODAY)
    assert isinstance(query, TableQuery), (question, query)
    return [r.agency for r in query.parts[0].reports]


CASES = [(agency, form) for agency, forms in BATTERY.items() for form in (agency, *forms)]


@pytest.mark.parametrize(("agency", "form"), CASES)
def test_every_agency_by_every_name(agency: str, form: str) -> None:
    assert resolved(QUESTION.format(name=form)) == [agency]


@pytest.mark.parametrize(("agency", "form"), CASES[::3])
def test_every_agency_by_every_name_in_traditional_characters(agency: str, form: str) -> None:
    assert resolved(traditional(QUESTION.format(name=form))) == [agency]


@pytest.mark.parametrize("name", NOT_HELD)
def test_another_organ_of_a_held_region_is_refused(name: str) -> None:
    query = build_query(build_frame(tag(QUESTION.format(name=name), INDEX)), INDEX, TODAY)
    assert isinstance(query, Refusal) and query.reason.startswith("库中没有"), (name, query)


def test_the_index_is_built_once_and_read_by_lookups() -> None:
    """Reading a question never walks the catalog: the same question costs the same with 20 or 2,000
    agencies (their name forms are looked up from the question's positions)."""
    many = [stored(f"合成{n}县人民政府") for n in range(2000)] + [stored(a) for a in BATTERY]
    big = AgencyIndex.build(many)
    question = QUESTION.format(name="平潭实验区")
    assert [m.resolved for m in big.mentions(question)] == ["福建省平潭综合实验区管理委员会"]
    assert len(big.years) == 2000 + len(BATTERY)


# ---- end to end: synthetic reports in a real store -------------------------------------------------


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> QAService:
    """A store holding the seed report re-rendered under a few battery names (SQLite only: table
    questions read no vectors)."""
    from ingest.load import load
    from ingest.parse import parse

    seed = parse(load(REPO / "corpus" / "gaoqing_county_public_security_2024.txt", 50_000_000))
    settings = Settings(data_dir=Path(tmp_path_factory.mktemp("qa-names")))
    stores = open_stores(settings)
    for n, agency in enumerate(
        (
            "福建省平潭综合实验区管理委员会",
            "北京市科学技术委员会",
            "淮安市人力资源和社会保障局",
            "上海市浦东新区人民政府",
        )
    ):
        meta = replace(seed.meta, agency=agency, title=f"合成：{agency}2024年政府信息公开工作年度报告")
        report: Report = replace(seed, id=f"{n:064d}", meta=meta, source_name=f"synthetic-{n}.txt")
        stores.sql.put_report(report, [], "complete")
    return QAService(stores, settings, clock=lambda: TODAY)


@pytest.mark.parametrize(
    "name", ["平潭", "平潭区", "平潭实验区", "北京市科委", "北京科委", "淮安人社局", "浦东", "浦東新區"]
)
def test_synthetic_reports_answer_by_any_name(synthetic: QAService, name: str) -> None:
    answer = synthetic.ask(QUESTION.format(name=name), record=False)
    assert answer.primary_figure == {"value": 6, "unit": "件"}, answer.answer
    assert {f.verdict for f in answer.figures} == {"supported"}


@pytest.mark.parametrize("name", ["平潭税务局", "北京市公安局", "淮安市政府", "浦东新区教育局"])
def test_synthetic_store_refuses_other_organs(synthetic: QAService, name: str) -> None:
    answer = synthetic.ask(QUESTION.format(name=name), record=False)
    assert answer.answerable is False and answer.primary_figure is None and not answer.figures, answer.answer
    assert "库中没有" in answer.answer
