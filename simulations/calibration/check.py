"""The twin checks itself: simulated sales against the data and the closed form.

"Today's business" is judged on the data it came from and on data it never
saw. :func:`self_check` simulates it and sets beside the actual figures and
BG/NBD's closed form:

* repeat purchases in the calibration period: the export's customers
  simulated again from their first purchases (a fresh draw from the fitted
  population each, as the fit describes them);
* purchases in the holdout (with ``--holdout-until``): the twin run forward
  from the day after the data used, each customer from their own posterior,
  customer by customer (with the correlation of each customer's mean with
  the closed form's expectation);
* the shares of customers with 0, 1, 2 and 3+ holdout purchases, and the
  spend per purchase;
* the weekly cumulative purchases, for the tracking plot.

Every simulated figure is a mean over replications with a 95% Student-t
interval. :meth:`SelfCheck.sentence` says in one plain sentence how close
the twin comes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..analytic.customer_base import (
    conditional_probabilities,
    conditional_spend,
    expected_purchases,
)
from ..experiments.runner import run_tasks
from ..experiments.stats import t_interval
from ..i18n import _
from ..parameters import Scenario
from ..present.format import percent
from . import bgnbd, gamma_gamma
from .calibrate import Calibration
from .transactions import UNITS, occasions

REPLICATIONS = 10
SHARES = ("0", "1", "2", "3+")
CLOSE = 0.10
"""Within this share of the actual figure, the sentence says "reproduces"."""


@dataclass(frozen=True)
class Figure:
    """One compared figure: actual, closed form, simulated with a 95% interval."""

    actual: float
    closed_form: float
    simulated: float
    low: float
    high: float

    def to_json(self) -> dict[str, float | None]:
        """Plain numbers (None where there is none, as JSON has no NaN)."""
        return {k: _plain(v) for k, v in self.__dict__.items()}


def _plain(value: float) -> float | None:
    """A finite float, or None."""
    value = float(value)
    return value if math.isfinite(value) else None


def _figure(actual: float, closed: float, values: list[float]) -> Figure:
    mean, half = t_interval(values, 0.95)
    return Figure(actual, closed, mean, mean - half, mean + half)


@dataclass
class SelfCheck:
    """What the twin's self-check found.

    Attributes
    ----------
    replications
        Simulations of each period.
    calibration
        Repeat purchases in the calibration period.
    holdout
        Purchases in the holdout by the export's customers (None without one).
    own_share
        Share of simulated holdout purchases made by the export's customers.
    correlation
        Correlation, over customers, of each one's mean simulated holdout
        purchases with their closed-form expectation.
    shares
        Rows 0, 1, 2, 3+: share of customers with that many holdout
        purchases, actual / closed form / simulated.
    spend
        Spend per purchase in the holdout (in the calibration period without one).
    tracking
        Weekly cumulative purchases: ``actual``, ``closed_form`` and
        ``simulated``, indexed by the last day of each week.
    until
        Last day of the calibration period.
    currency
        Currency of the amounts (the twin's ``economics.currency``).
    """

    replications: int
    calibration: Figure
    holdout: Figure | None
    own_share: float
    correlation: float
    shares: pd.DataFrame | None
    spend: Figure
    tracking: pd.DataFrame
    until: pd.Timestamp
    currency: str = "RUB"

    def sentence(self) -> str:
        """How close the twin comes, in one plain sentence.

        Examples
        --------
        >>> f = Figure(2457, 2494, 2494.5, 2429, 2560)
        >>> h = Figure(1882, 1653, 1643, 1584, 1701)
        >>> SelfCheck(10, f, h, 1.0, 0.9, None, f, pd.DataFrame(), None).sentence()
        "Today's business reproduces your sales within 2% (calibration period) and
        forecasts 13% fewer purchases than the holdout had (the BG/NBD formula: 12%
        fewer)."
        """
        gap = _closeness(self.calibration)
        if gap is None:
            first = _("reproduces your sales within {share} (calibration period)")
            first = first.format(share=_percent(self.calibration))
        else:
            first = _(
                "simulates {gap} repeat purchases than your data in the "
                "calibration period"
            ).format(gap=gap)
        if self.holdout is None:
            return _("Today's business {first}.").format(first=first)
        gap = _closeness(self.holdout)
        if gap is None:
            second = _("forecasts the holdout within {share}").format(
                share=_percent(self.holdout)
            )
        else:
            formula = _closeness(self.holdout, closed=True)
            if formula is None:
                formula = _("within {share}").format(
                    share=_percent(self.holdout, closed=True)
                )
            second = _(
                "forecasts {gap} purchases than the holdout had "
                "(the BG/NBD formula: {formula})"
            ).format(gap=gap, formula=formula)
        return _("Today's business {first} and {second}.").format(
            first=first, second=second
        )

    def to_json(self) -> dict[str, Any]:
        """The numbers as plain data."""
        return {
            "replications": self.replications,
            "calibration_repeat_purchases": self.calibration.to_json(),
            "holdout_purchases": self.holdout.to_json() if self.holdout else None,
            "holdout_share_by_export_customers": _plain(self.own_share)
            if self.holdout
            else None,
            "holdout_correlation_with_closed_form": _plain(self.correlation),
            "holdout_customers_by_purchases": None
            if self.shares is None
            else self.shares.to_dict(orient="index"),
            "spend_per_purchase": self.spend.to_json(),
            "sentence": self.sentence(),
        }


def _gap(figure: Figure, closed: bool = False) -> float:
    """Relative difference of the simulated (or closed-form) figure from the actual."""
    value = figure.closed_form if closed else figure.simulated
    return value / figure.actual - 1.0 if figure.actual else math.inf


def _percent(figure: Figure, closed: bool = False) -> str:
    """The difference as a whole percentage (at least 1%)."""
    return percent(max(abs(_gap(figure, closed)), 0.005), 0)


def _closeness(figure: Figure, closed: bool = False) -> str | None:
    """None within :data:`CLOSE` of the actual, else "13% fewer" or "20% more"."""
    gap = _gap(figure, closed)
    if abs(gap) <= CLOSE:
        return None
    if math.isinf(gap):
        return _("some")
    share = percent(abs(gap), 0)
    return (_("{share} more") if gap > 0 else _("{share} fewer")).format(share=share)


def _runs(scenario: Scenario, days: int, replications: int) -> list:
    """Transactions of ``replications`` runs of ``scenario`` over ``days`` days."""
    scenario = scenario.copy(**{"business.days": days, "business.warmup_days": 0})
    tasks = [(scenario, rep) for rep in range(replications)]
    batch = run_tasks(tasks, workers=1, progress=False, record_visits=True)
    return [occasions(result.transactions()) for result in batch.results if result]


def _weekly(dates: pd.Series, weeks: pd.DatetimeIndex) -> np.ndarray:
    """Cumulative count of ``dates`` up to the end of each week."""
    return np.searchsorted(np.sort(dates.to_numpy()), weeks.to_numpy(), side="right")


def self_check(
    cal: Calibration,
    scenario: Scenario | None = None,
    replications: int = REPLICATIONS,
) -> SelfCheck:
    """Simulate the twin and compare it with the data and the closed form.

    Parameters
    ----------
    cal
        The calibration (with a holdout for the forecast part).
    scenario
        The twin (``start = "today"``); None: ``cal.scenario()``.
    replications
        Simulations of each period.
    """
    twin = scenario if scenario is not None else cal.scenario()
    ids = set(cal.summary.index)
    unit = UNITS[cal.unit]
    m = cal.model
    data = cal.occasions[cal.occasions["customer"].isin(ids)]
    known = data["date"] <= cal.until
    firsts = data[known].groupby("customer")["date"].transform("min")
    repeats = data[known][data[known]["date"] > firsts]
    weeks = pd.date_range(
        cal.start + pd.Timedelta(days=6), cal.holdout_until or cal.until, freq="7D"
    )
    first_days = cal.summary["first"]

    # Calibration period: the cohort again, from each first purchase.
    cohort = cal.replay(twin)
    again = _runs(cohort, cohort.business.days, replications)
    counts, tracks = [], []
    for frame in again:
        frame = frame[frame["customer"].isin(ids)]
        first = frame.groupby("customer")["date"].transform("min")
        later = frame[frame["date"] > first]["date"]
        counts.append(float(len(later)))
        tracks.append(_weekly(later, weeks))
    closed = float(expected_purchases(m, cal.summary["T"].to_numpy(float)).sum())
    calibration = _figure(float(len(repeats)), closed, counts)

    # Closed form of the tracking plot: each customer from their first purchase.
    ages = (
        weeks.to_numpy()[:, None] - first_days.to_numpy()[None, :]
    ) / np.timedelta64(1, "D")
    expected = expected_purchases(m, np.clip(ages, 0, None) / unit).sum(axis=1)
    actual_track = _weekly(pd.concat([repeats["date"], data[~known]["date"]]), weeks)
    simulated_track = np.mean(tracks, axis=0)

    holdout = shares = None
    own_share, correlation = 1.0, math.nan
    spend_actual = float(repeats["amount"].mean()) if len(repeats) else math.nan
    spend_values = [
        float(
            f[f["date"] > f.groupby("customer")["date"].transform("min")][
                "amount"
            ].mean()
        )
        for f in again
    ]
    spend_closed = _spend_closed(cal, None)
    if cal.holdout_until is not None:
        days = (cal.holdout_until - cal.until).days
        t = days / unit
        forward = _runs(twin, days, replications)
        after = data[~known]
        x, t_x, big_t = bgnbd.columns(cal.summary)
        expected_each = bgnbd.conditional_expected(m, cal.summary, t)
        per_customer, totals, own, groups, spend_values = [], [], [], [], []
        for frame in forward:
            mine = frame[frame["customer"].isin(ids)]
            own.append(len(mine) / len(frame) if len(frame) else 1.0)
            totals.append(float(len(mine)))
            each = (
                mine.groupby("customer").size().reindex(cal.summary.index, fill_value=0)
            )
            per_customer.append(each.to_numpy(float))
            groups.append(
                np.bincount(np.minimum(each.to_numpy(), 3), minlength=4) / len(each)
            )
            spend_values.append(float(mine["amount"].mean()))
        holdout = _figure(float(len(after)), float(expected_each.sum()), totals)
        own_share = float(np.mean(own))
        correlation = float(
            np.corrcoef(np.mean(per_customer, axis=0), expected_each)[0, 1]
        )
        actual_each = (
            after.groupby("customer").size().reindex(cal.summary.index, fill_value=0)
        )
        probs = conditional_probabilities(m, x, t_x, big_t, t, 3).mean(axis=0)
        shares = pd.DataFrame(
            {
                "actual": np.bincount(
                    np.minimum(actual_each.to_numpy(), 3), minlength=4
                )
                / len(actual_each),
                "closed_form": probs,
                "simulated": np.mean(groups, axis=0),
            },
            index=pd.Index(SHARES, name="holdout_purchases"),
        )
        spend_actual = float(after["amount"].mean()) if len(after) else math.nan
        spend_closed = _spend_closed(cal, expected_each)
        # After the calibration period the twin starts from the real state.
        start_at = int(
            np.searchsorted(weeks.to_numpy(), cal.until.to_datetime64(), side="right")
        )
        forward_tracks = [
            _weekly(f[f["customer"].isin(ids)]["date"], weeks[start_at:])
            for f in forward
        ]
        simulated_track[start_at:] = len(repeats) + np.mean(forward_tracks, axis=0)
    tracking = pd.DataFrame(
        {"actual": actual_track, "closed_form": expected, "simulated": simulated_track},
        index=pd.Index(weeks, name="week_ending"),
    )
    return SelfCheck(
        replications=len(again),
        calibration=calibration,
        holdout=holdout,
        own_share=own_share,
        correlation=correlation,
        shares=shares,
        spend=_figure(spend_actual, spend_closed, spend_values),
        tracking=tracking,
        until=cal.until,
        currency=twin.economics.currency,
    )


def _spend_closed(cal: Calibration, weights: np.ndarray | None) -> float:
    """Gamma-Gamma's spend per purchase, weighted by expected purchases.

    ``weights``: each customer's expected purchases (the holdout); None: the
    calibration period, whose cohort starts from the population.
    """
    if cal.gamma_gamma is None:
        return math.nan
    p, q, v = (cal.gamma_gamma.params[k] for k in ("p", "q", "v"))
    if weights is None:  # a new customer's: the population's mean spend
        return gamma_gamma.mean_spend(cal.gamma_gamma.params)
    s = cal.summary
    each = conditional_spend(p, q, v, s["frequency"], s["monetary"])
    total = float(np.sum(weights))
    return float(np.sum(weights * each) / total) if total else math.nan
