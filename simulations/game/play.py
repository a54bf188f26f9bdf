"""Live runs of the game: each team's businesses, kept alive between rounds.

A team's business is a continuing :class:`~simulations.model.Model`, one per
replication; every team's replication ``i`` draws the same random numbers
(common random numbers), so teams differ by their decisions alone. SimPy
processes cannot be pickled, so the live models stay in memory: in this
process, or spread over worker processes that keep them between rounds
(:class:`Engine`). After a restart the runs are rebuilt by replaying the
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
from ..parameters import Scenario
from ..results import summarise
from ..vocabulary import COST_ITEMS, STOCKS

Key = Hashable
"""A live run's key: ``(team, replication)``."""

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


def new_model(start: Scenario, replication: int) -> Model:
    """A team's business before the first round: the warm-up is run."""
    model = Model(start, replication, record_visits=False, continuing=True)
    if start.business.warmup_days:
        model.advance(start.business.warmup_days)
    return model


def play_round(model: Model, changes: dict[str, Any], days: int) -> dict[str, float]:
    """Set levers and world, run one round, measure the game so far."""
    model.set_levers(changes)
    model.advance(days)
    return measure(model, days)


def measure(model: Model, days: int) -> dict[str, float]:
    """The game's numbers after a round of ``days`` days.

    KPIs over the game so far (:data:`ROUND_KPIS`), then the round's own
    profit, revenue and costs by direction, customers by phase at its end,
    and the visits and those served within the standard so far.
    """
    result = summarise(model.records())
    out = {k: float(result.kpis[k]) for k in ROUND_KPIS}
    last = result.daily.iloc[-days:]
    out["round_profit"] = float(last["profit"].sum())
    out["round_revenue"] = float(last["revenue"].sum())
    for direction, items in COST_ITEMS.items():
        out[f"round_cost_{direction}"] = float(last[list(items)].sum().sum())
    for phase in STOCKS:
        out[f"customers_{phase}"] = float(result.daily[f"customers_{phase}"].iloc[-1])
    out["visits_measured"] = float(model.tally.arrivals)
    out["within_standard"] = float(model.tally.within_standard)
    return out


def start_state(start: Scenario) -> dict[str, float]:
    """The starting business after its warm-up: customers by phase, lost a day.

    What the costs of a choice are estimated on (replication 0).
    """
    model = new_model(start, 0)
    state = {phase: float(n) for phase, n in model.counts.items()}
    days = max(model.days_run, 1)
    state["lost_per_day"] = sum(model.ledger.counts["lost"]) / days
    return state


def replay(
    start: dict[str, Any], round_days: int, rounds: Sequence[dict], replication: int
) -> list[dict[str, float]]:
    """A team's game played again from the seed: the numbers after each round.

    Parameters
    ----------
    start
        The starting scenario as a dictionary.
    round_days
        Days in a round.
    rounds
        Changes (levers and world) of each round, in order.
    replication
        Which copy of the business.
    """
    model = new_model(Scenario.from_dict(start), replication)
    return [play_round(model, changes, round_days) for changes in rounds]


# ---------------------------------------------------------------- engine
class EngineStoppedError(RuntimeError):
    """A worker process died: its live runs are lost (rebuild by replay)."""


class _Shelf:
    """Live models by key, and what to do with them (in one process)."""

    def __init__(self) -> None:
        self.models: dict[Key, Model] = {}

    def handle(self, command: str, payload: Any) -> Any:
        if command == "add":
            for key, start, replication in payload:
                self.models[key] = new_model(Scenario.from_dict(start), replication)
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
    """Live models of a game, here or spread over worker processes.

    Parameters
    ----------
    workers
        Worker processes that keep models between rounds; 0 or 1 keeps them
        in this process. Each model lives in one worker for its whole life;
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
        """Keys of the live models."""
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

    def add(self, runs: Sequence[tuple[Key, dict[str, Any], int]]) -> None:
        """Start models ``(key, starting scenario dict, replication)``; warm up."""
        n = max(len(self._pipes), 1)
        by_worker: dict[int, list] = {}
        for key, start, replication in runs:
            i = len(self.where) % n
            self.where[key] = i
            by_worker.setdefault(i, []).append((key, start, replication))
        self._call("add", by_worker)

    def play(self, steps: dict[Key, dict[str, Any]], days: int) -> dict[Key, dict]:
        """Run one round of ``days`` days for each key with its changes."""
        by_worker: dict[int, dict] = {}
        for key, changes in steps.items():
            by_worker.setdefault(self.where[key], {})[key] = changes
        out: dict[Key, dict] = {}
        for part in self._call("play", {i: (s, days) for i, s in by_worker.items()}):
            out |= part
        return out

    def drop(self, keys: Sequence[Key]) -> None:
        """Forget the models of ``keys``."""
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
