"""The words every part of the simulator shares: phases, levels, directions, time.

One place for them, so that the model, the results, the faces and the course
cannot disagree on a name, an order or a unit.

Time: the model clock counts *opening minutes*. A day is ``open_hours * 60``
minutes long, and a month is :data:`MONTH_DAYS` days.
"""

from __future__ import annotations

from .i18n import N_, Labels

MONTH_DAYS = 30
"""Days in a model month (costs and visit rates per month are per 30 days)."""

YEAR_DAYS = 360
"""Days in a model year (12 model months)."""

PHASES: tuple[str, ...] = ("new", "regular", "loyal", "advocate", "won_back")
"""The phases of an active customer, in the order of the loyalty ladder."""

PHASE_CODE: dict[str, int] = {phase: code for code, phase in enumerate(PHASES)}
"""Code of an active phase (its index in :data:`PHASES`), as the visit log keeps it."""

STOCKS: tuple[str, ...] = (*PHASES[:4], "won_back", "lost")
"""Customers by phase as the daily books count them (lost: lost, not won back)."""

RANK: dict[str, int] = {
    "new": 0,
    "regular": 1,
    "won_back": 1,
    "loyal": 2,
    "advocate": 3,
}
"""Position on the loyalty ladder; a won-back customer stands with regulars."""

LADDER: tuple[str, ...] = ("new", "regular", "loyal", "advocate")
"""Phases a loyalty programme can start from, lowest first."""

LOW, STANDARD, WOW = 0, 1, 2
LEVELS: tuple[str, ...] = ("low", "standard", "wow")
"""Service levels of a visit, by their code: 0 low, 1 standard, 2 WOW."""

DIRECTIONS: Labels = Labels(
    {
        "attraction": N_("Attraction"),
        "service": N_("Working with the client"),
        "retention": N_("Retention"),
        "winback": N_("Return (win-back)"),
    }
)
"""Igor Mann's four directions of customer focus, by parameter group, with labels
(read in the language in use)."""

PHASE_LABELS: Labels = Labels(
    {
        "new": N_("new"),
        "regular": N_("regular"),
        "loyal": N_("loyal"),
        "advocate": N_("advocate"),
        "won_back": N_("won back"),
        "lost": N_("lost"),
    }
)
"""The loyalty phases as people read them."""

LEVEL_LABELS: Labels = Labels(
    {"low": N_("low"), "standard": N_("standard"), "wow": N_("WOW")}
)
"""The service levels as people read them."""

COST_ITEMS: dict[str, tuple[str, ...]] = {
    "attraction": ("acquisition", "referral_rewards"),
    "service": ("staff", "training", "recovery"),
    "retention": ("discounts", "programme"),
    "winback": ("winback",),
}
"""Cost items of the books, by Mann's direction they belong to."""

ORIGINS: tuple[str, ...] = (
    "initial",
    "organic",
    "paid",
    "referral",
    "switched",
    "twin",
)
"""How a customer first came: already a customer at the start, by themselves,
bought with advertising, brought by an advocate, from another business of a
shared town (the seminar game), or a customer of the CRM export a calibrated
business starts with. New origins go at the end: each has a random stream,
and those of the others keep their seeds."""


def day_minutes(open_hours: float) -> float:
    """Length of a model day in opening minutes.

    Examples
    --------
    >>> day_minutes(10.0)
    600.0
    """
    return open_hours * 60.0


def per_day(monthly: float) -> float:
    """A monthly amount spread over the days of a model month.

    Examples
    --------
    >>> per_day(3000.0)
    100.0
    """
    return monthly / MONTH_DAYS
