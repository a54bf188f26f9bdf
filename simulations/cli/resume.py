"""Results folders that can be resumed: the manifest and the stored runs.

A results folder holds ``manifest.json`` (the command, the scenarios as TOML,
seed, replications, levers, the package version and a checksum of every
stored replication) and every finished replication under ``runs/`` (see
:class:`~simulations.experiments.store.RunStore`).
``--resume`` goes on only when the manifest matches the new command; a plain
run into a folder with unfinished results refuses, so finished work is never
replaced silently.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import sys
import time
import tomllib
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from .. import __version__
from ..experiments.store import RunStore
from ..files import atomic_text
from ..parameters import Scenario
from .common import UserError

KEYS = ("command", "scenarios", "seed", "replications", "levers", "version")
"""What must match for ``--resume`` to go on."""


def manifest(
    command: str,
    scenarios: Sequence[Scenario],
    replications: int,
    levers: dict[str, list[Any]] | None = None,
) -> dict[str, Any]:
    """The manifest of an experiment, as JSON data."""
    data = {
        "command": command,
        "scenarios": [s.to_toml() for s in scenarios],
        "seed": scenarios[0].seed,
        "replications": replications,
        "levers": levers or {},
        "version": __version__,
    }
    return json.loads(json.dumps(data))


def _difference(key: str, old: Any, new: Any) -> str:
    """What differs between two manifest entries, in words."""
    if key != "scenarios" or len(old) != len(new):
        return f"{key} was {_brief(old)}, now {_brief(new)}"
    for before, after in zip(old, new, strict=True):
        a, b = _flat(tomllib.loads(before)), _flat(tomllib.loads(after))
        for name in sorted(set(a) | set(b)):
            if a.get(name) != b.get(name):
                return f"{name} was {_brief(a.get(name))}, now {_brief(b.get(name))}"
    return "the scenarios differ"


def _flat(data: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    out = {}
    for key, value in data.items():
        if isinstance(value, dict):
            out |= _flat(value, f"{prefix}{key}.")
        else:
            out[f"{prefix}{key}"] = value
    return out


def _brief(value: Any) -> str:
    text = json.dumps(value) if not isinstance(value, str) else repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def fingerprint(data: dict[str, Any]) -> str:
    """What tells one experiment from another: a hash of its :data:`KEYS`."""
    text = json.dumps({key: data[key] for key in KEYS}, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


class Experiment:
    """A results folder that keeps each replication as it finishes.

    The manifest lists a SHA-256 checksum of every stored replication: on
    ``--resume`` a file that does not match is run again. A manifest that is
    missing or damaged is rebuilt on ``--resume`` from the stored files that
    are intact and of this experiment (each file names its experiment).

    Parameters
    ----------
    folder
        The results folder (it exists).
    data
        The new experiment's :func:`manifest`.
    args
        The command's options: ``resume``, ``overwrite``.
    keep_visits, all_visits
        Which tables of visits the stored runs keep (see
        :class:`~simulations.experiments.store.RunStore`).
    """

    def __init__(
        self,
        folder: Path,
        data: dict[str, Any],
        args: argparse.Namespace,
        *,
        keep_visits: bool = False,
        all_visits: bool = False,
    ) -> None:
        self.folder = folder
        self.path = folder / "manifest.json"
        self.data = data
        self.rebuilt = False
        old = self._read()
        self.store = RunStore(
            folder,
            keep_visits,
            all_visits=all_visits,
            experiment=fingerprint(data),
            checksums=dict((old or {}).get("runs") or {}),
            saved=self._saved,
        )
        self.overwrite = args.overwrite
        self.was_complete = bool((old or {}).get("complete"))
        self._written = 0.0
        if args.resume:
            self._resume(old)
        elif not args.overwrite and self.store.count() and not self.was_complete:
            damaged = " (its manifest.json is damaged)" if self.path.exists() else ""
            raise UserError(
                f"{str(folder)!r} holds unfinished results of an earlier experiment"
                f"{damaged}; add --resume to finish it or --overwrite to start again"
            )
        elif not args.overwrite:
            self.overwrite = True  # finished results: a new run replaces them

    def _resume(self, old: dict[str, Any] | None) -> None:
        """Check that the stored results are of this experiment; audit them."""
        folder = str(self.folder)
        if old is None and not self.store.count():
            raise UserError(
                f"--resume: no experiment to resume in {folder!r} "
                "(it has no manifest.json and no stored replications)"
            )
        for key in KEYS if old is not None else ():
            if old.get(key) != self.data[key]:
                raise UserError(
                    f"--resume: the results in {folder!r} are of another "
                    f"experiment: {_difference(key, old.get(key), self.data[key])}"
                )
        found = self.store.audit()
        if found.foreign:
            raise UserError(
                f"--resume: {len(found.foreign)} stored replications in {folder!r} "
                f"are of another experiment (e.g. {str(found.foreign[0])!r}); "
                "use --overwrite to start again or another --out folder"
            )
        if found.damaged:
            self.was_complete = False
            _warn(
                f"{len(found.damaged)} stored replications did not match their "
                f"checksum in manifest.json or could not be read (the first: "
                f"{str(found.damaged[0])!r}); they run again"
            )
        if old is None:
            self.rebuilt, self.was_complete = True, False
            _warn(
                f"{str(self.path)!r} was missing or damaged; rebuilt from the "
                f"{len(found.good)} intact stored replications"
            )

    def _read(self) -> dict[str, Any] | None:
        """The old manifest; None when there is none or it is damaged."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError, ValueError, RecursionError):
            data = None
        if not isinstance(data, dict) or not isinstance(data.get("runs", {}), dict):
            return None
        return data

    def stored(self) -> int:
        """Replications already on disk that this run will use."""
        return 0 if self.overwrite else self.store.count()

    def begin(self) -> RunStore:
        """Clear replaced results, write the manifest; return the store."""
        if self.overwrite:
            self.store.clear()
            self.was_complete = False
        self._write(complete=self.was_complete)
        return self.store

    def finish(self, complete: bool) -> None:
        """Mark the experiment finished (or not) in its manifest.

        A finished experiment stays finished: a resumed run that stops
        early still has every replication on disk.
        """
        self._write(complete=complete or self.was_complete)

    @contextlib.contextmanager
    def writing(self) -> Iterator[None]:
        """Turn a failure to write into the results folder into one clear line.

        The replications stored before it stay; ``--resume`` finishes later.
        """
        try:
            yield
        except OSError as err:
            where = Path(err.filename) if err.filename else None
            inside = where is not None and self.folder.resolve() in [
                where.resolve(),
                *where.resolve().parents,
            ]
            if not inside:
                raise
            raise UserError(
                f"cannot write to output folder {str(self.folder)!r}: "
                f"{err.strerror or err}; the {self.store.count()} replications "
                "stored before were kept; add --resume to finish once it "
                "can be written"
            ) from None

    def _saved(self) -> None:
        """A replication was stored: keep its checksum (at most once a second)."""
        if len(self.store.checksums) < 200 or time.monotonic() - self._written > 1.0:
            self._write(complete=self.was_complete)

    def _write(self, complete: bool) -> None:
        data = {**self.data, "complete": complete, "runs": self.store.checksums}
        atomic_text(self.path, json.dumps(data, indent=2))
        self._written = time.monotonic()


def _warn(text: str) -> None:
    print(f"cfl: warning: {text}", file=sys.stderr)
