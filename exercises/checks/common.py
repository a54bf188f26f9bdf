"""What every check shares: settings, the task registry and answer readers.

* settings: :data:`SHORT_RUN`, :data:`COMPARE_RUN`, :data:`REPLICATIONS` and
  the options of the verdict tasks;
* the registry: the decorator ``_task`` records each check in :data:`TASKS`
  and :data:`CHECKS` and makes it total (it never raises);
* answer readers: ``_number``, ``_whole``, ``_choice``, ``_free_text`` and
  ``_scenario`` turn what a student typed into a value or a feedback.

Nothing here runs a simulation (see :mod:`exercises.checks.runs`).
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import numpy as np

from simulations import ParameterError, Scenario
from simulations.i18n import N_, _
from simulations.present import format as fmt

from ..feedback import (
    BLANK,
    Feedback,
    check_choice,
    check_number,
    describe,
    is_blank,
    shown_option,
)

# ---------------------------------------------------------------- settings
SHORT_RUN: dict[str, int] = {"business.days": 120, "business.warmup_days": 30}
"""Horizon of the single runs the tasks read: 90 measured days."""

COMPARE_RUN: dict[str, int] = {"business.days": 180, "business.warmup_days": 30}
"""Horizon of the comparisons whose effect needs time (retention, policies)."""

REPLICATIONS = 5
"""Paired runs of every comparison a check runs (the course shows at least five)."""

TASKS: dict[str, str] = {}
"""Task number -> short title, in course order."""

CHECKS: dict[str, Callable[[Any], Feedback]] = {}
"""Task number -> its check function."""


# ---------------------------------------------------------------- helpers
_UNGIVEN = object()


def answer_in_notebook(number: str) -> Any:
    """The learner's ``answer_N_M`` from the notebook, or BLANK if there is none.

    A check called without an argument reads the answer by name, so that an
    emptied or deleted answer cell, or a check run first, says "not answered
    yet" instead of raising ``NameError``.
    """
    import __main__

    return vars(__main__).get(f"answer_{number.replace('.', '_')}", BLANK)


def _task(
    number: str,
    title: str,
    kind: str,
    options: Sequence[str] | None = None,
) -> Callable[[Callable], Callable]:
    """Register a check and make it total.

    ``kind`` is what the answer must be: ``"number"``, ``"whole"``,
    ``"choice"``, ``"text"`` or ``"scenario"``. A blank answer, or one of the
    wrong type, is answered before anything is computed (so a blank notebook
    runs no simulation), and any error inside the check becomes a "wrong"
    feedback instead of an exception.
    """

    def wrap(func: Callable[[str, Any], Feedback]) -> Callable[[Any], Feedback]:
        name = f"{number} {title}"

        def check(answer: Any = _UNGIVEN) -> Feedback:
            shown = f"{number} {_(title)}"  # in the language in use
            if answer is _UNGIVEN:
                answer = answer_in_notebook(number)
            try:
                early = _precheck(shown, answer, kind, options)
                return early if early is not None else func(shown, answer)
            except Exception as err:  # a check must never crash a notebook
                return Feedback(shown, "wrong", _could_not_check(answer, err))

        check.__name__ = check.__qualname__ = func.__name__
        check.__doc__ = f"Task {name}: {func.__doc__}"
        check.__module__ = func.__module__
        check.task = name  # type: ignore[attr-defined]
        check.kind = kind  # type: ignore[attr-defined]
        TASKS[number] = title
        CHECKS[number] = check
        return check

    return wrap


def _could_not_check(answer: Any, err: Exception) -> str:
    """One line for an answer that broke a check: what it was, what went wrong."""
    reason = str(err).strip().splitlines()[0] if str(err).strip() else ""
    if len(reason) > 100:
        reason = reason[:97] + "..."
    why = f" ({reason})" if reason else ""
    return _(
        "this answer could not be checked{why}: you gave {answer}; look at what the "
        "task asks for"
    ).format(why=why, answer=describe(answer))


WRONG_SCENARIO = N_(
    "expected your scenario (a copy of the business with your changes) or a dict "
    "of your changes; got {answer}"
)
"""The hint for a scenario task given something else (read through _())."""


def _precheck(
    task: str, answer: Any, kind: str, options: Sequence[str] | None
) -> Feedback | None:
    """Feedback for a blank or mistyped answer; None when it needs the real check."""
    if kind == "number":
        value = _as_number(answer)
        if isinstance(value, str):
            typed = _text_number(task, value)
            if typed is not None:
                return typed
        if is_blank(value) or not isinstance(value, float) or math.isnan(value):
            return check_number(task, value, 1.0)  # open, wrong type or NaN
    elif kind == "whole":
        number = _whole(task, answer)
        if isinstance(number, Feedback):
            return number
    elif kind == "scenario":
        if is_blank(answer):
            return _open(task, _("your scenario, written as the task says"))
        if not isinstance(answer, Scenario | dict):
            return Feedback(
                task, "wrong", _(WRONG_SCENARIO).format(answer=describe(answer))
            )
    elif kind == "choice" and options is not None:
        if isinstance(answer, str) and not answer.strip(". \n\t"):
            answer = BLANK
        known = [option.lower() for option in options]
        if (
            is_blank(answer)
            or not isinstance(answer, str)
            or answer.strip().lower() not in known
        ):
            return check_choice(task, answer, options[0], options)
    elif kind == "text" and (is_blank(answer) or not isinstance(answer, str)):
        return _free_text(task, answer, "")
    return None


def _open(task: str, what: str) -> Feedback:
    """Not answered yet; ``what`` (in the language in use) says what to write."""
    return Feedback(
        task, "open", _("not answered yet: replace ... with {what}").format(what=what)
    )


def _as_number(answer: Any) -> Any:
    """Plain float for any real number (NumPy scalars too); else unchanged."""
    if isinstance(answer, bool | np.bool_):
        return answer
    if isinstance(answer, numbers.Real):
        return float(answer)
    return answer


def _text_number(task: str, answer: str) -> Feedback | None:
    """A number typed inside quotes gets its own message."""
    try:
        value = float(answer.replace(",", "").replace("_", "").strip().rstrip("%"))
    except ValueError:
        return None
    return Feedback(
        task,
        "wrong",
        _(
            "you wrote the number as text in quotes ({answer}); write it without "
            "quotes, e.g. {number}"
        ).format(answer=repr(answer), number=f"{value:g}"),
    )


def _number(
    task: str,
    answer: Any,
    expected: float,
    *,
    rel: float = 0.01,
    abs_tol: float = 0.0,
    mistakes: Iterable[tuple[float, str]] = (),
    hint: str = "",
    unit: str = "",
) -> Feedback:
    """Check a number; recognise typical mistakes before the generic hint."""
    if is_blank(answer):
        return _open(task, _("a number"))
    value = _as_number(answer)
    if isinstance(value, str):
        typed = _text_number(task, value)
        if typed is not None:
            return typed
    if isinstance(value, float) and math.isfinite(value):
        close = math.isclose(value, expected, rel_tol=rel, abs_tol=abs_tol)
        if not close:
            for wrong, why in mistakes:
                if wrong is not None and math.isclose(
                    value, wrong, rel_tol=rel, abs_tol=abs_tol
                ):
                    return Feedback(
                        task,
                        "wrong",
                        _("{answer} is not it: {why}").format(
                            answer=f"{fmt.number(value, 4)}{unit}", why=why
                        ),
                    )
    return check_number(
        task, value, expected, rel=rel, abs_tol=abs_tol, hint=hint, unit=unit
    )


def _whole(task: str, answer: Any, what: str = "") -> int | Feedback:
    """The answer as an int, or the feedback that says why it is not one.

    ``what`` names the number in the language in use (default: a whole number).
    """
    what = what or _("a whole number")
    expected = _("expected {what}, got {answer}")
    if is_blank(answer):
        return _open(task, what)
    value = _as_number(answer)
    if isinstance(value, str):
        return _text_number(task, value) or Feedback(
            task, "wrong", expected.format(what=what, answer=describe(value))
        )
    if not isinstance(value, float):
        return Feedback(
            task, "wrong", expected.format(what=what, answer=describe(value))
        )
    if not math.isfinite(value) or not value.is_integer():
        return Feedback(task, "wrong", expected.format(what=what, answer=repr(value)))
    return int(value)


def _choice(
    task: str,
    answer: Any,
    expected: str,
    options: Sequence[str],
    *,
    why: str = "",
    hints: dict[str, str] | None = None,
    hint: str = "",
) -> Feedback:
    """A multiple-choice check with a hint per wrong option."""
    if isinstance(answer, str) and not answer.strip(". \n\t"):
        answer = BLANK
    feedback = check_choice(task, answer, expected, options, hint=hint)
    if feedback.status == "right" and why:
        return Feedback(task, "right", f"{feedback.message}. {why}")
    if feedback.status == "wrong" and isinstance(answer, str) and hints:
        picked = answer.strip().lower()
        for option, text in hints.items():
            if option.lower() == picked:
                said = _("{answer} is not it.").format(answer=shown_option(option))
                return Feedback(task, "wrong", f"{said} {text}")
    return feedback


def _free_text(task: str, answer: Any, model_answer: str) -> Feedback:
    """Free text: only checked for being there; a model answer is shown."""
    if is_blank(answer) or (isinstance(answer, str) and not answer.strip(". \n\t")):
        return _open(task, _('a few sentences in quotes: "..."'))
    if not isinstance(answer, str):
        return Feedback(
            task,
            "wrong",
            _(
                'write your answer as text in quotes, e.g. answer = "I think ..."; got '
                "{answer}"
            ).format(answer=describe(answer)),
        )
    return Feedback(
        task,
        "right",
        _(
            "answered (free text is not graded). Compare with a model answer: {model}"
        ).format(model=model_answer),
    )


def _scenario(
    task: str,
    answer: Any,
    base: Scenario,
    allowed: Iterable[str] | None,
    name: str = "your scenario",
) -> Scenario | Feedback:
    """The student's scenario, validated, or the feedback that explains why not.

    ``answer`` may be a :class:`Scenario` or a dict of dotted changes to
    ``base``. ``allowed`` lists the parameters that may differ from ``base``
    (None: any).
    """
    if is_blank(answer):
        return _open(task, _("your scenario, written as the task says"))
    if isinstance(answer, dict):
        try:
            scenario = base.copy(name, **answer)
        except ParameterError as err:
            return Feedback(task, "wrong", _refused(err))
        except TypeError:
            return Feedback(
                task,
                "wrong",
                _(
                    "the changes must be a dict of dotted names and values, e.g. "
                    "{example}"
                ).format(example="{'business.staff': 4}"),
            )
    elif isinstance(answer, Scenario):
        try:  # rebuild from scratch so that every value is checked again
            scenario = Scenario.from_dict(answer.to_dict())
        except ParameterError as err:
            return Feedback(task, "wrong", _refused(err))
        except Exception as err:
            return Feedback(
                task,
                "wrong",
                _("this is not a usable scenario ({error})").format(
                    error=type(err).__name__
                ),
            )
    else:
        return Feedback(
            task, "wrong", _(WRONG_SCENARIO).format(answer=describe(answer))
        )
    scenario.name = name if name != base.name else f"{name} (yours)"
    if allowed is not None:
        allowed = set(allowed)
        extra = [k for k in _changes(base, scenario) if k not in allowed]
        if extra:
            return Feedback(
                task,
                "wrong",
                _("change only {allowed}; you also changed {extra}").format(
                    allowed=", ".join(sorted(allowed)), extra=", ".join(extra)
                ),
            )
    return scenario


def _refused(err: Exception) -> str:
    """The model's own one-line message for a value it refuses, kept short."""
    text = " ".join(str(err).split())
    if len(text) > 200:
        text = text[:197] + "..."
    return _("the model refuses this scenario: {reason}").format(reason=text)


def _changes(base: Scenario, other: Scenario) -> list[str]:
    """Dotted names of the parameters whose values differ (name and seed aside)."""
    names = [f"{row['group']}.{row['name']}" for row in Scenario.describe()]
    return [n for n in names if other.get(n) != base.get(n)]


def _key(scenario: Scenario) -> str:
    return scenario.to_toml()


def all_tasks(module: int) -> list[str]:
    """Task numbers of one module, in order.

    Examples
    --------
    >>> all_tasks(4)
    ['4.1', '4.2', '4.3', '4.4', '4.5']
    """
    return [n for n in TASKS if n.split(".")[0] == str(module)]
