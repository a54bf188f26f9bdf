"""The ledger: money and counts, day by day, grouped by Mann's four directions.

Every cost belongs to one direction of customer focus, so that a manager can
see what each direction costs and what the business earns:

* attraction: advertising and referral rewards;
* service (working with the client): staff, their training, complaints put right;
* retention: loyalty discounts and the programme's running cost;
* winback: win-back contacts.

Profit is the gross margin on sales (before discounts) less all of these.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..vocabulary import COST_ITEMS, STOCKS, per_day

if TYPE_CHECKING:
    from ..parameters import Scenario

COSTS: tuple[str, ...] = tuple(item for items in COST_ITEMS.values() for item in items)

MONEY: tuple[str, ...] = ("revenue", "gross_margin", *COSTS)
"""Money items of a day. Revenue is what customers paid (after discounts);
gross margin is the margin on list prices, before discounts."""

COUNTS: tuple[str, ...] = (
    "arrivals",
    "served",
    "abandoned",
    "low",
    "standard",
    "wow",
    "complaints",
    "recovered",
    "new_customers",
    "deterred",
    "lost",
    "won_back",
    "contacts",
)
"""Events counted each day."""

DAILY_COLUMNS: tuple[str, ...] = (
    *MONEY,
    *COUNTS,
    *(f"customers_{item}" for item in STOCKS),
    "active_customers",
    "profit",
)
"""The columns of :meth:`Ledger.table` (a run's ``daily`` table)."""


class Ledger:
    """Day-by-day books of one run.

    Parameters
    ----------
    days
        Days simulated.
    day_minutes
        Length of a day in model minutes.
    """

    def __init__(self, days: int, day_minutes: float) -> None:
        self.days = days
        self.day_minutes = day_minutes
        # Plain lists: adding to a list item is several times faster than
        # adding to a NumPy element, and the ledger is touched at every visit.
        self.money = {item: [0.0] * days for item in MONEY}
        self.counts = {item: [0] * days for item in COUNTS}
        self.stocks = {item: [0] * days for item in STOCKS}
        self._revenue = self.money["revenue"]
        self._gross_margin = self.money["gross_margin"]
        self._discounts = self.money["discounts"]
        self._served = self.counts["served"]
        self._levels = (self.counts["low"], self.counts["standard"], self.counts["wow"])

    def extend(self, days: int) -> None:
        """Add ``days`` empty days at the end (a run that continues).

        The lists grow in place, so references held to them stay valid.
        """
        for values in self.money.values():
            values.extend([0.0] * days)
        for values in (*self.counts.values(), *self.stocks.values()):
            values.extend([0] * days)
        self.days += days

    def day(self, now: float) -> int:
        """Index of the day that model time ``now`` falls in."""
        d = int(now // self.day_minutes)
        return d if d < self.days else self.days - 1

    def pay(self, item: str, amount: float, now: float) -> None:
        """Book money ``amount`` of ``item`` on the day of ``now``."""
        self.money[item][self.day(now)] += amount

    def open_day(self, scenario: Scenario, members: int, now: float) -> None:
        """Pay a day's fixed costs: staff, training, advertising, the programme."""
        staff_cost, training_cost = daily_service_cost(scenario)
        self.pay("staff", staff_cost, now)
        self.pay("training", training_cost, now)
        self.pay("acquisition", per_day(scenario.attraction.acquisition_budget), now)
        programme = members * per_day(scenario.retention.cost_per_member)
        self.pay("programme", programme, now)

    def count(self, item: str, now: float, n: int = 1) -> None:
        """Count ``n`` events of ``item`` on the day of ``now``."""
        self.counts[item][self.day(now)] += n

    def sale(self, day: int, paid: float, gross_margin: float, discount: float) -> None:
        """Book a served visit: what was paid, its margin, the discount given."""
        self._revenue[day] += paid
        self._gross_margin[day] += gross_margin
        self._discounts[day] += discount
        self._served[day] += 1

    def level(self, day: int, level: int) -> None:
        """Count a visit's service level (0 low, 1 standard, 2 WOW)."""
        self._levels[level][day] += 1

    def close_day(self, day: int, phase_counts: dict[str, int]) -> None:
        """Record the customers by phase at the end of ``day``."""
        for item in STOCKS:
            self.stocks[item][day] = phase_counts[item]

    def table(self) -> pd.DataFrame:
        """One row a day: money, counts, phases and profit."""
        frame = pd.DataFrame(
            {"day": np.arange(self.days), **self.money, **self.counts}
        ).set_index("day")
        for item in STOCKS:
            frame[f"customers_{item}"] = np.asarray(self.stocks[item], dtype=np.int64)
        frame["active_customers"] = frame[
            [f"customers_{p}" for p in STOCKS if p != "lost"]
        ].sum(axis=1)
        frame["profit"] = frame["gross_margin"] - frame[list(COSTS)].sum(axis=1)
        return frame


def daily_service_cost(scenario: Scenario) -> tuple[float, float]:
    """Staff cost and training cost of one day (working with the client).

    Examples
    --------
    >>> from simulations import Scenario
    >>> s = Scenario().set(**{"business.staff": 2, "economics.staff_cost": 200.0,
    ...                       "service.training_level": 0.5,
    ...                       "economics.training_cost": 60.0})
    >>> daily_service_cost(s)
    (400.0, 60.0)
    """
    staff, e = scenario.business.staff, scenario.economics
    return (
        staff * e.staff_cost,
        staff * scenario.service.training_level * e.training_cost,
    )
