"""What a game stands at: its settings, teams, decisions and events, as recorded.

:class:`GameState` reads a game from its SQLite file
(:class:`~simulations.game.store.Store`) and holds the engine of its live
towns; :class:`~simulations.game.rounds.Rounds` plays rounds on it, and
:class:`~simulations.game.session.GameHall` adds games, teams and the
numbers.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..i18n import _
from ..parameters import Scenario
from .claims import claimant
from .config import starting_levers
from .errors import GameError
from .events import Event, world
from .play import Engine
from .store import Store


class GameState:
    """The games of one SQLite file, as they stand.

    Parameters
    ----------
    path
        The SQLite file.
    workers
        Worker processes keeping live towns (0: in this process).
    """

    def __init__(self, path: str | Path, workers: int = 0) -> None:
        self.store = Store(path)
        self.workers = workers
        self.engine = Engine(workers)
        self.live: dict[str, int] = {}  # game -> rounds its live towns have played
        self.who = claimant()  # this hall, in the claims of the file
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def close(self) -> None:
        """Stop the engine's workers."""
        self.engine.close()

    def lock(self, game: str) -> threading.Lock:
        """The lock that keeps a game's changes one at a time in this process."""
        with self._guard:
            return self._locks.setdefault(game, threading.Lock())

    def info(self, game: str) -> dict[str, Any]:
        """A game's row: ``config``, ``round``, ``status``, ``settings``..."""
        row = self.store.game(game)
        if row is None:
            raise GameError("no such game")
        return row

    def team(self, token: str) -> dict[str, Any]:
        """The team of a token (``game``, ``team``, ``name``), or a refusal."""
        row = self.store.team_by("token", token or "")
        if row is None:
            raise GameError(
                _("This team link is not valid: join again with your code.")
            )
        return row

    # ------------------------------------------------------------- state
    def start(self, game: str) -> Scenario:
        """The starting business of a game."""
        return Scenario.from_dict(self.info(game)["config"]["start"])

    def shared(self, game: str) -> bool:
        """Whether the teams of a game share one town (games before it: no)."""
        return self.info(game)["config"].get("market", "separate") == "shared"

    def events(self, game: str) -> list[tuple[int, Event]]:
        """The events injected so far, with the round each came before."""
        return [(at, Event.from_record(e)) for at, e in self.store.events(game)]

    def levers(self, game: str) -> dict[int, dict[int, dict]]:
        """Decisions: ``{round: {team: levers}}`` (submitted or kept)."""
        out: dict[int, dict[int, dict]] = {}
        for row in self.store.decisions(game):
            out.setdefault(row["round"], {})[row["team"]] = row["levers"]
        return out

    def in_force(self, game: str, team: int, round_no: int) -> dict[str, Any]:
        """The levers a team plays round ``round_no`` with if it does not submit."""
        decided = self.levers(game)
        for r in range(round_no - 1, 0, -1):
            if team in decided.get(r, {}):
                return decided[r][team]
        return starting_levers(self.start(game))

    def submitted(self, game: str) -> set[int]:
        """Teams that have submitted for the current round."""
        round_no = self.info(game)["round"]
        return set(self.levers(game).get(round_no, {}))

    def played(self, game: str) -> int:
        """Rounds played so far."""
        info = self.info(game)
        return info["round"] - 1 if info["status"] == "open" else info["round"]

    def plan(self, game: str, team: int, rounds: int | None = None) -> list[dict]:
        """Changes (levers and world) of each played round of a team, in order."""
        rounds = self.played(game) if rounds is None else rounds
        start, injected = self.start(game), self.events(game)
        decided = self.levers(game)
        return [
            decided[r][team] | world(start, injected, r) for r in range(1, rounds + 1)
        ]

    def plans(self, game: str) -> list[list[dict]]:
        """Every team's :meth:`plan`, in team order."""
        return [self.plan(game, t["team"]) for t in self.store.teams(game)]

    def seconds_left(self, game: str) -> float | None:
        """Seconds until decisions close (0 once passed); None: no deadline."""
        deadline = self.info(game)["settings"]["deadline"]
        if not deadline:
            return None
        left = datetime.fromisoformat(deadline) - datetime.now(UTC)
        return max(left.total_seconds(), 0.0)
