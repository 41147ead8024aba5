"""Text normalisation shared by every loader, and decoding of text bytes.

Why here: the parser must see the same text whatever the format. PDF text from Word puts spaces
around numbers ("2023 年", "1136 条"), HTML carries `&nbsp;` and `\\u3000` indents, Word exports
leave `[bookmark: _GoBack]`. No NFKC: full-width brackets such as （一） are part of the labels.
"""

from __future__ import annotations

import codecs
import re

import charset_normalizer

# Ideographs (BMP, extension A, compatibility, extensions B+) and CJK / full-width punctuation.
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff"
_CJK_PUNCT = (
    "\u3000-\u303f\uff00-\uffef\u2010-\u2027\u2030-\u205e\u00b7\u2e80-\u2eff\u31c0-\u31ef\ufe30-\ufe4f"
)
_WIDE = f"{_CJK}{_CJK_PUNCT}"

_ARTIFACTS = re.compile(r"\[bookmark:[^\]]*\]|[\u200b-\u200d\u2060\ufeff\u00ad]")
_SPACES = re.compile(r"[\s\u3000\u00a0\u2000-\u200a\u202f\u205f]+")
# A space with a wide character on one side and a wide character or digit on the other.
_WIDE_GAP = re.compile(rf"(?<=[{_WIDE}]) (?=[{_WIDE}0-9])|(?<=[{_WIDE}0-9]) (?=[{_WIDE}])")
_PERCENT_GAP = re.compile(r"(?<=[0-9]) (?=%)")
_LINE_BREAKS = re.compile(r"\r\n|[\r\n\u2028\u2029\x0b\x0c\x85]")

HEADING = re.compile(
    r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|第[一二三四五六七八九十]+[章节部分])"
)
NUMBER = re.compile(r"^[+-]?[0-9０-９][0-9０-９,，]*(?:[.．][0-9０-９]+)?[%％]?$")


def strip_artifacts(text: str) -> str:
    """Drop Word bookmarks and invisible characters (zero-width, soft hyphen, stray BOM)."""
    return _ARTIFACTS.sub("", text)


def normalize_text(text: str) -> str:
    """One paragraph: whitespace collapsed, spaces next to CJK text removed, Latin spaces kept."""
    text = _SPACES.sub(" ", strip_artifacts(text)).strip()
    text = _WIDE_GAP.sub("", text)
    return _PERCENT_GAP.sub("", text)


def normalize_cell(text: str) -> str:
    """A table cell: its printed line breaks carry no meaning ("商业\\n企业" is 商业企业)."""
    return normalize_text("".join(normalize_text(part) for part in _LINE_BREAKS.split(text)))


def is_number(text: str) -> bool:
    """A cell that prints a figure (used to tell value columns from label columns)."""
    return bool(NUMBER.match(text))


# ---- decoding ---------------------------------------------------------------------------------

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
# Names a page may declare, mapped to the codec that reads it; GB2312/GBK pages routinely contain
# characters outside their declared set, and GB18030 is the superset that reads them all.
_ALIASES = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "gb_2312-80": "gb18030",
    "cp936": "gb18030",
}


_MAX_DAMAGE = 0.005  # share of undecodable characters still read as damage rather than binary


class UndecodableError(ValueError):
    """Bytes that no supported encoding reads as text."""


def codec_for(label: str) -> str | None:
    """A codec name for a declared charset label, or None when Python does not know it."""
    label = label.strip().strip("\"'").lower()
    try:
        return codecs.lookup(_ALIASES.get(label, label)).name
    except LookupError:
        return None


def bom_encoding(data: bytes) -> str | None:
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    return None


def decode_bytes(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode text bytes: BOM, then a declared charset, then UTF-8, GB18030, then a guess.

    Strict decoding first because Chinese agencies publish both UTF-8 and GBK and a wrong guess
    produces plausible-looking mojibake; charset-normalizer is the last resort (Big5, UTF-16...).
    """
    candidates: list[str] = []
    bom = bom_encoding(data)
    if bom:
        candidates.append(bom)
    if declared and (codec := codec_for(declared)):
        candidates.append(codec)
    candidates += ["utf-8", "gb18030"]
    for codec in candidates:
        try:
            text = data.decode(codec)
        except (UnicodeDecodeError, LookupError):
            continue
        return text, codec
    # A few damaged bytes in an otherwise UTF-8 or GBK file: read it, marking the damage with U+FFFD.
    lossy = min(
        ((data.decode(c, errors="replace"), c) for c in candidates), key=lambda tc: tc[0].count("\ufffd")
    )
    if lossy[0].count("\ufffd") <= len(lossy[0]) * _MAX_DAMAGE:
        return lossy[0], f"{lossy[1]} (lossy)"
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        raise UndecodableError("no encoding reads these bytes")
    return str(best), best.encoding


def looks_binary(text: str) -> bool:
    """Decoded text with more than a trace of NUL or control characters is junk, not a report."""
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\x0c\x0b")
    return controls > max(4, len(text) // 200)
