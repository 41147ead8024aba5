"""Numbers as Chinese reports print them: table cells and Chinese numerals.

A blank cell and its printed stand-ins (`/`, `-`, `—`, `无`) are *null*, never 0: a citizen must be
told 「报告未填写该项」, not 「0件」.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal

from ingest.records import CellValue, Number

BLANK_MARKS = frozenset(
    {"", "/", "／", "\\", "-", "－", "—", "——", "–", "无", "空", "…", "...", "null", "NULL", "N/A"}
)

DIGITS = {"零": 0, "〇": 0, "○": 0, "Ｏ": 0, "一": 1, "壹": 1, "二": 2, "贰": 2, "两": 2, "俩": 2, "三": 3, "叁": 3,
          "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9}  # fmt: skip
SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
BIG_UNITS = {"万": 10_000, "亿": 100_000_000}
CHINESE_NUMERAL_CHARS = "".join(DIGITS) + "".join(SMALL_UNITS) + "".join(BIG_UNITS) + "点"

_FULLWIDTH = str.maketrans("０１２３４５６７８９，．％", "0123456789,.%")
_CELL_NUMBER = re.compile(r"^([+-]?)(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?$")
_CELL_UNIT_SUFFIX = re.compile(r"(件|条|个|项|次|人次|万元|元|%|％)$")


class NotANumber(ValueError):
    """A cell whose text is neither a number nor a blank mark."""


def normalize_digits(text: str) -> str:
    """Full-width digits and separators to ASCII."""
    return text.translate(_FULLWIDTH)


def as_number(value: Decimal | float | int) -> Number:
    """An int when the value is whole (so JSON prints 6, not 6.0), else a float."""
    d = Decimal(str(value)) if not isinstance(value, Decimal) else value
    if d == d.to_integral_value():
        return int(d)
    return float(d)


def exact_sum(values: Iterable[Number]) -> Number:
    """The sum as printed figures add up (96171.6 + 7545 + 58.59 = 103775.19, not 103775.19000000001)."""
    return as_number(sum((Decimal(str(v)) for v in values), Decimal(0)))


def plain(value: Number) -> str:
    """A number as a citizen reads it: 6, 58.59, 103775.19 (never 1.03775e+05, never cut to 6 digits)."""
    if isinstance(value, int):
        return str(value)
    return format(Decimal(str(round(value, 6))).normalize(), "f")


def parse_cell(text: str | None) -> CellValue:
    """Parse a printed table cell: '1,234' -> 1234, '58.59' -> 58.59, '/' or '' -> None.

    Raises NotANumber for text that is neither (a label that drifted into a value column).
    """
    if text is None:
        return None
    s = normalize_digits(re.sub(r"\s+", "", text))
    if s in BLANK_MARKS:
        return None
    s = _CELL_UNIT_SUFFIX.sub("", s)
    m = _CELL_NUMBER.match(s)
    if m:
        sign, whole, frac = m.groups()
        return as_number(Decimal(f"{sign}{whole.replace(',', '')}{frac or ''}"))
    if s and all(ch in CHINESE_NUMERAL_CHARS for ch in s):
        return chinese_to_number(s)
    raise NotANumber(text)


def is_cell_number(text: str | None) -> bool:
    try:
        return parse_cell(text) is not None
    except NotANumber:
        return False


def is_blank_mark(text: str | None) -> bool:
    return text is None or normalize_digits(re.sub(r"\s+", "", text)) in BLANK_MARKS


def _parse_section(s: str) -> int:
    """An integer below 10,000 written with 十百千 (or digit by digit).

    Strict, because prose is full of numeral characters that are not numbers: 「十四五」 and 「五十六七」
    (two digits in a row) or 「十百」 (units out of order) raise NotANumber instead of parsing to
    15 or 57. A last digit straight after 百/千 is the colloquial short form: 两千三 = 2300,
    一百五 = 150 (not 2003, 105).
    """
    if not s:
        return 0
    if all(ch in DIGITS for ch in s):
        # 二〇二四 / 三零五 : positional digits
        return int("".join(str(DIGITS[ch]) for ch in s))
    total, digit, last_unit = 0, None, 100_000
    for ch in s:
        if ch in DIGITS:
            if digit:  # a non-zero digit already waits for its unit: 十四五, 五六十
                raise NotANumber(s)
            digit = DIGITS[ch]
        elif ch in SMALL_UNITS:
            unit = SMALL_UNITS[ch]
            if unit >= last_unit or digit == 0:  # 十百, 零十
                raise NotANumber(s)
            total += (1 if digit is None else digit) * unit
            digit, last_unit = None, unit
        else:
            raise NotANumber(s)
    if digit is not None:
        short_form = last_unit >= 100 and s[-2] in SMALL_UNITS  # no 零 between: 两千三, 一百五
        total += digit * (last_unit // 10 if short_form else 1)
    return total


def chinese_to_number(text: str) -> Number:
    """'两千三百' -> 2300, '十五' -> 15, '一万零五' -> 10005, '三十三点三' -> 33.3, '二〇二四' -> 2024.

    Also the colloquial short forms '两千三' -> 2300 and '一万五' -> 15000; raises NotANumber on
    malformed runs ('十四五', '十百').
    """
    s = text.strip()
    if not s:
        raise NotANumber(text)
    if "点" in s:
        whole, _, frac = s.partition("点")
        if not frac or not all(ch in DIGITS for ch in frac):
            raise NotANumber(text)
        int_part = chinese_to_number(whole) if whole else 0
        return as_number(Decimal(f"{int_part}.{''.join(str(DIGITS[ch]) for ch in frac)}"))
    total, big = 0, 0
    rest = s
    for unit_char, unit_value in (("亿", BIG_UNITS["亿"]), ("万", BIG_UNITS["万"])):
        if unit_char in rest:
            head, _, rest = rest.partition(unit_char)
            head_value = chinese_to_number(head) if head else 1
            total += int(head_value) * unit_value
            big = unit_value
    if big and len(rest) == 1 and DIGITS.get(rest):
        return total + DIGITS[rest] * big // 10  # 一万五 = 15000, 三亿五 = 350,000,000
    return total + _parse_section(rest)


_CN_DIGITS = "零一二三四五六七八九"


def _section_to_chinese(n: int) -> str:
    """0 < n < 10000 to Chinese with 千百十 (zeros collapsed: 1005 -> 一千零五)."""
    out: list[str] = []
    zero = False
    for unit_value, unit_char in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d = n // unit_value % 10
        if d == 0:
            zero = bool(out)
            continue
        if zero:
            out.append("零")
            zero = False
        out.append(_CN_DIGITS[d] + unit_char)
    return "".join(out)


def number_to_chinese(value: Number) -> str:
    """1234 -> 一千二百三十四, 15 -> 十五, 33.3 -> 三十三点三 (the inverse of chinese_to_number)."""
    d = Decimal(str(value))
    if d < 0:
        raise ValueError("negative numbers are not written in reports' prose")
    whole = int(d)
    frac = str(d).split(".")[1].rstrip("0") if "." in str(d) else ""
    if whole == 0:
        text = "零"
    else:
        yi, wan, ones = whole // 100_000_000, whole // 10_000 % 10_000, whole % 10_000
        parts: list[str] = []
        if yi:
            parts.append(number_to_chinese(yi) + "亿")
        for section, unit_char in ((wan, "万"), (ones, "")):
            if section == 0:
                continue
            if parts and (section < 1000 or parts[-1] == "零"):
                parts.append("零")
            parts.append(_section_to_chinese(section) + unit_char)
        if yi and wan == 0 and ones and ones >= 1000:
            parts.insert(1, "零")
        text = "".join(parts)
        if text.startswith("一十"):
            text = text[1:]  # 十五, 十万: not 一十五
    if frac:
        text += "点" + "".join(_CN_DIGITS[int(ch)] for ch in frac)
    return text
