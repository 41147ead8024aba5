"""Bad files through the web upload (年报管理), sent the way the page sends them: each file fails with
a clear line, the store and the uploads folder are left as they were, and nothing escapes uploads/."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from helpers.gradio_calls import event_ids, file_data, run_event

pytestmark = pytest.mark.server


@pytest.fixture(scope="module")
def staff(web_server) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=web_server.url, timeout=120) as client:
        name, password = web_server.STAFF
        assert client.post("/login", data={"name": name, "password": password}).status_code == 303
        yield client


def _upload(client: httpx.Client, name: str, content: bytes) -> dict[str, object]:
    response = client.post("/gradio_api/upload", files={"files": (name, content)})
    assert response.status_code == 200, response.text
    return file_data(response.json()[0], name)


def test_bad_files_fail_clearly_and_leave_the_store_alone(staff: httpx.Client, web_server) -> None:
    uploads = Path(web_server.settings.data_dir) / "uploads"
    before = (web_server.stores.sql.list_reports(), sorted(uploads.glob("*")) if uploads.exists() else [])
    files = [
        _upload(staff, "empty.pdf", b""),
        _upload(staff, "broken.docx", b"not a zip archive at all"),
        _upload(staff, "../../escape.txt", bytes(range(256)) * 8),
        _upload(staff, "notes.html", "<html><body><script>alert(1)</script>没有表格</body></html>".encode()),
    ]
    result = run_event(staff, event_ids(staff)["do_upload"], [files])
    assert result["success"] is True
    log = result["output"]["data"][0]
    lines = log.splitlines()
    assert [line[:1] for line in lines[:4]] == ["✗"] * 4, log
    assert "文件为空" in log and "Word" in log and "二进制" in log and "表格" in log
    assert "0/4" in lines[-1] and "提问" not in lines[-1]  # nothing new to ask about
    after = (web_server.stores.sql.list_reports(), sorted(uploads.glob("*")) if uploads.exists() else [])
    assert after == before
    data_dir = Path(web_server.settings.data_dir)
    assert not (data_dir / "escape.txt").exists() and not (data_dir.parent / "escape.txt").exists()


def test_an_evaluation_file_name_is_shown_as_text(web_server) -> None:
    """The gold file's name (the uploader's choice) lands in a Markdown status line: it is shown as
    typed, not as a link, and a failed run names the file, not the server's cache path."""
    from gradio.utils import get_upload_folder

    with httpx.Client(base_url=web_server.url, timeout=120) as evaluator:
        name, password = web_server.EVALUATOR
        assert evaluator.post("/login", data={"name": name, "password": password}).status_code == 303
        run = event_ids(evaluator)["do_run"]
        bad = _upload(evaluator, "[点我](javascript:alert(1)) _x_.jsonl", b'{"id": "q1"}\n')
        status = run_event(evaluator, run, [None, bad, False, False])["output"]["data"][0]
    assert "评测未能完成" in status and "](" not in status and "_x_" not in status
    assert str(get_upload_folder()) not in status and "点我" in status


def test_hostile_uploads_are_refused_within_a_memory_cap(
    staff: httpx.Client, web_server, hostile_dir
) -> None:
    """Decompression bombs and deep nesting through the 年报管理 upload: each refused with its reason,
    the server's memory (its parse workers included) barely moves — a 1 GB docx bomb used to take it from
    0.4 to 2.5 GB — and the store and the uploads folder are as they were."""
    from helpers.bombs import HOSTILE
    from helpers.memory import PeakRss

    uploads = Path(web_server.settings.data_dir) / "uploads"
    before = (web_server.stores.sql.list_reports(), sorted(uploads.glob("*")) if uploads.exists() else [])
    names = ["one_entry_1GB.docx", "tiny_elements_stored.docx", "deep.html", "flate_bomb_1GB.pdf"]
    files = [_upload(staff, name, (hostile_dir / name).read_bytes()) for name in names]
    with PeakRss() as peak:
        result = run_event(staff, event_ids(staff)["do_upload"], [files])
    log = result["output"]["data"][0]
    for name, line in zip(names, log.splitlines(), strict=False):
        assert line.startswith("✗") and name in line and HOSTILE[name][1] in line, log
    assert f"0/{len(names)}" in log.splitlines()[-1]
    assert peak.growth < 300 * 2**20, f"+{peak.growth / 2**20:.0f} MB"
    after = (web_server.stores.sql.list_reports(), sorted(uploads.glob("*")) if uploads.exists() else [])
    assert after == before
