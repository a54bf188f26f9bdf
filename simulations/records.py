"""What a run leaves behind: plain data, never the simulation objects.

:class:`RunRecords` is all that ``results.py`` reads to compute KPIs: the daily
books, one row per customer, one row per visit (if kept), and the running
tallies of the queue. The tables are built here from the model's agents once
the run is over, so that nothing outside the model needs to know them.

This module sits between the model (which fills it) and ``results.py`` (which
reads it), and imports neither.
"""

from __future__ import annotations

import math
from array import array
from dataclasses import dataclass, field
from typing import ClassVar, Protocol

import numpy as np
import pandas as pd

from .parameters import Scenario
from .vocabulary import LEVELS, PHASE_CODE, PHASES

NAN = math.nan


class Visitor(Protocol):
    """What the visit log reads of a customer."""

    ident: int
    key: bool
    won_back: int


class Visit(Protocol):
    """What the visit log reads of a visit's outcome."""

    arrived: float
    wait: float
    served: bool
    first: bool


@dataclass
class VisitTally:
    """Running sums over the visits that arrive in the measured period.

    Every count here is of the same visits (those that arrived after the
    warm-up and have ended), so a share of two of them lies in [0, 1]. The
    daily books count a visit's level on the day it ends instead, so a visit
    that queued over the end of the warm-up would be in their levels but not
    in their arrivals.
    """

    target_wait: float
    arrivals: int = 0
    waited: int = 0
    within_standard: int = 0
    total_wait: float = 0.0
    abandoned: int = 0
    levels: list[int] = field(default_factory=lambda: [0] * len(LEVELS))

    def add(self, wait: float, served: bool, level: int) -> None:
        """Count one visit and its service level (an index into ``LEVELS``)."""
        self.arrivals += 1
        self.total_wait += wait
        self.levels[level] += 1
        if wait > 0.0:
            self.waited += 1
        if not served:
            self.abandoned += 1
        elif wait <= self.target_wait:
            self.within_standard += 1


class VisitLog:
    """Visits as compact columns (one row per visit), kept only when asked.

    Besides what the KPIs need, a row keeps what a replay of the day shows:
    when the visit ended (served or given up), when the customer was greeted
    in line (NaN: not greeted), the customer's loyalty phase at the visit,
    whether they had been won back, and whether they waited ahead of the
    others (a key customer, served first).
    """

    DTYPES: ClassVar[dict[str, type]] = {
        "customer": np.int64,
        "arrived": np.float64,
        "wait": np.float64,
        "ended": np.float64,
        "served": np.bool_,
        "level": np.int8,
        "spend": np.float64,
        "key": np.bool_,
        "first": np.bool_,
        "greeted_at": np.float64,
        "phase": np.int8,
        "won_back": np.bool_,
    }

    def __init__(self) -> None:
        self.customer = array("q")
        self.arrived = array("d")
        self.wait = array("d")
        self.ended = array("d")
        self.served = array("B")
        self.level = array("b")
        self.spend = array("d")
        self.key = array("B")
        self.first = array("B")
        self.greeted_at = array("d")
        self.phase = array("b")
        self.won_back = array("B")

    def add(
        self,
        customer: Visitor,
        outcome: Visit,
        ended: float,
        level: int,
        spend: float,
        greet_after: float,
        phase: str,
    ) -> None:
        """Append one visit.

        Parameters
        ----------
        customer
            The customer (their number, key or not, times won back so far).
        outcome
            What happened at the visit: arrival, wait, served, first in line.
        ended
            When the visit ended: service over, or the customer gave up.
        level
            The service level the customer judged (0 low, 1 standard, 2 WOW).
        spend
            What the customer paid.
        greet_after
            Minutes of waiting after which staff greet a customer in line
            (infinite: no greeting).
        phase
            The customer's phase as they came.
        """
        arrived, wait = outcome.arrived, outcome.wait
        self.customer.append(customer.ident)
        self.arrived.append(arrived)
        self.wait.append(wait)
        self.ended.append(ended)
        self.served.append(outcome.served)
        self.level.append(level)
        self.spend.append(spend)
        self.key.append(customer.key)
        self.first.append(outcome.first)
        self.greeted_at.append(arrived + greet_after if wait > greet_after else NAN)
        self.phase.append(PHASE_CODE[phase])
        self.won_back.append(customer.won_back > 0)

    def table(self, day_minutes: float) -> pd.DataFrame:
        """One row per visit, times in minutes, with the day of arrival."""
        # Views on the log's buffers, not copies: it can hold millions of visits.
        columns = {
            name: np.frombuffer(getattr(self, name), dtype=dtype)
            for name, dtype in self.DTYPES.items()
        }
        frame = pd.DataFrame(columns, copy=False)
        frame["level"] = pd.Categorical.from_codes(frame["level"], LEVELS)
        frame["phase"] = pd.Categorical.from_codes(frame["phase"], PHASES)
        frame["day"] = (frame["arrived"] // day_minutes).astype(np.int32)
        return frame


@dataclass(frozen=True)
class RunRecords:
    """Everything a finished run leaves, as plain data.

    Attributes
    ----------
    scenario
        The scenario that was run.
    replication
        Index of the replication.
    day_minutes
        Length of a model day in opening minutes.
    daily
        The ledger's table: one row a day.
    customers
        One row per customer who ever came.
    visits
        One row per visit, or None when visits were not kept.
    tally
        Running sums over the visits of the measured period.
    staff_minutes
        Staff on duty times opening minutes over the measured period (staff
        can change between rounds of a continuing run); NaN: staff times
        the measured minutes.
    busy_area, wait_area
        Staff-minutes serving and customer-minutes waiting, measured period.
    unfinished
        Visits still waiting or in service when the run stopped. They are in
        no KPI of visits: a waiting visit's wait is not known yet, and a visit
        in service has not paid yet (the books count a visit when it ends).
    outlook_start, outlook_end
        Expected margin a month (row 0) and monthly retention (row 1) of each
        active customer at the start and at the end of the measured period.
    """

    scenario: Scenario
    replication: int
    day_minutes: float
    daily: pd.DataFrame
    customers: pd.DataFrame
    visits: pd.DataFrame | None
    tally: VisitTally
    busy_area: float
    wait_area: float
    unfinished: int
    outlook_start: np.ndarray
    outlook_end: np.ndarray
    staff_minutes: float = math.nan
