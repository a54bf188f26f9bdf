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
        ``half_width`` and ``n`` (values that are not NaN).

    Examples
    --------
    >>> table = pd.DataFrame({"profit": [1.0, 2.0, 3.0]})
    >>> summarise_kpis(table).loc["profit", ["mean", "n"]].tolist()
    [2.0, 3.0]
    """
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
