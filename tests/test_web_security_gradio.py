"""Gradio's own HTTP API in front of the staff handlers, probed with crafted requests.

Gradio prepares an event's inputs before the handler runs: a file input is copied into its cache
(or downloaded, when it names a URL). A handler's own `require(...)` therefore comes too late to
stop that, so the server checks the caller's role for each event before gradio reads the request.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from gradio.utils import get_upload_folder
from helpers.gradio_calls import event_ids, file_data, join, run_event

pytestmark = pytest.mark.server

STAFF_EVENTS = (
    "do_search", "do_open", "do_save", "do_export_csv", "do_export_gold", "run", "export_csv",
    "export_xlsx", "do_upload", "show", "do_reingest", "do_delete",
)  # fmt: skip


def _signed_in(url: str, name: str, password: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=url, timeout=60) as client:
        assert client.post("/login", data={"name": name, "password": password}).status_code == 303
        yield client


@pytest.fixture(scope="module")
def anonymous(web_server) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=web_server.url, timeout=60) as client:
        yield client


@pytest.fixture(scope="module")
def evaluator(web_server) -> Iterator[httpx.Client]:
    yield from _signed_in(web_server.url, *web_server.EVALUATOR)


@pytest.fixture(scope="module")
def staff(web_server) -> Iterator[httpx.Client]:
    yield from _signed_in(web_server.url, *web_server.STAFF)


@pytest.fixture(scope="module")
def ids(anonymous: httpx.Client) -> dict[str, int]:
    return event_ids(anonymous)


def _cached(name: str) -> list[Path]:
    """Copies of a file called `name` anywhere in gradio's cache (the server runs in this process)."""
    return list(Path(get_upload_folder()).rglob(name))


def test_staff_events_refuse_anonymous_and_evaluators_before_reading_inputs(
    anonymous: httpx.Client, evaluator: httpx.Client, ids: dict[str, int], tmp_path: Path
) -> None:
    secret = tmp_path / f"notes-{uuid.uuid4().hex}.txt"
    secret.write_text("内部资料", encoding="utf-8")
    for name in STAFF_EVENTS:
        refused = join(anonymous, ids[name], [[file_data(str(secret))]])
        assert refused.status_code == 401, name
        assert "登录" in refused.json()["error"]
        assert join(evaluator, ids[name], []).status_code == 403, name
    assert join(anonymous, ids["do_run"], [None, file_data(str(secret)), False, False]).status_code == 401
    assert _cached(secret.name) == []  # gradio never copied the file
    assert join(anonymous, 10_000, []).status_code == 404  # no such event
    assert join(anonymous, ids["chat"], ["", []]).status_code == 200  # the public chat stays open


def test_a_file_input_must_be_a_file_the_user_uploaded(
    evaluator: httpx.Client, staff: httpx.Client, ids: dict[str, int], web_server, tmp_path: Path
) -> None:
    """A signed-in user naming a server path instead of uploading gets an error, and the file is
    neither copied nor ingested."""
    gold = tmp_path / f"gold-{uuid.uuid4().hex}.jsonl"
    gold.write_text('{"id": "x"}\n', encoding="utf-8")
    result = run_event(evaluator, ids["do_run"], [None, file_data(str(gold), "g.jsonl"), False, False])
    assert result["success"] is False
    report = tmp_path / f"report-{uuid.uuid4().hex}.txt"
    report.write_text("某县人民政府\n2024年政府信息公开工作年度报告\n", encoding="utf-8")
    before = web_server.stores.sql.list_reports()
    result = run_event(staff, ids["do_upload"], [[file_data(str(report), "r.txt")]])
    assert result["success"] is False
    assert web_server.stores.sql.list_reports() == before
    assert _cached(gold.name) == [] and _cached(report.name) == []


def test_uploading_needs_a_signed_in_role(anonymous: httpx.Client, evaluator: httpx.Client) -> None:
    files = {"files": ("a.jsonl", b'{"id": "x"}\n')}
    refused = anonymous.post("/gradio_api/upload", files=files)
    assert refused.status_code == 401 and "登录" in refused.json()["error"]
    accepted = evaluator.post("/gradio_api/upload", files=files)
    assert accepted.status_code == 200 and accepted.json()[0].endswith("a.jsonl")


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", "/gradio_api/run/do_search"),
        ("POST", "/gradio_api/api/do_search"),
        ("POST", "/gradio_api/call/do_search"),
        ("POST", "/gradio_api/call/chat"),
        ("GET", "/monitoring/summary"),
        ("GET", "/gradio_api/deep_link?session_hash=abc"),
        ("GET", "/gradio_api/runs"),
        ("POST", "/gradio_api/component_server"),
    ],
)
def test_gradio_side_doors_are_closed(anonymous: httpx.Client, method: str, path: str) -> None:
    """Events are reached only through the queue the page uses (where roles are checked); gradio's
    by-name API, its usage monitor, session dumps and run history are not offered."""
    data = {"data": ["", "全部", "全部", "全部", "全部", "", ""]}
    response = anonymous.request(method, path, json=data if method == "POST" else None)
    assert response.status_code == 404


def test_unexpected_errors_reach_the_page_without_internals(
    anonymous: httpx.Client, ids: dict[str, int]
) -> None:
    result = run_event(anonymous, ids["chat"], [])  # a malformed call: no inputs
    assert result["success"] is False
    text = str(result["output"])
    assert "object at 0x" not in text and "Textbox" not in text and "Traceback" not in text


def test_no_cross_origin_reads(web_server) -> None:
    """Gradio's own CORS layer answers any localhost origin (and any origin on a real host name)
    with credentials allowed; the server allows no cross-origin reads at all."""
    port = web_server.url.rsplit(":", 1)[1]
    with httpx.Client(base_url=web_server.url) as client:
        preflight = client.options(
            "/gradio_api/queue/join",
            headers={
                "host": f"localhost:{port}",
                "origin": "http://localhost:3000",
                "access-control-request-method": "POST",
                "access-control-request-headers": "content-type",
            },
        )
        assert "access-control-allow-origin" not in preflight.headers
        for path in ("/config", "/api/glossary"):
            read = client.get(path, headers={"host": "nianbao.example", "origin": "http://evil.example"})
            assert "access-control-allow-origin" not in read.headers, path


def test_exported_files_are_not_served_to_anonymous_visitors(
    anonymous: httpx.Client, staff: httpx.Client, ids: dict[str, int]
) -> None:
    """The archive export (citizens' questions) lies in gradio's cache under a link; the link alone,
    copied or leaked, must not be enough."""
    result = run_event(staff, ids["do_export_csv"], ["", "全部", "全部", "全部", "全部", "", ""])
    assert result["success"] is True
    url = result["output"]["data"][0]["value"][0]["url"]
    path = url[url.index("/gradio_api/") :]
    assert staff.get(path).status_code == 200 and "question" in staff.get(path).text
    refused = anonymous.get(path)
    assert refused.status_code == 401 and "question" not in refused.text


def test_odd_numbers_in_the_archive_get_an_answer_not_a_bare_error(
    staff: httpx.Client, ids: dict[str, int]
) -> None:
    """With internals hidden, an unexpected exception reaches staff as a bare 「Error」: numbers too big
    for SQLite (sent as the clicked row's 编号 by a crafted event, or typed into the 年度 box, which
    takes free text) must be handled."""
    friendly = ("答复编号", "点击表格", "请先在表格中点击")
    opened = run_event(staff, ids["do_open"], [1e20])
    assert opened["success"] is True and any(w in opened["output"]["data"][0] for w in friendly)
    saved = run_event(staff, ids["do_save"], [1e20, "正确", ""])
    assert saved["success"] is True and any(w in saved["output"]["data"][0] for w in friendly)
    searched = run_event(staff, ids["do_search"], ["", "全部", "9" * 20, "全部", "全部", "", ""])
    assert searched["success"] is True
