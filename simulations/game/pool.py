"""The debrief's replays in the server's shared pool, behind its fair queue.

A server (the room server, or ``solara run simulations.game.app``) runs all
simulation work in one process pool sized to the cores, in front of which
the room's fair queue (:func:`simulations.room.pool.shared_queue`) serves one
job per visitor, first come first served. The debrief and "what if" go
through the same queue: one job per request, one short task per replay
(team, part, replication), so they neither hold up the server's own process
nor jump ahead of the lab's visitors. The thread that asks only waits.

The live runs of the rounds stay in the game's engine
(:class:`~simulations.game.play.Engine`): a live model cannot be sent to
another process.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Executor
from typing import TYPE_CHECKING, Any, TypeVar

import pandas as pd

from .debrief import Progress, debrief, keep, what_if
from .session import GameHall

if TYPE_CHECKING:  # the pool is imported when a job runs, not before
    from ..room.fair import FairQueue

T = TypeVar("T")


def visitor(game: str) -> str:
    """The queue's name for a game's trainer: one debrief or what-if at a time."""
    return f"game-{game}"


def in_queue(
    game: str, compute: Callable[[Executor], T], queue: FairQueue | None = None
) -> T:
    """``compute(executor)`` with its tasks in one job of the fair queue.

    Parameters
    ----------
    game
        The game whose trainer asks (the job's visitor).
    compute
        Gets the job as an executor; returns the answer.
    queue
        The fair queue; None: the server's shared one.

    Notes
    -----
    The job is opened without an estimate of its work, so the lab's cap does
    not apply: a game's size is bounded by its own settings (at most 8 teams,
    12 rounds, 10 replications).
    """
    if queue is None:
        from ..room.pool import shared_queue

        queue = shared_queue()
    job = queue.open(visitor(game))
    try:
        return compute(job.executor())
    finally:
        queue.close(job)


def pooled_debrief(
    hall: GameHall,
    game: str,
    queue: FairQueue | None = None,
    progress: Progress | None = None,
    **options: Any,
) -> pd.DataFrame:
    """:func:`~simulations.game.debrief.debrief` with its replays in the queue.

    ``options`` go to ``debrief`` (``replications``, ``confidence``). The
    debrief is kept in the game's file (:func:`~simulations.game.debrief.keep`).
    """
    table = in_queue(
        game,
        lambda executor: debrief(
            hall, game, executor=executor, progress=progress, **options
        ),
        queue,
    )
    replications = (
        options.get("replications") or hall.info(game)["config"]["replications"]
    )
    keep(hall, game, table, replications)
    return table


def pooled_what_if(
    hall: GameHall,
    game: str,
    team: int,
    round_no: int,
    lever: str,
    value: Any,
    queue: FairQueue | None = None,
    replications: int | None = None,
) -> pd.DataFrame:
    """:func:`~simulations.game.debrief.what_if` with its replays in the queue."""
    return in_queue(
        game,
        lambda executor: what_if(
            hall, game, team, round_no, lever, value, replications, executor
        ),
        queue,
    )
