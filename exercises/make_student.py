"""Write the student notebooks from the instructor notebooks.

The instructor notebooks in ``exercises/solutions/`` are the source of truth.
This script turns each into a student notebook of the same name in
``exercises/student/``:

* a cell tagged ``solution`` is replaced by the text after its line
  ``# student:`` (each line with its leading ``# `` removed), or, when it has
  no such line, by ``answer_X_Y = ...  # your answer`` for every
  ``answer_X_Y`` it assigns; it is tagged ``answer`` instead;
* a cell tagged ``instructor-only`` is dropped;
* the last cell, tagged ``final-check``, loses its ``assert`` statements: the
  instructor version asserts that every check passes (so a wrong worked
  answer fails the notebook test), the student version only prints the
  report of what is right, wrong and still open;
* outputs are stripped and execution counts set to null.

The same input always gives byte-identical files.

Usage::

    python -m exercises.make_student            # write exercises/student/*.ipynb
    python -m exercises.make_student --check    # exit 1 if they are out of date
"""

from __future__ import annotations

import argparse
import ast
import re
import sys
from collections.abc import Sequence
from pathlib import Path

import nbformat

HERE = Path(__file__).resolve().parent
SOLUTIONS = HERE / "solutions"
STUDENT = HERE / "student"

SOLUTION_TAG = "solution"
INSTRUCTOR_TAG = "instructor-only"
FINAL_TAG = "final-check"
ANSWER_TAG = "answer"  # what a solution cell is tagged in the student version
MARKER = "# student:"
ANSWER = re.compile(r"^(answer_\w+)\s*=", re.MULTILINE)
NAME = re.compile(r"^\d\d_[a-z0-9_]+\.ipynb$")
# Cell metadata kept in the student version; everything else (execution
# timings, collapsed state, ...) is dropped so that output is deterministic.
KEPT_METADATA = ("tags", "slideshow")


class NotebookError(ValueError):
    """An instructor notebook that breaks the conventions above."""


def _tags(cell: nbformat.NotebookNode) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def student_source(source: str) -> str:
    """What a ``solution`` cell becomes in the student version.

    Examples
    --------
    >>> print(student_source("answer_1_1 = 42\\n# student:\\n# answer_1_1 = ...  # hm"))
    answer_1_1 = ...  # hm
    >>> print(student_source("answer_2_1 = 'b'\\nanswer_2_2 = 3"))
    answer_2_1 = ...  # your answer
    answer_2_2 = ...  # your answer
    """
    lines = source.splitlines()
    for i, line in enumerate(lines):
        if line.strip() == MARKER:
            kept = []
            for text in lines[i + 1 :]:
                if text.startswith("# "):
                    text = text[2:]
                elif text.strip() == "#":
                    text = ""
                kept.append(text)
            return "\n".join(kept).strip("\n")
    names = list(dict.fromkeys(ANSWER.findall(source)))
    if not names:
        return "# your code here"
    return "\n".join(f"{name} = ...  # your answer" for name in names)


def strip_asserts(source: str) -> str:
    """Remove top-level ``assert`` statements (all their lines) from a cell.

    Examples
    --------
    >>> print(strip_asserts("x = 1\\nassert x == 1, (\\n    'no'\\n)\\nprint(x)"))
    x = 1
    print(x)
    """
    tree = ast.parse(source)
    drop: set[int] = set()
    for node in tree.body:
        if isinstance(node, ast.Assert):
            drop.update(range(node.lineno, (node.end_lineno or node.lineno) + 1))
    lines = source.splitlines()
    kept = [line for n, line in enumerate(lines, start=1) if n not in drop]
    return "\n".join(kept).rstrip("\n")


def _clean(cell: nbformat.NotebookNode, index: int) -> nbformat.NotebookNode:
    """A copy of a cell without outputs, counts or volatile metadata."""
    metadata = {k: cell.metadata[k] for k in KEPT_METADATA if k in cell.metadata}
    if cell.cell_type == "code":
        new = nbformat.v4.new_code_cell(cell.source, metadata=metadata)
    elif cell.cell_type == "markdown":
        new = nbformat.v4.new_markdown_cell(cell.source, metadata=metadata)
    else:
        new = nbformat.v4.new_raw_cell(cell.source, metadata=metadata)
    new["id"] = cell.get("id") or f"cell-{index}"  # never a random id
    return new


def make_student(
    instructor: nbformat.NotebookNode, source_name: str = ""
) -> nbformat.NotebookNode:
    """The student version of an instructor notebook.

    Raises
    ------
    NotebookError
        If the last cell is not a code cell tagged ``final-check`` that
        asserts, or if no cell is tagged ``solution``.
    """
    cells = instructor.cells
    where = source_name or "notebook"
    if not cells or FINAL_TAG not in _tags(cells[-1]) or cells[-1].cell_type != "code":
        raise NotebookError(
            f"{where}: the last cell must be a code cell tagged {FINAL_TAG!r}"
        )
    if "assert" not in cells[-1].source:
        raise NotebookError(
            f"{where}: the {FINAL_TAG!r} cell must assert that every check passes"
        )
    if not any(SOLUTION_TAG in _tags(c) for c in cells):
        raise NotebookError(f"{where}: no cell is tagged {SOLUTION_TAG!r}")
    out = []
    for index, cell in enumerate(cells):
        tags = _tags(cell)
        if INSTRUCTOR_TAG in tags:
            continue
        if SOLUTION_TAG in tags and cell.cell_type != "code":
            raise NotebookError(
                f"{where}: cell {index} is tagged {SOLUTION_TAG!r} "
                f"but is not code; tag it {INSTRUCTOR_TAG!r}"
            )
        new = _clean(cell, index)
        if SOLUTION_TAG in tags:
            new.source = student_source(cell.source)
            new.metadata["tags"] = [
                ANSWER_TAG if tag == SOLUTION_TAG else tag for tag in tags
            ]
        elif FINAL_TAG in tags:
            new.source = strip_asserts(cell.source)
        out.append(new)
    metadata = {
        key: instructor.metadata[key]
        for key in ("kernelspec", "language_info")
        if key in instructor.metadata
    }
    metadata["exercises"] = {
        "version": "student",
        "generated_from": f"solutions/{source_name}" if source_name else "",
        "generated_by": "python -m exercises.make_student",
    }
    notebook = nbformat.v4.new_notebook(cells=out, metadata=metadata)
    notebook.nbformat, notebook.nbformat_minor = 4, 5
    return notebook


def render(notebook: nbformat.NotebookNode) -> str:
    """The notebook as text, exactly as it is written to disk."""
    nbformat.validate(notebook)
    text = nbformat.writes(notebook)
    return text if text.endswith("\n") else text + "\n"


def expected_files(
    solutions: Path = SOLUTIONS, student: Path = STUDENT
) -> dict[Path, str]:
    """Student path -> the text it should have, for every instructor notebook."""
    files = {}
    for path in sorted(solutions.glob("*.ipynb")):
        if not NAME.match(path.name):
            raise NotebookError(f"{path.name}: name must look like NN_topic.ipynb")
        instructor = nbformat.read(path, as_version=4)
        files[student / path.name] = render(make_student(instructor, path.name))
    return files


def unclean(notebook: nbformat.NotebookNode) -> bool:
    """True when a notebook holds outputs or execution counts."""
    return any(
        cell.cell_type == "code" and (cell.outputs or cell.execution_count is not None)
        for cell in notebook.cells
    )


def outdated(solutions: Path = SOLUTIONS, student: Path = STUDENT) -> list[str]:
    """Problems: student notebooks that differ from what the generator writes,
    and instructor notebooks stored with outputs."""
    wanted = expected_files(solutions, student)
    problems = [
        f"{path.name}: the instructor notebook has outputs; clear them"
        for path in sorted(solutions.glob("*.ipynb"))
        if unclean(nbformat.read(path, as_version=4))
    ]
    for path, text in wanted.items():
        if not path.exists():
            problems.append(f"{path.name}: missing")
        elif path.read_text(encoding="utf-8") != text:
            problems.append(f"{path.name}: out of date")
    for path in sorted(student.glob("*.ipynb")):
        if path not in wanted:
            problems.append(f"{path.name}: has no instructor notebook")
    return problems


def write(solutions: Path = SOLUTIONS, student: Path = STUDENT) -> list[Path]:
    """Write every student notebook whose text changed; return those written."""
    student.mkdir(parents=True, exist_ok=True)
    written = []
    for path, text in expected_files(solutions, student).items():
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8", newline="\n")
            written.append(path)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: write the student notebooks, or check them with --check."""
    parser = argparse.ArgumentParser(
        prog="python -m exercises.make_student",
        description="Write exercises/student/*.ipynb from exercises/solutions/.",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 and list the files that are out of date",
    )
    parser.add_argument(
        "--solutions", type=Path, default=SOLUTIONS, help=argparse.SUPPRESS
    )
    parser.add_argument("--student", type=Path, default=STUDENT, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    try:
        if args.check:
            problems = outdated(args.solutions, args.student)
            for line in problems:
                print(line)
            if problems:
                print("run: python -m exercises.make_student", file=sys.stderr)
                return 1
            print("student notebooks are up to date")
            return 0
        written = write(args.solutions, args.student)
    except (NotebookError, nbformat.ValidationError, SyntaxError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    for path in written:
        print(f"wrote {path}")
    if not written:
        print("student notebooks are up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
