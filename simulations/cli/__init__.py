"""Command line: ``cfl run``, ``cfl compare``, ``cfl sweep`` and friends.

Each command writes CSV and JSON results and PNG plots into an output
folder and prints a summary. Bad input ends the program with one line on
standard error and exit status 2, never a traceback; a Ctrl-C keeps and
writes the replications that finished (exit status 130).

Every finished replication is stored as it finishes, so ``--resume``
finishes an interrupted experiment with the numbers of an uninterrupted one.

The modules: :mod:`.main` (parser and entry point), :mod:`.common` (input,
shared options, checks, the Dask executor), :mod:`.limits` (workers and CPU
time: what every command that runs simulations checks first),
:mod:`.resume` (the manifest of a results folder), :mod:`.output` (tables,
files, figures), and one module per command: :mod:`.run`, :mod:`.compare`,
:mod:`.sweep`, :mod:`.params` (``presets`` and ``params``), :mod:`.save`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .main import build_parser, main  # the standard library only: starts fast

if TYPE_CHECKING:
    from .common import UserError as UserError
    from .common import apply_settings as apply_settings
    from .common import load_scenario as load_scenario
    from .common import parse_value as parse_value

_FROM_COMMON = ("UserError", "apply_settings", "load_scenario", "parse_value")


def __getattr__(name: str) -> Any:
    """Load the helpers of :mod:`.common` on first use (see :mod:`.main`)."""
    if name not in _FROM_COMMON:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(".common", __name__), name)


__all__ = [
    "UserError",
    "apply_settings",
    "build_parser",
    "load_scenario",
    "main",
    "parse_value",
]
