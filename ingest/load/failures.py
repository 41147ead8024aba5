"""The one exception loaders raise. `load()` turns it into an `IngestError` naming the file, so
loaders need not know the path and no library exception crosses the `load()` boundary."""

from __future__ import annotations


class Unreadable(Exception):
    """The content cannot be read as the format it claims; `reason` is shown to the user."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
