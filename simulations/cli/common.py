"""What every ``cfl`` command shares: input, options, checks and the executor.

Bad input raises :class:`UserError` (or :class:`ParameterError` from the
scenario); :func:`simulations.cli.main` turns either into one line on
standard error and exit status 2.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from concurrent.futures import Executor
from pathlib import Path
from typing import Any

from ..parameters import Scenario


class UserError(Exception):
    """Input the program cannot use; the message is shown as it is."""


# ---------------------------------------------------------------- inputs
def load_scenario(source: str) -> Scenario:
    """A preset name or a TOML file path.

    Examples
    --------
    >>> load_scenario("client_centric").name
    'client-centric'
    """
    if Path(source).suffix == ".toml" or Path(source).exists():
        return Scenario.from_toml(source)
    return Scenario.preset(source)


def parse_value(text: str) -> Any:
    """A command-line value as TOML would read it (``3``, ``0.5``, ``true``).

    Examples
    --------
    >>> parse_value("3"), parse_value("0.5"), parse_value("true"), parse_value("fifo")
    (3, 0.5, True, 'fifo')
    """
    import tomllib

    try:
        return tomllib.loads(f"v = {text}")["v"]
    except tomllib.TOMLDecodeError:
        return text  # a bare word: a text choice such as priority


def apply_settings(scenario: Scenario, settings: Sequence[str]) -> Scenario:
    """Apply ``group.name=value`` settings, all before the cross-checks."""
    changes = {}
    for item in settings:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise UserError(f"--set {item!r}: expected group.name=value")
        changes[key.strip()] = parse_value(value.strip())
    return scenario.set(**changes)


def prepare(args: argparse.Namespace, source: str) -> Scenario:
    """Load a scenario and apply the common options (``--set``, ``--seed``)."""
    scenario = apply_settings(load_scenario(source), args.set)
    if args.seed is not None:
        scenario.seed = args.seed
    return scenario


def output_folder(path: str) -> Path:
    """Make sure the output folder exists and can be written."""
    folder = Path(path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / ".write-test"
        probe.write_text("ok", encoding="utf-8")
        probe.unlink()
    except OSError as err:
        reason = err.strerror or str(err)
        raise UserError(
            f"cannot write to output folder {str(folder)!r}: {reason}"
        ) from None
    return folder


def make_executor(args: argparse.Namespace) -> Executor | None:
    """A Dask executor when a scheduler address is given, else None."""
    if not args.scheduler:
        return None
    try:
        from distributed import Client
    except ImportError:
        raise UserError(
            "--scheduler needs Dask: pip install 'customer-focus-lab[dask]'"
        ) from None
    try:
        client = Client(args.scheduler, timeout=10)
    except OSError as err:
        raise UserError(
            f"cannot reach Dask scheduler {args.scheduler!r}: {err}"
        ) from None
    return client.get_executor()


# ---------------------------------------------------------------- options
def add_common_options(p: argparse.ArgumentParser, out: str) -> None:
    """The options of every command that runs the model.

    Parameters
    ----------
    p
        The command's sub-parser.
    out
        Its default output folder.
    """
    p.add_argument(
        "-n",
        "--replications",
        type=int,
        default=10,
        help="replications per scenario (default 10)",
    )
    p.add_argument(
        "-w",
        "--workers",
        type=int,
        default=None,
        help="worker processes (default: all cores; 1 = no parallelism)",
    )
    p.add_argument("--seed", type=int, default=None, help="override the seed")
    p.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="GROUP.NAME=VALUE",
        help="change a parameter, e.g. --set business.staff=4 (repeatable)",
    )
    p.add_argument("-o", "--out", default=out, help=f"output folder (default {out})")
    p.add_argument(
        "--confidence",
        type=float,
        default=0.95,
        help="confidence level of intervals (default 0.95)",
    )
    p.add_argument(
        "--scheduler",
        default=None,
        metavar="ADDRESS",
        help="run on a Dask cluster, e.g. tcp://10.0.0.5:8786",
    )
    p.add_argument("--no-plots", action="store_true", help="skip the PNG figures")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")


def check_common(args: argparse.Namespace) -> None:
    """Refuse impossible option values before any run starts."""
    confidence = getattr(args, "confidence", 0.95)
    if not 0 < confidence < 1:
        raise UserError(
            f"--confidence {confidence}: must be between 0 and 1, e.g. 0.95"
        )
    replications = getattr(args, "replications", 10)
    if not 1 <= replications <= 10_000:
        raise UserError(f"--replications {replications}: must be from 1 to 10000")
    workers = getattr(args, "workers", None)
    if workers is not None and workers < 1:
        raise UserError(f"--workers {workers}: must be 1 or more")
