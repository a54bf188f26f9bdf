"""Planning a study: how many replications, and how long a warm-up.

* :func:`replications_needed` - how many replications give a chosen relative
  precision (the sequential method of Hoad, Robinson & Davies 2010);
* :func:`choose_warmup` - warm-up days by MSER-5 on a daily output.

Both run the model through :func:`.runner.multiple_replications` and judge
the numbers with :mod:`.stats`.
"""

from __future__ import annotations

import math
from concurrent.futures import Executor
from dataclasses import dataclass

import pandas as pd

from ..i18n import _, ngettext
from ..model.ledger import DAILY_COLUMNS
from ..parameters import ParameterError, Scenario
from ..present.format import percent
from ..results import KPIS
from .runner import multiple_replications
from .stats import mser5, t_interval


@dataclass
class Precision:
    """Outcome of :func:`replications_needed`.

    Attributes
    ----------
    kpi
        The KPI whose interval was watched.
    target
        The relative half-width asked for.
    replications
        The number found; None when not reached within the limit.
    table
        One row per number of replications ``n``: mean, half-width and
        relative half-width.
    """

    kpi: str
    target: float
    replications: int | None  # None: not reached within the limit
    table: pd.DataFrame  # n, mean, half_width, relative half-width

    def __str__(self) -> str:
        target = percent(self.target, 0)
        if self.replications is None:
            return ngettext(
                "{kpi}: relative half-width {target} not reached in {n} replication",
                "{kpi}: relative half-width {target} not reached in {n} replications",
                len(self.table),
            ).format(kpi=self.kpi, target=target, n=len(self.table))
        return ngettext(
            "{kpi}: {n} replication gives a relative half-width of {target} or less",
            "{kpi}: {n} replications give a relative half-width of {target} or less",
            self.replications,
        ).format(kpi=self.kpi, target=target, n=self.replications)


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
        See :func:`.runner.run_tasks`.

    Returns
    -------
    Precision
        The number found (or None) and the table of intervals by ``n``.
    """
    if kpi not in KPIS:
        raise ParameterError(
            _("kpi = {kpi!r} is unknown; choose one of {known}").format(
                kpi=kpi, known=", ".join(KPIS)
            )
        )
    if not 0 < precision < 1:
        raise ParameterError(
            _("precision = {value!r} is not allowed; must be between 0 and 1").format(
                value=precision
            )
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
    :func:`.stats.mser5`.

    Parameters
    ----------
    scenario
        The business to simulate; its own warm-up is ignored.
    column
        A column of :attr:`RunResult.daily`.
    replications
        Runs to average.
    workers, executor, progress
        See :func:`.runner.run_tasks`.

    Returns
    -------
    int
        Days to leave out at the start (a multiple of five).
    """
    if column not in DAILY_COLUMNS:
        raise ParameterError(
            _(
                "column = {column!r} is not a daily column; choose one of {known}"
            ).format(column=column, known=", ".join(DAILY_COLUMNS))
        )
    trial = scenario.copy(**{"business.warmup_days": 0})
    reps = multiple_replications(
        trial, replications, workers=workers, executor=executor, progress=progress
    )
    if reps.interrupted:
        raise KeyboardInterrupt  # the user stopped the warm-up runs
    if not reps.results:
        first = reps.failures[0].error if reps.failures else _("no run")
        raise ParameterError(
            _("warm-up: every one of {n} trial runs failed ({error})").format(
                n=replications, error=first
            )
        )
    return mser5(reps.daily_mean(column).to_numpy())
