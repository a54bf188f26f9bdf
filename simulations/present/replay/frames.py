"""A day of a run, minute by minute, from the run's own visit records.

Nothing here simulates: every customer, wait, greeting, service and verdict
comes from one row of the run's visit log (see
:class:`~simulations.records.VisitLog`). For each minute of the chosen day,
:func:`day_frames` says where each customer stands (in line, at a desk, or
walking out by the way they judged the visit) and keeps the running counts a
trainer reads beside the picture.

Which member of staff served whom is not recorded (staff are alike in the
model), so each visit takes the lowest-numbered free desk when its service
starts. The line is in the order of service: key customers ahead when they
are served first, then by arrival. The counts follow the daily books: a visit
counts on the day it ends.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ...i18n import _
from ...results import RunResult
from ...vocabulary import LEVELS

HIDDEN, LINE, GREETED, DESK, GAVE_UP = 0, 1, 2, 3, 4
EXITS = {"wow": 5, "standard": 6, "low": 7}
"""Where a customer stands at a minute (the codes of :attr:`DayFrames.area`):
not there, in line, in line and greeted, at a desk, leaving after giving up,
leaving after a WOW, a standard or a low visit."""

LINGER = 3.0
"""Minutes a customer stays in view on the way out, so every visit is seen."""

MAX_DESKS = 20
"""Most desks a replay draws; a bigger staff would not fit on a screen."""

COUNTERS = (
    "waiting",
    "served",
    "gave_up",
    "within",
    "finished",
    "low",
    "standard",
    "wow",
    "longest",
)
"""The running counts of :attr:`DayFrames.counters`: waiting now, served, gave
up, served within the standard, visits finished, visits judged low, standard
and WOW, and the longest line so far today."""


class ReplayError(ValueError):
    """A day that cannot be replayed; the message names the input and the choices."""


@dataclass(frozen=True)
class DayFrames:
    """One day of one run, minute by minute.

    Attributes
    ----------
    name
        The scenario's name.
    day
        The day of the run (0 is the first).
    number
        The day as people count it (by default the run's day counted from 1;
        the game counts from its first round).
    minutes
        Opening minutes of the day; steps are minutes 0 to ``minutes``.
    desks
        Desks drawn: the staff on duty (more if staff cut the day before are
        still finishing a customer).
    target_wait
        The service standard: the longest wait, in minutes, that counts as
        served within the standard.
    visits
        The visits seen during the day, one row each (the visit log's columns,
        times in minutes from the day's opening, and ``desk``).
    area, slot
        Where each visit stands at each step (rows: steps, columns: visits):
        a code of :data:`EXITS` or the constants above, and the place in line
        or in its lane (0 nearest the desks), or the desk.
    counters
        The running counts at each step (see :data:`COUNTERS`), counting the
        events before that minute.
    """

    name: str
    day: int
    number: int
    minutes: float
    desks: int
    target_wait: float
    visits: pd.DataFrame
    area: np.ndarray
    slot: np.ndarray
    counters: pd.DataFrame

    @property
    def steps(self) -> int:
        """Number of steps (minute 0 to the closing minute)."""
        return self.area.shape[0]

    def totals(self) -> dict[str, int]:
        """The counts at the close of the day."""
        return {k: int(v) for k, v in self.counters.iloc[-1].items()}


def check_day(run: RunResult, day: object) -> int:
    """The day to replay, checked against the run; :class:`ReplayError` if not.

    The run's last day cannot be replayed: the visits still going when the
    run stopped are in no record.
    """
    days = len(run.daily)
    if run.visits is None:
        raise ReplayError(
            _("{scenario}: the run kept no visits to replay").format(
                scenario=run.scenario
            )
        )
    if days < 2:
        raise ReplayError(
            _("{scenario}: a run of one day has no day to replay").format(
                scenario=run.scenario
            )
        )
    whole = isinstance(day, int | np.integer) and not isinstance(day, bool)
    if not whole or not 0 <= day <= days - 2:
        raise ReplayError(
            _(
                "day = {day}: choose a whole number from 0 to {last} "
                "(the run has {days} days; its last one is not finished)"
            ).format(day=repr(day), last=days - 2, days=days)
        )
    return int(day)


def day_frames(
    run: RunResult,
    day: int,
    *,
    staff: int,
    day_minutes: float,
    name: str | None = None,
    number: int | None = None,
) -> DayFrames:
    """Where each customer stands, minute by minute, on ``day`` of ``run``.

    Parameters
    ----------
    run
        A run that kept its visits (``record_visits=True``).
    day
        The day (0 to the run's days less 2).
    staff
        Staff on duty that day.
    day_minutes
        Opening minutes of a day.
    name
        Name shown for the run (default: the scenario's).
    number
        The day as people count it (default: ``day + 1``).

    Raises
    ------
    ReplayError
        For a day outside the run, a run without visits, or too many staff.
    """
    day = check_day(run, day)
    if not 1 <= staff <= MAX_DESKS:
        raise ReplayError(
            _("staff = {staff}: a replay shows 1 to {most} members of staff").format(
                staff=staff, most=MAX_DESKS
            )
        )
    start = day * day_minutes
    end = start + day_minutes
    visits = run.visits
    seen = visits[(visits["arrived"] < end) & (visits["ended"] >= start)]
    v = seen.sort_values("arrived").reset_index(drop=True)
    for column in ("arrived", "ended", "greeted_at"):
        v[column] = v[column] - start
    v["desk"] = _desks(v, staff)
    times = np.minimum(np.arange(math.ceil(day_minutes) + 1.0), day_minutes)
    area, slot = _places(v, times)
    return DayFrames(
        name=run.scenario if name is None else name,
        day=day,
        number=day + 1 if number is None else number,
        minutes=day_minutes,
        desks=max(staff, int(v["desk"].max()) + 1 if len(v) else staff),
        target_wait=run.target_wait,
        visits=v,
        area=area,
        slot=slot,
        counters=_counters(v, times, run.target_wait),
    )


def _desks(v: pd.DataFrame, staff: int) -> np.ndarray:
    """A desk for each served visit (-1 for those who gave up): the lowest free one."""
    desk = np.full(len(v), -1, dtype=np.int16)
    free_at: list[float] = [-math.inf] * staff
    served = v.index[v["served"].to_numpy()]
    begins = (v["arrived"] + v["wait"]).to_numpy()
    ends = v["ended"].to_numpy()
    for i in sorted(served, key=lambda i: begins[i]):
        # A desk freed at the very minute a service begins is free (rounding).
        free = [k for k, t in enumerate(free_at) if t <= begins[i] + 1e-6]
        if not free:  # staff cut the day before still finish their customer
            free_at.append(-math.inf)
            free = [len(free_at) - 1]
        desk[i] = free[0]
        free_at[free[0]] = ends[i]
    return desk


def _ranks(member: np.ndarray, order: np.ndarray) -> np.ndarray:
    """Rank of each member in each row, in ``order`` of the columns (0 first)."""
    ranks = np.empty_like(member, dtype=np.int16)
    ranks[:, order] = np.cumsum(member[:, order], axis=1) - 1
    return ranks


def _places(v: pd.DataFrame, times: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Area code and slot of every visit at every step."""
    t = times[:, None]
    arrived = v["arrived"].to_numpy()[None, :]
    begins = arrived + v["wait"].to_numpy()[None, :]
    ends = v["ended"].to_numpy()[None, :]
    served = v["served"].to_numpy()[None, :]
    greeted = v["greeted_at"].to_numpy()[None, :]
    level = v["level"].cat.codes.to_numpy()

    area = np.zeros((len(times), len(v)), dtype=np.int8)
    slot = np.zeros_like(area, dtype=np.int16)
    in_line = (arrived <= t) & (t < begins)
    area[in_line] = LINE
    area[in_line & (greeted <= t)] = GREETED
    at_desk = served & (begins <= t) & (t < ends)
    area[at_desk] = DESK
    leaving = (ends <= t) & (t < ends + LINGER)
    lanes = np.where(
        v["served"].to_numpy(),
        np.array([EXITS[name] for name in LEVELS], dtype=np.int8)[level],
        GAVE_UP,
    )
    area[leaving] = np.broadcast_to(lanes, area.shape)[leaving]

    # In line: in the order of service (key customers first, if they go first).
    order = np.lexsort((v["arrived"].to_numpy(), ~v["first"].to_numpy()))
    slot[in_line] = _ranks(in_line, order)[in_line]
    slot[at_desk] = np.broadcast_to(v["desk"].to_numpy(), area.shape)[at_desk]
    # On the way out: the latest to leave nearest the desks, in each lane.
    newest = np.argsort(-v["ended"].to_numpy(), kind="stable")
    for lane in (GAVE_UP, *EXITS.values()):
        member = leaving & (lanes == lane)[None, :]
        slot[member] = _ranks(member, newest)[member]
    return area, slot


def _counters(v: pd.DataFrame, times: np.ndarray, target_wait: float) -> pd.DataFrame:
    """The running counts at each step: events before each minute."""
    ends = v["ended"].to_numpy()
    done_today = ends >= 0.0
    served = v["served"].to_numpy()

    def before(event_times: np.ndarray) -> np.ndarray:
        return np.searchsorted(np.sort(event_times), times, side="left")

    counts = {
        "served": before(ends[done_today & served]),
        "gave_up": before(ends[done_today & ~served]),
        "within": before(
            ends[done_today & served & (v["wait"].to_numpy() <= target_wait)]
        ),
        "finished": before(ends[done_today]),
    }
    level = v["level"].to_numpy()
    for name in LEVELS:
        counts[name] = before(ends[done_today & (level == name)])

    # The line, exactly: +1 when a customer joins it, -1 when they leave it.
    waits = v["wait"].to_numpy() > 0.0
    joins = v["arrived"].to_numpy()[waits]
    leaves = joins + v["wait"].to_numpy()[waits]
    counts["waiting"] = np.searchsorted(
        np.sort(joins), times, side="right"
    ) - np.searchsorted(np.sort(leaves), times, side="right")
    when = np.concatenate([joins, leaves])
    change = np.concatenate([np.ones(len(joins)), -np.ones(len(leaves))])
    order = np.lexsort((change, when))  # at a tie, leaving first
    when, length = when[order], np.cumsum(change[order])
    # Before the opening only the line at the opening counts (the staff's count).
    opening = int(np.sum((joins < 0.0) & (leaves > 0.0)))
    length = np.where(when >= 0.0, length, opening)
    running = np.maximum.accumulate(np.concatenate([[opening], length]))
    counts["longest"] = running[np.searchsorted(when, times, side="left")]
    frame = pd.DataFrame({k: counts[k] for k in COUNTERS}).astype(np.int64)
    frame.index.name = "step"
    return frame
