"""The project's own exceptions. Backend errors are translated into these at the boundary,
so the CLI and the web page can show a message (never a traceback)."""

from __future__ import annotations


class NianbaoError(Exception):
    """Base class: its `str()` is a message fit to show a user."""


class IngestError(NianbaoError):
    """A file that cannot be read or parsed. Names the file and the field or reason."""

    def __init__(self, file: str, reason: str, field: str | None = None) -> None:
        self.file = file
        self.reason = reason
        self.field = field
        where = f" [{field}]" if field else ""
        super().__init__(f"{file}{where}: {reason}")


class StoreError(NianbaoError):
    """The SQLite file or the vector store failed or does not match this configuration."""


class ConfigError(NianbaoError):
    """A setting that cannot work (unknown embedding model, bad URL...)."""
