"""``cfl sweep``: one or two levers over a grid, as a tidy table."""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path
from typing import Any

import pandas as pd

from ..experiments import sweep, t_interval
from ..files import atomic_write
from ..i18n import _, ngettext
from ..present.format import number, percent
from ..present.labels import label
from ..present.units import upper_first
from ..results import HEADLINE, KPIS
from .common import (
    UserError,
    add_common_options,
    make_executor,
    output_folder,
    parse_value,
    prepare,
)
from .limits import MAX_RUNS, check_cost, lower_workers
from .output import sweep_table, write_failures, write_json
from .resume import Experiment, manifest


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Add the ``sweep`` command to the sub-parsers of ``cfl``."""
    p = sub.add_parser("sweep", help=_("one or two levers over a grid"))
    p.add_argument("scenario", help=_("preset name or TOML file"))
    p.add_argument(
        "--lever",
        action="append",
        required=True,
        metavar="GROUP.NAME=V1,V2,...",
        help=_("lever and its values (1 or 2)"),
    )
    add_common_options(p, "results/sweep")
    p.set_defaults(func=cmd_sweep)


def cmd_sweep(args: argparse.Namespace) -> int:
    """Check the grid, run it, write the table, print the means."""
    scenario = prepare(args, args.scenario)
    grid: dict[str, list[Any]] = {}
    for item in args.lever:
        key, sep, values = item.partition("=")
        if not sep or not values or not key.strip() or len(key) > 100:
            raise UserError(
                _("--lever {value}: expected group.name=v1,v2,...").format(
                    value=repr(item[:60])
                )
            )
        grid[key.strip()] = [parse_value(v.strip()) for v in values.split(",")]
    if not 1 <= len(grid) <= 2:
        raise UserError(
            _("--lever given for {count} levers; a sweep takes 1 or 2").format(
                count=len(grid)
            )
        )
    points = math.prod(len(v) for v in grid.values())
    if points > MAX_RUNS:
        raise UserError(
            _("--lever: {points} grid points; at most {most} in one sweep").format(
                points=number(points), most=number(MAX_RUNS)
            )
        )
    for key, values in grid.items():
        for value in values:  # check every grid value before any run
            scenario.copy(**{key: value})
    folder = output_folder(args.out)
    lower_workers(args)
    executor = make_executor(args)
    experiment = Experiment(
        folder, manifest("sweep", [scenario], args.replications, grid), args
    )
    first = scenario.copy(**{k: v[0] for k, v in grid.items()})
    check_cost(args, [first], points * args.replications - experiment.stored())
    with experiment.writing():
        table = sweep(
            scenario,
            grid,
            args.replications,
            workers=args.workers,
            executor=executor,
            progress=not args.quiet,
            store=experiment.begin(),
        )
        failures, interrupted = table.attrs["failures"], table.attrs["interrupted"]
        experiment.finish(not failures and not interrupted)
        atomic_write(folder / "sweep.csv", lambda p: table.to_csv(p, index=False))
        means = table.groupby(list(grid))[list(HEADLINE)].mean()
        write_json(
            folder / "sweep.json",
            {"levers": grid, "means": means.reset_index().to_dict(orient="records")},
        )
        write_failures(folder, failures)
        if not args.no_plots and len(grid) == 1 and len(table):
            _sweep_plot(folder, table, next(iter(grid)))
    print(
        ngettext(
            "{replications} replication at each point, {confidence} intervals",
            "{replications} replications at each point, {confidence} intervals",
            args.replications,
        ).format(replications=args.replications, confidence=percent(args.confidence, 0))
    )
    print(upper_first(", ".join(label(k) for k in grid)) + ":")
    currency = scenario.economics.currency
    print(sweep_table(table, list(grid), args.confidence, currency).to_string())
    print(_("results written to {folder}").format(folder=folder))
    if failures:
        f = failures[0]
        first = _(
            "cfl: {failed} of {runs} runs failed; the first, replication "
            "{replication} of {scenario}: {error}"
        ).format(
            failed=len(failures),
            runs=points * args.replications,
            replication=f.replication,
            scenario=repr(f.scenario),
            error=f.error,
        )
        where = _("(all in {path})").format(path=folder / "failures.csv")
        print(f"{first[:400]} {where}", file=sys.stderr)
    if interrupted:
        print(
            _(
                "cfl: interrupted; {runs} finished runs were written to {folder}; "
                "add --resume to finish"
            ).format(runs=len(table), folder=folder),
            file=sys.stderr,
        )
        return 130
    return 1 if failures else 0


def _sweep_plot(folder: Path, table: pd.DataFrame, lever: str) -> None:
    """Profit, churn and wait against the lever, with their intervals."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 3, figsize=(13, 4), layout="constrained")
    for ax, kpi in zip(axes, ("profit", "churn_rate", "mean_wait"), strict=True):
        stats = table.groupby(lever)[kpi].apply(lambda v: t_interval(v.to_numpy()))
        xs = list(stats.index)
        ax.errorbar(
            [str(x) for x in xs],
            [m for m, _ in stats],
            yerr=[0 if math.isnan(h) else h for _, h in stats],
            marker="o",
            capsize=5,
        )
        ax.set_xlabel(upper_first(label(lever)))
        ax.set_title(KPIS[kpi].label)
    atomic_write(folder / "sweep.png", lambda p: fig.savefig(p, dpi=110, format="png"))
    plt.close(fig)
