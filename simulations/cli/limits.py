"""Sane limits for every command that runs simulations.

* :func:`lower_workers` - ``-w`` above the number of cores is lowered to it;
* :func:`check_cost` - the CPU time an experiment will take, estimated from a
  short pilot run; above :data:`MAX_MINUTES` (or ``$CFL_MAX_MINUTES``) the
  user confirms, or gives ``--yes``; a run without a terminal refuses.

A new command calls both before its first run.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Sequence

from ..model import single_run
from ..parameters import Scenario
from .common import UserError

MAX_MINUTES = 10.0
"""CPU minutes an experiment may take without asking."""

MAX_RUNS = 1_000_000
"""No experiment runs more replications than this, even with ``--yes``."""

PILOT_DAYS = 10
"""Days of the pilot run that times one simulated day."""


def cores() -> int:
    """Cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def lower_workers(args: argparse.Namespace) -> None:
    """Lower ``args.workers`` to the number of cores, with a one-line warning."""
    n = cores()
    if args.workers is not None and args.workers > n:
        print(
            f"cfl: warning: --workers {args.workers} lowered to {n}, "
            "the number of cores",
            file=sys.stderr,
        )
        args.workers = n


def limit_minutes() -> float:
    """The limit in CPU minutes: ``$CFL_MAX_MINUTES`` or :data:`MAX_MINUTES`."""
    text = os.environ.get("CFL_MAX_MINUTES", "")
    if not text:
        return MAX_MINUTES
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not value >= 0:
        raise UserError(
            f"CFL_MAX_MINUTES={text[:40]!r}: must be a number of minutes >= 0"
        )
    return value


def seconds_per_run(scenarios: Sequence[Scenario]) -> float:
    """CPU seconds one replication takes, timed on a short pilot run.

    At most three of ``scenarios`` are timed for :data:`PILOT_DAYS` days
    each; the cost of a day is scaled to each scenario's length.
    """
    costs = []
    for scenario in list(scenarios)[:3]:
        days = scenario.business.days
        pilot = scenario.copy(
            **{"business.days": min(days, PILOT_DAYS), "business.warmup_days": 0}
        )
        start = time.process_time()
        try:
            single_run(pilot, 0, record_visits=False)
        except Exception:  # the real runs will report it
            continue
        spent = time.process_time() - start
        costs.append(spent / pilot.business.days * days)
    return max(costs) if costs else 0.0


def check_cost(
    args: argparse.Namespace, scenarios: Sequence[Scenario], runs: int
) -> None:
    """Refuse, or ask, before an experiment that would take long.

    Parameters
    ----------
    args
        The command's options (``yes``).
    scenarios
        What will run (a few are timed).
    runs
        Replications still to run.
    """
    if runs > MAX_RUNS:
        raise UserError(
            f"{runs:,} runs asked for; at most {MAX_RUNS:,} in one experiment "
            "(fewer --replications or lever values)"
        )
    limit = limit_minutes()
    if runs == 0 or getattr(args, "yes", False):
        return
    each = seconds_per_run(scenarios)
    minutes = each * runs / 60
    if minutes <= limit:
        return
    what = (
        f"about {minutes:,.1f} CPU minutes ({runs:,} runs of about {each:.1f} s), "
        f"above the limit of {limit:g} minutes"
    )
    if sys.stdin is not None and sys.stdin.isatty():
        try:
            answer = input(f"cfl: this needs {what}; go on? [y/N] ")
        except EOFError:
            answer = ""
        if answer.strip().lower() in ("y", "yes"):
            return
    raise UserError(f"this experiment needs {what}; add --yes to run it")
