"""What the ``cfl`` commands write and print: tables, CSV, JSON, PNG, failures."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pandas as pd

from ..experiments import Comparison, Replications, skew_warning, too_skewed
from ..present.format import with_interval
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
        One row per KPI of :data:`simulations.results.HEADLINE`, one column
        per scenario.
    """
    columns = {}
    for name, reps in runs.items():
        s = reps.summary(confidence)
        columns[name] = [
            with_interval(s.loc[k, "mean"], s.loc[k, "half_width"]) for k in HEADLINE
        ]
    return pd.DataFrame(columns, index=list(HEADLINE))


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
                plots.profit_by_direction(breakdown), folder / f"directions_{tag}.png"
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
    """Write one figure as a PNG file."""
    fig.savefig(path, dpi=110)
    return path


def slug(name: str) -> str:
    """A scenario name as part of a file name.

    Examples
    --------
    >>> slug("client-centric (staff=4)")
    'client_centric__staff_4'
    """
    return "".join(ch if ch.isalnum() else "_" for ch in name).strip("_").lower()


def write_runs(folder: Path, runs: dict[str, Replications], confidence: float) -> None:
    """CSV of every replication's KPIs and of the summaries; scenario TOML files."""
    for name, reps in runs.items():
        tag = slug(name)
        reps.kpis.to_csv(folder / f"replications_{tag}.csv")
        reps.summary(confidence).to_csv(folder / f"summary_{tag}.csv")
        reps.scenario.to_toml(folder / f"scenario_{tag}.toml")


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


def write_json(path: Path, data: dict) -> None:
    """Write ``data`` as indented JSON; NumPy numbers become plain numbers."""
    path.write_text(json.dumps(data, indent=2, default=_json_default), encoding="utf-8")


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
            print(f"warning: {line}")
