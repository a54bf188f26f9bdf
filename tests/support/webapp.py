"""Start and stop the policy lab's web app from Python.

``scripts/app`` serves the lab with one Solara server. The browser tests and the
load benchmark both need to start it on a free loopback port, wait until it
answers, and stop it with every process it started (the pool's workers); this
module does that once for both. It needs the repository checkout
(``scripts/app``) and psutil, so it lives with the tests, not in the installed package.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "scripts" / "app"

CHROMIUM = "/usr/bin/chromium"
"""Debian's Chromium: browser downloads do not work here, the Debian package does."""

CHROMIUM_ARGS = [
    "--no-sandbox",  # root in containers and CI
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # Without these, Chromium keeps calling out to a closed network.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",  # small /dev/shm in containers
]
"""Flags for headless Chromium in tests and benchmarks."""


def offline_context(chromium: Any, blocked: list[str], **options: Any) -> Any:
    """A new browser context (a new visitor) that reaches 127.0.0.1 only.

    Every request elsewhere is refused and its address added to ``blocked``:
    the page must work with no internet. ``options`` go to Playwright's
    ``new_context`` (``viewport``, ``locale``...).
    """
    context = chromium.new_context(**options)

    def route(request_route: Any) -> None:
        url = request_route.request.url
        if url.startswith(("http://127.0.0.1", "ws://127.0.0.1")):
            request_route.continue_()
        else:
            blocked.append(url)
            request_route.abort()

    context.route("**/*", route)
    return context


def free_port() -> int:
    """A TCP port nobody listens on, on the loopback interface."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def answers(port: int) -> bool:
    """True once the server answers HTTP (any status) on the port."""
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        conn.request("GET", "/")
        conn.getresponse().read()
        conn.close()
        return True
    except OSError:
        return False


def stop_tree(proc: subprocess.Popen, grace: float = 20.0) -> None:
    """Stop the server, then anything it started (the pool's worker processes)."""
    import psutil

    try:
        children = psutil.Process(proc.pid).children(recursive=True)
    except psutil.NoSuchProcess:
        children = []
    if proc.poll() is None:
        proc.terminate()  # on SIGTERM the server closes its sessions, then exits
        try:
            proc.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)
    _, alive = psutil.wait_procs(children, timeout=5)
    for child in alive:
        with contextlib.suppress(psutil.NoSuchProcess):
            child.kill()
    psutil.wait_procs(alive, timeout=5)


@dataclass(frozen=True)
class Server:
    """A running app: its address, its log file and its process."""

    url: str
    log: Path
    process: subprocess.Popen


@contextlib.contextmanager
def app_server(workdir: Path, timeout: float = 180.0, **env: str) -> Iterator[Server]:
    """``scripts/app`` on a free loopback port, stopped on exit.

    Parameters
    ----------
    workdir
        Folder for the log (``app.log``) and the lab's saved files.
    timeout
        Seconds to wait for the first answer.
    **env
        Extra environment variables, e.g. ``CFL_LAB_MAX_WORK="1e6"``.
    """
    port = free_port()
    log = workdir / "app.log"
    environment = {
        **os.environ,
        "PORT": str(port),
        "HOST": "127.0.0.1",
        "CFL_LAB_DIR": str(workdir / "lab"),
        "MPLBACKEND": "Agg",
        **env,
    }
    with log.open("wb") as out:
        proc = subprocess.Popen(
            ["bash", str(APP)],
            cwd=ROOT,
            env=environment,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + timeout
        while not answers(port):
            if proc.poll() is not None:
                raise RuntimeError(
                    f"the app stopped with code {proc.returncode}:\n{log.read_text()}"
                )
            if time.monotonic() > deadline:
                raise RuntimeError(f"the app did not answer in {timeout:.0f} s")
            time.sleep(0.5)
        yield Server(f"http://127.0.0.1:{port}/", log, proc)
    finally:
        stop_tree(proc)


def click_until(button: Any, shown: Any, timeout: float, again: float) -> None:
    """Click ``button`` until ``shown`` is visible: once more after ``again`` ms.

    A click can miss when the page moves under the pointer as a message from
    the server redraws it (seen once each in the game's debrief and the
    Russian lab in full test runs); a person clicks again, and so does a test,
    once. ``shown`` must wait for what the click does, so a click that never
    works still fails after ``again + timeout`` ms.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    button.click()
    try:
        shown.wait_for(timeout=again)
    except PlaywrightTimeout:
        button.click()
        shown.wait_for(timeout=timeout)
