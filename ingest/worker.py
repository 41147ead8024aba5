"""Load + parse one file in a child process that has a deadline and a memory cap.

Why a process: the limits of `ingest.load.limits` refuse the hostile files we know how to recognise
(zip bombs, element floods, deep nesting, page floods); a file that is slow or large in a way nobody
foresaw must still not stall a batch or take the web server's memory with it. A thread cannot be
stopped; a child can be killed at the deadline, and its memory goes with it.

Why a fork server: the children are forked from a small process that imported the loaders and the
parser once (multiprocessing's "forkserver"), so a file costs one fork (a few milliseconds, see
`benchmarks/ingest_bench.py`), not a fresh interpreter — and the caller, a web server with threads,
never forks itself.

    >>> report = read_report(Path("corpus/gaoqing_county_public_security_2024.txt"), Settings(), lambda _: False)
    >>> report.meta.agency
    '高青县公安局'
"""

from __future__ import annotations

import hashlib
import logging
import multiprocessing
import resource
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection
from multiprocessing.context import ForkServerContext
from pathlib import Path

from ingest.config import Settings
from ingest.errors import IngestError
from ingest.load import ReadLimits, load_bytes, read_file
from ingest.parse import parse
from ingest.records import Report

_PRELOAD = ["ingest.worker"]  # the fork server imports this module, hence the loaders and the parser
_context_lock = threading.Lock()
_context: ForkServerContext | None = None


def read_report(path: Path, settings: Settings, known: Callable[[str], bool]) -> Report | str:
    """The parsed report, or only its sha256 when `known(sha256)` says it is stored already (a
    second run over the same files parses nothing)."""
    data = read_file(path, settings.max_file_bytes)
    digest = hashlib.sha256(data).hexdigest()
    if known(digest):
        return digest
    return parse_isolated(data, str(path), ReadLimits.from_settings(settings), settings.max_file_bytes)


def parse_isolated(data: bytes, name: str, limits: ReadLimits, max_bytes: int | None = None) -> Report:
    """`parse(load_bytes(...))` in a child killed after `limits.parse_timeout_s`. Raises IngestError
    naming the file: the reader's own refusal, the deadline, or the memory cap."""
    context = _forkserver()
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(send, data, name, max_bytes, limits), daemon=True)
    child.start()
    send.close()
    try:
        if not receive.poll(limits.parse_timeout_s):
            raise IngestError(
                name,
                f"解析超时：{limits.parse_timeout_s:g} 秒内未能读完，已中止 "
                f"(parsing took longer than {limits.parse_timeout_s:g} s and was stopped)",
            )
        kind, payload = receive.recv()
    except EOFError:
        child.join(5)
        raise IngestError(name, _death(child.exitcode)) from None
    finally:
        receive.close()
        if child.is_alive():
            child.kill()
        child.join()
    if kind == "report":
        return payload
    file, reason, field = payload
    raise IngestError(file, reason, field)


def _death(exitcode: int | None) -> str:
    return (
        f"解析进程异常退出（退出码 {exitcode}），文件可能过大或过于复杂 "
        f"(the parse worker died with exit code {exitcode}: the file may be too large or too complex)"
    )


def _forkserver() -> ForkServerContext:
    global _context
    with _context_lock:
        if _context is None:
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(_PRELOAD)
            _context = context
        return _context


def _child(conn: Connection, data: bytes, name: str, max_bytes: int | None, limits: ReadLimits) -> None:
    """In the child: cap the address space, read and parse, send back the report or the refusal."""
    logging.disable(logging.WARNING)  # pdfminer's complaints about damaged streams: the refusal says it
    cap = _cap_memory(limits.parse_memory_bytes)
    result: tuple[str, object]
    try:
        result = ("report", parse(load_bytes(data, name, max_bytes, limits)))
    except Exception as exc:  # the boundary: no library exception reaches the caller
        if isinstance(exc, MemoryError) or _hit(cap):
            # a C parser that cannot allocate says "unknown error": the cap is the reason
            result = ("refused", (name, _memory_reason(limits), None))
        elif isinstance(exc, IngestError):
            result = ("refused", (exc.file, exc.reason, exc.field))
        else:
            detail = f"{type(exc).__name__}: {str(exc)[:200]}"
            result = ("refused", (name, f"解析失败 (could not parse the file: {detail})", None))
    conn.send(result)
    conn.close()


def _memory_reason(limits: ReadLimits) -> str:
    mb = limits.parse_memory_bytes // 2**20
    return (
        f"文件解压后过大或过于复杂：读取时所需内存超过 {mb} MB 的上限 "
        f"(reading the file needs more than the {mb} MB memory cap)"
    )


def _address_space(field: str = "VmSize") -> int | None:
    """This process's address space (VmSize) or its peak so far (VmPeak), in bytes (Linux /proc)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            line = next(line for line in fh if line.startswith(f"{field}:"))
    except (OSError, StopIteration):
        return None
    return int(line.split()[1]) * 1024


def _cap_memory(extra_bytes: int) -> int | None:
    """Limit the child's address space to what it has now plus `extra_bytes`; returns the cap."""
    now = _address_space()
    if now is None:
        return None
    cap = now + extra_bytes
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    return cap


def _hit(cap: int | None) -> bool:
    """Whether the address space came within 5 % of the cap: an allocation has most likely failed."""
    peak = _address_space("VmPeak")
    return cap is not None and peak is not None and peak >= cap * 0.95
