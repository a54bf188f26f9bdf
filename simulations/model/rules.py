"""The numbers the customer rules need, read once from a scenario.

:class:`Rules` collects them (reading them from the scenario at every visit
would cost more than the visit itself); :func:`programme_benefit` and
:func:`member_leave_factor` say what a loyalty programme does to leaving.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist

from scipy.special import gammaincinv

from ..analytic.customer_base import BGNBD
from ..parameters import Scenario
from ..vocabulary import MONTH_DAYS, RANK, day_minutes


def programme_benefit(s: Scenario) -> float:
    """What the loyalty programme gives an average member, as a share of spend.

    The discount, plus the running benefits (``cost_per_member`` a month) over
    the monthly spend of an average regular customer.

    Examples
    --------
    >>> from simulations import Scenario
    >>> s = Scenario().set(**{"retention.discount": 0.05,
    ...                       "retention.cost_per_member": 6.75})
    >>> round(programme_benefit(s), 3)  # 0.05 + 6.75 / (450 x 1.5)
    0.06
    """
    r, c = s.retention, s.customers
    monthly_spend = c.spend_mean * c.visits_regular
    running = r.cost_per_member / monthly_spend if monthly_spend > 0 else 0.0
    return r.discount + running


def member_leave_factor(s: Scenario) -> float:
    """Factor on a member's chance of leaving: 1 means no effect.

    The cut grows with what the programme gives, with diminishing returns:
    ``leave_reduction * g / (g + benefit_halfway)`` for a benefit ``g``
    (:func:`programme_benefit`). A programme that gives nothing changes
    nothing.

    Examples
    --------
    >>> from simulations import Scenario
    >>> free = Scenario().set(**{"retention.discount": 0.0,
    ...                          "retention.cost_per_member": 0.0})
    >>> member_leave_factor(free)
    1.0
    """
    g = programme_benefit(s)
    r = s.retention
    return 1.0 - r.leave_reduction * g / (g + r.benefit_halfway)


@dataclass(frozen=True)
class Rules:
    """The numbers the customer rules need, read once from a scenario.

    Reading them from the scenario on every visit would cost more than the
    visit itself, so the model builds this once per run.
    """

    tolerance: float
    expectation_rise: float
    wait_sensitivity: float
    greeted_wait_weight: float
    greet_after: float
    memory: float
    visits_to_step: int
    loyal_satisfaction: float
    advocate_satisfaction: float
    leave_chance: tuple[float, float, float]
    leave_mean: float  # mean base chance of leaving (after a standard visit)
    # Mean of the Beta a newcomer's own chance is drawn from: leave_mean, or a
    # calibrated business's fitted mean (its chance at its own service mix).
    leave_draw_mean: float
    loyal_forgiveness: float
    service_feedback: bool  # False: service changes neither phase nor leaving
    member_from: int  # lowest rank in the loyalty programme; 99 if none
    member_leave_factor: float
    discount: float
    gap_minutes: dict[str, float]  # mean time between visits, by phase
    month_visits: dict[str, float]  # visits a month, by phase
    spend_factor: dict[str, float]
    key_value: float  # customers spending at least this are key customers
    spend_q: float  # shape q of the inverse gamma of mean spend; 0: lognormal
    spend_visit_shape: float  # Gamma shape of spend around a customer's mean
    margin: float  # gross margin on list prices
    recommend_base: float
    recommend_slope: float

    @classmethod
    def from_scenario(cls, s: Scenario) -> Rules:
        """Collect the rules of scenario ``s``."""
        c, r = s.customers, s.retention
        month = MONTH_DAYS * day_minutes(s.business.open_hours)
        visits = {
            "new": c.visits_new,
            "regular": c.visits_regular,
            "won_back": c.visits_regular,
            "loyal": c.visits_loyal,
            "advocate": c.visits_advocate,
        }
        # Key customers are the top `key_share` of the value distribution:
        # its quantile is known in closed form, so no run-time sorting.
        sigma = c.spend_sigma
        top = 1.0 - s.service.key_share
        spend_q = 0.0
        # No one (a share of 0, or too small to tell from 0) or everyone is key.
        if top >= 1.0:
            key_value = math.inf
        elif top <= 0.0:
            key_value = 0.0
        else:
            z = NormalDist().inv_cdf(top)
            key_value = c.spend_mean * math.exp(sigma * z - 0.5 * sigma * sigma)
        if c.spend_distribution == "gamma_gamma":
            # Inverse gamma mean spend, lognormal's mean and CV^2 = e^sigma^2 - 1:
            cv2 = math.expm1(sigma * sigma)  # = 1 / (q - 2); 0 for sigma < 1e-162
            spend_q = 2.0 + 1.0 / cv2 if cv2 else math.inf
            if spend_q < math.inf and 0.0 < top < 1.0:
                low_g = float(gammaincinv(spend_q, s.service.key_share))
                key_value = c.spend_mean * (spend_q - 1.0) / low_g
        return cls(
            tolerance=c.tolerance,
            expectation_rise=c.expectation_rise,
            wait_sensitivity=c.wait_sensitivity,
            greeted_wait_weight=c.greeted_wait_weight,
            greet_after=s.service.target_wait if s.service.greet_waiting else math.inf,
            memory=c.memory,
            visits_to_step=c.visits_to_step,
            loyal_satisfaction=c.loyal_satisfaction,
            advocate_satisfaction=c.advocate_satisfaction,
            leave_chance=(c.leave_after_low, c.leave_after_standard, c.leave_after_wow),
            leave_mean=c.leave_after_standard,
            leave_draw_mean=(
                BGNBD.of(s.twin.purchases).mean_drop
                if s.twin is not None
                else c.leave_after_standard
            ),
            loyal_forgiveness=c.loyal_forgiveness,
            service_feedback=c.service_feedback,
            member_from=RANK[r.eligible_from] if r.loyalty_programme else 99,
            member_leave_factor=member_leave_factor(s),
            discount=r.discount,
            gap_minutes={p: month / v for p, v in visits.items()},
            month_visits=visits,
            spend_factor={
                "new": 1.0,
                "regular": 1.0,
                "won_back": 1.0,
                "loyal": c.spend_loyal,
                "advocate": c.spend_advocate,
            },
            key_value=key_value,
            spend_q=spend_q,
            spend_visit_shape=c.spend_visit_shape,
            margin=s.economics.margin,
            recommend_base=c.recommend_base,
            recommend_slope=c.recommend_slope,
        )
