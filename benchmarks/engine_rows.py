"""Pieces of the engine benchmarks' report: a table row, its verdict, the load."""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass
class Row:
    """One line of the final table."""

    measurement: str
    value: str
    goal: str
    met: str  # "yes", "MISSED" or "n/a ..."


def verdict(ok: bool) -> str:
    """The ``met`` column for a judged goal."""
    return "yes" if ok else "MISSED"


def load_note() -> str:
    """The machine's load average, with a warning when it exceeds the CPUs."""
    load = os.getloadavg()[0]
    cpus = os.cpu_count() or 1
    busy = " - BUSY MACHINE, timings are noisy" if load > cpus else ""
    return f"load average {load:.1f} on {cpus} CPUs{busy}"
