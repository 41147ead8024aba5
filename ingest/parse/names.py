"""The agency's names as the report itself gives them, and the CMS labels that are never part of one.

Why: citizens name an agency the way its report does (「北京市科委」 for 北京市科学技术委员会, 「洪泽区人民政府」
for 淮安市洪泽区人民政府), and a portal page prints CMS metadata («标题：…», «发布机构：…») right above the
title. The canonical name stays the title's (completed with its region); the other names are those the
report uses for the same body: the title's own form, its 「（以下简称“……”）」 short names, the CMS
«发布机构» field, and the signature. A name of another body (the 办公室 that compiled the report, the
portal «XX人民政府门户网站») is not an alias.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

# Labels a CMS prints in front of a published report (metadata, never a name).
CMS_LABELS = ("标题", "题名", "名称", "索引号", "发布机构", "发文机关", "发布单位", "信息来源", "来源", "发布日期",
              "发布时间", "成文日期", "生成日期", "公开日期", "文号", "发文字号", "主题分类", "主题词", "所属主题",
              "信息分类", "体裁分类", "组配分类", "服务对象分类", "有效性", "公开方式", "公开范围", "公开形式",
              "浏览次数", "点击数", "作者", "责任部门", "字号")  # fmt: skip
_CMS = re.compile(r"[【\[]?(" + "|".join(sorted(CMS_LABELS, key=len, reverse=True)) + r")[】\]]?\s*[:：]")
_PUBLISHER_LABELS = ("发布机构", "发文机关", "发布单位", "信息来源", "来源")
_ORG_SUFFIX = re.compile(
    r"(?:人民政府|政府|委员会|委|办公室|办公厅|办|局|厅|部|署|院|中心|所|队|站|会|处|司|馆|社|集团|街道办事处|管理处)$"
)
_SHORT_NAME = re.compile(r"[（(](?:以下|下)简称[:：]?[“\"「『]?([^”\"」』（）()，,。]{2,20})[”\"」』]?[）)]")
_CLAUSE_START = re.compile(r".*[，,。；;：:、《》“”\"（）()\s]")
_LEADING_WORDS = re.compile(r"^(?:本报告由|本报告|根据|由|经|为|我们|我)")
_MAX_NAME = 40
_SUBJECT_LINES = 40


_SUBJECT = re.compile(
    r"^(?:(?:19|20)\d{2}|[〇零一二三四五六七八九]{4})年度?[，,]\s*([\u4e00-\u9fff]{2,30}?"
    r"(?:人民政府|委员会|办公厅|办公室|局|厅|委|院|中心|支队|大队))"
)
_SUBJECT_TAIL = ("办公厅", "办公室")


def looks_like_name(name: str) -> bool:
    """A body's name ends like one (人民政府, 局, 委员会 …); 「本」 cut from 「本年度报告…」 does not."""
    return 2 <= len(name) <= _MAX_NAME and bool(_ORG_SUFFIX.search(name))


def overview_subject(lines: Sequence[str]) -> str:
    """The body a report's first sentence is about (「2019年，上海市人民政府办公厅坚持…」): the agency when
    the title was not printed (a page whose title lives only in its <title>)."""
    for line in lines[:_SUBJECT_LINES]:
        text = re.sub(r"\s+", "", line)
        m = _SUBJECT.match(text)
        if m:
            name, rest = m.group(1), text[m.end() :]
            for tail in _SUBJECT_TAIL:
                if rest.startswith(tail):
                    name += tail
            return name
    return ""


def cms_fields(lines: Iterable[str]) -> dict[str, str]:
    """«label: value» pairs of the CMS header lines (several may share a line)."""
    fields: dict[str, str] = {}
    for line in lines:
        marks = list(_CMS.finditer(line))
        for k, m in enumerate(marks):
            end = marks[k + 1].start() if k + 1 < len(marks) else len(line)
            fields.setdefault(m.group(1), line[m.end() : end].strip(" \u3000|｜"))
    return fields


def cms_table_lines(grid: Sequence[Sequence[str]]) -> list[str]:
    """A portal's metadata table (label cell, value cell: «发布机构：» | «XX局») as «label value» lines, so
    its fields read like a text header; [] for any other table."""
    cells = [c for row in grid for c in row]
    if not any(_CMS.fullmatch(c.strip()) for c in cells):
        return []
    return [" ".join(dict.fromkeys(c.strip() for c in row if c.strip())) for row in grid]


_BREADCRUMB = re.compile(r"^[^>＞»›]{1,20}(?:\s*[>＞»›]\s*[^>＞»›]{1,30}){2,}$")


def is_breadcrumb(line: str) -> bool:
    """A portal's navigation trail (「首页 > 政务公开 > 政府信息公开年报」): never the report's title."""
    return bool(_BREADCRUMB.match(line.strip()))


def strip_cms(line: str) -> str:
    """A line without its CMS labels: «标题：X» is X; a line of metadata only is ""."""
    marks = list(_CMS.finditer(line))
    if not marks:
        return line
    if marks[0].group(1) in ("标题", "题名", "名称") and len(marks) == 1:
        return line[marks[0].end() :].strip()
    return ""


def publisher(fields: dict[str, str]) -> str:
    """The CMS 发布机构 (or 来源) when it reads as one body's name."""
    for label in _PUBLISHER_LABELS:
        value = re.sub(r"\s+", "", fields.get(label, ""))
        if value and len(value) <= _MAX_NAME and _ORG_SUFFIX.search(value):
            return value
    return ""


def same_body(name: str, canonical: str) -> bool:
    """Whether `name` names the canonical agency: the same name with or without its region prefix
    (「洪泽区人民政府」 / 「淮安市洪泽区人民政府」)."""
    if not name or not canonical:
        return False
    return name != canonical and (canonical.endswith(name) or name.endswith(canonical)) and len(name) >= 4


def definitions(text: str) -> list[tuple[str, str]]:
    """(full name, short name) of each 「X（以下简称“Y”）」: X is the words before the parenthesis in
    its clause (「本报告由」 and the like dropped)."""
    out = []
    for line in text.splitlines():
        for m in _SHORT_NAME.finditer(line):
            before = _CLAUSE_START.sub("", line[: m.start()])
            out.append((_LEADING_WORDS.sub("", before)[-_MAX_NAME:], m.group(1)))
    return out


def short_names(text: str, names: Sequence[str]) -> list[str]:
    """「X（以下简称“Y”）」 where X is one of `names`: Y is another name of the agency."""
    return [
        short for full, short in definitions(text) if any(full == n or full.endswith(n) for n in names if n)
    ]


def full_name(short: str, text: str) -> str:
    """The full name a report defines for the short name its title uses (「芜湖市镜湖区教育体育局
    （以下简称“区教体局”）」 for a title 「区教体局2021年…」), or ""."""
    return next((full for full, name in definitions(text) if name == short and looks_like_name(full)), "")


def signature(lines: Sequence[str]) -> list[str]:
    """The names signing the report: short lines at its end that end like a body's name."""
    out = []
    for line in lines[-4:]:
        name = re.sub(r"\s+", "", line)
        if 4 <= len(name) <= _MAX_NAME and _ORG_SUFFIX.search(name):
            out.append(name)
    return out


def aliases(
    canonical: str, title_agency: str, text: str, lines: Sequence[str], fields: dict[str, str]
) -> tuple[str, ...]:
    """The other names of the canonical agency that the report uses, in the order found."""
    candidates = [title_agency, publisher(fields), *signature(lines)]
    found = [n for n in candidates if same_body(n, canonical)]
    found += short_names(text, [canonical, *found])
    return tuple(dict.fromkeys(n for n in found if n and n != canonical))
