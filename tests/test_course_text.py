"""What learners read stays a course: sources, hidden code, safe exercises, fair hints.

* No text a learner reads cites a source article as "seed 00N" or points to a
  development brief: the notebooks, the exercises (notebooks, Markdown, quizzes,
  and the strings and docstrings of their Python), the help and messages of the
  policy lab and the command line, the references page and the glossary.
* The teaching notebooks hide their code: each code cell is hidden
  (``jupyter.source_hidden`` and the ``hide-input`` tag) or removed from the
  rendered course (``remove-cell``), apart from at most two cells tagged
  ``live`` that a trainer edits in front of the room.
* Each student notebook runs top to bottom with its answer cells emptied, and
  again with them deleted, without an error; its checks then say the tasks are
  still open.
* A wrong answer never gets the right one back: see
  :func:`test_wrong_numbers_do_not_get_the_answer` and
  :func:`test_wrong_choices_do_not_name_the_right_option`.
"""

from __future__ import annotations

import ast
import copy
import json
import math
import os
import re
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
STUDENT = sorted((ROOT / "exercises" / "student").glob("*.ipynb"))

SEED = re.compile(r"\bseeds?[\s_#-]*0*[0-4]\b", re.IGNORECASE)
"""'seed 003', 'Seed 000', 'seeds 000 and 001', 'seed-3', 'seed_001'..."""

BRIEF = re.compile(
    r"\b(?:course|development|project|the)\s+brief\b|\bBRIEF\.md\b", re.IGNORECASE
)
"""A pointer to a development brief ('debrief' does not match)."""

LIVE_CELLS_MAX = 2


# ---------------------------------------------------------------- learner text
def _python_strings(path: Path) -> str:
    """Every string literal of a Python file (docstrings, help, messages)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return "\n".join(
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    )


def _notebook_text(path: Path) -> str:
    nb = json.loads(path.read_text(encoding="utf-8"))
    return "\n".join("".join(cell.get("source", "")) for cell in nb["cells"])


def learner_files() -> list[Path]:
    """Every file whose text a learner, trainer or manager reads."""
    found = list(NOTEBOOKS)
    exercises = ROOT / "exercises"
    for pattern in ("*.ipynb", "*.md", "*.toml", "*.py"):
        found += exercises.rglob(pattern)
    for face in ("lab", "cli"):
        found += (ROOT / "simulations" / face).glob("*.py")
    found += [ROOT / "docs" / "references.md", ROOT / "docs" / "glossary.md"]
    return sorted(set(found))


def learner_text(path: Path) -> str:
    if path.suffix == ".ipynb":
        return _notebook_text(path)
    if path.suffix == ".py":
        return _python_strings(path)
    return path.read_text(encoding="utf-8")


def _where(text: str, match: re.Match) -> str:
    line = text.count("\n", 0, match.start()) + 1
    start = max(0, match.start() - 40)
    return f"line {line}: ...{text[start : match.end() + 40]!r}..."


@pytest.mark.parametrize(
    "path", learner_files(), ids=lambda p: p.relative_to(ROOT).as_posix()
)
def test_no_seed_or_brief_in_learner_text(path: Path) -> None:
    assert path.exists(), f"{path.relative_to(ROOT)} is missing"
    text = learner_text(path)
    problems = [f"'seed' citation, {_where(text, m)}" for m in SEED.finditer(text)]
    problems += [f"brief reference, {_where(text, m)}" for m in BRIEF.finditer(text)]
    assert not problems, "\n".join(problems[:10])


def test_the_patterns_catch_what_they_should() -> None:
    for bad in ("(seed 003)", "Seed 000", "seeds 000 and 001", "SEED-004", "seed_001"):
        assert SEED.search(bad), bad
    for fine in ("seed 2026", "the same seed gives", "seeds=12"):
        assert not SEED.search(fine), fine
    assert CALL.search("erlang_c(0.9, 4.0, 6, 0.5).service_level")
    assert CALL.search("compare(product, [client], 4)")
    assert not CALL.search("m(1+d) over (1+d-r)")
    for bad in ("the course brief", "see BRIEF.md", "the brief says"):
        assert BRIEF.search(bad), bad
    assert not BRIEF.search("the debrief questions")


# ---------------------------------------------------------------- hidden code
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_teaching_code_is_hidden(path: Path) -> None:
    nb = json.loads(path.read_text(encoding="utf-8"))
    shown, live = [], []
    for index, cell in enumerate(nb["cells"]):
        if cell["cell_type"] != "code":
            continue
        meta = cell.get("metadata", {})
        tags = set(meta.get("tags", []))
        hidden = meta.get("jupyter", {}).get("source_hidden") is True
        if "live" in tags:
            live.append(index)
        elif "remove-cell" in tags:
            continue
        elif not (hidden and "hide-input" in tags):
            shown.append(index)
    assert not shown, (
        f"{path.name}: code cells {shown} are neither hidden (source_hidden and "
        "'hide-input'), nor 'remove-cell', nor 'live'"
    )
    assert len(live) <= LIVE_CELLS_MAX, f"{path.name}: {len(live)} live cells"


# ---------------------------------------------------------------- student runs
def _blanked(nb: Any, how: str) -> Any:
    """The notebook with its answer cells emptied ("empty") or deleted ("delete")."""
    nb = copy.deepcopy(nb)
    cells = []
    for cell in nb.cells:
        if "answer" in cell.metadata.get("tags", []):
            if how == "delete":
                continue
            cell.source = ""
        cells.append(cell)
    nb.cells = cells
    return nb


def _outputs_text(nb: Any) -> tuple[list[str], str]:
    errors, texts = [], []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                errors.append(f"{out.get('ename')}: {out.get('evalue')}")
            texts.append(out.get("text", ""))
            data = out.get("data", {})
            texts.append(str(data.get("text/plain", "")))
            texts.append(str(data.get("text/html", "")))
    return errors, "\n".join(texts)


@pytest.mark.slow
@pytest.mark.parametrize("how", ["empty", "delete"])
@pytest.mark.parametrize("path", STUDENT, ids=lambda p: p.stem)
def test_student_notebook_runs_with_blank_answers(path: Path, how: str) -> None:
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    nb = _blanked(nbformat.read(path, as_version=4), how)
    env_path = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    os.environ["PYTHONPATH"] = env_path  # the kernel inherits it
    client = nbclient.NotebookClient(
        nb,
        timeout=120,
        kernel_name="python3",
        allow_errors=True,
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()
    errors, text = _outputs_text(nb)
    assert not errors, f"{path.name} ({how} answers): {errors[:3]}"
    assert "not answered yet" in text or "open" in text, (
        f"{path.name} ({how} answers): no check said the tasks are still open"
    )
    assert "✘" not in text, f"{path.name} ({how} answers): a blank answer was judged"


# ---------------------------------------------------------------- fair hints
def _checks() -> Any:
    from exercises import checks

    return checks


def _number_tasks() -> list[str]:
    checks = _checks()
    return [n for n, c in checks.CHECKS.items() if c.kind in ("number", "whole")]


def _choice_tasks() -> list[str]:
    checks = _checks()
    return [n for n, c in checks.CHECKS.items() if c.kind == "choice"]


NUMBER = re.compile(r"[-+−]?\d[\d,]*(?:\.\d+)?(?:e[-+]?\d+)?\s*%?")
CALL = re.compile(r"\b[A-Za-z_]\w*\((?:[^()]*,\s*)?[-+]?\d+(?:\.\d+)?\s*(?:,[^()]*)?\)")
"""A call with a number as one of its arguments: ``erlang_c(0.9, 4.0, 6, 0.5)``,
``compare(a, [b], 4)``; a formula such as ``m(1+d)`` is not a call."""


def _numbers_in(message: str) -> list[float]:
    """Every number in a message, as printed; a percentage also as a share."""
    found = []
    for token in NUMBER.findall(message):
        token = token.strip().replace("−", "-").replace(",", "")
        share = token.endswith("%")
        try:
            value = float(token.rstrip("%").strip())
        except ValueError:
            continue
        found.append(value)
        if share:
            found.append(value / 100)
    return found


def _expected_number(task: str, monkeypatch: pytest.MonkeyPatch) -> float | None:
    """The value a number check compares with, read where the check hands it over.

    ``exercises.checks.common._number`` ends in ``check_number(task, value,
    expected, ...)``; the test wraps ``check_number`` in that module and
    records ``expected`` for an answer far from anything plausible.
    """
    from exercises.checks import common

    seen: list[float] = []
    original = common.check_number

    def spy(name, answer, expected, **kwargs):
        seen.append(expected)
        return original(name, answer, expected, **kwargs)

    monkeypatch.setattr(common, "check_number", spy)
    _checks().CHECKS[task](-987654.321)
    monkeypatch.setattr(common, "check_number", original)
    return seen[-1] if seen else None


def _expected_whole(task: str) -> int | None:
    """The whole number a 'whole' check accepts (the first from 0 to 60)."""
    check = _checks().CHECKS[task]
    for n in range(0, 61):
        if check(n).ok:
            return n
    return None


@pytest.mark.slow
@pytest.mark.parametrize("task", _number_tasks())
def test_wrong_numbers_do_not_get_the_answer(
    task: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A wrong number gets a hint, never the right number or a call that makes it.

    How the right value is known: a number check hands it to
    ``exercises.feedback.check_number`` (through ``common._number``), so the
    test records it there; a whole-number check is probed with 0 to 60. Then
    the check gets wrong answers (the right value times 0.5, 1.37 and 3, and
    a far-off value) and each message is searched for (a) any number within
    0.5% of the right value, read as printed (thousands separators, a
    percentage also as a share), and (b) a call with numeric arguments, which
    would let the learner compute it. The learner's own wrong answer is far
    from the right value, so echoing it never trips (a). The test can fail:
    it fails today where a hint prints the formula with its numbers.
    """
    checks = _checks()
    check = checks.CHECKS[task]
    if check.kind == "whole":
        right = _expected_whole(task)
        assert right is not None, f"{task}: no whole number from 0 to 60 is right"
        wrong = sorted({max(0, right - 2), right - 1, right + 1, right + 3} - {right})
        wrong = [w for w in wrong if w >= 0]
    else:
        right = _expected_number(task, monkeypatch)
        assert right is not None, f"{task}: the check never reached check_number"
        wrong = [right * 0.5, right * 1.37, right * 3, right + 1000.5]
        wrong = [w for w in wrong if not math.isclose(w, right, rel_tol=0.02)]
    for answer in wrong:
        feedback = check(answer)
        if feedback.ok:
            continue  # a tolerance wide enough to accept it: nothing to leak
        message = feedback.message
        leaked = [
            x
            for x in _numbers_in(message)
            if math.isclose(x, right, rel_tol=0.005, abs_tol=1e-12)
            and not math.isclose(x, answer, rel_tol=0.005)
        ]
        assert not leaked, f"{task}: answering {answer:g} prints the answer: {message}"
        calls = CALL.findall(message)
        assert not calls, f"{task}: answering {answer:g} prints a call: {calls}"


@pytest.mark.slow
@pytest.mark.parametrize("task", _choice_tasks())
def test_wrong_choices_do_not_name_the_right_option(task: str) -> None:
    """A wrong option gets a hint, never the right option named in quotes.

    The right option is found by trying each option; every other option's
    message must not quote the right one ('b' or "b"), which is how the
    feedback prints options, unless it quotes every option alike (a hint that
    explains how to choose among all of them names each one equally).
    """
    check = _checks().CHECKS[task]
    options = _options(task)
    right = [o for o in options if check(o).ok]
    assert len(right) == 1, f"{task}: {len(right)} right options among {options}"
    for option in options:
        if option == right[0]:
            continue
        message = check(option).message

        def quoted(name: str, text: str = message) -> bool:
            return f"'{name}'" in text or f'"{name}"' in text

        if quoted(right[0]):
            assert all(quoted(o) for o in options), (
                f"{task}: choosing {option!r} names the right option: {message}"
            )


def _options(task: str) -> list[str]:
    """The options of a choice task, as its blank answer lists them."""
    message = _checks().CHECKS[task](...).message
    found = re.findall(r"'([^']+)'", message)
    assert found, f"{task}: the open message lists no options: {message}"
    return found
