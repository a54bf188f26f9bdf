"""Comparisons under common random numbers, and sweeps over a grid of levers.

* :func:`compare` - alternatives against a baseline: paired differences with
  intervals, a plain :func:`verdict` per KPI, and how much common random
  numbers narrowed the interval;
* :func:`sweep` - one or two levers over a grid, as a tidy table.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..i18n import _
from ..model import single_run
from ..parameters import ParameterError, Scenario
from ..present.format import kpi_interval, percent
from ..results import KPIS
from .runner import Replications, Runner, check_replications, run_tasks
from .stats import skewness, t_interval, t_quantile
from .store import RunStore


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


def judge(kpi: str, difference: float, half_width: float) -> str:
    """What a paired difference says: ``better``, ``worse``, ``unclear`` or ``changed``.

    ``unclear`` when the interval holds zero; ``changed`` for a KPI that is
    neither good nor bad to raise (a description, not a goal).

    Examples
    --------
    >>> judge("profit", 1200.0, 300.0), judge("churn_rate", 0.01, 0.002)
    ('better', 'worse')
    >>> judge("mean_wait", -0.1, 0.3), judge("visits", 50.0, 10.0)
    ('unclear', 'changed')
    """
    if (
        math.isnan(difference)
        or math.isnan(half_width)
        or abs(difference) <= half_width
    ):
        return "unclear"
    info = KPIS.get(kpi)
    if info is None or info.higher_is_better is None:
        return "changed"
    return "better" if (difference > 0) == info.higher_is_better else "worse"


def sentence(
    kpi: str,
    difference: float,
    half_width: float,
    confidence: float,
    currency: str | None = None,
) -> str:
    """A clear difference in words, in the language in use.

    Examples
    --------
    >>> sentence("profit", 1200.0, 300.0, 0.95, "RUB")
    'Profit higher by 1,200 ± 300\xa0RUB (95%): better'
    >>> sentence("visits", -50.0, 10.0, 0.9)
    'Visits lower by 50 ± 10 (90%)'
    """
    info = KPIS.get(kpi)
    label = info.label if info else kpi
    amount = kpi_interval(kpi, abs(difference), half_width, currency)
    level = percent(confidence, 0)
    if difference > 0:
        text = _("{kpi} higher by {amount} ({confidence})")
    else:
        text = _("{kpi} lower by {amount} ({confidence})")
    text = text.format(kpi=label, amount=amount, confidence=level)
    kind = judge(kpi, difference, half_width)
    if kind == "better":
        return _("{verdict}: better").format(verdict=text)
    if kind == "worse":
        return _("{verdict}: worse").format(verdict=text)
    return text


def verdict(
    kpi: str,
    difference: float,
    half_width: float,
    confidence: float,
    currency: str | None = None,
) -> str:
    """A plain sentence for a paired difference and its interval.

    Parameters
    ----------
    kpi
        Name of the KPI (its label and direction come from :data:`KPIS`).
    difference
        Mean paired difference, alternative minus baseline.
    half_width
        Half-width of its confidence interval.
    confidence
        Confidence level of the interval.
    currency
        Currency of money KPIs (``economics.currency``), written after the
        interval; None leaves it out.

    Examples
    --------
    >>> verdict("profit", 1200.0, 300.0, 0.95, "RUB")
    'Profit higher by 1,200 ± 300\xa0RUB (95%): better'
    >>> verdict("mean_wait", -0.1, 0.3, 0.95)
    'no clear difference'
    """
    if judge(kpi, difference, half_width) == "unclear":
        return _("no clear difference")
    return sentence(kpi, difference, half_width, confidence, currency)


def _paired_rows(
    base: Replications, alt: Replications, kpis: Sequence[str], confidence: float
) -> list[dict[str, Any]]:
    """One row per KPI: the alternative minus the baseline, pair by pair."""
    currency = base.scenario.economics.currency
    a, b = base.kpis, alt.kpis
    common = a.index.intersection(b.index)  # pairs: same replication index
    n = len(common)
    # One look-up of every KPI's column (a look-up per KPI cost the server
    # more than the statistics).
    kpis = list(kpis)
    xa = a.loc[common, kpis].to_numpy(float)
    ya = b.loc[common, kpis].to_numpy(float)
    rows = []
    for j, kpi in enumerate(kpis):
        x, y = xa[:, j], ya[:, j]
        diff, hw = t_interval(y - x, confidence)
        # The half-width independent runs of the same size would give
        # (Welch), to show what common random numbers bought.
        indep = math.nan
        # A KPI with nothing to count in a run is NaN there: leave it out.
        xs, ys = x[~np.isnan(x)], y[~np.isnan(y)]
        if n > 1 and len(xs) > 1 and len(ys) > 1:
            se = math.sqrt(np.var(xs, ddof=1) / n + np.var(ys, ddof=1) / n)
            indep = t_quantile(confidence, n - 1) * se
        rows.append(
            {
                "alternative": alt.name,
                "kpi": kpi,
                "baseline": float(np.mean(xs)) if len(xs) else math.nan,
                "value": float(np.mean(ys)) if len(ys) else math.nan,
                "difference": diff,
                "ci_low": diff - hw,
                "ci_high": diff + hw,
                "half_width": hw,
                "independent_half_width": indep,
                "crn_narrowing": 1 - hw / indep if indep and indep > 0 else math.nan,
                "pairs": n,
                "skew": skewness(y - x),
                "verdict": verdict(kpi, diff, hw, confidence, currency),
                "kind": judge(kpi, diff, hw),
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
    store: RunStore | None = None,
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
    workers, executor, progress, record_visits, runner, store
        See :func:`.runner.run_tasks`.

    Returns
    -------
    Comparison
        ``.table`` holds the paired differences and verdicts.
    """
    check_replications(replications)
    if isinstance(alternatives, Scenario):
        alternatives = [alternatives]
    scenarios = [baseline.copy()] + [s.copy() for s in alternatives]
    names = [s.name for s in scenarios]
    if len(set(names)) != len(names):
        raise ParameterError(
            _("scenario names must differ to compare; got {names}").format(names=names)
        )
    for s in scenarios:
        s.seed = baseline.seed
    money = {s.economics.currency for s in scenarios}
    if len(money) > 1:
        codes = ", ".join(sorted(money))
        raise ParameterError(
            _(
                "economics.currency differs between the scenarios ({codes}); "
                "compare scenarios in one currency"
            ).format(codes=codes)
        )
    kpis = list(kpis) if kpis is not None else list(KPIS)
    unknown = [k for k in kpis if k not in KPIS]
    if unknown:
        raise ParameterError(
            _("kpis {unknown} are unknown; choose from {known}").format(
                unknown=unknown, known=", ".join(KPIS)
            )
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
        store=store,
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


def sweep(
    scenario: Scenario,
    levers: dict[str, Sequence[Any]],
    replications: int = 5,
    *,
    workers: int | None = None,
    executor: Executor | None = None,
    progress: bool = True,
    runner: Runner = single_run,
    store: RunStore | None = None,
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
    workers, executor, progress, runner, store
        See :func:`.runner.run_tasks`.

    Returns
    -------
    pandas.DataFrame
        Columns: the levers, ``replication``, then every KPI. Failed runs are
        left out; ``DataFrame.attrs["failures"]`` lists them.
    """
    check_replications(replications)
    if not 1 <= len(levers) <= 2:
        raise ParameterError(
            _("levers: {count} given; a sweep takes one or two levers").format(
                count=len(levers)
            )
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
        store=store,
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
    frame = pd.DataFrame(rows, columns=None if rows else [*names, "replication", *KPIS])
    frame.attrs["failures"] = batch.failures
    frame.attrs["interrupted"] = batch.interrupted
    return frame
