"""The login page and logout: a small self-contained HTML form (no script, no external resource)."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ui.auth import COOKIE, safe_next
from ui.guard import cross_site
from ui.limits import RateLimited

if TYPE_CHECKING:
    from ui.context import AppContext

_PAGE = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>工作人员登录 · 年报问答</title>
<style>
body{{font-family:"WenQuanYi Micro Hei","Noto Sans CJK SC","Microsoft YaHei","PingFang SC",system-ui,sans-serif;
background:#f4f6f9;margin:0;display:flex;min-height:100vh;align-items:center;justify-content:center}}
form{{background:#fff;padding:2rem 2.2rem;border-radius:10px;box-shadow:0 2px 12px rgba(0,0,0,.08);width:20rem}}
h1{{font-size:1.3rem;margin:0 0 .3rem}} p.sub{{color:#667;margin:0 0 1.2rem;font-size:.9rem}}
label{{display:block;margin:.8rem 0 .3rem;font-size:.95rem}}
input[type=text],input[type=password]{{width:100%;box-sizing:border-box;padding:.55rem;border:1px solid #ccd;border-radius:6px;font-size:1rem}}
button{{margin-top:1.2rem;width:100%;padding:.6rem;border:0;border-radius:6px;background:#c2410c;color:#fff;font-size:1rem;cursor:pointer}}
.err{{color:#b91c1c;background:#fef2f2;border:1px solid #fecaca;padding:.5rem;border-radius:6px;font-size:.9rem}}
a{{color:#555;font-size:.9rem}}
</style></head><body>
<form method="post" action="/login">
<h1>工作人员登录</h1><p class="sub">政府信息公开年报问答 · 答复档案、统计、年报管理与评测</p>
{error}
<label for="name">用户名</label><input id="name" name="name" type="text" autocomplete="username" required autofocus>
<label for="password">密码</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<input type="hidden" name="next" value="{next}">
<button type="submit">登录</button>
<p><a href="/">← 返回公众问答</a></p>
</form></body></html>"""


def login_page(error: str = "", next_path: str = "/") -> str:
    block = f'<p class="err" role="alert">{html.escape(error)}</p>' if error else ""
    return _PAGE.format(error=block, next=html.escape(safe_next(next_path), quote=True))


def login_router(ctx: AppContext) -> APIRouter:
    router = APIRouter()

    @router.get("/login", response_class=HTMLResponse, include_in_schema=False)
    def login_form(next: str = "/") -> HTMLResponse:
        return HTMLResponse(login_page(next_path=next))

    @router.post("/login", include_in_schema=False)
    def login_submit(
        request: Request, name: str = Form(""), password: str = Form(""), next: str = Form("/")
    ) -> Response:
        client = request.client.host if request.client else "unknown"
        try:
            user = ctx.sessions.login(name, password, client)
        except RateLimited as exc:
            return HTMLResponse(
                login_page(str(exc), next), 429, headers={"Retry-After": str(exc.retry_after)}
            )
        if user is None:
            return HTMLResponse(login_page("用户名或密码不正确。", next), 401)
        response = RedirectResponse(safe_next(next), status_code=303)
        response.set_cookie(
            COOKIE,
            ctx.sessions.issue(user),
            max_age=ctx.sessions.max_age_s,
            httponly=True,
            samesite="lax",
            secure=request.url.scheme == "https",
            path="/",
        )
        return response

    @router.api_route("/logout", methods=["GET", "POST"], include_in_schema=False)
    def logout(request: Request) -> Response:
        """Sign out here and on the server; a link followed from another site only goes home."""
        response = RedirectResponse("/", status_code=303)
        if cross_site(request.headers):
            return response
        ctx.sessions.revoke(request.cookies.get(COOKIE))
        response.delete_cookie(COOKIE, path="/", httponly=True, samesite="lax")
        return response

    return router
