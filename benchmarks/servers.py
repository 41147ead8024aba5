"""What the benchmark scripts that start a server share: a free loopback port, and stopping it."""

from __future__ import annotations

import signal
import socket
import subprocess

HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def stop(process: subprocess.Popen[bytes], grace_s: float = 30) -> None:
    """Ctrl-C the process this script started, then kill it if it does not exit in `grace_s`."""
    process.send_signal(signal.SIGINT)
    try:
        process.wait(grace_s)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
