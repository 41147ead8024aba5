"""Who the client is: the peer of the connection, unless the peer is a reverse proxy we were told to trust.

`X-Forwarded-For` says who a request is for; anyone can send it. Believed from anyone, it lets one
client rotate the header and escape the question rate limit and the sign-in limit. So the forwarded
headers (`X-Forwarded-For`, `-Proto`, `-Host`, `-Port`, `Forwarded`, `X-Real-IP`) count only when the
connection comes from an address in `Settings.trusted_proxies` (`NIANBAO_TRUSTED_PROXIES`, IPs or
CIDRs; none by default). From anyone else they are removed before the app — or gradio, which builds
its links from `X-Forwarded-Host` — sees them.

From a trusted proxy the client is the right-most address of `X-Forwarded-For` that is not itself a
trusted proxy, and the scheme comes from `X-Forwarded-Proto` (uvicorn's own ProxyHeadersMiddleware,
given our list). Uvicorn's default — trust the loopback host — must be off: `ui.server.server_config`
does that for `nianbao serve` and the tests; another ASGI server needs the same (`--no-proxy-headers`).
"""

from __future__ import annotations

from collections.abc import Sequence

from starlette.types import ASGIApp, Receive, Scope, Send
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

FORWARDED_HEADERS = frozenset(
    {
        b"x-forwarded-for",
        b"x-forwarded-proto",
        b"x-forwarded-host",
        b"x-forwarded-port",
        b"forwarded",
        b"x-real-ip",
    }
)


class ForwardedHeaders:
    """ASGI middleware: forwarded headers are applied from trusted proxies and dropped from others."""

    def __init__(self, app: ASGIApp, trusted_proxies: Sequence[str]) -> None:
        self.app = app
        self.trusted = list(trusted_proxies)
        self.proxied = ProxyHeadersMiddleware(app, trusted_hosts=self.trusted)  # type: ignore[arg-type]

    def from_trusted_proxy(self, scope: Scope) -> bool:
        client = scope.get("client")
        return bool(self.trusted and client and client[0] in self.proxied.trusted_hosts)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
        elif self.from_trusted_proxy(scope):
            await self.proxied(scope, receive, send)  # type: ignore[arg-type]
        else:
            headers = [(k, v) for k, v in scope["headers"] if k not in FORWARDED_HEADERS]
            await self.app({**scope, "headers": headers}, receive, send)
