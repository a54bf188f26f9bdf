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

from ..i18n import LANGUAGES, _, set_language
from ..parameters import PRESETS, ParameterError
from . import (
    argparse_text,
    calibrate,
    compare,
    game,
    params,
    run,
    save,
    sensitivity,
    sweep,
)
from .common import UserError, check_common

COMMANDS = (run, compare, sweep, sensitivity, calibrate, params, save, game)
"""Command modules, in the order ``cfl --help`` lists them."""


class Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line, like every other error."""

    def error(self, message: str) -> NoReturn:
        """Print one line and exit with status 2."""
        text = " ".join(message.split())
        if len(text) > 300:
            text = text[:297] + "..."
        self.exit(
            2,
            _("cfl: error: {text} (see {prog} --help)").format(
                text=text, prog=self.prog
            )
            + "\n",
        )


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``cfl``.

    Examples
    --------
    >>> build_parser().parse_args(["run", "-n", "3"]).replications
    3
    """
    argparse_text.speak()  # "usage:", "options"... in the language in use
    parser = Parser(
        prog="cfl",
        description=_(
            "Customer Focus Lab simulator: run, compare and sweep scenarios, "
            "calibrate to a business's transactions. "
            "A scenario is a preset ({presets}) or a TOML file."
        ).format(presets=", ".join(PRESETS)),
    )
    parser.add_argument(
        "--lang",
        choices=list(LANGUAGES),
        help=_(
            "language of the messages, tables and figures (default: CFL_LANG, "
            "else English)"
        ),
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
    argv = list(sys.argv[1:] if argv is None else argv)
    wanted = _language_in(argv)
    if wanted is not None:
        set_language(wanted)  # before the parser: its help is translated too
    args = build_parser().parse_args(argv)
    try:
        check_common(args)
        return args.func(args)
    except (ParameterError, UserError) as err:
        print(
            _("cfl: error: {message}").format(message=_one_line(err)), file=sys.stderr
        )
        return 2
    except KeyboardInterrupt:
        print(_("cfl: interrupted"), file=sys.stderr)
        return 130
    except RecursionError:
        print(_("cfl: error: input nested too deeply"), file=sys.stderr)
        return 2
    except OSError as err:
        reason = err.strerror or err
        if err.filename:
            text = _("cfl: error: cannot use {path!r}: {reason}").format(
                path=err.filename, reason=reason
            )
        else:
            text = _("cfl: error: cannot use: {reason}").format(reason=reason)
        print(text, file=sys.stderr)
        return 2
    except Exception as err:  # a fault of the program: still one line
        print(
            _("cfl: internal error: {kind}: {message} (please report it)").format(
                kind=type(err).__name__, message=_one_line(err)
            ),
            file=sys.stderr,
        )
        return 1


def _language_in(argv: Sequence[str]) -> str | None:
    """The value of ``--lang`` before the command, if it names a language on offer.

    Examples
    --------
    >>> _language_in(["--lang", "ru", "run"]), _language_in(["--lang=en"])
    ('ru', 'en')
    >>> _language_in(["run", "--lang", "ru"]), _language_in(["--lang", "xx"])
    (None, None)
    """
    for i, item in enumerate(argv):
        if not item.startswith("-"):
            return None  # the command: --lang comes before it
        value = None
        if item == "--lang" and i + 1 < len(argv):
            value = argv[i + 1]
        elif item.startswith("--lang="):
            value = item.partition("=")[2]
        if value is not None:
            return value if value in LANGUAGES else None
    return None


def _one_line(err: BaseException, limit: int = 500) -> str:
    """An error's message on one line, cut to ``limit`` characters."""
    text = " ".join(str(err).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."
