"""``cfl sensitivity``: how sure is a verdict? A tornado and a Morris screening."""

from __future__ import annotations

import argparse
from functools import partial

from ..experiments import sensitivity
from ..experiments.sensitivity_analysis import check_inputs
from ..files import atomic_write
from ..present.format import kpi_difference, kpi_half_width
from .common import (
    add_common_options,
    check_names,
    make_executor,
    output_folder,
    prepare,
)
from .limits import check_cost, lower_workers
from .output import save_figure, write_json


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Add the ``sensitivity`` command to the sub-parsers of ``cfl``."""
    p = sub.add_parser(
        "sensitivity",
        help="which assumptions could flip a verdict (tornado and Morris screening)",
    )
    p.add_argument("baseline", help="preset name or TOML file")
    p.add_argument("alternative", help="preset name or TOML file")
    p.add_argument("--kpi", default="profit", help="the KPI judged (default profit)")
    p.add_argument(
        "--params",
        default=None,
        metavar="A.B,C.D",
        help="behaviour parameters to vary (default: every one with a range)",
    )
    p.add_argument(
        "--trajectories",
        type=int,
        default=10,
        help="Morris trajectories (default 10; 0: the tornado only)",
    )
    add_common_options(p, "results/sensitivity")
    p.set_defaults(func=cmd_sensitivity, replications=5)


def cmd_sensitivity(args: argparse.Namespace) -> int:
    """Run the analysis, write CSV, JSON and figures, print the sentence."""
    base = prepare(args, args.baseline)
    alternative = prepare(args, args.alternative)
    params = None
    if args.params is not None:
        params = [p.strip() for p in args.params.split(",") if p.strip()]
    check_names([base, alternative])
    folder = output_folder(args.out)
    lower_workers(args)
    n_params = len(check_inputs(args.kpi, params, args.trajectories))
    tornado_runs = 2 * (1 + 2 * n_params) * args.replications
    morris_runs = 2 * args.trajectories * (n_params + 1)
    check_cost(args, [base, alternative], tornado_runs + morris_runs)
    found = sensitivity(
        base,
        alternative,
        kpi=args.kpi,
        params=params,
        replications=args.replications,
        trajectories=args.trajectories,
        confidence=args.confidence,
        workers=args.workers,
        executor=make_executor(args),
        progress=not args.quiet,
    )
    for name, table in (("tornado", found.tornado), ("morris", found.morris)):
        atomic_write(folder / f"{name}.csv", partial(table.to_csv, index=False))
    write_json(
        folder / "sensitivity.json",
        {
            "kpi": found.kpi,
            "baseline": found.base,
            "alternative": found.alternative,
            "difference": found.difference,
            "half_width": found.half_width,
            "confidence": found.confidence,
            "sentence": found.sentence(),
            "tornado": found.tornado.to_dict(orient="records"),
            "morris": found.morris.to_dict(orient="records"),
        },
    )
    if not args.no_plots:
        from ..present.sensitivity import morris_figure, tornado_figure

        save_figure(tornado_figure(found), folder / "tornado.png")
        if not found.morris.empty:
            save_figure(morris_figure(found), folder / "morris.png")
    kpi = found.kpi
    print(
        f"{found.alternative} minus {found.base}, {kpi}: "
        f"{kpi_difference(kpi, found.difference)} ± "
        f"{kpi_half_width(kpi, found.half_width, base.economics.currency)} "
        f"({found.confidence:.0%}) "
        "at the default assumptions"
    )
    table = found.tornado[["parameter", "end", "value", "difference", "outcome"]]
    print(table.to_string(index=False))
    if not found.morris.empty:
        print("\nMorris screening (most influential first):")
        print(found.morris[["rank", "parameter", "mu_star"]].to_string(index=False))
    print(f"\n{found.sentence()}")
    print(f"\nresults written to {folder}")
    return 0
