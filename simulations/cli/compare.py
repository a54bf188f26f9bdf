"""``cfl compare``: alternatives against a baseline, under common random numbers."""

from __future__ import annotations

import argparse
import textwrap

from ..experiments import compare
from ..files import atomic_write
from ..i18n import _, ngettext
from ..present.caveats import running_cost_note
from ..present.format import percent
from ..present.tables import kpi_rows, pairing_note
from ..results import HEADLINE, KPIS
from .common import (
    UserError,
    add_common_options,
    check_names,
    make_executor,
    output_folder,
    prepare,
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
    """Add the ``compare`` command to the sub-parsers of ``cfl``."""
    p = sub.add_parser("compare", help=_("alternatives against a baseline"))
    p.add_argument("baseline", help=_("preset name or TOML file"))
    p.add_argument("alternatives", nargs="+", help=_("preset names or TOML files"))
    add_common_options(p, "results/compare")
    p.set_defaults(func=cmd_compare)


def cmd_compare(args: argparse.Namespace) -> int:
    """Compare, write the paired differences, print the verdicts."""
    baseline = prepare(args, args.baseline)
    alternatives = [prepare(args, a) for a in args.alternatives]
    scenarios = [baseline, *alternatives]
    names = [s.name for s in scenarios]
    if len(set(names)) != len(names):
        raise UserError(
            _("scenario names must differ to compare; got {names}").format(names=names)
        )
    check_names(scenarios)
    for s in alternatives:  # common random numbers: the baseline's seed
        s.seed = baseline.seed
    folder = output_folder(args.out)
    lower_workers(args)
    executor = make_executor(args)
    experiment = Experiment(
        folder,
        manifest("compare", scenarios, args.replications),
        args,
        keep_visits=not args.no_plots,
    )
    runs_left = len(scenarios) * args.replications - experiment.stored()
    check_cost(args, scenarios, runs_left)
    with experiment.writing():
        comparison = compare(
            baseline,
            alternatives,
            args.replications,
            confidence=args.confidence,
            workers=args.workers,
            executor=executor,
            progress=not args.quiet,
            record_visits=not args.no_plots,
            store=experiment.begin(),
        )
        runs = comparison.all
        experiment.finish(all(r.complete for r in runs.values()))
        write_runs(folder, runs, args.confidence)
        atomic_write(folder / "comparison.csv", comparison.table.to_csv)
        write_json(
            folder / "comparison.json",
            {
                "baseline": baseline.name,
                "confidence": args.confidence,
                "replications": args.replications,
                "rows": comparison.table.reset_index().to_dict(orient="records"),
            },
        )
        if not args.no_plots and all(r.results for r in runs.values()):
            save_plots(folder, runs, comparison)
    print(
        ngettext(
            "{replications} replication each, common random numbers, "
            "{confidence} intervals",
            "{replications} replications each, common random numbers, "
            "{confidence} intervals",
            args.replications,
        ).format(replications=args.replications, confidence=percent(args.confidence, 0))
    )
    print(summary_table(runs, args.confidence).to_string())
    print()
    print(_("Against the baseline {name!r}:").format(name=baseline.name))
    for alt, scenario in zip(comparison.alternatives, alternatives, strict=True):
        print(f"\n  {alt}")
        for row in kpi_rows(comparison, HEADLINE, alt):
            print(f"    {row['plain']}")
        caveat = running_cost_note(baseline, scenario)
        if caveat:
            print(
                textwrap.fill(
                    caveat, 88, initial_indent=" " * 4, subsequent_indent=" " * 4
                )
            )
        note = pairing_note(comparison.table.loc[(alt, "profit"), "crn_narrowing"])
        if note:
            print(f"    ({KPIS['profit'].label}: {note})")
    print_skew_warnings(runs, comparison)
    print()
    print(_("results written to {folder}").format(folder=folder))
    return report_failures(runs, args.replications, folder)
