"""The JSON API: asking (public), the reports (public), the answer archive (staff only).

Errors are `{"error": "中文说明"}` with 400 (bad question), 401 (not signed in), 403 (wrong role),
404, 429 (rate limited, with Retry-After) — never a traceback.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from ingest.errors import StoreError
from ingest.records import StoredAnswer
from ingest.store.answers import REVIEW_MARKS, UNMARKED
from qa.glossary import GLOSSARY
from ui.answer_log import settled
from ui.auth import STAFF_ROLES, User
from ui.context import QuestionError, RateLimited
from ui.gates import refusal

if TYPE_CHECKING:
    from ui.context import AppContext


SQLITE_MAX = 2**63 - 1  # larger numbers make SQLite raise: a client error, answered with 400
AnswerId = Annotated[int, Path(ge=1, le=SQLITE_MAX)]


class AskBody(BaseModel):
    question: str = ""


class MarkBody(BaseModel):
    mark: str | None = None  # "correct" / "incorrect" / null (clears)
    note: str = ""


def error(status: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status, headers=headers)


def client_of(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def answer_record(a: StoredAnswer, full: bool = False) -> dict[str, Any]:
    """An archive row as JSON; `full` adds the logged answer object."""
    out: dict[str, Any] = {
        "id": a.id,
        "created_at": a.created_at,
        "question": a.question,
        "agency": a.agency,
        "year": a.year,
        "verdict": a.verdict,
        "answerable": a.answerable,
        "mode": a.mode,
        "latency_ms": round(a.latency_ms, 2),
        "channel": a.channel,
        "review": {"mark": a.review_mark, "note": a.review_note, "by": a.reviewed_by, "at": a.reviewed_at},
    }
    if full:
        out["answer"] = json.loads(a.answer_json)
    return out


def role_dependency(ctx: AppContext, roles: frozenset[str]) -> Callable[[Request], User]:
    def dependency(request: Request) -> User:
        try:
            user = ctx.sessions.from_request(request.cookies, request.headers, client_of(request))
        except RateLimited as exc:
            raise HTTPException(429, str(exc), {"Retry-After": str(exc.retry_after)}) from exc
        refused = refusal(user, roles)
        if refused is not None:
            raise HTTPException(*refused)
        assert user is not None
        return user

    return dependency


def api_router(ctx: AppContext) -> APIRouter:
    router = APIRouter(prefix="/api")
    staff = Depends(role_dependency(ctx, STAFF_ROLES))

    @router.post("/ask")
    def ask(body: AskBody, request: Request) -> JSONResponse:
        """`{"question": "..."}` -> the `nianbao ask --json` object (design §4)."""
        try:
            answer = ctx.ask(body.question, client_of(request), channel="api")
        except RateLimited as exc:
            return error(429, str(exc), {"Retry-After": str(exc.retry_after)})
        except QuestionError as exc:
            return error(400, str(exc))
        return JSONResponse(answer.to_json())

    @router.get("/reports")
    def reports() -> list[dict[str, Any]]:
        return [r.__dict__ for r in ctx.stores.sql.list_reports()]

    @router.get("/reports/{report_id}")
    def report(report_id: str) -> JSONResponse:
        found = ctx.stores.sql.get_report(report_id)
        return (
            JSONResponse(found.to_json())
            if found is not None
            else error(404, f"没有编号为 {report_id} 的报告")
        )

    @router.get("/glossary")
    def glossary() -> dict[str, str]:
        return GLOSSARY

    @router.get("/answers")
    def answers(
        user: User = staff,
        q: str | None = None,
        agency: str | None = None,
        year: Annotated[int | None, Query(ge=0, le=9999)] = None,
        verdict: str | None = None,
        date_from: str | None = None,
        date_to: str | None = None,
        mark: str | None = None,
        limit: int = 100,
        offset: Annotated[int, Query(ge=0, le=SQLITE_MAX)] = 0,
    ) -> JSONResponse:
        """Search the archive (newest first); `mark` is correct / incorrect / unmarked."""
        if mark not in (None, "", UNMARKED, *REVIEW_MARKS):
            return error(400, f"mark 应为 correct、incorrect 或 {UNMARKED}")
        settled(ctx)
        try:
            rows = ctx.stores.sql.search_answers(
                q, agency, year, verdict, date_from, date_to, mark or None, min(max(limit, 1), 1000), offset
            )
        except StoreError as exc:
            return error(400, str(exc))
        return JSONResponse([answer_record(a) for a in rows])

    @router.get("/answers/{answer_id}")
    def answer(answer_id: AnswerId, user: User = staff) -> JSONResponse:
        settled(ctx)
        found = ctx.stores.sql.get_answer(answer_id)
        return (
            JSONResponse(answer_record(found, full=True))
            if found
            else error(404, f"没有第 {answer_id} 号答复")
        )

    @router.post("/answers/{answer_id}/mark")
    def mark_answer(answer_id: AnswerId, body: MarkBody, user: User = staff) -> JSONResponse:
        if body.mark not in (None, *REVIEW_MARKS):
            return error(400, "mark 应为 correct、incorrect 或 null")
        settled(ctx)
        try:
            ctx.stores.sql.mark_answer(answer_id, body.mark, body.note[:2000], by=user.name)
        except StoreError:
            return error(404, f"没有第 {answer_id} 号答复")
        found = ctx.stores.sql.get_answer(answer_id)
        assert found is not None
        return JSONResponse(answer_record(found))

    return router
