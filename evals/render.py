"""A tiny document model (sections of text, tables, bar charts) rendered as Markdown and as one
self-contained HTML page with inline SVG charts: no CDN, no matplotlib, opens offline anywhere."""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass, field

COLORS = ("#2f6fb5", "#d08a2c", "#4f9a57", "#b5473c")


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]


@dataclass
class Chart:
    """Horizontal grouped bars: one group per label, one bar per series (None = not measured)."""

    title: str
    labels: list[str]
    series: dict[str, list[float | None]]
    percent: bool = True  # values are rates in [0, 1]


@dataclass
class Section:
    title: str
    blocks: list[str | Table | Chart] = field(default_factory=list)


# ---- Markdown ------------------------------------------------------------------------------------


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def to_markdown(title: str, sections: Sequence[Section]) -> str:
    out = [f"# {title}", ""]
    for section in sections:
        out += [f"## {section.title}", ""]
        for block in section.blocks:
            if isinstance(block, Table):
                out.append("| " + " | ".join(_md_cell(h) for h in block.header) + " |")
                out.append("|" + "---|" * len(block.header))
                out += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in block.rows]
            elif isinstance(block, Chart):
                continue  # the tables beside each chart carry the same figures
            else:
                out.append(block)
            out.append("")
    return "\n".join(out)


# ---- HTML + SVG ----------------------------------------------------------------------------------

CSS = """
body{font-family:"Noto Sans CJK SC","WenQuanYi Micro Hei","Microsoft YaHei",sans-serif;margin:2em auto;
max-width:1100px;color:#222;line-height:1.5;padding:0 1em}
h1{font-size:1.6em}h2{font-size:1.25em;border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:1.6em}
table{border-collapse:collapse;margin:.6em 0;font-size:.92em}
th,td{border:1px solid #ccc;padding:.25em .6em;text-align:left;vertical-align:top}
th{background:#f2f4f7}td.num{text-align:right;font-variant-numeric:tabular-nums}
figure{margin:.8em 0}figcaption{font-size:.9em;color:#555}p{margin:.4em 0}
"""


def svg_bars(chart: Chart, width: int = 680) -> str:
    label_w, bar_h, gap, value_w = 190, 16, 12, 70
    area = width - label_w - value_w
    names = list(chart.series)
    group_h = bar_h * len(names) + gap
    top = 28
    height = top + group_h * len(chart.labels) + 6
    finite = [v for vs in chart.series.values() for v in vs if v is not None]
    scale = 1.0 if chart.percent else max([*finite, 1e-9])
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" '
        f'aria-label="{html.escape(chart.title)}" font-size="12">'
    ]
    for i, name in enumerate(names):
        x = label_w + i * 150
        parts.append(f'<rect x="{x}" y="6" width="12" height="12" fill="{COLORS[i % len(COLORS)]}"/>')
        parts.append(f'<text x="{x + 16}" y="16">{html.escape(name)}</text>')
    for g, label in enumerate(chart.labels):
        y0 = top + g * group_h
        parts.append(
            f'<text x="{label_w - 6}" y="{y0 + group_h / 2}" text-anchor="end">{html.escape(label)}</text>'
        )
        for i, name in enumerate(names):
            value = chart.series[name][g]
            y = y0 + i * bar_h
            w = 0.0 if value is None else max(0.0, min(1.0, value / scale)) * area
            parts.append(
                f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{bar_h - 3}" '
                f'fill="{COLORS[i % len(COLORS)]}"><title>{html.escape(name)}</title></rect>'
            )
            shown = "—" if value is None else (f"{value:.1%}" if chart.percent else f"{value:g}")
            parts.append(f'<text x="{label_w + w + 4:.1f}" y="{y + bar_h - 5}">{shown}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _html_table(table: Table) -> str:
    def cell(text: str, tag: str) -> str:
        numeric = tag == "td" and text[:1].isdigit() and len(text) < 24
        return f"<{tag}{' class=num' if numeric else ''}>{html.escape(text)}</{tag}>"

    head = "".join(cell(h, "th") for h in table.header)
    body = "".join("<tr>" + "".join(cell(c, "td") for c in row) + "</tr>" for row in table.rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def to_html(title: str, sections: Sequence[Section]) -> str:
    out = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN"><head><meta charset="utf-8">',
        f"<title>{html.escape(title)}</title><style>{CSS}</style></head><body>",
        f"<h1>{html.escape(title)}</h1>",
    ]
    for section in sections:
        out.append(f"<h2>{html.escape(section.title)}</h2>")
        for block in section.blocks:
            if isinstance(block, Table):
                out.append(_html_table(block))
            elif isinstance(block, Chart):
                out.append(
                    f"<figure>{svg_bars(block)}<figcaption>{html.escape(block.title)}</figcaption></figure>"
                )
            else:
                out.append(f"<p>{html.escape(block)}</p>")
    out.append("</body></html>")
    return "\n".join(out)
