"""Notebooks are stored clean, and together they cover the course's concept map."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted(ROOT.glob("notebooks/*.ipynb")) + sorted(
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
