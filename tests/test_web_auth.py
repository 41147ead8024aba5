"""Sessions, the secret key file, redirects after login, and the per-client rate limiter."""

from __future__ import annotations

import base64
from dataclasses import replace
from pathlib import Path

import pytest

from ingest.config import Settings
from ingest.store.sqlite import SqliteStore
from ui.auth import Sessions, load_secret, safe_next
from ui.context import RateLimited, RateLimiter


def test_secret_key_is_created_once_with_mode_0600(tmp_path: Path) -> None:
    settings = replace(Settings(), data_dir=tmp_path)
    key = load_secret(settings)
    assert (tmp_path / "secret.key").stat().st_mode & 0o777 == 0o600
    assert load_secret(settings) == key and len(key) >= 32
    assert load_secret(replace(settings, secret_key="from-env")) == "from-env"


def test_sessions_follow_the_users_table(tmp_path: Path) -> None:
    sql = SqliteStore(tmp_path / "db.sqlite3")
    sql.add_user("ann", "staff", "pw")
    sessions = Sessions("k" * 40, sql)
    assert sessions.login("ann", "wrong") is None and sessions.login("", "") is None
    user = sessions.login("ann", "pw")
    assert user is not None and user.is_staff and user.role == "staff"
    token = sessions.issue(user)
    assert sessions.read(token) == user
    assert sessions.read(token + "x") is None
    assert Sessions("other" * 10, sql).read(token) is None  # another key
    sql.delete_user("ann")
    assert sessions.read(token) is None  # a deleted user's cookie stops working at once
    sql.add_user("eve", "evaluator", "pw2")
    basic = "Basic " + base64.b64encode(b"eve:pw2").decode()
    found = sessions.from_request({}, {"authorization": basic})
    assert found is not None and found.role == "evaluator" and found.is_evaluator and not found.is_staff
    assert sessions.from_request({}, {"authorization": "Basic !!!"}) is None
    sql.close()


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/", "/"),
        ("/x?y=1", "/x?y=1"),
        ("//evil.example", "/"),
        ("https://evil.example", "/"),
        ("/\\evil", "/"),
        (None, "/"),
    ],
)
def test_safe_next(target: str | None, expected: str) -> None:
    assert safe_next(target) == expected


def test_rate_limiter_is_a_sliding_window_per_client() -> None:
    now = [0.0]
    limiter = RateLimiter(2, clock=lambda: now[0])
    limiter.check("a")
    limiter.check("a")
    limiter.check("b")
    with pytest.raises(RateLimited) as caught:
        limiter.check("a")
    assert caught.value.retry_after == 60
    now[0] = 30.0
    with pytest.raises(RateLimited):
        limiter.check("a")
    now[0] = 60.5
    limiter.check("a")  # the first two fell out of the window
    RateLimiter(0).check("a")  # 0 switches it off


def test_gradio_handlers_check_the_session_themselves(tmp_path: Path) -> None:
    """Hidden tabs are cosmetic: a staff handler called without a session raises gr.Error."""
    from types import SimpleNamespace

    import gradio as gr

    from ui.auth import STAFF_ROLES
    from ui.gates import require

    sql = SqliteStore(tmp_path / "db.sqlite3")
    sql.add_user("eve", "evaluator", "pw")
    sessions = Sessions("k" * 40, sql)
    ctx = SimpleNamespace(sessions=sessions)
    anonymous = SimpleNamespace(cookies={}, headers={})
    with pytest.raises(gr.Error, match="请先登录"):
        require(ctx, anonymous, STAFF_ROLES)  # type: ignore[arg-type]
    evaluator = sessions.login("eve", "pw")
    assert evaluator is not None
    signed_in = SimpleNamespace(cookies={"nianbao_session": sessions.issue(evaluator)}, headers={})
    with pytest.raises(gr.Error, match="无权"):
        require(ctx, signed_in, STAFF_ROLES)  # type: ignore[arg-type]
    sql.close()
