"""The seminar game's web pages (Solara): join, team, trainer, new game.

The room server (``bash scripts/app``, or its alias ``bash scripts/game``)
mounts them under ``/game``, behind its room code
(:mod:`simulations.room.app`); ``solara run simulations.game.app`` serves
them alone, at the root. Pages, below where they are mounted:

* ``/`` - a team member joins with the game's join code and picks a team;
* ``/team?token=...`` - the team's page (the link survives a closed browser);
* ``/trainer?key=...`` - the trainer's page, reached by the trainer link;
* ``/new`` - a trainer starts a game and gets the trainer link.

All pages share one :class:`~simulations.game.GameHall` (``CFL_GAME_DB``, and
``CFL_GAME_WORKERS`` worker processes for the live runs). The pages hold no
game state of their own: everything is read from the hall, so a page that is
closed and opened again shows the same game.
"""

from __future__ import annotations

from typing import Any

import solara

from ..parameters import PRESETS
from ..present.tables import STYLE
from .config import GameConfig
from .pages import TeamPage, TrainerPage
from .session import GameError
from .web import BASE, Guard, hall, prose, query, use_base


@solara.component
def Home() -> None:  # noqa: N802 (a component)
    """Join a game with its join code."""
    code, set_code = solara.use_state("")
    team, set_team = solara.use_state(1)
    error, set_error = solara.use_state("")
    router = solara.use_router()
    base = use_base()

    def join() -> None:
        try:
            token = hall().join(code, int(team) - 1)
        except (GameError, ValueError, TypeError) as err:
            set_error(str(err))
            return
        router.push(f"{base}/team?token={token}")

    with solara.Column(style={"max-width": "480px", "margin": "24px"}):
        prose("# Customer Focus Lab: the seminar game")
        prose("Enter the join code the trainer shows, and your team.")
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
    base = use_base()

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
        prose("# Start a game")
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
            prose(
                f"[Open the trainer's page]({base}/trainer?key="
                f"{made['trainer_secret']}) "
                "- keep this link to yourself."
            )


@solara.component
def Team() -> None:  # noqa: N802 (a component)
    """A team's page (see :mod:`simulations.game.pages`)."""
    with Guard():
        TeamPage(query("token"))


@solara.component
def Trainer() -> None:  # noqa: N802 (a component)
    """The trainer's page (see :mod:`simulations.game.pages`)."""
    with Guard():
        TrainerPage(query("key"))


def make_layout(base: str) -> Any:
    """The pages' frame for a mount at ``base``: no tabs (a team must not see
    the trainer's page); the pages' links start with ``base``."""

    @solara.component
    def Layout(children: list | None = None) -> None:  # noqa: N802 (a component)
        BASE.provide(base)
        solara.Style(STYLE)
        solara.Title("Customer Focus Lab: seminar game")
        solara.Column(style={"padding": "12px"}, children=list(children or []))

    return Layout


def make_routes(base: str = "") -> list[solara.Route]:
    """The game's pages for a server that mounts them at ``base``.

    Parameters
    ----------
    base
        The path of the join page: "" at the server's root, or "/game" (the
        room server, which puts these routes under ``game``).

    Returns
    -------
    list of solara.Route
        Join (``/``), ``team``, ``trainer`` and ``new``; the frame is on the
        join page's route, which Solara wraps around its siblings too.
    """
    if base and (not base.startswith("/") or base.endswith("/")):
        raise ValueError(f"base = {base!r}: use '' or a path like '/game'")
    layout = make_layout(base)
    return [
        solara.Route(path="/", component=Home, label="Join", layout=layout),
        solara.Route(path="team", component=Team, label="Team"),
        solara.Route(path="trainer", component=Trainer, label="Trainer"),
        solara.Route(path="new", component=NewGame, label="New game"),
    ]


routes = make_routes()
"""The pages of the game at the root, for ``solara run simulations.game.app``."""
