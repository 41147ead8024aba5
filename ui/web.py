"""The gradio Blocks of the web page: a header with the login state and the tabs of one's role.

The theme names installed system fonts only (no Google Fonts, no CDN): the page must work offline.
The page is served with the chat tab only; on page load the header shows who is signed in and the
tabs of that role appear (staff: all; evaluators: 评测). The handlers themselves check the session again.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

import gradio as gr

from ui.auth import EVAL_ROLES, STAFF_ROLES, User
from ui.gates import Gate, current_user
from ui.tab_archive import build_archive_tab
from ui.tab_eval import build_eval_tab
from ui.tab_public import build_public_tab
from ui.tab_reports import build_reports_tab
from ui.tab_stats import build_stats_tab

if TYPE_CHECKING:
    from ui.context import AppContext

CJK_FONTS = [
    "WenQuanYi Micro Hei",
    "Noto Sans CJK SC",
    "Microsoft YaHei",
    "PingFang SC",
    "system-ui",
    "sans-serif",
]
MONO_FONTS = ["WenQuanYi Micro Hei Mono", "Noto Sans Mono CJK SC", "ui-monospace", "Consolas", "monospace"]
THEME = gr.themes.Default(primary_hue="orange", font=CJK_FONTS, font_mono=MONO_FONTS)
TITLE = "政府信息公开年报问答"

CSS = """
.nb-header{display:flex;justify-content:space-between;align-items:center;gap:1rem;flex-wrap:wrap}
.nb-header h1{margin:0;font-size:1.45rem}
.nb-header .nb-sub{color:var(--body-text-color-subdued);font-size:.9rem}
.nb-user a{margin-left:.6rem}
.nb-answer{line-height:1.65}
.nb-answer .nb-h{font-weight:600;margin:.5rem 0 .2rem;font-size:.9rem;color:var(--body-text-color-subdued)}
.nb-fig{margin:.15rem 0;padding:.1rem .4rem;border-radius:6px;border:1px solid var(--border-color-primary)}
.nb-fig summary{cursor:pointer}
.nb-badge{display:inline-block;padding:0 .45rem;border-radius:999px;font-size:.85rem;font-weight:600}
.nb-ok .nb-badge,.nb-badge.nb-ok{background:#dcfce7;color:#166534}
.nb-bad .nb-badge,.nb-badge.nb-bad{background:#fee2e2;color:#991b1b}
.nb-warn .nb-badge,.nb-badge.nb-warn{background:#fef3c7;color:#92400e}
.nb-quote .nb-badge,.nb-badge.nb-quote{background:#e0f2fe;color:#075985}
.nb-dissent .nb-badge,.nb-badge.nb-dissent{background:#ffedd5;color:#9a3412;border:1px solid #fdba74}
.nb-cite summary{cursor:pointer;list-style-position:outside}
.nb-cite .nb-quote{margin:.2rem 0 .3rem;font-size:.85rem}
.nb-fit table{table-layout:fixed;width:100%}
.nb-fit th,.nb-fit td{overflow-wrap:anywhere;white-space:normal}
.nb-src{font-size:.88rem;padding:.3rem .2rem;color:var(--body-text-color-subdued)}
.nb-src ul,.nb-sources ul{margin:.2rem 0 .2rem 1.2rem;padding:0}
.nb-refusal{font-weight:600;color:#92400e;background:#fef3c7;border-radius:6px;padding:.2rem .5rem;margin-bottom:.3rem;display:inline-block}
.nb-notice{padding:.3rem .6rem;border-radius:6px}
.nb-notice.nb-warn{background:#fef3c7;color:#92400e}
.nb-notice.nb-error{background:#fee2e2;color:#991b1b}
.nb-notice.nb-info{color:var(--body-text-color-subdued)}
.nb-note,.nb-meta,.nb-deriv{font-size:.85rem;color:var(--body-text-color-subdued);margin-top:.25rem}
.nb-file{font-size:.8rem;color:var(--body-text-color-subdued)}
.nb-table{border-collapse:collapse;width:100%;font-size:.9rem}
.nb-table th,.nb-table td{border:1px solid var(--border-color-primary);padding:.25rem .45rem;text-align:left}
.nb-table td.num{text-align:right;font-variant-numeric:tabular-nums}
.nb-gloss-all dt{font-weight:600;margin-top:.4rem}
.nb-gloss-all dd{margin:0 0 0 .8rem;font-size:.9rem}
.nb-official table{border-collapse:collapse;margin:.4rem 0 1rem;font-size:.82rem}
.nb-official td,.nb-official th{border:1px solid #999;padding:.2rem .35rem;text-align:center}
.nb-official caption{font-weight:600;text-align:left;padding:.3rem 0}
.nb-findings .sev-error{color:#991b1b;font-weight:600}
.nb-findings .sev-warning{color:#92400e;font-weight:600}
.nb-findings .sev-pass{color:#166534}
.nb-json{font-size:.8rem;max-height:28rem;overflow:auto;white-space:pre-wrap}
"""


def header_html(user: User | None) -> str:
    if user is None:
        who = '<a href="/login?next=/">工作人员登录</a>'
    else:
        who = f'已登录：{html.escape(user.label)}<a href="/logout">退出</a>'
    return (
        f'<div class="nb-header"><div><h1>{TITLE}</h1>'
        '<div class="nb-sub">依据各机关《政府信息公开工作年度报告》作答，每个数字都与年报表格核对</div></div>'
        f'<div class="nb-user" id="nb-user">{who}</div></div>'
    )


EventRoles = dict[int, frozenset[str] | None]  # gradio fn_index -> roles allowed to start it (None: anyone)


def build_blocks(ctx: AppContext) -> tuple[gr.Blocks, EventRoles]:
    """The page, and who may start each of its events: every event a tab's builder registers gets
    the tab's roles, so `ui.guard` can refuse a caller before gradio reads the event's inputs."""
    restricted: dict[int, frozenset[str]] = {}
    with gr.Blocks(title=TITLE, analytics_enabled=False) as demo:
        header = gr.HTML(header_html(None), elem_id="nb-header")
        gates: list[Gate] = []
        with gr.Tabs():
            with gr.Tab("公众问答", id="public", elem_id="tab-public"):
                public_outputs, public_load = build_public_tab(ctx)
            tabs = (
                ("答复档案", "archive", build_archive_tab, STAFF_ROLES),
                ("依申请公开统计", "stats", build_stats_tab, STAFF_ROLES),
                ("年报管理", "reports", build_reports_tab, STAFF_ROLES),
                ("评测", "eval", build_eval_tab, EVAL_ROLES),
            )
            for title, key, builder, roles in tabs:
                with gr.Tab(title, id=key, elem_id=f"tab-{key}", visible=False) as tab:
                    body = gr.Column(visible=False)
                    gate = Gate(roles, tab, body)
                    before = set(demo.fns)
                    with body:
                        builder(ctx, gate)
                    restricted.update(dict.fromkeys(set(demo.fns) - before, roles))
                    gates.append(gate)

        def on_load(request: gr.Request) -> list[Any]:
            user = current_user(ctx, request)
            values: list[Any] = [header_html(user), *public_load()]
            for g in gates:
                values.extend(g.show(user))
            return values

        outputs = [header, *public_outputs] + [c for g in gates for c in g.outputs()]
        demo.load(on_load, None, outputs, api_visibility="private")
    return demo, {fn: restricted.get(fn) for fn in demo.fns}
