"""Notebooks are stored clean, and together they cover the course's concept map.

Their check-yourself questions (:func:`exercises.feedback.ask`) explain each
option on its own, and the widget shows the picked option's explanation.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import nbformat
import pytest

from exercises.feedback import ask

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted(ROOT.glob("notebooks/**/*.ipynb")) + sorted(
    ROOT.glob("exercises/**/*.ipynb")
)
MODULES = sorted(ROOT.glob("notebooks/0[1-9]_*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT)))
def test_notebook_is_stored_without_outputs(path):
    notebook = nbformat.read(path, as_version=4)
    for number, cell in enumerate(notebook.cells):
        if cell.cell_type != "code":
            continue
        assert cell.outputs == [], f"{path.name} cell {number} has stored outputs"
        assert cell.execution_count is None, f"{path.name} cell {number} has a count"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_module_has_the_parts_of_a_module(path):
    """Goals, a live widget, a plot, a check-yourself question, notes, sources."""
    notebook = nbformat.read(path, as_version=4)
    text = "\n".join(cell.source for cell in notebook.cells)
    code = "\n".join(c.source for c in notebook.cells if c.cell_type == "code")
    assert re.search(
        r"learning goals|you will|after this module you can", text, re.I
    ), "no learning goals"
    assert "ipywidgets" in code or "widgets." in code, "no live widget"
    assert re.search(r"plots\.|plt\.|\.plot\(", code), "no plot"
    assert "ask(" in code, "no check-yourself question"
    assert "**Trainer notes**" in text, "no trainer notes"
    assert re.search(r"^#+ Sources", text, re.M), "no sources section"
    assert "assert " in code, "no numbers asserted"


def _course_text() -> str:
    return "\n".join(
        cell.source
        for path in MODULES
        for cell in nbformat.read(path, as_version=4).cells
    ).lower()


# Each concept of the brief's map, with words that must appear somewhere in
# the modules when the concept is taught.
CONCEPTS = {
    "1 product vs customer-oriented vs client-centric": [
        "product-centric",
        "customer-oriented",
        "client-centric",
        "fader",
        "proactive",
        "reactive",
        "pasta",
    ],
    "2 Mann's four directions": ["mann", "attraction", "retention", "win-back"],
    "3 economics of loyalty": [
        "lost customer",
        "70,000",
        "lifetime value",
        "reichheld",
        "zero defections",
        "kotler",
        "pareto",
        "unverified",
        "deloitte",
    ],
    "4 service levels": [
        "wow",
        "zone of tolerance",
        "oliver",
        "erlang",
        "three yes",
        "20–30",
    ],
    "5 loyalty phases": ["advocate", "word of mouth", "won back", "referral"],
    "6 valuable customers": ["top 10%", "segment", "coupon", "crm"],
    "7 feedback and metrics": [
        "nps",
        "promoters",
        "detractors",
        "keiningham",
        "churn",
        "mystery shopper",
        "silent",
    ],
    "8 organisation": ["7s", "pillars", "nine steps", "obstacles", "crm"],
    "9 seminar games": ["role-play", "trainer notes"],
    "10 cases": ["starbucks", "ikea", "uber"],
}


@pytest.mark.parametrize("concept", CONCEPTS)
def test_every_concept_of_the_brief_is_taught(concept):
    text = _course_text()
    missing = [word for word in CONCEPTS[concept] if word.lower() not in text]
    assert not missing, f"concept {concept}: modules never mention {missing}"


# ---------------------------------------------------------------- check yourself
def _asks(path: Path) -> list[ast.Call]:
    calls = []
    for cell in nbformat.read(path, as_version=4).cells:
        if cell.cell_type == "code" and "ask(" in cell.source:
            tree = ast.parse(cell.source)
            calls += [
                node
                for node in ast.walk(tree)
                if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "ask"
            ]
    return calls


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_question_explains_each_option(path: Path) -> None:
    for call in _asks(path):
        question = ast.literal_eval(_unmarked(call.args[0]))
        options = _options(call.args[1])  # texts, or labels the package translates
        assert options, f"{question!r}: options as a list"
        # Explanations may quote the notebook's own runs (f-strings), so they are
        # checked as source: a list, one per option, each a non-empty distinct text.
        explanations = call.args[3]
        assert isinstance(explanations, ast.List), f"{question!r}: one explanation only"
        assert len(explanations.elts) == len(options), question
        texts = [_text_source(_unmarked(e)) for e in explanations.elts]
        assert all(texts), question
        assert len(set(texts)) == len(texts), question


def _options(node: ast.expr) -> list[ast.expr]:
    """The options of a question: a list, or one made from a literal tuple."""
    if isinstance(node, ast.List):
        return node.elts
    if (
        isinstance(node, ast.ListComp)
        and len(node.generators) == 1
        and isinstance(node.generators[0].iter, ast.Tuple | ast.List)
    ):
        return node.generators[0].iter.elts
    return []


def _unmarked(node: ast.expr) -> ast.expr:
    """A text marked for translation, ``_("…")`` or ``_("… {n}").format(n=…)``,
    as the text it marks."""
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "format"
    ):
        node = node.func.value
    if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "_" and node.args:
        return node.args[0]
    return node


def _text_source(node: ast.expr) -> str:
    """The literal words of a string or f-string node; empty if it is neither."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value.strip()
    if isinstance(node, ast.JoinedStr) and node.values:
        return ast.unparse(node)
    return ""


def _pick(widget, option: str) -> str:
    """Choose an option of an ``ask`` widget; the feedback it then shows."""
    _, choice, out = widget.children
    choice.value = option
    return out.value


def test_ask_shows_the_picked_options_own_explanation() -> None:
    widget = ask(
        "Which direction is a call to a customer who left?",
        ["Retention", "Return", "Attraction"],
        1,
        ["keeps those who still buy", "brings back those who left", "finds new ones"],
    )
    wrong = _pick(widget, "Retention")
    assert "keeps those who still buy" in wrong and "Not yet" in wrong
    assert "brings back" not in wrong and "finds new" not in wrong
    right = _pick(widget, "Return")
    assert "brings back those who left" in right and "Right" in right
    assert "keeps those" not in right
    other = _pick(widget, "Attraction")
    assert "finds new ones" in other and "Not yet" in other


def test_ask_refuses_one_explanation_for_every_option() -> None:
    with pytest.raises(TypeError, match="one explanation per option"):
        ask("2 + 2?", ["3", "4"], 1, "Count on your fingers.")


def test_ask_shows_nothing_before_a_choice() -> None:
    widget = ask("2 + 2?", ["3", "4"], 1, ["one short", "right"])
    assert widget.children[1].value is None and widget.children[2].value == ""


def test_ask_refuses_a_mismatched_number_of_explanations() -> None:
    with pytest.raises(ValueError, match="2 explanations for 3 options"):
        ask("Q?", ["a", "b", "c"], 0, ["why a", "why b"])
    with pytest.raises(ValueError, match="4 explanations for 3 options"):
        ask("Q?", ["a", "b", "c"], 0, ("1", "2", "3", "4"))
    with pytest.raises(TypeError, match="not a string"):
        ask("Q?", ["a", "b"], 0, ["why a", 2])
    with pytest.raises(ValueError, match="not an index"):
        ask("Q?", ["a", "b"], 2, ["why a", "why b"])
