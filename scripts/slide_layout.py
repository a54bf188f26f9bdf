"""How the course's cells become slides: which starts a slide, which a sub-slide.

Used by ``scripts/export_slides.py``. A markdown cell that starts with ``#`` or
``##`` starts a slide, one with ``###`` a sub-slide; trainer notes become
speaker notes; any other cell is a fragment while the slide has room for it,
and starts a sub-slide when it would overflow. The room is counted in lines:
text wrapped at ``LINE_WIDTH`` characters, an image as ``IMAGE_LINES``.
"""

from __future__ import annotations

import copy
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "site_src" / "_ext"))

import cfl_languages  # noqa: E402  (shared with the website: site_src/_ext)
import cfl_pages  # noqa: E402

TRAINER_NOTES = tuple(sorted(cfl_languages.trainer_notes_markers()))
"""How a trainer-notes cell starts, in every language (bold, or as a heading)."""
ROOM = 22
"""Lines that fit on one slide before a cell goes to a sub-slide instead."""
LINE_WIDTH = 90
"""Characters of text on one line of a slide."""
IMAGE_LINES = 16
"""Lines of slide an image takes up."""


def _text(cell: nbformat.NotebookNode) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def _wrapped_lines(text: str, width: int = LINE_WIDTH) -> int:
    """Lines of slide a text takes, long lines wrapped at ``width`` characters."""
    return sum(max(1, -(-len(line) // width)) for line in text.split("\n"))


def _output_lines(cell: nbformat.NotebookNode) -> int:
    """Roughly how many lines of slide the outputs of a code cell take."""
    lines = 0
    for output in cell.get("outputs", []):
        data = output.get("data", {})
        if "image/png" in data or "image/svg+xml" in data:
            lines += IMAGE_LINES
        elif "application/vnd.jupyter.widget-view+json" in data:
            lines += 3
        elif "text/html" in data and "<iframe" in _text({"source": data["text/html"]}):
            lines += ROOM  # a page in a frame (a replay of a day): a slide of its own
        elif "text/html" in data:
            rows = _text({"source": data["text/html"]}).count("<tr")
            lines += max(1, min(12, rows))
        else:
            text = output.get("text") or data.get("text/plain", "")
            lines += min(12, _text({"source": text}).count("\n") + 1)
    return lines


def slide_type(
    cell: nbformat.NotebookNode, used: int, hide_code: bool
) -> tuple[str, int]:
    """Slide type of one cell, and the lines used on the current slide after it.

    Parameters
    ----------
    cell
        A notebook cell (executed, if outputs should count).
    used
        Lines already used on the current (sub-)slide.
    hide_code
        Whether code will be left out of the slides.
    """
    text = _text(cell).lstrip()
    if cfl_pages.is_removed(cell):
        return "skip", used
    if cell.cell_type == "markdown":
        if text.startswith(TRAINER_NOTES):
            return "notes", used
        lines = _wrapped_lines(text)
        first = text.split("\n", 1)[0]
        if first.startswith(("# ", "## ")) or first in ("#", "##"):
            return "slide", lines
        if first.startswith("### "):
            return "subslide", lines
    elif cell.cell_type == "code":
        hidden = hide_code or cfl_pages.is_code_hidden(cell)
        code_lines = 0 if hidden else text.count("\n") + 1
        lines = code_lines + _output_lines(cell)
        if not text or lines == 0:
            return "skip", used
    else:
        return "skip", used
    if used + lines > ROOM:
        return "subslide", lines
    return "fragment", used + lines


def add_slide_metadata(
    nb: nbformat.NotebookNode, hide_code: bool = False
) -> nbformat.NotebookNode:
    """A copy of ``nb`` with ``slideshow.slide_type`` set on every cell."""
    nb = copy.deepcopy(nb)
    used = 0
    for cell in nb.cells:
        kind, used = slide_type(cell, used, hide_code)
        cell.metadata["slideshow"] = {"slide_type": kind}
    return nb
