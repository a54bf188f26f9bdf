"""The exercises' feedback in Russian: no English sentence left in it.

The checks build their messages from the software's catalog; a message built
outside it (an f-string, a plain literal) stays English under Russian. These
tests ask the checks in Russian, with wrong and right answers, and read what
a student would see for Latin-script words. The options a student types
("hire", "outcome") stay as they are: quoted, they are not read.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from exercises import checks
from exercises.checks import m04_service_levels as m04
from exercises.checks import m05_loyalty_phases as m05
from exercises.checks import m14_complaints_and_recovery as m14
from simulations.i18n import language
from tests.support.russian import english_words

TYPED = re.compile(r"'[^']*'")
"""An option or an answer as the student typed it, quoted by the check."""


def _english(text: str) -> list[str]:
    return english_words(TYPED.sub(" ", text))


def _ask(task: str, answers: list[Any]) -> set[str]:
    """Each answer's feedback in Russian has no English; the statuses seen."""
    seen = set()
    with language("ru"):
        for answer in answers:
            feedback = checks.CHECKS[task](answer)
            words = _english(feedback.message)
            assert not words, f"{task} {answer!r}: {words} in {feedback.message!r}"
            seen.add(feedback.status)
    return seen


QUICK = {
    "4.1": [6, 5, 7, 3],
    "4.2": [85.0, "85%", 0.9, 0.5],
    "4.3": [{"business.staff": 9}, {"business.staff": 3}, {"business.staff": 12}],
    "14.7": ["Извините, я сейчас всё исправлю."],
}
"""Tasks that need no simulation: answers that reach each of their messages."""


@pytest.mark.parametrize("task", list(QUICK))
def test_quick_feedback_is_russian(task: str) -> None:
    assert _ask(task, QUICK[task])


def test_4_1_reaches_both_verdicts_in_russian() -> None:
    assert _ask("4.1", QUICK["4.1"]) == {"right", "wrong"}


def test_the_ticket_office_costs_are_russian() -> None:
    with language("ru"):
        text = m04.office_costs()
    assert not _english(text), text
    assert "сотрудник" in text


SIMULATED = {
    "8.4": ["hire", "train", "neither"],
    "9.1": ["all", "part", "none"],
    "9.4": [
        {"business.open_hours": 12.0},
        {},
        {
            "service.training_level": 0.9,
            "business.staff": 5,
            "retention.discount": 0.1,
            "winback.campaign": True,
        },
        {"service.training_level": 0.9},
    ],
    "14.5": ["yes", "no", "unclear"],
    "14.6": ["yes", "no", "unclear"],
}
"""Tasks whose verdicts come from runs: every option, or each kind of mistake."""


@pytest.mark.slow
@pytest.mark.parametrize("task", list(SIMULATED))
def test_simulated_feedback_is_russian(task: str) -> None:
    assert _ask(task, SIMULATED[task]) == {"right", "wrong"}


@pytest.mark.slow
def test_the_judgement_tables_of_modules_05_and_14_are_russian() -> None:
    with language("ru"):
        tables = [
            m05.winback_table(*m05.WINBACK_TASKS["5.3"]),
            m05.winback_table(*m05.WINBACK_TASKS["5.4"]),
            m14.poor_recovery_table(),
        ]
    for table in tables:
        text = table.to_string()
        assert not _english(text), text
