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
from exercises.checks import m01_customer_focus_models as m01
from exercises.checks import m02_four_directions as m02
from exercises.checks import m03_loyalty_programme as m03
from exercises.checks import m04_service_levels as m04
from exercises.checks import m05_loyalty_phases as m05
from exercises.checks import m06_valuable_customers as m06
from exercises.checks import m08_organisation as m08
from exercises.checks import m09_presets_side_by_side as m09
from exercises.checks import m14_complaints_and_recovery as m14
from exercises.checks.runs import judgement_table
from exercises.feedback import OPTION
from simulations.i18n import language, pgettext
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
    "2.1": ["b", "a", "c"],
    "2.2": ["retention", "service", "attraction"],
    "8.1": ["staff", "style", "structure", ...],
    "8.2": ["structure", "staff", "shared values", "персонал"],
    "8.3": ["a", "b", "c"],
    "14.1": ["outcome", "procedure", "treatment"],
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
    "2.3": ["a", "b", "c"],
    "2.4": ["stop", "keep", "test"],
    "3.10": ["yes", "no", "unclear"],
    "14.5": ["yes", "no", "unclear"],
    "14.6": ["yes", "no", "unclear"],
}
"""Tasks whose verdicts come from runs: every option, or each kind of mistake."""


@pytest.mark.slow
@pytest.mark.parametrize("task", list(SIMULATED))
def test_simulated_feedback_is_russian(task: str) -> None:
    assert _ask(task, SIMULATED[task]) == {"right", "wrong"}


WORD_OPTIONS = {
    "yes/no/unclear": checks.PAYS,
    "verdicts": checks.VERDICTS,
    "1.1 models": m01.MODELS,
    "2.2 directions": m02.DIRECTION_OPTIONS,
    "2.4": m02.CUT_OPTIONS,
    "4.x levels": m04.LEVELS,
    "8.1-8.2 7S": m08.SEVEN_S,
    "8.4": m08.PEOPLE_OPTIONS,
    "9.1": m09.PROMISE_OPTIONS,
    "14.1-14.2": m14.FAIRNESS,
}
"""The choices whose options are English words a student types as they are."""


@pytest.mark.parametrize("name", list(WORD_OPTIONS))
def test_every_typed_word_has_its_gloss(name: str) -> None:
    """All options of a task are shown alike: as typed, with a Russian gloss.

    A gloss has a context of its own, so no option borrows a word that means
    something else elsewhere ("staff" of 7S is not the personnel of a table).
    """
    with language("ru"):
        missing = [o for o in WORD_OPTIONS[name] if pgettext(OPTION, o) == o]
    assert missing == []


def test_the_7s_options_are_shown_as_typed_with_their_gloss() -> None:
    with language("ru"):
        right = [checks.CHECKS["8.1"]("staff"), checks.CHECKS["8.2"]("structure")]
        wrong = checks.CHECKS["8.2"]("staff")
    assert right[0].message.split(": ")[-1].startswith("'staff' (сотрудники) — верно")
    assert "'structure' (структура) — верно" in right[1].message
    assert "'staff' (сотрудники) — не то" in wrong.message
    assert tuple(m02.COST_ITEMS) == m02.DIRECTION_OPTIONS  # the books' directions


def test_the_options_stay_plain_in_english() -> None:
    assert "'structure' is correct" in checks.CHECKS["8.2"]("structure").message


@pytest.mark.slow
def test_6_4_feedback_is_russian() -> None:
    waits = m06._waits()
    ratio = waits[False] / waits[True]
    answers = [ratio, 1 / ratio, waits[False], waits[True], 100.0]
    assert _ask("6.4", answers) == {"right", "wrong"}


@pytest.mark.slow
def test_the_tables_of_modules_02_03_and_06_are_russian() -> None:
    with language("ru"):
        tables = [
            m02.breakdown_table(),
            m02.cut_table(),
            judgement_table(
                m03.programme_comparison(
                    m03.retention_base(), m03.proposed_programme()
                ),
                m03.PROGRAMME_KPIS,
            ),
        ]
        visits = m06.key_customer_visits()
    for table in tables:
        text = table.to_string()
        assert not _english(text), text
    # The key-customer column holds True and False, as a learner's code writes
    # them; the column names are the page's words.
    assert not _english(" ".join(visits.columns)), list(visits.columns)


@pytest.mark.slow
def test_task_8_4s_moves_are_named_as_typed_with_their_gloss() -> None:
    with language("ru"):
        evidence = m08.people_evidence()
    assert list(evidence.index) == ["сейчас", "hire (нанять)", "train (обучить)"]
    assert not _english(evidence.to_string(index=False)), evidence.to_string()


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
