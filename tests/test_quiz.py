"""Quizzes load, render without a kernel, and refuse malformed files."""

from __future__ import annotations

from pathlib import Path

import pytest

from exercises.quiz import QUIZZES, QuizError, load_quiz, quiz_html


@pytest.mark.parametrize("path", sorted(QUIZZES.glob("*.toml")), ids=lambda p: p.stem)
def test_every_quiz_loads_and_renders(path: Path) -> None:
    quiz = load_quiz(path.stem)
    page = quiz_html(quiz)
    assert page.count("<details") == sum(len(q.options) for q in quiz.questions)
    assert page.count("Right.") == len(quiz.questions)
    assert "<script" not in page  # works on a static page, no kernel


def test_a_malformed_quiz_is_refused_with_its_question(tmp_path: Path) -> None:
    (tmp_path / "99.toml").write_text(
        'title = "x"\n[[question]]\ntext = "q"\noptions = ["a", "b"]\n'
        'correct = 5\nfeedback = ["f", "g"]\n'
    )
    with pytest.raises(QuizError, match="question 1: correct"):
        load_quiz("99", tmp_path)
