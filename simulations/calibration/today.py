"""Today's business from a sales file, checked, in one call (the lab's upload).

:func:`todays_business` reads a CRM export, fits it, builds the twin from all
of it, and checks the twin: when the file is long enough, a twin fitted
without its last weeks is run against them; otherwise the period fitted is
simulated again. One function, so that a server can run all of it in a
worker process of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..i18n import _
from ..parameters import Scenario
from .calibrate import Calibration, calibrate
from .check import SelfCheck, self_check
from .transactions import CalibrationError, read_transactions

HELD_BACK_WEEKS = 12
"""Weeks at the end of a file kept out of the fit that is checked."""


@dataclass
class Today:
    """Today's business and its self-check.

    Attributes
    ----------
    calibration
        The fit to the whole file.
    scenario
        Today's business: the twin of the whole file.
    check
        The self-check.
    held_back_weeks
        Weeks at the end of the file kept out of the checked fit (0: none,
        the period fitted was simulated again).
    """

    calibration: Calibration
    scenario: Scenario
    check: SelfCheck
    held_back_weeks: int

    @property
    def checked(self) -> str:
        """How it was checked, one plain sentence (in the language in use)."""
        if self.held_back_weeks > 0:
            return _(
                "A twin fitted without the last {weeks} weeks of your file was run "
                "over them."
            ).format(weeks=self.held_back_weeks)
        return _(
            "Your file is too short to hold weeks back: the period it covers was "
            "simulated again."
        )


def todays_business(
    source: str | Path | bytes,
    customer: str = "customer",
    date: str = "date",
    amount: str = "amount",
    *,
    unit: str = "week",
    held_back_weeks: int = HELD_BACK_WEEKS,
    replications: int = 5,
    base: Scenario | None = None,
) -> Today:
    """Fit a sales file, build today's business and check it.

    Parameters
    ----------
    source
        A path or the file's bytes.
    customer, date, amount
        The columns.
    unit
        Time unit of the fit.
    held_back_weeks
        Weeks at the end kept out of the fit that is checked, when the file
        covers at least three times as long.
    replications
        Simulations of each period of the check.
    base
        Scenario whose staff, levers and economics are kept.

    Raises
    ------
    CalibrationError
        Bad input, or a fit that cannot be trusted (the message says why).
    """
    frame = read_transactions(source, customer, date, amount)
    try:
        cal = calibrate(frame, unit=unit)
        weak = cal.weakness()
        if weak:
            raise CalibrationError(
                _("the data cannot be trusted: {reason}").format(reason=weak)
            )
        scenario = cal.scenario(base)
        first, last = cal.start, cal.until
        days = held_back_weeks * 7
        if held_back_weeks > 0 and (last - first).days >= 3 * days:
            until = last - pd.Timedelta(days=days)
            held = calibrate(frame, until=until, holdout_until=last, unit=unit)
            check = self_check(held, held.scenario(base), replications)
            held_weeks = held_back_weeks
        else:
            check = self_check(cal, scenario, replications)
            held_weeks = 0
    except CalibrationError:
        raise
    except ValueError as err:
        raise CalibrationError(
            _("cannot calibrate: {reason}").format(reason=err)
        ) from None
    return Today(cal, scenario, check, held_weeks)
