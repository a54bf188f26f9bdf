"""What a verdict cannot see: staff and training costs after the run.

Value created counts the customers' future margin but not the wages after
the run, so every page that shows it says so when the two scenarios' staff
and training costs differ.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from simulations import Scenario
from simulations.i18n import language
from simulations.lab import CACHE, PolicyLab, shutdown_pool
from simulations.lab.shared import RESULTS
from simulations.present.caveats import running_cost_note
from simulations.present.format import money
from tests.support.russian import english_words


def scenario(**values: object) -> Scenario:
    return Scenario().set(**values)


def test_no_note_when_staff_and_training_cost_the_same() -> None:
    greeting = scenario(**{"service.greet_waiting": True})
    assert running_cost_note(Scenario(), greeting) == ""
    assert running_cost_note(Scenario(), Scenario()) == ""
    # A dearer shift that costs the same a day: no note either.
    untrained = {"service.training_level": 0.0}
    base = scenario(
        **untrained, **{"business.staff": 2, "economics.staff_cost": 6300.0}
    )
    other = scenario(
        **untrained, **{"business.staff": 3, "economics.staff_cost": 4200.0}
    )
    assert running_cost_note(base, other) == ""


def test_the_note_names_the_monthly_gap_and_its_direction() -> None:
    base = Scenario()
    s, e = base.business, base.economics
    per_member = e.staff_cost + base.service.training_level * e.training_cost
    more = scenario(**{"business.staff": s.staff + 1})
    note = running_cost_note(base, more)
    assert f"costs {money(30 * per_member)} a month more" in note
    assert "flatters" in note
    fewer = scenario(**{"business.staff": s.staff - 1})
    note = running_cost_note(base, fewer)
    assert f"saves {money(30 * per_member)} a month" in note
    assert "understates" in note
    trained = scenario(**{"service.training_level": 0.9})
    gap = 30 * s.staff * (0.9 - base.service.training_level) * e.training_cost
    assert money(gap) in running_cost_note(base, trained)


def test_the_note_in_russian() -> None:
    more = scenario(**{"business.staff": Scenario().business.staff + 1})
    with language("ru"):
        note = running_cost_note(Scenario(), more)
    assert "₽" in note and not english_words(note), note


@pytest.fixture
def lab(tmp_path: Path) -> Iterator[PolicyLab]:
    CACHE.clear()
    RESULTS.clear()
    yield PolicyLab(
        days=60, warmup_days=10, replications=3, workers=1, save_dir=tmp_path
    )
    CACHE.clear()
    RESULTS.clear()
    shutdown_pool()


def test_the_lab_and_its_report_say_it_for_a_change_of_staff(lab: PolicyLab) -> None:
    lab.set_lever("service.greet_waiting", True)
    results = lab.run()
    assert results is not None, lab.error_text
    assert "class='cfl-caveat'" not in lab.summary_box.value
    lab.set_lever("business.staff", 4)
    results = lab.run()
    assert results is not None, lab.error_text
    note = running_cost_note(results.baseline, results.scenario)
    assert note.startswith("This change costs")
    assert "class='cfl-caveat'" in lab.summary_box.value
    assert "a month more in staff and training" in lab.summary_box.value
    assert "a month more in staff and training" in results.report
