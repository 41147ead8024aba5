"""Bounded loopback load on `nianbao serve`: `make load` (prints figures, asserts nothing).

Starts the server on a free loopback port over a fresh data dir (the corpus is ingested on first
start; `--reports` adds more), then for each client count (10, 25, 50) keeps that many clients
asking `POST /api/ask` for `--seconds` (60) each: two table questions to one prose question, built
from the stored reports. Prints throughput, p50/p95/p99 per kind of question, errors, and the
server's resident memory (its parse workers included). The per-client rate limit is switched off
for the run (NIANBAO_RATE_LIMIT_PER_MINUTE=0): this measures the service, not the limit.

usage: python benchmarks/load.py [--clients 10 25 50] [--seconds 60] [--mix 2:1] [--reports FILE...]

The clients are a minimal HTTP/1.1 keep-alive loop on asyncio streams, cheap enough not to steal much
CPU from the server on the same 2 cores. Only 127.0.0.1 is ever contacted; the run stops by itself
and ends the one server process it started.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from servers import HOST, free_port, stop

TABLE = (
    "{a}{y}年收到多少件信息公开申请？",
    "{a}{y}年予以公开的申请有多少？",
    "{a}{y}年不予公开的申请占办理总数的比例是多少？",
    "{a}{y}年行政复议有多少件？",
    "{a}{y}年行政处罚决定有多少？",
    "{a}{y}年无法提供的申请一共多少件？",
)
PROSE = (
    "{a}{y}年政府信息公开工作存在哪些主要问题？",
    "{a}{y}年收取信息处理费了吗？",
    "{a}{y}年政府信息公开平台建设情况如何？",
)


@dataclass
class Tally:
    latencies: dict[str, list[float]] = field(default_factory=lambda: {"table": [], "prose": []})
    errors: dict[str, int] = field(default_factory=dict)

    def error(self, why: str) -> None:
        self.errors[why] = self.errors.get(why, 0) + 1


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def tree_rss_mb(pid: int) -> float:
    """Resident memory of `pid` and its children (the fork server and parse workers), in MB."""
    pids, total = {pid}, 0
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    pids.add(int(entry.name))
            except (OSError, ValueError, IndexError):
                continue
    for p in pids:
        try:
            total += int(Path(f"/proc/{p}/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, ValueError, IndexError):
            continue
    return total / 2**20


async def ask(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, question: str) -> int:
    """One POST /api/ask on a kept-alive connection; returns the status code (body read and dropped)."""
    body = json.dumps({"question": question}, ensure_ascii=False).encode()
    writer.write(
        b"POST /api/ask HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\n"
        b"Content-Length: %d\r\n\r\n%s" % (HOST.encode(), len(body), body)
    )
    await writer.drain()
    status = int((await reader.readline()).split()[1])
    length = 0
    while (line := await reader.readline()) not in (b"\r\n", b""):
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    await reader.readexactly(length)
    return status


async def client(
    port: int, questions: list[tuple[str, str]], offset: int, until: float, tally: Tally
) -> None:
    reader, writer = await asyncio.open_connection(HOST, port)
    i = offset
    try:
        while time.monotonic() < until:
            kind, question = questions[i % len(questions)]
            i += 1
            started = time.perf_counter()
            try:
                status = await ask(reader, writer, question)
            except (OSError, asyncio.IncompleteReadError, ValueError, IndexError) as exc:
                tally.error(type(exc).__name__)
                writer.close()
                reader, writer = await asyncio.open_connection(HOST, port)
                continue
            if status == 200:
                tally.latencies[kind].append((time.perf_counter() - started) * 1000)
            else:
                tally.error(f"HTTP {status}")
    finally:
        writer.close()


async def level(port: int, questions: list[tuple[str, str]], clients: int, seconds: float) -> Tally:
    tally = Tally()
    until = time.monotonic() + seconds
    step = max(1, len(questions) // clients)
    await asyncio.gather(*(client(port, questions, i * step, until, tally) for i in range(clients)))
    return tally


def mixed_questions(reports: list[dict[str, object]], mix: tuple[int, int] = (2, 1)) -> list[tuple[str, str]]:
    """`mix` table questions to prose questions (2:1), over every stored agency's latest year."""
    latest: dict[str, int] = {}
    for r in reports:
        latest[str(r["agency"])] = max(latest.get(str(r["agency"]), 0), int(str(r["year"])))
    table = [("table", t.format(a=a, y=y)) for a, y in sorted(latest.items()) for t in TABLE]
    prose = [("prose", t.format(a=a, y=y)) for a, y in sorted(latest.items()) for t in PROSE]
    n_table, n_prose = mix
    table, prose = (table if n_table else []), (prose if n_prose else [])
    mixed: list[tuple[str, str]] = []
    while table or prose:
        mixed += table[:n_table] + prose[:n_prose]
        table, prose = table[n_table:], prose[n_prose:]
    return mixed


def start_server(data_dir: Path, port: int, reports: list[str]) -> subprocess.Popen[bytes]:
    nianbao = shutil.which("nianbao") or str(Path(sys.executable).with_name("nianbao"))
    env = {**os.environ, "NIANBAO_RATE_LIMIT_PER_MINUTE": "0", "NIANBAO_DATA_DIR": str(data_dir)}
    if reports:
        subprocess.run(
            [nianbao, "ingest", "--quiet", *reports], env=env, check=True, stdout=subprocess.DEVNULL
        )
    log = (data_dir / "serve.log").open("wb")
    server = subprocess.Popen(
        [nianbao, "serve", "--host", HOST, "--port", str(port)], env=env, stdout=log, stderr=log
    )
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((HOST, port), timeout=1):
                return server
        except OSError:
            if server.poll() is not None:
                raise SystemExit(f"the server exited: see {data_dir / 'serve.log'}") from None
            time.sleep(0.5)
    stop(server)
    raise SystemExit("the server did not start within 300 s")


def stored_reports(port: int) -> list[dict[str, object]]:
    import urllib.request

    with urllib.request.urlopen(f"http://{HOST}:{port}/api/reports", timeout=30) as reply:
        return list(json.load(reply))


def report(clients: int, seconds: float, tally: Tally, rss_mb: float) -> str:
    done = sum(len(v) for v in tally.latencies.values())
    every = tally.latencies["table"] + tally.latencies["prose"]
    parts = [f"{clients:>3} clients × {seconds:.0f} s: {done / seconds:6.1f} answers/s"]
    for kind, values in (("all", every), *tally.latencies.items()):
        parts.append(
            f"{kind} n={len(values)} p50 {percentile(values, 0.5):.0f} p95 {percentile(values, 0.95):.0f} "
            f"p99 {percentile(values, 0.99):.0f} ms"
        )
    errors = sum(tally.errors.values())
    parts.append(f"errors {errors}" + (f" {tally.errors}" if errors else ""))
    parts.append(f"server RSS {rss_mb:.0f} MB")
    return " | ".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, nargs="+", default=[10, 25, 50])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--reports", nargs="*", default=[], help="also ingest these before serving")
    parser.add_argument("--mix", default="2:1", help="table:prose questions (1:0 = table only)")
    args = parser.parse_args()
    mix = (int(args.mix.split(":")[0]), int(args.mix.split(":")[1]))
    with tempfile.TemporaryDirectory(prefix="nianbao-load-") as tmp:
        port = free_port()
        server = start_server(Path(tmp), port, args.reports)
        try:
            questions = mixed_questions(stored_reports(port), mix)
            print(
                f"{len(questions)} questions ({sum(k == 'table' for k, _ in questions)} table), cores {os.cpu_count()}"
            )
            asyncio.run(level(port, questions, 2, 5.0))  # warm-up: caches, indexes
            for clients in args.clients:
                tally = asyncio.run(level(port, questions, clients, args.seconds))
                print(report(clients, args.seconds, tally, tree_rss_mb(server.pid)), flush=True)
        finally:
            stop(server)


if __name__ == "__main__":
    main()
