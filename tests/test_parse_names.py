"""The agency's names come from the report: CMS headers of several shapes in front of real reports never
become part of a name, 发布机构 is a hint, 以下简称 short names and the title's own form are aliases."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from helpers.layouts import by_case, cell_misses
from helpers.reports import ALL_KEYS, SEED_KEY, expected, report_path

from ingest.load import load_bytes
from ingest.parse import parse
from ingest.parse.names import CMS_LABELS, cms_fields, cms_table_lines, is_breadcrumb, same_body, strip_cms

SEED_TEXT = report_path(SEED_KEY).read_text(encoding="utf-8") if report_path(SEED_KEY).exists() else ""
CMS_HEADERS = [
    "标题：{title}\n索引号：11370322MB28537X1/2025-00012\n发布机构：{agency}\n发布日期：2025-01-20\n",
    "索引号：004-2025-0003 发布机构：{agency} 发布日期：2025-01-20\n文号：无 主题分类：政务公开\n",
    "【标题】：{title}\n【来源】：{agency}\n【发布时间】：2025-01-20 09:30\n",
    "来源： {agency}    浏览次数：1024\n",
]
# Names at every level, each a body's full name with its region.
AGENCIES = [
    "高青县公安局",
    "淄博市生态环境局",
    "山东省教育厅",
    "某某县发展和改革局",
    "某某市某某区人民政府",
    "某某镇人民政府",
]


def _variant(agency: str, header: str) -> bytes:
    body = SEED_TEXT.replace("高青县公安局", agency)
    title = f"{agency}2024年政府信息公开工作年度报告"
    return (header.format(title=title, agency=agency) + body).encode("utf-8")


@pytest.mark.parametrize("header", CMS_HEADERS, ids=["title-first", "one-line", "bracketed", "source-only"])
@pytest.mark.parametrize("agency", AGENCIES)
def test_cms_labels_are_never_part_of_a_name(agency: str, header: str) -> None:
    report = parse(load_bytes(_variant(agency, header), "report.txt"))
    assert report.meta.agency == agency
    assert not any(
        label in report.meta.agency for label in ("标题", "索引号", "发布机构", "来源", "发布日期")
    )
    assert report.meta.year == 2024
    assert report.tables.readable and report.tables.cells


def test_the_publisher_names_an_agency_whose_title_does_not() -> None:
    body = SEED_TEXT.replace(
        "高青县公安局\n2024年政府信息公开工作年度报告", "2024年政府信息公开工作年度报告", 1
    )
    report = parse(load_bytes(("发布机构：高青县公安局\n" + body).encode(), "r.txt"))
    assert report.meta.agency == "高青县公安局"


def test_short_names_and_the_title_form_are_aliases() -> None:
    body = SEED_TEXT.replace(
        "高青县公安局\n2024年",
        "北京市科学技术委员会\n2024年",
        1,
    ).replace("本报告根据", "北京市科学技术委员会（以下简称“市科委”）本报告根据", 1)
    report = parse(load_bytes(body.encode(), "r.txt"))
    assert report.meta.agency == "北京市科学技术委员会"
    assert "市科委" in report.meta.aliases
    assert "《条例》" not in report.meta.aliases and "条例" not in report.meta.aliases


def test_helpers() -> None:
    assert (
        strip_cms("标题：某县发展和改革局2024年政府信息公开工作年度报告")
        == "某县发展和改革局2024年政府信息公开工作年度报告"
    )
    assert strip_cms("发布日期：2025-01-20") == ""
    assert cms_fields(["索引号：1 发布机构：某县人民政府 发布日期：2025-01-20"])["发布机构"] == "某县人民政府"
    assert same_body("洪泽区人民政府", "淮安市洪泽区人民政府")
    assert is_breadcrumb("首页 > 政务公开 > 政府信息公开年报") and is_breadcrumb("首页＞信息公开＞年报")
    assert not is_breadcrumb("某县人民政府2024年政府信息公开工作年度报告")
    assert cms_table_lines([["发布机构：", "某县人民政府"]]) == ["发布机构： 某县人民政府"]
    assert cms_table_lines([["信息内容", "本年制发件数"]]) == []
    assert not same_body("淮安市洪泽区人民政府办公室", "淮安市洪泽区人民政府")


@pytest.mark.parametrize(
    ("full", "short"), [("高青县公安局", "县公安局"), ("淄博市高青县教育和体育局", "县教体局")]
)
def test_a_title_in_the_short_name_gets_the_full_name_it_defines(full: str, short: str) -> None:
    body = SEED_TEXT.replace("高青县公安局\n2024年", f"{short}\n2024年", 1).replace(
        "本报告根据", f"{full}（以下简称“{short}”）本报告根据", 1
    )
    header = f"来源：{full}　发布时间：2025-01-20\n"
    meta = parse(load_bytes((header + body).encode("gb18030"), "r.txt")).meta
    assert meta.agency == full and short in meta.aliases and meta.level == "县级"


@pytest.mark.parametrize("header", CMS_HEADERS, ids=["title-first", "one-line", "bracketed", "source-only"])
@pytest.mark.parametrize("key", ALL_KEYS)
def test_cms_headers_in_front_of_every_real_report(key: str, header: str) -> None:
    """A portal's CMS header above each real report (as markitdown renders the page): same agency, year
    and cells, and no CMS label inside a name."""
    page = by_case()[(key, "markitdown-html")].path.read_text(encoding="utf-8")
    agency = expected()[key]["agency"]
    title = f"{agency}{expected()[key]['year']}年政府信息公开工作年度报告"
    report = parse(load_bytes((header.format(title=title, agency=agency) + page).encode(), "page.md"))
    assert (report.meta.agency, report.meta.year) == (agency, expected()[key]["year"])
    assert not any(
        label in name for name in (report.meta.agency, *report.meta.aliases) for label in CMS_LABELS
    )
    assert cell_misses(key, report) == []


PORTAL_HEADER = (
    "首页 > 政务公开 > 政府信息公开年报\n\n"
    "| 索引号： | 000-2025-0001 | 主题分类： | 政务公开 |\n|---|---|---|---|\n"
    "| 发布机构： | {agency} | 发布日期： | 2025-01-20 |\n"
    "| 标题： | {title} | | |\n\n"
    "# {title}\n\n来源：办公室　发布时间：2025-01-20 09:30　浏览次数：\n\n"
)


@pytest.mark.parametrize("key", ALL_KEYS)
def test_a_portal_page_with_a_breadcrumb_and_a_metadata_table(key: str) -> None:
    """A portal page as a converter renders it: the navigation trail ends in 年报 but is no title, the
    metadata is a table of label and value cells (发布机构 is read from it), and 来源 names an office."""
    page = by_case()[(key, "markitdown-html")].path.read_text(encoding="utf-8")
    agency = expected()[key]["agency"]
    title = f"{agency}{expected()[key]['year']}年政府信息公开工作年度报告"
    report = parse(load_bytes((PORTAL_HEADER.format(title=title, agency=agency) + page).encode(), "page.md"))
    assert (report.meta.agency, report.meta.year) == (agency, expected()[key]["year"])
    assert cell_misses(key, report) == []


def test_nianbao_reports_shows_the_aliases(tmp_path: Path) -> None:
    body = SEED_TEXT.replace("本报告根据", "高青县公安局（以下简称“县公安局”）本报告根据", 1)
    path = tmp_path / "seed_alias.txt"
    path.write_text("来源：高青县公安局\n" + body, encoding="utf-8")
    cli = Path(sys.executable).parent / "nianbao"
    data = ["--data-dir", str(tmp_path / "data")]
    subprocess.run([str(cli), "ingest", str(path), "--quiet", *data], check=True, capture_output=True)
    out = subprocess.run([str(cli), "reports", *data], check=True, capture_output=True, text=True).stdout
    assert "高青县公安局（又称：县公安局）" in out
