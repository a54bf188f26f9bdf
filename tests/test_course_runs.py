"""Every comparison a learner is shown rests on at least five runs.

The course pages, the student exercises and the capstone's worked answer call
the simulator's comparison functions. This test reads their code (it runs
nothing) and finds how many runs each call asks for: a number written in the
call, a constant of the page (``RUNS = 5``, ``DAYS, WARMUP, RUNS = 120, 30, 5``),
or, inside a helper function of the page, what the page's calls of that helper
pass. A call whose number of runs it cannot find fails too, so that a new page
cannot slip past by hiding the number.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FEWEST = 5
"""The fewest runs a comparison shown to learners may use."""
RUN_FUNCTIONS = {
    "compare": (2, 10),
    "multiple_replications": (1, 10),
    "sensitivity": (4, 5),
}
"""Functions that run the simulator several times -> where the number of runs is
passed, and what they run when a call gives none (their default)."""
RUN_KEYWORD = "replications"
PAGES = sorted(
    [
        *ROOT.glob("notebooks/[0-9][0-9]_*.ipynb"),
        *ROOT.glob("exercises/student/[0-9][0-9]_*.ipynb"),
        ROOT / "exercises" / "seminar_kit" / "capstone.py",
    ]
)


def code_of(path: Path) -> str:
    """The Python of a page: a script's text, or a notebook's code cells."""
    if path.suffix == ".py":
        return path.read_text(encoding="utf-8")
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return "\n".join(
        "".join(c["source"])
        for c in cells
        if c["cell_type"] == "code"
        and not "".join(c["source"]).lstrip().startswith(("%", "!"))
    )


def _whole(node: ast.AST, known: dict[str, int]) -> int | None:
    """A whole number written as a literal or as a known name, else None."""
    if isinstance(node, ast.Constant) and type(node.value) is int:
        return node.value
    if isinstance(node, ast.Name):
        return known.get(node.id)
    return None


def constants(tree: ast.AST) -> dict[str, int]:
    """Names bound to whole numbers anywhere in the code, in assignment order."""
    known: dict[str, int] = {}
    for node in ast.walk(tree):
        if not isinstance(node, ast.Assign):
            continue
        for target in node.targets:
            pairs = [(target, node.value)]
            if isinstance(target, ast.Tuple) and isinstance(node.value, ast.Tuple):
                pairs = list(zip(target.elts, node.value.elts, strict=False))
            for name, value in pairs:
                number = _whole(value, known)
                if isinstance(name, ast.Name) and number is not None:
                    known[name.id] = number
    return known


def _name(call: ast.Call) -> str | None:
    func = call.func
    return func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)


def passed_to_helpers(tree: ast.AST, known: dict[str, int]) -> dict[str, int | None]:
    """Parameter of a helper function of the page -> the fewest runs its calls pass
    (the default where a call leaves it out); None when one passes something
    this test cannot read."""
    helpers: dict[str, list[tuple[str, ast.expr | None]]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef):
            args = node.args.args
            defaults = [None] * (len(args) - len(node.args.defaults))
            defaults += node.args.defaults
            helpers[node.name] = [
                (a.arg, d) for a, d in zip(args, defaults, strict=True)
            ]
    passed: dict[str, int | None] = {}
    for call in ast.walk(tree):
        if not isinstance(call, ast.Call) or _name(call) not in helpers:
            continue
        keywords = {k.arg: k.value for k in call.keywords}
        for place, (param, default) in enumerate(helpers[_name(call)]):
            value = call.args[place] if place < len(call.args) else None
            value = keywords.get(param, value if value is not None else default)
            if value is None:
                continue
            number, old = _whole(value, known), passed.get(param, 10**9)
            passed[param] = None if number is None or old is None else min(old, number)
    return passed


def runs_asked(code: str) -> list[tuple[str, int | None]]:
    """(the call as written, the runs it asks for or None) of every call that runs
    the simulator several times."""
    tree = ast.parse(code)
    known = constants(tree)
    helpers = passed_to_helpers(tree, known)
    found = []
    calls = [c for c in ast.walk(tree) if isinstance(c, ast.Call)]
    for call in sorted(calls, key=lambda c: (c.lineno, c.col_offset)):
        if _name(call) not in RUN_FUNCTIONS:
            continue
        place, default = RUN_FUNCTIONS[_name(call)]
        given = [k.value for k in call.keywords if k.arg == RUN_KEYWORD]
        if len(call.args) > place:
            given.append(call.args[place])
        if not given:
            found.append((ast.unparse(call)[:80], default))
            continue
        number = _whole(given[0], known)
        if number is None and isinstance(given[0], ast.Name):
            number = helpers.get(given[0].id)
        found.append((ast.unparse(call)[:80], number))
    return found


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_every_comparison_uses_at_least_five_runs(path: Path) -> None:
    for call, runs in runs_asked(code_of(path)):
        assert runs is not None, f"{path.name}: cannot tell the runs of {call}"
        assert runs >= FEWEST, f"{path.name}: {call} uses {runs} runs"


def test_the_reader_finds_the_runs_however_they_are_written() -> None:
    code = """
DAYS, WARMUP, RUNS = 120, 30, 5
FEW = 2
def helper(days, runs=9):
    return compare(a, b, replications=runs)
helper(DAYS, FEW)
helper(DAYS)
compare(a, [b, c], RUNS)
multiple_replications(a, 3)
compare(a, b)
sensitivity(a, b, "profit", None, FEW)
compare(a, b, choice.value)
"""
    asked = [runs for _, runs in runs_asked(code)]
    assert asked == [2, 5, 3, 10, 2, None]
