"""New customers as the data show them: first purchases in a recent window.

A CRM export tells how many customers made their first purchase lately. The
twin's new customers arrive at that rate (``recent``, the default: the last
12 weeks before the end of the data), at none (``none``), or at a rate the
user gives. A closed cohort, such as the CDNOW sample (everyone's first
purchase in the first quarter of 1997), has no first purchase in the last
weeks of the data: its twin invents no arrivals.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..i18n import _, ngettext
from ..present.format import number
from .transactions import CalibrationError

WINDOW_WEEKS = 12.0
"""Default window, in weeks before the end of the data."""


@dataclass(frozen=True)
class Arrivals:
    """The rate of new customers a twin uses, and why.

    Attributes
    ----------
    per_day
        New customers a day.
    reason
        One plain sentence: which rate, and where it comes from.
    """

    per_day: float
    reason: str


def check_choice(choice: str | float) -> str | float:
    """``"recent"``, ``"none"`` or a number of new customers a day (>= 0).

    Examples
    --------
    >>> check_choice("recent"), check_choice("2.5")
    ('recent', 2.5)
    """
    if choice in ("recent", "none"):
        return choice
    try:
        rate = float(choice)
    except (TypeError, ValueError):
        rate = -1.0
    if not 0.0 <= rate < float("inf"):
        raise CalibrationError(
            _(
                "new customers {choice!r}: choose 'recent', 'none' or a number of "
                "new customers a day (>= 0)"
            ).format(choice=str(choice)[:40])
        )
    return rate


def check_window(weeks: float) -> float:
    """A window of weeks > 0 (and at most 100 years)."""
    if not 0.0 < weeks <= 5200.0:
        raise CalibrationError(
            _(
                "arrivals window {weeks!r}: must be a number of weeks above 0 (and "
                "at most 5200)"
            ).format(weeks=weeks)
        )
    return weeks


def new_customers(
    first: pd.Series,
    until: pd.Timestamp,
    choice: str | float = "recent",
    window_weeks: float = WINDOW_WEEKS,
) -> Arrivals:
    """New customers a day for the twin.

    Parameters
    ----------
    first
        Date of each customer's first purchase.
    until
        Last day of the data used.
    choice
        ``"recent"``: first purchases a day in the window; ``"none"``: 0; a
        number: that many a day.
    window_weeks
        Length of the window before ``until``, in weeks.

    Examples
    --------
    >>> first = pd.to_datetime(pd.Series(["2026-01-05", "2026-03-20", "2026-03-28"]))
    >>> new_customers(first, pd.Timestamp("2026-03-31"), window_weeks=2).per_day
    0.14285714285714285
    """
    choice = check_choice(choice)
    if choice == "none":
        return Arrivals(0.0, _("New customers: none (as asked)."))
    if choice != "recent":
        said = _("New customers: {rate} a day (as given).")
        return Arrivals(choice, said.format(rate=number(choice)))
    check_window(window_weeks)
    days = max(1, round(window_weeks * 7))
    start = until - pd.Timedelta(days=days)
    earliest = first.min()
    if earliest > start:  # the data are shorter than the window
        start = earliest - pd.Timedelta(days=1)
        days = (until - start).days
    count = int(((first > start) & (first <= until)).sum())
    rate = count / days
    window = ngettext(
        "the {days} day to {until}", "the {days} days to {until}", days
    ).format(days=number(days), until=until.date())
    if count == 0:
        why = _("no customer made a first purchase in {window}")
    else:
        why = ngettext(
            "{count} first purchase in {window}",
            "{count} first purchases in {window}",
            count,
        )
    why = why.format(count=number(count), window=window)
    said = _("New customers: {rate} a day, as in the data ({why}).")
    return Arrivals(rate, said.format(rate=number(rate), why=why))
