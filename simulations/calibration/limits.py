"""Fits that run to a boundary, and fits that cannot be trusted.

When the data hold no sign of drop-out, the BG/NBD likelihood keeps rising as
``b`` grows (or ``a`` shrinks): the search runs off towards the boundary and
stops anywhere, and the closed forms computed there lose all precision (a
forecast of -1.57e12 purchases is one such number). The model at the
boundary is a limit with fewer parameters:

* ``b -> inf`` or ``a -> 0``: nobody drops out, the NBD model (Gamma-Poisson,
  Ehrenberg 1959), with ``r`` and ``alpha``;
* ``r, alpha -> inf`` with ``r / alpha`` fixed: everyone buys at one rate,
  BG drop-out on a Poisson process, with ``rate``, ``a`` and ``b``;
* both: plain Poisson purchases at one ``rate``.

:func:`choose` detects a boundary (a parameter beyond ``exp(+-LOG_EDGE)``
*and* the limit fitting as well as the full model) and fits the limit, so
that its parameters come with standard errors too. :func:`weakness` says in
one line why a calibration cannot be trusted, or returns None.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.special import betaln, gammaln

from ..analytic.customer_base import BGNBD
from ..i18n import N_, Labels, _, ngettext
from ..present.format import number, percent
from .mle import Estimate, fit_positive

KEY_FIGURES = Labels(
    {
        "mean purchase rate": N_("mean purchase rate"),
        "odds of dropping out": N_("odds of dropping out"),
    }
)
"""The two figures a twin rests on, as people read them."""

LOG_EDGE = 7.0
"""A parameter beyond exp(7), about 1,100 (or below exp(-7), about 0.0009), has
run off towards a boundary."""

MIN_REPEAT_BUYERS = 20
"""Fewer customers who bought more than once cannot pin down drop-out and
spend: the standard errors, which rest on many customers, mean little."""

WIDEST = 100.0
"""A 95% interval wider than this factor (high over low) says the data hardly
know the parameter."""

LIMIT_NAMES = Labels(
    {
        "BG/NBD": "BG/NBD",
        "BG/Poisson (one purchase rate)": N_("BG/Poisson (one purchase rate)"),
        "NBD (nobody drops out)": N_("NBD (nobody drops out)"),
        "Poisson (one rate)": N_("Poisson (one rate)"),
    }
)
"""The purchase models by :attr:`BGNBD.limit`, as people read them."""

SAME_FIT = 0.05
"""Log-likelihood units by which a limit may fall short of the full model and
still count as fitting as well (a likelihood ratio of 1.05)."""


@dataclass(frozen=True)
class Purchases:
    """The purchase model a calibration uses.

    Attributes
    ----------
    model
        Its parameters, limits included.
    estimate
        The fitted parameters with standard errors (the limit's own, at a
        boundary).
    note
        Why a limit is used, in one sentence; empty for the full model.
    """

    model: BGNBD
    estimate: Estimate
    note: str = ""


def _terms(summary: pd.DataFrame):
    """Distinct (x, t_x, T) with the number of customers each."""
    groups = summary.groupby(["frequency", "recency", "T"]).size().reset_index()
    x, t_x, big_t = (groups[k].to_numpy(float) for k in ("frequency", "recency", "T"))
    return x, t_x, big_t, groups[0].to_numpy(float)


def _limit_loglik(model: BGNBD, x, t_x, big_t, weight) -> float:
    """Total log-likelihood at a limit (the limit of equation 6)."""
    if model.spread:  # Gamma mixture: the NBD part of the likelihood
        count = (
            gammaln(model.r + x)
            - gammaln(model.r)
            + model.r * np.log(model.alpha)
            - (model.r + x) * np.log(model.alpha + big_t)
        )
        gap = (model.r + x) * (np.log(model.alpha + big_t) - np.log(model.alpha + t_x))
    else:  # one rate
        count = x * np.log(model.rate) - model.rate * big_t
        gap = model.rate * (big_t - t_x)
    if model.drops_out:
        xr = np.where(x > 0, x, 1.0)
        count = count + betaln(model.a, model.b + x) - betaln(model.a, model.b)
        extra = np.log(model.a) - np.log(model.b + xr - 1.0) + gap
        count = count + np.where(x > 0, np.logaddexp(0.0, extra), 0.0)
    return float(weight @ count)


def _fit_limit(summary: pd.DataFrame, drops: bool, spread: bool, full: Estimate):
    """Fit the limit with or without drop-out and spread of rates."""
    data = _terms(summary)
    r, alpha, a, b = full.values
    rate = r / alpha

    def build(theta: np.ndarray) -> BGNBD:
        k = 0
        if spread:
            shape, scale = theta[0], theta[1]
            k = 2
        else:
            shape, scale, one = math.inf, math.inf, theta[0]
            k = 1
        da, db = (theta[k], theta[k + 1]) if drops else (1.0, math.inf)
        return BGNBD(shape, scale, da, db, rate=one if not spread else math.nan)

    names = (("r", "alpha") if spread else ("rate",)) + (("a", "b") if drops else ())
    start = ((r, alpha) if spread else (rate,)) + ((a, b) if drops else ())
    start = tuple(min(max(v, 1e-3), 1e3) for v in start)
    estimate = fit_positive(
        lambda theta: _limit_loglik(build(theta), *data), start, names, len(summary)
    )
    return build(estimate.values), estimate


def choose(summary: pd.DataFrame, full: Estimate) -> Purchases:
    """The full BG/NBD fit, or the limit it ran off to.

    Parameters
    ----------
    summary
        The RFM summary the fit came from.
    full
        The BG/NBD estimate (``r``, ``alpha``, ``a``, ``b``).
    """
    r, alpha, a, b = (float(v) for v in full.values)
    no_drop = math.log(b) > LOG_EDGE or math.log(a) < -LOG_EDGE
    one_rate = math.log(r) > LOG_EDGE and math.log(alpha) > LOG_EDGE
    if not (no_drop or one_rate):
        return Purchases(BGNBD(r, alpha, a, b), full)
    model, estimate = _fit_limit(
        summary, drops=not no_drop, spread=not one_rate, full=full
    )
    if estimate.loglik < full.loglik - SAME_FIT:  # the limit is worse: no boundary
        return Purchases(BGNBD(r, alpha, a, b), full)
    ran = []
    if no_drop:
        ran.append(
            _("b ran off to {value}").format(value=number(b))
            if math.log(b) > LOG_EDGE
            else _("a ran off to {value}").format(value=number(a))
        )
    if one_rate:
        ran.append(
            _("r and α ran off to {r} and {alpha}").format(
                r=number(r), alpha=number(alpha)
            )
        )
    why = {
        (True, False): _("the data show no drop-out"),
        (False, True): _("the data show no spread of purchase rates between customers"),
        (True, True): _(
            "the data show neither drop-out nor a spread of purchase rates"
        ),
    }[(no_drop, one_rate)]
    note = _("{what}: {why}, so forecasts use the {model} limit").format(
        what=_(" and ").join(ran), why=why, model=LIMIT_NAMES[model.limit]
    )
    return Purchases(model, estimate, note)


def weakness(
    purchases: Purchases, spend: Estimate | None, summary: pd.DataFrame
) -> str | None:
    """Why a calibration cannot be trusted, in one line; None if it can.

    A fit cannot be trusted when fewer than :data:`MIN_REPEAT_BUYERS`
    customers bought more than once, when its parameters (the limit's, at a
    boundary) have no finite standard error, or when the 95% interval of the
    mean purchase rate or of the odds of dropping out after a purchase is
    wider than a factor of :data:`WIDEST` (single parameters may be vague
    while these, which the twin rests on, are well known).
    """
    repeaters = int((summary["frequency"] > 0).sum())
    if spend is None or repeaters < MIN_REPEAT_BUYERS:
        return ngettext(
            "only {repeaters} of {count} customer bought more than once; "
            "it takes at least {least} to fit drop-out and spend",
            "only {repeaters} of {count} customers bought more than once; "
            "it takes at least {least} to fit drop-out and spend",
            len(summary),
        ).format(
            repeaters=number(repeaters),
            count=number(len(summary)),
            least=number(MIN_REPEAT_BUYERS),
        )
    for title, fit in (  # TRANSLATORS: they complete "the {model} model" below.
        (_("purchases and drop-out"), purchases.estimate),
        (_("spend"), spend),
    ):
        if not fit.well_determined:
            loose = [
                name
                for name, value, var in zip(
                    fit.names, fit.values, np.diag(fit.log_covariance), strict=True
                )
                if not (abs(math.log(value)) < 20 and np.isfinite(var) and var > 0)
            ]
            names = ", ".join(loose) or _("all")
            return ngettext(
                "the data do not pin down the {model} model ({names} without a "
                "finite standard error; {count} customer, {repeaters} of them "
                "bought more than once)",
                "the data do not pin down the {model} model ({names} without a "
                "finite standard error; {count} customers, {repeaters} of them "
                "bought more than once)",
                len(summary),
            ).format(
                model=title,
                names=names,
                count=number(len(summary)),
                repeaters=number(repeaters),
            )
    for what, low, high in _key_intervals(purchases.estimate):
        if high > WIDEST * low:
            return _(
                "the data hardly know the {what}: its {confidence} interval runs "
                "from {low} to {high}"
            ).format(
                what=KEY_FIGURES[what],
                confidence=percent(0.95, 0),
                low=number(low),
                high=number(high),
            )
    return None


def _key_intervals(fit: Estimate) -> list[tuple[str, float, float]]:
    """95% intervals of the mean purchase rate and the odds of dropping out.

    Both are ratios of parameters, so on the log scale each is a difference,
    whose variance comes from the log-scale covariance: ``log(r / alpha)`` and
    ``log(a / b)`` (the odds of the mean chance ``a / (a + b)``).
    """
    names, values, cov = list(fit.names), fit.values, fit.log_covariance
    found = []
    pairs = {"mean purchase rate": ("r", "alpha"), "odds of dropping out": ("a", "b")}
    for what, (top, bottom) in pairs.items():
        if top in names and bottom in names:
            i, j = names.index(top), names.index(bottom)
            centre = math.log(values[i] / values[j])
            spread = cov[i, i] + cov[j, j] - 2.0 * cov[i, j]
        elif what == "mean purchase rate" and "rate" in names:
            i = names.index("rate")
            centre, spread = math.log(values[i]), cov[i, i]
        else:
            continue
        half = 1.959964 * math.sqrt(max(spread, 0.0))
        found.append((what, math.exp(centre - half), math.exp(centre + half)))
    return found
