"""The slide export: slide metadata on the fly, trainer notes as speaker notes.

``scripts/export_slides.py`` is a script, not part of the package, so it is
loaded from its file. One test executes and exports a real module notebook
into a temporary folder; the others use a small notebook built here.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "export_slides.py"
MODULE = ROOT / "notebooks" / "08_organisation.ipynb"
HEADING = "Organising for customer focus"


def _load_script():
    spec = importlib.util.spec_from_file_location("export_slides", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


export_slides = _load_script()


def small_notebook() -> nbformat.NotebookNode:
    """Title, text, a section with a code cell and its output, notes, sources."""
    plot = new_code_cell("print('hello')")
    plot.outputs = [new_output("stream", name="stdout", text="hello\n")]
    nb = new_notebook(
        cells=[
            new_markdown_cell("# A tiny module\n\nGoals."),
            new_markdown_cell("Some text under the title."),
            new_markdown_cell("## First section\n\nText."),
            plot,
            new_markdown_cell("### A detail"),
            new_code_cell(""),
            new_markdown_cell("**Trainer notes**\n\n* Ask the room a SECRET-QUESTION."),
            new_markdown_cell("## Sources\n\n* Seed 000."),
        ]
    )
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    return nb


def inside_notes(html: str, index: int) -> bool:
    """Whether position ``index`` of the HTML lies inside speaker notes."""
    opened = html.rfind('<aside class="notes">', 0, index)
    closed = html.rfind("</aside>", 0, index)
    return opened > closed


def test_slide_types_follow_headings_and_notes():
    nb = small_notebook()
    marked = export_slides.add_slide_metadata(nb)
    kinds = [c.metadata["slideshow"]["slide_type"] for c in marked.cells]
    assert kinds == [
        "slide",  # "# A tiny module"
        "fragment",  # plain text: shown on the next click
        "slide",  # "## First section"
        "fragment",  # code with output that fits on the slide
        "subslide",  # "### A detail"
        "skip",  # an empty code cell
        "notes",  # trainer notes become speaker notes
        "slide",  # "## Sources"
    ]
    # The stored notebook is not changed: metadata is set on a copy.
    assert all("slideshow" not in c.metadata for c in nb.cells)


def test_long_content_goes_to_a_subslide():
    long_text = "\n".join(f"line {i}" for i in range(export_slides.ROOM + 5))
    nb = new_notebook(
        cells=[new_markdown_cell("## Section"), new_markdown_cell(long_text)]
    )
    marked = export_slides.add_slide_metadata(nb)
    assert marked.cells[1].metadata["slideshow"]["slide_type"] == "subslide"


def test_trainer_notes_are_speaker_notes(tmp_path):
    path = tmp_path / "tiny.ipynb"
    nbformat.write(small_notebook(), path)
    html_file = export_slides.export(path, tmp_path / "slides", run=False)
    html = html_file.read_text(encoding="utf-8")
    assert "reveal.js" in html
    hits = [m.start() for m in re.finditer("SECRET-QUESTION", html)]
    assert hits, "the trainer notes are missing from the slides"
    assert all(inside_notes(html, i) for i in hits), "trainer notes shown on a slide"
    assert not inside_notes(html, html.find("First section"))
    # The output folder keeps itself out of git.
    assert (tmp_path / "slides" / ".gitignore").read_text().strip().endswith("*")


@pytest.mark.skipif(not MODULE.exists(), reason="module 08 notebook not present")
def test_module_notebook_exports_with_plots(tmp_path):
    html_file = export_slides.export(MODULE, tmp_path, timeout=120)
    assert html_file == tmp_path / "08_organisation.slides.html"
    assert html_file.exists()
    html = html_file.read_text(encoding="utf-8")
    assert "reveal.js" in html
    assert HEADING in html
    assert html.count("<section") > 5
    assert "data:image/png" in html, "the notebook was not executed: no plots"
    notes = [m.start() for m in re.finditer("Trainer notes", html)]
    assert notes, "the trainer notes are missing"
    assert all(inside_notes(html, i) for i in notes), "trainer notes shown on a slide"
    # The stored notebook keeps no outputs and no slide metadata.
    stored = nbformat.read(MODULE, as_version=4)
    assert all(not c.get("outputs") for c in stored.cells if c.cell_type == "code")
    assert all("slideshow" not in c.metadata for c in stored.cells)


def test_default_selection_is_modules_one_to_nine(tmp_path):
    for name in ["00_start_here", "01_a", "09_b", "10_policy_lab", "notes"]:
        (tmp_path / f"{name}.ipynb").write_text("{}")
    chosen = [p.stem for p in export_slides.module_notebooks(tmp_path)]
    assert chosen == ["01_a", "09_b"]
    every = [p.stem for p in export_slides.module_notebooks(tmp_path, every=True)]
    assert every == ["00_start_here", "01_a", "09_b", "10_policy_lab"]


def test_missing_notebook_fails_with_a_message(tmp_path, capsys):
    status = export_slides.main([str(tmp_path / "nope.ipynb"), "--out", str(tmp_path)])
    assert status == 1
    assert "no such notebook" in capsys.readouterr().err
