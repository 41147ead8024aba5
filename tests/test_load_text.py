"""Plain-text loading: the seed format (TAB cells, blank-line rows) in every encoding agencies use."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.documents import SEED
from helpers.reports import SEED_KEY, has_row_ending, report_path, table3_rows, table4_row

from ingest.errors import IngestError
from ingest.load import load
from ingest.records import RawDocument, TableBlock, TextBlock

MAX = 50 * 2**20


@pytest.fixture(scope="module")
def seed() -> RawDocument:
    return load(SEED, MAX)


def test_seed_blocks(seed: RawDocument) -> None:
    assert seed.fmt == "txt" and seed.encoding == "utf-8"
    assert len(seed.tables) == 3
    assert seed.blocks[0] == TextBlock("高青县公安局")
    assert "（二）依申请公开" in seed.text.splitlines()  # a leading space is still prose
    assert "2024年共收到政府信息公开申请6件" in seed.text


def test_seed_is_the_corpus_copy() -> None:
    assert report_path(SEED_KEY).read_bytes() == SEED.read_bytes()


def test_seed_table3_rows_as_they_come(seed: RawDocument) -> None:
    missing = [row for row, values in table3_rows(SEED_KEY).items() if not has_row_ending(seed, values)]
    assert not missing
    grid = seed.tables[1].grid
    assert grid[2] == (
        "",
        "",
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
        "",
    )  # wrapped cells
    assert grid[7] == ("", "（三）不予公开", "1.属于国家秘密", "0", "0", "0", "0", "0", "0", "0")
    assert grid[8] == ("", "", "2.其他法律行政法规禁止公开", "0", "0", "0", "0", "0", "0", "0")
    assert {len(r) for r in grid[3:]} == {8, 9, 10}  # not padded
    assert seed.tables[1].printed == grid


def test_seed_table2_and_table4(seed: RawDocument) -> None:
    t2 = seed.tables[0].grid
    assert t2[0] == ("第二十条第（一）项",)
    assert t2[2] == ("规章", "0", "0", "0")  # [bookmark: _GoBack] stripped
    assert ("行政事业性收费", "58.59") in t2
    t4 = seed.tables[2].grid
    assert t4[1][:3] == ("结果维持", "结果纠正", "其他结果")
    assert t4[-1] == table4_row(SEED_KEY)


@pytest.mark.parametrize(
    ("encoding", "recorded", "extra"),
    [
        ("utf-8-sig", "utf-8-sig", ""),
        ("gbk", "gb18030", ""),
        ("gb18030", "gb18030", "𠮷€"),  # characters GBK cannot encode
        ("utf-16", "utf-16", ""),
    ],
)
def test_encodings(tmp_path: Path, seed: RawDocument, encoding: str, recorded: str, extra: str) -> None:
    text = SEED.read_text(encoding="utf-8").replace("高青县公安局\n", f"高青县公安局{extra}\n", 1)
    path = tmp_path / "seed.txt"
    path.write_bytes(text.encode(encoding))
    doc = load(path, MAX)
    assert doc.encoding == recorded
    assert doc.blocks[0] == TextBlock(f"高青县公安局{extra}")
    assert doc.blocks[1:] == seed.blocks[1:]


def test_crlf_and_one_line_rows(tmp_path: Path) -> None:
    path = tmp_path / "rows.txt"
    lines = ["二、主动公开政府信息情况", "信息内容\t本年制发件数\t本年废止件数\t现行有效件数", "规章\t0\t0\t0", "",
             "\t行政规范性文件\t1\t2\t3", "三、收到和处理政府信息公开申请情况", "\t结果", "纠正", "\t0", "", "\t尾"]  # fmt: skip
    path.write_bytes("\r\n".join(lines).encode("utf-8"))
    blocks = load(path, MAX).blocks
    assert blocks[0] == TextBlock("二、主动公开政府信息情况")
    assert isinstance(blocks[1], TableBlock)
    assert blocks[1].grid == (("信息内容", "本年制发件数", "本年废止件数", "现行有效件数"), ("规章", "0", "0", "0"),
                              ("行政规范性文件", "1", "2", "3"))  # fmt: skip
    assert blocks[2] == TextBlock("三、收到和处理政府信息公开申请情况")
    assert blocks[3] == TableBlock(grid=(("结果纠正", "0"), ("尾",)), printed=(("结果纠正", "0"), ("尾",)))


def test_prose_right_after_a_table_is_not_a_cell(tmp_path: Path) -> None:
    path = tmp_path / "after.txt"
    path.write_text("\t规章\n\t0\n五、存在的主要问题及改进情况\n", encoding="utf-8")
    blocks = load(path, MAX).blocks
    assert blocks[-1] == TextBlock("五、存在的主要问题及改进情况")


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (bytes(range(256)) * 8, ["二进制", "binary"]),
        (b"\x00\x01\x02\x03junk\x00" * 50, ["二进制", "binary"]),
        (b"%PDF-1.7\n" + b"\x00" * 30, ["不是纯文本文件", "PDF"]),
        ("\u3000\u3000\n\t\n".encode(), ["文件为空", "empty"]),
        (b"[bookmark: _GoBack]\n\n", ["没有可读取的正文"]),
        (bytes(range(128, 256)) * 8, ["无法识别文本编码", "undecodable"]),
    ],
    ids=["random-bytes", "nul-bytes", "pdf-named-txt", "only-blanks", "only-artifacts", "high-bytes"],
)
def test_not_text(tmp_path: Path, data: bytes, words: list[str]) -> None:
    path = tmp_path / "report.txt"
    path.write_bytes(data)
    with pytest.raises(IngestError) as info:
        load(path, MAX)
    assert all(w in str(info.value) for w in words), str(info.value)
