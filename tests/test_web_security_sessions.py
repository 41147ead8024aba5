"""Sessions and sign-in against a real server: replayed cookies, brute force, cross-site writes, and
request bodies too large to read."""

from __future__ import annotations

import base64

import httpx
import pytest
from helpers.gradio_calls import event_ids, join

pytestmark = pytest.mark.server

COOKIE = "nianbao_session"


def _client(url: str, local_address: str = "127.0.0.1") -> httpx.Client:
    return httpx.Client(base_url=url, timeout=60, transport=httpx.HTTPTransport(local_address=local_address))


def _cookie(url: str, name: str, password: str) -> str:
    with _client(url) as client:
        response = client.post("/login", data={"name": name, "password": password})
        assert response.status_code == 303
        return response.cookies[COOKIE]


def _status(url: str, cookie: str, path: str = "/api/answers?limit=1") -> int:
    with _client(url) as client:
        return client.get(path, headers={"cookie": f"{COOKIE}={cookie}"}).status_code


def test_logout_ends_the_session_on_the_server(web_server) -> None:
    """A copy of the cookie (another tab, a stolen value) stops working once the user signs out."""
    cookie = _cookie(web_server.url, *web_server.STAFF)
    assert _status(web_server.url, cookie) == 200
    with _client(web_server.url) as client:
        out = client.get("/logout", headers={"cookie": f"{COOKIE}={cookie}"})
        assert out.status_code == 303 and f'{COOKIE}=""' in out.headers["set-cookie"]
    assert _status(web_server.url, cookie) == 401
    assert _status(web_server.url, _cookie(web_server.url, *web_server.STAFF)) == 200  # a new sign-in works


def test_a_cookie_dies_with_its_account(web_server) -> None:
    """Deleting an account and creating another of the same name must not revive the old cookies."""
    sql = web_server.stores.sql
    sql.add_user("sec-temp", "evaluator", "first-password")
    old = _cookie(web_server.url, "sec-temp", "first-password")
    assert _status(web_server.url, old) == 403
    sql.delete_user("sec-temp")
    sql.add_user("sec-temp", "staff", "second-password")  # at once: accounts have never-reused ids
    try:
        assert _status(web_server.url, old) == 401
        assert _status(web_server.url, _cookie(web_server.url, "sec-temp", "second-password")) == 200
    finally:
        sql.delete_user("sec-temp")


def test_basic_auth_failures_count_against_the_sign_in_limit(web_server) -> None:
    """HTTP Basic is a second way to try passwords: it shares the form's 10 failures a minute."""
    name, password = web_server.STAFF

    def basic(secret: str) -> dict[str, str]:
        return {"authorization": "Basic " + base64.b64encode(f"{name}:{secret}".encode()).decode()}

    with _client(web_server.url, "127.0.0.41") as attacker:
        codes = [attacker.get("/api/answers", headers=basic(f"guess{i}")).status_code for i in range(10)]
        assert codes == [401] * 10
        blocked = attacker.get("/api/answers", headers=basic(password))
        assert blocked.status_code == 429 and int(blocked.headers["retry-after"]) > 0
        assert "登录" in blocked.json()["error"]
        form = attacker.post("/login", data={"name": name, "password": password})
        assert form.status_code == 429
    with _client(web_server.url, "127.0.0.42") as other:
        assert other.get("/api/answers", headers=basic(password)).status_code == 200
        for _ in range(12):  # successful sign-ins are not failures
            assert other.get("/api/answers?limit=1", headers=basic(password)).status_code == 200


@pytest.mark.parametrize(
    "headers",
    [
        {"origin": "http://evil.example"},
        {"origin": "null"},
        {"sec-fetch-site": "cross-site"},
        {"sec-fetch-site": "same-site", "origin": "http://other.localhost"},
    ],
)
def test_cross_site_writes_are_refused(web_server, headers: dict[str, str]) -> None:
    """Login CSRF, a review mark forged from another site, a staff event started from another
    site: refused whatever the cookie. SameSite=Lax alone lets same-site pages (a sibling host, another
    port on localhost) and cookie-less posts (the login form) through."""
    name, password = web_server.STAFF
    cookie = _cookie(web_server.url, name, password)
    with _client(web_server.url) as client:
        login = client.post("/login", data={"name": name, "password": password}, headers=headers)
        assert login.status_code == 403 and COOKIE not in login.headers.get("set-cookie", "")
        client.cookies.set(COOKIE, cookie)
        mark = client.post("/api/answers/1/mark", json={"mark": "incorrect"}, headers=headers)
        assert mark.status_code == 403 and "跨站" in mark.json()["error"]
        assert join(client, event_ids(client)["do_search"], [], **headers).status_code == 403
        client.get("/logout", headers=headers)  # a link on another site does not sign the user out
    assert _status(web_server.url, cookie) == 200


def test_same_origin_writes_still_work(web_server) -> None:
    origin = {"origin": web_server.url, "sec-fetch-site": "same-origin"}
    with _client(web_server.url) as client:
        name, password = web_server.STAFF
        assert (
            client.post("/login", data={"name": name, "password": password}, headers=origin).status_code
            == 303
        )
        assert client.post("/api/ask", json={"question": ""}, headers=origin).status_code == 400


def test_request_bodies_are_bounded(web_server) -> None:
    """A 5 MB body is refused before it is read into memory, declared or chunked."""
    big = b'{"question": "' + b"a" * 5_000_000 + b'"}'

    def chunks():  # no content-length: sent chunked
        for start in range(0, len(big), 1 << 20):
            yield big[start : start + (1 << 20)]

    with _client(web_server.url, "127.0.0.43") as client:
        declared = client.post(
            "/v1/chat/completions", content=big, headers={"content-type": "application/json"}
        )
        assert declared.status_code == 413 and declared.json()["error"]["type"] == "invalid_request_error"
        chunked = client.post("/api/ask", content=chunks(), headers={"content-type": "application/json"})
        assert chunked.status_code == 413 and "过大" in chunked.json()["error"]
        assert client.post("/api/ask", json={"question": ""}).status_code == 400  # the server is fine
