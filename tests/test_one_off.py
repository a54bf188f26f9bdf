"""A plain queue's one-off visits, told with callbacks, match the process story.

:meth:`ServiceDesk.visit_once` is a faster telling of :meth:`ServiceDesk.visit`
for visitors who never come back. Both draw the same numbers in the same order,
so a run must give exactly the same KPIs and tables either way.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from simulations import Scenario
from simulations.model.run import Model
from simulations.results import summarise

CASES = {
    "endless patience": Scenario.plain_queue(430.0, 8.0, 3, days=20),
    "patience and abandonment": Scenario.plain_queue(520.0, 8.0, 3, days=20).set(
        **{"customers.patience": 4.0}
    ),
    "priority, lognormal service": Scenario.plain_queue(470.0, 8.0, 3, days=20).set(
        **{
            "customers.patience": 6.0,
            "service.queue_discipline": "priority",
            "business.service_distribution": "lognormal",
            "business.service_time_cv": 0.6,
        }
    ),
}


def _run(scenario: Scenario, callbacks: bool, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(Model, "one_off_callbacks", callbacks)
    return summarise(Model(scenario, 1, record_visits=True).run())


@pytest.mark.parametrize("case", CASES)
def test_callbacks_and_processes_give_the_same_run(
    case: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    fast = _run(CASES[case], True, monkeypatch)
    story = _run(CASES[case], False, monkeypatch)
    assert fast.kpis["visits"] > 1000  # a real load, not an empty run
    for name, value in story.kpis.items():
        other = fast.kpis[name]
        assert other == value or (math.isnan(other) and math.isnan(value)), name
    pd.testing.assert_frame_equal(fast.visits, story.visits)
    pd.testing.assert_frame_equal(fast.customers, story.customers)
    pd.testing.assert_frame_equal(fast.daily, story.daily)


def test_the_abandonment_case_abandons() -> None:
    """The patience case really exercises giving up (else it tests little)."""
    result = summarise(Model(CASES["patience and abandonment"], 1).run())
    assert result.kpis["abandonment_rate"] > 0.05
