"""What the parameters are: levers, plausible ranges, switches, run keys.

Lists read from the parameter declarations of every group (:data:`GROUPS`):
the policy levers of a scenario, the behaviour parameters with a plausible
range, the parameters that need a switch, and the key that decides a run's
numbers.
"""

from __future__ import annotations

import json
from typing import Any

from .scenario import GROUPS, Scenario


def levers(scenario: Scenario) -> dict[str, Any]:
    """The policy levers of a scenario, by dotted name."""
    return {
        f"{section}.{row['name']}": scenario.get(f"{section}.{row['name']}")
        for section, g in GROUPS.items()
        for row in g.describe()
        if row["lever"]
    }


def plausible_ranges() -> dict[str, dict[str, Any]]:
    """Behaviour parameters with a declared plausible range, by dotted name.

    Each entry has ``low``, ``high``, ``default`` and ``source``: what the
    sensitivity analysis varies, and why that range.

    Examples
    --------
    >>> ranges = plausible_ranges()
    >>> r = ranges["customers.wait_sensitivity"]
    >>> r["low"] < r["default"] < r["high"]
    True
    """
    return {
        f"{row['group']}.{row['name']}": {
            "low": row["plausible"][0],
            "high": row["plausible"][1],
            "default": row["default"],
            "source": row["source"],
            "meaning": row["meaning"],
        }
        for row in Scenario.describe()
        if row["plausible"] is not None
    }


def needs() -> dict[str, str]:
    """Parameters that matter only with a switch on: name -> the switch.

    Examples
    --------
    >>> needs()["retention.discount"]
    'retention.loyalty_programme'
    """
    return {
        f"{row['group']}.{row['name']}": row["needs"]
        for row in Scenario.describe()
        if row["needs"]
    }


def outcome_key(scenario: Scenario) -> str:
    """What decides a run's numbers, as text: equal keys, equal runs.

    The parameters without the name, and without those whose switch is off
    (see :func:`needs`): a run with no loyalty programme is the same whatever
    its discount.

    Examples
    --------
    >>> a = Scenario().set(**{"retention.loyalty_programme": False})
    >>> outcome_key(a) == outcome_key(a.copy(**{"retention.discount": 0.2}))
    True
    >>> outcome_key(a) == outcome_key(a.copy(**{"business.staff": 5}))
    False
    """
    data = scenario.to_dict()
    data.pop("name", None)
    for name, switch in needs().items():
        if not scenario.get(switch):
            group, key = name.split(".")
            data[group][key] = None
    return json.dumps(data, sort_keys=True, default=repr)
