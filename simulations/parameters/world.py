"""The world the levers act on: the business, its customers and the money.

* :class:`Business`  - staff, hours, service times and the horizon;
* :class:`Customers` - how people behave (value, expectations, patience,
  the loyalty ladder);
* :class:`Economics` - margin and costs.

A day is ``business.open_hours * 60`` opening minutes
(:func:`~simulations.vocabulary.day_minutes`) and a month is
:data:`~simulations.vocabulary.MONTH_DAYS` days.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from babel.numbers import list_currencies

from ..i18n import N_
from .schema import INF, Group, param

CURRENCIES: tuple[str, ...] = tuple(sorted(list_currencies()))
"""ISO 4217 currency codes (from Babel's CLDR data)."""


@dataclass
class Business(Group):
    """The service operation: staff, hours, service times and the horizon."""

    section: ClassVar[str] = "business"

    staff: int = param(
        3, "Staff serving customers at the same time.", low=1, high=500, lever=True
    )
    open_hours: float = param(
        10.0, "Opening hours a day.", low=0, high=24, low_open=True, unit="h"
    )
    service_time: float = param(
        8.0,
        "Mean service time of an untrained member of staff.",
        low=0,
        high=600,
        low_open=True,
        unit="min",
    )
    service_time_cv: float = param(
        1.0,
        "Spread of service times (coefficient of variation); 1 with exponential times.",
        low=0,
        high=5,
        low_open=True,
    )
    service_distribution: str = param(
        "lognormal", "Shape of service times.", choices=("exponential", "lognormal")
    )
    days: int = param(360, "Days simulated.", low=1, high=3650, unit="days")
    warmup_days: int = param(
        60, "Days at the start left out of the KPIs.", low=0, high=3650, unit="days"
    )


@dataclass
class Customers(Group):
    """How customers behave: value, expectations, patience, loyalty ladder."""

    section: ClassVar[str] = "customers"

    loyalty_feedback: bool = param(
        True,
        "Customers remember visits, return, move between phases and "
        "talk. Off: every visit is a one-off (a plain queue).",
    )
    service_feedback: bool = param(
        True,
        "Service experience moves customers between phases and changes their "
        "chance of leaving. Off: customers return at their own rates and drop "
        "out at their own base chance, whatever the service, from their second "
        "visit on (as in the BG/NBD model).",
    )
    first_visit_leaving: bool = param(
        True,
        "With service feedback on, a customer can leave right after their first "
        "visit. Off: as in the BG/NBD model, customers drop out only after a "
        "repeat visit (a calibrated business: its data show drop-out that way).",
        needs="customers.service_feedback",
    )
    visit_rate_shape: float = param(
        2.0,
        "Spread of visit rates between customers: shape of the Gamma "
        "distribution of each customer's base rate (mean 1 times the phase's "
        "visits a month); small means a few frequent and many rare visitors, "
        "inf means all alike.",
        low=0,
        high=INF,
        low_open=True,
        plausible=(0.5, 4.0),
        source=N_(
            "BG/NBD fits give shapes well below 1 (Fader, Hardie & Lee 2005, "
            "CDNOW: 0.24); assumption for a service business"
        ),
    )
    leave_concentration: float = param(
        50.0,
        "Spread of the base chance of leaving between customers: a + b of the "
        "Beta distribution whose mean is leave_after_standard; small means very "
        "different customers, inf means all alike.",
        low=0,
        high=INF,
        low_open=True,
        plausible=(5.0, 100.0),
        source=N_("assumption; BG/NBD fits measure it from CRM data (cfl calibrate)"),
    )
    initial_customers: int = param(
        1500, "Regular customers the business has on day one.", low=0, high=10**7
    )
    spend_mean: float = param(
        450.0, "Mean spend on a visit.", low=0, high=1e7, low_open=True, unit="money"
    )
    spend_sigma: float = param(
        1.0,
        "Skew of customer value (sigma of a lognormal); at 1 the top 20% "
        "bring about 60% (of sales).",
        low=0,
        high=3,
        plausible=(0.7, 1.4),
        source=N_(
            "share of sales from the top 20% by spend: 60-73% (Kim, Singh & "
            "Winer 2017; McCarthy & Winer 2018)"
        ),
    )
    spend_distribution: str = param(
        "lognormal",
        "How customers' own mean spend is spread: lognormal with spend_sigma, "
        "or gamma_gamma: inverse gamma with the same mean and coefficient of "
        "variation, as in the Gamma-Gamma spend model (cfl calibrate).",
        choices=("lognormal", "gamma_gamma"),
    )
    spend_visit_shape: float = param(
        INF,
        "Spread of spend from visit to visit around the customer's own mean: "
        "shape of a Gamma distribution (Gamma-Gamma's p); inf: the same every "
        "visit.",
        low=0,
        high=INF,
        low_open=True,
        source=N_("cfl calibrate measures it from CRM data"),
    )
    expectation: float = param(
        7.0,
        "Mean quality a customer expects, 0-10 scale.",
        low=0,
        high=10,
        plausible=(6.0, 8.0),
        source=N_("assumption"),
    )
    expectation_spread: float = param(
        0.7, "Spread of expectations between customers.", low=0, high=5
    )
    tolerance: float = param(
        1.0,
        "Half-width of the zone of tolerance around the expectation.",
        low=0,
        high=5,
        low_open=True,
        plausible=(0.5, 1.5),
        source=N_("assumption (zone of tolerance, Zeithaml, Berry & Parasuraman 1993)"),
    )
    expectation_rise: float = param(
        0.05,
        "Share of the surplus a WOW visit adds to the expectation.",
        low=0,
        high=1,
        plausible=(0.0, 0.15),
        source=N_("assumption"),
    )
    wait_sensitivity: float = param(
        0.4,
        "Quality points lost per minute of felt waiting.",
        low=0,
        high=10,
        unit="per min",
        plausible=(0.2, 0.8),
        source=N_(
            "assumption (waiting lowers perceived service, "
            "Alvarado-Valencia et al. 2017)"
        ),
    )
    greeted_wait_weight: float = param(
        0.5,
        "How much a minute of waiting counts once the customer is greeted.",
        low=0,
        high=1,
        plausible=(0.3, 0.8),
        source=N_("assumption (Maister 1985: occupied waits feel shorter)"),
    )
    patience: float = param(
        15.0,
        "Mean patience in the queue (exponential); inf: never leaves.",
        low=0,
        high=INF,
        low_open=True,
        unit="min",
        plausible=(8.0, 25.0),
        source=N_("assumption"),
    )
    memory: float = param(
        0.3,
        "Weight of the latest visit in satisfaction.",
        low=0,
        high=1,
        low_open=True,
        plausible=(0.15, 0.5),
        source=N_("assumption"),
    )
    visits_new: float = param(
        1.0,
        "Visits a month of a new customer.",
        low=0,
        high=100,
        low_open=True,
        unit="per month",
    )
    visits_regular: float = param(
        1.5,
        "Visits a month of a regular customer.",
        low=0,
        high=100,
        low_open=True,
        unit="per month",
    )
    visits_loyal: float = param(
        2.5,
        "Visits a month of a loyal customer.",
        low=0,
        high=100,
        low_open=True,
        unit="per month",
        plausible=(2.0, 3.5),
        source=N_("assumption"),
    )
    visits_advocate: float = param(
        3.0,
        "Visits a month of an advocate.",
        low=0,
        high=100,
        low_open=True,
        unit="per month",
    )
    spend_loyal: float = param(
        1.2,
        "Spend of a loyal customer relative to a regular one.",
        low=0,
        high=10,
        low_open=True,
        plausible=(1.0, 1.4),
        source=N_("assumption (Reichheld & Sasser 1990: spend grows with tenure)"),
    )
    spend_advocate: float = param(
        1.3,
        "Spend of an advocate relative to a regular one.",
        low=0,
        high=10,
        low_open=True,
    )
    visits_to_step: int = param(
        2, "Visits in a phase before a customer can move up.", low=1, high=100
    )
    loyal_satisfaction: float = param(
        0.25, "Satisfaction (-1..1) needed to become loyal.", low=-1, high=1
    )
    advocate_satisfaction: float = param(
        0.55, "Satisfaction (-1..1) needed to become an advocate.", low=-1, high=1
    )
    leave_after_low: float = param(
        0.12,
        "Chance of leaving after a low-service visit.",
        low=0,
        high=1,
        plausible=(0.06, 0.25),
        source=N_("assumption"),
    )
    leave_after_standard: float = param(
        0.02,
        "Chance of leaving after a standard visit.",
        low=0,
        high=1,
        plausible=(0.01, 0.04),
        source=N_("assumption"),
    )
    leave_after_wow: float = param(
        0.005,
        "Chance of leaving after a WOW visit.",
        low=0,
        high=1,
        plausible=(0.0, 0.01),
        source=N_("assumption"),
    )
    loyal_forgiveness: float = param(
        0.5,
        "Factor on the chance of leaving for loyal customers and advocates.",
        low=0,
        high=1,
        plausible=(0.3, 0.8),
        source=N_("assumption"),
    )
    recommend_base: float = param(
        8.0,
        "Answer to 'would you recommend us?' (0-10) of a customer whose visits "
        "were all standard: a passive.",
        low=0,
        high=10,
        plausible=(7.0, 8.5),
        source=N_("Reichheld 2003: those who answer 7-8 are passively satisfied"),
    )
    recommend_slope: float = param(
        2.0,
        "Points on the 0-10 recommend scale per unit of satisfaction (-1..1).",
        low=0,
        high=10,
        plausible=(1.5, 3.5),
        source=N_("assumption"),
    )
    complaint_chance: float = param(
        0.1,
        "Chance a customer complains after a low visit (the rest stay silent).",
        low=0,
        high=1,
        plausible=(0.04, 0.25),
        source=N_("assumption (TARP studies: most unhappy customers do not complain)"),
    )
    referrals_per_advocate: float = param(
        0.15,
        "New customers an advocate brings a month.",
        low=0,
        high=10,
        unit="per month",
        plausible=(0.05, 0.3),
        source=N_("assumption"),
    )
    market_size: int = param(
        50_000,
        "People in the market who could hear about the business.",
        low=1,
        high=10**9,
    )
    people_told: float = param(
        10.0,
        "People an unhappy lost customer tells.",
        low=0,
        high=1000,
        plausible=(3.0, 20.0),
        source=N_(
            "assumption (TARP studies: an unhappy customer tells about 9-16 people)"
        ),
    )
    talk_days: float = param(
        90.0,
        "Days an unhappy lost customer keeps talking.",
        low=0,
        high=3650,
        unit="days",
    )


@dataclass
class Economics(Group):
    """Money: margin and the costs of each direction."""

    section: ClassVar[str] = "economics"

    currency: str = param(
        "RUB",
        "Currency of every amount of money (an ISO 4217 code).",
        choices=CURRENCIES,
        allowed=N_("an ISO 4217 currency code such as 'RUB', 'EUR' or 'USD'"),
    )
    margin: float = param(0.35, "Gross margin on sales.", low=0, high=1)
    staff_cost: float = param(
        4200.0,
        "Cost of one member of staff a day.",
        low=0,
        high=1e6,
        unit="money per day",
    )
    training_cost: float = param(
        850.0,
        "Cost a day of full training for one member of staff.",
        low=0,
        high=1e6,
        unit="money per day",
    )
    discount_rate: float = param(
        0.10, "Yearly discount rate for customer value.", low=0, high=1
    )
