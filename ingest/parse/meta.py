"""Report metadata: agency, statistics year, title, region and level.

The year is the statistics year (「2024年政府信息公开工作年度报告」, 「统计期限自2024年1月1日」), never the
publication date. The agency is the title's, completed with its parent region when the text names it
(title 「洪泽区人民政府」, text 「淮安市洪泽区人民政府办公室」 -> 淮安市洪泽区人民政府).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from ingest.numerals import chinese_to_number
from ingest.parse.names import (
    aliases,
    cms_fields,
    full_name,
    is_breadcrumb,
    looks_like_name,
    overview_subject,
    publisher,
    strip_cms,
)
from ingest.records import ReportMeta

_YEAR = r"((?:19|20)\d{2}|[〇零一二三四五六七八九]{4})"
_TITLE_TAIL = re.compile(r"(?:政府信息公开|政务公开)?(?:工作)?年度?报告.*$|政府信息公开工作年报.*$")
_TITLE_YEAR = re.compile(_YEAR + r"\s*年度?")
_PERIOD_YEAR = re.compile(
    r"(?:统计期限|统计时限|统计期间|数据统计)[^。]{0,8}?" + _YEAR + r"\s*年\s*1\s*月\s*1\s*日"
)
_LEADING_YEAR = re.compile(r"^\s*" + _YEAR + r"\s*年[，,]")
_PUBLISH_DATE = re.compile(
    r"(?:发布日期|发布时间|成文日期|发文日期)[:：]\s*(\d{4}[-./年]\d{1,2}[-./月]\d{1,2}日?)"
)
_PLACE = re.compile(
    r"^((?:[\u4e00-\u9fff]{2,7}?(?:省|自治区|市|自治州|州|盟|地区|县|区|旗|新区|开发区|镇|乡|街道))+)"
)
# Characters that end a sentence fragment rather than begin a place name (「本报告由淮安市…」).
_NOT_IN_PLACE = set("由在的和与请对向本报告据及为了是将从按经于各全我该其")
_MUNICIPALITIES = ("北京市", "天津市", "上海市", "重庆市")


def _year_value(text: str) -> int | None:
    value = int(text) if text.isdigit() else int(chinese_to_number(text))
    return value if 1990 <= value <= 2100 else None


_TITLE_END = re.compile(r"(?:年度报告|年报)[)）]?$")
_HEAD_LINES = 12  # a portal page prints a CMS header (索引号, 发布机构 …) above the title


def find_title(lines: Sequence[str]) -> str:
    """The line ending in 年度报告 near the top (with the line before it when the title wraps), CMS
    labels removed; else the first line that says 年度报告."""
    head = [
        t for t in (strip_cms(line.strip()) for line in lines[:_HEAD_LINES]) if t and not is_breadcrumb(t)
    ]
    for ends in (True, False):
        for i, line in enumerate(head):
            if _TITLE_END.search(line) if ends else ("年度报告" in line or "年报" in line):
                before = head[i - 1] if i else ""
                wrapped = (
                    before
                    and len(before) <= 30
                    and not _TITLE_END.search(before)
                    and not before.endswith("。")
                )
                return before + line if wrapped else line
    return head[0] if head else ""


def find_year(title: str, text: str) -> int | None:
    for pattern, source in ((_TITLE_YEAR, title), (_PERIOD_YEAR, text), (_LEADING_YEAR, text)):
        for m in pattern.finditer(source):
            year = _year_value(m.group(1))
            if year:
                return year
    leading = re.search(r"(?m)^\s*" + _YEAR + r"\s*年", text)
    return _year_value(leading.group(1)) if leading else None


def agency_from_title(title: str) -> str:
    name = re.sub(r"\s+", "", title)
    name = _TITLE_TAIL.sub("", name)
    name = _TITLE_YEAR.sub("", name)
    return name.strip('《》“”"（）()—-_:：')


def complete_agency(agency: str, text: str) -> str:
    """Prefix the parent region the text gives right before the agency's name, if any."""
    if not agency:
        return agency
    compact_text = re.sub(r"\s+", "", text)
    candidates: Counter[str] = Counter()
    for m in re.finditer(re.escape(agency), compact_text):
        before = compact_text[max(0, m.start() - 8) : m.start()]
        for length in range(len(before), 1, -1):
            prefix = before[-length:]
            if _NOT_IN_PLACE & set(prefix) or not _PLACE.fullmatch(prefix):
                continue
            if prefix.endswith(("省", "自治区", "市", "自治州", "州", "盟", "地区")):
                candidates[prefix + agency] += 1
                break
    if not candidates:
        return agency
    return max(candidates, key=lambda name: (candidates[name], len(name)))


def region_and_level(agency: str) -> tuple[str | None, str | None]:
    m = _PLACE.match(agency)
    if not m:
        return None, None
    region = m.group(1)
    if (region.startswith(_MUNICIPALITIES) and region in _MUNICIPALITIES) or region.endswith(
        ("省", "自治区")
    ):
        level = "省级"
    elif region.endswith(("镇", "乡", "街道")):
        level = "乡级"
    elif region.endswith(("县", "区", "旗", "新区", "开发区")):
        level = "县级"
    else:
        level = "市级"
    return region, level


def parse_meta(lines: Sequence[str], text: str) -> ReportMeta:
    fields = cms_fields(lines[:_HEAD_LINES])
    title = find_title(lines)
    year = find_year(title, text) or 0
    title_agency = agency_from_title(title)
    if not looks_like_name(title_agency):
        title_agency = publisher(fields) or overview_subject(lines)
    agency = complete_agency(full_name(title_agency, text) or title_agency, text)
    region, level = region_and_level(agency)
    m = _PUBLISH_DATE.search(text)
    return ReportMeta(
        agency=agency,
        year=year,
        title=re.sub(r"\s+", "", title),
        region=region,
        level=level,
        publish_date=m.group(1) if m else None,
        aliases=aliases(agency, title_agency, text, lines, fields),
    )
