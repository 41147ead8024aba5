"""A fast stand-in embedding model for measuring everything but embedding at 1,000+ reports.

Today the bundled e5 embeds ~18 chunks/s on 2 cores: 1,000 synthetic reports (~38,000 chunks) would take
most of an hour of embedding alone. This builds a real sentence-transformers model on disk — a static
embedding per CJK character (random, seeded), mean-pooled: a bag of characters of the same width (384)
as multilingual-e5-small — and the bench configures it the way any deployment configures a model
(`NIANBAO_EMBED_MODEL=st:<path>`). Chroma, SQLite and the question path then do exactly their real work;
only the cost (and the quality) of the embedding differs, and the results say so.
"""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np

DIM = 384  # multilingual-e5-small's width: the vector store does the same work per vector
CJK = range(0x4E00, 0xA000)
EXTRA = [*"0123456789%．。，、；：？！“”（）《》〔〕", "[UNK]", "[PAD]"]


def build(path: Path, seed: int = 0) -> Path:
    """Write the model to `path` (once; an existing model is reused). Returns the path."""
    if (path / "modules.json").exists():
        return path
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.modules import StaticEmbedding
    from tokenizers import Tokenizer, models, pre_tokenizers

    logging.getLogger("sentence_transformers").setLevel(logging.WARNING)
    vocab = {token: i for i, token in enumerate([*EXTRA, *(chr(c) for c in CJK)])}
    tokenizer = Tokenizer(models.WordLevel(vocab, unk_token="[UNK]"))
    tokenizer.pre_tokenizer = pre_tokenizers.BertPreTokenizer()  # one token per CJK character
    weights = np.random.default_rng(seed).standard_normal((len(vocab), DIM)).astype(np.float32)
    model = SentenceTransformer(modules=[StaticEmbedding(tokenizer, embedding_weights=weights)], device="cpu")
    path.mkdir(parents=True, exist_ok=True)
    model.save(str(path))
    return path


def spec(path: Path) -> str:
    """The `NIANBAO_EMBED_MODEL` value that selects the stand-in."""
    return f"st:{path}"
