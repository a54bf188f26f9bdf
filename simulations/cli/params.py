"""``cfl presets`` and ``cfl params``: what can be set, and how presets differ."""

from __future__ import annotations

import argparse
import textwrap

import pandas as pd

from ..i18n import _
from ..parameters import GROUPS, PRESETS, Scenario, levers, plausible_ranges
from ..present.labels import lever_table, value_text
from .common import UserError


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Add the ``presets`` and ``params`` commands to the sub-parsers of ``cfl``."""
    p = sub.add_parser("presets", help=_("list the presets and their levers"))
    p.set_defaults(func=cmd_presets)

    p = sub.add_parser("params", help=_("list every parameter with its range"))
    p.add_argument("--group", default=None, help=_("only this group"))
    p.add_argument(
        "--ranges",
        action="store_true",
        help=_(
            "only the assumptions with a plausible range (what cfl sensitivity "
            "varies), each with its source"
        ),
    )
    p.set_defaults(func=cmd_params)


def cmd_presets(args: argparse.Namespace) -> int:
    """Print the levers of each preset side by side."""
    presets = [Scenario.preset(p) for p in PRESETS]
    table = lever_table(presets)
    table[_("key in a command")] = list(levers(presets[0]))
    print(_("Presets differ only in these levers:"))
    print(table.to_string())
    return 0


def cmd_params(args: argparse.Namespace) -> int:
    """Print every parameter (or one group's) with its unit and range."""
    if args.group is not None and args.group not in GROUPS:
        raise UserError(
            _("--group {name!r} is unknown; choose one of {known}").format(
                name=args.group[:40], known=", ".join(GROUPS)
            )
        )
    if args.ranges:
        print(ranges_text(args.group))
        return 0
    columns = ["group", "name", "default", "unit", "allowed", "lever", "meaning"]
    table = pd.DataFrame(Scenario.describe())[columns]
    if args.group is not None:
        table = table[table["group"] == args.group]
    with pd.option_context("display.max_colwidth", 70, "display.width", 200):
        print(table.to_string(index=False))
    return 0


def ranges_text(group: str | None = None) -> str:
    """The assumptions with a plausible range, each with its value and source."""
    blocks = []
    for dotted, r in plausible_ranges().items():
        if group is not None and not dotted.startswith(group + "."):
            continue
        head = _("{name} = {value}; plausible: {low} to {high}").format(
            name=dotted,
            value=value_text(r["default"]),
            low=value_text(r["low"]),
            high=value_text(r["high"]),
        )
        source = _("source: {source}").format(source=r["source"])
        blocks.append(
            head
            + "\n"
            + textwrap.fill(source, 88, initial_indent="  ", subsequent_indent="    ")
        )
    return "\n".join(blocks)
