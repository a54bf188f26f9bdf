"""Live runs of the game: the town of each replication, kept alive between rounds.

Each replication of a game is a :class:`~simulations.model.town.Town` that
holds every team's business: one town whose people they compete for (a
shared market), or separate copies of it. Every business of every town
draws the same random numbers for replication ``i`` (common random numbers),
so teams differ by their decisions and by whom the town's people choose.
SimPy processes cannot be pickled, so the live towns stay in memory: in this
process, or spread over worker processes that keep them between rounds
(:class:`Engine`). After a restart they are rebuilt by replaying the
recorded decisions from the seed (:func:`replay`): the same decisions give
the same numbers.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import threading
from collections.abc import Hashable, Sequence
from typing import Any

from ..experiments.workers import start_worker
from ..model import Model
from ..model.town import Town
from ..parameters import Scenario, TownRules
from ..results import summarise
from ..vocabulary import COST_ITEMS, LEVELS, STOCKS

Key = Hashable
"""A live town's key: ``(game, replication)``."""

ROUND_KPIS: tuple[str, ...] = (
    "profit",
    "value_created",
    "customer_equity",
    "nps",
    "service_level",
    "active_customers",
    "churn_rate",
    "share_wow",
    "mean_wait",
    "revenue",
)
"""KPIs kept after each round, over the game so far (from its first day)."""

ROUND_ITEMS: tuple[str, ...] = (
    "revenue",
    "gross_margin",
    *(item for items in COST_ITEMS.values() for item in items),
    "profit",
    "new_customers",
    "lost",
    "won_back",
    "deterred",
    "arrivals",
    "abandoned",
    *LEVELS,
)
"""Sums over the round's own days, kept as ``round_<item>``."""


def new_town(
    start: dict[str, Any], teams: int, replication: int, rules: dict | None
) -> Town:
    """The town before the first round: every business's warm-up is run.

    ``rules``: the town's rules as a dictionary; None for separate markets.
    """
    scenario = Scenario.from_dict(start)
    town_rules = None if rules is None else TownRules.from_dict(rules)
    town = Town([scenario] * teams, replication, town_rules)
    if scenario.business.warmup_days:
        town.advance(scenario.business.warmup_days)
    return town


def play_round(
    town: Town, changes: Sequence[dict[str, Any]], days: int
) -> list[dict[str, float]]:
    """Set every team's levers and world, run one round, measure each business."""
    before = [dict(c) for c in town.came]
    for team, team_changes in enumerate(changes):
        town.set_levers(team, team_changes)
    town.advance(days)
    numbers = [measure(business, days) for business in town.businesses]
    for team, part in enumerate(numbers):
        for what, count in town.came[team].items():
            part[f"round_{what}"] = float(count - before[team][what])
    total = sum(part["round_revenue"] for part in numbers)
    shared = town.rules is not None
    for part in numbers:
        share = part["round_revenue"] / total if shared and total > 0 else float("nan")
        part["market_share"] = share
    return numbers


def measure(model: Model, days: int) -> dict[str, float]:
    """The game's numbers of one business after a round of ``days`` days.

    KPIs over the game so far (:data:`ROUND_KPIS`), the round's own sums
    (:data:`ROUND_ITEMS`) and costs by direction, customers by phase at its
    end, and the running tallies of visits (arrivals, within the standard,
    minutes waited), from which a round's own waiting is the difference.
    """
    result = summarise(model.records())
    out = {k: float(result.kpis[k]) for k in ROUND_KPIS}
    last = result.daily.iloc[-days:]
    for item in ROUND_ITEMS:
        out[f"round_{item}"] = float(last[item].sum())
    for direction, items in COST_ITEMS.items():
        out[f"round_cost_{direction}"] = float(last[list(items)].sum().sum())
    for phase in STOCKS:
        out[f"customers_{phase}"] = float(result.daily[f"customers_{phase}"].iloc[-1])
    out["visits_measured"] = float(model.tally.arrivals)
    out["within_standard"] = float(model.tally.within_standard)
    out["total_wait"] = float(model.tally.total_wait)
    return out


def start_state(start: Scenario) -> dict[str, float]:
    """The starting business after its warm-up: customers by phase, lost a day.

    What the costs of a choice are estimated on (replication 0, alone).
    """
    model = Model(start, 0, record_visits=False, continuing=True)
    if start.business.warmup_days:
        model.advance(start.business.warmup_days)
    state = {phase: float(n) for phase, n in model.counts.items()}
    days = max(model.days_run, 1)
    state["lost_per_day"] = sum(model.ledger.counts["lost"]) / days
    return state


def replay(
    start: dict[str, Any],
    round_days: int,
    plans: Sequence[Sequence[dict]],
    replication: int,
    rules: dict | None,
) -> list[list[dict[str, float]]]:
    """A game played again from the seed: every team's numbers after each round.

    Parameters
    ----------
    start
        The starting scenario as a dictionary.
    round_days
        Days in a round.
    plans
        For each team, the changes (levers and world) of each round, in order.
    replication
        Which copy of the town.
    rules
        The town's rules; None for separate markets.

    Returns
    -------
    list
        For each round, a list of each team's numbers.
    """
    town = new_town(start, len(plans), replication, rules)
    rounds = len(plans[0]) if plans else 0
    return [
        play_round(town, [plan[r] for plan in plans], round_days) for r in range(rounds)
    ]


# ---------------------------------------------------------------- engine
class EngineStoppedError(RuntimeError):
    """A worker process died: its live runs are lost (rebuild by replay)."""


class _Shelf:
    """Live towns by key, and what to do with them (in one process)."""

    def __init__(self) -> None:
        self.models: dict[Key, Town] = {}

    def handle(self, command: str, payload: Any) -> Any:
        if command == "add":
            for key, start, teams, replication, rules in payload:
                self.models[key] = new_town(start, teams, replication, rules)
            return len(self.models)
        if command == "play":
            steps, days = payload
            return {k: play_round(self.models[k], c, days) for k, c in steps.items()}
        if command == "drop":
            for key in payload:
                self.models.pop(key, None)
            return len(self.models)
        raise ValueError(f"unknown command {command!r}")


def _serve(conn: Any) -> None:  # pragma: no cover - runs in a worker process
    # Ends with the server, even when it is killed. Only the watchdog: the
    # thread that started this worker may be a visitor's, which ends sooner.
    start_worker(kernel_signal=False)
    shelf = _Shelf()
    while True:
        command, payload = conn.recv()
        if command == "stop":
            conn.close()
            return
        try:
            conn.send(("ok", shelf.handle(command, payload)))
        except Exception as err:  # sent back, raised in the server
            conn.send(("error", f"{type(err).__name__}: {err}"))


class Engine:
    """Live towns of the games, here or spread over worker processes.

    Parameters
    ----------
    workers
        Worker processes that keep towns between rounds; 0 or 1 keeps them
        in this process. Each town lives in one worker for its whole life;
        a round runs the workers in parallel.
    """

    def __init__(self, workers: int = 0) -> None:
        self.where: dict[Key, int] = {}
        self._lock = threading.Lock()  # one command at a time, whoever asks
        self._local = _Shelf() if workers <= 1 else None
        self._pipes: list[Any] = []
        self._procs: list[Any] = []
        if workers > 1:
            ctx = multiprocessing.get_context("spawn")
            for _ in range(workers):
                here, there = ctx.Pipe()
                proc = ctx.Process(target=_serve, args=(there,), daemon=True)
                proc.start()
                self._pipes.append(here)
                self._procs.append(proc)

    @property
    def keys(self) -> list[Key]:
        """Keys of the live towns."""
        return list(self.where)

    def _call(self, command: str, by_worker: dict[int, Any]) -> list[Any]:
        with self._lock:
            return self._call_unlocked(command, by_worker)

    def _call_unlocked(self, command: str, by_worker: dict[int, Any]) -> list[Any]:
        if self._local is not None:
            return [self._local.handle(command, p) for p in by_worker.values()]
        try:
            for i, payload in by_worker.items():
                self._pipes[i].send((command, payload))
            answers = [self._pipes[i].recv() for i in by_worker]
        except (EOFError, OSError):
            raise EngineStoppedError("a worker process of the game stopped") from None
        for status, value in answers:
            if status != "ok":
                raise RuntimeError(value)
        return [value for _, value in answers]

    def add(self, runs: Sequence[tuple]) -> None:
        """Start towns ``(key, start dict, teams, replication, rules)``; warm up."""
        n = max(len(self._pipes), 1)
        by_worker: dict[int, list] = {}
        for run in runs:
            i = len(self.where) % n
            self.where[run[0]] = i
            by_worker.setdefault(i, []).append(run)
        self._call("add", by_worker)

    def play(self, steps: dict[Key, list[dict]], days: int) -> dict[Key, list]:
        """Run one round of ``days`` days in each town, each team with its changes.

        Returns each town's list of every team's numbers.
        """
        by_worker: dict[int, dict] = {}
        for key, changes in steps.items():
            by_worker.setdefault(self.where[key], {})[key] = changes
        out: dict[Key, dict] = {}
        for part in self._call("play", {i: (s, days) for i, s in by_worker.items()}):
            out |= part
        return out

    def drop(self, keys: Sequence[Key]) -> None:
        """Forget the towns of ``keys``."""
        by_worker: dict[int, list] = {}
        for key in keys:
            if key in self.where:
                by_worker.setdefault(self.where.pop(key), []).append(key)
        if by_worker:
            self._call("drop", by_worker)

    def close(self) -> None:
        """Stop the worker processes."""
        for pipe, proc in zip(self._pipes, self._procs, strict=True):
            with contextlib.suppress(OSError):
                pipe.send(("stop", None))
            proc.join(timeout=5)
            if proc.is_alive():
                proc.terminate()
        self._pipes, self._procs = [], []
