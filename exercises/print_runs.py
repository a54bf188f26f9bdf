"""The runs behind the printed material: the worked exercise notebooks, executed.

What their tables show and what their checks say is kept in
``print/runs.json`` (``print/runs.<lang>.json`` for another language, the
notebooks run with that language set), figures in ``print/figures/``
(``print/figures_<lang>/``), so that ``exercises.make_print`` writes the
Markdown from files alone.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import nbformat

from simulations.i18n import SOURCE

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "print"
RUNS = OUT / "runs.json"
FIGURES = OUT / "figures"
SOLUTIONS = HERE / "solutions"
CHECK_CALL = re.compile(r"^check_(\d+)_(\d+)\(\)$")


def runs_file(lang: str = SOURCE) -> Path:
    """Where the runs of the worked notebooks in ``lang`` are kept."""
    return RUNS if lang == SOURCE else OUT / f"runs.{lang}.json"


def figures_folder(lang: str = SOURCE) -> Path:
    """Where the figures of the runs in ``lang`` are kept (next to the Markdown)."""
    return FIGURES if lang == SOURCE else OUT / f"figures_{lang}"


def _tags(cell: Any) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def _source(cell: Any) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def _is_display(cell: Any) -> bool:
    """A code cell whose outputs a learner reads: not an answer, check or summary."""
    source = _source(cell).strip()
    return (
        cell.get("cell_type") == "code"
        and not {"solution", "answer", "final-check"} & set(_tags(cell))
        and not CHECK_CALL.match(source)
        and not source.startswith(("from ", "import "))
    )


def _execute(nb: Any, timeout: int) -> None:
    """Run a notebook in place, its kernel on local sockets in a private folder
    (no TCP port that another process could take), from the project's root."""
    import tempfile

    from jupyter_client import KernelManager
    from nbclient import NotebookClient

    with tempfile.TemporaryDirectory(prefix="cfl-print-") as sockets:
        km = KernelManager(
            kernel_name="python3",
            transport="ipc",
            ip=str(Path(sockets) / "kernel"),
            connection_file=str(Path(sockets) / "connection.json"),
        )
        client = NotebookClient(
            nb,
            km=km,
            timeout=timeout,
            kernel_name="python3",
            resources={"metadata": {"path": str(ROOT)}},
        )
        try:
            client.execute()
        finally:
            if km.has_kernel:
                km.shutdown_kernel(now=True)


def run_solutions(
    folder: Path = SOLUTIONS, timeout: int = 600, lang: str = SOURCE
) -> dict[str, Any]:
    """Execute every worked exercise notebook; keep what its tables and checks say.

    In another ``lang`` each notebook first sets the language, so that its
    tables and figures are in that language.
    """
    from .print_tables import output_blocks

    os.environ.setdefault("PYTHONPATH", str(ROOT))
    os.environ["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"
    figures = figures_folder(lang)
    if figures.is_dir():
        for old in figures.glob("*.png"):
            old.unlink()
    runs: dict[str, Any] = {}
    for path in sorted(folder.glob("[0-9][0-9]_*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        if lang != SOURCE:
            setting = nbformat.v4.new_code_cell(
                f'import simulations\nsimulations.set_language("{lang}")'
            )
            nb.cells.insert(0, setting)
        _execute(nb, timeout)
        shown, checks = {}, {}
        for cell in nb.cells:
            source = _source(cell).strip()
            if _is_display(cell):
                stem = f"{path.stem[:2]}-{cell.id}"
                blocks = output_blocks(cell.outputs, figures, stem)
                if blocks:
                    shown[cell.id] = blocks
            elif CHECK_CALL.match(source):
                number = "{}.{}".format(*CHECK_CALL.match(source).groups())
                texts = [o.get("data", {}).get("text/plain", "") for o in cell.outputs]
                checks[number] = next((t for t in texts if t), "")
        runs[path.stem] = {"shown": shown, "checks": checks}
    return runs


def read_runs(path: Path = RUNS, lang: str = SOURCE) -> dict[str, Any]:
    """The kept runs (empty when there are none yet); in ``lang`` where current.

    A language's runs count only while the English runs are the ones they
    were made beside (:func:`language_runs_text` notes them): after a change
    of the model, the English numbers are printed until the language's runs
    are made again, never older numbers.
    """
    if lang != SOURCE and runs_file(lang).is_file() and path.is_file():
        kept = json.loads(runs_file(lang).read_text(encoding="utf-8"))
        if kept.get("beside") == _digest(path.read_text(encoding="utf-8")):
            return kept["runs"]
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def _digest(text: str) -> str:
    import hashlib

    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def language_runs_text(runs: dict[str, Any]) -> str:
    """A language's runs as kept on disk, with the English runs they go with."""
    beside = _digest(RUNS.read_text(encoding="utf-8")) if RUNS.is_file() else ""
    return runs_text({"beside": beside, "runs": runs})


def runs_text(runs: dict[str, Any]) -> str:
    """The runs as they are kept on disk."""
    return json.dumps(runs, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
