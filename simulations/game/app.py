"""The seminar game's web pages (Solara): join, team, trainer, new game.

Start with ``bash scripts/game`` (or ``solara run simulations.game.app``).
Pages:

* ``/`` - a team member joins with the game's join code and picks a team;
* ``/team?token=...`` - the team's page (the link survives a closed browser);
* ``/trainer?key=...`` - the trainer's page, reached by the trainer link;
* ``/new`` - a trainer starts a game and gets the trainer link.

All pages share one :class:`~simulations.game.GameHall` (``CFL_GAME_DB``, and
``CFL_GAME_WORKERS`` worker processes for the live runs). The pages hold no
game state of their own: everything is read from the hall, so a page that is
closed and opened again shows the same game. The room server will mount the
same components behind its room code.
"""

from __future__ import annotations

import solara

from ..parameters import PRESETS
from ..present.tables import STYLE
from .config import GameConfig
from .pages import TeamPage, TrainerPage
from .session import GameError
from .web import hall, query


@solara.component
def Home() -> None:  # noqa: N802 (a component)
    """Join a game with its join code."""
    code, set_code = solara.use_state("")
    team, set_team = solara.use_state(1)
    error, set_error = solara.use_state("")
    router = solara.use_router()

    def join() -> None:
        try:
            token = hall().join(code, int(team) - 1)
        except (GameError, ValueError, TypeError) as err:
            set_error(str(err))
            return
        router.push(f"/team?token={token}")

    with solara.Column(style={"max-width": "480px", "margin": "24px"}):
        solara.Markdown("# Customer Focus Lab: the seminar game")
        solara.Markdown("Enter the join code the trainer shows, and your team.")
        solara.InputText("Join code", value=code, on_value=set_code)
        solara.InputInt("Team number", value=team, on_value=set_team)
        solara.Button("Join", on_click=join, color="primary")
        if error:
            solara.Error(error)


@solara.component
def NewGame() -> None:  # noqa: N802 (a component)
    """Start a game: choose the starting business, teams, rounds, budget."""
    preset, set_preset = solara.use_state("product_centric")
    teams, set_teams = solara.use_state(4)
    rounds, set_rounds = solara.use_state(4)
    days, set_days = solara.use_state(90)
    reps, set_reps = solara.use_state(3)
    budget, set_budget = solara.use_state(0.0)
    made, set_made = solara.use_state(None)
    error, set_error = solara.use_state("")

    def start() -> None:
        config = GameConfig(
            preset=preset,
            teams=teams,
            rounds=rounds,
            round_days=days,
            replications=reps,
            budget=budget or None,
        )
        try:
            set_made(hall().new_game(config))
            set_error("")
        except GameError as err:
            set_error(str(err))

    with solara.Column(style={"max-width": "560px", "margin": "24px"}):
        solara.Markdown("# Start a game")
        solara.Select("Starting business", list(PRESETS), preset, set_preset)
        solara.InputInt("Teams (2-8)", value=teams, on_value=set_teams)
        solara.InputInt("Rounds (1-12)", value=rounds, on_value=set_rounds)
        solara.InputInt("Days in a round", value=days, on_value=set_days)
        solara.InputInt("Replications (1-10)", value=reps, on_value=set_reps)
        solara.InputFloat(
            "Budget a round (0: what the starting business spends)",
            value=budget,
            on_value=set_budget,
        )
        solara.Button("Start the game", on_click=start, color="primary")
        if error:
            solara.Error(error)
        if made:
            solara.Success(f"Join code: {made['join_code']}")
            solara.Markdown(
                f"[Open the trainer's page](/trainer?key={made['trainer_secret']}) "
                "- keep this link to yourself."
            )


@solara.component
def Team() -> None:  # noqa: N802 (a component)
    """A team's page (see :mod:`simulations.game.pages`)."""
    TeamPage(query("token"))


@solara.component
def Trainer() -> None:  # noqa: N802 (a component)
    """The trainer's page (see :mod:`simulations.game.pages`)."""
    TrainerPage(query("key"))


@solara.component
def Layout(children: list | None = None) -> None:  # noqa: N802 (a component)
    """The pages' frame: no tabs (a team must not see the trainer's page)."""
    solara.Style(STYLE)
    solara.Title("Customer Focus Lab: seminar game")
    with solara.Column(style={"padding": "12px"}):
        for child in children or []:
            solara.display(child)


routes = [
    solara.Route(path="/", component=Home, label="Join", layout=Layout),
    solara.Route(path="team", component=Team, label="Team", layout=Layout),
    solara.Route(path="trainer", component=Trainer, label="Trainer", layout=Layout),
    solara.Route(path="new", component=NewGame, label="New game", layout=Layout),
]
"""The pages of the game, for ``solara run`` (and, later, the room server)."""
