"""When no standard table is read: say what was looked for and what was found instead, and tell an
annual report whose tables cannot be read (kept for its prose) from a file that is no annual report.

Why: 「未找到标准表格」 alone leaves a user nothing to act on; 「12 lines with | separators, none matched
表三's row labels」 says the tables are there in a layout we did not read.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ingest.parse.labels import best_label
from ingest.records import Finding, RawDocument, Section, TableBlock, TextBlock
from ingest.schema import APPLICATION_ROWS

LOOKED_FOR = (
    "表二（第二十条…「信息内容」表头下的规章、行政许可等行）、表三（「申请人情况/自然人」表头下以七个数字结尾的"
    "办理结果行）、表四（「行政复议/行政诉讼」表头下的十五个数字）"
)
_MIN_SECTIONS = 3  # an annual report shows at least this many of its six section headings


def is_annual_report(title: str, sections: Sequence[Section]) -> bool:
    """A title that says 年度报告 and the report's own section headings."""
    named = {s.key for s in sections if s.key != "preamble"}
    return ("年度报告" in title or "年报" in title) and len(named) >= _MIN_SECTIONS


def what_was_found(doc: RawDocument) -> str:
    """The table-like content of a document, counted: table blocks and rows, how many rows read like
    a table-3 row, and prose lines with | or TAB separators or wide gaps."""
    tables = [b for b in doc.blocks if isinstance(b, TableBlock)]
    rows = [r for t in tables for r in t.grid]
    labelled = sum(1 for r in rows if any(best_label(c, APPLICATION_ROWS, threshold=0.8) for c in r if c))
    texts = [b.text for b in doc.blocks if isinstance(b, TextBlock)]
    piped = sum(1 for t in texts if re.search(r"[|｜]", t))
    tabbed = sum(1 for t in texts if "\t" in t)
    parts = [f"{len(tables)}个表格共{len(rows)}行，其中{labelled}行与表三的行标签相符"]
    if piped:
        parts.append(f"正文中{piped}行含“|”分隔符，未能组成表格")
    if tabbed:
        parts.append(f"正文中{tabbed}行含TAB分隔")
    return "；".join(parts)


def unreadable_finding(doc: RawDocument) -> Finding:
    """The finding of a report kept for its prose only."""
    return Finding(
        "R0",
        "error",
        f"未能读取标准表格（表二/表三/表四），本报告仅按正文入库，表格数字无法回答。查找了：{LOOKED_FOR}；找到：{what_was_found(doc)}",
        (),
        "parse_failure",
    )
