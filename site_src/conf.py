"""Sphinx configuration of the course website (``bash scripts/site``).

Sphinx with myst-nb and sphinx-book-theme: they build with no internet (unlike
Jupyter Book 2, which asks a web service for its theme, and Quarto, whose
Python package downloads a binary), they run each notebook once and keep its
outputs in a cache, and they honour ``language``.

The source folder is ``site_src/``: its links ``notebooks``, ``exercises`` and
``docs`` point at the project's own folders, so each page is built from the
file that the course uses, never from a copy. ``include_patterns`` picks the
files that become pages.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE / "_ext"))

import cfl_languages  # noqa: E402
import cfl_pages  # noqa: E402

# Kernels that run notebooks for the pages draw figures inline, whatever the
# caller's MPLBACKEND (the tests set Agg, which would leave the pages blank).
os.environ["MPLBACKEND"] = cfl_pages.INLINE_BACKEND
# Run the code of this checkout, also when another one is pip-installed.
os.environ["PYTHONPATH"] = os.pathsep.join(
    p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p
)

LINKED = ("notebooks", "exercises", "docs")
"""The project's folders that ``site_src`` links to."""


def _keep_links(relfn2path):
    """Wrap Sphinx's ``relfn2path`` so that paths stay inside the source folder.

    Sphinx resolves symbolic links, so a link to ``notebooks/01_x.ipynb`` would
    point outside ``site_src`` and not be found; map it back through the link.
    """

    def wrapped(self, filename, docname=None):
        rel, absolute = relfn2path(self, filename, docname)
        path = Path(absolute)
        for name in LINKED:
            real = ROOT / name
            if path == real or real in path.parents:
                mapped = Path(self.srcdir) / name / path.relative_to(real)
                rel = mapped.relative_to(Path(self.srcdir)).as_posix()
                return rel, os.fspath(mapped)
        return rel, absolute

    return wrapped


from sphinx.environment import BuildEnvironment  # noqa: E402

if not getattr(BuildEnvironment.relfn2path, "_cfl_links", False):
    BuildEnvironment.relfn2path = _keep_links(BuildEnvironment.relfn2path)
    BuildEnvironment.relfn2path._cfl_links = True

project = "Customer Focus Lab"
language = os.environ.get("CFL_SITE_LANGUAGE", "en")
copyright = cfl_languages.site_text(cfl_languages.COPYRIGHT, language)
author = cfl_languages.site_text(cfl_languages.AUTHOR, language)

# ---------------------------------------------------------------- languages
# English is the source; another language's pages take their text from the
# catalogs in locale/ (bash scripts/translate_course), and its notebooks run
# with that language set (figures, tables and messages), see cfl_languages.
locale_dirs = [str(ROOT / "locale")]
gettext_compact = False  # one catalog per page: a module's text in one file
gettext_location = False  # no line numbers: editing a cell leaves other entries be
gettext_last_translator = "Customer Focus Lab"
cfl_pages.PAGE_LANGUAGE = language
if language != "en":
    os.environ["CFL_LANG"] = language  # kernels that run notebooks for pages

extensions = ["myst_nb", "cfl_pages", "cfl_languages"]

root_doc = "index"
include_patterns = [
    "index.md",
    "exercises.md",
    "printables.md",
    "notebooks/[0-9][0-9]_*.ipynb",
    "exercises/student/[0-9][0-9]_*.ipynb",
    "exercises/seminar_kit/*.md",
    "exercises/seminar_kit/handouts/*.md",
    "docs/model.md",
    "docs/references.md",
    "docs/glossary.md",
]
exclude_patterns = ["**/.ipynb_checkpoints", "assets", "_ext"]

# ---------------------------------------------------------------- MyST and myst-nb
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence", "deflist"]
myst_heading_anchors = 3
suppress_warnings = ["myst.header", "mystnb.unknown_mime_type"]

nb_custom_formats = {".ipynb": "cfl_pages.read_notebook"}
nb_execution_mode = os.environ.get("CFL_SITE_EXECUTE", "cache")
nb_execution_cache_path = str(cfl_pages.CACHE)
nb_execution_timeout = int(os.environ.get("CFL_SITE_TIMEOUT", "120"))  # s a cell
# A failing notebook does not stop the build at once: every failure is listed
# at the end, and then the build fails (see _check_execution).
nb_execution_raise_on_error = False
# A failure's traceback goes to build/html/reports/, not to the console.
nb_execution_show_tb = False
# Student exercises are shown as the learner gets them: tasks, no run. myst-nb
# matches a pattern against the end of the notebook's full path, so the
# pattern names the folders under exercises/ ("exercises/*" matched nothing).
nb_execution_excludepatterns = ["exercises/*/*", "exercises/*/*/*"]
nb_merge_streams = True
# The bar of a hidden code cell, in the page's language.
nb_code_prompt_show = cfl_languages.site_text(cfl_languages.CODE_SHOW, language)
nb_code_prompt_hide = cfl_languages.site_text(cfl_languages.CODE_HIDE, language)
# No widget manager from a CDN: widget views become a note (see cfl_pages).
nb_ipywidgets_js: dict[str, dict[str, str]] = {}

# ---------------------------------------------------------------- HTML
html_theme = "sphinx_book_theme"
html_title = "Customer Focus Lab"
html_static_path = ["_static"]
html_css_files = ["cfl.css"]
html_last_updated_fmt = ""
html_copy_source = False
html_show_sourcelink = False
html_theme_options = {
    "home_page_in_toc": True,
    "show_toc_level": 2,
    "use_download_button": False,
    "use_fullscreen_button": False,
    "use_repository_button": False,
    "navigation_with_keys": False,
}
# MathJax 3 from the npm registry (scripts/web_assets), copied next to the pages.
mathjax_path = "mathjax/tex-chtml.js"


def _copy_mathjax(app, exception):
    """Put MathJax into the site's ``_static`` folder after a good build."""
    if exception is None and app.builder.format == "html":
        cfl_pages.copy_mathjax(Path(app.outdir) / "_static" / "mathjax")


def _handouts():
    """``scripts/handouts.py`` as a module (what it prints, in which language)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "cfl_handouts", ROOT / "scripts" / "handouts.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _list_printables(app, docname, source):
    """Fill the list of printable PDFs on ``printables.md``.

    Each language's PDFs are in its own ``handouts/`` folder; one still
    printed in English (its catalog not complete yet) says so.
    """
    if docname != "printables":
        return
    handouts = _handouts()
    lang = app.config.language
    lines = []
    for _path, pdf, printed, title in handouts.listing(lang):
        note = "(PDF)" if printed == lang else handouts.in_english_note(lang)
        lines.append(f'* <a href="handouts/{pdf}">{title}</a> {note}')
    source[0] = source[0].replace("<!-- printables -->", "\n".join(lines))


def _last_error(text: str) -> str:
    """The line of a traceback that names the error."""
    lines = [ln.strip() for ln in re.sub(r"\x1b\[[0-9;]*m", "", text).splitlines()]
    named = [ln for ln in lines if re.match(r"^[A-Za-z_.]*(Error|Exception)\b", ln)]
    return (named or [ln for ln in lines if ln.strip("-")] or ["error"])[-1]


def _check_execution(app, exception):
    """Fail the build when a notebook could not run, naming each one.

    ``CFL_SITE_ALLOW_ERRORS=1`` turns the failure into a warning (the pages of
    those notebooks then show the error), to look at a site while a notebook
    is being mended.
    """
    if exception is not None:
        return
    from myst_nb.sphinx_ import NbMetadataCollector
    from sphinx.errors import ExtensionError
    from sphinx.util import logging

    failed = []
    for docname in sorted(app.env.found_docs):
        data = NbMetadataCollector.get_exec_data(app.env, docname)
        if data and not data.get("succeeded", True):
            text = data.get("traceback") or data.get("error") or ""
            failed.append(f"{docname}: {_last_error(text)}")
    if not failed:
        return
    message = "these notebooks did not run to the end:\n  " + "\n  ".join(failed)
    if os.environ.get("CFL_SITE_ALLOW_ERRORS") == "1":
        logging.getLogger(__name__).warning(message)
    else:
        raise ExtensionError(message)


def setup(app):
    """Hooks of this site."""
    app.connect("build-finished", _copy_mathjax)
    app.connect("build-finished", _check_execution)
    app.connect("source-read", _list_printables)
