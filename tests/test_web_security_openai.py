"""The OpenAI-compatible endpoint with the payloads real clients (and broken ones) send."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

pytestmark = pytest.mark.server

SEED_QUESTION = "高青县公安局2024年收到多少件信息公开申请？"


@pytest.fixture(scope="module")
def client(web_server) -> Iterator[httpx.Client]:
    transport = httpx.HTTPTransport(local_address="127.0.0.51")  # its own rate-limit bucket
    with httpx.Client(base_url=web_server.url, timeout=60, transport=transport) as c:
        yield c


@pytest.mark.parametrize(
    ("body", "needle"),
    [
        ({"model": "nianbao"}, "messages"),
        ({"messages": "你好"}, "messages"),
        ({"messages": [{"role": "system", "content": "你是助手"}]}, "user"),
        ({"messages": [{"role": "user", "content": 123}]}, "content"),
        ({"messages": [{"role": "user", "content": [{"type": "text", "text": ["a"]}]}]}, "text"),
        (
            {"messages": [{"role": "user", "content": [{"type": "image_url", "image_url": {"url": "x"}}]}]},
            "文字",
        ),
    ],
)
def test_malformed_messages_get_a_message_saying_what_is_wrong(
    client: httpx.Client, body: dict[str, Any], needle: str
) -> None:
    """Not 「问题为空」 for a request that has no question at all: the client's bug is named."""
    response = client.post("/v1/chat/completions", json=body)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["type"] == "invalid_request_error" and needle in error["message"]
    assert "问题为空" not in error["message"]


def test_content_parts_as_modern_clients_send_them(client: httpx.Client) -> None:
    parts = [
        {"type": "text", "text": SEED_QUESTION},
        {"type": "image_url", "image_url": {"url": "data:image/png;base64,AAAA"}},
    ]
    response = client.post("/v1/chat/completions", json={"messages": [{"role": "user", "content": parts}]})
    assert response.status_code == 200 and "6件" in response.json()["choices"][0]["message"]["content"]
    empty = client.post("/v1/chat/completions", json={"messages": [{"role": "user", "content": "  "}]})
    assert empty.status_code == 400 and "为空" in empty.json()["error"]["message"]


def test_a_client_that_hangs_up_mid_stream_does_not_hurt_the_server(client: httpx.Client) -> None:
    body = {"stream": True, "messages": [{"role": "user", "content": SEED_QUESTION}]}
    with client.stream("POST", "/v1/chat/completions", json=body) as response:
        first = next(response.iter_lines())
        assert first.startswith("data: ")
    again = client.post(
        "/v1/chat/completions", json={"messages": [{"role": "user", "content": SEED_QUESTION}]}
    )
    assert again.status_code == 200
