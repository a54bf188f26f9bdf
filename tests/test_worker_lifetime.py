"""No worker process of ours outlives the process that started it by 5 s.

Each test starts a parent with its workers busy or waiting, records every
process below the parent, ends the parent (``kill -9``, or SIGTERM for the
server) and checks that all of them are gone within 5 s:

- ``cfl run`` with two workers (the runner's own pool);
- the room server (``scripts/app``): the shared pool, its fork server;
- the game's engine workers, which keep the teams' live runs;
- a task in a process of its own (an uploaded file's fit), which Cancel ends.

A process that has ended but was not yet reaped (a zombie) counts as gone.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

psutil = pytest.importorskip("psutil")

ROOT = Path(__file__).resolve().parents[1]
GRACE = 5.0


def below(pid: int) -> list:
    """Every process under ``pid`` now."""
    try:
        return psutil.Process(pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []


def alive(processes: list) -> list:
    """Those of ``processes`` still running (zombies count as gone)."""
    found = []
    for process in processes:
        try:
            if process.is_running() and process.status() != psutil.STATUS_ZOMBIE:
                found.append(process)
        except psutil.NoSuchProcess:
            pass
    return found


def started(process: object) -> bool:
    """Whether a forked worker runs its watchdog (a second thread): set up."""
    try:
        return process.num_threads() >= 2
    except psutil.NoSuchProcess:
        return False


def wait_for_workers(parent: subprocess.Popen, count: int, timeout: float) -> list:
    """Every process under ``parent`` once ``count`` workers are set up."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = below(parent.pid)
        if sum(started(p) for p in found) >= count:
            return found
        assert parent.poll() is None, "the parent stopped early"
        time.sleep(0.2)
    raise AssertionError(f"fewer than {count} workers after {timeout} s")


def assert_all_gone(workers: list, parent: subprocess.Popen | None = None) -> None:
    """Kill ``parent``: all of ``workers`` end within :data:`GRACE` seconds."""
    if parent is not None:
        parent.kill()
        parent.wait(10)
    deadline = time.monotonic() + GRACE
    while alive(workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = alive(workers)
    for process in left:  # tidy up before failing
        process.kill()
    assert not left, [p.cmdline()[:3] for p in left]


def start(code: str, tmp_path: Path) -> subprocess.Popen:
    """``python -c code`` in ``tmp_path``, with this checkout's package."""
    return subprocess.Popen(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def test_cfl_run_killed_leaves_no_worker(tmp_path: Path) -> None:
    code = (
        "import sys; from simulations.cli.main import main; sys.exit(main(["
        "'run', 'product_centric', '-n', '40', '-w', '2', '-q', '-y', '--no-plots',"
        f"'-o', {str(tmp_path / 'out')!r}]))"
    )
    parent = start(code, tmp_path)
    workers = wait_for_workers(parent, 2, 120)
    assert_all_gone(workers, parent)


def test_the_games_engine_killed_leaves_no_worker(tmp_path: Path) -> None:
    # Started by spawn, the workers import the package first; a model in
    # each shows they are set up (their thread count would not: numpy's
    # threads start while importing).
    code = (
        "import time; from simulations.game.play import Engine\n"
        "from simulations.parameters import Scenario\n"
        "engine = Engine(workers=2)\n"
        "start = Scenario.preset('product_centric').copy(None, **{\n"
        "    'business.days': 20, 'business.warmup_days': 0}).to_dict()\n"
        "engine.add([(('g', rep), start, 2, rep, None) for rep in (0, 1)])\n"
        "open('ready', 'w').close()\n"
        "time.sleep(600)\n"
    )
    parent = start(code, tmp_path)
    deadline = time.monotonic() + 120
    while not (tmp_path / "ready").exists() and time.monotonic() < deadline:
        assert parent.poll() is None, "the parent stopped early"
        time.sleep(0.2)
    workers = below(parent.pid)
    assert_all_gone(workers, parent)


def test_a_task_in_its_own_process_killed_with_its_parent(tmp_path: Path) -> None:
    code = (
        "import time; from simulations.room.pool import OwnProcess\n"
        "OwnProcess().submit(time.sleep, 600)\n"
        "time.sleep(600)\n"
    )
    parent = start(code, tmp_path)
    workers = wait_for_workers(parent, 1, 120)  # the task (and the fork server)
    assert_all_gone(workers, parent)


@pytest.mark.slow
@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM])
def test_the_room_server_ended_leaves_no_worker(
    how: signal.Signals, tmp_path: Path
) -> None:
    from tests.support.webapp import app_server

    with app_server(tmp_path, 180, CFL_LAB_WORKERS="2") as server:
        # the default comparison starts at once: two workers, the fork server
        workers = wait_for_workers(server.process, 2, 120)
        server.process.send_signal(how)
        server.process.wait(GRACE if how == signal.SIGKILL else 30)
        assert_all_gone(workers)
