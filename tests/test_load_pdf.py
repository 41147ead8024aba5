"""PDF loading on the three real reports (pdfplumber) and on broken, encrypted and scanned PDFs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers.pdfs import encrypted_pdf, image_only_pdf, text_pages_pdf, text_pdf, truncated
from helpers.reports import has_row_ending, report_path, table3_rows, table4_row

from ingest.errors import IngestError
from ingest.load import load, load_bytes
from ingest.records import RawDocument, TableBlock, TextBlock

MAX = 50 * 2**20
PDFS = ("huaian_city_2024.pdf", "hongze_district_2023.pdf", "hongze_district_2024.pdf")


@pytest.fixture(scope="module")
def docs() -> dict[str, RawDocument]:
    return {name: load(report_path(name), MAX) for name in PDFS}


@pytest.mark.parametrize("name", PDFS)
def test_every_table3_row_is_in_the_grids(docs: dict[str, RawDocument], name: str) -> None:
    doc = docs[name]
    assert doc.fmt == "pdf" and doc.encoding is None and len(doc.sha256) == 64
    missing = [row for row, values in table3_rows(name).items() if not has_row_ending(doc, values)]
    assert not missing


@pytest.mark.parametrize("name", PDFS)
def test_table4_values_keep_fifteen_columns(docs: dict[str, RawDocument], name: str) -> None:
    assert table4_row(name) in docs[name].tables[-1].grid


def test_huaian_new_received_row(docs: dict[str, RawDocument]) -> None:
    rows = [r for r in docs["huaian_city_2024.pdf"].tables[2].grid if r[0].startswith("一、本年新收")]
    assert rows == [("一、本年新收政府信息公开申请数量",) * 3 + ("3001", "53", "0", "0", "61", "4", "3119")]


def test_hongze_2023_table4_header_and_values_align(docs: dict[str, RawDocument]) -> None:
    grid = docs["hongze_district_2023.pdf"].tables[-1].grid
    assert grid[-1] == tuple("10 1 0 0 0 0 0 0 0 0 5 0 0 0 0".split())
    assert all(len(row) == 15 for row in grid)
    assert grid[1][5:10] == ("未经复议直接起诉",) * 5 and grid[1][10:] == ("复议后起诉",) * 5
    # A stray border cut 「行政诉讼」 in the drawing; it spans all ten litigation columns.
    assert grid[0] == ("行政复议",) * 5 + ("行政诉讼",) * 10


def test_merged_labels_carry_down(docs: dict[str, RawDocument]) -> None:
    grid = docs["huaian_city_2024.pdf"].tables[2].grid
    denied = [r for r in grid if r[2][:2] in {f"{i}." for i in range(1, 9)} and r[1] == "（三）不予公开"]
    assert len(denied) == 8 and all(r[0] == "三、本年度办理结果" for r in denied)
    assert grid[2][4:9] == ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")


@pytest.mark.parametrize(
    ("name", "page", "first_item"),
    [
        ("huaian_city_2024.pdf", 5, "2.没有现成信息需要另行制作"),  # label cut: 「（四）无」 / 「法提供」
        ("hongze_district_2023.pdf", 4, "3.补正后申请内容仍不明确"),  # label cell blank on page 4
        ("hongze_district_2024.pdf", 4, "2.没有现成信息需要另行制作"),
    ],
)
def test_table_continued_across_pages_keeps_its_labels(
    docs: dict[str, RawDocument], name: str, page: int, first_item: str
) -> None:
    tables = docs[name].tables
    cont = next(t for t in tables if t.page == page and t.grid[0][2] == first_item)
    before = tables[tables.index(cont) - 1]
    assert before.page == page - 1 and len(before.grid[0]) == len(cont.grid[0])
    assert cont.grid[0][:2] == ("三、本年度办理结果", "（四）无法提供")
    assert before.grid[-1][1] == "（四）无法提供"
    blocks = docs[name].blocks
    assert blocks.index(cont) == blocks.index(before) + 1  # consecutive: one stream for the parser


def test_cell_missing_a_border_is_not_lost(docs: dict[str, RawDocument]) -> None:
    """洪泽区2023 page 3: the 「信息内容」 cell has no top border in the drawing."""
    table = next(t for t in docs["hongze_district_2023.pdf"].tables if t.page == 3)
    assert table.grid[:2] == (("信息内容", "本年处理决定数量"), ("行政处罚", "4119"))


def test_table2_printed_rows(docs: dict[str, RawDocument]) -> None:
    table = docs["huaian_city_2024.pdf"].tables[0]
    assert table.printed[:3] == (("第二十条第（一）项",), ("信息内容", "本年制发件数", "本年废止件数", "现行有效件数"),
                                 ("规章", "1", "0", "11"))  # fmt: skip
    assert table.grid[6] == ("行政许可",) + ("447228",) * 3  # a value spanning columns repeats


@pytest.mark.parametrize(
    ("name", "sentence"),
    [
        ("hongze_district_2023.pdf", "2023年，我区在政府网站平台主动公开政府信息1136条。"),
        (
            "hongze_district_2024.pdf",
            "2024年，我区在政府网站平台主动发布各类政府信息2428条，公开政府常务会议7期，解读信息发布7条。",
        ),
        (
            "huaian_city_2024.pdf",
            "2024年，全市共受理政府信息公开申请3119件，答复3050件（含上年度结转申请34件，另有103件顺延到下年度答复），均在法定期限内予以答复。",
        ),
        # a paragraph running over a page break, and a comma that overflows its table cell
        ("hongze_district_2024.pdf", "健全工作机制、强化部门协同配合"),
        ("hongze_district_2024.pdf", "答复书模板，使各行政机关答复的方式"),
    ],
)
def test_prose_sentences_are_whole(docs: dict[str, RawDocument], name: str, sentence: str) -> None:
    assert sentence in docs[name].text


@pytest.mark.parametrize("name", PDFS)
def test_paragraphs_headings_and_page_numbers(docs: dict[str, RawDocument], name: str) -> None:
    texts = [b.text for b in docs[name].blocks if isinstance(b, TextBlock)]
    for heading in ("一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                    "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"):  # fmt: skip
        assert heading in texts
    assert not [t for t in texts if re.fullmatch(r"[-－—–]?\s*\d+\s*[-－—–]?", t)]
    assert not [t for t in texts if re.search(r"[\u4e00-\u9fff] [\u4e00-\u9fff0-9]|[0-9] [\u4e00-\u9fff]", t)]
    pages = [b.page for b in docs[name].blocks]
    assert pages == sorted(pages)  # reading order


@pytest.mark.parametrize("name", PDFS)
def test_table_text_is_not_repeated_as_prose(docs: dict[str, RawDocument], name: str) -> None:
    text = docs[name].text
    for phrase in ("本年新收政府信息公开申请数量", "属于国家秘密", "未经复议直接起诉", "本年制发件数"):
        assert phrase not in text


def test_prose_rows_inside_table_objects_are_text(docs: dict[str, RawDocument]) -> None:
    """洪泽区2024 page 2: prose lines and table 2 share one table object."""
    blocks = docs["hongze_district_2024.pdf"].blocks
    first_table = next(b for b in blocks if isinstance(b, TableBlock))
    before = blocks[blocks.index(first_table) - 1]
    assert isinstance(before, TextBlock) and before.text == "二、主动公开政府信息情况"
    assert first_table.page == 2 and first_table.grid[0][0] == "第二十条第（一）项"


def test_paragraphs_across_pages_without_running_heads() -> None:
    """Wrapped lines join, also over a page break; an indented or heading line or the line after a
    short one starts a paragraph; a header repeated on every page and page numbers are dropped."""
    full, indented = "x" * 60, "x" * 56

    def page(n: int, body: list[tuple[float, str]]) -> list[tuple[float, float, str]]:
        lines = [(250.0, 40.0, "CITY OFFICE"), (290.0, 810.0, f"- {n} -")]
        return lines + [(x, 100.0 + 18 * i, text) for i, (x, text) in enumerate(body)]

    data = text_pages_pdf(
        [
            page(1, [(96, "A" + indented[1:]), (72, full), (72, full)]),
            page(2, [(72, full), (72, "end."), (96, "B" + indented[1:]), (72, full)]),
            page(3, [(72, "tail.")]),
        ]
    )
    blocks = load_bytes(data, "latin.pdf").blocks
    assert blocks == (
        TextBlock(" ".join(["A" + indented[1:], full, full, full, "end."]), page=1),
        TextBlock(" ".join(["B" + indented[1:], full, "tail."]), page=2),
    )


def test_a_simple_text_pdf(tmp_path: Path) -> None:
    path = tmp_path / "latin.pdf"
    path.write_bytes(text_pdf("Annual report 2023"))
    assert load(path, MAX).text == "Annual report 2023"


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"hello, I am not a PDF at all", ["不是有效的PDF文件", "not a PDF", "b'hello, I am not "]),
        (b"PK\x03\x04" + b"\x00" * 40, ["不是有效的PDF文件", "ZIP"]),
        (image_only_pdf(), ["扫描件", "OCR"]),
        (encrypted_pdf(), ["加密", "password"]),
    ],
    ids=["junk", "zip", "scanned", "encrypted"],
)
def test_bad_pdfs(tmp_path: Path, data: bytes, words: list[str]) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    with pytest.raises(IngestError) as info:
        load(path, MAX)
    assert info.value.file == str(path)
    assert all(w in str(info.value) for w in words), str(info.value)


def test_truncated_pdf(tmp_path: Path) -> None:
    path = tmp_path / "half.pdf"
    path.write_bytes(truncated(report_path("hongze_district_2023.pdf").read_bytes()))
    with pytest.raises(IngestError, match="损坏或不完整"):
        load(path, MAX)


def test_load_bytes_names_the_upload() -> None:
    with pytest.raises(IngestError) as info:
        load_bytes(b"%PDF-1.4 garbage", "upload.pdf", MAX)
    assert info.value.file == "upload.pdf"
