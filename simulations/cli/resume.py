"""Results folders that can be resumed: the manifest and the stored runs.

A results folder holds ``manifest.json`` (the command, the scenarios as TOML,
seed, replications, levers and the package version) and every finished
replication under ``runs/`` (see :class:`~simulations.experiments.store.RunStore`).
``--resume`` goes on only when the manifest matches the new command; a plain
run into a folder with unfinished results refuses, so finished work is never
replaced silently.
"""

from __future__ import annotations

import argparse
import json
import tomllib
from collections.abc import Sequence
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


class Experiment:
    """A results folder that keeps each replication as it finishes.

    Parameters
    ----------
    folder
        The results folder (it exists).
    data
        The new experiment's :func:`manifest`.
    args
        The command's options: ``resume``, ``overwrite``, ``no_plots``.
    """

    def __init__(
        self, folder: Path, data: dict[str, Any], args: argparse.Namespace
    ) -> None:
        self.path = folder / "manifest.json"
        self.data = data
        self.store = RunStore(folder, keep_visits=not args.no_plots)
        self.overwrite = args.overwrite
        old = self._read()
        if args.resume:
            if old is None:
                raise UserError(
                    f"--resume: no experiment to resume in {str(folder)!r} "
                    "(it has no manifest.json)"
                )
            for key in KEYS:
                if old.get(key) != data[key]:
                    raise UserError(
                        f"--resume: the results in {str(folder)!r} are of another "
                        f"experiment: {_difference(key, old.get(key), data[key])}"
                    )
        elif (
            not args.overwrite
            and self.store.count()
            and not (old or {}).get("complete")
        ):
            raise UserError(
                f"{str(folder)!r} holds unfinished results of an earlier experiment; "
                "add --resume to finish it or --overwrite to start again"
            )
        elif not args.overwrite:
            self.overwrite = True  # finished results: a new run replaces them

    def _read(self) -> dict[str, Any] | None:
        if not self.path.exists():
            return None
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError):
            raise UserError(
                f"{str(self.path)!r} cannot be read; use --overwrite to start again"
            ) from None
        if not isinstance(data, dict):
            raise UserError(
                f"{str(self.path)!r} is not a manifest; use --overwrite to start again"
            )
        return data

    def stored(self) -> int:
        """Replications already on disk that this run will use."""
        return 0 if self.overwrite else self.store.count()

    def begin(self) -> RunStore:
        """Clear replaced results, write the manifest; return the store."""
        if self.overwrite:
            self.store.clear()
        self._write(complete=False)
        return self.store

    def finish(self, complete: bool) -> None:
        """Mark the experiment finished (or not) in its manifest."""
        self._write(complete=complete)

    def _write(self, complete: bool) -> None:
        atomic_text(
            self.path, json.dumps({**self.data, "complete": complete}, indent=2)
        )
