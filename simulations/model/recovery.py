"""Service recovery: a complaint put right on the spot.

A customer who gets low service complains with a small chance (the rest stay
silent). With the lever ``service.recovery`` on, staff answer each complaint
at once: they apologise, fix what they can and give something back. That
costs ``recovery_cost`` whether it works or not. It works with chance
``recovery_success``: the low visit then counts, for the customer, as a
standard one, or, for a share ``recovery_wow`` of the recoveries that work,
as a WOW one (the "recovery paradox"). The customer remembers the visit at
that level: their satisfaction, their step on the loyalty ladder and their
chance of leaving after the visit follow it. The books still count the visit
as low (the service failed), and count the recovery beside it.

Only complaints can be put right: a customer who stays silent is never
reached. That is why the chance of complaining matters as much as the skill
of recovering.

Each complaint draws one number of its own, a hash of the customer and the
complaint's number (:func:`~.counters.counter_uniform`): turning recovery on
leaves every other random number of the run as it was, and runs with
different success chances meet the same luck (common random numbers).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..vocabulary import LOW, ORIGINS, STANDARD, WOW
from .counters import counter_uniform
from .customers import SCORE
from .streams import activity_key

if TYPE_CHECKING:
    from ..parameters import Scenario
    from .customers import Customer
    from .ledger import Ledger

KEY_INDEX = 2000
"""First index of recovery's keys (one per origin); clear of the streams'."""


@dataclass(frozen=True)
class Recovery:
    """How a business with the recovery lever on answers complaints.

    Attributes
    ----------
    success
        Chance that a complaint is put right.
    wow
        Chance that it is put right so well that the visit counts as WOW
        (``success x recovery_wow``).
    cost
        Money spent on each complaint handled.
    memory
        Weight of the latest visit in satisfaction (to re-score the visit).
    keys
        Key of each origin's customers, for their own numbers.
    """

    success: float
    wow: float
    cost: float
    memory: float
    keys: dict[str, int]

    @classmethod
    def of(cls, scenario: Scenario, replication: int) -> Recovery | None:
        """The recovery of a scenario, or None when the lever is off."""
        service = scenario.service
        if not service.recovery:
            return None
        return cls(
            success=service.recovery_success,
            wow=service.recovery_success * service.recovery_wow,
            cost=service.recovery_cost,
            memory=scenario.customers.memory,
            keys={
                origin: activity_key(scenario.seed, replication, KEY_INDEX + i)
                for i, origin in enumerate(ORIGINS)
            },
        )

    def chance(self, customer: Customer) -> float:
        """The uniform number of this customer's latest complaint."""
        key = self.keys[customer.origin]
        return counter_uniform(key, customer.number, customer.complaints)

    def put_right(self, customer: Customer, ledger: Ledger, day: int) -> int:
        """Answer a complaint about a low visit; return the level the customer keeps.

        Pays the cost; when the recovery works, counts it and turns the visit
        the customer has just judged low into a standard or WOW one in their
        memory (the level counts and satisfaction, as if they had judged it so).
        """
        ledger.money["recovery"][day] += self.cost
        u = self.chance(customer)
        if u >= self.success:
            return LOW
        level = WOW if u < self.wow else STANDARD
        ledger.counts["recovered"][day] += 1
        customer.low -= 1
        if level == WOW:
            customer.wow += 1
        else:
            customer.standard += 1
        # Satisfaction moved towards -1 at this visit; move it towards the new
        # level instead: s + m (score - s) from the same s before the visit.
        customer.satisfaction += self.memory * (SCORE[level] - SCORE[LOW])
        return level


def complaint(
    customer: Customer, ledger: Ledger, day: int, recovery: Recovery | None
) -> int:
    """A customer complains about a low visit: count it, answer it if the
    business recovers; return the level the customer keeps of the visit."""
    customer.complaints += 1
    ledger.counts["complaints"][day] += 1
    if recovery is None:
        return LOW
    return recovery.put_right(customer, ledger, day)
