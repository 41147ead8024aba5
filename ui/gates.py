"""Who is asking, inside gradio event handlers: the session cookie of the request, checked every time.

Each role sees only the tabs it can use (anonymous visitors: the chat). Hiding a tab is cosmetic;
every staff handler calls `require(...)` itself, because any gradio event can be called directly over
its HTTP API, and a refusal names the role that is needed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

import gradio as gr

from ui.auth import ROLE_NAMES, User
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


def roles_text(roles: Iterable[str]) -> str:
    """「工作人员或管理员」: the roles allowed, in the order of ROLE_NAMES."""
    names = [name for role, name in ROLE_NAMES.items() if role in set(roles)]
    return "或".join(["、".join(names[:-1]), names[-1]]) if len(names) > 1 else "".join(names)


def refusal(user: User | None, roles: Iterable[str]) -> tuple[int, str] | None:
    """Why `user` may not use a feature open to `roles` (HTTP status, message naming the role needed),
    or None if allowed."""
    needed = roles_text(roles)
    if user is None:
        return 401, f"请先登录：此功能需要{needed}账号（页面右上角「工作人员登录」）。"
    if user.role not in set(roles):
        current = ROLE_NAMES.get(user.role, user.role)
        return 403, f"此功能需要{needed}账号；{user.name}是{current}账号，无权使用。"
    return None


def require(ctx: AppContext, request: gr.Request | None, roles: Iterable[str]) -> User:
    """The signed-in user with one of `roles`, else a gr.Error the page shows as a message."""
    user = current_user(ctx, request)
    refused = refusal(user, roles)
    if refused is not None:
        raise gr.Error(refused[1], print_exception=False)
    assert user is not None
    return user


class Gate:
    """A tab shown only to `roles`: `show(user)` gives the updates on page load — the tab's visibility,
    its body's (kept hidden too, so nothing renders should a tab bar be forced open), and the data of
    its loaders for allowed users."""

    def __init__(self, roles: Iterable[str], tab: gr.Tab, body: gr.Column) -> None:
        self.roles = frozenset(roles)
        self.tab = tab
        self.body = body
        # extra (outputs, loader) pairs filled on page load for allowed users
        self.loaders: list[tuple[list[gr.components.Component], Callable[[User], list[Any]]]] = []

    def outputs(self) -> list[Any]:
        return [self.tab, self.body] + [c for outs, _ in self.loaders for c in outs]

    def show(self, user: User | None) -> list[Any]:
        allowed = user is not None and user.role in self.roles
        values: list[Any] = [gr.update(visible=allowed), gr.update(visible=allowed)]
        for outs, loader in self.loaders:
            values.extend(loader(user) if allowed and user is not None else [gr.update()] * len(outs))
        return values
