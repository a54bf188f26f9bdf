"""Numbers that static course texts state about the model are the model's own.

Quizzes and the kit are plain text: where they quote a value of the model (a
threshold, a chance, an answer on the 0-10 scale), these tests read the value
from the parameters and look for it in the text, so that a change of the
model fails here instead of leaving the text behind. Results of runs in the
seminar kit are checked by tests/test_seminar_kit.py.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from simulations import Scenario

ROOT = Path(__file__).resolve().parents[1]
QUIZZES = ROOT / "exercises" / "quizzes"


def quiz_text(number: str) -> str:
    data = tomllib.loads((QUIZZES / f"{number}.toml").read_text(encoding="utf-8"))
    parts = []
    for q in data["question"]:
        parts += [q["text"], *q["options"], *q["feedback"]]
    return "\n".join(parts)


def test_quiz_11_quotes_the_models_thresholds_and_chances():
    c = Scenario().customers
    text = quiz_text("11")
    assert f"satisfaction of {c.advocate_satisfaction:g} or more" in text
    assert f"satisfaction of at least {c.loyal_satisfaction:g}" in text
    assert f"answers {c.recommend_base:g} to 'would you recommend us?'" in text
    silent = (1 - c.complaint_chance) / c.complaint_chance
    words = {9: "nine", 4: "four", 19: "nineteen"}
    assert (
        f"complaint chance of {c.complaint_chance:.0%}, about "
        f"{words.get(round(silent), round(silent))} low visits"
    ) in text


def test_quiz_07_quotes_the_models_answer_of_a_passive():
    c = Scenario().customers
    text = quiz_text("07")
    assert (
        f"a customer whose visits were all standard answers {c.recommend_base:g}"
        in (text.replace("In the simulator, ", "").lower())
    )
