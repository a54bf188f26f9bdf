"""The shared town of the seminar game: how prospects choose among businesses.

Not part of a :class:`~simulations.parameters.Scenario`: a scenario is one
business. A town holds several (:class:`~simulations.model.town.Town`), and
these parameters say how the people who look for such a business by
themselves choose one: a multinomial logit (McFadden 1974; Guadagni & Little
1983 for brand choice) over each business's advertising, word of mouth and
reputation. The pull of business *j* is

``voice_j ** ad_weight * exp(star_weight * stars_j) * (1 + heard_good_j) *
(1 - heard_bad_j)``

and a prospect chooses *j* with the chance ``pull_j / sum of pulls``:

* ``voice_j`` is the business's advertising a month plus what its sign, its
  place and its listings are worth (``voice_floor`` first visits bought with
  advertising); with the power ``ad_weight`` the pull grows with the share
  of voice, with diminishing returns;
* ``stars_j`` is its reputation from the visits of the last
  ``reputation_days`` days, on a 1 to 5 scale: 3 when every visit met
  expectations, 5 when all were WOW, 1 when all were low;
* ``heard_good_j`` and ``heard_bad_j`` are the shares of the town that have
  heard an advocate praise it, or an unhappy former customer run it down
  (the market of one's word of mouth: people told over the people of the
  town).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from ..i18n import N_
from .schema import Group, param


@dataclass
class TownRules(Group):
    """How the town's prospects choose a business, and where leavers go."""

    section: ClassVar[str] = "town"

    ad_weight: float = param(
        0.12,
        "Elasticity of a business's pull with respect to its advertising: "
        "1% more advertising, this many % more pull.",
        low=0,
        high=2,
        plausible=(0.05, 0.24),
        source=N_(
            "mean short-term advertising elasticity 0.12, long-term 0.24 "
            "(Sethuraman, Tellis & Briesch 2011, meta-analysis of 751 estimates)"
        ),
    )
    voice_floor: float = param(
        20.0,
        "What a business's sign, place and listings are worth in advertising: "
        "as much as buys this many first visits a month.",
        low=0,
        high=1e6,
        low_open=True,
        unit="first visits a month",
        plausible=(5.0, 80.0),
        source=N_("assumption"),
    )
    star_weight: float = param(
        0.068,
        "Pull of one star of reputation (log of the factor): 0.068 is 7% "
        "more pull a star.",
        low=0,
        high=2,
        plausible=(0.049, 0.086),
        source=N_(
            "one more star on Yelp, 5-9% more revenue for an independent "
            "restaurant (Luca 2016, 'Reviews, reputation, and revenue')"
        ),
    )
    reputation_days: int = param(
        30,
        "Days of visits a business's reputation is made of.",
        low=1,
        high=365,
        unit="days",
        plausible=(7, 90),
        source=N_("assumption"),
    )
    advocate_told: float = param(
        5.0,
        "People an advocate is talking to about the business at any time.",
        low=0,
        high=1000,
        plausible=(3.0, 10.0),
        source=N_(
            "assumption (TARP studies: a satisfied customer tells about 4-5 "
            "people, an unhappy one about twice as many)"
        ),
    )
    switch_chance: float = param(
        0.5,
        "Chance that a customer lost for good tries another business of the "
        "town (the others stop using such a business).",
        low=0,
        high=1,
        plausible=(0.2, 0.8),
        source=N_("assumption"),
    )

    @classmethod
    def from_dict(cls, values: dict | None = None) -> TownRules:
        """Rules with ``values`` set (checked one by one)."""
        rules = cls()
        for name, value in (values or {}).items():
            setattr(rules, name, value)
        return rules
