"""Clean outputs: nbval's run of a notebook also checks what each cell printed.

A pytest plugin (loaded by the project's root ``conftest.py``). After nbval
runs a notebook cell, :func:`pytest_runtest_call` reads the outputs nbval
collected (``item.test_outputs``) and fails the cell when one of them shows

* a warning, or anything on stderr;
* NaN (a table cell or a number that is "not a number");
* a traceback;
* a path of this machine (``/root/...``, ``site-packages``...);

and, for what learners read (the course modules and the student exercises),
any leak that :func:`tests.support.plain_words.problems` finds: parameter
keys, file paths, commands, code names, raw decimals, "replication".

So the notebooks run once (under nbval, as CI already does) and their outputs
are checked on the way, instead of running them a second time.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest

from .plain_words import problems as plain_problems

LEARNER_FOLDERS = ("notebooks", "student")
"""Notebooks whose outputs a learner reads (a folder name on the path)."""

DIRTY: dict[str, re.Pattern[str]] = {
    "a warning": re.compile(r"\b\w*Warning\b|\bwarnings?\.warn\b"),
    "NaN": re.compile(r"(?<![\w/])(?:NaN|nan)(?![\w/])"),
    "a traceback": re.compile(
        r"Traceback \(most recent call last\)|\bError: .*line \d+"
    ),
    "a machine path": re.compile(
        r"(?:/root/|/home/|/tmp/|/usr/|/opt/|/work/|site-packages|[A-Z]:\\\\)"
    ),
}
"""What no output may show."""

WIDGET = "application/vnd.jupyter.widget-view+json"
TAG = re.compile(r"<style.*?</style>|<[^>]+>", re.DOTALL)


def output_texts(outputs: Iterable[Any]) -> Iterator[tuple[str, str]]:
    """``(kind, text)`` of each output: stdout, stderr, error, or a MIME type.

    HTML loses its tags and entities; images are skipped, and so are widgets
    (their plain text, such as "Output()", is what a terminal would show, not a
    learner). A rich output is read once, from its richest text (HTML, then
    Markdown, then plain).
    """
    for out in outputs:
        kind = out.get("output_type", "")
        if kind == "stream":
            yield out.get("name", "stdout"), out.get("text", "")
        elif kind == "error":
            yield "error", "\n".join(out.get("traceback", [])) or out.get("evalue", "")
        elif kind in ("display_data", "execute_result"):
            data = out.get("data", {})
            if WIDGET in data:
                continue
            for mime in ("text/html", "text/markdown", "text/plain"):
                if mime in data:
                    text = data[mime]
                    text = "".join(text) if isinstance(text, list) else str(text)
                    if mime == "text/html":
                        text = html.unescape(TAG.sub(" ", text))
                    yield mime, text
                    break


def dirty(outputs: Iterable[Any], learner: bool) -> list[str]:
    """Everything wrong with a cell's outputs, one line each."""
    found = []
    for kind, text in output_texts(outputs):
        if kind == "stderr" and text.strip():
            found.append(f"stderr: {text.strip()[:200]!r}")
            continue
        for what, pattern in DIRTY.items():
            match = pattern.search(text)
            if match:
                start = max(0, match.start() - 60)
                found.append(f"{what} in {kind}: ...{text[start : match.end() + 60]!r}")
        if learner and kind != "error":
            found += [f"{p} (in {kind})" for p in plain_problems(text)]
    return found


def is_learner_notebook(path: Path) -> bool:
    """True for the course modules and the student exercises."""
    return any(part in LEARNER_FOLDERS for part in path.parts[-3:-1])


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    """Fail an nbval cell whose run succeeded but whose outputs are not clean."""
    result = yield
    outputs = getattr(item, "test_outputs", None)
    if outputs is None or not item.nodeid.split("::")[0].endswith(".ipynb"):
        return result
    found = dirty(outputs, is_learner_notebook(Path(str(item.path))))
    if found:
        pytest.fail(
            f"{item.nodeid}: outputs are not clean:\n" + "\n".join(found[:10]),
            pytrace=False,
        )
    return result
