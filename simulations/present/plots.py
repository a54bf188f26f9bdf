"""The standard figures, shared by notebooks, the command line and the lab.

Each function draws on a matplotlib ``Axes`` (a new figure when none is
given) and returns the figure, so callers can show it, save it or put it in
a report.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from ..experiments import Comparison, Replications
from ..results import KPIS, RunResult
from ..vocabulary import COST_ITEMS, DIRECTIONS
from .format import DEFAULT_CURRENCY, kpi_unit, number, unit_label

PHASE_COLOURS = {
    "new": "#9ecae1",
    "regular": "#4292c6",
    "won_back": "#807dba",
    "loyal": "#41ab5d",
    "advocate": "#006d2c",
    "lost": "#bdbdbd",
}


def _axes(ax: Axes | None, size: tuple[float, float] = (7, 4)) -> tuple[Figure, Axes]:
    if ax is None:
        fig, ax = plt.subplots(figsize=size, layout="constrained")
        return fig, ax
    return ax.figure, ax


def kpi_intervals(
    runs: Mapping[str, Replications] | Comparison,
    kpi: str = "profit",
    confidence: float = 0.95,
    ax: Axes | None = None,
) -> Figure:
    """A KPI by scenario: mean with its confidence interval.

    Parameters
    ----------
    runs
        Replications by scenario name, or a :class:`Comparison`.
    kpi
        Name of the KPI.
    confidence
        Confidence level of the error bars.
    """
    if isinstance(runs, Comparison):
        runs = runs.all
    fig, ax = _axes(ax)
    names = list(runs)
    currency = runs[names[0]].scenario.economics.currency if names else DEFAULT_CURRENCY
    summaries = [runs[n].summary(confidence).loc[kpi] for n in names]
    means = [s["mean"] for s in summaries]
    errors = [0 if np.isnan(s["half_width"]) else s["half_width"] for s in summaries]
    ax.bar(names, means, yerr=errors, capsize=6, color="#4292c6", alpha=0.85)
    info = KPIS[kpi]
    ax.set_ylabel(f"{info.label} ({kpi_unit(kpi, currency)})")
    ax.set_title(f"{info.label}: mean and {confidence:.0%} interval")
    ax.tick_params(axis="x", labelrotation=10)
    return fig


def phase_mix(
    run: RunResult | Replications, ax: Axes | None = None, lost: bool = False
) -> Figure:
    """Customers by loyalty phase over time (mean over replications)."""
    fig, ax = _axes(ax)
    phases = [p for p in PHASE_COLOURS if lost or p != "lost"]
    if isinstance(run, Replications):
        series = {p: run.daily_mean(f"customers_{p}") for p in phases}
        title = f"{run.name}: customers by phase (mean of {len(run.results)} runs)"
    else:
        series = {p: run.daily[f"customers_{p}"] for p in phases}
        title = f"{run.scenario}: customers by phase"
    days = next(iter(series.values())).index
    ax.stackplot(
        days,
        *series.values(),
        labels=[p.replace("_", " ") for p in phases],
        colors=[PHASE_COLOURS[p] for p in phases],
    )
    ax.set_xlabel("day")
    ax.set_ylabel("customers")
    ax.set_title(title)
    ax.legend(loc="upper left", fontsize="small")
    return fig


def wait_distribution(run: RunResult, ax: Axes | None = None) -> Figure:
    """Histogram of waits with the service standard marked."""
    if run.visits is None:
        raise ValueError("this run kept no visits; run it with record_visits=True")
    fig, ax = _axes(ax)
    visits = run.visits[run.visits["day"] >= run.warmup_days]
    waits = visits["wait"].to_numpy()
    top = max(np.quantile(waits, 0.99), 3 * run.target_wait) if len(waits) else 1.0
    ax.hist(np.clip(waits, 0, top), bins=40, color="#4292c6", alpha=0.85)
    within = np.mean((waits <= run.target_wait) & visits["served"].to_numpy())
    ax.axvline(run.target_wait, color="#cb181d", lw=2)
    ax.text(
        run.target_wait,
        ax.get_ylim()[1] * 0.9,
        f"  standard {run.target_wait:g} min: {within:.0%} served within",
        color="#cb181d",
    )
    ax.set_yscale("log")
    ax.set_xlabel("wait (min)")
    ax.set_ylabel("visits (log scale)")
    ax.set_title(f"{run.scenario}: waiting times")
    return fig


def profit_by_direction(
    breakdown: pd.Series, ax: Axes | None = None, currency: str = DEFAULT_CURRENCY
) -> Figure:
    """Waterfall: gross margin, minus each direction's cost, equals profit.

    ``currency`` is the scenario's ``economics.currency`` (the axis's unit).
    """
    fig, ax = _axes(ax)
    steps = ["gross_margin", *COST_ITEMS, "profit"]
    labels = ["Gross margin", *DIRECTIONS.values(), "Profit"]
    level = 0.0
    for i, step in enumerate(steps):
        value = float(breakdown[step])
        if step in ("gross_margin", "profit"):
            ax.bar(i, value, color="#2171b5" if step == "profit" else "#6baed6")
            top = level = value
        else:
            ax.bar(i, value, bottom=level, color="#ef6548")
            top = level
            level += value
        text = "0" if round(value) == 0 else number(value)
        ax.text(i, max(top, 0.0), text, ha="center", va="bottom", fontsize="small")
    ax.set_xticks(range(len(steps)), labels, rotation=25, ha="right")
    low, high = ax.get_ylim()
    ax.set_ylim(low, high + 0.12 * (high - low))  # room for the labels
    ax.set_ylabel(unit_label("money", currency))
    ax.set_title("Profit by Mann's four directions")
    ax.axhline(0, color="black", lw=0.8)
    return fig


def mean_breakdown(runs: Replications) -> pd.Series:
    """Direction breakdown averaged over replications."""
    return pd.concat([r.breakdown for r in runs.results], axis=1).mean(axis=1)


def pareto_curve(
    customers: pd.DataFrame | Sequence[pd.DataFrame],
    ax: Axes | None = None,
    column: str = "margin",
) -> Figure:
    """Cumulative share of value against share of customers, best first.

    The 80/20 rule of thumb and the measured range (the top 20% of customers
    give about 60-73% of sales: Kim, Singh & Winer 2017; McCarthy & Winer
    2018) are drawn for comparison.
    """
    fig, ax = _axes(ax, (5.5, 5))
    frames = [customers] if isinstance(customers, pd.DataFrame) else list(customers)
    for frame in frames:
        values = np.sort(frame[column].to_numpy(float))[::-1]
        values = values[values > 0]
        if len(values) == 0:
            continue
        share = np.cumsum(values) / values.sum()
        x = np.arange(1, len(values) + 1) / len(values)
        ax.plot(np.r_[0, x], np.r_[0, share], color="#2171b5", alpha=0.8)
        top = share[max(0, round(0.2 * len(values)) - 1)]
        ax.plot([0.2], [top], "o", color="#2171b5")
        ax.annotate(
            f"top 20%: {top:.0%}",
            (0.2, top),
            xytext=(0.3, top - 0.12),
            arrowprops={"arrowstyle": "->"},
        )
    ax.axhspan(
        0.60,
        0.73,
        xmin=0.18,
        xmax=0.22,
        color="#41ab5d",
        alpha=0.3,
        label="measured: 60-73%",
    )
    ax.plot([0.2], [0.8], "x", color="#cb181d", label="rule of thumb: 80%")
    ax.plot([0, 1], [0, 1], ":", color="grey", label="all customers equal")
    ax.set_xlabel("share of customers (most valuable first)")
    ax.set_ylabel(f"share of {column}")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1.02)
    ax.legend(loc="lower right", fontsize="small")
    ax.set_title("Pareto curve of customer value")
    return fig
