"""Shared helpers for the statistical tests.

* :func:`plain_queue` builds the M/M/c (or M/M/c+M) reduction of the model:
  no loyalty feedback, exponential service times with the untrained mean,
  no advertising, so every arrival is a one-off Poisson customer.
* :func:`t_interval` is the Student-t confidence interval of a mean.
* :func:`replicate` runs independent replications, on up to two worker
  processes (``CFL_TEST_WORKERS`` overrides the number; 1 runs in-process),
  through the package's own :func:`simulations.experiments.run_tasks` with a
  runner that measures each result in the worker.

They are plain functions, handed to tests through session fixtures of the same
name, so that worker processes can unpickle them by reference. For the
calibration tests: :func:`known_business` (a business whose customers follow
known BG/NBD and Gamma-Gamma parameters, :data:`KNOWN`), ``cdnow_file`` (the
CDNOW sample) and ``cdnow`` (its calibration to 1997-09-30 with the holdout to
1998-06-30).
"""

from __future__ import annotations

import functools
import importlib.util
import math
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from scipy import stats

from simulations import RunResult, Scenario, single_run
from simulations.experiments import run_tasks

SERVICE_TIME = 8.0
"""Mean service time (minutes) of the plain-queue scenarios: the default."""

OPEN_HOURS = 10.0
"""Opening hours a day of the plain-queue scenarios: the default."""

DAY_MINUTES = OPEN_HOURS * 60


def plain_queue(
    servers: int,
    load: float,
    *,
    days: int,
    warmup_days: int,
    patience: float = math.inf,
    target_wait: float = 4.0,
    seed: int = 2026,
    name: str = "plain queue",
) -> Scenario:
    """The model reduced to an M/M/c queue (M/M/c+M with finite patience).

    ``load`` is the offered load in erlangs, ``arrival_rate * SERVICE_TIME``;
    the arrival rate per open minute is ``load / SERVICE_TIME``, so prospects
    a day are that times the minutes of a day.
    """
    arrival_rate = load / SERVICE_TIME
    return Scenario.plain_queue(
        arrival_rate * DAY_MINUTES,
        SERVICE_TIME,
        servers,
        patience=patience,
        target_wait=target_wait,
        days=days,
        warmup_days=warmup_days,
        open_hours=OPEN_HOURS,
        name=name,
        seed=seed,
    )


def t_interval(
    values: Sequence[float], confidence: float
) -> tuple[float, float, float]:
    """Mean and two-sided Student-t confidence interval ``(mean, low, high)``.

    Uses ``mean +- t_{n-1, (1+confidence)/2} * s / sqrt(n)`` with the sample
    standard deviation ``s`` (``ddof=1``).
    """
    x = np.asarray(values, dtype=float)
    if x.size < 2 or not np.all(np.isfinite(x)):
        raise ValueError(f"need at least two finite values, got {x!r}")
    mean = float(x.mean())
    half = float(
        stats.t.ppf(0.5 + confidence / 2, df=x.size - 1)
        * x.std(ddof=1)
        / math.sqrt(x.size)
    )
    return mean, mean - half, mean + half


def kpis(result: RunResult) -> dict[str, float]:
    """Default measure of a replication: its KPIs."""
    return result.kpis


def _measured(
    scenario: Scenario,
    replication: int,
    record_visits: bool,
    *,
    measure: Callable[[RunResult], Any],
) -> Any:
    """A ``run_tasks`` runner: one run, measured in the worker."""
    return measure(single_run(scenario, replication, record_visits))


def workers() -> int:
    """Worker processes for replications: ``CFL_TEST_WORKERS`` or up to two."""
    return int(os.environ.get("CFL_TEST_WORKERS", min(2, os.cpu_count() or 1)))


_POOL: list[Executor] = []


def _pool() -> Executor | None:
    if workers() <= 1:
        return None
    if not _POOL:
        _POOL.append(ProcessPoolExecutor(max_workers=workers()))
    return _POOL[0]


def run_many(
    jobs: Sequence[tuple[Scenario, int]],
    *,
    record_visits: bool = False,
    measure: Callable[[RunResult], Any] = kpis,
) -> list[Any]:
    """``measure(single_run(scenario, replication))`` for each job, in order.

    ``measure`` must be a module-level function (it travels to the workers by
    name). A failed run fails the test; so does a Ctrl-C.
    """
    batch = run_tasks(
        jobs,
        workers=1,
        executor=_pool(),
        progress=False,
        record_visits=record_visits,
        runner=functools.partial(_measured, measure=measure),
    )
    if batch.interrupted:
        raise KeyboardInterrupt
    if batch.failures:
        lines = [f"{f.scenario!r} #{f.replication}: {f.error}" for f in batch.failures]
        raise RuntimeError("replications failed:\n" + "\n".join(lines))
    return batch.results


def replicate(
    scenario: Scenario,
    replications: int | Sequence[int],
    *,
    record_visits: bool = False,
    measure: Callable[[RunResult], Any] = kpis,
) -> list[Any]:
    """``measure(single_run(scenario, i))`` for each replication index ``i``.

    ``replications`` is a count (indices 0, 1, ...) or a list of indices.
    Results come back in the order of the indices.
    """
    indices = range(replications) if isinstance(replications, int) else replications
    return run_many(
        [(scenario, i) for i in indices], record_visits=record_visits, measure=measure
    )


@pytest.fixture(scope="session", autouse=True)
def _shut_down_pool() -> Iterator[None]:
    yield
    while _POOL:
        _POOL.pop().shutdown()


@pytest.fixture(name="t_interval", scope="session")
def t_interval_fixture() -> Callable[..., tuple[float, float, float]]:
    """The Student-t interval helper, see :func:`t_interval`."""
    return t_interval


@pytest.fixture(name="replicate", scope="session")
def replicate_fixture() -> Callable[..., list[Any]]:
    """The replication runner, see :func:`replicate`."""
    return replicate


@pytest.fixture(name="plain_queue", scope="session")
def plain_queue_fixture() -> Callable[..., Scenario]:
    """The plain-queue scenario builder, see :func:`plain_queue`."""
    return plain_queue


def cdnow_path() -> Path | None:
    """The CDNOW sample shipped by ``lifetimes``, found without importing it.

    2,357 customers of the online CD retailer CDNOW who first bought in the
    first quarter of 1997, with their purchases to June 1998 (Fader, Hardie &
    Lee 2005). ``lifetimes`` is a test-only dependency (the ``test`` extra):
    only its data file ``lifetimes/datasets/CDNOW_sample.txt`` is read.
    """
    spec = importlib.util.find_spec("lifetimes")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(spec.submodule_search_locations[0]) / "datasets" / "CDNOW_sample.txt"
    return path if path.exists() else None


@pytest.fixture(scope="session")
def cdnow_file(tmp_path_factory) -> Path:
    """The CDNOW sample with a header row (the file itself has none)."""
    source = cdnow_path()
    if source is None:
        pytest.skip("lifetimes (test extra) is not installed: no CDNOW sample")
    path = tmp_path_factory.mktemp("cdnow") / "cdnow.txt"
    path.write_text(
        "customer id2 date quantity amount\n" + source.read_text(), encoding="utf-8"
    )
    return path


KNOWN = {
    "bgnbd": {"r": 0.6, "alpha": 3.0, "a": 0.8, "b": 2.5},
    "gamma_gamma": {"p": 5.0, "q": 4.0, "v": 20.0},
}
"""The "real" business of the calibration round trips (a week as the unit)."""


def known_business(prospects_per_day: float, **changes: Any) -> Scenario:
    """A business of :data:`KNOWN` customers, only new ones, with ``changes``."""
    from simulations.calibration import to_scenario

    scenario = to_scenario(
        KNOWN["bgnbd"],
        KNOWN["gamma_gamma"],
        "week",
        initial_customers=0,  # every customer's first visit is observed
        prospects_per_day=prospects_per_day,
    )
    return scenario.set(**changes)


@pytest.fixture(scope="session")
def cdnow(cdnow_file):
    """CDNOW calibrated to 1997-09-30 in weeks, with the holdout to 1998-06-30."""
    from simulations.calibration import calibrate_file

    return calibrate_file(
        cdnow_file,
        "customer",
        "date",
        "amount",
        until="1997-09-30",
        holdout_until="1998-06-30",
    )
