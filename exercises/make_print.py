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
    python -m exercises.make_print --lang ru --out /tmp/ru   # the Russian edition

In another language (``--lang``) the text comes from the translated notebooks,
the quizzes' and the software's catalogs, the runs from ``print_runs`` in that
language; only English is kept here (``scripts/handouts.py`` prints the rest).
"""

from __future__ import annotations

import argparse
import re
import sys
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import nbformat

from simulations.i18n import SOURCE, _, language, ngettext

from .print_runs import (
    FIGURES,
    OUT,
    RUNS,
    SOLUTIONS,
    _source,
    _tags,
    figures_folder,
    language_runs_text,
    read_runs,
    run_solutions,
    runs_file,
    runs_text,
)
from .quiz import QUIZZES, Quiz, load_quiz

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
STUDENT = HERE / "student"
NOTEBOOKS = ROOT / "notebooks"
PRE_POST = "pre_post"
ANSWER = re.compile(r"^(answer_(\d+)_(\d+))\s*=", re.MULTILINE)
BOX = "☐"
LINE = "\\_" * 60
WRITING_LINES = {"choice": 1, "number": 1, "whole": 1, "text": 5}
"""Lines to write on, by the kind of answer a task asks for (2 otherwise)."""


def phrases(lang: str = SOURCE) -> dict[str, Any]:
    """The fixed words of the printed material, in ``lang``.

    Their translations are in the software's catalog (``babel.cfg`` collects
    every text of ``phrases.toml``); an untranslated one stays in English.
    """
    data = tomllib.loads((OUT / "phrases.toml").read_text(encoding="utf-8"))
    with language(lang):
        return {
            part: {k: _(v) if isinstance(v, str) else v for k, v in words.items()}
            for part, words in data.items()
        }


def translated(path: Path, lang: str) -> Path:
    """The copy of a notebook in ``lang`` (``<folder>/<lang>/``), else ``path``."""
    copy = path.parent / lang / path.name
    return copy if lang != SOURCE and copy.is_file() else path


# ---------------------------------------------------------------- the modules
def modules(lang: str = SOURCE) -> list[tuple[str, str]]:
    """(number, title) of each course module, from its notebook's first heading."""
    found = []
    for path in sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")):
        cells = nbformat.read(translated(path, lang), as_version=4).cells
        text = next(c for c in cells if c.cell_type == "markdown")
        first = _source(text).splitlines()[0]
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
def _translated_paper(english: str, text: str) -> str:
    """A translated cell's Markdown without the paragraphs that the English
    leaves out on paper (how to work in a notebook): a translation keeps its
    source's paragraphs, one for one."""
    from .print_tables import on_paper

    if text == english:
        return text
    ours, theirs = re.split(r"\n\s*\n", english), re.split(r"\n\s*\n", text)
    if len(ours) != len(theirs):
        return text
    kept = [t for e, t in zip(ours, theirs, strict=True) if on_paper(e).strip()]
    return "\n\n".join(kept)


def worksheet(
    path: Path, runs: dict[str, Any], words: dict[str, str], lang: str = SOURCE
) -> list[str]:
    """The student notebook of a module as a worksheet (its text in ``lang``)."""
    from .checks import CHECKS
    from .print_tables import on_paper

    nb = nbformat.read(path, as_version=4)
    # The translated copy has the same cells (and ids), its Markdown translated.
    text_of = {c.id: _source(c) for c in nbformat.read(translated(path, lang), 4).cells}
    shown = runs.get(path.stem, {}).get("shown", {})
    lines: list[str] = []
    for index, cell in enumerate(nb.cells):
        source = _source(cell)
        if cell.cell_type == "markdown":
            if source.lstrip().startswith("## All tasks at once"):
                continue
            source = _translated_paper(source, text_of.get(cell.id, source))
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


def workbook(runs: dict[str, Any], lang: str = SOURCE) -> str:
    """The participant's workbook, as Markdown (quizzes in the language in use)."""
    words = phrases(lang)["workbook"]
    lines = [f"# {words['title']}", "", words["intro"].strip()]
    for number, title in modules(lang):
        student = sorted(STUDENT.glob(f"{number}_*.ipynb"))
        quiz = _quiz(number)
        if not student and quiz is None:
            continue
        lines += ["", f"## {words['module']} {number} · {title}"]
        if student:
            lines += worksheet(student[0], runs, words, lang)
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


def answer_key(runs: dict[str, Any], lang: str = SOURCE) -> str:
    """The trainer's answer key, as Markdown (quizzes in the language in use)."""
    from .checks import CHECKS, TASKS

    words = phrases(lang)["key"]
    lines = [f"# {words['title']}", "", words["intro"].strip()]
    for number, title in modules(lang):
        solution = sorted(SOLUTIONS.glob(f"{number}_*.ipynb"))
        quiz = _quiz(number)
        checks = runs.get(solution[0].stem, {}).get("checks", {}) if solution else {}
        if not checks and quiz is None:
            continue
        lines += ["", f"## {phrases(lang)['workbook']['module']} {number} · {title}"]
        if checks:
            lines += ["", f"### {words['exercises']}", ""]
            for task, text in sorted(
                checks.items(), key=lambda kv: [int(n) for n in kv[0].split(".")]
            ):
                name = f"{task} {TASKS.get(task, '')}".strip()
                said = re.sub(r"^\[[^\]]*\]\s*", "", text)
                said = said.removeprefix(f"{name}: ")
                said = said.removeprefix(f"{task} {_(TASKS.get(task, ''))}: ")
                said = said.replace(
                    "answered (free text is not graded). Compare with a model answer:",
                    words["free_text"],
                )
                kind = getattr(CHECKS.get(task), "kind", "")
                if (
                    kind in ("number", "whole") and lang == SOURCE
                ):  # docstrings: English
                    doc = CHECKS[task].__doc__ or ""
                    method = doc.removeprefix(f"Task {name}: ").strip()
                    if method and not method.startswith("Task "):
                        said = f"{said.rstrip('.')}. {method.splitlines()[0]}"
                name = f"{task} {_(TASKS.get(task, ''))}".strip()
                stop = "" if name.endswith(("?", ".")) else "."
                lines.append(f"- **{name}{stop}** {said}")
        if quiz is not None:
            lines += ["", f"### {words['quiz']}: {quiz.title}", ""]
            lines += _key_lines(quiz, words)
    test = load_quiz(PRE_POST)
    lines += ["", f"## {words['pre_post']}", "", *_key_lines(test, words)]
    return "\n".join(lines).strip() + "\n"


# ---------------------------------------------------------------- the test
def pre_post_test(lang: str = SOURCE) -> str:
    """The test of ten questions, the same before and after the seminar."""
    words = phrases(lang)["test"]
    quiz = load_quiz(PRE_POST)
    lines = [f"# {words['title']}", ""]
    lines += [f"{words['name']}: {LINE[:40]} {words['date']}: {LINE[:24]}", ""]
    lines += [f"{words['when']}: {BOX} {words['before']} {BOX} {words['after']}", ""]
    lines += [words["intro"].strip(), *_ticks(quiz)]
    lines += ["", f"{words['score']}: {LINE[:12]} / {len(quiz.questions)}"]
    return "\n".join(lines).strip() + "\n"


def pre_post_scoring(lang: str = SOURCE) -> str:
    """The scoring sheet of the test: the right answers and a table for the room."""
    words = phrases(lang)["scoring"]
    quiz = load_quiz(PRE_POST)
    lines = [f"# {words['title']}", "", words["intro"].strip(), ""]
    lines += [f"## {words['key_heading']}", ""]
    lines += [f"| {words['question']} | {words['right']} | {words['topic']} |"]
    lines += ["| --- | --- | --- |"]
    for n, q in enumerate(quiz.questions, start=1):
        taught = re.findall(
            r"(?:modules?|модул[а-я]*) [\d ,andи]+\d", q.feedback[q.correct]
        )
        where = taught[-1] if taught else ""
        if where and lang != SOURCE:  # the English feedback's modules, in lang
            numbers = re.findall(r"\d+", where)
            where = ngettext(
                "module {numbers}", "modules {numbers}", len(numbers)
            ).format(numbers=", ".join(numbers))
        lines.append(f"| {n} | {chr(65 + q.correct)} | {where} |")
    lines += ["", f"## {words['class_heading']}", ""]
    head = (words["participant"], words["before"], words["after"], words["gain"])
    lines += ["| " + " | ".join(head) + " |", "| --- | --- | --- | --- |"]
    lines += ["| &nbsp; | | | |"] * int(words["rows"])
    lines += ["", words["summary"].strip()]
    return "\n".join(lines).strip() + "\n"


# ---------------------------------------------------------------- files
def expected(
    runs: dict[str, Any], lang: str = SOURCE, out: Path = OUT
) -> dict[Path, str]:
    """Each printed file (in ``out``) and the text it should have, in ``lang``."""
    with language(lang):  # the quizzes, the tasks' titles
        return {
            out / "workbook.md": workbook(runs, lang),
            out / "answer_key.md": answer_key(runs, lang),
            out / "pre_post_test.md": pre_post_test(lang),
            out / "pre_post_scoring.md": pre_post_scoring(lang),
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
    from simulations.i18n import LANGUAGES

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
    parser.add_argument(
        "--lang",
        default=SOURCE,
        choices=list(LANGUAGES),
        help="the language of the text (default: English, kept in exercises/print/)",
    )
    parser.add_argument(
        "--out", type=Path, help="folder for another language's Markdown files"
    )
    args = parser.parse_args(argv)
    if args.lang != SOURCE:
        return _other_language(args.lang, args.out, args.runs)
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


def _other_language(lang: str, out: Path | None, runs: bool) -> int:
    """``--lang``: keep the language's runs (with ``--runs``), write its Markdown."""
    if runs:
        fresh = run_solutions(lang=lang)
        text = language_runs_text(fresh)
        runs_file(lang).write_text(text, encoding="utf-8", newline="\n")
        print(f"wrote {runs_file(lang).relative_to(ROOT)}")
    if out is None:
        if not runs:
            print("--lang: say where the Markdown goes (--out FOLDER)", file=sys.stderr)
            return 2
        return 0
    out.mkdir(parents=True, exist_ok=True)
    for path, text in expected(read_runs(lang=lang), lang, out).items():
        path.write_text(text, encoding="utf-8", newline="\n")
        print(f"wrote {path}")
    print(f"its figures are in {figures_folder(lang)} and {FIGURES}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
