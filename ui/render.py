"""An answer (the `ask --json` object) as HTML for the chat and the archive, and as plain text.

Everything that came from a user or a report goes through `esc`: HTML-escaped, and markdown's
active characters turned into entities, because the chat renders markdown before HTML. A
`<script>` question therefore shows as the text «<script>». Nothing here decides anything: the
verdicts, formulas and sources are the checker's; this only lays them out.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from typing import Any

BADGES = {
    "supported": ("✓ 已核对", "nb-ok"),
    "contradicted": ("✗ 与表格不符", "nb-bad"),
    "unsupported": ("⚠ 未能核实", "nb-warn"),
}
# A figure the checker found in a quoted sentence of the report's prose, not in the table cells: the
# quote is exact, but the number is the report's words, not a verified cell. Beside a table figure, a
# quoted figure is the prose disagreeing with the table (the answer says so): a warning.
QUOTE_BADGE = ("❝ 引自正文", "nb-quote")
DISSENT_BADGE = ("⚠ 正文另称", "nb-dissent")
TABLE_KINDS = ("cell", "derivation")
QUOTE_CHARS = 40  # a longer quote is folded: long quotes must not push the answer out of a phone's view
MODE_NAMES = {"structured": "按表格计算", "extractive": "摘自年报原文", "llm": "大模型润色（数字已核对）"}
VERDICT_NAMES = {
    "verified": "全部核对",
    "unverified": "有未能核实的数字",
    "contradicted": "有与表格不符的数字",
    "refused": "无法回答",
    "no_figures": "无数字",
}
_MD_ACTIVE = str.maketrans(
    {c: f"&#{ord(c)};" for c in "\\`*_{}[]()#+-.!|~$^:"}
)  # markdown / latex syntax -> literal characters


def esc(text: object) -> str:
    """Text safe to put into the chat's markdown+HTML, shown exactly as typed (newlines kept)."""
    escaped = html.escape("" if text is None else str(text), quote=True)
    return escaped.translate(_MD_ACTIVE).replace("\n", "<br>")


def number(value: object) -> str:
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    return "—" if value is None else str(value)


def _cell_lines(cells: Iterable[Mapping[str, Any]]) -> list[str]:
    out = []
    for cell in cells:
        value = "空白" if cell.get("value") is None else number(cell.get("value"))
        where = f"（{esc(cell['position'])}）" if cell.get("position") else ""
        out.append(f"<li><code>{esc(cell.get('path', ''))}</code> = {esc(value)}{where}</li>")
    return out


def source_html(source: Mapping[str, Any]) -> str:
    """Where a figure comes from: the cell path and value, the derivation, or the quote."""
    kind = source.get("kind")
    parts: list[str] = []
    if source.get("agency"):
        parts.append(
            f"<div>{esc(source['agency'])} {esc(source.get('year', ''))}年 · {esc(source.get('report', ''))}</div>"
        )
    if kind == "quote":
        parts.append(f"<div>引文：「{esc(source.get('quote', ''))}」</div>")
    elif kind in ("cell", "derivation"):
        label = "表格单元格" if kind == "cell" else "计算"
        parts.append(f"<div>{label}：<code>{esc(source.get('formula', ''))}</code></div>")
        cells = _cell_lines(source.get("cells") or [])
        if cells and kind == "derivation":
            parts.append("<ul>" + "".join(cells) + "</ul>")
        elif cells:
            parts.append("<ul>" + cells[0] + "</ul>")
        if source.get("note"):
            parts.append(f"<div>注：{esc(source['note'])}</div>")
    if source.get("approx"):
        parts.append(f"<div>约数（「{esc(source['approx'])}」）：表格中的确数在其所示范围内</div>")
    if source.get("claim"):
        parts.append(f"<div>所指项目：{esc(source['claim'])}</div>")
    for expected in source.get("expected") or []:
        parts.append("<div>表格中为：</div>" + source_html(expected))
    if source.get("why"):
        parts.append(f"<div>{esc(source['why'])}</div>")
    return "".join(parts)


def _tooltip(source: Mapping[str, Any]) -> str:
    """A one-line hover text: the cell path = value, or the formula, or the quote."""
    cells = source.get("cells") or []
    if source.get("kind") == "cell" and cells:
        return f"{cells[0].get('path', '')} = {number(cells[0].get('value'))}"
    if source.get("formula"):
        return str(source["formula"])
    return str(source.get("quote") or source.get("why") or source.get("claim") or "")[:200]


def badge(figure: Mapping[str, Any], beside_table: bool) -> tuple[str, str]:
    """The badge text and style: the checker's verdict, except that a supported figure quoted from
    the prose is marked as a quote (a warning when table figures stand beside it)."""
    source = figure.get("source") or {}
    if figure.get("verdict") == "supported" and source.get("kind") == "quote":
        return DISSENT_BADGE if beside_table else QUOTE_BADGE
    return BADGES.get(str(figure.get("verdict")), ("?", "nb-warn"))


def figure_html(figure: Mapping[str, Any], beside_table: bool = False) -> str:
    badge_text, css = badge(figure, beside_table)
    source = figure.get("source") or {}
    tip = html.escape(_tooltip(source), quote=True)
    return (
        f'<details class="nb-fig {css}"><summary><span class="nb-badge {css}" title="{tip}">{badge_text}</span>'
        f" <b>{esc(figure.get('text', ''))}</b></summary>"
        f'<div class="nb-src">{source_html(source)}</div></details>'
    )


def citation_html(citation: Mapping[str, Any]) -> str:
    """One source; a long quote shows its first words and unfolds on a click."""
    head = f"<b>{esc(citation.get('agency', ''))} {esc(citation.get('year', ''))}年</b> · {esc(citation.get('section', ''))}"
    quote = str(citation.get("quote", ""))
    file = f' <span class="nb-file">（{esc(citation.get("report", ""))}）</span>'
    if len(quote) <= QUOTE_CHARS:
        return f"<li>{head} · 「{esc(quote)}」{file}</li>"
    return (
        f'<li><details class="nb-cite"><summary>{head} · 「{esc(quote[:QUOTE_CHARS])}…」</summary>'
        f'<div class="nb-quote">「{esc(quote)}」{file}</div></details></li>'
    )


def answer_html(answer: Mapping[str, Any], text: str | None = None, final: bool = True) -> str:
    """The whole answer card. `text` (a prefix of the answer) and `final=False` draw it mid-stream."""
    body = esc(answer.get("answer", "") if text is None else text)
    parts = ['<div class="nb-answer">']
    if not answer.get("answerable", True):
        asks_back = bool((answer.get("query") or {}).get("clarification"))
        label = "请补充信息" if asks_back else "无法根据已载入的年报回答"
        parts.append(f'<div class="nb-refusal">⚠ {label}</div>')
    parts.append(f'<div class="nb-text">{body}{"" if final else " ▍"}</div>')
    if final:
        figures = answer.get("figures") or []
        if figures:
            beside_table = any((f.get("source") or {}).get("kind") in TABLE_KINDS for f in figures)
            parts.append('<div class="nb-figures"><div class="nb-h">数字核对（点击展开来源）</div>')
            parts.extend(figure_html(f, beside_table) for f in figures)
            parts.append("</div>")
        if answer.get("derivation") and answer.get("primary_figure"):
            parts.append(f'<div class="nb-deriv">计算依据：<code>{esc(answer["derivation"])}</code></div>')
        citations = answer.get("citations") or []
        if citations:
            parts.append('<div class="nb-sources"><div class="nb-h">来源</div><ul>')
            parts.extend(citation_html(c) for c in citations)
            parts.append("</ul></div>")
        for note in answer.get("assumptions") or []:
            parts.append(f'<div class="nb-note">说明：{esc(note)}</div>')
        parts.append(f'<div class="nb-meta">{meta_line(answer)}</div>')
    parts.append("</div>")
    return "".join(parts)


def meta_line(answer: Mapping[str, Any]) -> str:
    """How the answer was made and how long it took; a refusal computed nothing, so no mode."""
    mode = MODE_NAMES.get(str(answer.get("mode")), str(answer.get("mode", "")))
    latency = answer.get("latency_ms")
    parts = [mode] if answer.get("answerable", True) and mode else []
    if isinstance(latency, int | float):
        parts.append(f"用时 {_duration(latency)}")
    return esc(" · ".join(parts))


def _duration(ms: float) -> str:
    return f"{ms:.0f} 毫秒" if ms < 1000 else f"{ms / 1000:.1f} 秒"


def notice_html(message: str, kind: str = "warn") -> str:
    """A friendly one-line message in the chat (empty question, too long, rate limited, error)."""
    return f'<div class="nb-answer"><div class="nb-notice nb-{kind}">{esc(message)}</div></div>'


def sources_line(answer: Mapping[str, Any], limit: int = 3) -> str:
    """The short plain-text 来源 line of the OpenAI-compatible reply."""
    items = []
    for c in (answer.get("citations") or [])[:limit]:
        quote = str(c.get("quote", ""))
        quote = quote if len(quote) <= 60 else quote[:60] + "…"
        items.append(
            f"{c.get('agency', '')}{c.get('year', '')}年《{c.get('report', '')}》{c.get('section', '')}：{quote}"
        )
    return "来源：" + "；".join(items) if items else ""


def answer_plain(answer: Mapping[str, Any]) -> str:
    """Answer text plus the 来源 line, for chat front-ends that show plain text."""
    line = sources_line(answer)
    return f"{answer.get('answer', '')}\n\n{line}" if line else str(answer.get("answer", ""))
