"""The JSON API with numbers a client may send but SQLite cannot hold: a 400 saying so, not a 500."""

from __future__ import annotations

import httpx
import pytest

pytestmark = pytest.mark.server

HUGE = "9" * 20


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", f"/api/answers/{HUGE}"),
        ("POST", f"/api/answers/{HUGE}/mark"),
        ("GET", f"/api/answers?year={HUGE}"),
        ("GET", f"/api/answers?offset={HUGE}"),
        ("GET", "/api/answers?offset=-3"),
        ("GET", "/api/answers/0"),
    ],
)
def test_out_of_range_numbers_are_a_client_error(web_server, method: str, path: str) -> None:
    with httpx.Client(base_url=web_server.url, auth=web_server.STAFF, timeout=30) as client:
        response = client.request(method, path, json={"mark": "correct"} if method == "POST" else None)
    assert response.status_code in (400, 404), response.text
    assert "error" in response.json() and "内部错误" not in response.json()["error"]
