"""Write the printed material from the exercise notebooks, the quizzes and their runs.

Into ``exercises/print/``:

* ``workbook.md`` - the participant's workbook: each module's exercises as a
  worksheet (the task texts, the tables and figures of the runs, space to
  write; no code) and its quiz questions;
* ``answer_key.md`` - the trainer's answer key: every exercise's answer with
  its reason, as the checks give it on the worked answers, and every quiz's
  right option with its feedback;
* ``pre_post_test.md`` and ``pre_post_scoring.md`` - the test of ten questions
  for the start and the end of a seminar, and its scoring sheet.

The runs come from executing the worked exercise notebooks
(``exercises/solutions/``): what their tables show and what their checks say
is kept in ``print/runs.json`` (figures in ``print/figures/``), so that the
Markdown is written from the files alone, quickly. The fixed words are in
``print/phrases.toml``. The same input gives the same files.

Usage::

    python -m exercises.make_print            # write the Markdown from runs.json
    python -m exercises.make_print --runs     # run the worked notebooks first
    python -m exercises.make_print --check    # exit 1 if a file is out of date
    python -m exercises.make_print --check --runs   # ... the runs too (minutes)
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import nbformat

from .quiz import QUIZZES, Quiz, load_quiz

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "print"
RUNS = OUT / "runs.json"
FIGURES = OUT / "figures"
SOLUTIONS = HERE / "solutions"
STUDENT = HERE / "student"
NOTEBOOKS = ROOT / "notebooks"
PRE_POST = "pre_post"
CHECK_CALL = re.compile(r"^check_(\d+)_(\d+)\(\)$")
ANSWER = re.compile(r"^(answer_(\d+)_(\d+))\s*=", re.MULTILINE)
BOX = "☐"
LINE = "\\_" * 60
WRITING_LINES = {"choice": 1, "number": 1, "whole": 1, "text": 5}
"""Lines to write on, by the kind of answer a task asks for (2 otherwise)."""


def phrases() -> dict[str, Any]:
    """The fixed words of the printed material."""
    return tomllib.loads((OUT / "phrases.toml").read_text(encoding="utf-8"))


def _tags(cell: Any) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def _source(cell: Any) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def _is_display(cell: Any) -> bool:
    """A code cell whose outputs a learner reads: not an answer, check or summary."""
    source = _source(cell).strip()
    return (
        cell.get("cell_type") == "code"
        and not {"solution", "answer", "final-check"} & set(_tags(cell))
        and not CHECK_CALL.match(source)
        and not source.startswith(("from ", "import "))
    )


# ---------------------------------------------------------------- the runs
def _execute(nb: Any, timeout: int) -> None:
    """Run a notebook in place, its kernel on local sockets in a private folder
    (no TCP port that another process could take), from the project's root."""
    import tempfile

    from jupyter_client import KernelManager
    from nbclient import NotebookClient

    with tempfile.TemporaryDirectory(prefix="cfl-print-") as sockets:
        km = KernelManager(
            kernel_name="python3",
            transport="ipc",
            ip=str(Path(sockets) / "kernel"),
            connection_file=str(Path(sockets) / "connection.json"),
        )
        client = NotebookClient(
            nb,
            km=km,
            timeout=timeout,
            kernel_name="python3",
            resources={"metadata": {"path": str(ROOT)}},
        )
        try:
            client.execute()
        finally:
            if km.has_kernel:
                km.shutdown_kernel(now=True)


def run_solutions(folder: Path = SOLUTIONS, timeout: int = 600) -> dict[str, Any]:
    """Execute every worked exercise notebook; keep what its tables and checks say."""
    from .print_tables import output_blocks

    os.environ.setdefault("PYTHONPATH", str(ROOT))
    os.environ["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"
    if FIGURES.is_dir():
        for old in FIGURES.glob("*.png"):
            old.unlink()
    runs: dict[str, Any] = {}
    for path in sorted(folder.glob("[0-9][0-9]_*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        _execute(nb, timeout)
        shown, checks = {}, {}
        for cell in nb.cells:
            source = _source(cell).strip()
            if _is_display(cell):
                stem = f"{path.stem[:2]}-{cell.id}"
                blocks = output_blocks(cell.outputs, FIGURES, stem)
                if blocks:
                    shown[cell.id] = blocks
            elif CHECK_CALL.match(source):
                number = "{}.{}".format(*CHECK_CALL.match(source).groups())
                texts = [o.get("data", {}).get("text/plain", "") for o in cell.outputs]
                checks[number] = next((t for t in texts if t), "")
        runs[path.stem] = {"shown": shown, "checks": checks}
    return runs


def read_runs(path: Path = RUNS) -> dict[str, Any]:
    """The kept runs (empty when there are none yet)."""
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def runs_text(runs: dict[str, Any]) -> str:
    """The runs as they are kept on disk."""
    return json.dumps(runs, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


# ---------------------------------------------------------------- the modules
def modules() -> list[tuple[str, str]]:
    """(number, title) of each course module, from its notebook's first heading."""
    found = []
    for path in sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")):
        first = _source(nbformat.read(path, as_version=4).cells[0]).splitlines()[0]
        title = re.sub(r"^#\s*(\d\d\s*·\s*)?", "", first).strip()
        found.append((path.name[:2], title))
    return found


def _quiz(number: str) -> Quiz | None:
    return load_quiz(number) if (QUIZZES / f"{number}.toml").is_file() else None


def _ticks(quiz: Quiz) -> list[str]:
    """Each question in bold, then its options with a box to tick."""
    lines = []
    for n, q in enumerate(quiz.questions, start=1):
        lines += ["", f"**{n}. {q.text}**", ""]
        lines += [f"{BOX} {chr(65 + i)}. {o}  " for i, o in enumerate(q.options)]
    return lines


def _quiz_questions(quiz: Quiz, words: dict[str, str]) -> list[str]:
    return [
        f"### {words['quiz']}: {quiz.title}",
        "",
        words["quiz_intro"],
        *_ticks(quiz),
    ]


# ---------------------------------------------------------------- workbook
def worksheet(path: Path, runs: dict[str, Any], words: dict[str, str]) -> list[str]:
    """The student notebook of a module as a worksheet."""
    from .checks import CHECKS
    from .print_tables import on_paper

    nb = nbformat.read(path, as_version=4)
    shown = runs.get(path.stem, {}).get("shown", {})
    lines: list[str] = []
    for index, cell in enumerate(nb.cells):
        source = _source(cell)
        if cell.cell_type == "markdown":
            if source.lstrip().startswith("## All tasks at once"):
                continue
            if index == 0:  # the notebook's title: the module heading stands for it
                source = "\n".join(source.splitlines()[1:])
            text = re.sub(r"^(#+) ", r"#\1 ", on_paper(source), flags=re.MULTILINE)
            lines += ["", text] if text.strip() else []
        elif "answer" in _tags(cell):
            for _name, module, task in ANSWER.findall(source):
                number = f"{module}.{task}"
                check = CHECKS.get(number)
                if getattr(check, "kind", "") == "scenario":
                    lines += ["", f"*{words['at_computer']}*"]
                    continue
                lines += ["", f"**{words['your_answer']} ({number}):**", ""]
                lines += [LINE, ""] * WRITING_LINES.get(getattr(check, "kind", ""), 2)
        elif cell.id in shown:
            for block in shown[cell.id]:
                lines += ["", block]
    return lines


def workbook(runs: dict[str, Any]) -> str:
    """The participant's workbook, as Markdown."""
    words = phrases()["workbook"]
    lines = [f"# {words['title']}", "", words["intro"].strip()]
    for number, title in modules():
        student = sorted(STUDENT.glob(f"{number}_*.ipynb"))
        quiz = _quiz(number)
        if not student and quiz is None:
            continue
        lines += ["", f"## {words['module']} {number} · {title}"]
        if student:
            lines += worksheet(student[0], runs, words)
        if quiz is not None:
            lines += ["", *_quiz_questions(quiz, words)]
    return "\n".join(lines).strip() + "\n"


# ---------------------------------------------------------------- answer key
def _key_lines(quiz: Quiz, words: dict[str, str]) -> list[str]:
    lines = []
    for n, q in enumerate(quiz.questions, start=1):
        right = f"{chr(65 + q.correct)}. {q.options[q.correct]}"
        lines.append(f"{n}. **{right}** {q.feedback[q.correct]}")
    return lines


def answer_key(runs: dict[str, Any]) -> str:
    """The trainer's answer key, as Markdown."""
    from .checks import CHECKS, TASKS

    words = phrases()["key"]
    lines = [f"# {words['title']}", "", words["intro"].strip()]
    for number, title in modules():
        solution = sorted(SOLUTIONS.glob(f"{number}_*.ipynb"))
        quiz = _quiz(number)
        checks = runs.get(solution[0].stem, {}).get("checks", {}) if solution else {}
        if not checks and quiz is None:
            continue
        lines += ["", f"## {phrases()['workbook']['module']} {number} · {title}"]
        if checks:
            lines += ["", f"### {words['exercises']}", ""]
            for task, text in sorted(checks.items(), key=lambda kv: _order(kv[0])):
                name = f"{task} {TASKS.get(task, '')}".strip()
                said = re.sub(r"^\[[^\]]*\]\s*", "", text)
                said = said.removeprefix(f"{name}: ")
                said = said.replace(
                    "answered (free text is not graded). Compare with a model answer:",
                    words["free_text"],
                )
                kind = getattr(CHECKS.get(task), "kind", "")
                if kind in ("number", "whole"):
                    doc = CHECKS[task].__doc__ or ""
                    method = doc.removeprefix(f"Task {name}: ").strip()
                    if method and not method.startswith("Task "):
                        said = f"{said.rstrip('.')}. {method.splitlines()[0]}"
                stop = "" if name.endswith(("?", ".")) else "."
                lines.append(f"- **{name}{stop}** {said}")
        if quiz is not None:
            lines += ["", f"### {words['quiz']}: {quiz.title}", ""]
            lines += _key_lines(quiz, words)
    test = load_quiz(PRE_POST)
    lines += ["", f"## {words['pre_post']}", "", *_key_lines(test, words)]
    return "\n".join(lines).strip() + "\n"


def _order(task: str) -> tuple[int, int]:
    module, number = task.split(".")
    return int(module), int(number)


# ---------------------------------------------------------------- the test
def pre_post_test() -> str:
    """The test of ten questions, the same before and after the seminar."""
    words = phrases()["test"]
    quiz = load_quiz(PRE_POST)
    lines = [f"# {words['title']}", ""]
    lines += [f"{words['name']}: {LINE[:40]} {words['date']}: {LINE[:24]}", ""]
    lines += [f"{words['when']}: {BOX} {words['before']} {BOX} {words['after']}", ""]
    lines += [words["intro"].strip(), *_ticks(quiz)]
    lines += ["", f"{words['score']}: {LINE[:12]} / {len(quiz.questions)}"]
    return "\n".join(lines).strip() + "\n"


def pre_post_scoring() -> str:
    """The scoring sheet of the test: the right answers and a table for the room."""
    words = phrases()["scoring"]
    quiz = load_quiz(PRE_POST)
    lines = [f"# {words['title']}", "", words["intro"].strip(), ""]
    lines += [f"## {words['key_heading']}", ""]
    lines += [f"| {words['question']} | {words['right']} | {words['topic']} |"]
    lines += ["| --- | --- | --- |"]
    for n, q in enumerate(quiz.questions, start=1):
        taught = re.findall(r"modules? [\d ,and]+\d", q.feedback[q.correct])
        where = taught[-1] if taught else ""
        lines.append(f"| {n} | {chr(65 + q.correct)} | {where} |")
    lines += ["", f"## {words['class_heading']}", ""]
    head = (words["participant"], words["before"], words["after"], words["gain"])
    lines += ["| " + " | ".join(head) + " |", "| --- | --- | --- | --- |"]
    lines += ["| &nbsp; | | | |"] * int(words["rows"])
    lines += ["", words["summary"].strip()]
    return "\n".join(lines).strip() + "\n"


# ---------------------------------------------------------------- files
def expected(runs: dict[str, Any]) -> dict[Path, str]:
    """Each printed file and the text it should have."""
    return {
        OUT / "workbook.md": workbook(runs),
        OUT / "answer_key.md": answer_key(runs),
        OUT / "pre_post_test.md": pre_post_test(),
        OUT / "pre_post_scoring.md": pre_post_scoring(),
    }


def outdated(runs: dict[str, Any] | None = None) -> list[str]:
    """Files that differ from what would be written now."""
    fresh = runs is not None
    runs = read_runs() if runs is None else runs
    stale = [
        path.name
        for path, text in expected(runs).items()
        if not path.is_file() or path.read_text(encoding="utf-8") != text
    ]
    if fresh and (
        not RUNS.is_file() or RUNS.read_text(encoding="utf-8") != runs_text(runs)
    ):
        stale.append(RUNS.name)
    return stale


def write(runs: dict[str, Any]) -> list[Path]:
    """Write the runs (when given fresh) and every printed file that changed."""
    OUT.mkdir(parents=True, exist_ok=True)
    files = {RUNS: runs_text(runs), **expected(runs)}
    written = []
    for path, text in files.items():
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8", newline="\n")
            written.append(path)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: see the module docstring."""
    parser = argparse.ArgumentParser(
        prog="python -m exercises.make_print",
        description="Write the workbook, the answer key and the test into exercises/print/.",
    )
    parser.add_argument(
        "--runs", action="store_true", help="run the worked notebooks first"
    )
    parser.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 if stale"
    )
    args = parser.parse_args(argv)
    runs = run_solutions() if args.runs else None
    if args.check:
        stale = outdated(runs)
        for name in stale:
            print(f"{name}: out of date")
        if stale:
            print("run: python -m exercises.make_print --runs", file=sys.stderr)
            return 1
        print("the printed material is up to date")
        return 0
    for path in write(runs if runs is not None else read_runs()):
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
