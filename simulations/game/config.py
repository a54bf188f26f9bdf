"""A game's settings, and what a team's choice costs.

Teams set the levers of Mann's four directions plus staffing
(:data:`~simulations.game.levers.GAME_LEVERS`), within the game's own bounds
(tighter than the model's, so that a round stays a round) and within a
budget: a spending cap
per round on the levers that cost money. :func:`estimate_costs` says what a
choice costs in a round, estimated on the starting business (the same for
every team and every round, so a choice is accepted or refused the same way
whenever it is made). The service standard is not a team's lever: it is the
yardstick of "served within the standard" and stays the trainer's.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from ..i18n import N_, _
from ..parameters import ParameterError, Scenario, TownRules
from ..present.format import money
from ..vocabulary import MONTH_DAYS, RANK
from .levers import GAME_LEVERS, LEVERS_BY_NAME, checked

MARKETS: dict[str, str] = {
    "shared": N_("one town: teams compete for the same customers"),
    "separate": N_("separate markets: each team has its own copy of the town"),
}
"""The kinds of market a game can have, with their words (in English: shown
through ``_()``)."""

PRESET_LABELS: dict[str, str] = {
    "product_centric": N_("Product-centric business (much advertising, little care)"),
    "customer_oriented": N_("Customer-oriented business (the front line cares)"),
    "client_centric": N_("Client-centric business (built around key customers)"),
}
"""The starting businesses, in words (in English: shown through ``_()``)."""


COST_LINES: tuple[str, ...] = (
    N_("staff"),
    N_("training"),
    N_("advertising"),
    N_("referrals"),
    N_("loyalty programme"),
    N_("win-back"),
)
"""The money lines of a choice, as :func:`estimate_costs` names them (keys in
English; a page shows them through ``_()``)."""


@dataclass
class GameConfig:
    """What a trainer chooses when starting a game.

    Parameters
    ----------
    preset
        The starting business (one of the presets).
    teams
        Number of teams, 2 to 8.
    rounds
        Number of rounds, 1 to 12.
    round_days
        Days in a round (90: a quarter).
    replications
        Copies of each team's business on other random numbers, for intervals.
    budget
        Spending cap per round on the levers that cost money; None: what the
        starting preset spends.
    seed
        Root of the random numbers: the same for every team.
    team_names
        Names of the teams; empty: "Team 1", "Team 2"...
    market
        ``"shared"``: the teams' businesses serve one town and compete for
        its people (:class:`~simulations.model.town.Town`); ``"separate"``:
        each team has its own copy of the town.
    town
        How the town's people choose (:class:`~simulations.parameters.TownRules`
        values by name; empty: the sourced defaults).
    """

    preset: str = "product_centric"
    teams: int = 4
    rounds: int = 4
    round_days: int = 90
    replications: int = 3
    budget: float | None = None
    seed: int = 2026
    team_names: list[str] = field(default_factory=list)
    market: str = "shared"
    town: dict[str, float] = field(default_factory=dict)

    def check(self) -> GameConfig:
        """Refuse impossible settings with a message; return self."""
        Scenario.preset(self.preset)  # a ParameterError names the presets
        whole = {"teams": (2, 8), "rounds": (1, 12), "round_days": (10, 360)}
        whole["replications"] = (1, 10)
        for name, (low, high) in whole.items():
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int):
                raise ParameterError(f"{name} = {value!r}: must be a whole number")
            if not low <= value <= high:
                raise ParameterError(
                    f"{name} = {value} is not allowed; must be {low} to {high}"
                )
        if self.market not in MARKETS:
            raise ParameterError(
                f"market = {self.market!r} is not allowed; must be "
                + " or ".join(repr(m) for m in MARKETS)
            )
        self.rules()  # a ParameterError names a bad town parameter
        if self.budget is not None and not 0 <= float(self.budget) <= 1e8:
            raise ParameterError(f"budget = {self.budget} is not allowed; 0 to 1e8")
        if self.team_names and len(self.team_names) != self.teams:
            raise ParameterError(f"give {self.teams} team names, or none")
        for name in self.team_names:
            check_name(name)
        if len({n.strip().casefold() for n in self.team_names}) < len(self.team_names):
            raise ParameterError(_("Team names: two teams have the same name."))
        return self

    def names(self) -> list[str]:
        """The teams' names."""
        return [n.strip() for n in self.team_names] or [
            _("Team {number}").format(number=i + 1) for i in range(self.teams)
        ]

    def rules(self) -> TownRules | None:
        """How the town's people choose; None with separate markets."""
        rules = TownRules.from_dict(self.town)
        return rules if self.market == "shared" else None

    def start(self) -> Scenario:
        """The starting business, with the game's seed and horizon."""
        s = Scenario.preset(self.preset)
        warmup = s.business.warmup_days
        return s.copy(
            seed=self.seed,
            **{"business.days": warmup + self.rounds * self.round_days},
        )

    def to_dict(self) -> dict[str, Any]:
        """Plain data (JSON); the town's rules are written out whole."""
        return asdict(self) | {"town": TownRules.from_dict(self.town).to_dict()}


def check_name(name: object) -> str:
    """A team's name, stripped; :class:`ParameterError` unless 1 to 40 characters.

    A name is shown as plain text wherever it appears.
    """
    if not isinstance(name, str) or not 1 <= len(name.strip()) <= 40:
        shown = repr(name) if not isinstance(name, str) else repr(name[:50])
        raise ParameterError(
            _("team name {name} is not allowed; must be 1 to 40 characters").format(
                name=shown
            )
        )
    return name.strip()


def starting_levers(scenario: Scenario) -> dict[str, Any]:
    """The game levers' values in ``scenario``."""
    return {spec.name: scenario.get(spec.name) for spec in GAME_LEVERS}


def check_choice(
    choice: dict[str, Any],
    scenario: Scenario,
    start_state: dict[str, float],
    days: int,
    budget: float,
) -> dict[str, Any]:
    """A team's choice, checked; :class:`ParameterError` with a message if refused.

    Parameters
    ----------
    choice
        Lever values by dotted name (missing levers keep ``scenario``'s).
    scenario
        The levers in force (the team's previous choice).
    start_state
        The starting business, see :func:`estimate_costs`.
    days
        Days in a round.
    budget
        Spending cap per round.

    Returns
    -------
    dict
        Every game lever's value, as the model wants it (ints, floats, bools).
    """
    full = starting_levers(scenario)
    for name, value in choice.items():
        spec = LEVERS_BY_NAME.get(name)
        if spec is None:
            raise ParameterError(f"{name!r} is not a lever of the game")
        full[name] = checked(spec, value)
    # The model's own checks (and the rules that tie two values together).
    scenario.copy(**full)
    costs = estimate_costs(scenario.copy(**full), start_state, days)
    total = sum(costs.values())
    if total > budget + 1e-6:
        lines = ", ".join(f"{_(k)} {money(v)}" for k, v in costs.items() if v > 0)
        raise ParameterError(
            _(
                "This choice costs about {total} a round ({items}): "
                "{over} over the budget of {budget}."
            ).format(
                total=money(total),
                items=lines,
                over=money(total - budget),
                budget=money(budget),
            )
        )
    return full


def estimate_costs(
    scenario: Scenario, start_state: dict[str, float], days: int
) -> dict[str, float]:
    """Estimated cost of a round with the levers of ``scenario``, by line.

    Staff, training and advertising are what the books charge. The
    programme, referrals and win-back depend on customers: they are
    estimated on the starting business (``start_state``: customers by phase
    and customers lost a day at the start of the game).

    Examples
    --------
    >>> s = Scenario().copy(**{"business.staff": 2, "service.training_level": 0.0})
    >>> round(estimate_costs(s, {}, 30)["staff"])
    252000
    """
    b, a, r = scenario.business, scenario.attraction, scenario.retention
    e, c, w = scenario.economics, scenario.customers, scenario.winback
    months = days / MONTH_DAYS
    costs = dict.fromkeys(COST_LINES, 0.0)
    costs["staff"] = b.staff * e.staff_cost * days
    costs["training"] = b.staff * scenario.service.training_level * e.training_cost
    costs["training"] *= days
    costs["advertising"] = a.acquisition_budget * months
    advocates = start_state.get("advocate", 0.0)
    if a.referral_programme:
        boost = 1.0 + a.referral_boost
        costs["referrals"] = (
            advocates * c.referrals_per_advocate * boost * months * a.referral_reward
        )
    if r.loyalty_programme:
        visits = {"new": c.visits_new, "regular": c.visits_regular}
        visits |= {"loyal": c.visits_loyal, "advocate": c.visits_advocate}
        visits["won_back"] = c.visits_regular
        for phase, rank in RANK.items():
            if rank < RANK[r.eligible_from]:
                continue
            members = start_state.get(phase, 0.0)
            spend = c.spend_mean * visits[phase] * months
            costs["loyalty programme"] += members * (
                r.cost_per_member * months + r.discount * spend
            )
    if w.campaign:
        costs["win-back"] = start_state.get("lost_per_day", 0.0) * days
        costs["win-back"] *= w.cost_per_contact
    return costs
