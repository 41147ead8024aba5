"""Forwarded headers (issue 12): believed only from the reverse proxies listed in
NIANBAO_TRUSTED_PROXIES. Rotating X-Forwarded-For from anyone else escapes neither the question limit
nor the sign-in limit; from a listed proxy the header names the client."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import httpx
import pytest
import uvicorn

from ingest.config import Settings

pytestmark = pytest.mark.server

PROXY = "127.0.0.60"


def _client(url: str, local_address: str) -> httpx.Client:
    return httpx.Client(base_url=url, timeout=60, transport=httpx.HTTPTransport(local_address=local_address))


def _questions(client: httpx.Client, n: int, forwarded: Iterator[str] | None) -> list[int]:
    """n empty questions (each counts against the limit, and is answered at once with a 400)."""
    codes = []
    for _ in range(n):
        headers = {"x-forwarded-for": next(forwarded)} if forwarded is not None else {}
        codes.append(client.post("/api/ask", json={"question": ""}, headers=headers).status_code)
    return codes


def _rotating() -> Iterator[str]:
    return (f"198.51.100.{i % 250}" for i in range(10_000))


USER = ("proxy-staff", "right-password")
LIMIT = 30


def _serve(settings: Settings) -> Iterator[str]:
    """The app on a free loopback port, configured as `nianbao serve` configures uvicorn."""
    from ui.server import create_app, server_config

    app = create_app(settings)
    app.state.ctx.stores.sql.add_user(USER[0], "staff", USER[1])
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(server_config(app, "127.0.0.1", port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(15)


def _settings(tmp: Path, trusted: tuple[str, ...]) -> Settings:
    """Its own empty store: the limits these tests use up are nobody else's (in memory or in the store)."""
    return replace(Settings(), data_dir=tmp, rate_limit_per_minute=LIMIT, trusted_proxies=trusted)


@pytest.fixture(scope="module")
def default_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Default settings: no proxy trusted — not even the loopback host, which uvicorn trusts by default."""
    yield from _serve(_settings(tmp_path_factory.mktemp("proxy-none"), ()))


@pytest.fixture(scope="module")
def proxied_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """NIANBAO_TRUSTED_PROXIES=127.0.0.60: that address, and only it, is a reverse proxy."""
    yield from _serve(_settings(tmp_path_factory.mktemp("proxy-one"), (PROXY,)))


def test_rotating_the_header_does_not_escape_the_question_limit(default_server: str) -> None:
    with _client(default_server, "127.0.0.1") as client:
        codes = _questions(client, LIMIT + 3, _rotating())
    assert codes[:LIMIT] == [400] * LIMIT and codes[LIMIT:] == [429] * 3


def test_rotating_the_header_does_not_escape_the_sign_in_limit(default_server: str) -> None:
    """However the throttle counts (per address, per account), a client that changes its
    X-Forwarded-For on every try is throttled within 15 wrong passwords."""
    with _client(default_server, "127.0.0.1") as client:
        forwarded = _rotating()
        codes = [
            client.post(
                "/login",
                data={"name": USER[0], "password": f"guess{i}"},
                headers={"x-forwarded-for": next(forwarded)},
            ).status_code
            for i in range(15)
        ]
    assert 429 in codes, codes


def test_forwarded_host_from_anyone_else_is_dropped(default_server: str, proxied_server: str) -> None:
    """Gradio builds its links from X-Forwarded-Host: only a trusted proxy may set it."""
    forged = {"x-forwarded-host": "evil.example", "x-forwarded-proto": "https"}
    with _client(default_server, "127.0.0.1") as client:
        assert "evil.example" not in client.get("/config", headers=forged).text
    with _client(proxied_server, PROXY) as proxy:
        assert "https://evil.example" in proxy.get("/config", headers=forged).json()["root"]


def test_a_listed_proxy_names_the_client(proxied_server: str) -> None:
    """Behind the proxy each client has its own limit; the proxy's own address is not one client."""
    limit = LIMIT
    with _client(proxied_server, PROXY) as proxy:
        assert 429 not in _questions(proxy, limit + 10, _rotating())
        fixed = iter(["203.0.113.7"] * (limit + 2))
        assert _questions(proxy, limit + 2, fixed)[limit:] == [429, 429]
        # the proxy's own chain: the right-most address that is not the proxy is the client
        chain = iter([f"203.0.113.8, {PROXY}"] * (limit + 1))
        assert _questions(proxy, limit + 1, chain)[-1] == 429
    with _client(proxied_server, "127.0.0.61") as other:  # not listed: the header is ignored
        assert _questions(other, limit + 1, _rotating())[-1] == 429


def test_https_from_a_listed_proxy_makes_the_cookie_secure(proxied_server: str) -> None:
    name, password = USER
    with _client(proxied_server, PROXY) as proxy:
        login = proxy.post(
            "/login", data={"name": name, "password": password}, headers={"x-forwarded-proto": "https"}
        )
        assert login.status_code == 303 and "secure" in login.headers["set-cookie"].lower()
    with _client(proxied_server, "127.0.0.62") as other:
        login = other.post(
            "/login", data={"name": name, "password": password}, headers={"x-forwarded-proto": "https"}
        )
        assert login.status_code == 303 and "secure" not in login.headers["set-cookie"].lower()
