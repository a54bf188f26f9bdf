"""``cfl run``: replications of one scenario, with an optional MSER-5 warm-up."""

from __future__ import annotations

import argparse

from ..experiments import choose_warmup, multiple_replications
from .common import (
    UserError,
    add_common_options,
    check_names,
    make_executor,
    output_folder,
    prepare,
)
from .limits import check_cost, lower_workers
from .output import report_failures, save_plots, summary_table, write_json, write_runs
from .resume import Experiment, manifest


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Add the ``run`` command to the sub-parsers of ``cfl``."""
    p = sub.add_parser("run", help="replications of one scenario")
    p.add_argument(
        "scenario",
        nargs="?",
        default="customer_oriented",
        help="preset name or TOML file (default customer_oriented)",
    )
    p.add_argument(
        "--warmup",
        default=None,
        metavar="DAYS|auto",
        help="warm-up days, or 'auto' to choose them by MSER-5",
    )
    add_common_options(p, "results/run")
    p.set_defaults(func=cmd_run)


def cmd_run(args: argparse.Namespace) -> int:
    """Run the replications, write the results, print the summary."""
    scenario = prepare(args, args.scenario)
    check_names([scenario])
    folder = output_folder(args.out)
    lower_workers(args)
    executor = make_executor(args)
    if args.warmup == "auto":
        check_cost(args, [scenario], 5)
        days = choose_warmup(
            scenario, workers=args.workers, executor=executor, progress=not args.quiet
        )
        days = min(days, scenario.business.days - 1)
        scenario.set(**{"business.warmup_days": days})
        print(f"warm-up chosen by MSER-5: {days} days")
    elif args.warmup is not None:
        scenario.set(**{"business.warmup_days": _whole(args.warmup, "--warmup")})
    experiment = Experiment(
        folder, manifest("run", [scenario], args.replications), args
    )
    check_cost(args, [scenario], args.replications - experiment.stored())
    reps = multiple_replications(
        scenario,
        args.replications,
        workers=args.workers,
        executor=executor,
        progress=not args.quiet,
        record_visits=not args.no_plots,
        store=experiment.begin(),
    )
    runs = {scenario.name: reps}
    write_runs(folder, runs, args.confidence)
    summary = summary_table(runs, args.confidence)
    write_json(
        folder / "summary.json",
        {
            "scenario": scenario.to_dict(),
            "replications": len(reps.results),
            "confidence": args.confidence,
            "summary": reps.summary(args.confidence).to_dict(orient="index"),
        },
    )
    if not args.no_plots and reps.results:
        save_plots(folder, runs, None)
    experiment.finish(reps.complete)
    print(
        f"{scenario.name}: {len(reps.results)} replications, "
        f"{args.confidence:.0%} intervals"
    )
    print(summary.to_string())
    print(f"results written to {folder}")
    return report_failures(runs, args.replications, folder)


def _whole(text: str, option: str) -> int:
    """A whole number of days given on the command line."""
    try:
        return int(text)
    except ValueError:
        raise UserError(
            f"{option} {text[:40]!r}: expected 'auto' or a whole number of days"
        ) from None
