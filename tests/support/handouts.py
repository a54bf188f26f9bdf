"""``scripts/handouts.py`` as a module, for the tests of the printed material."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]


def load_handouts() -> ModuleType:
    """The script that prints the PDFs, loaded as a module (it is no package's)."""
    spec = importlib.util.spec_from_file_location(
        "handouts", ROOT / "scripts" / "handouts.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
