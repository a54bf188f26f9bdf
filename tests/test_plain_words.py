"""Learners read plain words: no parameter keys, paths, commands, code names or jargon.

The text a learner reads in files is scanned here: the Markdown of the course
modules and their check-yourself questions, the quizzes, the Markdown of the
student exercises, the seminar handouts and the glossary. What the notebooks
print is scanned by the same patterns while nbval runs them
(:mod:`tests.support.clean_outputs`). The patterns and the short allow-list
are in :mod:`tests.support.plain_words`.

Every course term that a learner meets (run, interval, lever...) must be in
the glossary, and a "run" of the simulator is explained in module 00.
"""

from __future__ import annotations

import ast
import json
import re
import tomllib
from pathlib import Path

import pytest

from tests.support.plain_words import TERMS, glossary_terms, problems

ROOT = Path(__file__).resolve().parents[1]
GLOSSARY = ROOT / "docs" / "glossary.md"


def _ask_texts(source: str) -> list[str]:
    """The question, options and explanations of each ``ask(...)`` in a cell."""
    texts = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "ask":
            for arg in node.args:
                try:
                    value = ast.literal_eval(arg)
                except ValueError:
                    continue
                texts += _strings(value)
    return texts


def notebook_text(path: Path) -> str:
    """The Markdown of a notebook and the texts of its check-yourself questions."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    parts = []
    for cell in nb["cells"]:
        source = "".join(cell.get("source", ""))
        if cell["cell_type"] == "markdown":
            parts.append(source)
        elif cell["cell_type"] == "code" and "ask(" in source:
            parts += _ask_texts(source)
    return "\n".join(parts)


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list | tuple):
        return [s for v in value for s in _strings(v)]
    return []


def learner_texts() -> dict[str, str]:
    """File (relative path) -> the text a learner reads in it."""
    texts = {}
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        texts[path] = notebook_text(path)
    for path in sorted((ROOT / "exercises" / "student").glob("*.ipynb")):
        texts[path] = notebook_text(path)
    for path in sorted((ROOT / "exercises" / "quizzes").glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        texts[path] = "\n".join(_strings(data))
    for path in sorted((ROOT / "exercises" / "seminar_kit" / "handouts").glob("*.md")):
        texts[path] = path.read_text(encoding="utf-8")
    texts[GLOSSARY] = GLOSSARY.read_text(encoding="utf-8")
    return {p.relative_to(ROOT).as_posix(): t for p, t in texts.items()}


TEXTS = learner_texts()


@pytest.mark.parametrize("name", list(TEXTS))
def test_learner_text_is_plain(name: str) -> None:
    found = problems(TEXTS[name])
    assert not found, f"{name}: {len(found)} leaks:\n" + "\n".join(found[:15])


@pytest.mark.parametrize("term", list(TERMS))
def test_every_term_a_learner_meets_is_in_the_glossary(term: str) -> None:
    pattern = re.compile(TERMS[term])
    users = [name for name, text in TEXTS.items() if pattern.search(text)]
    if not users:
        pytest.skip(f"no learner text uses {term!r}")
    defined = glossary_terms(GLOSSARY.read_text(encoding="utf-8"))
    assert term.lower() in defined, (
        f"{term!r} is used in {users[:3]} but the glossary has no entry '**{term}**'"
    )


def test_a_run_is_explained_in_module_00() -> None:
    text = notebook_text(ROOT / "notebooks" / "00_start_here.ipynb")
    assert re.search(r"\*\*runs?\*\*", text, re.IGNORECASE), (
        "module 00 never explains what a run of the simulator is (in bold)"
    )


def test_the_patterns_catch_each_kind_of_leak() -> None:
    leaks = {
        "parameter key": "set service.greet_waiting to true",
        "file path": "open exercises/student/01_customer_focus_models.ipynb",
        "command": "type cfl compare product_centric client_centric",
        "code name": "call Scenario.describe() or read churn_rate",
        "raw decimal": "lower by 0.0149 ± 0.00595",
        "the word 'replication'": "over 4 paired replications",
    }
    for kind, text in leaks.items():
        assert any(p.startswith(kind) for p in problems(text)), (kind, text)
    plain = (
        "Greeting waiting customers cut low visits by 1.5 percentage points "
        "(95% interval 0.9 to 2.1; 5 runs each), e.g. in a shop; see "
        "https://doi.org/10.1177/x and M/M/c queues, m(1+d)/(1+d-r)."
    )
    assert problems(plain) == []


def test_the_glossary_reader_finds_terms() -> None:
    terms = glossary_terms("**Run** (прогон). One ...\n**KPI, measure**. x\n")
    assert {"run", "kpi", "measure"} <= terms


def test_every_parameter_has_a_plain_label() -> None:
    from simulations import Scenario
    from simulations.present.labels import LABELS

    keys = {f"{row['group']}.{row['name']}" for row in Scenario.describe()}
    assert keys == set(LABELS), (
        f"missing: {keys - set(LABELS)}; stale: {set(LABELS) - keys}"
    )
    for key, text in LABELS.items():
        assert not problems(text), (key, text)


def _check_messages(task: str) -> list[str]:
    """What a check says to a blank answer, to each option, and to wrong numbers."""
    from exercises import checks

    check = checks.CHECKS[task]
    answers: list[object] = [..., "something else", [1, 2]]
    if check.kind == "choice":
        opened = check(...).message
        found = re.search(r"\[(.*)\]", opened)
        if found:
            answers += ast.literal_eval(f"[{found.group(1)}]")
    elif check.kind in ("number", "whole"):
        answers += [-987654.0, 0.5, 3]
    return [check(answer).message for answer in answers]


def _tasks() -> list[str]:
    from exercises import checks

    return list(checks.CHECKS)


@pytest.mark.slow
@pytest.mark.parametrize("task", _tasks())
def test_check_messages_are_plain(task: str) -> None:
    """Hints and explanations of the exercise checks speak plain words too."""
    found = [p for message in _check_messages(task) for p in problems(message)]
    assert not found, f"task {task}: {len(found)} leaks:\n" + "\n".join(found[:10])
