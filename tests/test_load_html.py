"""HTML loading: the real Shanghai page, and a GBK portal page with chrome, a layout table and spans."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.documents import gbk_html
from helpers.reports import expected, has_row_ending, report_path, table3_rows, table4_row

from ingest.errors import IngestError
from ingest.load import load
from ingest.records import RawDocument, TableBlock, TextBlock

MAX = 50 * 2**20
SHANGHAI = "shanghai_gov_office_2019.html"


@pytest.fixture(scope="module")
def shanghai() -> RawDocument:
    return load(report_path(SHANGHAI), MAX)


def test_shanghai_tables(shanghai: RawDocument) -> None:
    assert shanghai.fmt == "html" and shanghai.encoding == "utf-8"
    assert len(shanghai.tables) == 3
    assert all(len({len(row) for row in t.grid}) == 1 for t in shanghai.tables)  # rectangular
    missing = [row for row, values in table3_rows(SHANGHAI).items() if not has_row_ending(shanghai, values)]
    assert not missing
    assert shanghai.tables[2].grid[-1] == table4_row(SHANGHAI)


def test_shanghai_blank_cells_and_spans(shanghai: RawDocument) -> None:
    grid = shanghai.tables[1].grid
    granted = next(r for r in grid if r[1] == "（一）予以公开")
    assert granted == (
        "三、本年度办理结果",
        "（一）予以公开",
        "（一）予以公开",
        "258",
        "12",
        "",
        "",
        "1",
        "1",
        "",
    )
    denied = [r for r in grid if r[1] == "（三）不予公开"]
    assert len(denied) == 8 and all(r[0] == "三、本年度办理结果" for r in denied)
    assert grid[2][3:] == ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")


def test_shanghai_raw_table2_is_the_printed_rows(shanghai: RawDocument) -> None:
    printed = [list(row) for row in shanghai.tables[0].printed]
    assert printed == expected()[SHANGHAI]["raw_table2"]
    assert shanghai.tables[0].grid[1][:3] == ("信息内容", "本年新制作数量", "本年新公开数量")


def test_shanghai_prose(shanghai: RawDocument) -> None:
    texts = [b.text for b in shanghai.blocks if isinstance(b, TextBlock)]
    assert texts[0] == "2019年上海市人民政府办公厅政府信息公开工作年度报告"
    assert "四、政府信息公开行政复议、行政诉讼情况" in texts  # the <br/> before it splits nothing away
    assert "市政府办公厅代表市政府共受理政府信息公开申请859件" in shanghai.text
    assert texts[-1] == "无。"
    assert "申请人情况" not in shanghai.text


def test_gbk_page_with_chrome_layout_table_and_spans(tmp_path: Path) -> None:
    doc = load(gbk_html(tmp_path / "report.htm"), MAX)
    assert doc.encoding == "gb18030"
    texts = [b.text for b in doc.blocks if isinstance(b, TextBlock)]
    assert texts == [
        "某某区人民政府2023年政府信息公开工作年度报告",
        "一、总体情况",
        "2023年，我区在政府网站平台主动公开政府信息1136条。",
        "（一）主动公开情况。",
        "直接写在div里的文字与行内元素",
        "五、存在的主要问题及改进情况",
    ]
    (table,) = doc.tables
    assert isinstance(doc.blocks[5], TableBlock)
    assert table.grid == (
        ("（本列数据的勾稽关系）",) * 3 + ("申请人情况",) * 2,
        ("（本列数据的勾稽关系）",) * 3 + ("自然人", "总计"),
        ("三、本年度办理结果", "（一）予以公开", "（一）予以公开", "2", ""),
        ("三、本年度办理结果", "（三）不予公开", "1.属于国家秘密", "0", "0"),
        ("三、本年度办理结果", "（三）不予公开", "2.其他法律行政法规禁止公开", "3", "1"),
        ("四、结转下年度继续办理",) * 3 + ("本年新制作数量", ""),
    )
    assert table.printed[2] == ("三、本年度办理结果", "（一）予以公开", "2", "")
    assert table.printed[4] == ("2.其他法律行政法规禁止公开", "3", "1")


def test_charset_sniffed_when_undeclared(tmp_path: Path) -> None:
    path = tmp_path / "plain.html"
    path.write_bytes("<html><body><p>一、总体情况</p><p>共收到申请６件。</p></body></html>".encode("gbk"))
    doc = load(path, MAX)
    assert doc.encoding == "gb18030" and doc.text == "一、总体情况\n共收到申请６件。"


def test_wrong_declared_charset_falls_back(tmp_path: Path) -> None:
    path = tmp_path / "liar.html"
    path.write_bytes('<meta charset="gb2312"><p>总计：２３件（UTF-8 页面）</p>'.encode())
    doc = load(path, MAX)
    assert doc.text == "总计：２３件（UTF-8页面）" and doc.encoding == "utf-8"


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"%PDF-1.4 this is a pdf", ["不是HTML网页", "PDF"]),
        (b"<html><body><script>var a=1;</script></body></html>", ["没有可读取的正文"]),
    ],
)
def test_bad_html(tmp_path: Path, data: bytes, words: list[str]) -> None:
    path = tmp_path / "x.html"
    path.write_bytes(data)
    with pytest.raises(IngestError) as info:
        load(path, MAX)
    assert all(w in str(info.value) for w in words), str(info.value)
