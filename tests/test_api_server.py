"""The JSON API and the OpenAI-compatible API against a real server on a loopback port."""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx
import pytest
from helpers.contract import ANSWER_KEYS

pytestmark = pytest.mark.server

SEED_QUESTION = "高青县公安局2024年收到多少件信息公开申请？"
CONTRACT_KEYS = ANSWER_KEYS


@pytest.fixture(scope="module")
def client(web_server) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=web_server.url, timeout=60) as c:
        yield c


@pytest.fixture(scope="module")
def staff_client(web_server) -> Iterator[httpx.Client]:
    """Signed in through the login form, as a browser would be (the session cookie)."""
    with httpx.Client(base_url=web_server.url, timeout=60) as c:
        name, password = web_server.STAFF
        response = c.post("/login", data={"name": name, "password": password, "next": "/"})
        assert response.status_code == 303
        yield c


def test_ask_returns_the_contract_object(client: httpx.Client) -> None:
    response = client.post("/api/ask", json={"question": SEED_QUESTION})
    assert response.status_code == 200
    data = response.json()
    assert set(data) >= CONTRACT_KEYS
    assert data["answerable"] is True
    assert data["primary_figure"] == {"value": 6, "unit": "件"}
    assert data["figures"] and all(f["verdict"] == "supported" for f in data["figures"])
    assert data["citations"][0]["agency"] == "高青县公安局"


@pytest.mark.parametrize(("question", "needle"), [("", "为空"), ("   ", "为空"), ("问" * 301, "过长")])
def test_ask_refuses_empty_and_overlong_questions(client: httpx.Client, question: str, needle: str) -> None:
    response = client.post("/api/ask", json={"question": question})
    assert response.status_code == 400
    assert needle in response.json()["error"]


def test_ask_with_a_malformed_body_is_400_without_traceback(client: httpx.Client) -> None:
    response = client.post("/api/ask", content=b"{not json", headers={"content-type": "application/json"})
    assert response.status_code == 400
    assert "error" in response.json() and "Traceback" not in response.text


def test_rate_limit_answers_429_per_client_ip(web_server) -> None:
    """A client from another loopback address floods the API; the limit (30/min in the fixture)
    stops it with 429 and Retry-After, and other clients are not affected."""
    transport = httpx.HTTPTransport(local_address="127.0.0.2")
    with httpx.Client(base_url=web_server.url, transport=transport, timeout=30) as flood:
        codes = [flood.post("/api/ask", json={"question": ""}).status_code for _ in range(31)]
        assert codes[:30] == [400] * 30
        assert codes[30] == 429
        limited = flood.post("/api/ask", json={"question": SEED_QUESTION})
        assert limited.status_code == 429
        assert "频繁" in limited.json()["error"] and int(limited.headers["retry-after"]) > 0
    with httpx.Client(base_url=web_server.url, timeout=30) as other:
        assert other.post("/api/ask", json={"question": ""}).status_code == 400


def test_reports_list_and_detail(client: httpx.Client) -> None:
    reports = client.get("/api/reports").json()
    seed = next(r for r in reports if r["agency"] == "高青县公安局")
    assert seed["year"] == 2024
    detail = client.get(f"/api/reports/{seed['id']}").json()
    assert detail["tables"]["applications"]["new_received"]["total"] == 6
    assert {"id", "agency", "year", "sections", "tables", "cells", "findings"} <= set(detail)
    missing = client.get("/api/reports/nope")
    assert missing.status_code == 404 and "error" in missing.json()


def test_archive_refuses_anonymous_and_wrong_role(client: httpx.Client, web_server) -> None:
    assert client.get("/api/answers").status_code == 401
    assert client.get("/api/answers/1").status_code == 401
    assert client.post("/api/answers/1/mark", json={"mark": "correct"}).status_code == 401
    forged = client.get("/api/answers", headers={"cookie": "nianbao_session=eyJ1Ijoic3RhZmYxIn0.forged.sig"})
    assert forged.status_code == 401
    evaluator = client.get("/api/answers", auth=web_server.EVALUATOR)
    assert evaluator.status_code == 403
    assert client.get("/api/answers", auth=(web_server.STAFF[0], "wrong")).status_code == 401


def test_login_sets_a_signed_httponly_lax_cookie(web_server) -> None:
    with httpx.Client(base_url=web_server.url) as c:
        bad = c.post("/login", data={"name": "staff1", "password": "nope"})
        assert bad.status_code == 401 and "不正确" in bad.text
        good = c.post("/login", data={"name": "staff1", "password": "staff-pass", "next": "//evil.example/"})
        assert good.status_code == 303 and good.headers["location"] == "/"
        cookie = good.headers["set-cookie"]
        assert "nianbao_session=" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie
        assert c.get("/api/answers").status_code == 200
        c.get("/logout")
        assert c.get("/api/answers").status_code == 401
    key = web_server.settings.data_dir / "secret.key"
    assert key.stat().st_mode & 0o777 == 0o600


def test_staff_search_open_and_mark(client: httpx.Client, staff_client: httpx.Client) -> None:
    client.post("/api/ask", json={"question": SEED_QUESTION})
    found = staff_client.get(
        "/api/answers", params={"q": "高青县公安局", "agency": "高青县公安局", "year": 2024}
    ).json()
    assert found and found[0]["question"] == SEED_QUESTION
    answer_id = found[0]["id"]
    full = staff_client.get(f"/api/answers/{answer_id}").json()
    assert full["answer"]["primary_figure"]["value"] == 6
    marked = staff_client.post(f"/api/answers/{answer_id}/mark", json={"mark": "correct", "note": "核对无误"})
    assert marked.status_code == 200
    assert marked.json()["review"] == {
        "mark": "correct",
        "note": "核对无误",
        "by": "staff1",
        "at": marked.json()["review"]["at"],
    }
    assert staff_client.post(f"/api/answers/{answer_id}/mark", json={"mark": "maybe"}).status_code == 400
    assert staff_client.post("/api/answers/999999/mark", json={"mark": "correct"}).status_code == 404
    assert staff_client.get("/api/answers", params={"date_from": "yesterday"}).status_code == 400
    correct = staff_client.get("/api/answers", params={"mark": "correct"}).json()
    assert answer_id in [a["id"] for a in correct]


def test_openai_models_and_completion(web_server) -> None:
    from openai import OpenAI

    api = OpenAI(base_url=f"{web_server.url}/v1", api_key="not-checked", max_retries=0)
    assert [m.id for m in api.models.list().data] == ["nianbao"]
    reply = api.chat.completions.create(
        model="nianbao",
        messages=[
            {"role": "system", "content": "你是助手"},
            {"role": "user", "content": "你好"},
            {"role": "assistant", "content": "请问"},
            {"role": "user", "content": SEED_QUESTION},
        ],
    )
    content = reply.choices[0].message.content or ""
    assert "6件" in content and "来源：" in content and "高青县公安局" in content
    assert reply.choices[0].finish_reason == "stop"
    assert reply.object == "chat.completion"


def test_openai_streaming_matches_non_streaming(web_server) -> None:
    from openai import OpenAI

    api = OpenAI(base_url=f"{web_server.url}/v1", api_key="x", max_retries=0)
    stream = api.chat.completions.create(
        model="nianbao", messages=[{"role": "user", "content": SEED_QUESTION}], stream=True
    )
    chunks = list(stream)
    assert len(chunks) > 2 and all(c.object == "chat.completion.chunk" for c in chunks)
    text = "".join(c.choices[0].delta.content or "" for c in chunks)
    assert "6件" in text and "来源：" in text
    assert chunks[-1].choices[0].finish_reason == "stop"


def test_openai_sse_wire_format_and_errors(client: httpx.Client) -> None:
    body = {
        "model": "nianbao",
        "stream": True,
        "messages": [{"role": "user", "content": [{"type": "text", "text": SEED_QUESTION}]}],
    }
    with client.stream("POST", "/v1/chat/completions", json=body) as response:
        assert response.headers["content-type"].startswith("text/event-stream")
        events = [line for line in response.iter_lines() if line]
    assert events[-1] == "data: [DONE]"
    assert json.loads(events[0][6:])["choices"][0]["delta"]["role"] == "assistant"
    empty = client.post("/v1/chat/completions", json={"model": "nianbao", "messages": []})
    assert empty.status_code == 400 and "message" in empty.json()["error"]
    junk = client.post("/v1/chat/completions", content=b"[", headers={"content-type": "application/json"})
    assert junk.status_code == 400 and junk.json()["error"]["type"] == "invalid_request_error"


def test_the_page_and_its_assets_are_served_locally(client: httpx.Client) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert page.headers["x-content-type-options"] == "nosniff"
    assert "fonts.googleapis.com" not in page.text and "cdn.jsdelivr" not in page.text
    assert client.get("/docs").status_code in (404, 200) and "swagger" not in client.get("/docs").text.lower()
    assert client.get("/api/openapi.json").json()["info"]["title"] == "nianbao"
