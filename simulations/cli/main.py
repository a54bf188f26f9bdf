"""The ``cfl`` parser and entry point.

Each command lives in its own module with an ``add_parser(sub)`` function
that adds its sub-parser and sets ``func``; a new command is one module and
one entry in :data:`COMMANDS`.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import NoReturn

from ..parameters import PRESETS, ParameterError
from . import calibrate, compare, game, params, run, save, sensitivity, sweep, watch
from .common import UserError, check_common

COMMANDS = (run, compare, watch, sweep, sensitivity, calibrate, params, save, game)
"""Command modules, in the order ``cfl --help`` lists them."""


class Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line, like every other error."""

    def error(self, message: str) -> NoReturn:
        """Print one line and exit with status 2."""
        text = " ".join(message.split())
        if len(text) > 300:
            text = text[:297] + "..."
        self.exit(2, f"cfl: error: {text} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``cfl``.

    Examples
    --------
    >>> build_parser().parse_args(["run", "-n", "3"]).replications
    3
    """
    parser = Parser(
        prog="cfl",
        description="Customer Focus Lab simulator: run, compare and sweep scenarios, "
        "calibrate to a business's transactions. "
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
        print(f"cfl: error: {_one_line(err)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("cfl: interrupted", file=sys.stderr)
        return 130
    except RecursionError:
        print("cfl: error: input nested too deeply", file=sys.stderr)
        return 2
    except OSError as err:
        where = f" {err.filename!r}" if err.filename else ""
        print(f"cfl: error: cannot use{where}: {err.strerror or err}", file=sys.stderr)
        return 2
    except Exception as err:  # a fault of the program: still one line
        print(
            f"cfl: internal error: {type(err).__name__}: {_one_line(err)} "
            "(please report it)",
            file=sys.stderr,
        )
        return 1


def _one_line(err: BaseException, limit: int = 500) -> str:
    """An error's message on one line, cut to ``limit`` characters."""
    text = " ".join(str(err).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."
