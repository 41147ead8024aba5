"""Peak resident memory of a process and all its descendants, sampled from /proc while code runs
(a child parser counts too: that is where a decompression bomb would land)."""

from __future__ import annotations

import os
import threading
from pathlib import Path
from types import TracebackType

PAGE = os.sysconf("SC_PAGE_SIZE")


def _tree(root: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    found, todo = set(), [root]
    while todo:
        pid = todo.pop()
        found.add(pid)
        todo.extend(children.get(pid, []))
    return found


def tree_rss(root: int) -> int:
    """Bytes resident in `root` and its descendants now."""
    total = 0
    for pid in _tree(root):
        try:
            total += int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE
        except (OSError, IndexError, ValueError):
            continue
    return total


class PeakRss:
    """`with PeakRss(pid) as peak: ...` then `peak.bytes`: the largest tree RSS seen (every 20 ms), and
    `peak.growth`: how far above the RSS at the start."""

    def __init__(self, root: int | None = None, interval_s: float = 0.02) -> None:
        self.root = root if root is not None else os.getpid()
        self.interval_s = interval_s
        self.bytes = 0
        self.start = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._stop.is_set():
            self.bytes = max(self.bytes, tree_rss(self.root))
            self._stop.wait(self.interval_s)

    @property
    def growth(self) -> int:
        return self.bytes - self.start

    def __enter__(self) -> PeakRss:
        self.start = self.bytes = tree_rss(self.root)
        self._thread.start()
        return self

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        self._stop.set()
        self._thread.join()
        self.bytes = max(self.bytes, tree_rss(self.root))
