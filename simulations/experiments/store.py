"""Finished replications on disk, one file each: nothing finished is lost.

A :class:`RunStore` keeps every replication as soon as it finishes, in
``runs/<scenario>/<replication>.pkl`` under a results folder. An interrupted
experiment can then go on from there: :func:`.runner.run_tasks` loads what is
stored and runs only what is missing, and since replication ``i`` always uses
the random streams of index ``i``, the final numbers are those of an
uninterrupted run.

The files are Python pickles: open only results folders you made yourself.
"""

from __future__ import annotations

import pickle
import shutil
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..files import atomic_write, digest, slug
from ..results import RunResult


class RunStore:
    """Finished replications of an experiment, kept in ``folder/runs``.

    Parameters
    ----------
    folder
        The results folder.
    keep_visits
        Keep the table of visits of replication 0 (the one the figures use);
        other replications are stored without it, to save space.
    """

    def __init__(self, folder: str | Path, keep_visits: bool = True) -> None:
        self.root = Path(folder) / "runs"
        self.keep_visits = keep_visits

    def path(self, scenario: str, replication: int) -> Path:
        """The file of one replication of the scenario named ``scenario``."""
        tag = f"{slug(scenario, 40)}-{digest(scenario)}"
        return self.root / tag / f"{replication:06d}.pkl"

    def load(self, scenario: str, replication: int) -> Any | None:
        """A stored replication, or None when it is not (or not fully) there."""
        path = self.path(scenario, replication)
        try:
            with path.open("rb") as file:
                return pickle.load(file)
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError):
            return None

    def save(self, scenario: str, replication: int, outcome: Any) -> None:
        """Keep one finished replication (written atomically)."""
        if isinstance(outcome, RunResult) and (
            replication != 0 or not self.keep_visits
        ):
            outcome = replace(outcome, visits=None)
        path = self.path(scenario, replication)
        path.parent.mkdir(parents=True, exist_ok=True)
        data = pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
        atomic_write(path, lambda p: p.write_bytes(data))

    def count(self) -> int:
        """Number of stored replications."""
        return sum(1 for _ in self.root.glob("*/*.pkl")) if self.root.exists() else 0

    def clear(self) -> None:
        """Forget every stored replication."""
        shutil.rmtree(self.root, ignore_errors=True)
