"""The web server: one FastAPI app with the JSON API, the OpenAI-compatible API, the login page, and
the gradio Blocks mounted at `/` — one process, one Stores, one QAService.

    >>> from ingest.config import Settings
    >>> app = create_app(Settings())          # an ASGI app (uvicorn, or httpx.ASGITransport in tests)
    >>> serve(Settings(), "127.0.0.1", 7860)   # `nianbao serve`: ingests corpus/ if empty, then serves

Offline by construction: gradio analytics off, no share link, no SSR node server, no MCP, FastAPI's
CDN-hosted docs pages off (the OpenAPI JSON stays at /api/openapi.json), system fonts only.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path

import anyio.to_thread
import gradio as gr
import uvicorn
from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse, Response

from ingest.config import Settings, offline_environment
from ingest.pipeline import discover, ingest_paths
from ingest.store import Stores, open_stores
from qa.service import QAService
from ui.answer_log import AnswerLog
from ui.api import api_router
from ui.auth import Sessions, load_secret
from ui.cli_format import outcome_line
from ui.context import AppContext, RateLimiter
from ui.guard import Guard
from ui.login import login_router
from ui.openai_api import openai_error, openai_router
from ui.proxy import ForwardedHeaders
from ui.web import CSS, THEME, build_blocks

log = logging.getLogger(__name__)
WORKER_THREADS = 200


def ingest_corpus_if_empty(stores: Stores, settings: Settings, echo: Callable[[str], None] = print) -> int:
    """First start: an empty store gets `settings.corpus_dir` ingested, one line per file.
    Returns the number of files stored."""
    if stores.sql.list_reports():
        return 0
    corpus = Path(settings.corpus_dir)
    files = discover([corpus]) if corpus.is_dir() else []
    if not files:
        echo(f"库为空，且 {corpus} 中没有可导入的报告；可在网页「年报管理」中上传。")
        return 0
    echo(f"库为空：正在导入 {corpus} 中的 {len(files)} 个报告文件（首次启动）……")
    stored = 0
    for i, outcome in enumerate(ingest_paths(files, stores), 1):
        stored += outcome.status == "stored"
        echo(f"[{i}/{len(files)}] {outcome_line(outcome)}")
    echo(f"导入完成：{stored} 份报告。")
    return stored


def warm_up(service: QAService, echo: Callable[[str], None] = print) -> None:
    """Load the tokenizer and the embedding model before the first citizen waits for them."""
    reports = service.catalog()
    if not reports:
        return
    echo("正在加载检索模型……")
    try:
        service.ask(f"{reports[0].agency}{reports[0].year}年政府信息公开工作存在哪些问题？", record=False)
    except Exception as exc:  # a failed warm-up only means a slower first answer
        log.warning("warm-up failed: %s", exc)


def _error_handlers(app: FastAPI) -> None:
    """JSON errors in each API's own shape; never a traceback."""

    def shaped(
        request: Request, status: int, message: str, headers: dict[str, str] | None = None
    ) -> JSONResponse:
        if request.url.path.startswith("/v1/"):
            kind = "authentication_error" if status == 401 else "invalid_request_error"
            return openai_error(status, message, kind, headers)
        return JSONResponse({"error": message}, status_code=status, headers=headers)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> JSONResponse:
        return shaped(request, exc.status_code, str(exc.detail), dict(exc.headers or {}))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        where = "; ".join(".".join(str(p) for p in e.get("loc", ())) for e in exc.errors()[:3])
        return shaped(request, 400, f"请求格式不正确（{where}）")

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("%s %s failed", request.method, request.url.path)
        return shaped(request, 500, "服务内部错误，请稍后再试")


def create_app(settings: Settings, stores: Stores | None = None) -> FastAPI:
    """The whole web app over one data dir. Opens the stores unless given them."""
    offline_environment()
    Path(settings.data_dir).mkdir(parents=True, exist_ok=True)
    stores = stores if stores is not None else open_stores(settings)
    ctx = AppContext(
        settings=settings,
        stores=stores,
        service=QAService(stores, settings),
        sessions=Sessions(
            load_secret(settings), stores.sql, revoked_path=Path(settings.data_dir) / "revoked_sessions.json"
        ),
        limiter=RateLimiter(settings.rate_limit_per_minute),
        answers=AnswerLog(stores.sql),
    )

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        # a request waiting for an answer holds a worker thread while it waits (for the embedder, the
        # disk): 40 threads, the default, let 40 slow prose answers hold back every table answer
        anyio.to_thread.current_default_thread_limiter().total_tokens = WORKER_THREADS
        yield
        ctx.answers.close()
        stores.close()

    app = FastAPI(
        title="nianbao", docs_url=None, redoc_url=None, openapi_url="/api/openapi.json", lifespan=lifespan
    )
    app.state.ctx = ctx
    _error_handlers(app)
    blocks, events = build_blocks(ctx)
    # Starlette's CORS layer with no origin allowed: its presence also stops gradio from adding its
    # own, which answers any localhost origin (any origin on a real host name) with credentials.
    app.add_middleware(Guard, ctx=ctx, events=events)
    app.add_middleware(CORSMiddleware, allow_origins=[])

    @app.middleware("http")
    async def security_headers(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await call_next(request)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "SAMEORIGIN")
        return response

    app.include_router(login_router(ctx))
    app.include_router(api_router(ctx))
    app.include_router(openai_router(ctx))
    blocks.queue(default_concurrency_limit=4)
    app = gr.mount_gradio_app(
        app,
        blocks,
        path="/",
        theme=THEME,
        css=CSS,
        footer_links=[],
        run_history=False,  # no /gradio_api/runs page, no routes that talk to the Hugging Face Hub
        ssr_mode=False,
        mcp_server=False,
        pwa=False,
        show_error=False,  # gr.Error messages still show; other exceptions' internals do not
        max_file_size=settings.max_file_bytes,
        allowed_paths=[],
    )
    # Gradio accepts a file input only if it was uploaded — but checks that only once the Blocks
    # "has launched", which mounting never sets; without this a crafted event names any server file.
    blocks.has_launched = True
    # outermost: everything inside sees the client as the trusted proxies say, or the peer itself
    app.add_middleware(ForwardedHeaders, trusted_proxies=settings.trusted_proxies)
    return app


def server_config(app: FastAPI, host: str, port: int, **options: object) -> uvicorn.Config:
    """Uvicorn's settings for the app: its own forwarded-header handling off (it trusts any loopback
    peer); `ui.proxy.ForwardedHeaders` trusts only `Settings.trusted_proxies`."""
    return uvicorn.Config(app, host=host, port=port, proxy_headers=False, **options)  # type: ignore[arg-type]


def serve(settings: Settings, host: str = "127.0.0.1", port: int = 7860) -> None:
    """`nianbao serve`: ingest the corpus on first start (progress in the terminal), then serve."""
    offline_environment()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")

    def echo(line: str) -> None:
        print(line, file=sys.stderr, flush=True)

    Path(settings.data_dir).mkdir(parents=True, exist_ok=True)
    stores = open_stores(settings)
    ingest_corpus_if_empty(stores, settings, echo)
    app = create_app(settings, stores)
    warm_up(app.state.ctx.service, echo)
    echo(f"nianbao 已启动：http://{host}:{port}/  （JSON API: /api/ask；OpenAI 兼容: /v1/chat/completions）")
    uvicorn.Server(server_config(app, host, port, log_level="info")).run()
