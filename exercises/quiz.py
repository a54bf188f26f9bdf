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

:func:`show_quiz` renders it as plain HTML: each option is a collapsible
block that opens on its feedback. It needs no kernel, so it works the same in
JupyterLab, on the static course website and in exported slides.

The quiz is shown in the language in use (:func:`simulations.i18n.get_language`):
its texts are translated from ``locale/<language>/LC_MESSAGES/quizzes/<module>.po``
(``bash scripts/translate_course`` keeps those catalogs in step with the files);
a text without a checked translation shows in English.
"""

from __future__ import annotations

import html
import tomllib
from dataclasses import dataclass
from pathlib import Path

from simulations.i18n import SOURCE, _, get_language

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


def quiz_html(quiz: Quiz) -> str:
    """The quiz as HTML: options open on their feedback (no script needed)."""
    parts = [
        "<div class='cfl-quiz'>",
        "<h4>" + html.escape(_("Quiz: {title}").format(title=quiz.title)) + "</h4>",
        "<p><i>"
        + html.escape(
            _("Choose an answer, then open it to see whether it holds and why.")
        )
        + "</i></p>",
    ]
    for n, q in enumerate(quiz.questions, start=1):
        parts.append(f"<p><b>{n}. {html.escape(q.text)}</b></p>")
        for i, (option, feedback) in enumerate(zip(q.options, q.feedback, strict=True)):
            verdict = _("Right.") if i == q.correct else _("Not quite.")
            colour = "#1a7f37" if i == q.correct else "#b35900"
            parts.append(
                "<details style='margin-left:1em'>"
                f"<summary>{chr(65 + i)}. {html.escape(option)}</summary>"
                f"<div style='margin-left:1.5em'><b style='color:{colour}'>{verdict}</b> "
                f"{html.escape(feedback)}</div></details>"
            )
    parts.append("</div>")
    return "".join(parts)


def show_quiz(module: str) -> Quiz:
    """The quiz of a module, ready to display (it is the cell's value)."""
    return load_quiz(module)
