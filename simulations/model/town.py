"""A town of several businesses that compete for its people (the seminar game).

Each business is a whole :class:`~simulations.model.Model`, with its own
customers, staff, books and random streams; the town decides only who comes
to whom. Every morning:

* it works out each business's pull (:meth:`Town.pulls`): a multinomial
  logit of its advertising's share of voice, its word of mouth and its
  reputation from recent visits (:class:`~simulations.parameters.TownRules`
  has the formula and its sources);
* the people who look for such a business by themselves come to the town
  (as many as every business would get alone) and each chooses one by pull;
* people who left a business for good and try another choose among the rest.

Then every business lives the day. Those who answer an advertisement still
come to the business that placed it, and advocates still bring friends to
their own business, as in a market of one.

Every business draws on the same random streams (the seed and the
replication), so two businesses run the same way meet the same people in
the same order; the town's own streams (when prospects come, which business
they choose) are common to all, so no business's luck depends on its place
in the list. With ``rules=None`` the businesses share nothing (separate
markets): each runs exactly as it would alone.
"""

from __future__ import annotations

import bisect
import heapq
import math
from collections.abc import Generator, Sequence
from itertools import accumulate
from typing import Any

import numpy as np
import simpy

from ..parameters import Scenario, TownRules
from .customers import Customer
from .run import Model
from .streams import Stream

TOWN_STREAMS: tuple[str, ...] = ("prospects", "choices")
"""The town's own activities with a stream: when prospects come, whom they choose."""


class Town:
    """Businesses in one town, run side by side one day at a time.

    Parameters
    ----------
    scenarios
        One business each (the same seed: common random numbers).
    replication
        Index of the replication.
    rules
        How prospects choose; None: separate markets (nothing shared).
    record_visits
        Keep each business's visits.
    """

    def __init__(
        self,
        scenarios: Sequence[Scenario],
        replication: int = 0,
        rules: TownRules | None = None,
        record_visits: bool = False,
    ) -> None:
        self.rules = rules
        self.businesses = [
            Model(s, replication, record_visits, continuing=True) for s in scenarios
        ]
        self.days_run = 0
        self.switchers: list[tuple[float, int, int, float, tuple]] = []  # a heap
        self.came = [
            dict.fromkeys(("chose", "switched_in", "left"), 0) for _ in scenarios
        ]
        if rules is None:
            return
        seed = scenarios[0].seed
        self.streams = {
            name: Stream(
                np.random.SeedSequence(seed, spawn_key=(replication, 3000 + i))
            )
            for i, name in enumerate(TOWN_STREAMS)
        }
        self.next_prospect: float | None = None  # when the town's next one comes
        self.leavers = 0  # customers lost for good so far, all businesses
        for team, business in enumerate(self.businesses):
            business.market.in_town(lambda customer, t=team: self.leaves(t, customer))

    @property
    def minutes(self) -> float:
        """Length of a day (every business keeps the same hours)."""
        return self.businesses[0].day_minutes

    def set_levers(self, team: int, changes: dict[str, Any]) -> None:
        """Change one business's levers and facts of the world from now on."""
        self.businesses[team].set_levers(changes)

    def advance(self, days: int) -> None:
        """Live ``days`` more days: every business, one day at a time."""
        if self.rules is None:  # separate markets: no need to keep step
            for business in self.businesses:
                business.advance(days)
            self.days_run += days
            return
        for _ in range(days):
            self.morning()
            for business in self.businesses:
                business.advance(1)
            self.days_run += 1

    # ------------------------------------------------------------ the morning
    def morning(self) -> None:
        """Send today's prospects and switchers to the businesses they choose."""
        start, end = self.days_run * self.minutes, (self.days_run + 1) * self.minutes
        chances = self.chances()
        visitors: list[list[tuple[float, str, tuple | None]]] = [[] for _ in chances]
        for when in self.prospects_until(end):
            team = pick(chances, self.streams["choices"].uniform())
            visitors[team].append((when, "organic", None))
            self.came[team]["chose"] += 1
        while self.switchers and self.switchers[0][0] < end:
            when, _, left, u, traits = heapq.heappop(self.switchers)
            others = [c if t != left else 0.0 for t, c in enumerate(chances)]
            if sum(others) <= 0.0:
                continue  # a town of one: nowhere else to go
            team = pick(others, u)
            visitors[team].append((max(when, start), "switched", traits))
            self.came[team]["switched_in"] += 1
        for business, arriving in zip(self.businesses, visitors, strict=True):
            if arriving:
                arriving.sort(key=lambda visitor: visitor[0])
                business.env.process(self.come(business, arriving))

    def prospects_until(self, end: float) -> list[float]:
        """When the town's prospects come before ``end``: a Poisson stream.

        The town gets as many as every business would get alone; the rate is
        read at each arrival, so an event that changes it acts from the next.
        """
        found: list[float] = []
        gaps = self.streams["prospects"]
        while True:
            per_day = sum(
                b.scenario.attraction.prospects_per_day for b in self.businesses
            )
            if per_day <= 0.0:  # nobody comes: start again tomorrow
                self.next_prospect = None
                return found
            if self.next_prospect is None:
                start = end - self.minutes
                self.next_prospect = start + gaps.exponential(self.minutes / per_day)
            if self.next_prospect >= end:
                return found
            found.append(self.next_prospect)
            self.next_prospect += gaps.exponential(self.minutes / per_day)

    def come(
        self, business: Model, arriving: list[tuple[float, str, tuple | None]]
    ) -> Generator[simpy.Event]:
        """Today's visitors who chose ``business`` come, one after another."""
        env = business.env
        for when, origin, traits in arriving:
            if when > env.now:
                yield env.timeout(when - env.now)
            business.join(origin, traits)

    def leaves(self, team: int, customer: Customer) -> None:
        """A customer lost for good by ``team`` may try another business later.

        Their own random numbers decide, so the same person decides the same
        way under every policy; they come when they would have come back.
        """
        business, rng = self.businesses[team], customer.rng
        self.came[team]["left"] += 1
        self.leavers += 1
        if not rng.chance(self.rules.switch_chance):
            return
        gap = business.rules.gap_minutes["regular"] / customer.rate
        when = business.env.now + rng.exponential(gap)
        traits = (1.0, customer.value, customer.expectation, customer.rate)
        traits += (customer.leave_scale,)
        # The leaver count breaks ties of time: the heap never compares traits.
        visitor = (when, self.leavers, team, rng.uniform(), traits)
        heapq.heappush(self.switchers, visitor)

    # ------------------------------------------------------------ the pulls
    def chances(self) -> list[float]:
        """Each business's chance to be chosen this morning (they add up to 1)."""
        pulls = self.pulls()
        total = sum(pulls)
        return [p / total for p in pulls]

    def pulls(self) -> list[float]:
        """Each business's pull: advertising, word of mouth and reputation."""
        rules = self.rules
        people = sum(b.scenario.customers.market_size for b in self.businesses)
        pulls = []
        for business in self.businesses:
            a = business.scenario.attraction
            voice = a.acquisition_budget + rules.voice_floor * a.cost_per_acquisition
            good = bad = 0.0
            if business.market.word_of_mouth:
                told = business.counts["advocate"] * rules.advocate_told
                good = min(told / people, 1.0)
                bad = (
                    business.market.heard_badly()
                    * business.scenario.customers.market_size
                )
                bad = min(bad / people, 0.99)
            stars = self.stars(business)
            pull = voice**rules.ad_weight * math.exp(rules.star_weight * stars)
            pulls.append(pull * (1.0 + good) * (1.0 - bad))
        return pulls

    def stars(self, business: Model) -> float:
        """Reputation from the visits of the last days, 1 to 5 (3: none yet).

        Three stars when every visit met expectations; each WOW visit counts
        up, each low one down.
        """
        days = self.rules.reputation_days
        counts = business.ledger.counts
        low, wow = sum(counts["low"][-days:]), sum(counts["wow"][-days:])
        visits = low + wow + sum(counts["standard"][-days:])
        return 3.0 + 2.0 * (wow - low) / visits if visits else 3.0


def pick(chances: Sequence[float], u: float) -> int:
    """The index a uniform number ``u`` falls on, by ``chances`` (any total).

    Examples
    --------
    >>> pick([0.5, 0.25, 0.25], 0.6), pick([1.0, 0.0, 1.0], 0.6)
    (1, 2)
    """
    bounds = list(accumulate(chances))
    return min(bisect.bisect_right(bounds, u * bounds[-1]), len(chances) - 1)
