"""What one run returns: KPIs and tables.

They are computed from a run's :class:`~simulations.records.RunRecords`, plain
data, never from the simulation objects. KPIs cover the measured period only
(after the warm-up days). Each KPI has a
label, a unit and a direction (is more better?) in :data:`KPIS`, so that
tables, verdicts and plots speak the same language.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .i18n import _
from .money_time import discounted, monthly_churn
from .parameters import Twin
from .records import RunRecords
from .vocabulary import COST_ITEMS, LEVELS, MONTH_DAYS, PHASES, YEAR_DAYS


@dataclass(frozen=True)
class KPI:
    """How to show and judge one KPI.

    ``text`` is the label in English (the message the catalogs translate);
    :attr:`label` reads it in the language in use.
    """

    text: str
    unit: str
    higher_is_better: bool | None  # None: neither (a description, not a goal)

    @property
    def label(self) -> str:
        """The KPI's name in the language in use."""
        return _(self.text)


KPIS: dict[str, KPI] = {
    "profit": KPI("Profit", "money", True),
    "profit_per_month": KPI("Profit a month", "money", True),
    "profit_pv": KPI("Profit, present value", "money", True),
    "customer_equity": KPI("Customer equity at the end", "money", True),
    "value_created": KPI("Value created", "money", True),
    "revenue": KPI("Revenue", "money", True),
    "gross_margin": KPI("Gross margin", "money", True),
    "active_customers": KPI("Active customers at the end", "customers", True),
    "customers_new": KPI("New customers at the end", "customers", None),
    "customers_regular": KPI("Regular customers at the end", "customers", None),
    "customers_loyal": KPI("Loyal customers at the end", "customers", True),
    "customers_advocate": KPI("Advocates at the end", "customers", True),
    "customers_won_back": KPI("Won-back customers at the end", "customers", None),
    "new_customers": KPI("Customers gained", "customers", True),
    "lost_customers": KPI("Customers lost", "customers", False),
    "won_back": KPI("Customers won back", "customers", True),
    "deterred": KPI("Prospects put off by word of mouth", "people", False),
    "churn_rate": KPI("Churn a month", "share", False),
    "nps": KPI("Loyalty index (NPS style)", "points", True),
    "mean_wait": KPI("Mean wait", "min", False),
    "p_wait": KPI("Share who wait at all", "share", False),
    "service_level": KPI("Share served within the standard", "share", True),
    "abandonment_rate": KPI("Share who give up in the queue", "share", False),
    "share_low": KPI("Low-service visits", "share", False),
    "share_standard": KPI("Standard visits", "share", None),
    "share_wow": KPI("WOW visits", "share", True),
    "top20_share": KPI(
        "Share of margin from the best customers (top 20%)", "share", None
    ),
    "complaints": KPI("Complaints", "count", None),
    "silent_dissatisfied": KPI("Low visits without a complaint", "count", False),
    "occupancy": KPI("Staff occupancy", "share", None),
    "mean_queue": KPI("Mean number waiting", "customers", False),
    "arrival_rate": KPI("Visits a minute", "per min", None),
    "visits": KPI("Visits", "count", None),
    "unfinished_visits": KPI("Visits unfinished at the end", "count", None),
    "margin_per_customer": KPI("Margin per customer", "money", True),
}
"""Every KPI of a run, in display order.

Shares (unit ``"share"``) lie in [0, 1]. A KPI is NaN only when there is
nothing to count, and tables show it as "n/a":

* ``churn_rate`` - no customer active at the start of any measured month;
* ``nps`` - no current customer has visited (no one to survey);
* ``mean_wait``, ``p_wait``, ``service_level`` - no visit in the measured period;
* ``abandonment_rate``, ``share_low``, ``share_standard``, ``share_wow`` - no
  arrival in the measured period;
* ``top20_share`` - no customer brought a positive margin;
* ``margin_per_customer`` - no customer paid for anything;
* ``customer_equity``, ``value_created`` - a customer's value is unbounded (no
  discounting and no chance of leaving), so there is no finite sum.
"""

HEADLINE: tuple[str, ...] = (
    "profit",
    "value_created",
    "customer_equity",
    "profit_per_month",
    "revenue",
    "active_customers",
    "new_customers",
    "lost_customers",
    "won_back",
    "churn_rate",
    "nps",
    "mean_wait",
    "service_level",
    "abandonment_rate",
    "share_wow",
    "share_low",
    "occupancy",
    "top20_share",
)
"""The KPIs a person sees first, in display order: the command line's
summaries, the lab's table and the report all show these."""


@dataclass
class RunResult:
    """KPIs and tables of one run.

    Attributes
    ----------
    scenario
        Name of the scenario.
    replication
        Index of the replication.
    kpis
        KPI name -> value over the measured period (see :data:`KPIS`).
    daily
        One row a day: money, counts, customers by phase, profit.
    customers
        One row per customer who ever came: origin, value, phase, visits,
        revenue and margin realised in the measured period, satisfaction...
    visits
        One row per visit, or None when visits were not recorded.
    warmup_days
        Days left out of the KPIs.
    start_date
        Calendar date of day 0: a calibrated business starts the day after
        its data end.
    """

    scenario: str
    replication: int
    kpis: dict[str, float]
    daily: pd.DataFrame
    customers: pd.DataFrame
    visits: pd.DataFrame | None = None
    warmup_days: int = 0
    target_wait: float = math.inf
    breakdown: pd.Series = field(default_factory=pd.Series)
    start_date: str = "2026-01-01"

    @property
    def measured(self) -> pd.DataFrame:
        """The daily rows of the measured period."""
        return self.daily.iloc[self.warmup_days :]

    def transactions(self, start_date: str | None = None) -> pd.DataFrame:
        """Purchases (served visits) as a CRM export would list them.

        One model day is one calendar day, day 0 being ``start_date``; the
        warm-up is included. The columns are the ones ``cfl calibrate`` reads.

        Parameters
        ----------
        start_date
            Date of the first simulated day; None: :attr:`start_date`.

        Returns
        -------
        pandas.DataFrame
            ``customer`` (the run's customer number; in a calibrated business,
            the export's own id, and ids no export customer has for new
            ones), ``date`` and ``amount`` (what the customer paid), in time
            order.

        Raises
        ------
        ValueError
            When the run did not keep its visits.
        """
        if self.visits is None:
            raise ValueError("the run kept no visits: run it with record_visits=True")
        served = self.visits[self.visits["served"]]
        start = pd.Timestamp(start_date or self.start_date)
        who = served["customer"].to_numpy()
        if "id" in self.customers:
            who = self.customers["id"].reindex(who).to_numpy()
        return pd.DataFrame(
            {
                "customer": who,
                "date": start + pd.to_timedelta(served["day"].to_numpy(), unit="D"),
                "amount": served["spend"].to_numpy(),
            }
        )


def _share(part: float, whole: float) -> float:
    return part / whole if whole else math.nan


def top_share(values: np.ndarray, top: float = 0.2) -> float:
    """Share of the total that the top ``top`` fraction of values gives.

    Examples
    --------
    >>> top_share(np.array([1.0, 1.0, 1.0, 1.0, 6.0]))
    0.6
    """
    values = np.sort(np.asarray(values, dtype=float))[::-1]
    total = values.sum()
    if len(values) == 0 or total <= 0:
        return math.nan
    n = max(1, round(top * len(values)))
    return float(values[:n].sum() / total)


def direction_breakdown(daily: pd.DataFrame) -> pd.Series:
    """Gross margin, the cost of each direction, and profit, over ``daily``.

    Parameters
    ----------
    daily
        Rows of the daily books (usually the measured days only).

    Returns
    -------
    pandas.Series
        ``gross_margin``, one negative entry per direction, and ``profit``;
        the entries add up to profit.
    """
    parts = {"gross_margin": float(daily["gross_margin"].sum())}
    for direction, items in COST_ITEMS.items():
        parts[direction] = -float(daily[list(items)].sum().sum())
    parts["profit"] = sum(parts.values())
    return pd.Series(parts)


def customer_equity(outlook: np.ndarray, discount_rate: float) -> float:
    """Value of a customer base: each customer's expected remaining margin.

    Each active customer is valued with the course's CLV form, first payment
    a period from now, ``m r / (1 + d - r)``
    (:func:`simulations.analytic.clv_first_payment_next`), a month as the
    period: ``m`` their expected margin a month, ``r`` their chance of
    staying a month, ``d`` the monthly rate equivalent to the yearly
    ``discount_rate``.

    Parameters
    ----------
    outlook
        Two rows: margin a month and monthly retention, one column per customer.
    discount_rate
        Yearly discount rate.

    Returns
    -------
    float
        The sum over customers; NaN when a value is unbounded (no discounting
        and no chance of leaving).

    Examples
    --------
    >>> customer_equity(np.array([[10.0], [0.9]]), (1.01**12) - 1)  # 9 / 0.11
    81.8...
    """
    margin, retention = outlook
    d = (1.0 + discount_rate) ** (1.0 / 12.0) - 1.0
    denominator = 1.0 + d - retention
    if np.any(denominator <= 0.0):
        return math.nan
    return float(np.sum(margin * retention / denominator))


def nps(scores: np.ndarray) -> float:
    """Net promoter score: % answering 9-10 minus % answering 0-6."""
    scores = np.asarray(scores)
    if len(scores) == 0:
        return math.nan
    return 100.0 * (np.mean(scores >= 9) - np.mean(scores <= 6))


def summarise(records: RunRecords) -> RunResult:
    """KPIs and tables of a finished run, from its records."""
    s = records.scenario
    warmup = s.business.warmup_days
    daily = records.daily
    measured = daily.iloc[warmup:]
    minutes = len(measured) * records.day_minutes
    months = len(measured) / MONTH_DAYS
    customers = records.customers
    stats = records.tally

    # Customers of the measured period: active at its end, or lost during it.
    left = customers["left_day"]
    in_period = customers[left.isna() | (left >= warmup)]
    visited = in_period[in_period["revenue"] > 0]
    # The survey reaches current customers only: those who left are silent.
    surveyed = customers[left.isna() & (customers["visits"] > 0)]
    arrivals = int(measured["arrivals"].sum())
    low = int(measured["low"].sum())
    complaints = int(measured["complaints"].sum())
    profit = float(measured["profit"].sum())

    rate = s.economics.discount_rate
    profit_pv = discounted(measured["profit"].to_numpy(float), rate)
    equity_start = customer_equity(records.outlook_start, rate)
    equity_end = customer_equity(records.outlook_end, rate)
    years = len(measured) / YEAR_DAYS
    staff_minutes = records.staff_minutes
    if math.isnan(staff_minutes):
        staff_minutes = s.business.staff * minutes
    kpis = {
        "profit": profit,
        "profit_per_month": profit / months,
        "profit_pv": profit_pv,
        "customer_equity": equity_end,
        "value_created": profit_pv + equity_end / (1.0 + rate) ** years - equity_start,
        "revenue": float(measured["revenue"].sum()),
        "gross_margin": float(measured["gross_margin"].sum()),
        "active_customers": float(daily["active_customers"].iloc[-1]),
    }
    for phase in PHASES:
        kpis[f"customers_{phase}"] = float(daily[f"customers_{phase}"].iloc[-1])
    kpis |= {
        "new_customers": float(measured["new_customers"].sum()),
        "lost_customers": float(measured["lost"].sum()),
        "won_back": float(measured["won_back"].sum()),
        "deterred": float(measured["deterred"].sum()),
        "churn_rate": monthly_churn(daily, warmup),
        "nps": nps(surveyed["recommend"].to_numpy()),
        "mean_wait": _share(stats.total_wait, stats.arrivals),
        "p_wait": _share(stats.waited, stats.arrivals),
        "service_level": _share(stats.within_standard, stats.arrivals),
        # Shares of visits: numerator and denominator count the same visits.
        "abandonment_rate": _share(stats.abandoned, stats.arrivals),
        **{
            f"share_{level}": _share(count, stats.arrivals)
            for level, count in zip(LEVELS, stats.levels, strict=True)
        },
        "top20_share": top_share(visited["margin"].to_numpy()),
        "complaints": float(complaints),
        "silent_dissatisfied": float(low - complaints),
        # Busy staff never outnumber staff on duty; a saturated desk's sum of
        # many busy intervals can still pass its minutes by rounding alone.
        "occupancy": min(1.0, records.busy_area / staff_minutes),
        "mean_queue": records.wait_area / minutes,
        "arrival_rate": stats.arrivals / minutes,
        "visits": float(arrivals),
        "unfinished_visits": float(records.unfinished),
        "margin_per_customer": _share(float(visited["margin"].sum()), len(visited)),
    }
    if s.twin is not None:
        customers = customers.assign(id=customer_ids(customers, s.twin))
    return RunResult(
        scenario=s.name,
        replication=records.replication,
        kpis=kpis,
        daily=daily,
        customers=customers,
        visits=records.visits,
        warmup_days=warmup,
        target_wait=s.service.target_wait,
        breakdown=direction_breakdown(measured),
        start_date=s.twin.start_date if s.twin is not None else "2026-01-01",
    )


def customer_ids(customers: pd.DataFrame, twin: Twin) -> np.ndarray:
    """Each customer's id: the export's own, or a new one for a newcomer.

    New ids never collide with the export's (:meth:`Twin.new_ids`); they are
    given in the order customers came.
    """
    ids = np.empty(len(customers), dtype=object)
    known = (customers["origin"] == "twin").to_numpy()
    ids[known] = twin.customers["id"].to_numpy()[customers["number"].to_numpy()[known]]
    ids[~known] = twin.new_ids(int((~known).sum()))
    return ids
