"""What may change between two rounds of a run that continues.

The seminar game changes a run's levers between rounds, and its events shock
a few facts of the world (a competitor takes prospects, staff work slower, an
unhappy customer's story travels further). :data:`SHOCKS` lists the facts
that may change mid-run; :func:`checked_changes` checks a set of changes and
returns the scenario they give, or refuses them.

A change takes effect (``Model.set_levers``): costs from the next day, the
rules of visits from the next visit, advertising from the next paid arrival;
added staff serve those waiting at once, staff taken away finish their
customer first; a win-back contact is made only if the campaign still runs
when due.
"""

from __future__ import annotations

from typing import Any

from ..parameters import ParameterError, Scenario, levers

SHOCKS: tuple[str, ...] = (
    "attraction.prospects_per_day",
    "attraction.cost_per_acquisition",
    "business.service_time",
    "customers.people_told",
    "customers.expectation",
    "customers.complaint_chance",
    "customers.leave_after_low",
    "economics.staff_cost",
    "economics.margin",
)
"""Facts of the world (not levers) that may change mid-run. Each takes
effect like a lever: from the next day, visit or arrival; a new expectation
concerns newcomers only (those already known keep their own)."""


def checked_changes(
    scenario: Scenario, changes: dict[str, Any], switchable: bool
) -> Scenario:
    """The scenario after ``changes``, or :class:`ParameterError` naming the fault.

    Parameters
    ----------
    scenario
        The scenario in force.
    changes
        New values by dotted name: levers or :data:`SHOCKS`.
    switchable
        Whether the service desk can change its queue discipline.

    Examples
    --------
    >>> s = Scenario()
    >>> checked_changes(s, {"business.staff": 5}, False).business.staff
    5
    >>> checked_changes(s, {"business.days": 5}, False)
    Traceback (most recent call last):
    ...
    simulations.parameters.ParameterError: 'business.days' cannot change mid-run...
    """
    allowed = {*levers(scenario), *SHOCKS}
    for name in changes:
        if name not in allowed:
            raise ParameterError(
                f"{name!r} cannot change mid-run; levers and {', '.join(SHOCKS)} can"
            )
    discipline = changes.get("service.queue_discipline")
    if (
        discipline is not None
        and discipline != scenario.service.queue_discipline
        and not switchable
    ):
        raise ParameterError(
            "service.queue_discipline can change mid-run only in a model "
            "built with continuing=True"
        )
    return scenario.copy(**changes)
