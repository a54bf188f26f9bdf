"""Scenario quizzes: a few questions per module, with feedback for every option.

Each module's quiz is a TOML file in ``exercises/quizzes/`` (``04.toml`` for
module 04)::

    title = "Service levels"

    [[question]]
    text = "A customer expects 7 ... What level is the visit?"
    options = ["WOW", "Standard", "Low"]
    correct = 2
    feedback = [
        "Why WOW is wrong, and where to look.",
        "Why standard is wrong ...",
        "Right: felt performance is ...",
    ]

:func:`show_quiz` renders it as plain HTML and CSS, without a script: each
question is a set of radio buttons; choosing one shows that option's feedback
(and only then), and a line under the quiz counts the questions answered and
the right answers (CSS counters). It needs no kernel, so it works the same in
JupyterLab, on the static course website and in exported slides.

The quiz is shown in the language in use (:func:`simulations.i18n.get_language`):
its texts are translated from ``locale/<language>/LC_MESSAGES/quizzes/<module>.po``
(``bash scripts/translate_course`` keeps those catalogs in step with the files);
a text without a checked translation shows in English.
"""

from __future__ import annotations

import html
import itertools
import json
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from simulations.i18n import SOURCE, _, get_language, ngettext

QUIZZES = Path(__file__).resolve().parent / "quizzes"
"""Where the quiz files live."""
LOCALE = Path(__file__).resolve().parents[1] / "locale"
"""The catalogs of the course text, quizzes included."""


class QuizError(ValueError):
    """A quiz file that cannot be shown as it is."""


@dataclass(frozen=True)
class Question:
    """One question, its options, the right one and the feedback on each."""

    text: str
    options: tuple[str, ...]
    correct: int
    feedback: tuple[str, ...]


@dataclass(frozen=True)
class Quiz:
    """A module's quiz."""

    module: str
    title: str
    questions: tuple[Question, ...]

    def _repr_html_(self) -> str:
        return quiz_html(self)

    def __repr__(self) -> str:
        """The questions and options as plain text (no feedback, no answer)."""
        lines = [f"Quiz: {self.title}"]
        for n, q in enumerate(self.questions, start=1):
            lines.append(f"{n}. {q.text}")
            lines += [f"   {chr(65 + i)}. {o}" for i, o in enumerate(q.options)]
        return "\n".join(lines)


def quiz_translations(module: str, language: str, locale: Path = LOCALE) -> dict:
    """English text -> checked translation, for one module's quiz."""
    path = locale / language / "LC_MESSAGES" / "quizzes" / f"{module}.po"
    if language == SOURCE or not path.is_file():
        return {}
    from babel.messages.pofile import read_po

    with path.open("rb") as f:
        catalog = read_po(f, locale=language)
    return {m.id: m.string for m in catalog if m.id and m.string and not m.fuzzy}


def load_quiz(module: str, folder: Path = QUIZZES) -> Quiz:
    """Read and check the quiz of a module (``"04"``), in the language in use.

    Raises
    ------
    QuizError
        The file is missing or a question is malformed (the message says which).
    """
    path = folder / f"{module}.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as err:
        raise QuizError(f"quiz {module!r}: no file {path.name}") from err
    words = quiz_translations(module, get_language())

    def tr(text: str) -> str:
        return words.get(text, text)

    questions = []
    for i, q in enumerate(data.get("question", []), start=1):
        where = f"quiz {module!r}, question {i}"
        options, feedback = q.get("options", []), q.get("feedback", [])
        if not q.get("text") or len(options) < 2:
            raise QuizError(f"{where}: needs a text and at least two options")
        if len(feedback) != len(options):
            raise QuizError(f"{where}: needs one feedback per option")
        correct = q.get("correct")
        if not isinstance(correct, int) or not 0 <= correct < len(options):
            raise QuizError(f"{where}: correct must be an option's index")
        questions.append(
            Question(
                tr(q["text"]),
                tuple(map(tr, options)),
                correct,
                tuple(map(tr, feedback)),
            )
        )
    if not questions:
        raise QuizError(f"quiz {module!r}: has no questions")
    return Quiz(module, tr(data.get("title", f"Module {module}")), tuple(questions))


_SHOWN = itertools.count(1)  # one prefix per rendering: radio names never clash

STYLE = """
.cfl-quiz { counter-reset: cfl-right cfl-answered; }
.cfl-quiz .cfl-option { margin: 2px 0 2px 1em; }
.cfl-quiz .cfl-feedback { display: none; margin: 2px 0 6px 2.6em; }
.cfl-quiz input:checked ~ .cfl-feedback { display: block; }
.cfl-quiz input.cfl-yes:checked { counter-increment: cfl-right 1 cfl-answered 1; }
.cfl-quiz input.cfl-no:checked { counter-increment: cfl-answered 1; }
.cfl-quiz .cfl-score::before { font-weight: bold; }
"""
"""The quiz's look and behaviour: feedback shows for the chosen option only, and
the score line counts checked right and answered options with CSS counters."""


def score_css() -> str:
    """The score line's words around its CSS counters, in the language in use.

    Examples
    --------
    >>> score_css()
    '.cfl-quiz .cfl-score::before { content: "Score: " counter(cfl-right) " right of " counter(cfl-answered) " answered"; }'
    """
    text = _("Score: {right} right of {answered} answered")
    counters = {"{right}": "counter(cfl-right)", "{answered}": "counter(cfl-answered)"}
    pieces = re.split(r"(\{right\}|\{answered\})", text)
    content = " ".join(
        counters.get(p) or json.dumps(p, ensure_ascii=False) for p in pieces if p
    )
    return f".cfl-quiz .cfl-score::before {{ content: {content}; }}"


def quiz_html(quiz: Quiz) -> str:
    """The quiz as HTML and CSS: choose an option to see its feedback and the score."""
    prefix = f"cfl-quiz-{html.escape(quiz.module)}-{next(_SHOWN)}"
    total = len(quiz.questions)
    parts = [
        f"<div class='cfl-quiz'><style>{STYLE}{score_css()}</style>",
        "<h4>" + html.escape(_("Quiz: {title}").format(title=quiz.title)) + "</h4>",
        "<p><i>"
        + html.escape(
            _(
                "Choose an answer to each question: its feedback appears under it, "
                "and the score under the quiz counts your answers."
            )
        )
        + "</i></p>",
    ]
    for n, q in enumerate(quiz.questions, start=1):
        parts.append(f"<p><b>{n}. {html.escape(q.text)}</b></p>")
        for i, (option, feedback) in enumerate(zip(q.options, q.feedback, strict=True)):
            right = i == q.correct
            ident = f"{prefix}-{n}-{i}"
            verdict = _("Right.") if right else _("Not quite.")
            colour = "#1a7f37" if right else "#b35900"
            parts.append(
                "<div class='cfl-option'>"
                f"<input type='radio' name='{prefix}-{n}' id='{ident}' "
                f"class='{'cfl-yes' if right else 'cfl-no'}'>"
                f"<label for='{ident}'> {chr(65 + i)}. {html.escape(option)}</label>"
                f"<div class='cfl-feedback'><b style='color:{colour}'>{verdict}</b> "
                f"{html.escape(feedback)}</div></div>"
            )
    count = ngettext("({count} question)", "({count} questions)", total)
    parts.append(f"<p class='cfl-score'> {count.format(count=total)}</p></div>")
    return "".join(parts)


def show_quiz(module: str) -> Quiz:
    """The quiz of a module, ready to display (it is the cell's value)."""
    return load_quiz(module)
