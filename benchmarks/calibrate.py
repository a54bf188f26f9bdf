"""How fast ``cfl calibrate`` is on a large CRM export: one million rows.

Writes a transactions file of about one million purchases of a BG/NBD
business (Gamma visit rates, Beta drop-out, Gamma-Gamma spend; drawn with
NumPy, not the simulator, so that making the file takes seconds), then times
:func:`simulations.calibration.calibrate_file` on it (reading and checking
the file, the RFM summary, both fits with standard errors, the fit check)
and, as a reference, a bare ``pandas.read_csv`` of the same file.

Goal: under 30 s.

Then, when the ``lifetimes`` package (the ``test`` extra) is installed, the
twin's self-check on its CDNOW sample: ``cfl calibrate ... --until 1997-09-30
--holdout-until 1998-06-30 --check`` (the fit, today's business with the
service mix mapped, ten re-simulations of each period and the tracking plot),
in CPU time, against the fit alone in the same process. Goal: under 60 s.

A report, not a test: it always exits 0 and prints ``MISSED`` next to a goal
it misses. Run ``python benchmarks/calibrate.py`` (``--rows`` for another
size, ``--check-only`` for the self-check alone).
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import io
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from simulations.calibration import calibrate_file
from simulations.cli import main as cfl

GOAL_SECONDS = 30.0
CHECK_GOAL_SECONDS = 60.0
TRUE = {"r": 0.6, "alpha": 3.0, "a": 0.8, "b": 2.5, "p": 5.0, "q": 4.0, "v": 20.0}


def make_file(path: Path, rows: int, seed: int = 1) -> int:
    """Write about ``rows`` purchases over two years; return the row count."""
    rng = np.random.default_rng(seed)
    weeks = 104.0
    customers = int(rows / 5.5)  # about 5.5 purchases each with TRUE below
    lam = rng.gamma(TRUE["r"], 1.0 / TRUE["alpha"], customers)
    drop = rng.beta(TRUE["a"], TRUE["b"], customers)
    start = rng.uniform(0.0, weeks / 2, customers)
    most = 200
    gaps = rng.exponential(1.0, (customers, most)) / lam[:, None]
    times = start[:, None] + np.cumsum(gaps, axis=1)
    times[:, 1:] = times[:, :-1].copy()
    times[:, 0] = start  # the first purchase starts the customer
    # Repeat purchases before dropping out (right after one of them):
    # geometric, at least 1, with chance `drop`.
    repeats = rng.geometric(drop)
    alive = np.arange(most)[None, :] <= repeats[:, None]
    keep = alive & (times < weeks)
    who = np.nonzero(keep)[0]
    when = times[keep]
    nu = rng.gamma(TRUE["q"], 1.0 / TRUE["v"], customers)
    amount = rng.gamma(TRUE["p"], 1.0, len(who)) / nu[who]
    dates = pd.Timestamp("2024-01-01") + pd.to_timedelta(np.floor(when * 7.0), unit="D")
    frame = pd.DataFrame(
        {
            "customer_id": who,
            "date": dates.strftime("%Y-%m-%d"),
            "amount": amount.round(2),
        }
    )
    frame.to_csv(path, index=False)
    return len(frame)


def cdnow_check() -> None:
    """Time ``cfl calibrate --check`` on the CDNOW sample (CPU seconds)."""
    spec = importlib.util.find_spec("lifetimes")
    if spec is None or not spec.submodule_search_locations:
        print(
            "self-check: lifetimes is not installed (pip install -e .[test]): skipped"
        )
        return
    source = Path(spec.submodule_search_locations[0]) / "datasets" / "CDNOW_sample.txt"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "cdnow.txt"
        path.write_text("customer id2 date quantity amount\n" + source.read_text())
        columns = ["--customer", "customer", "--date", "date", "--amount", "amount"]
        period = ["--until", "1997-09-30", "--holdout-until", "1998-06-30"]
        cpu = time.process_time()
        calibrate_file(path, "customer", "date", "amount", until="1997-09-30")
        fit = time.process_time() - cpu
        cpu, wall = time.process_time(), time.perf_counter()
        with contextlib.redirect_stdout(io.StringIO()) as printed:
            status = cfl(
                ["calibrate", str(path), *columns, *period, "--check", "-o", folder]
            )
        seconds = time.process_time() - cpu
        elapsed = time.perf_counter() - wall
    sentence = printed.getvalue().strip().splitlines()[-2]
    verdict = "ok" if seconds < CHECK_GOAL_SECONDS and status == 0 else "MISSED"
    print(f"self-check on CDNOW (exit status {status}): {sentence}")
    print(
        f"cfl calibrate --check: {seconds:.1f} s CPU ({elapsed:.1f} s wall) = "
        f"{seconds / fit:.0f}x the fit alone ({fit:.2f} s); goal < "
        f"{CHECK_GOAL_SECONDS:.0f} s: {seconds / CHECK_GOAL_SECONDS:.2f} of it "
        f"[{verdict}]"
    )


def main() -> None:
    """Make the file, time the calibration, print the report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--check-only", action="store_true")
    args = parser.parse_args()
    if not args.check_only:
        million(args.rows)
    cdnow_check()


def million(rows: int) -> None:
    """Time the calibration of a file of about ``rows`` purchases."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "transactions.csv"
        t0 = time.perf_counter()
        written = make_file(path, rows)
        made = time.perf_counter() - t0
        size = path.stat().st_size / 1e6
        print(f"file: {written:,} rows, {size:.0f} MB, made in {made:.1f} s")
        t0 = time.perf_counter()
        pd.read_csv(path)
        reference = time.perf_counter() - t0
        t0 = time.perf_counter()
        cal = calibrate_file(path, "customer_id", "date", "amount")
        seconds = time.perf_counter() - t0
    print(f"customers: {cal.customers:,}")
    for model, fit in (("BG/NBD", cal.bgnbd), ("Gamma-Gamma", cal.gamma_gamma)):
        shown = ", ".join(
            f"{k} {v:.3g} (true {TRUE[k]})" for k, v in fit.params.items()
        )
        print(f"{model}: {shown}")
    verdict = "ok" if seconds < GOAL_SECONDS else "MISSED"
    print(f"pandas.read_csv alone: {reference:.2f} s")
    print(
        f"calibrate_file: {seconds:.2f} s = {seconds / reference:.1f}x read_csv; "
        f"goal < {GOAL_SECONDS:.0f} s: {seconds / GOAL_SECONDS:.2f} of it [{verdict}]"
    )


if __name__ == "__main__":
    main()
