"""``cfl run``: replications of one scenario, with an optional MSER-5 warm-up."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

import pandas as pd

from ..experiments import choose_warmup, multiple_replications
from ..files import atomic_write
from ..i18n import _, ngettext
from ..present.format import percent
from ..results import RunResult
from .common import (
    UserError,
    add_common_options,
    check_names,
    make_executor,
    output_folder,
    prepare,
    writable_file,
)
from .limits import check_cost, lower_workers
from .output import (
    print_skew_warnings,
    report_failures,
    save_plots,
    summary_table,
    write_json,
    write_runs,
)
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
    p.add_argument(
        "--transactions",
        default=None,
        metavar="FILE",
        help="write every replication's purchases to this CSV (cfl calibrate reads it)",
    )
    p.add_argument(
        "--start-date",
        default=None,
        metavar="DATE",
        help="calendar date of the first simulated day (default: the day after a "
        "calibrated business's data end, else 2026-01-01)",
    )
    add_common_options(p, "results/run")
    p.set_defaults(func=cmd_run)


def cmd_run(args: argparse.Namespace) -> int:
    """Run the replications, write the results, print the summary."""
    scenario = prepare(args, args.scenario)
    if args.transactions is not None:
        if args.start_date is not None:  # else the scenario's, or 2026-01-01
            _start_date(args.start_date)
        writable_file(args.transactions, "--transactions")
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
        folder,
        manifest("run", [scenario], args.replications),
        args,
        keep_visits=not args.no_plots,
        all_visits=args.transactions is not None,
    )
    check_cost(args, [scenario], args.replications - experiment.stored())
    with experiment.writing():
        reps = multiple_replications(
            scenario,
            args.replications,
            workers=args.workers,
            executor=executor,
            progress=not args.quiet,
            record_visits=not args.no_plots or args.transactions is not None,
            store=experiment.begin(),
        )
        experiment.finish(reps.complete)
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
    if args.transactions is not None:
        write_transactions(args.transactions, reps.results, args.start_date)
    print(
        ngettext(
            "{scenario}: {count} replication, {confidence} intervals",
            "{scenario}: {count} replications, {confidence} intervals",
            len(reps.results),
        ).format(
            scenario=scenario.name,
            count=len(reps.results),
            confidence=percent(args.confidence, 0),
        )
    )
    print(summary.to_string())
    print_skew_warnings(runs)
    print(_("results written to {folder}").format(folder=folder))
    if args.transactions is not None:
        print(_("transactions written to {path}").format(path=args.transactions))
    return report_failures(runs, args.replications, folder)


def _whole(text: str, option: str) -> int:
    """A whole number of days given on the command line."""
    try:
        return int(text)
    except ValueError:
        raise UserError(
            f"{option} {text[:40]!r}: expected 'auto' or a whole number of days"
        ) from None


def _start_date(text: str) -> pd.Timestamp:
    """The ``--start-date`` option as a date."""
    try:
        return pd.Timestamp(text)
    except ValueError:
        raise UserError(
            f"--start-date {text!r}: expected a date like 2026-01-01"
        ) from None


def write_transactions(
    path: str, results: Sequence[RunResult], start_date: str | None
) -> None:
    """Every replication's purchases in one CSV, with a replication column.

    Customer numbers restart in each replication: filter on ``replication``
    to calibrate one simulated business. A calibrated business's customers
    keep their ids; ``start_date`` None starts each run on its own date.
    """
    tables = [
        result.transactions(start_date).assign(replication=result.replication)
        for result in results
    ]
    columns = ["replication", "customer", "date", "amount"]
    frame = (
        pd.concat(tables, ignore_index=True)[columns]
        if tables
        else pd.DataFrame(columns=columns)
    )
    try:
        atomic_write(
            path,
            lambda p: frame.to_csv(
                p, index=False, date_format="%Y-%m-%d", float_format="%.2f"
            ),
        )
    except OSError as err:
        raise UserError(
            f"--transactions {path!r}: cannot write it: {err.strerror or err}"
        ) from None
