"""Watch a day at the desk: an animated replay of one run's own visit records.

- :mod:`~simulations.present.replay.frames`: where each customer stands,
  minute by minute, and the running counts (no simulation: records only);
- :mod:`~simulations.present.replay.figure`: the plotly figure of a desk;
- :mod:`~simulations.present.replay.page`: one self-contained HTML file (plotly.js
  inline, nothing from the internet) with the player's controls.

>>> from simulations import Scenario, single_run
>>> s = Scenario.preset("product_centric").copy(None, **{"business.days": 3,
...     "business.warmup_days": 0})
>>> replay = watch([(single_run(s), s)])
>>> replay.panels[0].day, replay.html.startswith("<!DOCTYPE html>")
(1, True)
"""

from __future__ import annotations

from collections.abc import Sequence

from ...parameters import Scenario
from ...results import RunResult
from ...vocabulary import day_minutes
from .frames import DayFrames, ReplayError, check_day, day_frames
from .page import Replay, embedded, replay_html

__all__ = [
    "DayFrames",
    "Replay",
    "ReplayError",
    "day_frames",
    "embedded",
    "last_day",
    "replay_html",
    "watch",
]


def last_day(runs: Sequence[RunResult]) -> int:
    """The last day every run has finished (0 is the first day)."""
    return min(len(run.daily) for run in runs) - 2


def watch(
    runs: Sequence[tuple[RunResult, Scenario]],
    day: int | None = None,
    title: str | None = None,
) -> Replay:
    """A replay of one day of one run, or of two runs side by side.

    Parameters
    ----------
    runs
        One or two (run, scenario) pairs; each run must have kept its visits.
        Two runs of the same seed share their customers (common random
        numbers), so the room sees the same people under two policies.
    day
        The day to replay (0 is the first); default the last finished one.
    title
        The page's heading (None: "Watch a day" in the language in use).

    Raises
    ------
    ReplayError
        For a day outside a run, a run without visits, or too many staff.
    """
    if not 1 <= len(runs) <= 2:
        raise ReplayError(f"runs: {len(runs)} given; a replay shows 1 or 2")
    chosen = last_day([run for run, _ in runs]) if day is None else day
    for run, _ in runs:
        check_day(run, chosen)
    panels = [
        day_frames(
            run,
            chosen,
            staff=scenario.business.staff,
            day_minutes=day_minutes(scenario.business.open_hours),
            name=scenario.name,
        )
        for run, scenario in runs
    ]
    return Replay(panels, title)
