"""The seminar game, whole: games, teams, rounds, events, numbers.

:class:`GameHall` is what a server (or the command line) talks to. It keeps
every game in SQLite (:class:`~simulations.game.store.Store`) and every
game's live towns in an :class:`~simulations.game.play.Engine`. It knows no
web framework. Refusals raise :class:`GameError` with a message a person can
act on.

Each team has a code of its own: a person joins a team with its code and
their name, and gets the team's link; the trainer sees who joined which
team. A round: teams submit levers (a second submit replaces the first while
the round is open) until the trainer plays the round (or, if the trainer
chose so, until every team is in); a team that did not submit keeps its
previous levers. Playing rounds is :class:`~simulations.game.rounds.Rounds`'
part.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta
from typing import Any

import pandas as pd

from ..experiments.stats import t_interval
from ..i18n import N_, _
from ..parameters import ParameterError
from .config import GameConfig, check_name, estimate_costs
from .errors import GameError
from .events import default_events_text, parse_events
from .play import start_state
from .rounds import Rounds
from .store import new_code

LEADERBOARD: dict[str, str] = {
    "profit": N_("Profit"),
    "value_created": N_("Value created"),
    "customer_equity": N_("Customer equity"),
    "nps": N_("Loyalty index"),
    "service_level": N_("Served within the standard"),
    "market_share": N_("Market share (last round)"),
}
"""The leaderboard's columns: number -> label (market share: shared towns only)."""

__all__ = ["LEADERBOARD", "GameError", "GameHall"]


class GameHall(Rounds):
    """All games of one server (see :class:`~simulations.game.state.GameState`
    for its parameters)."""

    # ------------------------------------------------------------- games
    def new_game(
        self, config: GameConfig, events_text: str | None = None
    ) -> dict[str, Any]:
        """Start a game: its ``game`` id, ``trainer_secret`` and team ``codes``."""
        try:
            config.check()
            start = config.start()
            events = parse_events(events_text or default_events_text(), start)
        except ParameterError as err:
            raise GameError(str(err)) from None
        state = start_state(start)
        spend = sum(estimate_costs(start, state, config.round_days).values())
        budget = config.budget if config.budget is not None else spend
        game = secrets.token_hex(4)
        secret = secrets.token_urlsafe(16)
        record = config.to_dict() | {
            "budget": float(budget),
            "start": start.to_dict(),
            "start_state": state,
            "events": [e.to_dict() for e in events],
        }
        teams = [
            (name, secrets.token_urlsafe(12), new_code()) for name in config.names()
        ]
        self.store.add_game(game, record, new_code(8), secret, teams)
        self.ensure_live(game)
        return {
            "game": game,
            "trainer_secret": secret,
            "codes": [code for _, _, code in teams],
        }

    def trainer_game(self, secret: str) -> str:
        """The game a trainer link opens, or a refusal."""
        game = self.store.find("trainer_secret", secret or "")
        if game is None:
            raise GameError(_("this trainer link is not valid"))
        return game

    # ------------------------------------------------------------- teams
    def join(self, code: str, name: str) -> str:
        """Join the team whose code is ``code``, as ``name``; the team's token.

        A team is joined with its own code only; several people (devices)
        may join one team, at any time, and the trainer sees each by name.
        """
        team = self.store.team_by("code", (code or "").strip().upper())
        if team is None:
            raise GameError(_("No team has this code: check it with the trainer."))
        try:
            person = check_name(name)
        except ParameterError:
            raise GameError(
                _(
                    "Write your name (1 to 40 characters): the trainer sees who "
                    "joined each team."
                )
            ) from None
        self.store.add_member(team["game"], team["team"], person)
        return team["token"]

    def rename(self, game: str, team: int, name: str) -> str:
        """Give team ``team`` (0 is the first) another name; the name kept."""
        try:
            name = check_name(name)
        except ParameterError as err:
            raise GameError(str(err)) from None
        for other in self.store.teams(game):
            same = other["name"].casefold() == name.casefold()
            if other["team"] != team and same:
                raise GameError(
                    _("Another team is called «{name}» already.").format(name=name)
                )
        self.store.rename(game, team, name)
        return name

    # ------------------------------------------------------------- settings
    def set_play_when_all_in(self, game: str, on: bool) -> None:
        """Play each round as soon as every team is in (else: on Play only)."""
        self.store.set_settings(game, play_when_all_in=bool(on))

    def set_deadline(self, game: str, minutes: float | None) -> str | None:
        """Close decisions ``minutes`` from now (None: no deadline); the time."""
        if minutes is None:
            self.store.set_settings(game, deadline=None)
            return None
        if isinstance(minutes, bool) or not 1 <= float(minutes) <= 240:
            raise GameError(_("Choose a deadline from 1 to 240 minutes from now."))
        at = datetime.now(UTC) + timedelta(minutes=float(minutes))
        stamp = at.isoformat(timespec="seconds")
        self.store.set_settings(game, deadline=stamp)
        return stamp

    # ------------------------------------------------------------- numbers
    def history(self, game: str) -> pd.DataFrame:
        """One row per team, round and replication, with every number kept."""
        names = {t["team"]: t["name"] for t in self.store.teams(game)}
        rows = [
            {"team": names[r["team"]], "number": r["team"], "round": r["round"]}
            | {"replication": r["replication"]}
            | r["numbers"]
            for r in self.store.results(game)
        ]
        return pd.DataFrame(rows)

    def leaderboard(self, game: str, confidence: float = 0.95) -> pd.DataFrame:
        """The latest round's standings: mean and half-width of each number, by team.

        Teams are ranked by profit. Every team is listed, even before the
        first round (with no numbers yet).
        """
        names = [t["name"] for t in self.store.teams(game)]
        table = self.history(game)
        rows = []
        for name in names:
            row: dict[str, Any] = {"team": name}
            mine = table[table["team"] == name] if len(table) else table
            if len(mine):
                last = mine[mine["round"] == mine["round"].max()]
                row["round"] = int(last["round"].iloc[0])
                for kpi in LEADERBOARD:
                    if kpi in last:
                        values = last[kpi].to_numpy(float)
                        mean, half = t_interval(values, confidence)
                        row[kpi], row[f"{kpi}_half_width"] = mean, half
            rows.append(row)
        board = pd.DataFrame(rows)
        if "profit" in board:
            board = board.sort_values("profit", ascending=False, kind="stable")
        return board.reset_index(drop=True)
