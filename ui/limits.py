"""Sliding one-minute windows per client: questions asked, and failed sign-ins.

In memory and per process: enough for one `nianbao serve`; several workers would each count.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable

from ingest.errors import NianbaoError


class RateLimited(NianbaoError):
    """A client went over a limit; `retry_after` is the seconds until it may try again."""

    def __init__(self, retry_after: int, what: str = "提问太频繁了") -> None:
        super().__init__(f"{what}，请在 {retry_after} 秒后再试。")
        self.retry_after = retry_after


class RateLimiter:
    """A sliding window per key (a client IP). `limit <= 0` switches it off. `what` names the limit
    in the message the client sees."""

    def __init__(
        self,
        limit: int,
        window_s: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
        what: str = "提问太频繁了",
    ) -> None:
        self.limit = limit
        self.window_s = window_s
        self.clock = clock
        self.what = what
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _wait(self, key: str, now: float) -> int:
        """Seconds until `key` may go again (0: now). Call with the lock held."""
        hits = self._hits.get(key)
        if hits is None:
            return 0
        while hits and hits[0] <= now - self.window_s:
            hits.popleft()
        if len(hits) < self.limit:
            return 0
        return max(1, int(hits[0] + self.window_s - now + 0.999))

    def _add(self, key: str, now: float) -> None:
        self._hits.setdefault(key, deque()).append(now)
        if len(self._hits) > 10_000:  # forget idle clients so memory stays bounded
            self._hits = {k: v for k, v in self._hits.items() if v and v[-1] > now - self.window_s}

    def check(self, key: str) -> None:
        """Count one request for `key`, or raise RateLimited (a refused request is not counted)."""
        if self.limit <= 0:
            return
        with self._lock:
            now = self.clock()
            wait = self._wait(key, now)
            if wait:
                raise RateLimited(wait, self.what)
            self._add(key, now)

    def refuse_if_over(self, key: str) -> None:
        """Raise RateLimited when `key` is over the limit, without counting this request (for limits
        on failures: the caller counts with `hit` only when the attempt fails)."""
        if self.limit <= 0:
            return
        with self._lock:
            wait = self._wait(key, self.clock())
        if wait:
            raise RateLimited(wait, self.what)

    def hit(self, key: str) -> None:
        if self.limit > 0:
            with self._lock:
                self._add(key, self.clock())
