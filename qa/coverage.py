"""What explained each span of a question (design §4 `query.coverage`), and the reading an answer
states (按「……」理解). Particles and the domain's own nouns (的, 政府信息公开) are not content and are left
out; a span nothing explains is listed with `explained_by: null`."""

from __future__ import annotations

from collections.abc import Sequence

from ingest import schema
from ingest.metrics import default_denominator
from qa.frame import Frame
from qa.queries import (
    Change,
    Compare,
    Coverage,
    Listing,
    Lookup,
    Operation,
    Ranking,
    Share,
    TablePart,
    Total,
)
from qa.tag import Tag

ITEM_NAMES = {
    "row": "表三行",
    "column": "表三列",
    "rate": "比率",
    "review_group": "表四",
    "review_outcome": "表四结果",
    "proactive_row": "表二行",
    "proactive_column": "表二栏",
    "ambiguous": "项目",
}
WORD_NAMES = {
    "operation": "运算",
    "quantity": "问数量",
    "unit": "单位",
    "relative_year": "相对年份",
    "period": "平均",
    "topic": "正文话题",
    "beyond": "表格不提供",
    "ask_what": "问内容",
    "explain": "问含义",
    "opinion": "问评价",
    "scope": "范围",
    "courtesy": "礼貌用语",
    "approx": "约数",
}
SILENT = ("filler", "connector", "negation")


def _explained(tag: Tag) -> str | None:
    if tag.agency is not None:
        mention = tag.agency
        if mention.resolved:
            return f"机关：{mention.resolved}"
        if len(mention.agencies) > 1:
            return f"机关（不明确）：{'、'.join(mention.agencies)}"
        return f"机关：{mention.what}（库中没有其报告）"
    if tag.year is not None:
        year = tag.year
        if year.kind == "recent":
            return f"年份：最近{year.count}年"
        return "年份：" + (
            "—".join(str(y) for y in year.years) if year.kind == "range" else "、".join(map(str, year.years))
        )
    if tag.kind == "count":
        return f"范围：{tag.value}个机关"
    if tag.kind == "title":
        return "标题：正文检索词"
    if tag.kind == "enum" or tag.entry is None:
        return "列举数"
    label = tag.entry.label or tag.entry.key
    if tag.kind == "item":
        return f"{ITEM_NAMES.get(tag.role, '项目')}：{label}"
    return f"{WORD_NAMES.get(tag.role, tag.role)}：{tag.entry.key}"


def coverage_of(frame: Frame) -> tuple[Coverage, ...]:
    """Every content span in order: tags by what they name, gaps as unexplained."""
    spans: list[tuple[int, Coverage]] = [
        (t.start, Coverage(t.text, _explained(t))) for t in frame.tagging.tags if t.role not in SILENT
    ]
    spans += [(g.start, Coverage(g.text, None)) for g in frame.gaps]
    spans += [(t.start, Coverage(t.text, None)) for t in (*frame.unused, *frame.negations)]
    return tuple(c for _, c in sorted(spans, key=lambda sc: sc[0]))


def with_prose(coverage: Sequence[Coverage]) -> tuple[Coverage, ...]:
    """In a prose answer, the words no table explains are looked up in the reports' text."""
    return tuple(Coverage(c.span, c.explained_by or "正文检索词") for c in coverage)


def _who(part: TablePart) -> str:
    by_agency: dict[str, list[int]] = {}
    for report in part.reports:
        by_agency.setdefault(report.agency, []).append(report.year)
    return "、".join(f"{a}{'、'.join(str(y) for y in sorted(ys))}年" for a, ys in by_agency.items())


def _what(op: Operation) -> str:
    match op:
        case Lookup(item=item, period=period):
            return f"「{item.label}」" + (f"平均每{period}" if period else "")
        case Share(part=part, whole=whole):
            whole = whole or default_denominator(part)
            return f"「{part.label}」占「{whole.label if whole else '？'}」的比例"
        case Change(item=item, answer=answer, ratio=ratio):
            what = {"amount": "的变化", "growth": "的增长率", "times": "的倍数"}[answer]
            return f"「{item.label}」{'比例' if ratio else ''}{what}"
        case Compare(first=first, second=second, answer=answer):
            return f"「{first.label}」与「{second.label}」{'之差' if answer == 'gap' else '的倍数'}"
        case Total(item=item):
            return f"「{item.label}」合计"
        case Ranking(item=item, ratio=ratio, order=order):
            return f"按「{item.label}」{'比例' if ratio else ''}{'从多到少' if order == 'more' else '从少到多'}排列"
        case Listing(items=items, table2_rows=rows):
            named = [f"「{m.label}」" for m in items] + [
                f"表二「{schema.PROACTIVE_ROW_BY_KEY[r].label}」各栏" for r in rows
            ]
            return "、".join(named) + "分别列出"
    return ""


def reading_label(parts: Sequence[TablePart]) -> str:
    """「淮安市人民政府2024年「予以公开（法律服务机构）」」: who, when and what, part by part."""
    return "；".join(f"{_who(p)}{_what(p.operation)}" for p in parts)
