"""What the ``cfl`` commands write and print: tables, CSV, JSON, PNG, failures."""

from __future__ import annotations

import contextlib
import json
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pandas as pd
from tqdm import tqdm

from ..experiments import (
    Comparison,
    Failure,
    Replications,
    skew_warning,
    t_interval,
    too_skewed,
)
from ..files import atomic_text, atomic_write, slug
from ..i18n import _
from ..present.format import DEFAULT_CURRENCY, is_share, kpi_estimate, kpi_unit
from ..present.labels import setting
from ..results import HEADLINE, KPIS


def summary_table(runs: dict[str, Replications], confidence: float) -> pd.DataFrame:
    """Headline KPIs by scenario, as ``mean ± half-width``.

    Parameters
    ----------
    runs
        Replications by scenario name.
    confidence
        Confidence level of the intervals.

    Returns
    -------
    pandas.DataFrame
        One row per KPI of :data:`simulations.results.HEADLINE`, labelled in
        words with its unit, one column per scenario.
    """
    columns = {}
    currency = DEFAULT_CURRENCY
    for name, reps in runs.items():
        s, currency = reps.summary(confidence), reps.scenario.economics.currency
        columns[name] = [
            kpi_estimate(k, s.loc[k, "mean"], s.loc[k, "half_width"]) for k in HEADLINE
        ]
    return pd.DataFrame(columns, index=kpi_names(currency))


def sweep_table(
    table: pd.DataFrame, levers: list[str], confidence: float, currency: str
) -> pd.DataFrame:
    """Headline KPIs at each point of a sweep, as ``mean ± half-width``.

    Parameters
    ----------
    table
        One row per run: the levers' values and the KPIs (what ``sweep`` returns).
    levers
        The dotted names of the swept levers.
    confidence
        Confidence level of the intervals (Student t over the point's runs).
    currency
        The currency of the money rows.

    Returns
    -------
    pandas.DataFrame
        One row per headline KPI, labelled as in :func:`summary_table`; one
        column per point, named by its values as people say them ("3",
        "yes", "48,000 RUB a month"), in the order of the values.
    """
    columns = {}
    for point, runs in table.groupby(levers):
        values = point if isinstance(point, tuple) else (point,)
        name = ", ".join(
            setting(k, v, currency) for k, v in zip(levers, values, strict=True)
        )
        columns[name] = [
            kpi_estimate(k, *t_interval(runs[k].to_numpy(float), confidence))
            for k in HEADLINE
        ]
    return pd.DataFrame(columns, index=kpi_names(currency))


def kpi_names(currency: str) -> list[str]:
    """The headline KPIs' names in words; money and time name their unit once."""
    names = []
    for k in HEADLINE:
        plain = is_share(k) or KPIS[k].unit in (
            "customers",
            "people",
            "count",
            "points",
        )
        unit = "" if plain else kpi_unit(k, currency)
        names.append(f"{KPIS[k].label}, {unit}" if unit else KPIS[k].label)
    return names


def save_plots(
    folder: Path, runs: dict[str, Replications], comparison: Comparison | None
) -> list[Path]:
    """Write the standard figures as PNG files; return their paths."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from ..present import plots

    written = []
    source = comparison if comparison is not None else runs
    for kpi in ("profit", "churn_rate", "mean_wait"):
        fig = plots.kpi_intervals(source, kpi)
        written.append(save_figure(fig, folder / f"kpi_{kpi}.png"))
    for name, reps in runs.items():
        if not reps.results:
            continue
        tag = slug(name)
        written.append(save_figure(plots.phase_mix(reps), folder / f"phases_{tag}.png"))
        breakdown = plots.mean_breakdown(reps)
        written.append(
            save_figure(
                plots.profit_by_direction(
                    breakdown, currency=reps.scenario.economics.currency
                ),
                folder / f"directions_{tag}.png",
            )
        )
        first = reps.results[0]
        written.append(
            save_figure(
                plots.pareto_curve(first.customers), folder / f"pareto_{tag}.png"
            )
        )
        if first.visits is not None:
            written.append(
                save_figure(plots.wait_distribution(first), folder / f"waits_{tag}.png")
            )
    plt.close("all")
    return written


def save_figure(fig: Any, path: Path) -> Path:
    """Write one figure as a PNG file (atomically)."""
    return atomic_write(path, lambda p: fig.savefig(p, dpi=110, format="png"))


def write_runs(folder: Path, runs: dict[str, Replications], confidence: float) -> None:
    """CSV of every replication's KPIs and of the summaries; scenario TOML files."""
    for name, reps in runs.items():
        tag = slug(name)
        kpis, summary = reps.kpis, reps.summary(confidence)
        atomic_write(folder / f"replications_{tag}.csv", kpis.to_csv)
        atomic_write(folder / f"summary_{tag}.csv", summary.to_csv)
        scenario = reps.scenario
        if scenario.twin is not None:  # its customers beside it: it reads back
            table = f"scenario_{tag}.customers.csv"
            atomic_text(folder / table, scenario.twin.csv())
            scenario = scenario.copy()
            scenario.twin = scenario.twin.with_changes(file=table)
        atomic_text(folder / f"scenario_{tag}.toml", scenario.to_toml())
    write_failures(folder, [f for reps in runs.values() for f in reps.failures])


def write_failures(folder: Path, failures: list[Failure]) -> None:
    """``failures.csv``: one row per replication that failed (none: no file)."""
    path = folder / "failures.csv"
    if not failures:
        path.unlink(missing_ok=True)
        return
    frame = pd.DataFrame([vars(f) for f in failures])
    atomic_write(path, lambda p: frame.to_csv(p, index=False))


def report_failures(
    runs: dict[str, Replications], asked: int, folder: Path | None = None
) -> int:
    """Say what failed or was interrupted, one line each; return the exit status.

    Parameters
    ----------
    runs
        Replications by scenario name.
    asked
        Replications asked for per scenario.
    folder
        Where the results were written (named in the messages).
    """
    status = 0
    for name, reps in runs.items():
        failures = reps.failures
        if not failures:
            continue
        status = 1
        first = failures[0]
        which = (
            f"all {len(failures)} replications"
            if not reps.results
            else f"{len(failures)} of {asked} replications"
        )
        print(
            f"cfl: {which} of {name!r} failed; the first, replication "
            f"{first.replication}: {first.error}"[:400]
            + ("" if folder is None else f" (all in {folder / 'failures.csv'})"),
            file=sys.stderr,
        )
    if any(reps.interrupted for reps in runs.values()):
        done = sum(len(reps.results) for reps in runs.values())
        where = "" if folder is None else f" to {folder}"
        print(
            f"cfl: interrupted; {done} finished replications were written{where}; "
            "add --resume to finish",
            file=sys.stderr,
        )
        status = 130
    return status


@contextlib.contextmanager
def stages(what: str) -> Iterator[Callable[[str], None]]:
    """Show which stage of a long task runs, and for how long, on standard error.

    Shown only when standard error is a terminal; the line is cleared at the
    end. Yields a function that names the stage that starts now.
    """
    bar = tqdm(desc=what, bar_format="{desc} ({elapsed})", disable=None, leave=False)
    stop = threading.Event()

    def tick() -> None:  # the elapsed time moves while a stage works
        while not stop.wait(0.5):
            bar.refresh()

    ticking = threading.Thread(target=tick, daemon=True)
    if not bar.disable:
        ticking.start()
    try:
        yield lambda stage: bar.set_description_str(f"{what}: {stage}")
    finally:
        stop.set()
        if ticking.is_alive():
            ticking.join()
        bar.close()


def write_json(path: Path, data: dict) -> None:
    """Write ``data`` as indented JSON; NumPy numbers become plain numbers."""
    atomic_text(path, json.dumps(data, indent=2, default=_json_default))


def _json_default(value: Any) -> Any:
    if hasattr(value, "item"):
        return value.item()
    return str(value)


def print_skew_warnings(
    runs: dict[str, Replications], comparison: Comparison | None = None
) -> None:
    """Warn where replications are too few for the skew of their results."""
    lines = []
    for name, reps in runs.items():
        s = reps.summary()
        labels = [
            KPIS[k].label
            for k in HEADLINE
            if too_skewed(s.loc[k, "skew"], s.loc[k, "n"])
        ]
        lines.append(skew_warning(name, labels, len(reps.results)))
    if comparison is not None:
        t = comparison.table
        for alt in comparison.alternatives:
            labels = [
                KPIS[k].label
                for k in HEADLINE
                if too_skewed(t.loc[(alt, k), "skew"], t.loc[(alt, k), "pairs"])
            ]
            where = f"{alt} minus {comparison.baseline.name}"
            lines.append(
                skew_warning(where, labels, int(t.loc[(alt, "profit"), "pairs"]))
            )
    for line in lines:
        if line:
            print(_("warning: {text}").format(text=line))
