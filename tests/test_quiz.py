"""Quizzes load, render without a kernel, count a score, and refuse malformed files.

A quiz is HTML and CSS only: radio buttons, one feedback per option that shows
when (and only when) that option is chosen, and a score line drawn by CSS
counters. :func:`test_feedback_opens_only_after_a_choice` checks that in
Chromium (skipped without it, unless ``CFL_REQUIRE_BROWSER=1``).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from exercises.quiz import (
    QUIZZES,
    STYLE,
    QuizError,
    load_quiz,
    quiz_html,
    score_css,
)
from simulations.i18n import language
from tests.support.webapp import CHROMIUM, CHROMIUM_ARGS


@pytest.mark.parametrize("path", sorted(QUIZZES.glob("*.toml")), ids=lambda p: p.stem)
def test_every_quiz_loads_and_renders(path: Path) -> None:
    quiz = load_quiz(path.stem)
    page = quiz_html(quiz)
    options = sum(len(q.options) for q in quiz.questions)
    assert page.count("type='radio'") == options
    assert page.count("class='cfl-feedback'") == options  # feedback per option
    assert page.count("class='cfl-yes'") == len(quiz.questions)  # one right each
    assert page.count("Right.") == len(quiz.questions)
    assert "<script" not in page and "<details" not in page  # no kernel, no peeking
    names = set(re.findall(r"name='([^']+)'", page))
    assert len(names) == len(quiz.questions)  # one choice per question
    assert "Right." not in repr(quiz)  # the plain-text view gives nothing away


def test_two_renderings_do_not_share_radio_buttons() -> None:
    quiz = load_quiz("05")
    first, second = quiz_html(quiz), quiz_html(quiz)
    assert not set(re.findall(r"id='([^']+)'", first)) & set(
        re.findall(r"id='([^']+)'", second)
    )


def test_the_score_counts_right_and_answered_choices() -> None:
    assert ".cfl-feedback { display: none;" in STYLE
    assert "input:checked ~ .cfl-feedback { display: block; }" in STYLE
    assert "cfl-yes:checked { counter-increment: cfl-right 1 cfl-answered 1; }" in STYLE
    assert "cfl-no:checked { counter-increment: cfl-answered 1; }" in STYLE
    assert 'counter(cfl-right) " right of " counter(cfl-answered)' in score_css()
    with language("ru"):  # the score's words follow the language
        assert "counter(cfl-right)" in score_css() and "right of" not in score_css()


@pytest.mark.browser
def test_feedback_opens_only_after_a_choice(tmp_path: Path) -> None:
    if not Path(CHROMIUM).exists() or os.environ.get("CFL_NO_BROWSER"):
        if os.environ.get("CFL_REQUIRE_BROWSER") == "1":
            pytest.fail(f"Chromium is not at {CHROMIUM}")
        pytest.skip(f"Chromium is not at {CHROMIUM}")
    playwright = pytest.importorskip("playwright.sync_api")
    quiz = load_quiz("05")
    page_file = tmp_path / "quiz.html"
    page_file.write_text(f"<html><body>{quiz_html(quiz)}</body></html>", "utf-8")
    shown = (
        "Array.from(document.querySelectorAll('.cfl-feedback'))"
        ".filter(e => getComputedStyle(e).display !== 'none')"
        ".map(e => e.textContent)"
    )
    with playwright.sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        try:
            page = browser.new_page()
            page.goto(page_file.as_uri())
            assert page.evaluate(shown) == []  # nothing open before a choice
            page.click("label[for$='-1-0']")  # a wrong option of question 1
            assert page.evaluate(shown) == [
                f"Not quite. {quiz.questions[0].feedback[0]}"
            ]
            page.click("label[for$='-1-1']")  # then the right one
            assert page.evaluate(shown) == [f"Right. {quiz.questions[0].feedback[1]}"]
        finally:
            browser.close()


def test_a_malformed_quiz_is_refused_with_its_question(tmp_path: Path) -> None:
    (tmp_path / "99.toml").write_text(
        'title = "x"\n[[question]]\ntext = "q"\noptions = ["a", "b"]\n'
        'correct = 5\nfeedback = ["f", "g"]\n'
    )
    with pytest.raises(QuizError, match="question 1: correct"):
        load_quiz("99", tmp_path)
