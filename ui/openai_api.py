"""An OpenAI-compatible endpoint so existing chat front-ends can use nianbao as a "model".

`POST /v1/chat/completions`: the last user message is the question; the reply is the answer text and
a short 来源 line. With `"stream": true` the reply comes as `chat.completion.chunk` SSE events ending
with `data: [DONE]`. The API key is not checked (asking is public); the rate limit applies. The full
answer object rides along under the extra key `nianbao` (non-streaming replies).
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, StreamingResponse
from starlette.concurrency import run_in_threadpool

from ui.api import client_of
from ui.context import QuestionError, RateLimited
from ui.render import answer_plain

if TYPE_CHECKING:
    from ui.context import AppContext

MODEL_ID = "nianbao"
_CREATED = int(time.time())
_CHUNK_CHARS = 16


def openai_error(status: int, message: str, kind: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(
        {"error": {"message": message, "type": kind, "param": None, "code": None}},
        status_code=status,
        headers=headers,
    )


class BadMessages(ValueError):
    """The request's `messages` hold no question to answer (the message says what is wrong)."""


def last_user_text(messages: Any) -> str:
    """The text of the last user message: string content, or the text parts of a content list (as
    modern clients send, next to image or file parts, which are ignored). Raises BadMessages."""
    if not isinstance(messages, list) or not messages:
        raise BadMessages("messages 应为非空数组")
    message = next((m for m in reversed(messages) if isinstance(m, dict) and m.get("role") == "user"), None)
    if message is None:
        raise BadMessages("messages 中没有 role 为 user 的消息")
    content = message.get("content")
    if isinstance(content, str):
        return content
    if not isinstance(content, list):
        raise BadMessages("用户消息的 content 应为字符串或内容片段数组")
    parts = [p for p in content if isinstance(p, dict) and p.get("type") in ("text", "input_text")]
    if any(not isinstance(p.get("text"), str) for p in parts):
        raise BadMessages("内容片段的 text 应为字符串")
    if not parts:
        raise BadMessages("用户消息中没有文字内容（只能回答文字问题）")
    return "".join(p["text"] for p in parts)


def _chunk(completion_id: str, created: int, delta: dict[str, Any], finish: str | None = None) -> str:
    payload = {
        "id": completion_id,
        "object": "chat.completion.chunk",
        "created": created,
        "model": MODEL_ID,
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }
    return f"data: {json.dumps(payload, ensure_ascii=False)}\n\n"


def _stream(content: str, completion_id: str, created: int) -> Iterator[str]:
    yield _chunk(completion_id, created, {"role": "assistant", "content": ""})
    for start in range(0, len(content), _CHUNK_CHARS):
        yield _chunk(completion_id, created, {"content": content[start : start + _CHUNK_CHARS]})
    yield _chunk(completion_id, created, {}, "stop")
    yield "data: [DONE]\n\n"


def openai_router(ctx: AppContext) -> APIRouter:
    router = APIRouter(prefix="/v1")

    @router.get("/models")
    def models() -> dict[str, Any]:
        return {
            "object": "list",
            "data": [{"id": MODEL_ID, "object": "model", "created": _CREATED, "owned_by": "nianbao"}],
        }

    @router.post("/chat/completions", response_model=None)
    async def chat_completions(request: Request) -> JSONResponse | StreamingResponse:
        try:
            body = await request.json()
        except ValueError:
            return openai_error(400, "请求体不是有效的JSON", "invalid_request_error")
        if not isinstance(body, dict):
            return openai_error(400, "请求体应为JSON对象", "invalid_request_error")
        try:
            question = last_user_text(body.get("messages"))
        except BadMessages as exc:
            return openai_error(400, str(exc), "invalid_request_error")
        try:
            answer = await run_in_threadpool(ctx.ask, question, client_of(request), "openai")
        except RateLimited as exc:
            return openai_error(429, str(exc), "rate_limit_exceeded", {"Retry-After": str(exc.retry_after)})
        except QuestionError as exc:
            return openai_error(400, str(exc), "invalid_request_error")
        data = answer.to_json()
        content = answer_plain(data)
        completion_id = f"chatcmpl-{uuid.uuid4().hex[:24]}"
        created = int(time.time())
        if body.get("stream"):
            return StreamingResponse(
                _stream(content, completion_id, created),
                media_type="text/event-stream",
                headers={"Cache-Control": "no-cache"},
            )
        prompt_chars = len(question)
        return JSONResponse(
            {
                "id": completion_id,
                "object": "chat.completion",
                "created": created,
                "model": MODEL_ID,
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": content},
                        "finish_reason": "stop",
                    }
                ],
                # characters, not tokens: there is no tokenizer; clients only display these
                "usage": {
                    "prompt_tokens": prompt_chars,
                    "completion_tokens": len(content),
                    "total_tokens": prompt_chars + len(content),
                },
                "nianbao": data,
            }
        )

    return router
