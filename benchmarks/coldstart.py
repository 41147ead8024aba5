"""Cold starts as a user meets them, through the real commands: `nianbao ask` from process start to the
first answer line, and `nianbao serve` from process start to the first HTTP 200 — then its RSS while it
answers a round of questions over the JSON API.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from benchmarks.servers import stop

NIANBAO = Path(sys.executable).with_name("nianbao")


def _env(embed_model: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        NIANBAO_EMBED_MODEL=embed_model,
        NIANBAO_RATE_LIMIT_PER_MINUTE="1000000",  # the bench is one client asking fast, not an abuser
        HF_HUB_OFFLINE="1",
        TRANSFORMERS_OFFLINE="1",
        ANONYMIZED_TELEMETRY="False",
        GRADIO_ANALYTICS_ENABLED="False",
    )
    return env


def ask_cold_start(data_dir: Path, question: str, embed_model: str) -> float:
    """Seconds from starting `nianbao ask --json` to its answer line."""
    started = time.perf_counter()
    with subprocess.Popen(
        [str(NIANBAO), "ask", "--json", "--data-dir", str(data_dir), question],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=_env(embed_model),
        text=True,
    ) as proc:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        elapsed = time.perf_counter() - started
        proc.wait(timeout=120)
    json.loads(line)  # an answer, not an error page
    return elapsed


def _rss_mb(pid: int) -> tuple[float, float]:
    """(current, peak) resident set of a process, MB."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            fields[key] = int(value.split()[0]) / 1024
    return round(fields.get("VmRSS", 0)), round(fields.get("VmHWM", 0))


def _get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return int(response.status)
    except (urllib.error.URLError, OSError):
        return 0


def _post(url: str, payload: dict[str, str]) -> dict[str, object]:
    request = urllib.request.Request(
        url, json.dumps(payload).encode(), {"Content-Type": "application/json"}, method="POST"
    )
    with urllib.request.urlopen(request, timeout=300) as response:
        return dict(json.loads(response.read()))


@dataclass(frozen=True)
class Serving:
    first_200_s: float | None
    rss_idle_mb: float
    rss_serving_mb: float
    peak_rss_mb: float
    answered: int


def serve_cold_start(
    data_dir: Path, port: int, questions: Sequence[str], embed_model: str, timeout_s: float = 600
) -> Serving:
    """Start `nianbao serve`, time the first 200 on /, ask `questions` over /api/ask, read its RSS, stop it."""
    base = f"http://127.0.0.1:{port}"
    started = time.perf_counter()
    proc = subprocess.Popen(
        [str(NIANBAO), "serve", "--host", "127.0.0.1", "--port", str(port), "--data-dir", str(data_dir)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=_env(embed_model),
    )
    try:
        first_200 = None
        while time.perf_counter() - started < timeout_s and proc.poll() is None:
            if _get(base + "/") == 200:
                first_200 = time.perf_counter() - started
                break
            time.sleep(0.1)
        if first_200 is None:
            return Serving(None, 0, 0, 0, 0)
        idle, _ = _rss_mb(proc.pid)
        answered = sum(1 for q in questions if "answer" in _post(base + "/api/ask", {"question": q}))
        current, peak = _rss_mb(proc.pid)
        return Serving(round(first_200, 2), idle, current, peak, answered)
    finally:
        stop(proc)
