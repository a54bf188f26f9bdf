"""The BG/NBD model of purchase frequency and drop-out (Fader, Hardie & Lee 2005).

While active, a customer buys as a Poisson process with rate ``lambda``;
``lambda`` varies between customers as Gamma(shape ``r``, rate ``alpha``).
Right after each repeat purchase a customer drops out for good with chance
``p``; ``p`` varies between customers as Beta(``a``, ``b``). The data of a
customer are ``x`` repeat purchases, the time ``t_x`` of the last one and
the time ``T`` observed, all counted from the first purchase
(Fader, Hardie & Lee 2005, "Counting Your Customers the Easy Way",
Marketing Science 24(2), 275-284; equation numbers below are theirs).
The closed forms (P(alive), forecasts, the repeat-purchase distribution) are
in :mod:`simulations.analytic.customer_base`; this module fits.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.special import betaln, gammaln

from ..analytic import customer_base
from ..analytic.customer_base import BGNBD
from .mle import Estimate, fit_positive

NAMES = ("r", "alpha", "a", "b")


def log_likelihood(
    params: np.ndarray, x: np.ndarray, t_x: np.ndarray, big_t: np.ndarray
) -> np.ndarray:
    """Log-likelihood of each customer (equation 6, in log space).

    Without repeat purchases it is ``r ln(alpha / (alpha + T))``.

    Examples
    --------
    >>> ll = log_likelihood(np.array([0.243, 4.414, 0.793, 2.426]),
    ...                     np.array([0, 2]), np.array([0.0, 30.4]),
    ...                     np.array([38.9, 38.9]))
    >>> np.round(ll, 3)
    array([-0.555, -9.46 ])
    """
    r, alpha, a, b = params
    log_a1 = (
        gammaln(r + x)
        - gammaln(r)
        + r * np.log(alpha)
        + betaln(a, b + x)
        - betaln(a, b)
        - (r + x) * np.log(alpha + big_t)
    )
    repeat = x > 0
    xr = np.where(repeat, x, 1)  # keep the log finite where it is not used
    extra = (
        np.log(a)
        - np.log(b + xr - 1.0)
        + (r + x) * (np.log(alpha + big_t) - np.log(alpha + t_x))
    )
    return log_a1 + np.where(repeat, np.logaddexp(0.0, extra), 0.0)


def fit(summary: pd.DataFrame) -> Estimate:
    """Fit BG/NBD by maximum likelihood to an RFM summary.

    Parameters
    ----------
    summary
        Columns ``frequency``, ``recency`` and ``T``
        (:func:`~simulations.calibration.transactions.rfm_summary`).

    Returns
    -------
    Estimate
        ``r``, ``alpha``, ``a``, ``b`` with standard errors.
    """
    # Customers with the same (x, t_x, T) share a likelihood term: fit on the
    # distinct rows, weighted by how many customers have each.
    groups = summary.groupby(["frequency", "recency", "T"]).size().reset_index()
    total = _Total(
        groups["frequency"].to_numpy(float),
        groups["recency"].to_numpy(float),
        groups["T"].to_numpy(float),
        groups[0].to_numpy(float),
    )
    rate = max(summary["frequency"].sum() / summary["T"].sum(), 1e-6)
    start = (1.0, 1.0 / rate, 1.0, 3.0)
    return fit_positive(total, start, NAMES, len(summary))


class _Total:
    """The total log-likelihood, fast: each special function on distinct values.

    Equal to ``weight @ log_likelihood(params, x, t_x, big_t)``; ``x``,
    ``t_x`` and ``T`` take few distinct values (whole purchases, whole days),
    so ``gammaln``, ``betaln`` and the logs are computed once per value.
    """

    def __init__(
        self, x: np.ndarray, t_x: np.ndarray, big_t: np.ndarray, weight: np.ndarray
    ) -> None:
        self.ux, self.ix = np.unique(x, return_inverse=True)
        self.ut, self.it = np.unique(big_t, return_inverse=True)
        self.x, self.weight = x, weight
        repeat = x > 0
        self.rep_x = x[repeat]
        self.rep_ix = self.ix[repeat]
        self.rep_it = self.it[repeat]
        self.utx, self.rep_itx = np.unique(t_x[repeat], return_inverse=True)
        self.rep_weight = weight[repeat]

    def __call__(self, params: np.ndarray) -> float:
        r, alpha, a, b = params
        ux = self.ux
        per_x = gammaln(r + ux) - gammaln(r) + betaln(a, b + ux) - betaln(a, b)
        log_t = np.log(alpha + self.ut)
        base = per_x[self.ix] - (r + self.x) * log_t[self.it]
        total = self.weight @ base + self.weight.sum() * r * np.log(alpha)
        if len(self.rep_x):
            log_odds = np.log(a) - np.log(
                b + ux - 1.0, where=ux > 0, out=np.zeros_like(ux)
            )
            log_tx = np.log(alpha + self.utx)
            extra = log_odds[self.rep_ix] + (r + self.rep_x) * (
                log_t[self.rep_it] - log_tx[self.rep_itx]
            )
            total += self.rep_weight @ np.logaddexp(0.0, extra)
        return float(total)


def columns(summary: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``x``, ``t_x`` and ``T`` of each customer of an RFM summary."""
    return tuple(summary[k].to_numpy(float) for k in ("frequency", "recency", "T"))


def p_alive(model: BGNBD, summary: pd.DataFrame) -> np.ndarray:
    """Chance each customer of a summary is still active at the end (eq. 13)."""
    return customer_base.p_alive(model, *columns(summary))


def conditional_expected(model: BGNBD, summary: pd.DataFrame, t: float) -> np.ndarray:
    """Expected purchases of each customer in the next ``t`` (equation 10)."""
    return customer_base.conditional_expected(model, *columns(summary), t)


def repeat_histogram(
    model: BGNBD, summary: pd.DataFrame, most: int = 7
) -> pd.DataFrame:
    """Customers by number of repeat purchases: expected and actual.

    Rows ``0 .. most-1`` and ``most+`` (the rest); columns ``actual`` and
    ``expected`` (summed over the customers, each over their own ``T``).
    """
    probs = customer_base.purchase_probabilities(
        model, summary["T"].to_numpy(float), most
    )
    labels = [str(k) for k in range(most)] + [f"{most}+"]
    x = summary["frequency"].to_numpy()
    actual = np.bincount(np.minimum(x, most), minlength=most + 1)
    table = pd.DataFrame(
        {"actual": actual, "expected": probs.sum(axis=0)},
        index=pd.Index(labels, name="repeat_purchases"),
    )
    return table


def holdout_table(
    model: BGNBD,
    summary: pd.DataFrame,
    actual: pd.Series,
    length: float,
    most: int = 7,
) -> pd.DataFrame:
    """Predicted vs actual holdout purchases, by repeat purchases in calibration.

    Columns ``customers``, ``actual`` and ``predicted`` (mean purchases per
    customer in the holdout), one row per number of calibration repeat
    purchases (``most+`` pooled) and a ``total`` row with sums.
    """
    predicted = conditional_expected(model, summary, length)
    x = np.minimum(summary["frequency"].to_numpy(), most)
    labels = np.array([str(k) for k in range(most)] + [f"{most}+"])[x]
    frame = pd.DataFrame(
        {"group": labels, "actual": actual.to_numpy(float), "predicted": predicted}
    )
    table = frame.groupby("group", sort=False).agg(
        customers=("actual", "size"),
        actual=("actual", "mean"),
        predicted=("predicted", "mean"),
    )
    order = [str(k) for k in range(most)] + [f"{most}+"]
    table = table.reindex([k for k in order if k in table.index])
    table.loc["total"] = [len(frame), frame["actual"].sum(), frame["predicted"].sum()]
    table.index.name = "repeat_purchases"
    table["customers"] = table["customers"].astype(int)
    return table
