"""Plain labels of the parameters and of their choices, for people to read.

The dotted names (``service.training_level``) stay the names of TOML files
and of ``cfl run --set``; a page, a table or a figure shows
:func:`label` instead ("Training of staff"), in the language in use, and a
value as :func:`value_text` writes it ("yes", "key customers first").
A test checks that every parameter has a label.
"""

from __future__ import annotations

import re

from ..i18n import N_, Labels

LABELS: Labels = Labels(
    {
        "business.staff": N_("Staff on duty"),
        "business.open_hours": N_("Opening hours a day"),
        "business.service_time": N_("Mean service time"),
        "business.service_time_cv": N_("Spread of service times"),
        "business.service_distribution": N_("Shape of service times"),
        "business.days": N_("Days simulated"),
        "business.warmup_days": N_("Warm-up days"),
        "attraction.prospects_per_day": N_("First visits a day without advertising"),
        "attraction.acquisition_budget": N_("Advertising budget"),
        "attraction.cost_per_acquisition": N_("Cost of a paid first visit"),
        "attraction.referral_programme": N_("Referral programme"),
        "attraction.referral_reward": N_("Reward per referred customer"),
        "attraction.referral_boost": N_("Extra referrals from the programme"),
        "service.target_wait": N_("Service standard (wait)"),
        "service.greet_waiting": N_("Greet waiting customers"),
        "service.training_level": N_("Training of staff"),
        "service.script_flexibility": N_("Freedom from scripts"),
        "service.queue_discipline": N_("Who is served first"),
        "service.key_share": N_("Share of key customers"),
        "service.base_quality": N_("Quality without training"),
        "service.quality_spread": N_("Spread of visit quality"),
        "service.training_effect": N_("Quality added by full training"),
        "service.training_speedup": N_("Time saved by full training"),
        "service.flexibility_effect": N_("Quality added by freedom from scripts"),
        "retention.loyalty_programme": N_("Loyalty programme"),
        "retention.eligible_from": N_("Programme open from"),
        "retention.discount": N_("Member discount"),
        "retention.leave_reduction": N_("Largest cut in leaving from the programme"),
        "retention.benefit_halfway": N_("Benefit for half the programme's effect"),
        "retention.cost_per_member": N_("Programme cost per member"),
        "winback.campaign": N_("Win-back campaign"),
        "winback.contact_after_days": N_("Contact after"),
        "winback.success_chance": N_("Chance a contact wins back"),
        "winback.cost_per_contact": N_("Cost of a win-back contact"),
        "customers.loyalty_feedback": N_("Customers remember and return"),
        "customers.service_feedback": N_("Service changes loyalty"),
        "customers.visit_rate_shape": N_("Spread of visit rates"),
        "customers.leave_concentration": N_("Spread of the chance of leaving"),
        "customers.initial_customers": N_("Customers on day one"),
        "customers.spend_mean": N_("Average check"),
        "customers.spend_sigma": N_("Skew of customer value"),
        "customers.spend_distribution": N_("Shape of customer value"),
        "customers.spend_visit_shape": N_("Spread of spend between visits"),
        "customers.expectation": N_("Expected quality"),
        "customers.expectation_spread": N_("Spread of expectations"),
        "customers.tolerance": N_("Zone of tolerance"),
        "customers.expectation_rise": N_("Rise of expectations after WOW"),
        "customers.wait_sensitivity": N_("Quality lost per minute of waiting"),
        "customers.greeted_wait_weight": N_("Weight of a wait after a greeting"),
        "customers.patience": N_("Patience in the queue"),
        "customers.memory": N_("Weight of the latest visit"),
        "customers.visits_new": N_("Visits a month: new customer"),
        "customers.visits_regular": N_("Visits a month: regular customer"),
        "customers.visits_loyal": N_("Visits a month: loyal customer"),
        "customers.visits_advocate": N_("Visits a month: advocate"),
        "customers.spend_loyal": N_("Spend of a loyal customer"),
        "customers.spend_advocate": N_("Spend of an advocate"),
        "customers.visits_to_step": N_("Visits before moving up"),
        "customers.loyal_satisfaction": N_("Satisfaction to become loyal"),
        "customers.advocate_satisfaction": N_("Satisfaction to become an advocate"),
        "customers.leave_after_low": N_("Chance of leaving after a low visit"),
        "customers.leave_after_standard": N_(
            "Chance of leaving after a standard visit"
        ),
        "customers.leave_after_wow": N_("Chance of leaving after a WOW visit"),
        "customers.loyal_forgiveness": N_("Forgiveness of loyal customers"),
        "customers.recommend_base": N_("Recommendation score of a passive"),
        "customers.recommend_slope": N_("Recommendation points per satisfaction"),
        "customers.complaint_chance": N_("Chance of a complaint"),
        "customers.referrals_per_advocate": N_("Referrals per advocate a month"),
        "customers.market_size": N_("People in the market"),
        "customers.people_told": N_("People an unhappy customer tells"),
        "customers.talk_days": N_("Days an unhappy customer talks"),
        "economics.currency": N_("Currency"),
        "economics.margin": N_("Margin on sales"),
        "economics.staff_cost": N_("Cost of a member of staff"),
        "economics.training_cost": N_("Cost of full training"),
        "economics.discount_rate": N_("Yearly discount rate"),
    }
)
"""Every parameter's plain label, by dotted name."""

CHOICES: Labels = Labels(
    {
        "fifo": N_("first come, first served"),
        "priority": N_("key customers first"),
        "exponential": N_("exponential"),
        "lognormal": N_("lognormal"),
        "gamma_gamma": N_("Gamma-Gamma"),
        "new": N_("new customers"),
        "regular": N_("regular customers"),
        "loyal": N_("loyal customers"),
        "advocate": N_("advocates"),
    }
)
"""The choices of text parameters as people read them."""


def label(dotted: str) -> str:
    """The plain label of a parameter (its dotted name if it has none).

    Examples
    --------
    >>> label("service.training_level"), label("business.staff")
    ('Training of staff', 'Staff on duty')
    """
    return LABELS.get(dotted, dotted)


def choice_label(value: str) -> str:
    """A choice as people read it.

    Examples
    --------
    >>> choice_label("priority"), choice_label("RUB")
    ('key customers first', 'RUB')
    """
    return CHOICES.get(value, value)


PRESET_NAMES: Labels = Labels(
    {
        "product-centric": N_("product-centric"),
        "customer-oriented": N_("customer-oriented"),
        "client-centric": N_("client-centric"),
        "baseline": N_("baseline"),
        "plain queue": N_("plain queue"),
    }
)
"""The names of the shipped scenarios as people read them (a scenario keeps its
own name in its file and in tables' keys; only what is shown is translated)."""


def scenario_label(name: str) -> str:
    """A scenario's name as shown: a shipped scenario's in the language in use.

    Examples
    --------
    >>> scenario_label("client-centric"), scenario_label("my plan")
    ('client-centric', 'my plan')
    """
    return PRESET_NAMES.get(name, name)


_DOTTED = re.compile(
    r"\b(?:business|attraction|service|retention|winback|customers|economics)"
    r"\.[a-z_]+\b"
)


def plain_names(text: str) -> str:
    """``text`` with every dotted parameter name replaced by its plain label.

    For a message shown on a page (the same message names the dotted key on
    the command line, where it is what one types).

    Examples
    --------
    >>> plain_names("business.staff = 0 is not allowed; must be a whole number")
    'Staff on duty = 0 is not allowed; must be a whole number'
    """
    return _DOTTED.sub(lambda m: LABELS.get(m.group(0), m.group(0)), text)
