"""One team's desk on a chosen day of the game: a replay for the debrief.

While it plays, the game keeps no visits (it keeps a town alive for every
replication, and their visits would fill the memory). So the first copy of
the town is played again from the seed with the recorded decisions, as after
a restart: the same decisions give the same numbers. This time every visit is
kept, up to the day after the chosen one, and the day is replayed from those
records (:mod:`simulations.present.replay`). A test checks that the days of a
round, replayed, add up to the round's numbers the game kept.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from concurrent.futures import Executor
from typing import Any

from ..parameters import Scenario
from ..present.replay import Replay, day_frames
from ..results import RunResult, summarise
from ..vocabulary import day_minutes
from .errors import GameError
from .play import new_town, play_round
from .session import GameHall


def game_days(hall: GameHall, game: str) -> int:
    """Days of the game that can be watched: all played but the very last.

    The last day of the last round played has visits still going when the
    round stopped; they are known once the next round is played.
    """
    config = hall.info(game)["config"]
    return max(0, hall.played(game) * config["round_days"] - 1)


def desk_records(
    start: dict[str, Any],
    round_days: int,
    plans: Sequence[Sequence[dict]],
    rules: dict | None,
    team: int,
    day: int,
) -> tuple[RunResult, int]:
    """One team's run up to the day after ``day``, with its visits, and its staff.

    A task for any executor: the first copy of the town played again from
    the seed, keeping every visit, round by round until the day after
    ``day`` (a day of the run, the warm-up included) is over.

    Returns
    -------
    tuple
        The team's run (visits of that day only) and the staff on duty that day.
    """
    warmup = Scenario.from_dict(start).business.warmup_days
    town = new_town(start, len(plans), 0, rules, record_visits=True)
    business = town.businesses[team]
    rounds = (day + 1 - warmup) // round_days + 1  # the day after must be run
    staff = business.scenario.business.staff
    for r in range(rounds):
        play_round(town, [plan[r] for plan in plans], round_days)
        if warmup + r * round_days <= day:  # the levers of the day's round
            staff = business.scenario.business.staff
    run = summarise(business.records())
    minutes = day_minutes(business.scenario.business.open_hours)
    start_at, end_at = day * minutes, (day + 1) * minutes
    v = run.visits
    near = v[(v["arrived"] < end_at) & (v["ended"] >= start_at)]
    # Only what the replay reads goes back (across processes, when pooled).
    run = dataclasses.replace(run, visits=near.copy(), customers=run.customers[:0])
    return run, staff


def desk_day(
    hall: GameHall, game: str, team: int, day: int, executor: Executor | None = None
) -> Replay:
    """A replay of ``team``'s desk on ``day`` of the game (1 is round 1's first).

    Parameters
    ----------
    hall, game
        The game.
    team
        The team's number (0 is the first).
    day
        A day of the game, from 1 to :func:`game_days`.
    executor
        Where the town is played again (the server's shared pool); None: here.

    Raises
    ------
    GameError
        For a day that cannot be watched (yet), or an unknown team.
    """
    info = hall.info(game)
    config = info["config"]
    teams = hall.store.teams(game)
    last = game_days(hall, game)
    if not 0 <= team < len(teams):
        raise GameError(f"Team {team + 1} is not in this game.")
    if last < 1:
        raise GameError("A day can be watched once a round is played.")
    if isinstance(day, bool) or not isinstance(day, int) or not 1 <= day <= last:
        raise GameError(f"Day {day} cannot be watched: choose a day from 1 to {last}.")
    start = config["start"]
    run_day = Scenario.from_dict(start).business.warmup_days + day - 1
    rules = config["town"] if hall.shared(game) else None
    args = (start, config["round_days"], hall.plans(game), rules, team, run_day)
    if executor is None:
        run, staff = desk_records(*args)
    else:
        run, staff = executor.submit(desk_records, *args).result()
    minutes = day_minutes(Scenario.from_dict(start).business.open_hours)
    name = teams[team]["name"]
    frames = day_frames(
        run, run_day, staff=staff, day_minutes=minutes, name=name, number=day
    )
    return Replay([frames], title="")
