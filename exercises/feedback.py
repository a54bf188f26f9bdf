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

from simulations.i18n import N_, _, ngettext, pgettext
from simulations.present.format import number

BLANK = ...
"""What a student leaves in a cell they have not done yet: ``answer = ...``."""

OPTION = "option"
"""The catalog's context of an option's gloss: what the word a student types means.

A choice's options are keys the student types as they are, in English
("structure", "yes"); the workbook names them so, with a gloss in its language.
The glosses have this context of their own (``NP_("option", "staff")``): a word
such as "staff" means something else elsewhere in the software.
"""


def shown_option(option: str, quoted: bool = True) -> str:
    """An option as the student types it, with its gloss in the language in use.

    Examples
    --------
    >>> shown_option("staff"), shown_option("staff", quoted=False)
    ("'staff'", 'staff')

    In Russian: ``'staff' (сотрудники)``, unquoted (a table's heading)
    ``staff (сотрудники)``. An option without a gloss ("a") is only quoted.
    """
    gloss = pgettext(OPTION, option)
    typed = repr(option) if quoted else option
    return typed if gloss == option else f"{typed} ({gloss})"


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
        mark = {
            "right": "✔ " + _("right"),
            "wrong": "✘ " + _("not yet"),
            "open": "… " + _("open"),
        }[self.status]
        return f"[{mark}] {self.task}: {self.message}"

    def _repr_html_(self) -> str:
        colour = {"right": "#1a7f37", "wrong": "#b35900", "open": "#57606a"}[
            self.status
        ]
        mark = {
            "right": "✔ " + _("Right"),
            "wrong": "✘ " + _("Not yet"),
            "open": "… " + _("Still open"),
        }[self.status]
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
        "Scenario": N_("a scenario"),
        "DataFrame": N_("a table"),
        "Series": N_("a column of numbers"),
        "ndarray": N_("an array of numbers"),
        "Comparison": N_("a comparison"),
        "Replications": N_("a set of runs"),
        "RunResult": N_("a run"),
        "Feedback": N_("a check's feedback"),
        "function": N_("a function"),
        "method": N_("a function"),
        "builtin_function_or_method": N_("a function"),
        "type": N_("a type"),
        "module": N_("a module"),
        "complex": N_("a complex number"),
    }
    name = type(answer).__name__
    vowel = name[:1].lower() in "aeiou"
    if isinstance(answer, str):
        text = answer if len(answer) <= 40 else answer[:37] + "..."
        return _("the text {text!r}").format(text=text)
    if name in kinds and name != "complex":
        return _(kinds[name])
    text = repr(answer)
    kind = (
        _(kinds[name])
        if name in kinds
        else (_("an {type}") if vowel else _("a {type}"))
    )
    kind = kind.format(type=name)
    if len(text) <= 40 and "\n" not in text and " object at 0x" not in text:
        return f"{kind} ({text})" if name == "complex" else f"{kind} {text}"
    try:
        count = len(answer)
    except TypeError:
        return kind
    if vowel:
        words = ngettext(
            "an {type} of {count} item", "an {type} of {count} items", count
        )
    else:
        words = ngettext("a {type} of {count} item", "a {type} of {count} items", count)
    return words.format(type=name, count=count)


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
        return Feedback(
            task, "open", _("not answered yet: replace ... with your answer")
        )
    if isinstance(answer, bool) or not isinstance(answer, numbers.Real):
        return Feedback(
            task,
            "wrong",
            _("expected a number, got {answer}").format(answer=describe(answer)),
        )
    answer = float(answer)
    if math.isnan(answer):
        return Feedback(task, "wrong", _("the answer is NaN: check the calculation"))
    given = f"{number(answer, 4)}{unit}"
    if math.isclose(answer, expected, rel_tol=rel, abs_tol=abs_tol):
        return Feedback(task, "right", _("{answer} is correct").format(answer=given))
    if expected and math.isclose(answer, 100 * expected, rel_tol=rel):
        return Feedback(
            task,
            "wrong",
            _("looks like a percentage: give it as a share (0.25, not 25)"),
        )
    if expected and math.isclose(answer, expected / 100, rel_tol=rel):
        return Feedback(task, "wrong", _("looks like a share: give it as a percentage"))
    if answer > expected:
        text = _("{answer} is too high.").format(answer=given)
    else:
        text = _("{answer} is too low.").format(answer=given)
    return Feedback(task, "wrong", f"{text} {hint}".strip())


def check_choice(
    task: str, answer: Any, expected: str, options: Sequence[str], *, hint: str = ""
) -> Feedback:
    """Check a choice among ``options`` (compared without case or spaces).

    An option is typed as the task writes it (its gloss in the language in use
    is accepted too: "лучше" for "better"); messages quote it as typed, with
    its gloss (:func:`shown_option`).
    """
    shown = ", ".join(shown_option(o) for o in options)
    if is_blank(answer):
        return Feedback(
            task,
            "open",
            _("not answered yet: choose one of {options}").format(options=shown),
        )
    if not isinstance(answer, str):
        return Feedback(
            task,
            "wrong",
            _("expected one of {options} as text, got {answer}").format(
                options=shown, answer=describe(answer)
            ),
        )
    norm = answer.strip().lower()
    names = {o.lower(): o for o in options}
    names.update({pgettext(OPTION, o).lower(): o for o in options})
    if norm not in names:
        return Feedback(
            task,
            "wrong",
            _("{answer} is not an option; choose one of {options}").format(
                answer=describe(answer), options=shown
            ),
        )
    picked = shown_option(names[norm])
    if names[norm].lower() == expected.lower():
        return Feedback(task, "right", _("{answer} is correct").format(answer=picked))
    text = _("{answer} is not it.").format(answer=picked)
    return Feedback(task, "wrong", f"{text} {hint}".strip())


def report(feedback: Sequence[Feedback]) -> str:
    """A summary of several checks: what is right, wrong and still open."""
    counts = {
        s: sum(f.status == s for f in feedback) for s in ("right", "wrong", "open")
    }
    lines = [str(f) for f in feedback]
    lines.append(
        _("{right} right, {wrong} not yet, {open} open of {total}").format(
            right=counts["right"],
            wrong=counts["wrong"],
            open=counts["open"],
            total=len(feedback),
        )
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
        feedback = Feedback(_("check yourself"), status, explanations[picked])
        out.value = feedback._repr_html_()

    choice.observe(on_change, names="value")
    return widgets.VBox([widgets.HTML(f"<b>{html.escape(question)}</b>"), choice, out])
