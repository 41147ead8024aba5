"""Answer cards: badges per verdict, provenance, and everything user- or report-supplied escaped."""

from __future__ import annotations

from typing import Any

from ui.render import answer_html, answer_plain, esc, notice_html, sources_line

HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(2)>"


def answer(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "question": "某局2024年收到多少件申请？",
        "answer": "某局2024年共收到申请6件，其中予以公开2件。",
        "answerable": True,
        "primary_figure": {"value": 6, "unit": "件"},
        "figures": [
            {"text": "6件", "value": 6, "unit": "件", "verdict": "supported",
             "source": {"kind": "cell", "formula": "表三/一/总计", "report": "a.txt", "agency": "某局", "year": 2024,
                        "cells": [{"path": "表三/一/总计", "value": 6, "raw_text": "6", "position": "表格2第4行第8列"}]}},
            {"text": "2件", "value": 2, "unit": "件", "verdict": "contradicted",
             "source": {"kind": "cell", "claim": "予以公开（总计）",
                        "expected": [{"kind": "cell", "formula": "表三/三/（一）/总计", "cells": []}]}},
            {"text": "3%", "value": 3, "unit": "%", "verdict": "unsupported",
             "source": {"kind": "none", "why": "表格与引文中都找不到这个数字"}},
        ],
        "citations": [{"report": "a.txt", "agency": "某局", "year": 2024, "section": "一、总体情况", "quote": "共收到申请6件"}],
        "mode": "structured",
        "latency_ms": 12.0,
        "derivation": "表三/一/总计",
        "assumptions": [],
        "query": {"intent": "lookup", "clarification": None},
    }  # fmt: skip
    data.update(changes)
    return data


def test_badges_for_each_verdict_with_hover_and_sources() -> None:
    page = answer_html(answer())
    assert "✓ 已核对" in page and "✗ 与表格不符" in page and "⚠ 未能核实" in page
    assert 'title="表三/一/总计 = 6"' in page
    assert "表格2第4行第8列" in page and "表格中为" in page and "一、总体情况" in page
    assert "用时 12 毫秒" in page


def test_refusals_and_clarifications_are_labelled() -> None:
    refused = answer_html(answer(answerable=False, figures=[], primary_figure=None, answer="年报中没有……"))
    assert "无法根据已载入的年报回答" in refused
    asks_back = answer_html(answer(answerable=False, figures=[], query={"clarification": "哪个机关？"}))
    assert "请补充信息" in asks_back


def test_user_and_report_text_is_escaped() -> None:
    data = answer(answer=HOSTILE + "**粗体** [链接](http://x) $x$", citations=[
        {"report": HOSTILE, "agency": HOSTILE, "year": 2024, "section": HOSTILE, "quote": HOSTILE}])  # fmt: skip
    page = answer_html(data)
    assert "<script" not in page and "<img" not in page and "**" not in page and "](" not in page
    assert "&lt;script&gt;" in page
    assert "<" not in esc("<b>") and esc("a\nb") == "a<br>b"
    assert "<script" not in notice_html(HOSTILE)


def test_streaming_frames_show_a_cursor_and_no_figures_yet() -> None:
    frame = answer_html(answer(), text="某局2024年", final=False)
    assert "▍" in frame and "nb-figures" not in frame and "nb-meta" not in frame


def test_plain_text_for_openai_clients() -> None:
    text = answer_plain(answer())
    assert text.startswith("某局2024年共收到申请6件")
    assert "来源：某局2024年《a.txt》一、总体情况：共收到申请6件" in text
    assert sources_line(answer(citations=[])) == ""


def quoted(value: int, text: str) -> dict[str, Any]:
    return {"text": text, "value": value, "unit": "件", "verdict": "supported",
            "source": {"kind": "quote", "quote": f"正文称受理申请{text}"}}  # fmt: skip


def test_a_quoted_figure_is_not_a_verified_cell() -> None:
    """Alone (a prose answer) it is 「引自正文」; beside table figures (the prose disagreeing with the
    table) it is a warning; never the green 「✓ 已核对」 of a cell."""
    prose = answer_html(answer(mode="extractive", figures=[quoted(17, "17件")]))
    assert "❝ 引自正文" in prose and "✓ 已核对" not in prose and "nb-quote" in prose
    table = answer(figures=[answer()["figures"][0], quoted(17, "17件")])
    page = answer_html(table)
    assert page.count("✓ 已核对") == 1 and "⚠ 正文另称" in page and "nb-dissent" in page


def test_refusals_name_no_mode() -> None:
    refused = answer_html(answer(answerable=False, figures=[], primary_figure=None, answer="库中没有……"))
    assert "按表格计算" not in refused and "用时 12 毫秒" in refused


def test_long_quotes_fold() -> None:
    long = "区政府办代表区政府受理政府信息公开申请17件，均已在法定期限内予以答复，" * 3
    page = answer_html(answer(citations=[{"agency": "某局", "year": 2024, "section": "一", "quote": long}]))
    assert '<details class="nb-cite">' in page and "…」</summary>" in page and esc(long) in page


def test_suggestions_become_questions() -> None:
    from ui.suggest import suggested_questions

    typo = {
        "question": "淮南市2024年收到多少件申请？",
        "answer": "库中没有淮南市的报告。您是不是想问「淮安市」？",
    }
    assert suggested_questions(typo) == ["淮安市2024年收到多少件申请？"]
    listed = {**typo, "query": {"suggestions": ["淮安市2024年收到多少件申请？", {"text": "洪泽区"}]}}
    assert suggested_questions(listed) == ["淮安市2024年收到多少件申请？"]  # 洪泽区 is like no part of it
    assert suggested_questions({"question": "q", "answer": "无"}) == []
