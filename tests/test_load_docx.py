"""Word loading: body order, merged cells (vMerge, gridSpan) expanded, junk refused."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from helpers.documents import docx_in_a_frame, docx_with_merged_cells

from ingest.errors import IngestError
from ingest.load import load
from ingest.records import RawDocument, TableBlock, TextBlock

MAX = 50 * 2**20


@pytest.fixture()
def doc(tmp_path: Path) -> RawDocument:
    return load(docx_with_merged_cells(tmp_path / "report.docx"), MAX)


def test_body_order(doc: RawDocument) -> None:
    kinds = [type(b).__name__ for b in doc.blocks]
    assert kinds == ["TextBlock"] * 4 + ["TableBlock", "TextBlock", "TableBlock", "TextBlock"]
    assert doc.blocks[1] == TextBlock("一、总体情况")
    assert doc.blocks[2] == TextBlock("2023年，我县主动公开政府信息1136条。")
    assert doc.fmt == "docx" and doc.encoding is None


def test_merged_cells_expanded(doc: RawDocument) -> None:
    table = doc.blocks[4]
    assert isinstance(table, TableBlock)
    assert table.grid == (
        ("（本列数据的勾稽关系）",) * 2 + ("申请人情况",) * 2 + ("总计",),
        ("（三）不予公开", "1.属于国家秘密", "1", "0", "1"),  # two paragraphs in one cell: one label
        ("（三）不予公开", "2.其他法律行政法规禁止公开", "0", "", "0"),
        ("（三）不予公开", "3.危及“三安全一稳定”", "2", "1", "3"),
        ("（四）无法提供", "1.本机关不掌握相关政府信息", "4", "0", "4"),
        ("（四）无法提供", "2.没有现成信息需要另行制作", "0", "0", "0"),
    )
    assert table.printed[0] == ("（本列数据的勾稽关系）", "申请人情况", "总计")
    assert table.printed[2] == ("2.其他法律行政法规禁止公开", "0", "", "0")


def test_section_row_of_table2(doc: RawDocument) -> None:
    table = doc.blocks[6]
    assert isinstance(table, TableBlock)
    assert table.printed == (("第二十条第（一）项",), ("信息内容", "本年制发件数", "本年废止件数", "现行有效件数"),
                             ("规章", "13", "0", "524"))  # fmt: skip
    assert table.grid[0] == ("第二十条第（一）项",) * 4


def test_frame_table_is_read_as_body(tmp_path: Path) -> None:
    doc = load(docx_in_a_frame(tmp_path / "framed.docx"), MAX)
    assert doc.blocks == (
        TextBlock("一、总体情况"),
        TextBlock("本年度共收到申请6件。"),
        TableBlock(
            grid=(("行政许可", "8320"), ("行政处罚", "597")),
            printed=(("行政许可", "8320"), ("行政处罚", "597")),
        ),
        TextBlock("二、主动公开政府信息情况"),
    )


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        for name, data in files.items():
            z.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"this is not a word document", ["不是有效的Word文档", "not a zip"]),
        (_zip({"hello.txt": b"hi"}), ["不是有效的Word文档", "not a Word document"]),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, [".doc", "另存为"]),
        (b"PK\x03\x04 truncated zip", ["不是有效的Word文档"]),
    ],
    ids=["junk", "zip-not-word", "legacy-doc", "broken-zip"],
)
def test_bad_docx(tmp_path: Path, data: bytes, words: list[str]) -> None:
    path = tmp_path / "report.docx"
    path.write_bytes(data)
    with pytest.raises(IngestError) as info:
        load(path, MAX)
    assert all(w in str(info.value) for w in words), str(info.value)
