"""Export the course modules as reveal.js slide shows into ``slides/``.

Each notebook is executed first (so the slides show the plots), then given slide
metadata in memory (the stored notebooks are never changed) and written as
``slides/<name>.slides.html`` with nbconvert's ``SlidesExporter``.

How cells become slides:

* a markdown cell that starts with ``#`` or ``##`` starts a new slide;
* one that starts with ``###`` starts a sub-slide (below the current slide);
* a markdown cell that starts with ``**Trainer notes**`` becomes speaker notes
  (press ``S`` in the slide show), never a slide;
* any other cell is a fragment (shown on the next click) while the current
  slide has room, and starts a sub-slide when it would overflow;
* empty code cells, and code cells without output when code is hidden, are
  skipped.

Usage::

    python scripts/export_slides.py                  # modules 01-09 into slides/
    python scripts/export_slides.py --all            # every NN_*.ipynb, 00 and 10 too
    python scripts/export_slides.py notebooks/02_four_directions.ipynb --out /tmp/s
    python scripts/export_slides.py --no-execute --hide-code

The slides load reveal.js from a CDN; for a room without internet, point
``--reveal-prefix`` at a local copy of reveal.js (a path relative to the slides).
Exit status: 0 when every notebook was exported, 1 when one failed, 2 for bad
arguments.
"""

from __future__ import annotations

import argparse
import copy
import os
import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import nbformat
from jupyter_client import KernelManager
from nbconvert import SlidesExporter
from nbconvert.preprocessors import CellExecutionError, ExecutePreprocessor

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
DEFAULT_OUT = ROOT / "slides"
MODULES = [f"{n:02d}_*.ipynb" for n in range(1, 10)]
"""Module notebooks exported by default: 01 to 09."""
TRAINER_NOTES = "**Trainer notes**"
ROOM = 22
"""Lines that fit on one slide before a cell goes to a sub-slide instead."""
IMAGE_LINES = 16
"""Lines of slide an image takes up."""
INLINE_BACKEND = "module://matplotlib_inline.backend_inline"


# ---------------------------------------------------------------- slide metadata
def _text(cell: nbformat.NotebookNode) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def _output_lines(cell: nbformat.NotebookNode) -> int:
    """Roughly how many lines of slide the outputs of a code cell take."""
    lines = 0
    for output in cell.get("outputs", []):
        data = output.get("data", {})
        if "image/png" in data or "image/svg+xml" in data:
            lines += IMAGE_LINES
        elif "application/vnd.jupyter.widget-view+json" in data:
            lines += 3
        elif "text/html" in data:
            lines += min(12, _text({"source": data["text/html"]}).count("<tr"))
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
    if cell.cell_type == "markdown":
        if text.startswith(TRAINER_NOTES):
            return "notes", used
        lines = text.count("\n") + 1
        first = text.split("\n", 1)[0]
        if first.startswith(("# ", "## ")) or first in ("#", "##"):
            return "slide", lines
        if first.startswith("### "):
            return "subslide", lines
    elif cell.cell_type == "code":
        code_lines = 0 if hide_code else text.count("\n") + 1
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


def execute(path: Path, timeout: int = 600) -> nbformat.NotebookNode:
    """Run a notebook top to bottom in its own folder; return it with outputs.

    The kernel talks over local sockets (IPC) in a private temporary folder,
    not TCP ports, so kernels started at the same time by other processes
    (tests, other exports) can never pick the same port.
    """
    nb = nbformat.read(path, as_version=4)
    runner = ExecutePreprocessor(
        timeout=timeout,
        kernel_name="python3",
        store_widget_state=True,
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


# ---------------------------------------------------------------- export
def export(
    path: Path,
    out: Path = DEFAULT_OUT,
    *,
    run: bool = True,
    timeout: int = 600,
    hide_code: bool = False,
    reveal_prefix: str | None = None,
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
        Leave code out of the slides (outputs stay).
    reveal_prefix
        Where reveal.js is loaded from (default: nbconvert's CDN).
    """
    path = Path(path)
    nb = execute(path, timeout) if run else nbformat.read(path, as_version=4)
    nb = add_slide_metadata(nb, hide_code)
    exporter = SlidesExporter(reveal_scroll=True, exclude_input=hide_code)
    if reveal_prefix:
        exporter.reveal_url_prefix = reveal_prefix
    body, _ = exporter.from_notebook_node(
        nb, resources={"metadata": {"name": path.stem}}
    )
    out.mkdir(parents=True, exist_ok=True)
    ignore = out / ".gitignore"
    if not ignore.exists():
        ignore.write_text("# Generated slides: not kept in git.\n*\n", encoding="utf-8")
    target = out / f"{path.stem}.slides.html"
    target.write_text(body, encoding="utf-8")
    return target


def module_notebooks(folder: Path = NOTEBOOKS, every: bool = False) -> list[Path]:
    """The notebooks to export: modules 01-09, or every ``NN_*.ipynb``."""
    patterns = ["[0-9][0-9]_*.ipynb"] if every else MODULES
    found = {p for pattern in patterns for p in folder.glob(pattern)}
    return sorted(p for p in found if ".ipynb_checkpoints" not in p.parts)


def main(argv: Sequence[str] | None = None) -> int:
    """Command line; see the module docstring."""
    parser = argparse.ArgumentParser(
        description="Export the course notebooks as reveal.js slides.",
    )
    parser.add_argument(
        "notebooks", nargs="*", type=Path, help="default: modules 01-09"
    )
    parser.add_argument(
        "--out", type=Path, default=DEFAULT_OUT, help="default: slides/"
    )
    parser.add_argument(
        "--all", action="store_true", help="every NN_*.ipynb, 00 and 10 too"
    )
    parser.add_argument(
        "--no-execute",
        action="store_true",
        help="use the stored outputs (none, usually)",
    )
    parser.add_argument("--hide-code", action="store_true", help="show outputs only")
    parser.add_argument("--timeout", type=int, default=600, help="seconds per cell")
    parser.add_argument("--reveal-prefix", help="URL or relative path of reveal.js")
    args = parser.parse_args(argv)

    paths = args.notebooks or module_notebooks(every=args.all)
    if not paths:
        print(f"no module notebooks found in {NOTEBOOKS}", file=sys.stderr)
        return 1
    failed = 0
    for path in paths:
        if not path.is_file():
            print(f"{path}: no such notebook", file=sys.stderr)
            failed += 1
            continue
        print(
            f"{path.name}: {'running and ' if not args.no_execute else ''}exporting...",
            flush=True,
        )
        try:
            target = export(
                path,
                args.out,
                run=not args.no_execute,
                timeout=args.timeout,
                hide_code=args.hide_code,
                reveal_prefix=args.reveal_prefix,
            )
        except CellExecutionError as err:
            last = str(err).strip().splitlines()[-1] if str(err).strip() else "error"
            print(f"{path.name}: a cell failed: {last}", file=sys.stderr)
            failed += 1
            continue
        except (OSError, ValueError, nbformat.ValidationError) as err:
            print(f"{path.name}: {err}", file=sys.stderr)
            failed += 1
            continue
        print(f"  -> {target}")
    done = len(paths) - failed
    print(f"{done} of {len(paths)} notebooks exported to {args.out}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
