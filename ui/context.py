"""What every part of the web app shares: one Stores, one QAService, the rate limiter, the sessions.

Built once per app by `ui.server.create_app`; routes and tabs receive it instead of opening stores
themselves, so a process answers with one model and one SQLite connection.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

from ingest.config import Settings
from ingest.errors import NianbaoError
from ingest.store import Stores
from qa.records import Answer
from qa.service import QAService, QuestionError
from ui.auth import Sessions

log = logging.getLogger(__name__)

__all__ = ["AppContext", "QuestionError", "RateLimited", "RateLimiter"]


class RateLimited(NianbaoError):
    """A client asked more often than `settings.rate_limit_per_minute` allows."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"提问太频繁了，请在 {retry_after} 秒后再试。")
        self.retry_after = retry_after


class RateLimiter:
    """A sliding one-minute window per key (a client IP). `limit <= 0` switches it off.

    In memory and per process: enough for one `nianbao serve`; several workers would each count."""

    def __init__(
        self, limit: int, window_s: float = 60.0, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.limit = limit
        self.window_s = window_s
        self.clock = clock
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def check(self, key: str) -> None:
        """Count one request for `key`, or raise RateLimited (a refused request is not counted)."""
        if self.limit <= 0:
            return
        now = self.clock()
        with self._lock:
            hits = self._hits.setdefault(key, deque())
            while hits and hits[0] <= now - self.window_s:
                hits.popleft()
            if len(hits) >= self.limit:
                raise RateLimited(max(1, int(hits[0] + self.window_s - now + 0.999)))
            hits.append(now)
            if len(self._hits) > 10_000:  # forget idle clients so memory stays bounded
                self._hits = {k: v for k, v in self._hits.items() if v and v[-1] > now - self.window_s}


@dataclass
class AppContext:
    settings: Settings
    stores: Stores
    service: QAService
    sessions: Sessions
    limiter: RateLimiter
    login_limiter: RateLimiter = field(default_factory=lambda: RateLimiter(10))

    def ask(self, question: str, client: str, channel: str) -> Answer:
        """The one way the web, the JSON API and the OpenAI API ask: rate limit, then `QAService.ask`.

        Raises RateLimited or QuestionError (both carry a Chinese message for the user)."""
        self.limiter.check(client or "unknown")
        return self.service.ask(question, channel=channel)

    def reports_changed(self) -> None:
        """After a delete or re-ingest: a fresh QAService, because its report cache is keyed by the
        file's sha256 and a re-ingest may parse the same file differently."""
        self.service = QAService(self.stores, self.settings, llm=self.service.llm)
