"""公众问答: the public chat (no login), example questions from the store, the data scope, the glossary.

The answer is computed whole by `QAService.ask` (a second or two), then revealed progressively so the
citizen sees it arrive; the final message carries the per-figure verification badges and the sources.
"""

from __future__ import annotations

import html
import logging
import time
from collections import defaultdict
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import gradio as gr

from ingest.records import StoredReport
from qa.glossary import GLOSSARY
from ui.context import QuestionError, RateLimited
from ui.gates import client_ip
from ui.render import answer_html, esc, notice_html
from ui.suggest import suggested_questions

if TYPE_CHECKING:
    from ui.context import AppContext

log = logging.getLogger(__name__)

Messages = list[dict[str, Any]]
_TEMPLATES = (
    "{a}{y}年收到多少件信息公开申请？",
    "{a}{y}年予以公开的申请有多少？",
    "{a}{y}年不予公开的申请占办理总数的比例是多少？",
    "{a}{y}年行政复议有多少件？",
)
_STREAM_STEPS = 12


def example_questions(reports: list[StoredReport], limit: int = 8) -> list[str]:
    """Template questions over the stored reports — each agency's latest year, agencies taken in turn
    (newest first) so the examples cover several of them — a year comparison where an agency has two
    years, and one glossary question."""
    by_agency: dict[str, list[int]] = defaultdict(list)
    for r in reports:
        by_agency[r.agency].append(r.year)
    agencies = sorted(by_agency, key=lambda a: (-max(by_agency[a]), a))
    out: list[str] = []
    for template in _TEMPLATES:
        out += [template.format(a=a, y=max(by_agency[a])) for a in agencies]
    compare = [
        f"{a}{max(by_agency[a])}年比{max(by_agency[a]) - 1}年多收到多少件信息公开申请？"
        for a in agencies
        if max(by_agency[a]) - 1 in by_agency[a]
    ]
    picked = out[: max(0, limit - 1 - min(1, len(compare)))] + compare[:1]
    return [*picked, "不予公开和无法提供有什么区别？"]


def scope_html(reports: list[StoredReport]) -> str:
    """Which agencies and years are loaded: what the service can answer about."""
    if not reports:
        return '<div class="nb-scope">库中暂无年报。工作人员可在「年报管理」中上传。</div>'
    by_agency: dict[str, list[int]] = defaultdict(list)
    for r in reports:
        by_agency[r.agency].append(r.year)
    rows = "".join(
        f"<tr><td>{html.escape(a)}</td><td>{'、'.join(f'{y}年' for y in sorted(set(ys)))}</td></tr>"
        for a, ys in sorted(by_agency.items())
    )
    return (
        f'<div class="nb-scope"><p>已载入 {len(reports)} 份年报（{len(by_agency)} 个机关）。'
        "提问时请写明机关和年份。</p>"
        f'<table class="nb-table"><thead><tr><th>机关</th><th>年度</th></tr></thead><tbody>{rows}</tbody></table></div>'
    )


def glossary_html(term: str | None) -> str:
    if not term or term not in GLOSSARY:
        return '<div class="nb-gloss">选择一个术语查看解释。</div>'
    return f'<div class="nb-gloss"><b>{html.escape(term)}</b>：{html.escape(GLOSSARY[term])}</div>'


def _shown_question(question: str) -> str:
    return esc(question if len(question) <= 200 else f"{question[:200]}…（共{len(question)}字）")


def respond(ctx: AppContext, message: str, history: Messages | None, client: str) -> Iterator[Messages]:
    """The chat turn as a stream of message lists (the last one is final)."""
    history = list(history or [])
    question = (message or "").strip()
    if not question:
        yield [*history, {"role": "assistant", "content": notice_html("请输入问题，例如右侧的示例问题。")}]
        return
    history.append({"role": "user", "content": _shown_question(question)})
    history.append({"role": "assistant", "content": notice_html("正在查阅年报……", "info")})
    yield history
    try:
        data = ctx.ask(question, client, channel="web").to_json()
    except (RateLimited, QuestionError) as exc:
        history[-1] = {"role": "assistant", "content": notice_html(str(exc))}
        yield history
        return
    except Exception:  # the page shows a message, never a traceback; the log keeps it
        log.exception("answering %r failed", question[:100])
        history[-1] = {
            "role": "assistant",
            "content": notice_html("抱歉，服务暂时出错，请稍后再试。", "error"),
        }
        yield history
        return
    text = str(data.get("answer", ""))
    step = max(2, len(text) // _STREAM_STEPS)
    for end in range(step, len(text), step):
        history[-1] = {"role": "assistant", "content": answer_html(data, text[:end], final=False)}
        yield history
        time.sleep(0.02)
    history[-1] = {"role": "assistant", "content": answer_html(data)}
    suggestions = suggested_questions(data)
    if suggestions:  # 「您是不是想问……」 as buttons: a click asks the corrected question
        history[-1]["options"] = [{"value": q, "label": f"改问：{q}"} for q in suggestions]
    yield history


def build_public_tab(ctx: AppContext) -> tuple[list[gr.components.Component], Any]:
    """Lay out the tab; returns (outputs refreshed on page load, their loader)."""
    with gr.Row(equal_height=False):
        with gr.Column(scale=3):
            chatbot = gr.Chatbot(
                label="问答",
                show_label=False,  # a floating label would cover the first message
                elem_id="nb-chat",
                height=560,
                feedback_options=None,
                latex_delimiters=[],
                sanitize_html=True,
                buttons=["copy", "copy_all"],
                placeholder="<b>您好！</b>可以询问各机关政府信息公开工作年度报告中的数字与内容，"
                "每个数字都会与年报表格核对。",
            )
            with gr.Row():
                question = gr.Textbox(
                    show_label=False,
                    placeholder=f"输入问题（{ctx.settings.max_question_chars}字以内），例如：某机关2024年收到多少件信息公开申请？",
                    elem_id="nb-question",
                    scale=5,
                    lines=1,
                    max_lines=4,
                    autofocus=True,
                )
                send = gr.Button("提问", variant="primary", scale=1, elem_id="nb-send")
            clear = gr.Button("清空对话", size="sm", variant="secondary")
            examples = gr.Dataset(
                label="示例问题（点击填入）",
                components=[gr.Textbox(visible=False)],
                samples=[],
                elem_id="nb-examples",
                samples_per_page=8,
            )
        with gr.Column(scale=2):
            with gr.Accordion("数据范围", open=True):
                scope = gr.HTML(elem_id="nb-scope")
            with gr.Accordion("术语解释", open=True):
                term = gr.Dropdown(
                    choices=list(GLOSSARY), label="这些类别是什么意思？", value=None, elem_id="nb-term"
                )
                gloss = gr.HTML(glossary_html(None))
            with gr.Accordion("全部术语", open=False):
                gr.HTML(
                    '<dl class="nb-gloss-all">'
                    + "".join(
                        f"<dt>{html.escape(k)}</dt><dd>{html.escape(v)}</dd>" for k, v in GLOSSARY.items()
                    )
                    + "</dl>"
                )

    def chat(message: str, history: Messages, request: gr.Request) -> Iterator[tuple[Messages, str]]:
        for messages in respond(ctx, message, history, client_ip(request)):
            yield messages, ""

    for trigger in (question.submit, send.click):
        trigger(
            chat,
            [question, chatbot],
            [chatbot, question],
            api_visibility="private",
            show_progress="minimal",
        )

    def chat_suggested(
        history: Messages, evt: gr.SelectData, request: gr.Request
    ) -> Iterator[tuple[Messages, str]]:
        yield from chat(str(evt.value or ""), history, request)

    chatbot.option_select(
        chat_suggested, [chatbot], [chatbot, question], api_visibility="private", show_progress="minimal"
    )
    clear.click(lambda: ([], ""), None, [chatbot, question], api_visibility="private")
    examples.click(
        lambda sample: sample[0] if sample else "", [examples], [question], api_visibility="private"
    )
    term.change(glossary_html, [term], [gloss], api_visibility="private")

    def load() -> list[Any]:
        reports = ctx.stores.sql.list_reports()
        samples = [[q] for q in example_questions(reports)]
        return [gr.Dataset(samples=samples), scope_html(reports)]

    return [examples, scope], load
