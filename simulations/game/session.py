"""The seminar game, whole: games, teams, rounds, events, numbers.

:class:`GameHall` is what a server (or the command line) talks to. It keeps
every game in SQLite (:class:`~simulations.game.store.Store`) and every
team's live businesses in an :class:`~simulations.game.play.Engine`. It knows
no web framework. Refusals raise :class:`GameError` with a message a person
can act on.

A round: teams submit levers (a second submit replaces the first while the
round is open); when every team has submitted, or the trainer closes the
round, every team's business runs one round; a team that did not submit
keeps its previous levers. After a restart, the first call that needs a
game's live runs rebuilds them by replaying the recorded decisions.

Several halls may share one file: a server and ``cfl game play`` in another
process. Each round is played by one of them, under a claim in the file
(:meth:`~simulations.game.store.Store.claim`), and a hall whose live runs
are behind the file (another hall played a round meanwhile) rebuilds them
first, so a game's numbers are the same whoever plays which round.
"""

from __future__ import annotations

import secrets
import threading
from pathlib import Path
from typing import Any

import pandas as pd

from ..experiments.stats import t_interval
from ..parameters import ParameterError, Scenario
from .config import GameConfig, check_choice, estimate_costs, starting_levers
from .events import Event, default_events_text, parse_events, world
from .play import Engine, EngineStoppedError, start_state
from .store import Store, claimant

LEADERBOARD: dict[str, str] = {
    "profit": "Profit",
    "value_created": "Value created",
    "customer_equity": "Customer equity",
    "nps": "Loyalty index",
    "service_level": "Served within the standard",
}
"""The leaderboard's columns: KPI name -> label."""

_CODE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


class GameError(ValueError):
    """A request the game refuses, with a message for the person who made it."""


class GameHall:
    """All games of one server.

    Parameters
    ----------
    path
        The SQLite file.
    workers
        Worker processes keeping live runs (0: in this process).
    """

    def __init__(self, path: str | Path, workers: int = 0) -> None:
        self.store = Store(path)
        self.workers = workers
        self.engine = Engine(workers)
        self.live: dict[str, int] = {}  # game -> rounds its live runs have played
        self.who = claimant()  # this hall, in the claims of the file
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def close(self) -> None:
        """Stop the engine's workers."""
        self.engine.close()

    def lock(self, game: str) -> threading.Lock:
        """The lock that keeps a game's rounds one at a time."""
        with self._guard:
            return self._locks.setdefault(game, threading.Lock())

    # ------------------------------------------------------------- games
    def new_game(
        self, config: GameConfig, events_text: str | None = None
    ) -> dict[str, str]:
        """Start a game; its ``game`` id, ``join_code`` and ``trainer_secret``."""
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
        code = "".join(secrets.choice(_CODE_LETTERS) for _ in range(6))
        secret = secrets.token_urlsafe(16)
        record = config.to_dict() | {
            "budget": float(budget),
            "start": start.to_dict(),
            "start_state": state,
            "events": [e.to_dict() for e in events],
        }
        teams = [(name, secrets.token_urlsafe(12)) for name in config.names()]
        self.store.add_game(game, record, code, secret, teams)
        self.ensure_live(game)
        return {"game": game, "join_code": code, "trainer_secret": secret}

    def info(self, game: str) -> dict[str, Any]:
        """A game's row: ``config``, ``round``, ``status``, codes."""
        row = self.store.game(game)
        if row is None:
            raise GameError("no such game")
        return row

    def trainer_game(self, secret: str) -> str:
        """The game a trainer link opens, or a refusal."""
        game = self.store.find("trainer_secret", secret or "")
        if game is None:
            raise GameError("this trainer link is not valid")
        return game

    def join(self, join_code: str, team: int) -> str:
        """Join team number ``team`` (0 is the first) with a join code; its token.

        Anyone with the code may join at any time, several people per team:
        a late joiner finds the team's business where it stands.
        """
        game = self.store.find("join_code", (join_code or "").strip().upper())
        if game is None:
            raise GameError("no game has this join code; check it with the trainer")
        teams = self.store.teams(game)
        if not isinstance(team, int) or not 0 <= team < len(teams):
            raise GameError(f"choose a team from 1 to {len(teams)}")
        self.store.add_member(game, team)
        return teams[team]["token"]

    def team(self, token: str) -> dict[str, Any]:
        """The team of a token (``game``, ``team``, ``name``), or a refusal."""
        row = self.store.team_by_token(token or "")
        if row is None:
            raise GameError("this team link is not valid; join again with the code")
        return row

    # ------------------------------------------------------------- state
    def start(self, game: str) -> Scenario:
        """The starting business of a game."""
        return Scenario.from_dict(self.info(game)["config"]["start"])

    def events(self, game: str) -> list[tuple[int, Event]]:
        """The events injected so far, with the round each came before."""
        return [(at, Event(**e)) for at, e in self.store.events(game)]

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

    def plan(self, game: str, team: int, rounds: int | None = None) -> list[dict]:
        """Changes (levers and world) of each played round of a team, in order."""
        info = self.info(game)
        played = info["round"] - 1 if info["status"] == "open" else info["round"]
        rounds = played if rounds is None else rounds
        start, injected = self.start(game), self.events(game)
        decided = self.levers(game)
        return [
            decided[r][team] | world(start, injected, r) for r in range(1, rounds + 1)
        ]

    # ------------------------------------------------------------- rounds
    def submit(
        self, token: str, round_no: int, choice: dict[str, Any]
    ) -> dict[str, Any]:
        """A team submits its levers for round ``round_no``.

        Returns ``{"message", "replaced", "all_in"}``. Refused with a
        :class:`GameError`: a bad value, over budget, a round not open.
        """
        row = self.team(token)
        game, team = row["game"], row["team"]
        with self.lock(game):
            info = self.info(game)
            if info["status"] != "open":
                raise GameError("the game is over: no more decisions")
            if round_no != info["round"]:
                raise GameError(
                    f"round {round_no} is not open; round {info['round']} is"
                )
            config = info["config"]
            base = self.start(game).copy(**self.in_force(game, team, round_no))
            try:
                full = check_choice(
                    choice,
                    base,
                    config["start_state"],
                    config["round_days"],
                    config["budget"],
                )
            except ParameterError as err:
                raise GameError(str(err)) from None
            replaced = team in self.submitted(game)
            if not self.store.put_decision(game, team, round_no, full, "team"):
                raise GameError(
                    "the round is being played or was just played: your decision "
                    "was not taken; look at the round on your page"
                )
            all_in = len(self.submitted(game)) == config["teams"]
        message = "Decision updated." if replaced else "Decision received."
        return {"message": message, "replaced": replaced, "all_in": all_in}

    def inject(self, game: str, key: str) -> Event:
        """Inject event ``key`` before the current round (trainer only)."""
        info = self.info(game)
        if info["status"] != "open":
            raise GameError("the game is over")
        found = {e["key"]: e for e in info["config"]["events"]}
        if key not in found:
            raise GameError(f"no event {key!r}; choose from {', '.join(found)}")
        if any(at == info["round"] and e.key == key for at, e in self.events(game)):
            raise GameError(f"{found[key]['title']!r} is already on for this round")
        if not self.store.add_event(game, info["round"], found[key]):
            raise GameError("the round is being played: inject the event after it")
        return Event(**found[key])

    def play_round(self, game: str) -> int:
        """Close the current round and run it for every team; the next round.

        Teams that did not submit keep their previous levers. The round is
        claimed in the file first: refused if another hall plays it.
        """
        with self.lock(game):
            info = self.info(game)
            if info["status"] != "open":
                raise GameError("the game is over")
            config, round_no = info["config"], info["round"]
            refused = self.store.claim(game, round_no, self.who)
            if refused:
                raise GameError(refused)
            try:
                return self._play_claimed(game, config, round_no)
            finally:  # a no-op when the round was recorded
                self.store.release(game, self.who)

    def _play_claimed(self, game: str, config: dict, round_no: int) -> int:
        """Play round ``round_no`` of a game this hall has claimed."""
        self.ensure_live(game)
        decided = self.levers(game).get(round_no, {})
        kept = {
            t: self.in_force(game, t, round_no)
            for t in range(config["teams"])
            if t not in decided
        }
        shocks = world(self.start(game), self.events(game), round_no)
        steps = {
            (game, t, rep): (decided.get(t) or kept[t]) | shocks
            for t in range(config["teams"])
            for rep in range(config["replications"])
        }
        try:
            numbers = self.engine.play(steps, config["round_days"])
        except EngineStoppedError:
            self.restart_engine()
            raise GameError(
                "the simulation stopped; play the round again (the games "
                "are rebuilt from their decisions)"
            ) from None
        self.live[game] = round_no
        last = round_no == config["rounds"]
        recorded = self.store.finish_round(
            game,
            round_no,
            {(t, rep): v for (_, t, rep), v in numbers.items()},
            kept,
            round_no if last else round_no + 1,
            "finished" if last else "open",
            self.who,
        )
        if not recorded:  # the claim was taken over: the file is ahead
            raise GameError("the round was played elsewhere meanwhile")
        if last:  # what-if and the debrief replay; no live runs needed
            self.drop_live(game)
        return round_no + 1

    def ensure_live(self, game: str) -> None:
        """Have the game's live runs in the engine, at the round the file is at.

        Runs that are missing (a restart), or behind or ahead of the file
        (another hall played a round), are rebuilt by replaying the recorded
        decisions from the seed.
        """
        info = self.info(game)
        played = info["round"] - 1 if info["status"] == "open" else info["round"]
        if self.live.get(game) == played:
            return
        self.drop_live(game)
        config = info["config"]
        keys = [
            (game, t, rep)
            for t in range(config["teams"])
            for rep in range(config["replications"])
        ]
        self.engine.add([(k, config["start"], k[2]) for k in keys])
        plans = {t: self.plan(game, t) for t in range(config["teams"])}
        for r in range(played):
            self.engine.play({k: plans[k[1]][r] for k in keys}, config["round_days"])
        self.live[game] = played

    def restart_engine(self) -> None:
        """A new engine after a worker died; every game is rebuilt when needed."""
        workers = self.workers
        self.engine.close()
        self.engine = Engine(workers)
        self.live.clear()

    def drop_live(self, game: str) -> None:
        """Forget a game's live runs (they are rebuilt when needed)."""
        self.engine.drop([k for k in self.engine.keys if k[0] == game])
        self.live.pop(game, None)

    # ------------------------------------------------------------- numbers
    def history(self, game: str) -> pd.DataFrame:
        """One row per team, round and replication, with every number kept."""
        names = {t["team"]: t["name"] for t in self.store.teams(game)}
        rows = [
            {"team": names[r["team"]], "round": r["round"]}
            | {"replication": r["replication"]}
            | r["numbers"]
            for r in self.store.results(game)
        ]
        return pd.DataFrame(rows)

    def leaderboard(self, game: str, confidence: float = 0.95) -> pd.DataFrame:
        """The latest round's standings: mean and half-width of each KPI, by team.

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
                    mean, half = t_interval(last[kpi].to_numpy(float), confidence)
                    row[kpi], row[f"{kpi}_half_width"] = mean, half
            rows.append(row)
        board = pd.DataFrame(rows)
        if "profit" in board:
            board = board.sort_values("profit", ascending=False, kind="stable")
        return board.reset_index(drop=True)
