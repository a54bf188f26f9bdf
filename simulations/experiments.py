"""Experiments: replications, confidence intervals, comparisons, sweeps, warm-up.

One run proves nothing. This module runs many, in parallel, and reports
honest error bars:

* :func:`multiple_replications` - one scenario, N independent replications,
  mean / sd / Student-t interval per KPI;
* :func:`replications_needed` - how many replications give a chosen relative
  precision (the sequential method of Hoad, Robinson & Davies 2010);
* :func:`mser5` and :func:`choose_warmup` - warm-up length by MSER-5;
* :func:`compare` - alternatives against a baseline under common random
  numbers: paired differences with intervals, a plain verdict per KPI, and
  how much common random numbers narrowed the interval;
* :func:`sweep` - one or two levers over a grid, as a tidy table.

Every function takes ``workers`` (processes; 1 runs in this process) or any
:class:`concurrent.futures.Executor`, such as a Dask cluster's
``Client(address).get_executor()``. Replication ``i`` always uses the random
streams of index ``i``, so results do not depend on how work is spread.
Finished replications are kept when one fails or the user interrupts.
"""

from __future__ import annotations

import itertools
import math
import os
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats
from tqdm.auto import tqdm

from .model import single_run
from .parameters import ParameterError, Scenario
from .results import KPIS, RunResult

Runner = Callable[[Scenario, int, bool], RunResult]


# ---------------------------------------------------------------- statistics
def t_interval(
    values: Sequence[float], confidence: float = 0.95
) -> tuple[float, float]:
    """Mean and Student-t half-width of a sample.

    Parameters
    ----------
    values
        Independent observations (one per replication).
    confidence
        Confidence level of the interval, e.g. 0.95.

    Returns
    -------
    tuple
        ``(mean, half_width)``; the half-width is NaN for fewer than two values.

    Examples
    --------
    >>> mean, hw = t_interval([1.0, 2.0, 3.0])
    >>> mean, round(hw, 3)
    (2.0, 2.484)
    """
    if not 0 < confidence < 1:
        raise ParameterError(
            f"confidence = {confidence!r} is not allowed; must be between 0 and 1"
        )
    x = np.asarray(values, dtype=float)
    x = x[~np.isnan(x)]
    n = len(x)
    if n == 0:
        return math.nan, math.nan
    mean = float(x.mean())
    if n < 2:
        return mean, math.nan
    sd = float(x.std(ddof=1))
    return mean, float(stats.t.ppf(0.5 + confidence / 2, n - 1) * sd / math.sqrt(n))


def summarise_kpis(table: pd.DataFrame, confidence: float = 0.95) -> pd.DataFrame:
    """Mean, sd and confidence interval of each KPI column of ``table``."""
    rows = {}
    for kpi in table.columns:
        values = table[kpi].to_numpy(dtype=float)
        mean, hw = t_interval(values, confidence)
        rows[kpi] = {
            "mean": mean,
            "sd": float(np.nanstd(values, ddof=1)) if len(values) > 1 else math.nan,
            "ci_low": mean - hw,
            "ci_high": mean + hw,
            "half_width": hw,
            "n": int(np.sum(~np.isnan(values))),
        }
    return pd.DataFrame.from_dict(rows, orient="index")


# ---------------------------------------------------------------- running
@dataclass
class Failure:
    """A replication that did not finish."""

    scenario: str
    replication: int
    error: str


def _run_one(
    scenario: Scenario, replication: int, record_visits: bool, runner: Runner
) -> RunResult | Failure:
    """Run one task in a worker; a failure comes back as data, not an exception."""
    try:
        return runner(scenario, replication, record_visits)
    except Exception as err:
        return Failure(scenario.name, replication, f"{type(err).__name__}: {err}")


@dataclass
class Batch:
    """Results of a batch of tasks, in task order, with what went wrong."""

    results: list[RunResult | None]
    failures: list[Failure] = field(default_factory=list)
    interrupted: bool = False


def run_tasks(
    tasks: Sequence[tuple[Scenario, int]],
    *,
    workers: int | None = None,
    executor: Executor | None = None,
    progress: bool = True,
    record_visits: bool = False,
    runner: Runner = single_run,
    description: str = "replications",
) -> Batch:
    """Run ``(scenario, replication)`` tasks, in parallel where asked.

    Parameters
    ----------
    tasks
        What to run.
    workers
        Processes to use when no executor is given; ``None`` uses every core,
        1 runs here, one task after another.
    executor
        Any :class:`concurrent.futures.Executor` (a Dask cluster's included).
    progress
        Show a progress bar (terminal or notebook).
    record_visits
        Keep each run's table of visits.
    runner
        The function that runs one task (tests replace it).
    description
        Label of the progress bar.

    Returns
    -------
    Batch
        One entry per task, None where it failed or never ran. A Ctrl-C stops
        the batch and keeps what has finished.
    """
    workers = _check_workers(workers)
    results: list[RunResult | None] = [None] * len(tasks)
    batch = Batch(results)
    bar = tqdm(total=len(tasks), desc=description, disable=not progress, leave=False)

    def keep(i: int, outcome: RunResult | Failure) -> None:
        if isinstance(outcome, Failure):
            batch.failures.append(outcome)
        else:
            results[i] = outcome
        bar.update()

    own_pool = None
    try:
        if executor is None and (workers == 1 or len(tasks) <= 1):
            for i, (scenario, rep) in enumerate(tasks):
                keep(i, _run_one(scenario, rep, record_visits, runner))
        else:
            if executor is None:
                own_pool = ProcessPoolExecutor(max_workers=min(workers, len(tasks)))
                executor = own_pool
            futures: dict[Future, int] = {
                executor.submit(_run_one, scenario, rep, record_visits, runner): i
                for i, (scenario, rep) in enumerate(tasks)
            }
            for future in as_completed(futures):
                i = futures[future]
                try:
                    keep(i, future.result())
                except Exception as err:
                    scenario, rep = tasks[i]
                    keep(i, Failure(scenario.name, rep, f"{type(err).__name__}: {err}"))
    except KeyboardInterrupt:
        batch.interrupted = True
    finally:
        bar.close()
        if own_pool is not None:
            own_pool.shutdown(wait=not batch.interrupted, cancel_futures=True)
    batch.failures.sort(key=lambda f: (f.scenario, f.replication))
    return batch


def _check_workers(workers: int | None) -> int:
    if workers is None:
        return os.cpu_count() or 1
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise ParameterError(
            f"workers = {workers!r} is not allowed; must be a whole number >= 1"
        )
    return workers


def _check_replications(replications: int) -> int:
    if (
        isinstance(replications, bool)
        or not isinstance(replications, int)
        or not 1 <= replications <= 10_000
    ):
        raise ParameterError(
            f"replications = {replications!r} is not allowed; must be a whole "
            "number from 1 to 10000"
        )
    return replications


# ---------------------------------------------------------------- replications
@dataclass
class Replications:
    """The replications of one scenario.

    Attributes
    ----------
    scenario
        The scenario that was run.
    results
        One :class:`RunResult` per finished replication, by replication index.
    failures
        Replications that raised an error.
    interrupted
        True when the user stopped the batch early.
    """

    scenario: Scenario
    results: list[RunResult]
    failures: list[Failure] = field(default_factory=list)
    interrupted: bool = False

    @property
    def name(self) -> str:
        """Name of the scenario."""
        return self.scenario.name

    @property
    def kpis(self) -> pd.DataFrame:
        """One row per replication, one column per KPI."""
        frame = pd.DataFrame(
            [r.kpis for r in self.results], index=[r.replication for r in self.results]
        )
        frame.index.name = "replication"
        return frame

    def summary(self, confidence: float = 0.95) -> pd.DataFrame:
        """Mean, sd and confidence interval per KPI."""
        return summarise_kpis(self.kpis, confidence)

    def daily_mean(self, column: str) -> pd.Series:
        """A daily column averaged over the replications."""
        return pd.concat([r.daily[column] for r in self.results], axis=1).mean(axis=1)

    @property
    def complete(self) -> bool:
        """True when every replication asked for has finished."""
        return not self.failures and not self.interrupted


def multiple_replications(
    scenario: Scenario,
    replications: int = 10,
    *,
    first: int = 0,
    workers: int | None = None,
    executor: Executor | None = None,
    progress: bool = True,
    record_visits: bool = False,
    runner: Runner = single_run,
) -> Replications:
    """Run independent replications of one scenario.

    Parameters
    ----------
    scenario
        The business to simulate.
    replications
        How many runs.
    first
        Index of the first replication (to add runs to an earlier batch).
    workers, executor, progress, record_visits, runner
        See :func:`run_tasks`.

    Returns
    -------
    Replications
        The finished runs; ``.summary()`` gives the confidence intervals.

    Examples
    --------
    >>> from simulations import Scenario
    >>> reps = multiple_replications(Scenario(), 3, workers=1, progress=False)
    >>> reps.summary().loc["profit", "n"]
    np.int64(3)
    """
    scenario.validate()
    _check_replications(replications)
    tasks = [(scenario, first + i) for i in range(replications)]
    batch = run_tasks(
        tasks,
        workers=workers,
        executor=executor,
        progress=progress,
        record_visits=record_visits,
        runner=runner,
        description=scenario.name,
    )
    done = [r for r in batch.results if r is not None]
    return Replications(scenario, done, batch.failures, batch.interrupted)


@dataclass
class Precision:
    """Outcome of :func:`replications_needed`."""

    kpi: str
    target: float
    replications: int | None  # None: not reached within the limit
    table: pd.DataFrame  # n, mean, half_width, relative half-width

    def __str__(self) -> str:
        if self.replications is None:
            return (
                f"{self.kpi}: relative half-width {self.target:.0%} not reached in "
                f"{len(self.table)} replications"
            )
        return (
            f"{self.kpi}: {self.replications} replications give a relative "
            f"half-width of {self.target:.0%} or less"
        )


def replications_needed(
    scenario: Scenario,
    kpi: str = "profit",
    precision: float = 0.05,
    *,
    confidence: float = 0.95,
    initial: int = 5,
    look_ahead: int = 5,
    max_replications: int = 100,
    workers: int | None = None,
    executor: Executor | None = None,
    progress: bool = True,
) -> Precision:
    """Smallest number of replications whose interval is narrow enough.

    After Hoad, Robinson & Davies (2010): add replications until the
    relative half-width of the KPI's confidence interval is at most
    ``precision``, and stays there for ``look_ahead`` more replications (the
    interval can narrow by chance and widen again).

    Parameters
    ----------
    scenario
        The business to simulate.
    kpi
        Name of the KPI (see :data:`simulations.KPIS`).
    precision
        Wanted half-width relative to the mean, e.g. 0.05 for 5%.
    confidence
        Confidence level of the interval.
    initial
        Replications run before the first check (at least 3).
    look_ahead
        Extra replications that must keep the precision.
    max_replications
        Give up after this many.
    workers, executor, progress
        See :func:`run_tasks`.
    """
    if kpi not in KPIS:
        raise ParameterError(
            f"kpi = {kpi!r} is unknown; choose one of {', '.join(KPIS)}"
        )
    if not 0 < precision < 1:
        raise ParameterError(
            f"precision = {precision!r} is not allowed; must be between 0 and 1"
        )
    initial = max(3, initial)
    values: list[float] = []
    table = pd.DataFrame()
    while len(values) < max_replications:
        # First a small batch, then look_ahead more at a time, in parallel.
        size = min(
            initial if not values else look_ahead, max_replications - len(values)
        )
        reps = multiple_replications(
            scenario,
            size,
            first=len(values),
            workers=workers,
            executor=executor,
            progress=progress,
        )
        if not reps.complete:
            raise RuntimeError("replications stopped early; precision not known")
        values.extend(reps.kpis[kpi].tolist())
        rows = []
        for n in range(1, len(values) + 1):
            mean, hw = t_interval(values[:n], confidence)
            rel = abs(hw / mean) if mean else math.inf
            rows.append({"n": n, "mean": mean, "half_width": hw, "relative": rel})
        table = pd.DataFrame(rows).set_index("n")
        ok = (table["relative"] <= precision).to_numpy()
        # The first n that is precise enough and stays so for look_ahead more.
        for n in range(2, len(values) - look_ahead + 1):
            if ok[n - 1 : n + look_ahead].all():
                return Precision(kpi, precision, n, table)
    return Precision(kpi, precision, None, table)


# ---------------------------------------------------------------- warm-up
def mser5(series: Sequence[float]) -> int:
    """Warm-up by MSER-5: how many leading points to drop.

    The series is cut into batches of five; for each truncation point ``d``
    (in batches, up to half the batches) the marginal standard error rule
    scores ``sum((y - mean)^2) / (n - d)^2`` of what remains, and the
    smallest score wins (White 1997; Hoad, Robinson & Davies 2010).

    Returns
    -------
    int
        Number of points of ``series`` to leave out (a multiple of five).

    Examples
    --------
    >>> mser5([10.0] * 20 + [1.0, 2.0] * 40)
    20
    """
    y = np.asarray(series, dtype=float)
    n_batches = len(y) // 5
    if n_batches < 4:
        raise ParameterError(
            f"series of {len(y)} points is too short for MSER-5; need at least 20"
        )
    batches = y[: n_batches * 5].reshape(n_batches, 5).mean(axis=1)
    best, best_d = math.inf, 0
    for d in range(n_batches // 2 + 1):
        rest = batches[d:]
        score = float(((rest - rest.mean()) ** 2).sum()) / len(rest) ** 2
        if score < best:
            best, best_d = score, d
    return best_d * 5


def choose_warmup(
    scenario: Scenario,
    column: str = "profit",
    replications: int = 5,
    *,
    workers: int | None = None,
    executor: Executor | None = None,
    progress: bool = True,
) -> int:
    """Warm-up days for ``scenario`` by MSER-5 on a daily column.

    Runs ``replications`` runs with no warm-up, averages the daily ``column``
    (e.g. ``"profit"`` or ``"active_customers"``) over them, and applies
    :func:`mser5`.
    """
    trial = scenario.copy(**{"business.warmup_days": 0})
    reps = multiple_replications(
        trial, replications, workers=workers, executor=executor, progress=progress
    )
    if not reps.results:
        raise RuntimeError("no replication finished; warm-up not known")
    daily = reps.daily_mean(column)
    if column not in reps.results[0].daily.columns:
        raise ParameterError(f"column = {column!r} is not a daily column")
    return mser5(daily.to_numpy())


# ---------------------------------------------------------------- compare
@dataclass
class Comparison:
    """Alternatives against a baseline, under common random numbers.

    Attributes
    ----------
    baseline
        Replications of the baseline.
    alternatives
        Replications of each alternative, by name.
    table
        One row per (alternative, KPI): means, paired difference, its
        interval, the interval independent runs would have given, and a
        verdict.
    confidence
        Confidence level of the intervals.
    """

    baseline: Replications
    alternatives: dict[str, Replications]
    table: pd.DataFrame
    confidence: float

    def verdicts(self, kpis: Iterable[str] | None = None) -> pd.DataFrame:
        """Verdicts as a small table: alternative x KPI."""
        table = self.table.reset_index()
        if kpis is not None:
            table = table[table["kpi"].isin(list(kpis))]
        return table.pivot(index="kpi", columns="alternative", values="verdict")

    @property
    def all(self) -> dict[str, Replications]:
        """Baseline and alternatives, by name, baseline first."""
        return {self.baseline.name: self.baseline, **self.alternatives}


def number(x: float) -> str:
    """A number as people read it: thousands separated, three figures.

    Examples
    --------
    >>> number(204321.7), number(0.03471), number(-1.5)
    ('204,322', '0.0347', '-1.5')
    """
    if math.isnan(x):
        return "n/a"
    if abs(x) >= 1000:
        return f"{x:,.0f}"
    return f"{x:.3g}"


def with_interval(value: float, half_width: float | None = None) -> str:
    """A number with its interval half-width, as people read them.

    Examples
    --------
    >>> with_interval(204321.7, 19612.0), with_interval(0.0347, float("nan"))
    ('204,322 ± 19,612', '0.0347')
    """
    text = number(value)
    if half_width is not None and not math.isnan(half_width):
        text += f" ± {number(half_width)}"
    return text


def verdict(kpi: str, difference: float, half_width: float, confidence: float) -> str:
    """A plain sentence for a paired difference and its interval.

    Examples
    --------
    >>> verdict("profit", 1200.0, 300.0, 0.95)
    'Profit higher by 1,200 ± 300 (95%): better'
    >>> verdict("mean_wait", -0.1, 0.3, 0.95)
    'no clear difference'
    """
    if (
        math.isnan(difference)
        or math.isnan(half_width)
        or abs(difference) <= half_width
    ):
        return "no clear difference"
    info = KPIS.get(kpi)
    label = info.label if info else kpi
    word = "higher" if difference > 0 else "lower"
    text = (
        f"{label} {word} by {number(abs(difference))} ± {number(half_width)} "
        f"({confidence:.0%})"
    )
    if info is None or info.higher_is_better is None:
        return text
    better = (difference > 0) == info.higher_is_better
    return f"{text}: {'better' if better else 'worse'}"


def _paired_rows(
    base: Replications, alt: Replications, kpis: Sequence[str], confidence: float
) -> list[dict[str, Any]]:
    a, b = base.kpis, alt.kpis
    common = a.index.intersection(b.index)  # pairs: same replication index
    rows = []
    for kpi in kpis:
        x, y = a.loc[common, kpi].to_numpy(float), b.loc[common, kpi].to_numpy(float)
        diff, hw = t_interval(y - x, confidence)
        # The half-width independent runs of the same size would give
        # (Welch), to show what common random numbers bought.
        n = len(common)
        indep = math.nan
        if n > 1:
            se = math.sqrt(np.nanvar(x, ddof=1) / n + np.nanvar(y, ddof=1) / n)
            indep = float(stats.t.ppf(0.5 + confidence / 2, n - 1) * se)
        rows.append(
            {
                "alternative": alt.name,
                "kpi": kpi,
                "baseline": float(np.nanmean(x)) if n else math.nan,
                "value": float(np.nanmean(y)) if n else math.nan,
                "difference": diff,
                "ci_low": diff - hw,
                "ci_high": diff + hw,
                "half_width": hw,
                "independent_half_width": indep,
                "crn_narrowing": 1 - hw / indep if indep and indep > 0 else math.nan,
                "pairs": n,
                "verdict": verdict(kpi, diff, hw, confidence),
            }
        )
    return rows


def compare(
    baseline: Scenario,
    alternatives: Scenario | Sequence[Scenario],
    replications: int = 10,
    *,
    kpis: Sequence[str] | None = None,
    confidence: float = 0.95,
    workers: int | None = None,
    executor: Executor | None = None,
    progress: bool = True,
    record_visits: bool = False,
    runner: Runner = single_run,
) -> Comparison:
    """Compare alternatives with a baseline using common random numbers.

    Every scenario runs with the baseline's seed and the same replication
    indices, so each pair of runs sees the same arrivals, patience and
    service draws; the difference is then measured per pair, which removes
    most of the noise the two runs share.

    Parameters
    ----------
    baseline
        Today's business.
    alternatives
        One or more policies to try. Their seeds are set to the baseline's.
    replications
        Runs per scenario.
    kpis
        KPIs in the table (default: all).
    confidence
        Confidence level of the intervals.
    workers, executor, progress, record_visits, runner
        See :func:`run_tasks`.

    Returns
    -------
    Comparison
        ``.table`` holds the paired differences and verdicts.
    """
    _check_replications(replications)
    if isinstance(alternatives, Scenario):
        alternatives = [alternatives]
    scenarios = [baseline.copy()] + [s.copy() for s in alternatives]
    names = [s.name for s in scenarios]
    if len(set(names)) != len(names):
        raise ParameterError(f"scenario names must differ to compare; got {names}")
    for s in scenarios:
        s.seed = baseline.seed
    kpis = list(kpis) if kpis is not None else list(KPIS)
    unknown = [k for k in kpis if k not in KPIS]
    if unknown:
        raise ParameterError(
            f"kpis {unknown} are unknown; choose from {', '.join(KPIS)}"
        )
    tasks = [(s, r) for s in scenarios for r in range(replications)]
    batch = run_tasks(
        tasks,
        workers=workers,
        executor=executor,
        progress=progress,
        record_visits=record_visits,
        runner=runner,
        description="compare",
    )
    groups = []
    for k, s in enumerate(scenarios):
        chunk = batch.results[k * replications : (k + 1) * replications]
        fails = [f for f in batch.failures if f.scenario == s.name]
        groups.append(
            Replications(
                s, [r for r in chunk if r is not None], fails, batch.interrupted
            )
        )
    base, alts = groups[0], {g.name: g for g in groups[1:]}
    rows = [row for g in groups[1:] for row in _paired_rows(base, g, kpis, confidence)]
    table = pd.DataFrame(rows).set_index(["alternative", "kpi"])
    return Comparison(base, alts, table, confidence)


# ---------------------------------------------------------------- sweeps
def sweep(
    scenario: Scenario,
    levers: dict[str, Sequence[Any]],
    replications: int = 5,
    *,
    workers: int | None = None,
    executor: Executor | None = None,
    progress: bool = True,
    runner: Runner = single_run,
) -> pd.DataFrame:
    """Run a grid of one or two levers; one row per scenario x replication.

    Parameters
    ----------
    scenario
        The starting point; each grid point changes only the swept levers.
    levers
        Dotted parameter name -> values, e.g. ``{"business.staff": [2, 3, 4]}``.
    replications
        Runs per grid point (common random numbers across points).
    workers, executor, progress, runner
        See :func:`run_tasks`.

    Returns
    -------
    pandas.DataFrame
        Columns: the levers, ``replication``, then every KPI. Failed runs are
        left out; ``DataFrame.attrs["failures"]`` lists them.
    """
    _check_replications(replications)
    if not 1 <= len(levers) <= 2:
        raise ParameterError(
            f"levers: {len(levers)} given; a sweep takes one or two levers"
        )
    names = list(levers)
    points = list(itertools.product(*(list(levers[n]) for n in names)))
    scenarios = []
    for point in points:
        label = ", ".join(f"{n}={v}" for n, v in zip(names, point, strict=True))
        scenarios.append(scenario.copy(label, **dict(zip(names, point, strict=True))))
    tasks = [(s, r) for s in scenarios for r in range(replications)]
    batch = run_tasks(
        tasks,
        workers=workers,
        executor=executor,
        progress=progress,
        runner=runner,
        description="sweep",
    )
    rows = []
    for (point, rep), result in zip(
        itertools.product(points, range(replications)), batch.results, strict=True
    ):
        if result is not None:
            rows.append(
                {
                    **dict(zip(names, point, strict=True)),
                    "replication": rep,
                    **result.kpis,
                }
            )
    frame = pd.DataFrame(rows)
    frame.attrs["failures"] = batch.failures
    frame.attrs["interrupted"] = batch.interrupted
    return frame
