"""The lab's upload of sales is fitted in the fair queue, in a process of its own.

- a file with more rows than ``CFL_MAX_ROWS`` is refused with one line that
  names the limit, before anything is read or queued;
- the fit runs in a process of its own, never in the server's process: the
  server's own copy of the fitting function is replaced by one that fails;
- *Cancel* ends that process (killed, not left to finish) and leaves the
  baseline as it was.
"""

from __future__ import annotations

import importlib
import os
import signal
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from simulations.lab import PolicyLab
from simulations.room.fair import FairQueue
from simulations.room.pool import OwnProcess

FAST = {"days": 40, "warmup_days": 5, "replications": 2, "workers": 1}


def sales(rows: int, customers: int, seed: int = 1) -> bytes:
    """A CSV of ``rows`` purchases by ``customers`` customers over two years."""
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame(
        {
            "customer": [f"c{i}" for i in rng.integers(0, customers, rows)],
            "date": np.datetime64("2024-01-01") + rng.integers(0, 700, rows),
            "amount": rng.gamma(2.0, 500.0, rows).round(2),
        }
    )
    return frame.to_csv(index=False).encode()


class SeenProcesses(OwnProcess):
    """:class:`OwnProcess` that remembers the processes it started."""

    def __init__(self) -> None:
        super().__init__()
        self.started: list[Any] = []

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Future:
        future = super().submit(fn, *args, **kwargs)
        self.started.append(self.running[future])
        return future


@pytest.fixture
def not_here(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fitting in this process fails (a process of its own has its own copy)."""

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the upload was fitted in the server's own process")

    for name in ("calibrate", "today"):  # the fit, and the upload's one call
        module = importlib.import_module(f"simulations.calibration.{name}")
        monkeypatch.setattr(module, "calibrate", refuse)


def lab_with(tmp_path: Path) -> tuple[PolicyLab, FairQueue, SeenProcesses]:
    alone = SeenProcesses()
    queue = FairQueue(ThreadPoolExecutor(1), slots=1, alone=alone)
    return PolicyLab(**FAST, save_dir=tmp_path, queue=queue), queue, alone


def test_a_file_over_the_row_cap_is_refused_before_it_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, not_here: None
) -> None:
    monkeypatch.setenv("CFL_MAX_ROWS", "100")
    lab, queue, alone = lab_with(tmp_path)
    assert lab.calibration.run(sales(101, 20)) is None
    assert lab.error_text == (
        "transactions file of 101 rows is too large; this server fits at most "
        "100 rows (keep the most recent purchases)"
    )
    assert alone.started == [] and queue.jobs == []
    assert lab.state.baseline.name == "product-centric"


def test_the_fit_runs_in_a_process_of_its_own(tmp_path: Path, not_here: None) -> None:
    lab, queue, alone = lab_with(tmp_path)
    scenario = lab.calibration.run(sales(3000, 300))
    assert scenario is not None, lab.error_text
    assert lab.state.baseline is scenario or lab.state.baseline == scenario
    assert "Fitted 300 customers" in lab.calibration.answer.value
    assert len(alone.started) == 1
    assert alone.started[0].pid != os.getpid() and alone.started[0].exitcode == 0
    assert queue.jobs == [] and queue.in_pool == 0


def test_cancel_ends_the_fit_and_keeps_the_baseline(tmp_path: Path) -> None:
    lab, queue, alone = lab_with(tmp_path)
    before = lab.state.baseline
    data = sales(400_000, 40_000)  # about 9 s of fitting on one core
    answer: list[Any] = []
    thread = threading.Thread(target=lambda: answer.append(lab.calibration.run(data)))
    thread.start()
    deadline = time.monotonic() + 60
    while not alone.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert alone.started, "the fit did not start"
    process = alone.started[0]
    time.sleep(1.0)
    assert process.is_alive()
    lab.calibration.cancel()
    thread.join(30)
    assert not thread.is_alive() and answer == [None]
    while alone.running and time.monotonic() < deadline:  # until it is reaped
        time.sleep(0.05)
    assert process.exitcode == -signal.SIGKILL  # ended, not left to finish
    assert "cancelled" in lab.calibration.status.value
    assert lab.state.baseline is before and lab.error_text == ""
    assert queue.jobs == [] and queue.in_pool == 0
