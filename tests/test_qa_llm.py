"""LLM mode against a real OpenAI-compatible HTTP server on loopback with scripted replies.

The model's draft goes through the checker: a wrong figure gets one redraft, then the offline
composer answers. A figure the checker contradicts is never shown."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from ingest.config import Settings
from ingest.store import Stores
from qa.service import QAService

QUESTION = "高青县公安局2024年收到多少件信息公开申请？"


class ScriptedLLM:
    """Serves /v1/chat/completions, answering with the next scripted reply; records the requests."""

    def __init__(self) -> None:
        self.replies: list[str] = []
        self.requests: list[dict] = []
        script = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                script.requests.append(body)
                content = script.replies.pop(0) if script.replies else "（无）"
                payload = {
                    "id": "chatcmpl-test",
                    "object": "chat.completion",
                    "created": 0,
                    "model": body.get("model", "fake"),
                    "choices": [
                        {
                            "index": 0,
                            "message": {"role": "assistant", "content": content},
                            "finish_reason": "stop",
                        }
                    ],
                    "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
                }
                data = json.dumps(payload, ensure_ascii=False).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v1"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def llm() -> Iterator[ScriptedLLM]:
    server = ScriptedLLM()
    yield server
    server.server.shutdown()


def service_for(qa_store: tuple[Settings, Stores], url: str) -> QAService:
    settings, stores = qa_store
    return QAService(stores, replace(settings, llm_base_url=url, llm_model="fake-qwen", llm_timeout_s=10))


def test_llm_wording_is_used_when_its_figures_check_out(
    qa_store: tuple[Settings, Stores], llm: ScriptedLLM
) -> None:
    llm.replies = ["根据表三，高青县公安局2024年本年新收政府信息公开申请共6件。"]
    answer = service_for(qa_store, llm.url).ask(QUESTION, record=False)
    assert answer.mode == "llm" and answer.answer.startswith("根据表三")
    assert [f.verdict for f in answer.figures] == ["supported"]
    assert answer.primary_figure == {"value": 6, "unit": "件"}
    prompt = json.dumps(llm.requests[0], ensure_ascii=False)
    assert "本年新收政府信息公开申请（总计）：6件" in prompt  # the exact cell went to the model


def test_wrong_figure_gets_one_redraft(qa_store: tuple[Settings, Stores], llm: ScriptedLLM) -> None:
    llm.replies = [
        "高青县公安局2024年本年新收政府信息公开申请共7件。",
        "高青县公安局2024年本年新收政府信息公开申请共6件。",
    ]
    answer = service_for(qa_store, llm.url).ask(QUESTION, record=False)
    assert len(llm.requests) == 2
    assert "「7件」与表格不符" in json.dumps(llm.requests[1], ensure_ascii=False)
    assert answer.mode == "llm" and "6件" in answer.answer and "7件" not in answer.answer


def test_twice_wrong_falls_back_to_the_offline_composer(
    qa_store: tuple[Settings, Stores], llm: ScriptedLLM
) -> None:
    llm.replies = ["本年新收政府信息公开申请共60件。", "本年新收政府信息公开申请共16件。"]
    answer = service_for(qa_store, llm.url).ask(QUESTION, record=False)
    assert answer.mode == "structured" and "6件" in answer.answer
    assert all(f.verdict == "supported" for f in answer.figures)
    assert answer.primary_figure == {"value": 6, "unit": "件"}


def test_unreachable_server_answers_offline(qa_store: tuple[Settings, Stores]) -> None:
    answer = service_for(qa_store, "http://127.0.0.1:9/v1").ask(QUESTION, record=False)
    assert answer.mode == "structured" and answer.primary_figure == {"value": 6, "unit": "件"}


def test_llm_narrative_figure_supported_by_the_quote(
    qa_store: tuple[Settings, Stores], llm: ScriptedLLM
) -> None:
    llm.replies = ["据年报，淮安市2024年全年收取政府信息公开信息处理费3940元[1]。"]
    answer = service_for(qa_store, llm.url).ask(
        "淮安市2024年收取了政府信息公开信息处理费吗？收了多少？", record=False
    )
    assert answer.mode == "llm"
    assert [(f.text, f.verdict) for f in answer.figures] == [("3940元", "supported")]
    assert answer.figures[0].source["kind"] == "quote"


def test_a_figure_nothing_supports_is_never_shown(
    qa_store: tuple[Settings, Stores], llm: ScriptedLLM
) -> None:
    """A figure found in no cell and no quote is refused like a contradicted one: redraft, then offline."""
    invented = "高青县公安局2024年本年新收政府信息公开申请共6件，另有网上留言8317条。"
    llm.replies = [invented, invented]
    answer = service_for(qa_store, llm.url).ask(QUESTION, record=False)
    assert len(llm.requests) == 2
    assert "8317条" in json.dumps(llm.requests[1], ensure_ascii=False)  # the redraft names the figure
    assert answer.mode == "structured" and "8317" not in answer.answer
    assert all(f.verdict == "supported" for f in answer.figures)


def test_a_draft_without_the_answers_figure_falls_back(
    qa_store: tuple[Settings, Stores], llm: ScriptedLLM
) -> None:
    llm.replies = ["高青县公安局2024年的申请情况详见年报表三。"] * 2
    answer = service_for(qa_store, llm.url).ask(QUESTION, record=False)
    assert "没有写出答案的数字6件" in json.dumps(llm.requests[1], ensure_ascii=False)
    assert answer.mode == "structured" and answer.primary_figure == {"value": 6, "unit": "件"}
    assert "6件" in answer.answer


def test_drafts_are_capped(qa_store: tuple[Settings, Stores], llm: ScriptedLLM) -> None:
    llm.replies = ["根据表三，高青县公安局2024年本年新收政府信息公开申请共6件。"]
    settings, stores = qa_store
    service = QAService(
        stores, replace(settings, llm_base_url=llm.url, llm_model="fake-qwen", llm_max_tokens=123)
    )
    service.ask(QUESTION, record=False)
    assert llm.requests[0]["max_tokens"] == 123


# Drafts a model might write: the right sentence, and one more clause with a figure from these.
EXTRA_CLAUSES = (
    "其中{n}件来自企业",
    "同比增长{n}%",
    "办结{n}件",
    "收费{n}元",
    "较上年多{n}件",
    "共{n}人次咨询",
)


def test_property_no_draft_shows_a_figure_the_evidence_lacks(
    qa_store: tuple[Settings, Stores], llm: ScriptedLLM
) -> None:
    """Whatever the model adds, the answer shown has only supported figures and always the answer's own."""
    import random

    rng = random.Random(20261204)
    service = service_for(qa_store, llm.url)
    for _case in range(24):
        clause = rng.choice(EXTRA_CLAUSES).format(n=rng.choice((0, 2, 4, 6, 7, 13, 58.59, 597, 2024)))
        head = rng.choice(("本年新收政府信息公开申请共6件", "收到申请6件", "申请情况详见表三"))
        draft = f"高青县公安局2024年{head}，{clause}。"
        llm.replies = [draft, draft]
        answer = service.ask(QUESTION, record=False)
        assert all(f.verdict == "supported" for f in answer.figures), (draft, answer.answer)
        assert any(f.value == 6 for f in answer.figures), (draft, answer.answer)
        assert answer.primary_figure == {"value": 6, "unit": "件"}
        assert answer.mode in ("llm", "structured")
