"""A Ctrl-C at any moment of ``cfl run``: one line, exit status 130, no traceback.

A real SIGINT goes to the whole process group (as a terminal's Ctrl-C does)
at moments spread over the program's life: while Python loads the package
and NumPy, pandas, SciPy and SimPy, while the pool of workers starts, and
while replications run. Python's own start-up, before it reads a line of the
package (its ``site`` module, tens of milliseconds), is left out: no program
can catch a Ctrl-C there.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

ENV = {**os.environ, "MPLBACKEND": "Agg"}
RUN = [sys.executable, "-m", "simulations.cli", "run", "customer_oriented"]
RUN += ["-n", "4", "-w", "2", "-q", "--yes", "--no-plots"]
RUN += ["--set", "business.days=60", "--set", "business.warmup_days=5"]


@pytest.fixture(scope="module")
def start_up() -> float:
    """Seconds Python takes to start here, before it reads the package."""
    began = time.monotonic()
    subprocess.run([sys.executable, "-c", "pass"], env=ENV, check=True)
    return time.monotonic() - began


@pytest.mark.slow
@pytest.mark.parametrize("after", [0.02, 0.1, 0.3, 0.6, 1.0, 1.5, 2.2, 3.0, 5.0])
def test_a_ctrl_c_at_any_moment_is_one_line_and_status_130(tmp_path, start_up, after):
    proc = subprocess.Popen(
        [*RUN, "-o", str(tmp_path / "o")],
        env=ENV,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # a terminal's Ctrl-C reaches the whole group
    )
    time.sleep(2 * start_up + after)
    os.killpg(proc.pid, signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    if proc.returncode == 0:
        pytest.skip(f"the run finished before the Ctrl-C ({after} s)")
    assert proc.returncode == 130, err
    assert "Traceback" not in err and "Error" not in err, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("cfl: interrupted"), err
