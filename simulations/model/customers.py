"""The customer agent: memory, service levels, satisfaction and loyalty phases.

A customer judges each visit by expectation-disconfirmation (Oliver 1980):
performance is compared with what the customer expects. The zone of
tolerance (Zeithaml, Berry & Parasuraman 1993) turns that into a service
level: below ``expectation - tolerance`` the visit is *low*, above
``expectation + tolerance`` it is *WOW*, in between *standard*. Waiting
lowers the performance the customer feels (as in Alvarado-Valencia et al.
2017); once greeted, a minute of waiting counts for less (Maister 1985:
unoccupied and unexplained waits feel longer).

Satisfaction is a running average of service levels (low -1, standard 0,
WOW +1). It moves the customer along the loyalty ladder
new -> regular -> loyal -> advocate, and sets the chance of leaving after a
visit. Nothing here uses SimPy, and nothing here counts customers: these are
the rules of one customer (the numbers they need are in ``rules.py``);
``run.py`` runs them and keeps the counts.
"""

from __future__ import annotations

import math

from ..vocabulary import LOW, RANK, STANDARD, WOW

# The rules a customer follows; the course's notebooks import them from here.
from .rules import Rules, member_leave_factor, programme_benefit
from .streams import _Shapes

__all__ = ["Customer", "Rules", "member_leave_factor", "programme_benefit"]

SCORE = (-1.0, 0.0, 1.0)  # what each level adds to satisfaction


class Customer:
    """One customer and what they remember.

    Parameters
    ----------
    ident
        Number of the customer in the run.
    value
        Mean spend on a visit at the regular phase (money).
    expectation
        Quality the customer expects on a 0-10 scale.
    origin
        How they came: ``"initial"``, ``"organic"``, ``"paid"`` or ``"referral"``.
    joined
        Model time they joined (minutes).
    key
        Whether the customer is a key (high-value) customer.
    phase
        Starting phase.
    number
        Number of the customer within their origin: the same person under
        every policy.
    rng
        The customer's own random numbers.
    rate
        The customer's visit rate relative to the average in their phase.
    leave_scale
        The customer's base chance of leaving relative to the average.
    """

    __slots__ = (
        "complaints",
        "expectation",
        "ident",
        "joined",
        "key",
        "leave_scale",
        "left",
        "low",
        "margin",
        "number",
        "origin",
        "phase",
        "phase_visits",
        "rate",
        "revenue",
        "rng",
        "satisfaction",
        "standard",
        "unhappy_exit",
        "value",
        "visits",
        "won_back",
        "wow",
    )

    def __init__(
        self,
        ident: int,
        value: float,
        expectation: float,
        origin: str,
        joined: float,
        key: bool,
        phase: str = "new",
        number: int = 0,
        rng: _Shapes | None = None,
        rate: float = 1.0,
        leave_scale: float = 1.0,
    ) -> None:
        self.ident = ident
        self.value = value
        self.expectation = expectation
        self.origin = origin
        self.joined = joined
        self.key = key
        self.phase = phase
        self.number = number
        self.rng = rng
        self.rate = rate
        self.leave_scale = leave_scale
        self.phase_visits = 0
        self.satisfaction = 0.0
        self.visits = 0
        self.low = self.standard = self.wow = 0  # visits at each level (no list: speed)
        self.complaints = 0
        self.revenue = 0.0
        self.margin = 0.0
        self.left = math.nan
        self.won_back = 0
        self.unhappy_exit = False

    # ------------------------------------------------------------ judging
    def judge(self, quality: float, wait: float, served: bool, rules: Rules) -> int:
        """Service level of a visit: ``LOW``, ``STANDARD`` or ``WOW``.

        ``quality`` is what the staff delivered; the felt performance is that
        minus the cost of the wait. A visit abandoned in the queue is low.
        """
        if not served:
            level = LOW
            self.low += 1
        else:
            greet = rules.greet_after
            felt_wait = (
                wait
                if wait <= greet
                else greet + rules.greeted_wait_weight * (wait - greet)
            )
            felt = quality - rules.wait_sensitivity * felt_wait
            if felt < self.expectation - rules.tolerance:
                level = LOW
                self.low += 1
            elif felt > self.expectation + rules.tolerance:
                level = WOW
                self.wow += 1
                # Delight raises the bar for next time.
                self.expectation += rules.expectation_rise * (felt - self.expectation)
            else:
                level = STANDARD
                self.standard += 1
        self.visits += 1
        self.phase_visits += 1
        self.satisfaction += rules.memory * (SCORE[level] - self.satisfaction)
        return level

    # ------------------------------------------------------------ loyalty ladder
    def move_on_ladder(self, rules: Rules) -> None:
        """Move up or down the loyalty ladder after a visit."""
        s, phase = self.satisfaction, self.phase
        ready = self.phase_visits >= rules.visits_to_step
        if phase == "new":
            if ready:
                self.set_phase("regular")
        elif phase in ("regular", "won_back"):
            if ready and s >= rules.loyal_satisfaction:
                self.set_phase("loyal")
        elif phase == "loyal":
            if s < 0.0:  # more bad than good lately: back among the regulars
                self.set_phase("regular")
            elif ready and s >= rules.advocate_satisfaction:
                self.set_phase("advocate")
        elif phase == "advocate" and s < rules.loyal_satisfaction:
            self.set_phase("loyal")

    def set_phase(self, phase: str) -> None:
        """Change phase; the visits counted towards the next step start again."""
        self.phase = phase
        self.phase_visits = 0

    def leave_chance(self, level: int, rules: Rules) -> float:
        """Chance of leaving after a visit of the given level.

        The customer's own base chance (``leave_scale`` times the average),
        scaled by the service level; loyal customers forgive more, and members
        of a loyalty programme leave less. Without service feedback the level
        and the phase change nothing.
        """
        rank = RANK[self.phase]
        if not rules.service_feedback:
            p = rules.leave_mean * self.leave_scale
        else:
            p = rules.leave_chance[level] * self.leave_scale
            if rank >= 2:  # loyal customers and advocates forgive more
                p *= rules.loyal_forgiveness
        if rank >= rules.member_from:  # a member (is_member, inline)
            p *= rules.member_leave_factor
        return p if p < 1.0 else 1.0

    def outlook(
        self, rules: Rules, shares: tuple[float, float, float]
    ) -> tuple[float, float]:
        """Expected margin a month and chance of staying a month, as things stand.

        The customer keeps their phase, visit rate and spend; each visit is
        low, standard or WOW with the customer's own shares so far, shrunk
        towards the run's ``shares`` (two visits' worth), so that a customer
        with one visit is not judged on it alone.
        """
        visits = 2.0 + self.visits
        # Each level's own share times its chance of leaving, summed; written
        # out, not looped: it runs for every active customer, twice a run.
        leave = (
            (self.low + 2.0 * shares[LOW]) / visits * self.leave_chance(LOW, rules)
            + (self.standard + 2.0 * shares[STANDARD])
            / visits
            * self.leave_chance(STANDARD, rules)
            + (self.wow + 2.0 * shares[WOW]) / visits * self.leave_chance(WOW, rules)
        )
        leave = min(leave, 1.0)  # the shares can add up past 1 (two-visit prior)
        per_month = rules.gap_minutes["regular"] * rules.month_visits["regular"]
        visits_a_month = per_month / self.gap(rules)
        price, discount = self.spend(rules)
        monthly_margin = visits_a_month * (price * rules.margin - discount)
        return monthly_margin, (1.0 - leave) ** visits_a_month

    # ------------------------------------------------------------ spending
    def spend(self, rules: Rules) -> tuple[float, float]:
        """Price of the visit before discount, and the discount given."""
        phase = self.phase
        price = self.value * rules.spend_factor[phase]
        discount = price * rules.discount if RANK[phase] >= rules.member_from else 0.0
        return price, discount

    def gap(self, rules: Rules) -> float:
        """Mean time to the next visit, in minutes: the phase's, over own rate."""
        phase = self.phase if rules.service_feedback else "regular"
        return rules.gap_minutes[phase] / self.rate

    # ------------------------------------------------------------ leaving
    def leave(self, now: float) -> None:
        """Stop being a customer."""
        self.unhappy_exit = self.satisfaction < 0.0
        self.phase = "lost"
        self.left = now

    def come_back(self) -> None:
        """Return after a win-back contact, with a clean slate of satisfaction."""
        self.phase = "won_back"
        self.phase_visits = 0
        self.satisfaction = 0.0
        self.won_back += 1
        self.left = math.nan

    def recommend(self, rules: Rules) -> int:
        """Answer to "would you recommend us?" on 0-10, from satisfaction.

        A customer whose visits were all standard answers ``recommend_base``
        (8 by default: a passive, satisfied but not enthusiastic); each unit
        of satisfaction (-1..1) moves the answer by ``recommend_slope``.
        """
        score = rules.recommend_base + rules.recommend_slope * self.satisfaction
        return min(10, max(0, math.floor(score + 0.5)))
