"""Benchmark of the seminar game: advancing a round, and the replay after a restart.

A game of 8 teams in one shared town (``--market separate`` for a copy of
the town each) with 5 replications each: 5 towns of 8 businesses of the
``product_centric`` preset, rounds of 90 days, the towns spread over two
worker processes (``--workers``). As a reference measured in the same
process, one business alone runs 90 days: a round's CPU time is printed as a
multiple of it (40 businesses in separate markets would be about 40). It
times:

1. **a new game**: every team's business warmed up (60 days);
2. **round 1 and round 2** (live state): every team submits a different
   choice, then the round is played. Goal: under 20 s on 2 cores;
3. **the replay after a restart**: a fresh hall on the same database
   rebuilds the 40 businesses by replaying the recorded decisions from the
   seed, and checks that round 3 then gives the same numbers as the live
   hall (it takes longer; no goal, its time is printed).

Wall times depend on what else runs on the machine: the load average and the
CPU time of the worker processes are printed beside them. The busiest
worker's CPU time estimates the wall time on an idle machine. A report, not a
test: it exits with 0 and prints ``MISSED`` next to a goal it misses.

Run ``python benchmarks/game.py`` (about 2 minutes on an idle 2-core machine).
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

import psutil

from simulations.game import GameConfig, GameHall

GOAL_ROUND = 20.0
"""Seconds to advance a round of 8 teams x 5 replications x 90 days."""

CHOICES = [
    {},
    {"service.training_level": 0.4, "attraction.acquisition_budget": 36000.0},
    {"service.greet_waiting": True, "attraction.acquisition_budget": 42000.0},
    {"winback.campaign": True, "attraction.acquisition_budget": 30000.0},
    {"retention.loyalty_programme": True, "retention.eligible_from": "loyal"},
    {"service.queue_discipline": "priority"},
    {"attraction.referral_programme": True, "attraction.acquisition_budget": 42000.0},
    {"service.script_flexibility": 0.3, "service.training_level": 0.6},
]
"""One choice per team (the starting levers for the first)."""


def worker_cpu() -> dict[int, float]:
    """CPU seconds used so far by each child process (the workers), by pid."""
    found = {}
    for child in psutil.Process().children(recursive=True):
        try:
            times = child.cpu_times()
            found[child.pid] = times.user + times.system
        except psutil.NoSuchProcess:
            pass
    return found


def timed(label: str, action, goal: float | None = None) -> float:
    """Run ``action``; print its wall time, the workers' CPU time, the load.

    The busiest worker's CPU time is what the wall time would be on an idle
    machine with a core per worker (the workers run side by side).
    """
    before, start = worker_cpu(), time.perf_counter()
    action()
    wall = time.perf_counter() - start
    after = worker_cpu()
    used = {pid: cpu - before.get(pid, 0.0) for pid, cpu in after.items()}
    busiest = max(used.values(), default=0.0)
    verdict = ""
    if goal is not None:
        verdict = f"; goal < {goal:.0f} s: " + ("met" if wall < goal else "MISSED")
        verdict += " (idle estimate " + ("met)" if busiest < goal else "MISSED)")
    load = os.getloadavg()[0]
    print(
        f"{label:<38} {wall:6.1f} s wall, load {load:4.1f}; CPU in workers "
        f"{sum(used.values()):5.1f} s, busiest {busiest:5.1f} s{verdict}"
    )
    return wall


def alone(days: int) -> float:
    """CPU seconds of one business alone over ``days`` days, after its warm-up."""
    from simulations.game.play import measure
    from simulations.model import Model

    start = GameConfig(rounds=1, round_days=days).start()
    model = Model(start, 0, record_visits=False, continuing=True)
    model.advance(start.business.warmup_days)
    began = time.process_time()
    model.advance(days)
    measure(model, days)
    return time.process_time() - began


def submit_all(hall: GameHall, game: str, round_no: int) -> None:
    """Every team submits its choice (all in: the round may start)."""
    for team in hall.store.teams(game):
        hall.submit(team["token"], round_no, CHOICES[team["team"]])


def main() -> None:
    """Run the benchmark and print the report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--teams", type=int, default=8)
    parser.add_argument("--replications", type=int, default=5)
    parser.add_argument("--days", type=int, default=90)
    parser.add_argument("--market", default="shared", choices=("shared", "separate"))
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="cfl-game-bench-"))
    db = folder / "games.sqlite"
    print(
        f"{args.teams} teams x {args.replications} replications x {args.days} "
        f"days, {args.market} market, {args.workers} worker processes, "
        f"{os.cpu_count()} cores (a shared machine: read the CPU times)"
    )
    reference = alone(args.days)
    print(f"reference: one business alone, {args.days} days: {reference:.2f} s CPU")
    hall = GameHall(db, workers=args.workers)
    config = GameConfig(
        teams=args.teams,
        rounds=4,
        round_days=args.days,
        replications=args.replications,
        budget=1e7,
        market=args.market,
    )
    made: dict = {}
    timed(
        "new game (warm-up of every business)",
        lambda: made.update(hall.new_game(config)),
    )
    game = made["game"]
    rounds = []
    for round_no in (1, 2):
        submit_all(hall, game, round_no)
        before = sum(worker_cpu().values())
        rounds.append(
            timed(
                f"round {round_no} (live state)",
                lambda: hall.play_round(game),
                GOAL_ROUND,
            )
        )
        cpu = sum(worker_cpu().values()) - before
        print(f"  CPU of the round: {cpu / reference:.1f} x one business alone")
    restarted = GameHall(db, workers=args.workers)
    timed("replay after a restart (2 rounds)", lambda: restarted.ensure_live(game))
    submit_all(hall, game, 3)
    hall.play_round(game)
    live = hall.store.results(game)
    restarted.store.set_round(game, 3, "open")  # the same round again
    restarted.play_round(game)
    same = restarted.store.results(game) == live
    print(f"round 3 after the replay equals the live round 3: {same}")
    print(f"best round: {min(rounds):.1f} s (goal < {GOAL_ROUND:.0f} s)")
    hall.close()
    restarted.close()


if __name__ == "__main__":
    main()
