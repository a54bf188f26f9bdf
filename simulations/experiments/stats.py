"""Statistics of replications: Student-t intervals, KPI summaries, MSER-5.

Pure functions of numbers already computed; nothing here runs the model.
:mod:`.planning` uses them to choose how many replications and how long a
warm-up, :mod:`.runner` to summarise a batch, :mod:`.compare` for paired
differences.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import stats

from ..i18n import _, ngettext
from ..parameters import ParameterError


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
            _("confidence = {value!r} is not allowed; must be between 0 and 1").format(
                value=confidence
            )
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


SKEW_LIMIT = 1.0
"""Sample skewness above which few replications may give too narrow an interval."""

ENOUGH_FOR_SKEW = 20
"""Replications from which the t interval copes with that skewness."""


def skewness(values: Sequence[float]) -> float:
    """Sample skewness (adjusted Fisher-Pearson), NaN below three values.

    Examples
    --------
    >>> round(skewness([1.0, 1.0, 1.0, 1.0, 10.0]), 2)
    2.24
    """
    x = np.asarray(values, dtype=float)
    x = x[~np.isnan(x)]
    if len(x) < 3 or np.ptp(x) == 0:
        return math.nan
    return float(stats.skew(x, bias=False))


def too_skewed(skew: float, n: int) -> bool:
    """Whether ``n`` replications are too few for their skewness.

    The rule: fewer than :data:`ENOUGH_FOR_SKEW` replications, and a sample
    skewness above :data:`SKEW_LIMIT` in size that is also clearly not chance
    (above twice its standard error under normality, ``sqrt(6 / n)``). The t
    interval assumes nearly normal run means; skewed ones make it too narrow.

    Examples
    --------
    >>> too_skewed(1.8, 10), too_skewed(1.2, 10), too_skewed(1.8, 30)
    (True, False, False)
    """
    if math.isnan(skew) or n >= ENOUGH_FOR_SKEW or n < 3:
        return False
    return abs(skew) > max(SKEW_LIMIT, 2.0 * math.sqrt(6.0 / n))


def skew_warning(where: str, labels: Sequence[str], n: int) -> str | None:
    """One plain line naming the KPIs whose replications are too skewed.

    Examples
    --------
    >>> print(skew_warning("client-centric", ["Mean wait"], 10))
    client-centric: Mean wait skewed over 10 replications; intervals may be too
    narrow (run 20 or more)
    """
    if not labels:
        return None
    return ngettext(
        "{where}: {kpis} skewed over {n} replication; intervals may be too "
        "narrow (run {enough} or more)",
        "{where}: {kpis} skewed over {n} replications; intervals may be too "
        "narrow (run {enough} or more)",
        n,
    ).format(where=where, kpis=", ".join(labels), n=n, enough=ENOUGH_FOR_SKEW)


def summarise_kpis(table: pd.DataFrame, confidence: float = 0.95) -> pd.DataFrame:
    """Mean, sd and confidence interval of each KPI column of ``table``.

    Parameters
    ----------
    table
        One row per replication, one column per KPI.
    confidence
        Confidence level of the intervals.

    Returns
    -------
    pandas.DataFrame
        One row per KPI; columns ``mean``, ``sd``, ``ci_low``, ``ci_high``,
        ``half_width``, ``n`` (values that are not NaN) and ``skew``.

    Examples
    --------
    >>> table = pd.DataFrame({"profit": [1.0, 2.0, 3.0]})
    >>> summarise_kpis(table).loc["profit", ["mean", "n"]].tolist()
    [2.0, 3.0]
    >>> summarise_kpis(pd.DataFrame({"churn": [math.nan, math.nan]}))["n"].tolist()
    [0]
    """
    rows = {}
    for kpi in table.columns:
        values = table[kpi].to_numpy(dtype=float)
        mean, hw = t_interval(values, confidence)
        known = values[~np.isnan(values)]  # NaN: nothing to count in that run
        rows[kpi] = {
            "mean": mean,
            "sd": float(known.std(ddof=1)) if len(known) > 1 else math.nan,
            "ci_low": mean - hw,
            "ci_high": mean + hw,
            "half_width": hw,
            "n": len(known),
            "skew": skewness(values),
        }
    return pd.DataFrame.from_dict(rows, orient="index")


def mser5(series: Sequence[float]) -> int:
    """Warm-up by MSER-5: how many leading points to drop.

    The series is cut into batches of five; for each truncation point ``d``
    (in batches, up to half the batches) the marginal standard error rule
    scores ``sum((y - mean)^2) / (n - d)^2`` of what remains, and the
    smallest score wins (White 1997; Hoad, Robinson & Davies 2010).

    Parameters
    ----------
    series
        A daily output averaged over replications, at least 20 points.

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
