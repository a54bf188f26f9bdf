"""Finished replications on disk, one file each: nothing finished is lost.

A :class:`RunStore` keeps every replication as soon as it finishes, in
``runs/<scenario>/<replication>.pkl`` under a results folder. An interrupted
experiment can then go on from there: :func:`.runner.run_tasks` loads what is
stored and runs only what is missing, and since replication ``i`` always uses
the random streams of index ``i``, the final numbers are those of an
uninterrupted run.

Each file names the experiment it belongs to (a fingerprint the caller
gives), and the store keeps a SHA-256 checksum of every file it writes
(:attr:`RunStore.checksums`), for the caller to keep in its manifest:
:meth:`RunStore.audit` then finds files changed on disk, and files of
another experiment.

The files are Python pickles: open only results folders you made yourself.
"""

from __future__ import annotations

import hashlib
import pickle
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..files import atomic_write, digest, slug
from ..results import RunResult


@dataclass
class Audit:
    """What :meth:`RunStore.audit` found among the stored files.

    Attributes
    ----------
    good
        Files that match their checksum, or are intact and of this experiment.
    damaged
        Files that do not match their checksum or cannot be read (removed).
    foreign
        Intact files of another experiment (left in place).
    """

    good: list[Path] = field(default_factory=list)
    damaged: list[Path] = field(default_factory=list)
    foreign: list[Path] = field(default_factory=list)


class RunStore:
    """Finished replications of an experiment, kept in ``folder/runs``.

    Parameters
    ----------
    folder
        The results folder.
    keep_visits
        Keep the table of visits of replication 0 (the one the figures use);
        other replications are stored without it, to save space.
    all_visits
        Keep the table of visits of every replication (to list every
        purchase). A stored run without the visits asked for counts as not
        stored: it is run again.
    experiment
        Fingerprint of the experiment, written into every file; a file with
        another fingerprint is not loaded.
    checksums
        Checksums of the files already stored, by :meth:`name`; the store
        adds to it as it writes.
    saved
        Called after each file is written (to record its checksum).
    """

    def __init__(
        self,
        folder: str | Path,
        keep_visits: bool = True,
        *,
        all_visits: bool = False,
        experiment: str = "",
        checksums: dict[str, str] | None = None,
        saved: Callable[[], None] | None = None,
    ) -> None:
        self.root = Path(folder) / "runs"
        self.keep_visits = keep_visits
        self.all_visits = all_visits
        self.experiment = experiment
        self.checksums = {} if checksums is None else checksums
        self.saved = saved

    def path(self, scenario: str, replication: int) -> Path:
        """The file of one replication of the scenario named ``scenario``."""
        tag = f"{slug(scenario, 40)}-{digest(scenario)}"
        return self.root / tag / f"{replication:06d}.pkl"

    def name(self, path: Path) -> str:
        """A stored file's name in :attr:`checksums`: ``<scenario>/<file>``."""
        return path.relative_to(self.root).as_posix()

    def _needs_visits(self, replication: int) -> bool:
        return self.all_visits or (self.keep_visits and replication == 0)

    def load(self, scenario: str, replication: int) -> Any | None:
        """A stored replication, or None when it is not (or not fully) there."""
        outcome = self._read(self.path(scenario, replication))
        if (
            isinstance(outcome, RunResult)
            and outcome.visits is None
            and self._needs_visits(replication)
        ):
            return None  # stored without the visits this run needs: run it again
        return outcome

    def _read(self, path: Path) -> Any | None:
        """The outcome in a stored file, if it is of this experiment."""
        try:
            with path.open("rb") as file:
                data = pickle.load(file)
        except Exception:  # a damaged pickle can raise almost anything
            return None
        if not isinstance(data, dict) or data.get("experiment") != self.experiment:
            return None
        return data.get("outcome")

    def save(self, scenario: str, replication: int, outcome: Any) -> None:
        """Keep one finished replication (written atomically)."""
        if isinstance(outcome, RunResult) and not self._needs_visits(replication):
            outcome = replace(outcome, visits=None)
        path = self.path(scenario, replication)
        path.parent.mkdir(parents=True, exist_ok=True)
        data = pickle.dumps(
            {"experiment": self.experiment, "outcome": outcome},
            protocol=pickle.HIGHEST_PROTOCOL,
        )
        atomic_write(path, lambda p: p.write_bytes(data))
        self.checksums[self.name(path)] = hashlib.sha256(data).hexdigest()
        if self.saved is not None:
            self.saved()

    def files(self) -> list[Path]:
        """The stored files, in order."""
        return sorted(self.root.glob("*/*.pkl")) if self.root.exists() else []

    def count(self) -> int:
        """Number of stored replications."""
        return len(self.files())

    def audit(self) -> Audit:
        """Check every stored file; remove the damaged ones (they run again).

        A file with a checksum in :attr:`checksums` must match it. A file
        without one (the checksums were lost, or the program was killed
        before it kept them) must be an intact pickle of this experiment; it
        is then adopted, with its checksum.
        """
        found = Audit()
        for path in self.files():
            key = self.name(path)
            try:
                data = path.read_bytes()
            except OSError:
                found.damaged.append(path)
                continue
            checksum = hashlib.sha256(data).hexdigest()
            if key in self.checksums:
                ok = checksum == self.checksums[key]
                (found.good if ok else found.damaged).append(path)
            elif self._read(path) is not None:
                self.checksums[key] = checksum
                found.good.append(path)
            elif _intact(data):
                found.foreign.append(path)
            else:
                found.damaged.append(path)
        for path in found.damaged:
            path.unlink(missing_ok=True)
            self.checksums.pop(self.name(path), None)
        return found

    def clear(self) -> None:
        """Forget every stored replication."""
        shutil.rmtree(self.root, ignore_errors=True)
        self.checksums.clear()


def _intact(data: bytes) -> bool:
    """True when ``data`` is a whole pickle (of whatever experiment)."""
    try:
        pickle.loads(data)
    except Exception:
        return False
    return True
