"""Who is asking, inside gradio event handlers: the session cookie of the request, checked every time.

Hiding a tab is cosmetic; every staff handler calls `require(...)` itself, because any gradio event
can be called directly over its HTTP API.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

import gradio as gr

from ui.auth import User
from ui.limits import RateLimited

if TYPE_CHECKING:
    from ui.context import AppContext


def client_ip(request: gr.Request | None) -> str:
    client = getattr(request, "client", None) if request is not None else None
    return str(getattr(client, "host", None) or "unknown")


def current_user(ctx: AppContext, request: gr.Request | None) -> User | None:
    """The signed-in user; None also when HTTP Basic failures from this client are over the limit."""
    if request is None:
        return None
    cookies = dict(getattr(request, "cookies", {}) or {})
    headers = {k.lower(): v for k, v in dict(getattr(request, "headers", {}) or {}).items()}
    try:
        return ctx.sessions.from_request(cookies, headers, client_ip(request))
    except RateLimited:
        return None


def refusal(user: User | None, roles: Iterable[str]) -> tuple[int, str] | None:
    """Why `user` may not use a feature open to `roles` (HTTP status, message), or None if allowed."""
    if user is None:
        return 401, "请先登录（页面右上角「工作人员登录」）。"
    if user.role not in set(roles):
        return 403, f"{user.label}无权使用此功能。"
    return None


def require(ctx: AppContext, request: gr.Request | None, roles: Iterable[str]) -> User:
    """The signed-in user with one of `roles`, else a gr.Error the page shows as a message."""
    user = current_user(ctx, request)
    refused = refusal(user, roles)
    if refused is not None:
        raise gr.Error(refused[1], print_exception=False)
    assert user is not None
    return user


def locked_html(what: str, roles_text: str) -> str:
    return (
        '<div class="nb-locked"><b>需要登录</b><br>'
        f"「{what}」仅供{roles_text}使用。"
        '<a href="/login?next=/">登录</a>后可用。</div>'
    )


class Gate:
    """A tab's locked notice and its body: `show(user)` gives the visibility updates on page load."""

    def __init__(self, roles: Iterable[str], locked: gr.HTML, body: gr.Column) -> None:
        self.roles = frozenset(roles)
        self.locked = locked
        self.body = body
        # extra (outputs, loader) pairs filled on page load for allowed users
        self.loaders: list[tuple[list[gr.components.Component], Callable[[User], list[Any]]]] = []

    def outputs(self) -> list[Any]:
        return [self.locked, self.body] + [c for outs, _ in self.loaders for c in outs]

    def show(self, user: User | None) -> list[Any]:
        allowed = user is not None and user.role in self.roles
        values: list[Any] = [gr.update(visible=not allowed), gr.update(visible=allowed)]
        for outs, loader in self.loaders:
            values.extend(loader(user) if allowed and user is not None else [gr.update()] * len(outs))
        return values
