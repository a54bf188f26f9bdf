"""Instant feedback for learners: checked answers and multiple-choice questions.

Used by the course's "check yourself" cells (:func:`ask`) and by the exercise
checks (:mod:`exercises.checks`). A check never raises: a blank, mistyped or
wrong answer gets a plain message and a hint. Results print as text (so they
work in a terminal, in nbval and in exported slides) and show in colour in a
notebook. Numbers in messages are written by
:func:`simulations.present.format.number` with four significant figures.
"""

from __future__ import annotations

import html
import math
import numbers
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from simulations.present.format import number

BLANK = ...
"""What a student leaves in a cell they have not done yet: ``answer = ...``."""


@dataclass(frozen=True)
class Feedback:
    """The outcome of one check.

    Attributes
    ----------
    task
        Short name of the task, e.g. ``"1.2 cost of a lost customer"``.
    status
        ``"right"``, ``"wrong"`` or ``"open"`` (not answered yet).
    message
        What to say to the learner: why, and where to look.
    """

    task: str
    status: str
    message: str

    @property
    def ok(self) -> bool:
        """True when the answer is right."""
        return self.status == "right"

    def __str__(self) -> str:
        mark = {"right": "✔ right", "wrong": "✘ not yet", "open": "… open"}[self.status]
        return f"[{mark}] {self.task}: {self.message}"

    def _repr_html_(self) -> str:
        colour = {"right": "#1a7f37", "wrong": "#b35900", "open": "#57606a"}[
            self.status
        ]
        mark = {"right": "✔ Right", "wrong": "✘ Not yet", "open": "… Still open"}[
            self.status
        ]
        style = f"border-left:4px solid {colour};padding:4px 8px;margin:4px 0"
        return (
            f'<div style="{style}"><b style="color:{colour}">{mark}</b> — '
            f"<i>{html.escape(self.task)}</i>: {html.escape(self.message)}</div>"
        )

    def __repr__(self) -> str:
        return str(self)


def describe(answer: Any) -> str:
    """A wrong-typed answer in a few words, never its whole printout.

    A scenario, a table or a long list printed in full would bury the hint
    (or read like an error), so only short answers are quoted.

    Examples
    --------
    >>> describe("70k"), describe([1, 2]), describe(3j)
    ("the text '70k'", 'a list [1, 2]', 'a complex number (3j)')
    >>> describe(list(range(100)))
    'a list of 100 items'
    >>> from simulations import Scenario
    >>> describe(Scenario()), describe({"staff": Scenario()})
    ('a scenario', 'a dict of 1 item')
    """
    kinds = {
        "Scenario": "a scenario",
        "DataFrame": "a table",
        "Series": "a column of numbers",
        "ndarray": "an array of numbers",
        "Comparison": "a comparison",
        "Replications": "a set of runs",
        "RunResult": "a run",
        "Feedback": "a check's feedback",
        "function": "a function",
        "method": "a function",
        "builtin_function_or_method": "a function",
        "type": "a type",
        "module": "a module",
        "complex": "a complex number",
    }
    name = type(answer).__name__
    if isinstance(answer, str):
        text = answer if len(answer) <= 40 else answer[:37] + "..."
        return f"the text {text!r}"
    if name in kinds and name != "complex":
        return kinds[name]
    text = repr(answer)
    if len(text) <= 40 and "\n" not in text and " object at 0x" not in text:
        kind = kinds.get(name, f"{'an' if name[:1].lower() in 'aeiou' else 'a'} {name}")
        return f"{kind} ({text})" if name == "complex" else f"{kind} {text}"
    try:
        count = len(answer)
    except TypeError:
        return kinds.get(name, f"{'an' if name[:1].lower() in 'aeiou' else 'a'} {name}")
    noun = "item" if count == 1 else "items"
    article = "an" if name[:1].lower() in "aeiou" else "a"
    return f"{article} {name} of {count} {noun}"


def is_blank(answer: Any) -> bool:
    """True for an answer not given yet (``...`` or ``None``)."""
    return answer is BLANK or answer is None


def check_number(
    task: str,
    answer: Any,
    expected: float,
    *,
    rel: float = 0.01,
    abs_tol: float = 0.0,
    hint: str = "",
    unit: str = "",
) -> Feedback:
    """Check a numeric answer against the expected value.

    Parameters
    ----------
    task
        Name of the task, shown in the feedback.
    answer
        What the learner gave.
    expected
        The right value.
    rel, abs_tol
        Accepted relative and absolute error.
    hint
        Where to look when the answer is wrong.
    unit
        Unit named in the messages.

    Examples
    --------
    >>> check_number("lost customer", 70_000, 70_000).ok
    True
    >>> check_number("lost customer", ..., 70_000).status
    'open'
    >>> print(check_number("lost customer", "70k", 70_000).message)
    expected a number, got the text '70k'
    >>> print(check_number("lost customer", [1, 2], 70_000).message)
    expected a number, got a list [1, 2]
    >>> print(check_number("CLV", 409.0909, 409.09).message)
    409.1 is correct
    >>> print(check_number("sales lost", 1234.5, 189_000).message)
    1,234 is too low.
    """
    if is_blank(answer):
        return Feedback(task, "open", "not answered yet: replace ... with your answer")
    if isinstance(answer, bool) or not isinstance(answer, numbers.Real):
        return Feedback(task, "wrong", f"expected a number, got {describe(answer)}")
    answer = float(answer)
    if math.isnan(answer):
        return Feedback(task, "wrong", "the answer is NaN: check the calculation")
    if math.isclose(answer, expected, rel_tol=rel, abs_tol=abs_tol):
        return Feedback(task, "right", f"{number(answer, 4)}{unit} is correct")
    if expected and math.isclose(answer, 100 * expected, rel_tol=rel):
        return Feedback(
            task, "wrong", "looks like a percentage: give it as a share (0.25, not 25)"
        )
    if expected and math.isclose(answer, expected / 100, rel_tol=rel):
        return Feedback(task, "wrong", "looks like a share: give it as a percentage")
    side = "high" if answer > expected else "low"
    return Feedback(
        task, "wrong", f"{number(answer, 4)}{unit} is too {side}. {hint}".strip()
    )


def check_choice(
    task: str, answer: Any, expected: str, options: Sequence[str], *, hint: str = ""
) -> Feedback:
    """Check a choice among ``options`` (compared without case or spaces)."""
    if is_blank(answer):
        return Feedback(
            task, "open", f"not answered yet: choose one of {list(options)}"
        )
    if not isinstance(answer, str):
        return Feedback(
            task,
            "wrong",
            f"expected one of {list(options)} as text, got {describe(answer)}",
        )
    norm = answer.strip().lower()
    names = {o.lower(): o for o in options}
    if norm not in names:
        return Feedback(
            task,
            "wrong",
            f"{describe(answer)} is not an option; choose one of {list(options)}",
        )
    if norm == expected.lower():
        return Feedback(task, "right", f"{names[norm]!r} is correct")
    return Feedback(task, "wrong", f"{names[norm]!r} is not it. {hint}".strip())


def report(feedback: Sequence[Feedback]) -> str:
    """A summary of several checks: what is right, wrong and still open."""
    counts = {
        s: sum(f.status == s for f in feedback) for s in ("right", "wrong", "open")
    }
    lines = [str(f) for f in feedback]
    lines.append(
        f"{counts['right']} right, {counts['wrong']} not yet, {counts['open']} open "
        f"of {len(feedback)}"
    )
    return "\n".join(lines)


def explanations_for(options: Sequence[str], explanation: Sequence[str]) -> list[str]:
    """One explanation per option, checked.

    Examples
    --------
    >>> explanations_for(["a", "b"], ["why a", "why b"])
    ['why a', 'why b']

    Raises
    ------
    TypeError
        When one string is given for all options, or an explanation is not a
        string: each option needs its own reason, why it holds or why it is
        tempting but wrong.
    ValueError
        When the sequence does not give exactly one explanation per option.
    """
    if isinstance(explanation, str):
        raise TypeError(
            "one explanation for every option: give a list with one explanation "
            "per option, saying why it holds or why it is tempting but wrong"
        )
    explanations = list(explanation)
    if len(explanations) != len(options):
        raise ValueError(
            f"{len(explanations)} explanations for {len(options)} options: give "
            "exactly one explanation per option"
        )
    for i, text in enumerate(explanations):
        if not isinstance(text, str):
            raise TypeError(f"explanation {i} is {type(text).__name__}, not a string")
    return explanations


def ask(
    question: str,
    options: Sequence[str],
    correct: int,
    explanation: Sequence[str],
) -> Any:
    """A multiple-choice question with instant feedback, as an ipywidget.

    Parameters
    ----------
    question
        The question text.
    options
        Possible answers.
    correct
        Index of the right option.
    explanation
        One explanation per option, in the order of ``options``: the picked
        option's own explanation is shown with "right" or "not yet", saying
        why it holds, or why it is tempting but wrong. Nothing shows before a
        choice.

    Returns
    -------
    ipywidgets.VBox
        Display it (it is the cell's value) to show it. Its children are the
        question, the options (``RadioButtons``) and the feedback (``HTML``).

    Raises
    ------
    ValueError
        When ``correct`` is not an index of ``options``, or when the number of
        explanations differs from the number of options.
    TypeError
        When one string is given for every option.
    """
    import ipywidgets as widgets

    options = list(options)
    if not 0 <= correct < len(options):
        raise ValueError(
            f"correct = {correct} is not an index of the {len(options)} options"
        )
    explanations = explanations_for(options, explanation)
    choice = widgets.RadioButtons(
        options=options, value=None, layout=widgets.Layout(width="auto")
    )
    out = widgets.HTML()

    def on_change(change: dict) -> None:
        if change["new"] is None:
            out.value = ""
            return
        picked = options.index(change["new"])
        status = "right" if picked == correct else "wrong"
        feedback = Feedback("check yourself", status, explanations[picked])
        out.value = feedback._repr_html_()

    choice.observe(on_change, names="value")
    return widgets.VBox([widgets.HTML(f"<b>{html.escape(question)}</b>"), choice, out])
