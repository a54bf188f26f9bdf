"""What moved each team's results, by Mann's direction, and "what if".

The debrief replays the game from the seed on common random numbers. For
each team:

* its yardstick: the game as played, but the team kept the starting
  business's levers every round;
* for each of Mann's four directions, the game with only that direction's
  levers of the team switched to its choices (staffing counts with working
  with the client);
* the game as played.

A direction's effect is its replay less the yardstick, replication by
replication; what the four effects do not explain is the interaction of the
team's choices (they help or hinder one another). In a shared town the other
teams play as they did in every replay, so an effect is what the team's
choices did given what the others did; with separate markets a team's
business is replayed alone. "What if" replays the game with one decision of
one team changed.

Each replay (one town, one replication) is a short task of its own: they run
here, one after the other, or on any executor, such as a job of the room
server's fair queue (:mod:`simulations.game.pool`). A replay asked for twice
runs once. Same seed, same decisions, same numbers: serial or parallel.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from concurrent.futures import Executor
from typing import Any

import pandas as pd

from ..experiments.stats import t_interval
from ..parameters import ParameterError
from ..vocabulary import DIRECTIONS
from .config import starting_levers
from .errors import GameError
from .levers import GAME_LEVERS, LEVERS_BY_NAME, checked
from .play import replay
from .session import GameHall

DEBRIEF_KPIS: tuple[str, ...] = ("profit", "value_created", "customer_equity", "nps")
"""The numbers the debrief explains."""

DIRECTION_LEVERS: dict[str, tuple[str, ...]] = {
    d: tuple(s.name for s in GAME_LEVERS if s.direction == d) for d in DIRECTIONS
}
"""The game's levers by Mann's direction."""

Task = tuple[dict, int, list[list[dict]], int, dict | None, int]
"""A replay: start, days a round, each team's plan, replication, the town's
rules (None: separate markets), and the team whose numbers are wanted."""

Progress = Callable[[int, int], None]
"""Told ``(replays done, replays in all)`` as replays end."""


def final_numbers(
    start: dict,
    days: int,
    plans: list[list[dict]],
    replication: int,
    rules: dict | None,
    team: int,
) -> dict[str, float]:
    """One team's numbers after the last round of a replay (a task for any executor)."""
    return replay(start, days, plans, replication, rules)[-1][team]


def run_replays(
    tasks: Sequence[Task],
    executor: Executor | None = None,
    progress: Progress | None = None,
) -> list[dict[str, float]]:
    """The numbers of each replay, in the order of ``tasks``.

    Each distinct replay runs once, as one task of ``executor`` (None: here,
    one after the other); the results are the same either way.
    """
    keys = [json.dumps(task, sort_keys=True) for task in tasks]
    unique = dict(zip(keys, tasks, strict=True))
    done: dict[str, dict[str, float]] = {}
    tell = progress or (lambda done, total: None)
    if executor is None:
        for k, task in unique.items():
            done[k] = final_numbers(*task)
            tell(len(done), len(unique))
    else:
        futures = {k: executor.submit(final_numbers, *t) for k, t in unique.items()}
        for k, future in futures.items():
            done[k] = future.result()
            tell(len(done), len(unique))
    return [done[k] for k in keys]


def _mixed(plan: list[dict], start_levers: dict, names: Sequence[str]) -> list[dict]:
    """``plan`` with every lever outside ``names`` back at the start's value."""
    return [
        step | {k: v for k, v in start_levers.items() if k not in names}
        for step in plan
    ]


def _task(
    hall: GameHall, game: str, team: int, plan: list[dict], replication: int
) -> Task:
    """A replay in which ``team`` plays ``plan`` (the others as they did)."""
    config = hall.info(game)["config"]
    start, days = config["start"], config["round_days"]
    if not hall.shared(game):  # separate markets: the team's business alone
        return (start, days, [plan], replication, None, 0)
    plans = hall.plans(game)
    plans[team] = plan
    return (start, days, plans, replication, config["town"], team)


def debrief(
    hall: GameHall,
    game: str,
    replications: int | None = None,
    executor: Executor | None = None,
    confidence: float = 0.95,
    progress: Progress | None = None,
) -> pd.DataFrame:
    """Effect of each direction of each team's choices, on common random numbers.

    Parameters
    ----------
    hall
        The games.
    game
        The game (at least one round played).
    replications
        Replications per run; None: the game's own.
    executor
        Where to run the replays; None: here.
    confidence
        Confidence level of the half-widths.
    progress
        Told how many replays are done, as they end.

    Returns
    -------
    pandas.DataFrame
        One row per team and part (each direction, "interaction", "total"),
        with the mean effect and its half-width for each KPI of
        :data:`DEBRIEF_KPIS`.
    """
    config = hall.info(game)["config"]
    reps = range(replications or config["replications"])
    base_levers = starting_levers(hall.start(game))
    teams = hall.store.teams(game)
    plans = {t["team"]: hall.plan(game, t["team"]) for t in teams}
    if not plans or not plans[0]:
        raise GameError("Play a round before the debrief.")
    parts = ("start", *DIRECTION_LEVERS, "all")
    runs = [(t, part) for t in plans for part in parts]
    tasks = []
    for team, part in runs:
        names = {"start": (), "all": tuple(base_levers)}.get(part)
        names = DIRECTION_LEVERS[part] if names is None else names
        plan = _mixed(plans[team], base_levers, names)
        tasks += [_task(hall, game, team, plan, r) for r in reps]
    finals = run_replays(tasks, executor, progress)
    n = len(reps)
    by_run = {run: finals[i * n : (i + 1) * n] for i, run in enumerate(runs)}
    rows = []
    for t in teams:
        team = t["team"]
        base = by_run[(team, "start")]
        effects: dict[str, dict[str, list[float]]] = {}
        for part in (*DIRECTION_LEVERS, "all"):
            effects["total" if part == "all" else part] = {
                k: [
                    v[k] - b[k] for v, b in zip(by_run[(team, part)], base, strict=True)
                ]
                for k in DEBRIEF_KPIS
            }
        effects["interaction"] = {
            k: [
                effects["total"][k][i] - sum(effects[d][k][i] for d in DIRECTION_LEVERS)
                for i in range(n)
            ]
            for k in DEBRIEF_KPIS
        }
        for part in (*DIRECTION_LEVERS, "interaction", "total"):
            row: dict[str, Any] = {"team": t["name"], "number": team, "part": part}
            row["label"] = DIRECTIONS.get(part, part.capitalize())
            for k in DEBRIEF_KPIS:
                row[k], row[f"{k}_half_width"] = t_interval(
                    effects[part][k], confidence
                )
            rows.append(row)
    return pd.DataFrame(rows)


def keep(hall: GameHall, game: str, table: pd.DataFrame, replications: int) -> None:
    """Keep a game's debrief in its file, so that a restart does not lose it."""
    hall.store.save_debrief(game, replications, table.to_dict("records"))


def kept(hall: GameHall, game: str) -> pd.DataFrame | None:
    """The debrief kept for a game (see :func:`keep`), or None."""
    found = hall.store.debrief(game)
    return None if found is None else pd.DataFrame(found["rows"])


def what_if(
    hall: GameHall,
    game: str,
    team: int,
    round_no: int,
    lever: str,
    value: Any,
    replications: int | None = None,
    executor: Executor | None = None,
) -> pd.DataFrame:
    """A team's game replayed with one decision changed, against the real one.

    Parameters
    ----------
    team
        The team (0 is the first).
    round_no
        The round whose decision changes (1 is the first).
    lever, value
        The lever and its other value (within the game's bounds; the budget
        is not checked: this is a question, not a decision).

    Returns
    -------
    pandas.DataFrame
        Rows: the KPIs of :data:`DEBRIEF_KPIS`; columns: ``played``,
        ``what_if``, ``difference`` and its ``half_width`` (paired).
    """
    config = hall.info(game)["config"]
    plan = hall.plan(game, team)
    if not 1 <= round_no <= len(plan):
        raise GameError(f"Round {round_no} has not been played.")
    spec = LEVERS_BY_NAME.get(lever)
    if spec is None:
        raise GameError(f"{lever!r} is not a lever of the game.")
    try:
        value = checked(spec, value)
    except ParameterError as err:
        raise GameError(str(err)) from None
    other = [dict(step) for step in plan]
    other[round_no - 1][lever] = value
    reps = range(replications or config["replications"])
    tasks = [_task(hall, game, team, p, r) for p in (plan, other) for r in reps]
    finals = run_replays(tasks, executor)
    n = len(reps)
    played, changed = finals[:n], finals[n:]
    rows = []
    for k in DEBRIEF_KPIS:
        diff = [b[k] - a[k] for a, b in zip(played, changed, strict=True)]
        mean, half = t_interval(diff)
        rows.append(
            {
                "kpi": k,
                "played": sum(a[k] for a in played) / n,
                "what_if": sum(b[k] for b in changed) / n,
                "difference": mean,
                "half_width": half,
            }
        )
    return pd.DataFrame(rows).set_index("kpi")
