"""Export the course modules as reveal.js slide shows into ``slides/``.

Each notebook is executed first (so the slides show the plots), then given slide
metadata in memory (the stored notebooks are never changed) and written as
``slides/<name>.slides.html`` with nbconvert's ``SlidesExporter``.

How cells become slides:

* a markdown cell that starts with ``#`` or ``##`` starts a new slide;
* one that starts with ``###`` starts a sub-slide (below the current slide);
* a markdown cell that starts with ``**Trainer notes**`` or ``## Trainer notes``
  becomes speaker notes (press ``S`` in the slide show), never a slide;
* any other cell is a fragment (shown on the next click) while the current
  slide has room, and starts a sub-slide when it would overflow;
* empty code cells, and code cells without output when code is hidden, are
  skipped;
* cells tagged ``remove-cell`` are left out; code is hidden (outputs stay),
  and with ``--show-code`` only the code of cells tagged ``hide-input`` or
  ``remove-input``, or folded in JupyterLab (``jupyter.source_hidden``), is;
* interactive widgets need a running Python: a short note stands in for them,
  next to the figure the notebook draws for the default values.

Offline: the slides load reveal.js and MathJax from ``<out>/_assets/``, copied
from the npm packages that ``scripts/web_assets`` installs; nothing comes from
a CDN (no jQuery, no RequireJS).

Outputs come from the cache of executed notebooks that ``bash scripts/site``
fills (``build/jupyter_cache``); a notebook that is not in the cache, or whose
code changed, is run (at most ``--timeout`` seconds a cell) and then cached,
``--jobs`` notebooks at a time.

Usage::

    python scripts/export_slides.py                  # modules 01-09, 11-14 into slides/
    python scripts/export_slides.py --all            # every NN_*.ipynb, 00 and 10 too
    python scripts/export_slides.py notebooks/02_four_directions.ipynb --out /tmp/s
    python scripts/export_slides.py --no-execute --show-code
    python scripts/export_slides.py --lang ru        # notebooks/ru/ into slides/ru/

Exit status: 0 when every notebook was exported, 1 when one failed, 2 for bad
arguments.
"""

from __future__ import annotations

import argparse
import copy
import os
import re
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import nbformat
from jupyter_client import KernelManager
from nbconvert import SlidesExporter
from nbconvert.preprocessors import CellExecutionError, ExecutePreprocessor

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "site_src" / "_ext"))

import cfl_languages  # noqa: E402  (shared with the website: site_src/_ext)
import cfl_pages  # noqa: E402

sys.path.insert(0, str(ROOT / "scripts"))
from slide_layout import ROOM, TRAINER_NOTES, add_slide_metadata  # noqa: E402, F401

NOTEBOOKS = ROOT / "notebooks"
DEFAULT_OUT = ROOT / "slides"
MODULES = [f"{n:02d}_*.ipynb" for n in (*range(1, 10), *range(11, 15))]
"""Module notebooks exported by default: 01 to 09 and 11 to 14 (10, the policy
lab, is a page of widgets, not a talk)."""
INLINE_BACKEND = cfl_pages.INLINE_BACKEND
TEMPLATES = ROOT / "scripts" / "templates"
TEMPLATE = "cfl_reveal"
"""nbconvert template: reveal.js's, with local assets and slide-fitting CSS."""
ASSETS = "_assets"
"""Folder next to the slides that holds reveal.js and MathJax."""


# ---------------------------------------------------------------- execution
@contextmanager
def inline_plots() -> Iterator[None]:
    """Let kernels draw inline figures even when MPLBACKEND says Agg (as in tests)."""
    old = os.environ.get("MPLBACKEND")
    os.environ["MPLBACKEND"] = INLINE_BACKEND
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("MPLBACKEND", None)
        else:
            os.environ["MPLBACKEND"] = old


def execute(
    path: Path, timeout: int = 120, nb: nbformat.NotebookNode | None = None
) -> nbformat.NotebookNode:
    """Run a notebook top to bottom in its own folder; return it with outputs.

    The kernel talks over local sockets (IPC) in a private temporary folder,
    not TCP ports, so kernels started at the same time by other processes
    (tests, other exports) can never pick the same port.

    Parameters
    ----------
    path
        The notebook's file (its folder is the working directory).
    timeout
        Seconds one cell may run.
    nb
        The notebook to run, if already read (default: read ``path``).
    """
    nb = copy.deepcopy(nb) if nb is not None else nbformat.read(path, as_version=4)
    runner = ExecutePreprocessor(
        timeout=timeout,
        kernel_name="python3",
        store_widget_state=True,  # also what lets Output widgets capture
        record_timing=False,
        startup_timeout=120,
    )
    with tempfile.TemporaryDirectory(prefix="cfl-kernel-") as sockets, inline_plots():
        km = KernelManager(
            kernel_name="python3",
            transport="ipc",
            ip=str(Path(sockets) / "kernel"),
            connection_file=str(Path(sockets) / "connection.json"),
        )
        try:
            runner.preprocess(nb, {"metadata": {"path": str(path.parent)}}, km=km)
        finally:
            if km.has_kernel:
                km.shutdown_kernel(now=True)
    return nb


def with_outputs(
    path: Path, timeout: int = 120, cache: Path | None = cfl_pages.CACHE
) -> nbformat.NotebookNode:
    """The notebook at ``path`` with outputs: from the cache, or by running it.

    Parameters
    ----------
    path
        The notebook.
    timeout
        Seconds one cell may run, when it has to run.
    cache
        The cache of executed notebooks shared with the website build
        (``None``: always run, cache nothing).
    """
    nb = cfl_pages.read_notebook(Path(path).read_text(encoding="utf-8"))
    if cache is not None:
        cached = cfl_pages.cached_outputs(nb, cache)
        if cached is not None:
            return cached
    start = time.monotonic()
    ran = execute(path, timeout, nb)
    if cache is not None:
        # Outputs onto the notebook as read, so that the website finds it too.
        stored = copy.deepcopy(nb)
        for cell, done in zip(stored.cells, ran.cells, strict=True):
            if cell.cell_type == "code":
                cell.outputs = done.outputs
                cell.execution_count = done.execution_count
        cfl_pages.store_outputs(
            stored, str(path), time.monotonic() - start, Path(cache)
        )
    return ran


def for_slides(nb: nbformat.NotebookNode, hide_code: bool) -> nbformat.NotebookNode:
    """A copy of ``nb`` as the slides show it.

    Removed cells go, hidden code is marked for nbconvert (``remove_source``),
    and each widget view becomes a short note.
    """
    nb = copy.deepcopy(nb)
    nb.cells = [c for c in nb.cells if not cfl_pages.is_removed(c)]
    nb.metadata.pop("widgets", None)
    language = nb.metadata.get("language", cfl_languages.SOURCE)
    widget_note = cfl_languages.site_text(cfl_pages.WIDGET_NOTE, language)
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        if hide_code or cfl_pages.is_code_hidden(cell):
            cell.metadata["transient"] = {"remove_source": True}
        outputs = []
        for output in cell.get("outputs", []):
            if cfl_pages.WIDGET_VIEW in output.get("data", {}):
                note = f'<p class="cfl-widget-note">{widget_note}</p>'
                output = nbformat.v4.new_output(
                    "display_data", data={"text/html": note}
                )
            outputs.append(output)
        cell.outputs = outputs
    return nb


def copy_assets(out: Path) -> str:
    """Put reveal.js and MathJax next to the slides; return reveal.js's prefix."""
    cfl_pages.copy_reveal(out / ASSETS / "reveal.js")
    cfl_pages.copy_mathjax(out / ASSETS / "mathjax")
    return f"{ASSETS}/reveal.js"


# ---------------------------------------------------------------- export
def export(
    path: Path,
    out: Path = DEFAULT_OUT,
    *,
    run: bool = True,
    timeout: int = 120,
    hide_code: bool = True,
    reveal_prefix: str | None = None,
    cache: Path | None = cfl_pages.CACHE,
) -> Path:
    """Export one notebook as a reveal.js slide show; return the HTML file.

    Parameters
    ----------
    path
        The notebook.
    out
        Folder for the slides (created; a ``.gitignore`` keeps it out of git).
    run
        Execute the notebook first, so the slides show its outputs.
    timeout
        Seconds one cell may run.
    hide_code
        Leave all code out of the slides (outputs stay); otherwise only the
        code of cells marked hidden.
    reveal_prefix
        Where reveal.js is loaded from (default: the copy in ``out/_assets``).
    cache
        Cache of executed notebooks (``None``: run the notebook every time).
    """
    path = Path(path)
    out = Path(out)
    if run:
        nb = with_outputs(path, timeout, cache)
    else:
        nb = cfl_pages.read_notebook(path.read_text(encoding="utf-8"))
    nb = add_slide_metadata(for_slides(nb, hide_code), hide_code)
    out.mkdir(parents=True, exist_ok=True)
    local_prefix = copy_assets(out)
    exporter = SlidesExporter(
        extra_template_basedirs=[str(TEMPLATES)],
        template_name=TEMPLATE,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    exporter.reveal_url_prefix = reveal_prefix or local_prefix
    # "white" uses fonts shipped with reveal.js; "simple" asks Google Fonts for its own.
    exporter.reveal_theme = "white"
    body, _ = exporter.from_notebook_node(
        nb,
        resources={
            "metadata": {"name": path.stem},
            "cfl": {"mathjax_url": f"{ASSETS}/mathjax/tex-chtml.js"},
        },
    )
    ignore = out / ".gitignore"
    if not ignore.exists():
        ignore.write_text("# Generated slides: not kept in git.\n*\n", encoding="utf-8")
    target = out / f"{path.stem}.slides.html"
    target.write_text(body, encoding="utf-8")
    return target


def module_notebooks(folder: Path = NOTEBOOKS, every: bool = False) -> list[Path]:
    """The notebooks to export: modules 01-09 and 11-14, or every ``NN_*.ipynb``."""
    patterns = ["[0-9][0-9]_*.ipynb"] if every else MODULES
    found = {p for pattern in patterns for p in folder.glob(pattern)}
    return sorted(p for p in found if ".ipynb_checkpoints" not in p.parts)


def _export_one(path: Path, options: dict) -> tuple[Path, str | None, float]:
    """Export one notebook; return it, an error message or ``None``, seconds.

    Any error is reported, never raised: one notebook that fails (or a cell
    that runs out of time) must not stop the others.
    """
    start = time.monotonic()
    try:
        export(path, **options)
    except CellExecutionError as err:
        return path, f"a cell failed: {_last_line(str(err))}", time.monotonic() - start
    except Exception as err:  # reported per notebook, never raised
        kind = type(err).__name__
        return path, f"{kind}: {_last_line(str(err))}", time.monotonic() - start
    return path, None, time.monotonic() - start


def _last_line(text: str) -> str:
    """The last line of an error message that says something, without colours."""
    lines = [ln.strip() for ln in re.sub(r"\x1b\[[0-9;]*m", "", text).splitlines()]
    lines = [ln for ln in lines if ln.strip("-")]
    return lines[-1] if lines else "error"


def main(argv: Sequence[str] | None = None) -> int:
    """Command line; see the module docstring."""
    parser = argparse.ArgumentParser(
        description="Export the course notebooks as reveal.js slides.",
    )
    parser.add_argument(
        "notebooks", nargs="*", type=Path, help="default: modules 01-09"
    )
    parser.add_argument(
        "--out", type=Path, help="default: slides/, or slides/<lang>/ with --lang"
    )
    parser.add_argument(
        "--lang",
        default=cfl_languages.SOURCE,
        choices=list(cfl_languages.LANGUAGES),
        help="the translated notebooks of this language (notebooks/<lang>/)",
    )
    parser.add_argument(
        "--all", action="store_true", help="every NN_*.ipynb, 00 and 10 too"
    )
    parser.add_argument(
        "--no-execute",
        action="store_true",
        help="use the stored outputs (none, usually)",
    )
    parser.add_argument(
        "--show-code",
        action="store_true",
        help="show the code of cells not marked hidden",
    )
    parser.add_argument("--timeout", type=int, default=120, help="seconds per cell")
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help="run every notebook, ignoring and not filling build/jupyter_cache",
    )
    parser.add_argument(
        "--jobs",
        type=int,
        default=min(2, os.cpu_count() or 1),
        help="notebooks exported at a time (default: up to 2)",
    )
    parser.add_argument("--reveal-prefix", help="URL or relative path of reveal.js")
    args = parser.parse_args(argv)

    folder, out = NOTEBOOKS, DEFAULT_OUT
    if args.lang != cfl_languages.SOURCE:
        folder, out = NOTEBOOKS / args.lang, DEFAULT_OUT / args.lang
    args.out = args.out or out
    paths = args.notebooks or module_notebooks(folder, every=args.all)
    if not paths:
        print(f"no module notebooks found in {folder}", file=sys.stderr)
        return 1
    missing = [p for p in paths if not p.is_file()]
    for path in missing:
        print(f"{path}: no such notebook", file=sys.stderr)
    todo = [p for p in paths if p.is_file()]
    options = {
        "out": args.out,
        "run": not args.no_execute,
        "timeout": args.timeout,
        "hide_code": not args.show_code,
        "reveal_prefix": args.reveal_prefix,
        "cache": None if args.no_cache else cfl_pages.CACHE,
    }
    start = time.monotonic()
    failed = len(missing)
    copy_assets(args.out)  # once, before the exports run side by side
    if args.jobs > 1 and len(todo) > 1:
        with ProcessPoolExecutor(max_workers=args.jobs) as pool:
            results = list(pool.map(_export_one, todo, [options] * len(todo)))
    else:
        results = [_export_one(p, options) for p in todo]
    for path, error, seconds in results:
        if error:
            print(f"{path.name}: {error}", file=sys.stderr, flush=True)
            failed += 1
        else:
            print(f"{path.name}: {seconds:.0f} s -> {args.out / path.stem}.slides.html")
    done = len(paths) - failed
    print(
        f"{done} of {len(paths)} notebooks exported to {args.out} "
        f"in {time.monotonic() - start:.0f} s"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
