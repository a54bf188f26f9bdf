"""What moved each team's results, by Mann's direction, and "what if".

The debrief replays games from the seed on common random numbers:

* the starting business kept as it was, every round (the yardstick);
* for each team and each of Mann's four directions, the starting business
  with only that direction's levers switched to the team's choices (staffing
  counts with working with the client).

A direction's effect is its run less the yardstick's, replication by
replication; what the four effects do not explain is the interaction of
the team's choices (the directions help or hinder one another). "What if"
replays one team's game with one decision changed.

Each replay (one team, one part, one replication) is a short task of its
own: they run here, one after the other, or on any executor, such as a job of
the room server's fair queue (:mod:`simulations.game.web`). A replay asked
for twice (a direction a team left as it was is the yardstick's replay) runs
once. Same seed, same decisions, same numbers: serial or parallel.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from concurrent.futures import Executor
from typing import Any

import pandas as pd

from ..experiments.stats import t_interval
from ..parameters import ParameterError
from ..vocabulary import DIRECTIONS
from .config import GAME_LEVERS, LEVERS_BY_NAME, _checked, starting_levers
from .play import replay
from .session import GameError, GameHall

DEBRIEF_KPIS: tuple[str, ...] = ("profit", "value_created", "customer_equity", "nps")
"""The KPIs the debrief explains."""

DIRECTION_LEVERS: dict[str, tuple[str, ...]] = {
    d: tuple(s.name for s in GAME_LEVERS if s.direction == d) for d in DIRECTIONS
}
"""The game's levers by Mann's direction."""


Task = tuple[dict, int, list[dict], int]
"""A replay: starting scenario, days a round, each round's changes, replication."""


def final_numbers(
    start: dict, days: int, plan: list[dict], replication: int
) -> dict[str, float]:
    """The numbers after the last round of a replay (a task for any executor)."""
    return replay(start, days, plan, replication)[-1]


def run_replays(
    tasks: Sequence[Task], executor: Executor | None = None
) -> list[dict[str, float]]:
    """The final numbers of each replay, in the order of ``tasks``.

    Each distinct replay runs once, as one task of ``executor`` (None: here,
    one after the other); the results are the same either way.
    """
    keys = [json.dumps(task, sort_keys=True) for task in tasks]
    unique = dict(zip(keys, tasks, strict=True))
    if executor is None:
        done = {k: final_numbers(*task) for k, task in unique.items()}
    else:
        futures = {k: executor.submit(final_numbers, *t) for k, t in unique.items()}
        done = {k: f.result() for k, f in futures.items()}
    return [done[k] for k in keys]


def _mixed(plan: list[dict], start_levers: dict, names: Sequence[str]) -> list[dict]:
    """``plan`` with every lever outside ``names`` back at the start's value."""
    return [
        step | {k: v for k, v in start_levers.items() if k not in names}
        for step in plan
    ]


def debrief(
    hall: GameHall,
    game: str,
    replications: int | None = None,
    executor: Executor | None = None,
    confidence: float = 0.95,
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

    Returns
    -------
    pandas.DataFrame
        One row per team and part (each direction, "interaction", "total"),
        with the mean effect and its half-width for each KPI of
        :data:`DEBRIEF_KPIS`.
    """
    info = hall.info(game)
    config = info["config"]
    reps = range(replications or config["replications"])
    start, days = config["start"], config["round_days"]
    base_levers = starting_levers(hall.start(game))
    teams = hall.store.teams(game)
    plans = {t["team"]: hall.plan(game, t["team"]) for t in teams}
    if not plans or not plans[0]:
        raise GameError("play a round before the debrief")
    runs: list[tuple[Any, ...]] = [("start", "start")]
    runs += [(t, "all") for t in plans]
    runs += [(t, d) for t in plans for d in DIRECTION_LEVERS]
    tasks = []
    for team, part in runs:
        plan = plans[0] if team == "start" else plans[team]
        names = (
            () if part == "start" else DIRECTION_LEVERS.get(part, tuple(base_levers))
        )
        tasks += [(start, days, _mixed(plan, base_levers, names), r) for r in reps]
    finals = run_replays(tasks, executor)
    n = len(reps)
    by_run = {run: finals[i * n : (i + 1) * n] for i, run in enumerate(runs)}
    rows = []
    for t in teams:
        team = t["team"]
        parts = {d: by_run[(team, d)] for d in DIRECTION_LEVERS}
        parts["total"] = by_run[(team, "all")]
        row_sets: dict[str, dict[str, list[float]]] = {}
        for part, values in parts.items():
            row_sets[part] = {
                k: [
                    v[k] - b[k]
                    for v, b in zip(values, by_run[("start", "start")], strict=True)
                ]
                for k in DEBRIEF_KPIS
            }
        row_sets["interaction"] = {
            k: [
                row_sets["total"][k][i]
                - sum(row_sets[d][k][i] for d in DIRECTION_LEVERS)
                for i in range(n)
            ]
            for k in DEBRIEF_KPIS
        }
        for part in (*DIRECTION_LEVERS, "interaction", "total"):
            row: dict[str, Any] = {"team": t["name"], "part": part}
            row["label"] = DIRECTIONS.get(part, part.capitalize())
            for k in DEBRIEF_KPIS:
                row[k], row[f"{k}_half_width"] = t_interval(
                    row_sets[part][k], confidence
                )
            rows.append(row)
    return pd.DataFrame(rows)


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
    info = hall.info(game)
    config = info["config"]
    plan = hall.plan(game, team)
    if not 1 <= round_no <= len(plan):
        raise GameError(f"round {round_no} has not been played")
    spec = LEVERS_BY_NAME.get(lever)
    if spec is None:
        raise GameError(f"{lever!r} is not a lever of the game")
    try:
        value = _checked(spec, value)
    except ParameterError as err:
        raise GameError(str(err)) from None
    other = [dict(step) for step in plan]
    other[round_no - 1][lever] = value
    reps = range(replications or config["replications"])
    start, days = config["start"], config["round_days"]
    tasks = [(start, days, p, r) for p in (plan, other) for r in reps]
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
