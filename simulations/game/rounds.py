"""Playing a game's rounds: decisions in, one round for every team, numbers out.

A team submits levers for the open round (a second submit replaces the
first) until the deadline, if the trainer set one. The round is played when
the trainer presses Play, or as soon as every team is in if the trainer
chose so; a team that did not submit keeps its previous levers.

Several halls may share one file: a server and ``cfl game play`` in another
process. Each round is played by one of them, under a claim in the file
(:meth:`~simulations.game.store.Store.claim`), and a hall whose live towns
are behind the file (another hall played a round meanwhile) rebuilds them
first, so a game's numbers are the same whoever plays which round. After a
restart, the first call that needs a game's live towns rebuilds them by
replaying the recorded decisions from the seed.
"""

from __future__ import annotations

from typing import Any

from ..i18n import _
from ..parameters import ParameterError
from .config import check_choice
from .errors import GameError
from .events import Event, world
from .play import Engine, EngineStoppedError
from .state import GameState


class Rounds(GameState):
    """Submitting, injecting events and playing rounds on recorded games."""

    def submit(
        self, token: str, round_no: int, choice: dict[str, Any]
    ) -> dict[str, Any]:
        """A team submits its levers for round ``round_no``.

        Returns ``{"message", "replaced", "all_in", "play"}``: ``play`` when
        every team is in and the trainer chose to play then. Refused with a
        :class:`GameError`: a bad value, over budget, a round not open, the
        deadline passed.
        """
        row = self.team(token)
        game, team = row["game"], row["team"]
        with self.lock(game):
            info = self.info(game)
            if info["status"] != "open":
                raise GameError(_("The game is over: no more decisions."))
            if round_no != info["round"]:
                raise GameError(
                    _("Round {old} is not open any more; round {now} is.").format(
                        old=round_no, now=info["round"]
                    )
                )
            if self.seconds_left(game) == 0.0:
                raise GameError(
                    _(
                        "The deadline has passed: your last decision stands for "
                        "this round."
                    )
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
                    _(
                        "The round is being played or was just played: your "
                        "decision was not taken; look at the round on your page."
                    )
                )
            all_in = len(self.submitted(game)) == config["teams"]
        message = _("Decision updated.") if replaced else _("Decision received.")
        play = all_in and info["settings"]["play_when_all_in"]
        return {
            "message": message,
            "replaced": replaced,
            "all_in": all_in,
            "play": play,
        }

    def inject(self, game: str, key: str) -> Event:
        """Inject event ``key`` before the current round (trainer only)."""
        info = self.info(game)
        if info["status"] != "open":
            raise GameError("The game is over.")
        found = {e["key"]: e for e in info["config"]["events"]}
        if key not in found:
            titles = "; ".join(Event.from_record(e).title for e in found.values())
            raise GameError(f"There is no such event; choose from: {titles}.")
        event = Event.from_record(found[key])
        if any(at == info["round"] and e.key == key for at, e in self.events(game)):
            raise GameError(f"{event.title!r} is already on for this round.")
        if not self.store.add_event(game, info["round"], found[key]):
            raise GameError(_("The round is being played: inject the event after it."))
        return event

    def play_round(self, game: str) -> int:
        """Close the current round and run it for every team; the next round.

        Teams that did not submit keep their previous levers. The round is
        claimed in the file first: refused if another hall plays it.
        """
        with self.lock(game):
            info = self.info(game)
            if info["status"] != "open":
                raise GameError("The game is over.")
            config, round_no = info["config"], info["round"]
            refused = self.store.claim(game, round_no, self.who)
            if refused:
                raise GameError(refused[0].upper() + refused[1:] + ".")
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
        changes = [(decided.get(t) or kept[t]) | shocks for t in range(config["teams"])]
        steps = {(game, rep): changes for rep in range(config["replications"])}
        try:
            played = self.engine.play(steps, config["round_days"])
        except EngineStoppedError:
            self.restart_engine()
            raise GameError(
                "The simulation stopped; play the round again (the games "
                "are rebuilt from their decisions)."
            ) from None
        self.live[game] = round_no
        last = round_no == config["rounds"]
        numbers = {
            (t, rep): part
            for (_, rep), parts in played.items()
            for t, part in enumerate(parts)
        }
        recorded = self.store.finish_round(
            game,
            round_no,
            numbers,
            kept,
            round_no if last else round_no + 1,
            "finished" if last else "open",
            self.who,
        )
        if not recorded:  # the claim was taken over: the file is ahead
            raise GameError("The round was played elsewhere meanwhile.")
        self.store.set_settings(game, deadline=None)  # a deadline is a round's
        if last:  # what-if and the debrief replay; no live towns needed
            self.drop_live(game)
        return round_no + 1

    def ensure_live(self, game: str) -> None:
        """Have the game's live towns in the engine, at the round the file is at.

        Towns that are missing (a restart), or behind or ahead of the file
        (another hall played a round), are rebuilt by replaying the recorded
        decisions from the seed.
        """
        played = self.played(game)
        if self.live.get(game) == played:
            return
        self.drop_live(game)
        config = self.info(game)["config"]
        rules = config["town"] if config.get("market") == "shared" else None
        keys = [(game, rep) for rep in range(config["replications"])]
        teams = config["teams"]
        self.engine.add([(k, config["start"], teams, k[1], rules) for k in keys])
        plans = self.plans(game)
        for r in range(played):
            changes = [plan[r] for plan in plans]
            self.engine.play(dict.fromkeys(keys, changes), config["round_days"])
        self.live[game] = played

    def restart_engine(self) -> None:
        """A new engine after a worker died; every game is rebuilt when needed."""
        self.engine.close()
        self.engine = Engine(self.workers)
        self.live.clear()

    def drop_live(self, game: str) -> None:
        """Forget a game's live towns (they are rebuilt when needed)."""
        self.engine.drop([k for k in self.engine.keys if k[0] == game])
        self.live.pop(game, None)
