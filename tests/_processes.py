"""Processes the tests start: find everything below one, and stop it all.

Voilà's kernels and the hub's proxy, service and JupyterLab servers run in sessions of their
own, outside the process group of the server that started them; they are found through
Linux /proc and remembered with their start time, so a reused pid is never killed.
"""

from __future__ import annotations

import os
import signal
import subprocess
from contextlib import suppress
from pathlib import Path

__all__ = ["descendants", "process_table", "stop_tree"]


def process_table() -> dict[int, tuple[int, int]]:
    """pid -> (parent pid, start time) from Linux /proc; elsewhere empty."""
    table: dict[int, tuple[int, int]] = {}
    for entry in Path("/proc").glob("[0-9]*/stat"):
        try:
            stat = entry.read_text()
        except OSError:
            continue
        # "pid (comm) state ppid ... starttime(22nd)"; comm may hold spaces and parentheses.
        rest = stat[stat.rfind(")") + 2 :].split()
        table[int(entry.parent.name)] = (int(rest[1]), int(rest[19]))
    return table


def descendants(pid: int) -> dict[int, int]:
    """Processes below ``pid``, each with its start time (to never kill a reused pid)."""
    table = process_table()
    found: dict[int, int] = {}
    frontier = {pid}
    while frontier:
        frontier = {
            child for child, (parent, _) in table.items() if parent in frontier
        } - found.keys()
        found.update({child: table[child][1] for child in frontier})
    return found


def stop_tree(process: subprocess.Popen[bytes], children: dict[int, int], timeout_s: float) -> None:
    """SIGTERM to ``process``'s group (it stops what it started), SIGKILL after
    ``timeout_s``; then every one of ``children`` (pid -> start time) still running is killed."""
    if process.poll() is None:
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            with suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=timeout_s)
    still_running = process_table()
    for pid, started in children.items():
        if pid in still_running and still_running[pid][1] == started:
            with suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
