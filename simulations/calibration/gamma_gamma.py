"""The Gamma-Gamma model of spend per purchase.

A customer's purchase amounts are Gamma(shape ``p``, rate ``nu``), so their
own mean spend is ``p / nu``; ``nu`` varies between customers as
Gamma(shape ``q``, rate ``v``). Fitted to the mean amount ``m`` of each
customer's ``x`` repeat purchases (Fader, Hardie & Lee 2005, "RFM and CLV:
Using Iso-Value Curves for Customer Base Analysis", JMR 42(4); Colombo &
Jiang 1999; Fader & Hardie 2013, "The Gamma-Gamma Model of Monetary Value").

A customer's mean spend ``p / nu`` is then inverse gamma with shape ``q``
and scale ``p v``: its mean is ``p v / (q - 1)`` (for ``q > 1``) and its
coefficient of variation ``1 / sqrt(q - 2)`` (for ``q > 2``).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from scipy.special import gammaln

from .mle import Estimate, fit_positive

NAMES = ("p", "q", "v")


def log_likelihood(params: np.ndarray, x: np.ndarray, m: np.ndarray) -> np.ndarray:
    """Log-likelihood of each customer's mean repeat spend ``m`` over ``x`` buys."""
    p, q, v = params
    px = p * x
    return (
        gammaln(px + q)
        - gammaln(px)
        - gammaln(q)
        + q * np.log(v)
        + (px - 1.0) * np.log(m)
        + px * np.log(x)
        - (px + q) * np.log(v + m * x)
    )


def usable(summary: pd.DataFrame) -> pd.DataFrame:
    """The customers the spend model is fitted to: repeat buyers who paid."""
    return summary[(summary["frequency"] > 0) & (summary["monetary"] > 0)]


def fit(summary: pd.DataFrame) -> Estimate:
    """Fit Gamma-Gamma by maximum likelihood to the repeat buyers of a summary.

    Parameters
    ----------
    summary
        Columns ``frequency`` and ``monetary``.

    Returns
    -------
    Estimate
        ``p``, ``q``, ``v`` with standard errors.
    """
    data = usable(summary)
    x = data["frequency"].to_numpy(float)
    m = data["monetary"].to_numpy(float)

    def total(params: np.ndarray) -> float:
        return float(np.sum(log_likelihood(params, x, m)))

    mean = float(m.mean()) if len(m) else 1.0
    return fit_positive(total, (2.0, 3.0, mean), NAMES, len(data))


def mean_spend(params: dict[str, float]) -> float:
    """Mean over customers of their own mean spend, ``p v / (q - 1)``.

    Examples
    --------
    >>> round(mean_spend({"p": 6.25, "q": 3.74, "v": 15.44}), 2)
    35.22
    """
    p, q, v = (params[k] for k in NAMES)
    return p * v / (q - 1.0) if q > 1.0 else math.inf


def spend_cv(params: dict[str, float]) -> float:
    """Coefficient of variation of customers' mean spend, ``1 / sqrt(q - 2)``."""
    q = params["q"]
    return 1.0 / math.sqrt(q - 2.0) if q > 2.0 else math.inf


def spend_check(params: dict[str, float], summary: pd.DataFrame) -> pd.DataFrame:
    """Mean and spread of repeat buyers' mean spend: actual vs the model's."""
    data = usable(summary)
    m = data["monetary"]
    return pd.DataFrame(
        {
            "actual": [float(m.mean()), float(m.std() / m.mean())],
            "model": [mean_spend(params), spend_cv(params)],
        },
        index=pd.Index(["mean_spend", "spend_cv"], name="statistic"),
    )
