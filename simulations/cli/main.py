"""The ``cfl`` parser and entry point.

Each command lives in its own module with an ``add_parser(sub)`` function
that adds its sub-parser and sets ``func``; a new command is one module and
one entry in :data:`COMMANDS`.
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import importlib
import os
import signal
import sys
from collections.abc import Sequence
from typing import NoReturn

from ..i18n import LANGUAGES, _, set_language

# This module loads only the standard library (and simulations.i18n, which
# does too): the package's own modules (and NumPy, pandas, SciPy, SimPy behind
# them) load inside main()'s guard, so that a Ctrl-C in the program's first
# seconds ends it with one line.

COMMANDS = (
    "run",
    "compare",
    "watch",
    "sweep",
    "sensitivity",
    "calibrate",
    "params",
    "save",
    "game",
)
"""Command modules of this package, in the order ``cfl --help`` lists them.
They are imported by :func:`build_parser`, inside :func:`main`'s guard, so
that a Ctrl-C while the model loads ends cleanly."""


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
    from ..parameters import PRESETS
    from . import argparse_text

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
    for name in COMMANDS:
        importlib.import_module(f".{name}", __package__).add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``cfl`` command.

    Parameters
    ----------
    argv
        The arguments after ``cfl``; None reads ``sys.argv``, as the
        program does: then an interrupted command ends the process itself
        (status 130) once its work is saved.

    Returns
    -------
    int
        Exit status: 0 done, 1 some replications failed, 2 bad input,
        130 interrupted.
    """
    wanted = _language_in(sys.argv[1:] if argv is None else argv)
    if wanted is not None:
        set_language(wanted)  # before the parser: its help is translated too
    try:
        status = _run(argv)
    except KeyboardInterrupt:  # e.g. one that came while another error was shown
        print(_("cfl: interrupted"), file=sys.stderr)
        status = 130
    finally:
        if argv is None:  # the program itself, not a caller in Python
            _flush()
            with contextlib.suppress(ValueError):  # not in the main thread
                signal.signal(signal.SIGINT, _interrupted_now)
            # Python's last clean-up puts back the default handler, which ends
            # the process by SIGINT without a word: from the exit handlers on,
            # the work is done and saved, so a late Ctrl-C is ignored.
            atexit.register(_ignore_interrupts)
    if argv is None and status == 130:
        # A Ctrl-C caught while some C extensions were loading still makes
        # Python end by SIGINT after its clean-up, whatever the exit status.
        # The work is saved and the pool stopped: end here, with status 130.
        os._exit(130)
    return status


def _flush() -> None:
    with contextlib.suppress(OSError, ValueError):
        sys.stdout.flush()
        sys.stderr.flush()


def _ignore_interrupts() -> None:
    """From the program's exit handlers on, a Ctrl-C changes nothing."""
    with contextlib.suppress(ValueError):
        signal.signal(signal.SIGINT, signal.SIG_IGN)


def _interrupted_now(signum: int, frame: object) -> None:
    """A Ctrl-C while Python shuts down: end the program at once."""
    os.write(2, (_("cfl: interrupted") + "\n").encode())
    os._exit(130)


def _run(argv: Sequence[str] | None) -> int:
    """Parse, check and run one command; every error becomes one line."""
    from ..parameters import ParameterError
    from .common import UserError, check_common

    try:
        args = build_parser().parse_args(argv)
        check_common(args)
        return args.func(args)
    except KeyboardInterrupt:
        print(_("cfl: interrupted"), file=sys.stderr)
        return 130
    except (ParameterError, UserError) as err:
        print(
            _("cfl: error: {message}").format(message=_one_line(err)), file=sys.stderr
        )
        return 2
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
