"""``cfl save``: write a scenario, with its ``--set`` changes, to a TOML file."""

from __future__ import annotations

import argparse

from .common import UserError, prepare, writable_file


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Add the ``save`` command to the sub-parsers of ``cfl``."""
    p = sub.add_parser("save", help="write a scenario (with --set changes) to TOML")
    p.add_argument("scenario", help="preset name or TOML file")
    p.add_argument("file", help="TOML file to write")
    p.add_argument("--name", default=None, help="new scenario name")
    p.add_argument("--seed", type=int, default=None, help="override the seed")
    p.add_argument("--set", action="append", default=[], metavar="GROUP.NAME=VALUE")
    p.add_argument("--force", action="store_true", help="replace an existing file")
    p.set_defaults(func=cmd_save)


def cmd_save(args: argparse.Namespace) -> int:
    """Write the scenario and say where."""
    scenario = prepare(args, args.scenario)
    if args.name:
        scenario.name = args.name
    writable_file(args.file, "cfl save", force=args.force)
    try:
        scenario.to_toml(args.file)
    except OSError as err:
        raise UserError(f"cannot write {args.file!r}: {err.strerror or err}") from None
    print(f"scenario {scenario.name!r} written to {args.file}")
    return 0
