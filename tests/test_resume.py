"""Nothing finished is lost: stored runs, --resume, interrupts, name clashes."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time

import pandas as pd
import pytest

from simulations.cli import main
from simulations.model import run as model_run

SHORT = ["--set", "business.days=30", "--set", "business.warmup_days=5"]
QUIET = ["-q", "--no-plots", "-w", "1"]


def _run(args: list[str], capsys) -> tuple[int, str]:
    status = main(args)
    return status, capsys.readouterr().err


def test_resume_runs_only_what_is_missing_and_gives_the_same_numbers(tmp_path, capsys):
    whole, part = tmp_path / "whole", tmp_path / "part"
    args = ["run", "product_centric", "-n", "4", *SHORT, *QUIET]
    assert main([*args, "-o", str(whole)]) == 0
    assert main([*args, "-o", str(part)]) == 0
    # Make it unfinished: forget two replications.
    for name in ("000001.pkl", "000003.pkl"):
        next(part.glob(f"runs/*/{name}")).unlink()
    manifest = json.loads((part / "manifest.json").read_text())
    manifest["complete"] = False
    (part / "manifest.json").write_text(json.dumps(manifest))
    status, err = _run([*args, "-o", str(part)], capsys)
    assert status == 2 and "--resume" in err and "--overwrite" in err
    status, err = _run([*args, "-o", str(part), "-n", "5", "--resume"], capsys)
    assert status == 2 and "replications was 4, now 5" in err
    status, err = _run([*args, "-o", str(part), "--seed", "7", "--resume"], capsys)
    assert status == 2 and "seed was 2026, now 7" in err
    assert main([*args, "-o", str(part), "--resume"]) == 0
    assert len(list(part.glob("runs/*/*.pkl"))) == 4
    name = "replications_product_centric.csv"
    pd.testing.assert_frame_equal(pd.read_csv(whole / name), pd.read_csv(part / name))
    assert main([*args, "-o", str(part), "--overwrite"]) == 0


def test_compare_and_sweep_resume(tmp_path, capsys):
    out = tmp_path / "cmp"
    args = ["compare", "product_centric", "client_centric", "-n", "2", *SHORT]
    assert main([*args, *QUIET, "-o", str(out)]) == 0
    before = pd.read_csv(out / "comparison.csv")
    assert main([*args, *QUIET, "-o", str(out), "--resume"]) == 0
    pd.testing.assert_frame_equal(before, pd.read_csv(out / "comparison.csv"))
    out = tmp_path / "sweep"
    args = ["sweep", "client_centric", "--lever", "business.staff=2,3", "-n", "2"]
    assert main([*args, *SHORT, *QUIET, "-o", str(out)]) == 0
    resume = ["-o", str(out), "--resume"]
    status, err = _run(
        [*args[:3], "business.staff=2,4", "-n", "2", *SHORT, *QUIET, *resume],
        capsys,
    )
    assert status == 2 and "levers was" in err


def test_names_that_share_a_file_name_are_refused(tmp_path, capsys):
    a, b = tmp_path / "a.toml", tmp_path / "b.toml"
    a.write_text('name = "Shop A"\n')
    b.write_text('name = "shop-a"\n')
    status, err = _run(
        ["compare", str(a), str(b), *SHORT, *QUIET, "-o", str(tmp_path / "o")], capsys
    )
    assert status == 2
    assert "'Shop A' and 'shop-a'" in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "o" / "manifest.json").exists()


def test_a_long_name_gives_short_safe_file_names(tmp_path):
    path = tmp_path / "long.toml"
    path.write_text(f'name = "{"Å/.." * 50}"\n')
    out = tmp_path / "o"
    assert main(["run", str(path), "-n", "1", *SHORT, *QUIET, "-o", str(out)]) == 0
    names = [p.name for p in out.rglob("*")]
    assert max(len(n) for n in names) < 100
    assert all("/" not in n and ".." not in n.strip(".") for n in names)


def _fail(*args, **kwargs):
    raise ArithmeticError("no numbers today")


def test_every_replication_failing_is_one_line_and_not_zero(
    tmp_path, capsys, monkeypatch
):
    monkeypatch.setattr(model_run.Model, "run", _fail)
    out = tmp_path / "o"
    status, err = _run(["run", "-n", "3", *SHORT, *QUIET, "-o", str(out)], capsys)
    assert status == 1
    assert err.strip().splitlines() == [err.strip()] and "all 3 replications" in err
    assert "ArithmeticError: no numbers today" in err
    assert (out / "failures.csv").exists()
    cmp = [*SHORT, "-o", str(tmp_path / "c")]
    status, err = _run(
        ["compare", "product_centric", "client_centric", "-n", "2", *QUIET, *cmp],
        capsys,
    )
    assert status == 1 and "Traceback" not in err
    status, err = _run(
        [
            "sweep",
            "client_centric",
            "--lever",
            "business.staff=2,3",
            "-n",
            "1",
            *QUIET,
            *cmp,
        ],
        capsys,
    )
    assert status == 1 and len(err.strip().splitlines()) == 1


def test_a_long_experiment_asks_first(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("CFL_MAX_MINUTES", "0.0001")
    monkeypatch.setattr(sys, "stdin", None)
    args = ["run", "-n", "20", *SHORT, *QUIET, "-o", str(tmp_path / "o")]
    status, err = _run(args, capsys)
    assert status == 2 and "CPU minutes" in err and "--yes" in err
    assert not list((tmp_path / "o").glob("runs/*/*.pkl"))
    monkeypatch.setenv("CFL_MAX_MINUTES", "lots")
    status, err = _run(args, capsys)
    assert status == 2 and "CFL_MAX_MINUTES='lots'" in err


def test_workers_above_the_cores_are_lowered(tmp_path, capsys):
    args = ["run", "-n", "1", *SHORT, "-q", "--no-plots", "-w", "1000"]
    assert main([*args, "-o", str(tmp_path)]) == 0
    err = capsys.readouterr().err
    assert "--workers 1000 lowered to" in err and len(err.strip().splitlines()) == 1


def test_threads_leave_the_gc_threshold_alone():
    import gc
    from concurrent.futures import ThreadPoolExecutor

    from simulations import Scenario
    from simulations.experiments import multiple_replications

    before = gc.get_threshold()
    scenario = Scenario().set(**{"business.days": 10, "business.warmup_days": 0})
    with ThreadPoolExecutor(3) as pool:
        reps = multiple_replications(scenario, 6, executor=pool, progress=False)
    assert len(reps.results) == 6
    assert gc.get_threshold() == before
    assert threading.active_count() >= 1


@pytest.mark.slow
def test_ctrl_c_keeps_finished_runs_and_resume_completes_them(tmp_path):
    """A real SIGINT to a process-pool run, then --resume: the same numbers."""
    env = {**os.environ, "MPLBACKEND": "Agg"}
    args = [sys.executable, "-m", "simulations.cli", "run", "customer_oriented"]
    args += ["-n", "6", "-w", "2", "-q", "--no-plots", "--yes"]
    args += ["--set", "business.days=120", "--set", "business.warmup_days=10"]
    part, whole = tmp_path / "part", tmp_path / "whole"
    proc = subprocess.Popen(
        [*args, "-o", str(part)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # a terminal's Ctrl-C reaches the whole group
    )
    deadline = time.monotonic() + 120
    while len(list(part.glob("runs/*/*.pkl"))) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGINT)
    sent = time.monotonic()
    _, err = proc.communicate(timeout=30)
    assert time.monotonic() - sent < 2.0
    assert proc.returncode == 130, err
    assert "Traceback" not in err and "--resume" in err
    finished = len(list(part.glob("runs/*/*.pkl")))
    assert 2 <= finished < 6
    kept = pd.read_csv(part / "replications_customer_oriented.csv")
    assert len(kept) == finished
    done = subprocess.run(
        [*args, "-o", str(part), "--resume"], env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    plain = subprocess.run(
        [*args, "-o", str(whole)], env=env, capture_output=True, text=True
    )
    assert plain.returncode == 0, plain.stderr
    name = "replications_customer_oriented.csv"
    pd.testing.assert_frame_equal(pd.read_csv(whole / name), pd.read_csv(part / name))


STOP_MID_SEND = """
import sys, time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from simulations.experiments import runner

def big(marker):
    data = b"x" * 300_000_000
    Path(marker).touch()
    return data  # sent to the parent after this: a long write into a pipe

if __name__ == "__main__":
    for i, delay in enumerate([0.0, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4]):
        marker = Path(sys.argv[1]) / f"sending-{i}"
        pool = ProcessPoolExecutor(1, initializer=runner._ignore_sigint)
        pool.submit(big, str(marker))
        while not marker.exists():
            time.sleep(0.001)
        time.sleep(delay)
        manager = pool._executor_manager_thread
        runner._stop_pool(pool)
        manager.join(10)
        assert not manager.is_alive(), f"stuck after a stop {delay} s into the send"
"""


@pytest.mark.slow
def test_a_pool_stopped_while_a_worker_sends_its_result_lets_python_exit(tmp_path):
    """Ctrl-C can stop a worker mid-way through sending a result; the pool's
    manager thread must not wait for the rest for ever (Python joins it at
    exit, so the command would hang after saying it was interrupted)."""
    script = tmp_path / "stop.py"
    script.write_text(STOP_MID_SEND)
    done = subprocess.run(
        [sys.executable, str(script), str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
