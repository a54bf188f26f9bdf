"""Command line: ``cfl run``, ``cfl compare``, ``cfl sweep`` and friends.

Each command writes CSV and JSON results and PNG plots into an output
folder and prints a summary. Bad input ends the program with one line on
standard error and exit status 2, never a traceback; a Ctrl-C keeps and
writes the replications that finished (exit status 130).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Sequence
from concurrent.futures import Executor
from pathlib import Path
from typing import Any

import pandas as pd

from .experiments import (
    Comparison,
    Replications,
    choose_warmup,
    compare,
    multiple_replications,
    sweep,
    with_interval,
)
from .parameters import PRESETS, ParameterError, Scenario, levers

HEADLINE = [
    "profit",
    "revenue",
    "active_customers",
    "churn_rate",
    "nps",
    "mean_wait",
    "service_level",
    "abandonment_rate",
    "share_low",
    "share_wow",
    "top20_share",
]
"""KPIs printed in summaries (all are written to the files)."""


class UserError(Exception):
    """Input the program cannot use; the message is shown as it is."""


# ---------------------------------------------------------------- inputs
def load_scenario(source: str) -> Scenario:
    """A preset name or a TOML file path."""
    if Path(source).suffix == ".toml" or Path(source).exists():
        return Scenario.from_toml(source)
    return Scenario.preset(source)


def parse_value(text: str) -> Any:
    """A command-line value as TOML would read it (``3``, ``0.5``, ``true``)."""
    import tomllib

    try:
        return tomllib.loads(f"v = {text}")["v"]
    except tomllib.TOMLDecodeError:
        return text  # a bare word: a text choice such as priority


def apply_settings(scenario: Scenario, settings: Sequence[str]) -> Scenario:
    """Apply ``group.name=value`` settings, all before the cross-checks."""
    changes = {}
    for item in settings:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise UserError(f"--set {item!r}: expected group.name=value")
        changes[key.strip()] = parse_value(value.strip())
    return scenario.set(**changes)


def prepare(args: argparse.Namespace, source: str) -> Scenario:
    """Load a scenario and apply the common options."""
    scenario = apply_settings(load_scenario(source), args.set)
    if args.seed is not None:
        scenario.seed = args.seed
    return scenario


def output_folder(path: str) -> Path:
    """Make sure the output folder exists and can be written."""
    folder = Path(path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / ".write-test"
        probe.write_text("ok", encoding="utf-8")
        probe.unlink()
    except OSError as err:
        reason = err.strerror or str(err)
        raise UserError(
            f"cannot write to output folder {str(folder)!r}: {reason}"
        ) from None
    return folder


def make_executor(args: argparse.Namespace) -> Executor | None:
    """A Dask executor when a scheduler address is given."""
    if not args.scheduler:
        return None
    try:
        from distributed import Client
    except ImportError:
        raise UserError(
            "--scheduler needs Dask: pip install 'customer-focus-lab[dask]'"
        ) from None
    try:
        client = Client(args.scheduler, timeout=10)
    except OSError as err:
        raise UserError(
            f"cannot reach Dask scheduler {args.scheduler!r}: {err}"
        ) from None
    return client.get_executor()


# ---------------------------------------------------------------- outputs
def summary_table(runs: dict[str, Replications], confidence: float) -> pd.DataFrame:
    """Headline KPIs by scenario, as ``mean ± half-width``."""
    columns = {}
    for name, reps in runs.items():
        s = reps.summary(confidence)
        columns[name] = [
            with_interval(s.loc[k, "mean"], s.loc[k, "half_width"]) for k in HEADLINE
        ]
    return pd.DataFrame(columns, index=HEADLINE)


def save_plots(
    folder: Path, runs: dict[str, Replications], comparison: Comparison | None
):
    """Write the standard figures as PNG files."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from .present import plots

    written = []
    source = comparison if comparison is not None else runs
    for kpi in ("profit", "churn_rate", "mean_wait"):
        fig = plots.kpi_intervals(source, kpi)
        written.append(_save(fig, folder / f"kpi_{kpi}.png"))
    for name, reps in runs.items():
        if not reps.results:
            continue
        slug = _slug(name)
        written.append(_save(plots.phase_mix(reps), folder / f"phases_{slug}.png"))
        breakdown = plots.mean_breakdown(reps)
        written.append(
            _save(
                plots.profit_by_direction(breakdown), folder / f"directions_{slug}.png"
            )
        )
        first = reps.results[0]
        written.append(
            _save(plots.pareto_curve(first.customers), folder / f"pareto_{slug}.png")
        )
        if first.visits is not None:
            written.append(
                _save(plots.wait_distribution(first), folder / f"waits_{slug}.png")
            )
    plt.close("all")
    return written


def _save(fig: Any, path: Path) -> Path:
    fig.savefig(path, dpi=110)
    return path


def _slug(name: str) -> str:
    return "".join(ch if ch.isalnum() else "_" for ch in name).strip("_").lower()


def write_runs(folder: Path, runs: dict[str, Replications], confidence: float) -> None:
    """CSV of every replication's KPIs and of the summaries; scenario TOML files."""
    for name, reps in runs.items():
        slug = _slug(name)
        reps.kpis.to_csv(folder / f"replications_{slug}.csv")
        reps.summary(confidence).to_csv(folder / f"summary_{slug}.csv")
        reps.scenario.to_toml(folder / f"scenario_{slug}.toml")


def report_failures(runs: dict[str, Replications]) -> int:
    """Print failures and interruptions; return the exit status they call for."""
    status = 0
    for reps in runs.values():
        for f in reps.failures:
            print(
                f"cfl: replication {f.replication} of {f.scenario!r} failed: {f.error}",
                file=sys.stderr,
            )
            status = 1
        if reps.interrupted:
            status = 130
    if status == 130:
        print("cfl: interrupted; finished replications were written", file=sys.stderr)
    return status


# ---------------------------------------------------------------- commands
def cmd_run(args: argparse.Namespace) -> int:
    scenario = prepare(args, args.scenario)
    folder = output_folder(args.out)
    executor = make_executor(args)
    if args.warmup == "auto":
        days = choose_warmup(
            scenario, workers=args.workers, executor=executor, progress=not args.quiet
        )
        days = min(days, scenario.business.days - 1)
        scenario.set(**{"business.warmup_days": days})
        print(f"warm-up chosen by MSER-5: {days} days")
    elif args.warmup is not None:
        scenario.set(**{"business.warmup_days": _whole(args.warmup, "--warmup")})
    reps = multiple_replications(
        scenario,
        args.replications,
        workers=args.workers,
        executor=executor,
        progress=not args.quiet,
        record_visits=not args.no_plots,
    )
    runs = {scenario.name: reps}
    write_runs(folder, runs, args.confidence)
    summary = summary_table(runs, args.confidence)
    _write_json(
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
    print(
        f"{scenario.name}: {len(reps.results)} replications, "
        f"{args.confidence:.0%} intervals"
    )
    print(summary.to_string())
    print(f"results written to {folder}")
    return report_failures(runs)


def cmd_compare(args: argparse.Namespace) -> int:
    baseline = prepare(args, args.baseline)
    alternatives = [prepare(args, a) for a in args.alternatives]
    folder = output_folder(args.out)
    comparison = compare(
        baseline,
        alternatives,
        args.replications,
        confidence=args.confidence,
        workers=args.workers,
        executor=make_executor(args),
        progress=not args.quiet,
        record_visits=not args.no_plots,
    )
    runs = comparison.all
    write_runs(folder, runs, args.confidence)
    comparison.table.to_csv(folder / "comparison.csv")
    _write_json(
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
        f"{args.replications} replications each, common random numbers, "
        f"{args.confidence:.0%} intervals"
    )
    print(summary_table(runs, args.confidence).to_string())
    print(f"\nAgainst the baseline {baseline.name!r}:")
    for alt in comparison.alternatives:
        print(f"\n  {alt}")
        for kpi in HEADLINE:
            row = comparison.table.loc[(alt, kpi)]
            print(f"    {kpi:<18} {row['verdict']}")
        narrowing = comparison.table.loc[(alt, "profit"), "crn_narrowing"]
        if not math.isnan(narrowing):
            print(
                f"    (common random numbers narrowed the profit interval by "
                f"{narrowing:.0%} against independent runs)"
            )
    print(f"\nresults written to {folder}")
    return report_failures(runs)


def cmd_sweep(args: argparse.Namespace) -> int:
    scenario = prepare(args, args.scenario)
    grid: dict[str, list[Any]] = {}
    for item in args.lever:
        key, sep, values = item.partition("=")
        if not sep or not values:
            raise UserError(f"--lever {item!r}: expected group.name=v1,v2,...")
        grid[key.strip()] = [parse_value(v.strip()) for v in values.split(",")]
    for key, values in grid.items():
        for value in values:  # check every grid value before any run
            scenario.copy(**{key: value})
    folder = output_folder(args.out)
    table = sweep(
        scenario,
        grid,
        args.replications,
        workers=args.workers,
        executor=make_executor(args),
        progress=not args.quiet,
    )
    table.to_csv(folder / "sweep.csv", index=False)
    means = table.groupby(list(grid))[HEADLINE].mean()
    _write_json(
        folder / "sweep.json",
        {"levers": grid, "means": means.reset_index().to_dict(orient="records")},
    )
    if not args.no_plots and len(grid) == 1 and len(table):
        _sweep_plot(folder, table, next(iter(grid)))
    print(means.map(with_interval).to_string())
    print(f"results written to {folder}")
    for f in table.attrs.get("failures", []):
        print(
            f"cfl: replication {f.replication} of {f.scenario!r} failed: {f.error}",
            file=sys.stderr,
        )
    if table.attrs.get("interrupted"):
        return 130
    return 1 if table.attrs.get("failures") else 0


def _sweep_plot(folder: Path, table: pd.DataFrame, lever: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from .experiments import t_interval

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
        ax.set_xlabel(lever)
        ax.set_title(kpi)
    fig.savefig(folder / "sweep.png", dpi=110)
    plt.close(fig)


def cmd_presets(args: argparse.Namespace) -> int:
    table = pd.DataFrame({p: levers(Scenario.preset(p)) for p in PRESETS})
    print("Presets differ only in these levers:")
    print(table.to_string())
    return 0


def cmd_params(args: argparse.Namespace) -> int:
    columns = ["group", "name", "default", "unit", "allowed", "lever", "meaning"]
    table = pd.DataFrame(Scenario.describe())[columns]
    if args.group:
        table = table[table["group"] == args.group]
    with pd.option_context("display.max_colwidth", 70, "display.width", 200):
        print(table.to_string(index=False))
    return 0


def cmd_save(args: argparse.Namespace) -> int:
    scenario = prepare(args, args.scenario)
    if args.name:
        scenario.name = args.name
    try:
        scenario.to_toml(args.file)
    except OSError as err:
        raise UserError(f"cannot write {args.file!r}: {err.strerror}") from None
    print(f"scenario {scenario.name!r} written to {args.file}")
    return 0


def _check_common(args: argparse.Namespace) -> None:
    """Refuse impossible option values before any run starts."""
    confidence = getattr(args, "confidence", 0.95)
    if not 0 < confidence < 1:
        raise UserError(
            f"--confidence {confidence}: must be between 0 and 1, e.g. 0.95"
        )
    replications = getattr(args, "replications", 10)
    if not 1 <= replications <= 10_000:
        raise UserError(f"--replications {replications}: must be from 1 to 10000")
    workers = getattr(args, "workers", None)
    if workers is not None and workers < 1:
        raise UserError(f"--workers {workers}: must be 1 or more")


def _whole(text: str, option: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise UserError(
            f"{option} {text!r}: expected 'auto' or a whole number of days"
        ) from None


def _write_json(path: Path, data: dict) -> None:
    path.write_text(json.dumps(data, indent=2, default=_json_default), encoding="utf-8")


def _json_default(value: Any) -> Any:
    if hasattr(value, "item"):
        return value.item()
    return str(value)


# ---------------------------------------------------------------- parser
def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``cfl``."""
    parser = argparse.ArgumentParser(
        prog="cfl",
        description="Customer Focus Lab simulator: run, compare and sweep scenarios. "
        f"A scenario is a preset ({', '.join(PRESETS)}) or a TOML file.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def common(p: argparse.ArgumentParser, out: str) -> None:
        p.add_argument(
            "-n",
            "--replications",
            type=int,
            default=10,
            help="replications per scenario (default 10)",
        )
        p.add_argument(
            "-w",
            "--workers",
            type=int,
            default=None,
            help="worker processes (default: all cores; 1 = no parallelism)",
        )
        p.add_argument("--seed", type=int, default=None, help="override the seed")
        p.add_argument(
            "--set",
            action="append",
            default=[],
            metavar="GROUP.NAME=VALUE",
            help="change a parameter, e.g. --set business.staff=4 (repeatable)",
        )
        p.add_argument(
            "-o", "--out", default=out, help=f"output folder (default {out})"
        )
        p.add_argument(
            "--confidence",
            type=float,
            default=0.95,
            help="confidence level of intervals (default 0.95)",
        )
        p.add_argument(
            "--scheduler",
            default=None,
            metavar="ADDRESS",
            help="run on a Dask cluster, e.g. tcp://10.0.0.5:8786",
        )
        p.add_argument("--no-plots", action="store_true", help="skip the PNG figures")
        p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")

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
    common(p, "results/run")
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("compare", help="alternatives against a baseline")
    p.add_argument("baseline", help="preset name or TOML file")
    p.add_argument("alternatives", nargs="+", help="preset names or TOML files")
    common(p, "results/compare")
    p.set_defaults(func=cmd_compare)

    p = sub.add_parser("sweep", help="one or two levers over a grid")
    p.add_argument("scenario", help="preset name or TOML file")
    p.add_argument(
        "--lever",
        action="append",
        required=True,
        metavar="GROUP.NAME=V1,V2,...",
        help="lever and its values (1 or 2)",
    )
    common(p, "results/sweep")
    p.set_defaults(func=cmd_sweep)

    p = sub.add_parser("presets", help="list the presets and their levers")
    p.set_defaults(func=cmd_presets)

    p = sub.add_parser("params", help="list every parameter with its range")
    p.add_argument("--group", default=None, help="only this group")
    p.set_defaults(func=cmd_params)

    p = sub.add_parser("save", help="write a scenario (with --set changes) to TOML")
    p.add_argument("scenario", help="preset name or TOML file")
    p.add_argument("file", help="TOML file to write")
    p.add_argument("--name", default=None, help="new scenario name")
    p.add_argument("--seed", type=int, default=None, help="override the seed")
    p.add_argument("--set", action="append", default=[], metavar="GROUP.NAME=VALUE")
    p.set_defaults(func=cmd_save)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``cfl`` command."""
    args = build_parser().parse_args(argv)
    try:
        _check_common(args)
        return args.func(args)
    except (ParameterError, UserError) as err:
        print(f"cfl: error: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("cfl: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
