"""Calibrate in one call: transactions in, fitted models and a scenario out.

:func:`calibrate_file` reads a CRM export (a path or uploaded bytes),
:func:`calibrate` works on a table already in memory. Both return a
:class:`Calibration`: the RFM summary, the BG/NBD and Gamma-Gamma fits with
standard errors (or the limit a fit ran off to), the fit checks, and
:meth:`Calibration.scenario`, the business as a scenario of the model whose
customers are the export's own ("today's business").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..analytic.customer_base import BGNBD
from ..i18n import _
from ..parameters import Scenario, Twin
from . import bgnbd, gamma_gamma
from .arrivals import WINDOW_WEEKS, Arrivals, new_customers
from .limits import Purchases, choose, weakness
from .mle import Estimate
from .scenario import to_scenario
from .service_mix import fit_to_mix, odds_ratios
from .transactions import (
    UNITS,
    CalibrationError,
    holdout_counts,
    occasions,
    read_transactions,
    rfm_summary,
)


@dataclass
class Calibration:
    """What a calibration found.

    Attributes
    ----------
    summary
        One row per customer: frequency, recency, T, monetary, first.
    purchases
        The purchase model used: the BG/NBD fit, or the limit it ran off to
        (:mod:`.limits`), with its estimate and a note saying why.
    gamma_gamma
        Gamma-Gamma estimate (``p``, ``q``, ``v``), or None without repeat buyers.
    unit
        Time unit: ``"day"``, ``"week"`` or ``"month"``.
    start, until
        First date in the data and last day of the calibration period.
    occasions
        Every purchase occasion (a customer's rows of one day merged), the
        holdout included: what the self-check compares with.
    holdout_until
        Last day of the holdout, or None.
    holdout
        Predicted vs actual purchases after ``until``, or None.
    """

    summary: pd.DataFrame
    purchases: Purchases
    gamma_gamma: Estimate | None
    unit: str
    start: pd.Timestamp
    until: pd.Timestamp
    occasions: pd.DataFrame
    holdout_until: pd.Timestamp | None = None
    holdout: pd.DataFrame | None = None

    @property
    def bgnbd(self) -> Estimate:
        """The purchase model's estimate (the limit's, at a boundary)."""
        return self.purchases.estimate

    @property
    def model(self) -> BGNBD:
        """The purchase model's parameters, limits included."""
        return self.purchases.model

    @property
    def customers(self) -> int:
        """Customers in the calibration period."""
        return len(self.summary)

    def weakness(self) -> str | None:
        """Why the fits cannot be trusted, in one line; None if they can."""
        return weakness(self.purchases, self.gamma_gamma, self.summary)

    def repeat_histogram(self, most: int = 7) -> pd.DataFrame:
        """Customers by repeat purchases: actual and expected by BG/NBD."""
        return bgnbd.repeat_histogram(self.model, self.summary, most)

    def spend_check(self) -> pd.DataFrame | None:
        """Repeat buyers' mean spend, actual and the model's (None without a fit)."""
        if self.gamma_gamma is None:
            return None
        return gamma_gamma.spend_check(self.gamma_gamma.params, self.summary)

    def parameters(self, level: float = 0.95) -> pd.DataFrame:
        """One row per parameter: model, estimate, standard error, interval."""
        rows = []
        fits = {"bgnbd": self.bgnbd, "gamma_gamma": self.gamma_gamma}
        for model, fit in fits.items():
            if fit is None:
                continue
            intervals = fit.interval(level)
            for name, value in fit.params.items():
                low, high = intervals[name]
                rows.append(
                    {
                        "model": model,
                        "parameter": name,
                        "estimate": value,
                        "standard_error": fit.standard_errors[name],
                        "low": low,
                        "high": high,
                    }
                )
        return pd.DataFrame(rows)

    def to_json(self) -> dict[str, Any]:
        """The parameters, standard errors and context as plain data."""
        gg = self.gamma_gamma
        return {
            "bgnbd": self.bgnbd.params,
            "purchase_model": self.model.limit,
            "limit": self.purchases.note or None,
            "gamma_gamma": gg.params if gg else None,
            "standard_errors": {
                "bgnbd": self.bgnbd.standard_errors,
                "gamma_gamma": gg.standard_errors if gg else None,
            },
            "customers": self.customers,
            "unit": self.unit,
            "until": self.until.date().isoformat(),
            "weakness": self.weakness(),
        }

    def expected_active(self) -> float:
        """Customers expected to be still active at ``until`` (sum of P(alive))."""
        return float(bgnbd.p_alive(self.model, self.summary).sum())

    def arrivals(
        self, choice: str | float = "recent", window_weeks: float = WINDOW_WEEKS
    ) -> Arrivals:
        """New customers a day for the twin, and why (:mod:`.arrivals`)."""
        return new_customers(self.summary["first"], self.until, choice, window_weeks)

    def twin(self, start: str = "today") -> Twin:
        """The export's customers with their history, and the fit.

        ``start="today"``: a run begins the day after ``until``;
        ``"first_purchase"``: on the first day of the data, each customer
        coming on the day of their first purchase.
        """
        s = self.summary
        table = pd.DataFrame(
            {
                "id": s.index.astype(str),
                "x": s["frequency"].to_numpy(),
                "t_x": s["recency"].to_numpy(),
                "T": s["T"].to_numpy(),
                "first_purchase": s["first"].to_numpy(),
                "mean_spend": s["monetary"].to_numpy(),
            }
        )
        m = self.model
        purchases = {"r": m.r, "alpha": m.alpha, "a": m.a, "b": m.b}
        if not m.spread:
            purchases["rate"] = m.rate
        begin = self.until + pd.Timedelta(days=1) if start == "today" else self.start
        return Twin(
            customers=Twin.table(table),
            unit=self.unit,
            start_date=begin.date().isoformat(),
            purchases=purchases,
            spend=self.gamma_gamma.params if self.gamma_gamma else None,
            start=start,
        )

    def replay(self, scenario: Scenario) -> Scenario:
        """``scenario`` over the period the data cover, again.

        The export's customers come from the day of their first purchase, each
        a fresh draw from the fitted population (as the fit describes them),
        and nobody else; the run lasts from the first day of the data to
        ``until``, with no warm-up.
        """
        days = (self.until - self.start).days + 1
        past = scenario.copy(
            **{
                "attraction.prospects_per_day": 0.0,
                "business.days": days,
                "business.warmup_days": 0,
            }
        )
        past.twin = scenario.twin.with_changes(
            start="first_purchase", start_date=self.start.date().isoformat()
        )
        return past

    def scenario(
        self,
        base: Scenario | None = None,
        name: str = "today's business",
        *,
        new_customers: str | float = "recent",
        arrivals_window: float = WINDOW_WEEKS,
        service_feedback: bool | None = None,
        start: str = "today",
    ) -> Scenario:
        """The business as a scenario of the model ("today's business").

        Its customers are the export's (``scenario.twin``), each from their own
        posterior; nobody else is there on day one. It needs no warm-up.

        Parameters
        ----------
        base
            Scenario whose other parameters (staff, levers, economics) are
            kept (default: the default one).
        name
            Name of the scenario.
        new_customers, arrivals_window
            New customers a day: ``"recent"`` (first purchases in the last
            ``arrivals_window`` weeks of the data), ``"none"`` or a number.
        service_feedback
            None keeps the base's. With service feedback on, the chances of
            leaving after low / standard / WOW visits are set so that the mean
            at the business's own simulated service mix is the fitted one; the
            mean spend and the visits so that purchases pay and come as
            fitted at that mix (:mod:`.service_mix`).
        start
            ``"today"`` or ``"first_purchase"`` (see :meth:`twin`).
        """
        arrivals = self.arrivals(new_customers, arrivals_window)
        base = base or Scenario()
        ratios = odds_ratios(base)
        gg = self.gamma_gamma.params if self.gamma_gamma else None
        scenario = to_scenario(
            self.model,
            gg,
            self.unit,
            initial_customers=0,
            prospects_per_day=arrivals.per_day,
            base=base,
            name=name,
        )
        scenario.set(
            **{"business.warmup_days": 0, "customers.first_visit_leaving": False}
        )
        if service_feedback is not None:
            scenario.set(**{"customers.service_feedback": service_feedback})
        scenario.twin = self.twin(start)
        if scenario.customers.loyalty_feedback:
            today = scenario.copy()  # the mix of the business as it stands
            today.twin = self.twin("today")
            mean_drop = self.model.mean_drop
            spend = scenario.customers.spend_mean
            recent = arrivals.per_day if new_customers == "recent" else None
            if recent == 0.0:  # nobody new in the data: no need to ask the mix
                recent = None
            # The data's drop-out, spend and visits were achieved over the
            # period they cover, at that period's mix: simulate it again.
            changes, _ = fit_to_mix(
                today, mean_drop, spend, ratios, recent, period=self.replay(scenario)
            )
            scenario.set(**changes)
        return scenario


def calibrate(
    transactions: pd.DataFrame,
    *,
    until: str | pd.Timestamp | None = None,
    holdout_until: str | pd.Timestamp | None = None,
    unit: str = "week",
) -> Calibration:
    """Fit BG/NBD and Gamma-Gamma to purchases.

    Parameters
    ----------
    transactions
        Columns ``customer``, ``date`` (datetime) and ``amount``, one row per
        purchase (for example :meth:`simulations.RunResult.transactions`).
    until
        Last day of the calibration period; None: the last date.
    holdout_until
        Last day of a holdout period after ``until`` for the forecast check.
    unit
        ``"day"``, ``"week"`` or ``"month"``.

    Returns
    -------
    Calibration
        Fits, checks and the scenario.
    """
    if unit not in UNITS:
        raise CalibrationError(
            _("unit {unit!r}: choose one of {units}").format(
                unit=unit, units=", ".join(UNITS)
            )
        )
    dates = pd.to_datetime(transactions["date"]).dt.normalize()
    frame = transactions.assign(
        customer=transactions["customer"].astype(str), date=dates
    )
    end = dates.max() if until is None else pd.Timestamp(until)
    summary = rfm_summary(frame, end, unit)
    purchases = choose(summary, bgnbd.fit(summary))
    spend = gamma_gamma.fit(summary) if len(gamma_gamma.usable(summary)) >= 2 else None
    holdout = last = None
    if holdout_until is not None:
        last = pd.Timestamp(holdout_until)
        actual = holdout_counts(frame, summary.index, end, holdout_until)
        length = (last - end).days / UNITS[unit]
        holdout = bgnbd.holdout_table(purchases.model, summary, actual, length)
    kept = frame if last is None else frame[frame["date"] <= last]
    return Calibration(
        summary=summary,
        purchases=purchases,
        gamma_gamma=spend,
        unit=unit,
        start=summary["first"].min(),
        until=end,
        occasions=occasions(kept),
        holdout_until=last,
        holdout=holdout,
    )


def calibrate_file(
    source: str | Path | bytes,
    customer: str = "customer",
    date: str = "date",
    amount: str = "amount",
    *,
    until: str | None = None,
    holdout_until: str | None = None,
    unit: str = "week",
    sep: str | None = None,
    date_format: str | None = None,
    progress: Callable[[str], None] | None = None,
) -> Calibration:
    """Read a transactions file (a path or uploaded bytes) and calibrate.

    The lab's hook: ``calibrate_file(upload_bytes, "id", "date", "amount")
    .scenario()`` is "today's business". Bad input raises
    :class:`~simulations.calibration.transactions.CalibrationError` with a
    one-line message naming the row and the column.

    Examples
    --------
    >>> text = b"id,date,amount\\na,2026-01-01,10\\na,2026-01-15,12\\nb,2026-01-08,5\\n"
    >>> cal = calibrate_file(text, "id", "date", "amount", unit="day")
    >>> cal.customers, cal.until.date().isoformat()
    (2, '2026-01-15')
    """
    frame = read_transactions(
        source,
        customer,
        date,
        amount,
        sep=sep,
        date_format=date_format,
        progress=progress,
    )
    if progress is not None:  # told each stage as it starts
        progress(_("fitting"))
    try:
        return calibrate(frame, until=until, holdout_until=holdout_until, unit=unit)
    except (ValueError, np.linalg.LinAlgError) as err:
        if isinstance(err, CalibrationError):
            raise
        raise CalibrationError(
            _("cannot calibrate: {reason}").format(reason=err)
        ) from None
