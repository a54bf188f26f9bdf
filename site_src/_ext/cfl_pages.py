"""How the course notebooks become web pages and slides, without the internet.

The course website (Sphinx with myst-nb, configured in ``site_src/conf.py``)
and the slides (``scripts/export_slides.py``) share these rules, so that a
notebook looks the same in both and both reuse one cache of executed
notebooks (``build/jupyter_cache``):

* a code cell whose source JupyterLab hides (``jupyter.source_hidden``) is
  tagged ``hide-input``: the page shows its output, with the code folded away;
* cells tagged ``remove-cell`` are left out, and ``remove-input`` or
  ``hide-input`` hide a cell's code (myst-nb and the slides honour the tags);
* interactive widgets need a running Python, so a static page cannot show
  them: their views are replaced by a short note, and the figure that the
  notebook draws for the default values stays;
* reveal.js and MathJax come from local copies installed from the npm
  registry (``scripts/web_assets``), never from a CDN.

This file is also a Sphinx extension (:func:`setup`).
"""

from __future__ import annotations

import copy
import shutil
from pathlib import Path
from typing import Any

import nbformat

ROOT = Path(__file__).resolve().parents[2]
WEB = ROOT / "build" / "web" / "node_modules"
"""Where ``scripts/web_assets`` installs reveal.js and MathJax."""
CACHE = ROOT / "build" / "jupyter_cache"
"""Executed notebooks, shared by the website build and the slides."""
PAGE_LANGUAGE = "en"
"""The language of the pages being built (``site_src/conf.py`` sets it)."""
INLINE_BACKEND = "module://matplotlib_inline.backend_inline"
"""Matplotlib backend for kernels that run notebooks for pages: inline figures."""

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
WIDGET_NOTE = (
    "Interactive controls appear here when the notebook runs in JupyterLab. "
    "This page shows the results for the default values."
)
"""What a static page shows where a notebook has interactive controls."""

REMOVE_CELL = frozenset({"remove-cell", "remove_cell"})
HIDE_INPUT = frozenset({"hide-input", "remove-input", "remove_input", "hide-cell"})
MATHJAX_PARTS = ("tex-chtml.js", "input", "output/chtml", "ui", "a11y", "sre")
"""What of MathJax's ``es5`` folder a page needs: TeX in, HTML out, its fonts."""
REVEAL_PARTS = (
    "dist/reveal.js",
    "dist/reveal.css",
    "dist/theme/white.css",
    "dist/theme/fonts/source-sans-pro",
    "plugin/notes/notes.js",
)
"""What of reveal.js a slide show needs: its code, the "white" theme (whose font
comes with it; other themes ask Google Fonts for theirs), the speaker notes."""


# ---------------------------------------------------------------- cells
def tags(cell: dict[str, Any]) -> set[str]:
    """The tags of a cell."""
    return set(cell.get("metadata", {}).get("tags", []))


def is_removed(cell: dict[str, Any]) -> bool:
    """Whether the cell is left out of pages and slides (tag ``remove-cell``)."""
    return bool(tags(cell) & REMOVE_CELL)


def is_code_hidden(cell: dict[str, Any]) -> bool:
    """Whether a code cell's source is hidden: by a tag, or folded in JupyterLab."""
    if cell.get("cell_type") != "code":
        return False
    folded = cell.get("metadata", {}).get("jupyter", {}).get("source_hidden", False)
    return bool(folded) or bool(tags(cell) & HIDE_INPUT)


def prepare(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A copy of ``nb`` in which folded code cells carry the ``hide-input`` tag.

    myst-nb knows the tags but not JupyterLab's ``jupyter.source_hidden``; the
    tag makes the website fold the same cells that JupyterLab folds.

    Parameters
    ----------
    nb
        A notebook as read from its file.

    Returns
    -------
    nbformat.NotebookNode
        The copy; ``nb`` itself is not changed.
    """
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        if cell.cell_type != "code" or is_removed(cell):
            continue
        if is_code_hidden(cell) and not tags(cell) & HIDE_INPUT:
            cell.metadata["tags"] = [*cell.metadata.get("tags", []), "hide-input"]
    return nb


def read_notebook(text: str) -> nbformat.NotebookNode:
    """Read a notebook for a page (myst-nb's reader for ``.ipynb`` files).

    Parameters
    ----------
    text
        The ``.ipynb`` file's text.

    Returns
    -------
    nbformat.NotebookNode
        The notebook, with :func:`prepare` applied; for a page in another
        language than English, with a first cell that sets the language (the
        same code as the translated notebook's, so both share cached outputs).
    """
    import cfl_notebooks

    nb = prepare(nbformat.reads(text, as_version=4))
    return cfl_notebooks.with_language_cell(nb, PAGE_LANGUAGE)


def cached_outputs(
    nb: nbformat.NotebookNode, cache_path: Path = CACHE
) -> nbformat.NotebookNode | None:
    """``nb`` with the outputs of its executed copy in the cache, or ``None``.

    Parameters
    ----------
    nb
        A notebook as :func:`read_notebook` returns it.
    cache_path
        The cache the website build fills.
    """
    if not Path(cache_path).is_dir():
        return None
    from jupyter_cache import get_cache

    cache = get_cache(str(cache_path))
    try:
        _, merged = cache.merge_match_into_notebook(nb)
    except KeyError:
        return None
    return merged


def store_outputs(
    nb: nbformat.NotebookNode, uri: str, seconds: float, cache_path: Path = CACHE
) -> None:
    """Keep an executed notebook in the cache, for the website and the slides.

    Parameters
    ----------
    nb
        The executed notebook (read with :func:`read_notebook`).
    uri
        Where the notebook came from.
    seconds
        How long it ran.
    cache_path
        The cache.
    """
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn

    cache = get_cache(str(cache_path))
    cache.cache_notebook_bundle(
        CacheBundleIn(nb, uri, data={"execution_seconds": seconds}),
        check_validity=False,
        overwrite=True,
    )


# ---------------------------------------------------------------- assets
def _copy_parts(source: Path, target: Path, parts: tuple[str, ...]) -> Path:
    if not source.is_dir():
        raise FileNotFoundError(
            f"{source} is missing: run 'bash scripts/web_assets' first "
            "(it installs reveal.js and MathJax from the npm registry)"
        )
    for part in parts:
        src, dst = source / part, target / part
        if dst.exists():
            continue
        dst.parent.mkdir(parents=True, exist_ok=True)
        if src.is_dir():
            # Two slide exports may copy at once: files already there are fine.
            shutil.copytree(src, dst, dirs_exist_ok=True)
        else:
            shutil.copy2(src, dst)
    return target


def copy_mathjax(target: Path, web: Path = WEB) -> Path:
    """Copy what a page needs of MathJax 3 into ``target``; return ``target``."""
    return _copy_parts(web / "mathjax" / "es5", Path(target), MATHJAX_PARTS)


def copy_reveal(target: Path, web: Path = WEB) -> Path:
    """Copy what a slide show needs of reveal.js into ``target``; return it."""
    return _copy_parts(web / "reveal.js", Path(target), REVEAL_PARTS)


# ---------------------------------------------------------------- Sphinx
def _replace_widget_views(app: Any, doctree: Any, docname: str) -> None:
    """Swap each widget view for a note; drop the widget state script."""
    import cfl_languages
    from docutils import nodes

    text = cfl_languages.site_text(WIDGET_NOTE, app.config.language)
    for raw in list(doctree.findall(nodes.raw)):
        if WIDGET_VIEW not in raw.astext()[:200]:
            continue
        note = nodes.paragraph(text=text, classes=["cfl-widget-note"])
        raw.replace_self(note)


def _drop_widget_state(
    app: Any, pagename: str, templatename: str, context: dict, doctree: Any
) -> None:
    """Leave the (unused) widget state out of the page's scripts."""
    scripts = context.get("script_files")
    if not scripts:
        return
    kept = [s for s in scripts if WIDGET_STATE not in str(getattr(s, "attributes", s))]
    scripts[:] = kept


def setup(app: Any) -> dict[str, Any]:
    """Register the page rules with Sphinx."""
    # After myst-nb has picked one output format per builder (a post-transform).
    app.connect("doctree-resolved", _replace_widget_views)
    app.connect("html-page-context", _drop_widget_state)
    return {"parallel_read_safe": True, "parallel_write_safe": True}


def markdown_title(path: Path) -> str:
    """The first ``#`` heading of a Markdown file, or its name."""
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return Path(path).stem.replace("_", " ").capitalize()
