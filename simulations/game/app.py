"""The seminar game's web pages (Solara): join, team, trainer, new game, prints.

The room server (``bash scripts/app``, or its alias ``bash scripts/game``)
mounts them under ``/game``, behind its room code
(:mod:`simulations.room.app`); ``solara run simulations.game.app`` serves
them alone, at the root. Pages, below where they are mounted:

* ``/`` - a team member joins with their team's code and their name;
* ``/team?token=...`` - the team's page (the link survives a closed browser);
* ``/report?token=...&round=N`` - a team's report of a round, to print;
* ``/trainer?key=...`` - the trainer's page, reached by the trainer link;
* ``/cards?key=...`` - a card per team with its code, to print;
* ``/new`` - a trainer starts a game and gets the trainer link.

All pages share one :class:`~simulations.game.GameHall` (``CFL_GAME_DB``, and
``CFL_GAME_WORKERS`` worker processes for the live towns). The pages hold no
game state of their own: everything is read from the hall, so a page that is
closed and opened again shows the same game.
"""

from __future__ import annotations

from typing import Any

import solara

from ..i18n import _
from ..present.tables import STYLE
from ..room.language import LanguageSwitch, keep_language, speaks
from .address import qr_svg, room_address
from .config import MARKETS, PRESET_LABELS, GameConfig
from .errors import GameError
from .export import team_cards_html
from .report import report_html
from .team_page import TeamPage
from .trainer_page import TrainerPage, host_header
from .web import (
    BASE,
    LOST_TEXT,
    ConnectionWatch,
    Guard,
    hall,
    prose,
    query,
    use_base,
)
from .widgets import html


@solara.component
@speaks
def Home() -> None:  # noqa: N802 (a component)
    """Join a team with its code and your name."""
    code, set_code = solara.use_state("")
    name, set_name = solara.use_state("")
    error, set_error = solara.use_state("")
    router = solara.use_router()
    base = use_base()

    @keep_language
    def join() -> None:
        try:
            token = hall().join(code, name)
        except GameError as err:
            set_error(str(err))
            return
        router.push(f"{base}/team?token={token}")

    with solara.Column(style={"max-width": "480px", "margin": "24px"}):
        prose("# " + _("Customer Focus Lab: the seminar game"))
        prose(_("Type your team's code (the trainer gives it to you) and your name."))
        solara.InputText(_("Team code"), value=code, on_value=set_code)
        solara.InputText(_("Your name"), value=name, on_value=set_name)
        solara.Button(_("Join"), on_click=join, color="primary")
        if error:
            solara.Error(error)


def whole(text: str, label: str, low: int, high: int) -> int:
    """A whole number typed in a box, or a refusal naming the box."""
    try:
        value = int(str(text).strip())
    except ValueError:
        raise GameError(
            _("{box}: write a whole number from {low} to {high}.").format(
                box=label, low=low, high=high
            )
        ) from None
    if not low <= value <= high:
        raise GameError(
            _("{box}: {value} is not allowed; choose {low} to {high}.").format(
                box=label, value=value, low=low, high=high
            )
        )
    return value


@solara.component
@speaks
def NewGame() -> None:  # noqa: N802 (a component)
    """Start a game: the starting business, the market, teams, rounds, budget."""
    labels = {_(v): k for k, v in PRESET_LABELS.items()}
    markets = {_(v): k for k, v in MARKETS.items()}
    preset_key, set_preset_key = solara.use_state("product_centric")
    market_key, set_market_key = solara.use_state("shared")
    preset, market = _(PRESET_LABELS[preset_key]), _(MARKETS[market_key])
    boxes = {
        "teams": (_("Teams (2-8)"), 2, 8),
        "rounds": (_("Rounds (1-12)"), 1, 12),
        "round_days": (_("Days in a round (10-360)"), 10, 360),
        "replications": (_("Copies of the town, for the ± ranges (1-10)"), 1, 10),
    }
    values = {
        "teams": solara.use_state("4"),
        "rounds": solara.use_state("4"),
        "round_days": solara.use_state("90"),
        "replications": solara.use_state("3"),
    }
    names, set_names = solara.use_state("")
    budget, set_budget = solara.use_state("")
    made, set_made = solara.use_state(None)
    error, set_error = solara.use_state("")
    base = use_base()

    @keep_language
    def start() -> None:
        try:
            numbers = {k: whole(values[k][0], *boxes[k][:3]) for k in boxes}
            cash = budget.replace(" ", "").replace(",", "").strip()
            config = GameConfig(
                preset=labels[preset],
                market=markets[market],
                budget=float(cash) if cash else None,
                team_names=[n.strip() for n in names.split(",") if n.strip()],
                **numbers,
            )
            set_made(hall().new_game(config))
            set_error("")
        except GameError as err:
            set_error(str(err))
        except ValueError:
            set_error(_("Budget a round: write an amount of money, or leave it empty."))

    with solara.Column(style={"max-width": "620px", "margin": "24px"}):
        prose("# " + _("Start a game"))
        solara.Select(
            _("Starting business"),
            list(labels),
            preset,
            lambda v: set_preset_key(labels[v]),
        )
        solara.Select(
            _("Market"), list(markets), market, lambda v: set_market_key(markets[v])
        )
        for k, (label, _low, _high) in boxes.items():
            solara.InputText(label, value=values[k][0], on_value=values[k][1])
        solara.InputText(
            _("Team names, separated by commas (empty: Team 1, Team 2...)"),
            value=names,
            on_value=set_names,
        )
        solara.InputText(
            _("Budget a round (empty: what the starting business spends)"),
            value=budget,
            on_value=set_budget,
        )
        solara.Button(_("Start the game"), on_click=start, color="primary")
        if error:
            solara.Error(error)
        if made:
            solara.Success(_("The game is ready."))
            link = f"{base}/trainer?key={made['trainer_secret']}"
            prose(
                _(
                    "[Open the trainer's page]({link}) — keep this link to "
                    "yourself: it shows each team's code."
                ).format(link=link)
            )


@solara.component
@speaks
def Team() -> None:  # noqa: N802 (a component)
    """A team's page (see :mod:`simulations.game.team_page`)."""
    with Guard():
        TeamPage(query("token"))


@solara.component
@speaks
def Trainer() -> None:  # noqa: N802 (a component)
    """The trainer's page (see :mod:`simulations.game.trainer_page`)."""
    with Guard():
        TrainerPage(query("key"))


@solara.component
@speaks
def Report() -> None:  # noqa: N802 (a component)
    """A team's report of a round, as a page to print."""
    h = hall()
    try:
        team = h.team(query("token"))
        round_no = int(query("round") or 0)
        if not 1 <= round_no <= h.played(team["game"]):
            raise GameError(_("This round has not been played yet."))
    except (GameError, ValueError) as err:
        solara.Error(str(err) if isinstance(err, GameError) else _("No such round."))
        return
    solara.Text(_("To print: your browser's Print (Ctrl+P)."))
    html(report_html(h, team["game"], team["team"], round_no))


@solara.component
@speaks
def Cards() -> None:  # noqa: N802 (a component)
    """A card per team with its code, the address and a QR code, to print."""
    h = hall()
    try:
        game = h.trainer_game(query("key"))
    except GameError as err:
        solara.Error(str(err))
        return
    address = room_address(host_header(), use_base())
    solara.Text(_("To print: your browser's Print (Ctrl+P). Cut along the lines."))
    html(team_cards_html(h, game, address, qr_svg(address, scale=4)))


def make_layout(base: str) -> Any:
    """The pages' frame for a mount at ``base``: no tabs (a team must not see
    the trainer's page); the pages' links start with ``base``."""

    @solara.component
    @speaks
    def Layout(children: list | None = None) -> None:  # noqa: N802 (a component)
        BASE.provide(base)
        solara.Style(STYLE)
        solara.Title(_("Customer Focus Lab: seminar game"))
        ConnectionWatch(lost_text=_(LOST_TEXT))
        LanguageSwitch()
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
        Join (``/``), ``team``, ``report``, ``trainer``, ``cards`` and
        ``new``; the frame is on the join page's route, which Solara wraps
        around its siblings too.
    """
    if base and (not base.startswith("/") or base.endswith("/")):
        raise ValueError(f"base = {base!r}: use '' or a path like '/game'")
    layout = make_layout(base)
    return [
        solara.Route(path="/", component=Home, label="Join", layout=layout),
        solara.Route(path="team", component=Team, label="Team"),
        solara.Route(path="report", component=Report, label="Report"),
        solara.Route(path="trainer", component=Trainer, label="Trainer"),
        solara.Route(path="cards", component=Cards, label="Cards"),
        solara.Route(path="new", component=NewGame, label="New game"),
    ]


routes = make_routes()
"""The pages of the game at the root, for ``solara run simulations.game.app``."""
