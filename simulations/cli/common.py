"""What every ``cfl`` command shares: input, options, checks and the executor.

Bad input raises :class:`UserError` (or :class:`ParameterError` from the
scenario); :func:`simulations.cli.main` turns either into one line on
standard error and exit status 2.
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import tempfile
import threading
from collections.abc import Sequence
from concurrent.futures import Executor
from pathlib import Path
from typing import Any

from ..files import slug, slug_clashes
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
    except RecursionError:
        raise UserError(
            f"value {text[:30]!r}...: arrays nested too deeply; expected a number, "
            "true/false or a word"
        ) from None


def apply_settings(scenario: Scenario, settings: Sequence[str]) -> Scenario:
    """Apply ``group.name=value`` settings, all before the cross-checks."""
    changes = {}
    for item in settings:
        key, sep, value = item.partition("=")
        if not sep or not key.strip() or len(key) > 100:
            raise UserError(f"--set {item[:60]!r}: expected group.name=value")
        changes[key.strip()] = parse_value(value.strip())
    return scenario.set(**changes)


def prepare(args: argparse.Namespace, source: str) -> Scenario:
    """Load a scenario and apply the common options (``--set``, ``--seed``)."""
    scenario = apply_settings(load_scenario(source), args.set)
    if args.seed is not None:
        scenario.seed = args.seed
    return scenario


def check_names(scenarios: list[Scenario]) -> None:
    """Refuse scenarios whose file names would be the same."""
    for a, b in slug_clashes([s.name for s in scenarios]):
        raise UserError(
            f"scenario names {a!r} and {b!r} would share the file name "
            f"{slug(a)!r}; rename one (name = ... in its TOML file)"
        )


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


def writable_file(path: str, what: str, *, force: bool = True) -> Path:
    """Check, before any work, that the file ``path`` can be written.

    Files are written to a temporary file beside them and then renamed, so
    what matters is the folder: it must exist and take a new file.

    Parameters
    ----------
    path
        The file to write.
    what
        The option or argument that gave it, for the message.
    force
        Whether an existing file may be replaced.
    """
    target = Path(path)
    folder = target.parent
    if target.is_dir():
        raise UserError(f"{what} {path!r}: is a folder; expected a file name")
    if not folder.is_dir():
        raise UserError(
            f"{what} {path!r}: the folder {str(folder)!r} does not exist; "
            "expected a file in an existing folder"
        )
    if not force and target.exists():
        raise UserError(f"{what} {path!r}: the file exists; add --force to replace it")
    try:
        fd, probe = tempfile.mkstemp(prefix=".cfl-write-test.", dir=folder)
        os.close(fd)
        os.unlink(probe)
    except OSError as err:
        raise UserError(
            f"{what} {path!r}: cannot write in the folder {str(folder)!r}: "
            f"{err.strerror or err}"
        ) from None
    return target


SCHEDULER_WAIT = 15.0
"""Seconds to wait for a Dask scheduler to answer."""

_ADDRESS = re.compile(
    r"(?:(tcp|tls)://)?(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9._-]+):(\d{1,5})"
)


def make_executor(args: argparse.Namespace) -> Executor | None:
    """A Dask executor when a scheduler address is given, else None."""
    address = args.scheduler
    if address is None:
        return None
    match = _ADDRESS.fullmatch(address.strip())
    if not match or not 1 <= int(match[3]) <= 65535:
        raise UserError(
            f"--scheduler {address[:80]!r}: expected a Dask scheduler address, "
            "host:port with a port from 1 to 65535, e.g. tcp://10.0.0.5:8786"
        )
    address = address.strip()
    try:
        from distributed import Client
    except ImportError:
        raise UserError(
            "--scheduler needs Dask: pip install 'customer-focus-lab[dask]'"
        ) from None
    host = match[2].strip("[]")
    try:  # a closed port answers at once; no need to wait for Dask's timeout
        socket.create_connection((host, int(match[3])), timeout=5).close()
    except OSError as err:
        reason = err.strerror or type(err).__name__
        raise UserError(f"cannot reach Dask scheduler {address!r}: {reason}") from None
    outcome: dict[str, Any] = {}

    def connect() -> None:
        try:
            outcome["client"] = Client(address, timeout=SCHEDULER_WAIT - 5)
        except BaseException as err:  # whatever a wrong server makes Dask raise
            outcome["error"] = err

    thread = threading.Thread(target=connect, daemon=True)
    thread.start()
    thread.join(SCHEDULER_WAIT)
    if "client" in outcome:
        return outcome["client"].get_executor()
    if thread.is_alive():
        raise UserError(
            f"cannot reach Dask scheduler {address!r}: no answer in "
            f"{SCHEDULER_WAIT:g} s (is it a Dask scheduler's port?)"
        )
    err = outcome.get("error")
    detail = str(err).splitlines()[0][:120] if err and str(err) else ""
    raise UserError(
        f"cannot reach Dask scheduler {address!r}: {type(err).__name__} {detail}"
        "(is it a Dask scheduler's port?)"
    )


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
    p.add_argument(
        "--resume",
        action="store_true",
        help="finish an interrupted experiment in the output folder",
    )
    p.add_argument(
        "--overwrite",
        action="store_true",
        help="replace unfinished results in the output folder",
    )
    p.add_argument(
        "-y",
        "--yes",
        action="store_true",
        help="run even when the experiment would take long (over 10 CPU minutes)",
    )
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
    if getattr(args, "resume", False) and getattr(args, "overwrite", False):
        raise UserError("--resume and --overwrite: choose one of them")
