"""Checks in front of every route, made before FastAPI or gradio read the request.

- Writes from another site or origin are refused (CSRF). SameSite=Lax keeps the cookie off
  cross-site posts, but not off posts from the same site (a sibling host name, another port on
  localhost), and the login form needs no cookie at all.
- A request body is read only up to `MAX_BODY_BYTES` (file uploads are bounded by gradio's own
  max_file_size instead).
- A gradio event is started only by a user with the role of the tab that registered it. Gradio
  prepares an event's inputs before the handler runs — a file input is copied into its cache, or
  downloaded when it names a URL — so the handler's own `require(...)` would come too late.
- Uploads to gradio, and the files it serves (exports of the archive among them), need a signed-in
  user: only the staff and evaluation tabs take or give files, and a leaked link must not be enough.
- Gradio's other ways in are closed: events by name (/run, /call, /api), its public usage counters
  (/monitoring), session dumps (/deep_link) and component servers the page does not use.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ui.auth import EVAL_ROLES, STAFF_ROLES
from ui.gates import refusal
from ui.limits import RateLimited
from ui.openai_api import openai_error

if TYPE_CHECKING:
    from ui.context import AppContext
    from ui.web import EventRoles

MAX_BODY_BYTES = 4 * 1024 * 1024
QUEUE_JOIN = "/gradio_api/queue/join"
UPLOAD = "/gradio_api/upload"
FILES = ("/gradio_api/file=", "/gradio_api/file/")
SIGNED_IN_ROLES = STAFF_ROLES | EVAL_ROLES
CLOSED = (
    "/gradio_api/run/", "/gradio_api/api/", "/gradio_api/call/", "/gradio_api/stream/",
    "/gradio_api/component_server", "/gradio_api/process_recording", "/gradio_api/deep_link",
    "/monitoring",
)  # fmt: skip
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def cross_site(headers: Headers) -> bool:
    """Whether a browser sent this from another origin: Sec-Fetch-Site where the browser sends it,
    else Origin against Host (or a proxy's X-Forwarded-Host). Neither header: not a browser."""
    fetch_site = headers.get("sec-fetch-site")
    if fetch_site:
        return fetch_site not in ("same-origin", "none")
    origin = headers.get("origin")
    if origin is None:
        return False
    return urlsplit(origin).netloc not in {headers.get("host"), headers.get("x-forwarded-host")}


def error(path: str, status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    """An error in the shape of the API the path belongs to."""
    if path.startswith("/v1/"):
        return openai_error(status, message, "invalid_request_error", headers)
    return JSONResponse({"error": message}, status_code=status, headers=headers)


async def read_body(receive: Receive, limit: int) -> bytes | None:
    """The whole request body, or None as soon as it grows past `limit` bytes."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return b"".join(chunks)
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


def replay(body: bytes, receive: Receive) -> Receive:
    """A `receive` that hands the app the body already read, then the connection's own messages."""
    pending = [{"type": "http.request", "body": body, "more_body": False}]

    async def receive_again() -> Message:
        return pending.pop() if pending else await receive()

    return receive_again


class Guard:
    """ASGI middleware; `events` says who may start each gradio event (from `ui.web.build_blocks`)."""

    def __init__(
        self, app: ASGIApp, ctx: AppContext, events: EventRoles, max_body: int = MAX_BODY_BYTES
    ) -> None:
        self.app = app
        self.ctx = ctx
        self.events = events
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        path = request.url.path
        refused = await self._refusal(request, path)
        if refused is None and request.method in UNSAFE_METHODS and path != UPLOAD:
            declared = request.headers.get("content-length", "")
            body = (
                None
                if declared.isdigit() and int(declared) > self.max_body
                else await read_body(receive, self.max_body)
            )
            if body is None:
                refused = error(path, 413, f"请求体过大（上限 {self.max_body // (1024 * 1024)} MB）")
            else:
                receive = replay(body, receive)
                if path == QUEUE_JOIN:
                    refused = await self._event_refusal(request, body)
        if refused is not None:
            await refused(scope, receive, send)
            return
        await self.app(scope, receive, send)

    async def _refusal(self, request: Request, path: str) -> Response | None:
        """Checks that need no body: closed routes, cross-site writes, who may upload or download."""
        if path.startswith(CLOSED):
            return error(path, 404, "没有这个地址")
        if request.method in UNSAFE_METHODS and cross_site(request.headers):
            return error(path, 403, "跨站请求被拒绝：请在本站页面中操作。")
        if (path == UPLOAD and request.method == "POST") or path.startswith(FILES):
            return await self._role_refusal(request, SIGNED_IN_ROLES)
        return None

    async def _event_refusal(self, request: Request, body: bytes) -> Response | None:
        try:
            payload = json.loads(body)
        except ValueError:
            return None  # gradio answers malformed requests itself
        fn_index = payload.get("fn_index") if isinstance(payload, dict) else None
        if fn_index is None:
            return None
        if not isinstance(fn_index, int) or fn_index not in self.events:
            return error(QUEUE_JOIN, 404, "没有这个操作")
        roles = self.events[fn_index]
        return None if roles is None else await self._role_refusal(request, roles)

    async def _role_refusal(self, request: Request, roles: frozenset[str]) -> Response | None:
        path = request.url.path
        client = request.client.host if request.client else "unknown"
        try:  # a password check (HTTP Basic) takes ~50 ms: not on the event loop
            user = await run_in_threadpool(
                self.ctx.sessions.from_request, request.cookies, request.headers, client
            )
        except RateLimited as exc:
            return error(path, 429, str(exc), {"Retry-After": str(exc.retry_after)})
        refused = refusal(user, roles)
        return None if refused is None else error(path, *refused)
