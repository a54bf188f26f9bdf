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
from typing import ClassVar

import numpy as np
import pandas as pd

from .parameters import Scenario
from .vocabulary import LEVELS


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
    """Visits as compact columns (one row per visit), kept only when asked."""

    DTYPES: ClassVar[dict[str, type]] = {
        "customer": np.int64,
        "arrived": np.float64,
        "wait": np.float64,
        "served": np.bool_,
        "level": np.int8,
        "spend": np.float64,
        "key": np.bool_,
    }

    def __init__(self) -> None:
        self.customer = array("q")
        self.arrived = array("d")
        self.wait = array("d")
        self.served = array("B")
        self.level = array("b")
        self.spend = array("d")
        self.key = array("B")

    def add(
        self,
        customer: int,
        arrived: float,
        wait: float,
        served: bool,
        level: int,
        spend: float,
        key: bool,
    ) -> None:
        """Append one visit."""
        self.customer.append(customer)
        self.arrived.append(arrived)
        self.wait.append(wait)
        self.served.append(served)
        self.level.append(level)
        self.spend.append(spend)
        self.key.append(key)

    def table(self, day_minutes: float) -> pd.DataFrame:
        """One row per visit, times in minutes, with the day of arrival."""
        # Views on the log's buffers, not copies: it can hold millions of visits.
        columns = {
            name: np.frombuffer(getattr(self, name), dtype=dtype)
            for name, dtype in self.DTYPES.items()
        }
        frame = pd.DataFrame(columns, copy=False)
        frame["level"] = pd.Categorical.from_codes(frame["level"], LEVELS)
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
