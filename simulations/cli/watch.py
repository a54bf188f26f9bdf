"""``cfl watch``: one HTML file that replays a day at the desk, for any browser.

One scenario, or two side by side on the same day with the same customers
(the second runs with the first one's seed: common random numbers). The file
carries plotly.js, so it opens with no internet.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ..files import atomic_text
from ..i18n import _
from ..model import single_run
from ..present.replay import ReplayError, watch
from .common import UserError, apply_settings, prepare
from .limits import check_cost

DEFAULT_FILE = "day.html"


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Add the ``watch`` command to the sub-parsers of ``cfl``."""
    p = sub.add_parser(
        "watch",
        help="replay a day at the desk as an HTML animation (one or two scenarios)",
        description="Run a scenario (and an alternative, with the same customers) "
        "and write one HTML file that replays a day of the run: the line, the "
        "staff, who gave up, how each visit was judged.",
    )
    p.add_argument("scenario", help="preset name or TOML file")
    p.add_argument(
        "alt",
        nargs="?",
        default=None,
        help="a second preset or TOML file, shown below the first",
    )
    p.add_argument(
        "--day",
        type=int,
        default=None,
        metavar="N",
        help="day of the run to watch, from 1 to the run's days less one "
        "(default: the last finished day)",
    )
    p.add_argument(
        "-o",
        "--out",
        default=DEFAULT_FILE,
        metavar="FILE",
        help=f"HTML file to write (default {DEFAULT_FILE})",
    )
    p.add_argument("--seed", type=int, default=None, help="override the seed of both")
    p.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="GROUP.NAME=VALUE",
        help="change a parameter of both scenarios (repeatable)",
    )
    p.add_argument(
        "--alt-set",
        action="append",
        default=[],
        metavar="GROUP.NAME=VALUE",
        help="change a parameter of the second scenario only; without ALT, the "
        "second is a copy of the first with these changes",
    )
    p.add_argument(
        "-y", "--yes", action="store_true", help="run even when it would take long"
    )
    p.set_defaults(func=cmd_watch)


def cmd_watch(args: argparse.Namespace) -> int:
    """Run the scenarios, write the replay, say where."""
    _check_out(args.out)
    scenarios = [prepare(args, args.scenario)]
    if args.alt is not None or args.alt_set:
        alt = prepare(args, args.alt) if args.alt is not None else scenarios[0].copy()
        alt = apply_settings(alt, args.alt_set)
        if args.alt is None:
            alt.name = _changed_name(args.alt_set)
        alt.seed = scenarios[0].seed  # the same customers on both sides
        if alt.name == scenarios[0].name:
            alt.name += " " + _("(second)")
        scenarios.append(alt)
    days = min(s.business.days for s in scenarios)
    if days < 2:
        raise UserError(
            _("business.days = {days}: a replay needs a run of 2 days or more").format(
                days=days
            )
        )
    if args.day is not None and not 1 <= args.day <= days - 1:
        raise UserError(
            _(
                "--day {day}: choose a day from 1 to {last} (the run has "
                "{days} days; its last one is not finished)"
            ).format(day=args.day, last=days - 1, days=days)
        )
    check_cost(args, scenarios, len(scenarios))
    runs = [(single_run(s, 0, record_visits=True), s) for s in scenarios]
    day = None if args.day is None else args.day - 1
    try:
        replay = watch(runs, day)
    except ReplayError as err:
        raise UserError(str(err)) from None
    atomic_text(args.out, replay.html)
    shown = replay.panels[0]
    names = _(" against ").join(p.name for p in replay.panels)
    print(
        _("{names}, day {day}: replay written to {file}").format(
            names=names, day=shown.number, file=args.out
        )
    )
    return 0


def _check_out(out: str) -> None:
    """Refuse an output file that cannot be written, before any run."""
    path = Path(out)
    if not out.strip() or path.is_dir():
        raise UserError(f"--out {out[:80]!r}: give a file name, e.g. {DEFAULT_FILE}")
    if not path.parent.is_dir():
        raise UserError(
            f"--out {out[:80]!r}: the folder {str(path.parent)[:80]!r} does not exist"
        )


def _changed_name(settings: list[str]) -> str:
    """A plain name for a copy changed by ``--alt-set``: "staff = 4".

    Examples
    --------
    >>> _changed_name(["business.staff=4", "service.queue_discipline=priority"])
    'staff = 4, queue discipline = priority'
    """
    parts = []
    for item in settings:
        key, _sep, value = item.partition("=")
        words = key.strip().rpartition(".")[2].replace("_", " ")
        parts.append(f"{words} = {value.strip()}")
    return ", ".join(parts)[:80]
