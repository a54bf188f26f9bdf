"""The exercise notebooks and their generator.

* the committed student notebooks are exactly what ``exercises.make_student``
  writes from the instructor notebooks (same input, byte-identical output);
* the generator follows its rules (solution cells blanked, instructor-only
  cells dropped, the final assert removed, outputs stripped);
* every module has an exercise notebook in both versions, every check of a
  module is in its notebook's final cell, and no worked answer leaks into a
  student notebook;
* both versions are collected by ``pytest --nbval-lax exercises``, which runs
  them top to bottom in CI (the instructor version asserts that every worked
  answer passes; the student version must run with every answer blank).
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from exercises import checks, make_student

ROOT = Path(__file__).resolve().parents[1]
EXERCISES = ROOT / "exercises"
MODULES = [
    "01_customer_focus_models",
    "02_four_directions",
    "03_economics_of_loyalty",
    "04_service_levels",
    "05_loyalty_phases",
    "06_valuable_customers",
    "07_feedback_and_metrics",
    "08_organisation",
    "09_presets_side_by_side",
    "14_complaints_and_recovery",
]


def _read(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


def _code(notebook: nbformat.NotebookNode) -> list[nbformat.NotebookNode]:
    return [c for c in notebook.cells if c.cell_type == "code"]


# ------------------------------------------------------------------ layout
@pytest.mark.parametrize("module", MODULES)
def test_each_module_has_both_versions(module: str) -> None:
    assert (make_student.SOLUTIONS / f"{module}.ipynb").is_file()
    assert (make_student.STUDENT / f"{module}.ipynb").is_file()


def test_no_stray_notebooks() -> None:
    names = {f"{m}.ipynb" for m in MODULES}
    for folder in (make_student.SOLUTIONS, make_student.STUDENT):
        assert {p.name for p in folder.glob("*.ipynb")} == names


# ------------------------------------------------------------------ generator
def test_student_versions_are_up_to_date() -> None:
    problems = make_student.outdated()
    assert not problems, (
        "student notebooks differ from the generator's output; run "
        "`python -m exercises.make_student`:\n" + "\n".join(problems)
    )


def test_generator_is_deterministic() -> None:
    first = make_student.expected_files()
    second = make_student.expected_files()
    assert first == second
    for path, text in first.items():
        assert text.encode("utf-8") == path.read_bytes()


def test_check_mode_on_the_command_line() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "exercises.make_student", "--check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "up to date" in result.stdout


def _instructor_notebook() -> nbformat.NotebookNode:
    v4 = nbformat.v4
    cells = [
        v4.new_markdown_cell("# Exercises 99"),
        v4.new_markdown_cell("secret notes", metadata={"tags": ["instructor-only"]}),
        v4.new_code_cell("from exercises.checks import check_1_1, report"),
        v4.new_code_cell(
            'answer_1_1 = "b"\nprint("worked")\n# student:\n'
            "# # think first\n# answer_1_1 = ...  # a, b or c",
            metadata={"tags": ["solution"]},
        ),
        v4.new_code_cell(
            "x = 1\nanswer_9_1 = x + 1\nanswer_9_2 = 3\nanswer_9_1 = 5",
            metadata={"tags": ["solution"]},
        ),
        v4.new_code_cell("x = 2", metadata={"tags": ["solution"]}),
        v4.new_code_cell(
            "results = [check_1_1(answer_1_1)]\nprint(report(results))\n"
            'assert all(f.ok for f in results), (\n    "fails"\n)',
            metadata={"tags": ["final-check"]},
        ),
    ]
    notebook = v4.new_notebook(cells=cells)
    for i, cell in enumerate(notebook.cells):
        cell["id"] = f"c{i}"
    code = notebook.cells[3]
    code.execution_count = 7
    code.outputs = [v4.new_output("stream", name="stdout", text="worked\n")]
    code.metadata["execution"] = {"iopub.status.idle": "2026-01-01"}
    return notebook


def test_generator_rules() -> None:
    student = make_student.make_student(_instructor_notebook(), "99_demo.ipynb")
    sources = [c.source for c in student.cells]
    assert "secret notes" not in sources  # instructor-only dropped
    assert len(student.cells) == 6
    # text after "# student:", each line uncommented once
    assert student.cells[2].source == "# think first\nanswer_1_1 = ...  # a, b or c"
    assert student.cells[2].metadata["tags"] == ["answer"]
    # no marker: every answer variable becomes a blank, once, in order
    assert student.cells[3].source == (
        "answer_9_1 = ...  # your answer\nanswer_9_2 = ...  # your answer"
    )
    assert student.cells[4].source == "# your code here"
    # the final cell keeps the report, loses the assert
    final = student.cells[-1].source
    assert "print(report(results))" in final
    assert "assert" not in final
    ast.parse(final)
    for cell in _code(student):
        assert cell.outputs == []
        assert cell.execution_count is None
        assert "execution" not in cell.metadata
    assert [c.id for c in student.cells] == ["c0", "c2", "c3", "c4", "c5", "c6"]
    assert student.metadata["exercises"]["version"] == "student"
    text = make_student.render(student)
    assert text == make_student.render(
        make_student.make_student(_instructor_notebook(), "99_demo.ipynb")
    )
    assert json.loads(text)["nbformat"] == 4


def test_generator_refuses_broken_instructor_notebooks() -> None:
    no_assert = _instructor_notebook()
    no_assert.cells[-1].source = "print(report([]))"
    with pytest.raises(make_student.NotebookError, match="assert"):
        make_student.make_student(no_assert)
    untagged = _instructor_notebook()
    untagged.cells[-1].metadata = {}
    with pytest.raises(make_student.NotebookError, match="final-check"):
        make_student.make_student(untagged)
    markdown_solution = _instructor_notebook()
    markdown_solution.cells[0].metadata["tags"] = ["solution"]
    with pytest.raises(make_student.NotebookError, match="instructor-only"):
        make_student.make_student(markdown_solution)


def test_check_mode_reports_stale_files(tmp_path: Path, capsys) -> None:
    solutions, student = tmp_path / "solutions", tmp_path / "student"
    solutions.mkdir()
    dirs = ["--solutions", str(solutions), "--student", str(student)]
    notebook = _instructor_notebook()
    nbformat.write(notebook, solutions / "99_demo.ipynb")
    assert make_student.main(["--check", *dirs]) == 1
    out = capsys.readouterr().out
    assert "99_demo.ipynb: missing" in out
    assert "99_demo.ipynb: the instructor notebook has outputs" in out
    for cell in _code(notebook):
        cell.outputs, cell.execution_count = [], None
    nbformat.write(notebook, solutions / "99_demo.ipynb")
    assert make_student.main(dirs) == 0
    first = (student / "99_demo.ipynb").read_bytes()
    assert make_student.main(["--check", *dirs]) == 0
    (student / "99_demo.ipynb").write_text("{}", encoding="utf-8")
    (student / "98_orphan.ipynb").write_text("{}", encoding="utf-8")
    capsys.readouterr()
    assert make_student.main(["--check", *dirs]) == 1
    out = capsys.readouterr().out
    assert "99_demo.ipynb: out of date" in out
    assert "98_orphan.ipynb: has no instructor notebook" in out
    assert make_student.main(dirs) == 0
    assert (student / "99_demo.ipynb").read_bytes() == first


# ------------------------------------------------------------------ content
@pytest.mark.parametrize("module", MODULES)
def test_notebooks_are_stored_clean(module: str) -> None:
    for folder in (make_student.SOLUTIONS, make_student.STUDENT):
        notebook = _read(folder / f"{module}.ipynb")
        assert not make_student.unclean(notebook), folder / module
        assert notebook.metadata["kernelspec"]["name"] == "python3"


@pytest.mark.parametrize("module", MODULES)
def test_final_cell_checks_every_task_of_the_module(module: str) -> None:
    number = int(module[:2])
    tasks = checks.all_tasks(number)
    assert tasks, f"no checks for module {number}"
    instructor = _read(make_student.SOLUTIONS / f"{module}.ipynb")
    student = _read(make_student.STUDENT / f"{module}.ipynb")
    for notebook in (instructor, student):
        final = notebook.cells[-1]
        assert "final-check" in final.metadata["tags"]
        for task in tasks:
            n = task.replace(".", "_")
            # Called without the answer: a deleted answer cell reads as open.
            assert f"check_{n}()" in final.source
        assert "report(" in final.source
    assert "assert all(" in instructor.cells[-1].source
    assert "assert" not in student.cells[-1].source


@pytest.mark.parametrize("module", MODULES)
def test_student_answers_are_blank(module: str) -> None:
    """Every answer_X_Y a student notebook assigns is `...`: no solution leaks."""
    student = _read(make_student.STUDENT / f"{module}.ipynb")
    assigned = set()
    for cell in _code(student):
        for node in ast.walk(ast.parse(cell.source)):
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    if isinstance(target, ast.Name) and target.id.startswith("answer_"):
                        assert isinstance(node.value, ast.Constant), target.id
                        assert node.value.value is Ellipsis, target.id
                        assigned.add(target.id)
    number = int(module[:2])
    wanted = {f"answer_{t.replace('.', '_')}" for t in checks.all_tasks(number)}
    assert assigned == wanted


@pytest.mark.parametrize("task", list(checks.CHECKS))
def test_every_check_is_open_for_a_blank_answer(task: str) -> None:
    assert checks.CHECKS[task](...).status == "open"


# ------------------------------------------------------------------ CI runs them
def test_nbval_collects_both_versions() -> None:
    """``pytest --nbval-lax exercises`` (part of CI) runs every notebook."""
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "--collect-only",
            "-q",
            "--nbval-lax",
            "-p",
            "no:cacheprovider",
            "exercises/solutions",
            "exercises/student",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    for module in MODULES:
        for folder in ("solutions", "student"):
            assert f"exercises/{folder}/{module}.ipynb::Cell 0" in result.stdout


def test_ci_collects_exercises() -> None:
    """The project's pytest settings include exercises/ and run nbval there."""
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    options = config["tool"]["pytest"]["ini_options"]
    assert "exercises" in options["testpaths"]
    assert "--nbval-lax" in options["addopts"]
