"""The ``cfl`` parser and entry point.

Each command lives in its own module with an ``add_parser(sub)`` function
that adds its sub-parser and sets ``func``; a new command is one module and
one entry in :data:`COMMANDS`.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from ..parameters import PRESETS, ParameterError
from . import compare, game, params, run, save, sensitivity, sweep
from .common import UserError, check_common

COMMANDS = (run, compare, sweep, sensitivity, params, save, game)
"""Command modules, in the order ``cfl --help`` lists them."""


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``cfl``.

    Examples
    --------
    >>> build_parser().parse_args(["run", "-n", "3"]).replications
    3
    """
    parser = argparse.ArgumentParser(
        prog="cfl",
        description="Customer Focus Lab simulator: run, compare and sweep scenarios. "
        f"A scenario is a preset ({', '.join(PRESETS)}) or a TOML file.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in COMMANDS:
        command.add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``cfl`` command.

    Parameters
    ----------
    argv
        The arguments after ``cfl``; None reads ``sys.argv``.

    Returns
    -------
    int
        Exit status: 0 done, 1 some replications failed, 2 bad input,
        130 interrupted.
    """
    args = build_parser().parse_args(argv)
    try:
        check_common(args)
        return args.func(args)
    except (ParameterError, UserError) as err:
        print(f"cfl: error: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("cfl: interrupted", file=sys.stderr)
        return 130
