"""The server's side of ``load.py``: the CPU and memory of its process tree.

The room server (``scripts/app``) and everything it starts (the pool's
workers, the fork server) are one process tree; this module reads that
tree's CPU seconds and memory with psutil, waits until it is idle, keeps it
on a core of its own (``--apart``) and runs it on another interpreter
(``--python``).
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil


# ---------------------------------------------------------------- server CPU
def tree_cpu(pid: int) -> float:
    """CPU seconds of a process tree: live processes and the children they reaped.

    A process that ended counts in its parent's ``children_*`` times once the
    parent has waited for it (the pool's workers and the fork server's
    children are waited for by their parents).
    """
    try:
        root = psutil.Process(pid)
        processes = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0.0
    total = 0.0
    for p in processes:
        with contextlib.suppress(psutil.NoSuchProcess, psutil.AccessDenied):
            t = p.cpu_times()
            total += t.user + t.system + t.children_user + t.children_system
    return total


def own_cpu(pid: int) -> float:
    """CPU seconds of the server process alone (Solara, the pages, the lab)."""
    with contextlib.suppress(psutil.NoSuchProcess):
        t = psutil.Process(pid).cpu_times()
        return t.user + t.system
    return 0.0


def until_idle(
    pid: int, quiet: float = 0.05, seconds: int = 3, limit: float = 600.0
) -> float:
    """Wait until the server tree uses under ``quiet`` s of CPU a second for
    ``seconds`` seconds in a row (at most ``limit`` s); its CPU seconds then."""
    end = time.monotonic() + limit
    last, calm = tree_cpu(pid), 0
    while time.monotonic() < end:
        time.sleep(1.0)
        now = tree_cpu(pid)
        calm = calm + 1 if now - last < quiet else 0
        last = now
        if calm >= seconds:
            break
    return last


# ---------------------------------------------------------------- memory
class MemoryWatch:
    """Samples the memory of two process trees in a background thread."""

    def __init__(self, server_pid: int, interval: float = 2.0) -> None:
        self.server_pid = server_pid
        self.interval = interval
        self.peak = {"server": 0, "browser": 0}
        self.peak_pss = {"server": 0, "browser": 0}
        self.peak_processes = {"server": 0, "browser": 0}
        self.seen: dict[int, float] = {}  # pid -> start time, of the server tree
        self.cpu: dict[str, dict[int, float]] = {"server": {}, "browser": {}}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def trees(self) -> dict[str, list[psutil.Process]]:
        me = psutil.Process()
        try:
            server = psutil.Process(self.server_pid)
            server_tree = [server, *server.children(recursive=True)]
        except psutil.NoSuchProcess:
            server_tree = []
        server_pids = {p.pid for p in server_tree}
        for p in server_tree:
            with contextlib.suppress(psutil.NoSuchProcess):
                self.seen.setdefault(p.pid, p.create_time())
        browser_tree = [
            p for p in me.children(recursive=True) if p.pid not in server_pids
        ]
        # Bash started the server with exec: the server is our child; leave it out.
        return {"server": server_tree, "browser": browser_tree}

    def sample(self, pss: bool = False) -> dict[str, tuple[int, int, int]]:
        """(RSS bytes, PSS bytes or 0, processes) of each tree, now."""
        out = {}
        for name, procs in self.trees().items():
            rss = pss_total = count = 0
            for p in procs:
                try:
                    times = p.cpu_times()
                    self.cpu[name][p.pid] = times.user + times.system
                    if pss:
                        info = p.memory_full_info()
                        pss_total += info.pss
                        rss += info.rss
                    else:
                        rss += p.memory_info().rss
                    count += 1
                except (psutil.NoSuchProcess, psutil.AccessDenied):
                    pass
            out[name] = (rss, pss_total, count)
        return out

    def _loop(self) -> None:
        while not self._stop.wait(self.interval):
            self.record(self.sample(pss=True))

    def record(self, sample: dict[str, tuple[int, int, int]]) -> None:
        for name, (rss, pss, count) in sample.items():
            self.peak[name] = max(self.peak[name], rss)
            self.peak_pss[name] = max(self.peak_pss[name], pss)
            self.peak_processes[name] = max(self.peak_processes[name], count)

    def __enter__(self) -> MemoryWatch:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=30)


def mib(n: int) -> str:
    return f"{n / 2**20:,.0f} MiB"


def keep_apart(server_pid: int, cores: list[int]) -> None:
    """The server's processes on the first core; this script and its browsers elsewhere.

    In a room the visitors' browsers run on their own devices. On one machine
    they share the server's cores, and each switch between a browser and the
    server costs the server cache misses: its CPU seconds grow by up to half.
    """
    tree = psutil.Process(server_pid)
    for p in [tree, *tree.children(recursive=True)]:
        with contextlib.suppress(psutil.NoSuchProcess):
            p.cpu_affinity(cores[:1])
    os.sched_setaffinity(0, cores[1:])


def server_env(python: str | None) -> dict[str, str]:
    """The environment that makes ``scripts/app`` run on ``python`` (None: this one)."""
    if python is None:
        return {}
    folder = str(Path(python).parent)
    return {"PATH": folder + os.pathsep + os.environ.get("PATH", "")}


def interpreter(python: str | None) -> str:
    """The server's interpreter: its path and version."""
    exe = python or sys.executable
    version = subprocess.run(
        [exe, "-c", "import platform; print(platform.python_version())"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    return f"{exe} (Python {version})"
