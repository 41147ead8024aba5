"""Whitespace normalisation and decoding shared by every loader."""

from __future__ import annotations

import pytest

from ingest.load.normalize import UndecodableError, decode_bytes, is_number, normalize_cell, normalize_text


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("2023 年，我区主动公开政府信息 1136 条。", "2023年，我区主动公开政府信息1136条。"),
        ("\u3000\u3000（一）主动公开", "（一）主动公开"),  # full-width brackets kept (no NFKC)
        ("号 ， 邮 编 ： 223100 ， 电 话", "号，邮编：223100，电话"),
        ("健康发展 。", "健康发展。"),
        ("Open  Government\u00a0Data 报告", "Open Government Data 报告"),
        ("占 33.3 %", "占33.3%"),
        ("[bookmark: _GoBack]规章\u200b", "规章"),
        ("总 计", "总计"),
        ("１２３件", "１２３件"),  # full-width digits left as printed
        ("2023 2024", "2023 2024"),
    ],
)
def test_normalize_text(raw: str, clean: str) -> None:
    assert normalize_text(raw) == clean


def test_normalize_cell_drops_line_breaks() -> None:
    assert normalize_cell("本年新\r\n制作数量") == "本年新制作数量"
    assert normalize_cell("商业\n企业") == "商业企业"
    assert normalize_cell("三\n、\n本\n年") == "三、本年"
    assert normalize_cell("\u00a0") == ""


def test_is_number() -> None:
    assert all(is_number(s) for s in ("0", "3119", "7730.28", "1,234", "33.3%", "１２"))
    assert not any(is_number(s) for s in ("", "无", "/", "1.属于国家秘密", "251000元"))


def test_decode_bytes() -> None:
    text = "政府信息公开工作年度报告"
    assert decode_bytes(text.encode("utf-8")) == (text, "utf-8")
    assert decode_bytes(text.encode("utf-8-sig")) == (text, "utf-8-sig")
    assert decode_bytes(text.encode("gbk")) == (text, "gb18030")
    assert decode_bytes(text.encode("gbk"), declared="GB2312") == (text, "gb18030")
    assert decode_bytes("政府資訊公開".encode("big5"), declared="big5") == ("政府資訊公開", "big5")
    with pytest.raises(UndecodableError):
        decode_bytes(bytes(range(128, 256)) * 4)
