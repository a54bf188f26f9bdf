"""Calibrate in one call: transactions in, fitted models and a scenario out.

:func:`calibrate_file` reads a CRM export (a path or uploaded bytes),
:func:`calibrate` works on a table already in memory. Both return a
:class:`Calibration`: the RFM summary, the BG/NBD and Gamma-Gamma fits with
standard errors, the fit checks, and :meth:`Calibration.scenario`, the
business as a scenario of the model.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..parameters import Scenario
from . import bgnbd, gamma_gamma
from .mle import Estimate
from .scenario import to_scenario
from .transactions import (
    UNITS,
    CalibrationError,
    holdout_counts,
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
    bgnbd
        BG/NBD estimate (``r``, ``alpha``, ``a``, ``b``; ``alpha`` in ``unit``).
    gamma_gamma
        Gamma-Gamma estimate (``p``, ``q``, ``v``), or None without repeat buyers.
    unit
        Time unit: ``"day"``, ``"week"`` or ``"month"``.
    start, until
        First date in the data and last day of the calibration period.
    holdout
        Predicted vs actual purchases after ``until``, or None.
    """

    summary: pd.DataFrame
    bgnbd: Estimate
    gamma_gamma: Estimate | None
    unit: str
    start: pd.Timestamp
    until: pd.Timestamp
    holdout: pd.DataFrame | None = None

    @property
    def customers(self) -> int:
        """Customers in the calibration period."""
        return len(self.summary)

    def repeat_histogram(self, most: int = 7) -> pd.DataFrame:
        """Customers by repeat purchases: actual and expected by BG/NBD."""
        return bgnbd.repeat_histogram(self.bgnbd.params, self.summary, most)

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
            "gamma_gamma": gg.params if gg else None,
            "standard_errors": {
                "bgnbd": self.bgnbd.standard_errors,
                "gamma_gamma": gg.standard_errors if gg else None,
            },
            "customers": self.customers,
            "unit": self.unit,
            "until": self.until.date().isoformat(),
        }

    def expected_active(self) -> float:
        """Customers expected to be still active at ``until`` (sum of P(alive))."""
        return float(bgnbd.p_alive(self.bgnbd.params, self.summary).sum())

    def first_purchases_per_day(self) -> float:
        """New customers a day over the calibration period."""
        days = (self.until - self.start).days + 1
        return self.customers / days

    def scenario(
        self,
        base: Scenario | None = None,
        name: str = "today's business",
        initial_customers: int | None = None,
        prospects_per_day: float | None = None,
    ) -> Scenario:
        """The business as a scenario of the model ("today's business").

        Parameters
        ----------
        base
            Scenario whose other parameters are kept (default: the default one).
        name
            Name of the scenario.
        initial_customers
            Customers on day one; None: those expected to be still active.
        prospects_per_day
            First visits a day; None: the rate of first purchases in the data.

        Returns
        -------
        Scenario
            See :func:`~simulations.calibration.scenario.to_scenario`.
        """
        initial = (
            round(self.expected_active())
            if initial_customers is None
            else initial_customers
        )
        prospects = (
            self.first_purchases_per_day()
            if prospects_per_day is None
            else prospects_per_day
        )
        gg = self.gamma_gamma.params if self.gamma_gamma else None
        return to_scenario(
            self.bgnbd.params,
            gg,
            self.unit,
            initial_customers=initial,
            prospects_per_day=prospects,
            base=base,
            name=name,
        )


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
        raise CalibrationError(f"unit {unit!r}: choose one of {', '.join(UNITS)}")
    dates = pd.to_datetime(transactions["date"]).dt.normalize()
    frame = transactions.assign(date=dates)
    end = dates.max() if until is None else pd.Timestamp(until)
    summary = rfm_summary(frame, end, unit)
    fit = bgnbd.fit(summary)
    spend = gamma_gamma.fit(summary) if len(gamma_gamma.usable(summary)) >= 2 else None
    holdout = None
    if holdout_until is not None:
        actual = holdout_counts(frame, summary.index, end, holdout_until)
        length = (pd.Timestamp(holdout_until) - end).days / UNITS[unit]
        holdout = bgnbd.holdout_table(fit.params, summary, actual, length)
    return Calibration(
        summary=summary,
        bgnbd=fit,
        gamma_gamma=spend,
        unit=unit,
        start=summary["first"].min(),
        until=end,
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
        progress("fitting")
    try:
        return calibrate(frame, until=until, holdout_until=holdout_until, unit=unit)
    except (ValueError, np.linalg.LinAlgError) as err:
        if isinstance(err, CalibrationError):
            raise
        raise CalibrationError(f"cannot calibrate: {err}") from None
