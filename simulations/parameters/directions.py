"""Igor Mann's four directions of customer focus: the levers a manager pulls.

* :class:`Attraction` - bringing new customers in (привлечение);
* :class:`Service`    - working with the client at each visit (работа);
* :class:`Retention`  - keeping them (удержание);
* :class:`Winback`    - getting lost ones back (возвращение).

A month is :data:`~simulations.vocabulary.MONTH_DAYS` days.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from ..i18n import N_
from ..vocabulary import LADDER
from .schema import Group, param


@dataclass
class Attraction(Group):
    """Mann's first direction: bringing new customers in."""

    section: ClassVar[str] = "attraction"

    prospects_per_day: float = param(
        5.0,
        "First visits a day that come without paid acquisition.",
        low=0,
        high=1e6,
        unit="per day",
    )
    acquisition_budget: float = param(
        0.0,
        "Money spent on advertising a month.",
        low=0,
        high=1e9,
        unit="money per month",
        lever=True,
    )
    cost_per_acquisition: float = param(
        600.0,
        "Advertising cost of one extra first visit.",
        low=0,
        high=1e6,
        low_open=True,
        unit="money",
    )
    referral_programme: bool = param(
        False, "Reward customers who bring a friend.", lever=True
    )
    referral_reward: float = param(
        75.0,
        "Reward paid for each referred customer.",
        low=0,
        high=1e6,
        unit="money",
        needs="attraction.referral_programme",
    )
    referral_boost: float = param(
        1.0,
        "Extra referrals the programme brings (1 doubles them).",
        low=0,
        high=10,
        needs="attraction.referral_programme",
    )


@dataclass
class Service(Group):
    """Mann's second direction: working with the client at each visit."""

    section: ClassVar[str] = "service"

    target_wait: float = param(
        0.5,
        "Service standard: the wait by which a customer should be attended to. "
        "service_level counts visits whose service starts within it; with "
        "greet_waiting on, whoever still waits is greeted at this time (a walk-in "
        "greeting standard of 20-30 s is met by greeting, not by service starting).",
        low=0,
        high=240,
        low_open=True,
        unit="min",
        lever=True,
    )
    greet_waiting: bool = param(
        False,
        "Greet a customer who has waited past the standard: a seat, a word on "
        "how long it will take.",
        lever=True,
    )
    training_level: float = param(
        0.2, "Training of staff, from none (0) to full (1).", low=0, high=1, lever=True
    )
    script_flexibility: float = param(
        0.0,
        "Freedom to deviate from scripts, from none (0) to full (1); helps "
        "trained staff (training above 0.5), hurts untrained ones.",
        low=0,
        high=1,
        lever=True,
    )
    queue_discipline: str = param(
        "fifo",
        "Who is served first: first come first served, or key customers first.",
        choices=("fifo", "priority"),
        lever=True,
    )
    key_share: float = param(
        0.2,
        "Share of customers, by value, treated as key customers.",
        low=0,
        high=1,
        low_open=True,
        high_open=True,
    )
    base_quality: float = param(
        6.5,
        "Mean quality of a visit by untrained staff, on a 0-10 scale.",
        low=0,
        high=10,
        plausible=(6.0, 7.0),
        source=N_("assumption"),
    )
    quality_spread: float = param(
        1.0, "Spread of visit quality (standard deviation).", low=0, high=5
    )
    training_effect: float = param(
        1.5,
        "Quality points full training adds.",
        low=0,
        high=10,
        plausible=(0.75, 2.5),
        source=N_("assumption"),
    )
    training_speedup: float = param(
        0.15, "Share of service time full training saves.", low=0, high=0.9
    )
    flexibility_effect: float = param(
        0.8,
        "Quality points full freedom from scripts adds with fully trained staff; "
        "the gain is scaled by (2 x training - 1), so it turns negative below "
        "training 0.5.",
        low=0,
        high=10,
        plausible=(0.3, 1.2),
        source=N_("assumption"),
    )
    recovery: bool = param(
        False,
        "Put a complaint right on the spot: apologise, fix the problem, make good.",
        lever=True,
    )
    recovery_success: float = param(
        0.6,
        "Chance that putting a complaint right works: the low visit then counts, "
        "for the customer, as a standard one (or as a WOW one, see recovery_wow).",
        low=0,
        high=1,
        plausible=(0.3, 0.8),
        source=N_(
            "assumption for a business that trains its staff to handle "
            "complaints; Tax, Brown & Chandrashekaran 1998: most complaining "
            "customers were unhappy with how their complaint was handled"
        ),
        needs="service.recovery",
    )
    recovery_wow: float = param(
        0.1,
        "Share of the complaints put right that leave the customer better off "
        "than a standard visit would (the recovery paradox): they count as WOW.",
        low=0,
        high=1,
        plausible=(0.0, 0.3),
        source=N_(
            "de Matos, Henrique & Rossi 2007 (meta-analysis: the paradox "
            "lifts satisfaction, not the intention to return); McCollough, Berry & "
            "Yadav 2000 (no paradox found)"
        ),
        needs="service.recovery",
    )
    recovery_cost: float = param(
        350.0,
        "Cost of handling one complaint: what the customer is given (a drink, "
        "a dish, a discount) and the staff time, whether it works or not.",
        low=0,
        high=1e6,
        unit="money",
        plausible=(150.0, 700.0),
        source=N_(
            "assumption: a free visit at cost (450 RUB of spend at a 35% "
            "margin is about 290 RUB) plus a few minutes of staff time"
        ),
        needs="service.recovery",
    )


@dataclass
class Retention(Group):
    """Mann's third direction: keeping customers (a loyalty programme)."""

    section: ClassVar[str] = "retention"

    loyalty_programme: bool = param(False, "Run a loyalty programme.", lever=True)
    eligible_from: str = param(
        "regular",
        "Lowest phase that may join the programme.",
        choices=LADDER,
        lever=True,
        needs="retention.loyalty_programme",
    )
    discount: float = param(
        0.05,
        "Discount members get on each visit.",
        low=0,
        high=0.5,
        lever=True,
        needs="retention.loyalty_programme",
    )
    leave_reduction: float = param(
        0.3,
        "Largest share by which membership can lower the chance of leaving; a "
        "programme reaches it only as what it gives grows (diminishing returns), "
        "and a programme that gives nothing changes nothing.",
        low=0,
        high=1,
        plausible=(0.05, 0.4),
        source=N_(
            "small, often self-selected effects: Sharp & Sharp 1997; "
            "Verhoef 2003; Meyer-Waarden 2007; Leenheer et al. 2007; Liu 2007; "
            "sceptical: Dowling & Uncles 1997"
        ),
        needs="retention.loyalty_programme",
    )
    benefit_halfway: float = param(
        0.05,
        "What a member gets (discount plus running benefits, as a share of their "
        "spend) at which the programme brings half its largest effect.",
        low=0,
        high=1,
        low_open=True,
        plausible=(0.02, 0.15),
        source=N_("assumption"),
        needs="retention.loyalty_programme",
    )
    cost_per_member: float = param(
        10.0,
        "Running cost of the programme per member per month: benefits the "
        "member receives (a drink, events, service), not administration.",
        low=0,
        high=1e6,
        unit="money per month",
        needs="retention.loyalty_programme",
    )


@dataclass
class Winback(Group):
    """Mann's fourth direction: getting lost customers back."""

    section: ClassVar[str] = "winback"

    campaign: bool = param(
        False, "Contact lost customers to win them back.", lever=True
    )
    contact_after_days: float = param(
        30.0,
        "Days after a customer is lost before the contact.",
        low=0,
        high=3650,
        unit="days",
        lever=True,
        needs="winback.campaign",
    )
    success_chance: float = param(
        0.25,
        "Chance a contacted customer comes back.",
        low=0,
        high=1,
        needs="winback.campaign",
    )
    cost_per_contact: float = param(
        60.0,
        "Cost of one win-back contact (call, offer).",
        low=0,
        high=1e6,
        unit="money",
        needs="winback.campaign",
    )
