"""The standard figures of a comparison as SVG: what the lab's page and report show.

The same five figures as :mod:`simulations.present.plots` draws with
matplotlib (KPIs with their intervals; profit by Mann's four directions;
customers by loyalty phase; waiting times; the Pareto curve of customer
value), written as SVG text by :mod:`simulations.present.svg`: the browser
draws them, the server spends milliseconds instead of a second on each run.
Nothing here computes a statistic: means and intervals come from
:mod:`simulations.experiments`.

>>> figure("A title", ["<svg></svg>"]).startswith("<div class='cfl-figure'>")
True
"""

from __future__ import annotations

import html
from collections.abc import Callable

import numpy as np

from ..experiments import Comparison, Replications
from ..results import KPIS, RunResult
from ..vocabulary import COST_ITEMS, DIRECTIONS
from .format import kpi_unit, number, percent, unit_label
from .plots import PHASE_COLOURS, mean_breakdown
from .svg import Panel, nice_range
from .tables import alternative

INTERVAL_KPIS: tuple[str, ...] = ("profit", "active_customers", "mean_wait")
"""KPIs drawn with their confidence intervals in the first figure."""

BLUE, LIGHT, RED, DARK = "#4292c6", "#6baed6", "#ef6548", "#2171b5"
"""The figures' colours (those of the matplotlib figures)."""

FIGURE_STYLE = """
.cfl-figure { margin: 4px 0 12px 0; }
.cfl-figure-title { font-weight: 600; margin: 4px 0; }
.cfl-figure-row { display: flex; flex-wrap: wrap; gap: 10px; }
.cfl-figure-row svg { flex: 1 1 300px; max-width: 560px; height: auto; }
"""
"""How a figure's panels sit side by side (the page and the report use it)."""


def figure(title: str, panels: list[str]) -> str:
    """One figure: a title over its panels, side by side (HTML)."""
    return (
        "<div class='cfl-figure'>"
        f"<div class='cfl-figure-title'>{html.escape(title)}</div>"
        f"<div class='cfl-figure-row'>{''.join(panels)}</div></div>"
    )


def _shared(values: list[tuple[float, float]]) -> tuple[float, float]:
    """One y range for panels that compare heights (zero included)."""
    low = min([0.0, *(v[0] for v in values)])
    high = max([0.0, *(v[1] for v in values)])
    return nice_range(low, high)


# ---------------------------------------------------------------- the figures
def intervals(runs: dict[str, Replications], confidence: float) -> str:
    """Each headline KPI by scenario: the mean and its confidence interval."""
    names = list(runs)
    currency = runs[names[0]].scenario.economics.currency
    summaries = {n: runs[n].summary(confidence) for n in names}
    panels = []
    for kpi in INTERVAL_KPIS:
        means = [float(summaries[n].loc[kpi, "mean"]) for n in names]
        halves = [float(summaries[n].loc[kpi, "half_width"]) for n in names]
        halves = [0.0 if np.isnan(h) else h for h in halves]
        low = min(m - h for m, h in zip(means, halves, strict=True))
        high = max(m + h for m, h in zip(means, halves, strict=True))
        info = KPIS[kpi]
        panel = Panel(
            (-0.5, len(names) - 0.5),
            nice_range(min(0.0, low), max(0.0, high)),
            width=300,
            title=info.label,
            y_label=kpi_unit(kpi, currency),
        )
        for i, (mean, half) in enumerate(zip(means, halves, strict=True)):
            hint = f"{names[i]}: {number(mean)} ± {number(half)}"
            panel.bar(i, mean, colour=BLUE, hint=hint)
            panel.error_bar(i, mean - half, mean + half)
        panel.categories(names)
        panels.append(panel.svg())
    title = f"Mean and {percent(confidence, 0)} confidence interval"
    return figure(title, panels)


def directions(sides: list[Replications]) -> str:
    """Waterfall of each side: gross margin, minus each direction's cost, profit."""
    steps = ["gross_margin", *COST_ITEMS, "profit"]
    labels = ["Gross margin", *DIRECTIONS.values(), "Profit"]
    bars = []
    for reps in sides:
        breakdown = mean_breakdown(reps)
        level, spans = 0.0, []
        for step in steps:
            value = float(breakdown[step])
            if step in ("gross_margin", "profit"):
                spans.append((0.0, value))
                level = value
            else:
                spans.append((level, level + value))
                level += value
        bars.append(spans)
    y_range = _shared([(min(min(s) for s in b), max(max(s) for s in b)) for b in bars])
    # Room above for the numbers on the bars.
    y_range = (y_range[0], y_range[1] + 0.1 * (y_range[1] - y_range[0]))
    panels = []
    for reps, spans in zip(sides, bars, strict=True):
        currency = reps.scenario.economics.currency
        panel = Panel(
            (-0.5, len(steps) - 0.5),
            y_range,
            title=f"{reps.name}: profit by direction (mean)",
            y_label=unit_label("money", currency),
            width=460,
            bottom=86,
        )
        for i, (step, (base, top)) in enumerate(zip(steps, spans, strict=True)):
            ends = step in ("gross_margin", "profit")
            colour = (DARK if step == "profit" else LIGHT) if ends else RED
            value = top - base
            text = "0" if round(value) == 0 else number(value)
            panel.bar(i, top, base, colour=colour, hint=f"{labels[i]}: {text}")
            panel.text(i, max(base, top, 0.0), text, size=9, dy=-4)
        panel.categories(labels, slant=True)
        panels.append(panel.svg())
    return figure("Profit by Mann's four directions", panels)


def phases(sides: list[Replications]) -> str:
    """Customers by loyalty phase over the days (mean of the replications)."""
    names = [p for p in PHASE_COLOURS if p != "lost"]
    stacks = []
    for reps in sides:
        layers = np.vstack(
            [reps.daily_mean(f"customers_{p}").to_numpy() for p in names]
        )
        days = reps.daily_mean(f"customers_{names[0]}").index.to_numpy(float)
        stacks.append((days, np.cumsum(layers, axis=0)))
    high = max(float(stack[-1].max()) for _, stack in stacks)
    y_range = nice_range(0.0, high * 1.04)
    panels = []
    for reps, (days, stack) in zip(sides, stacks, strict=True):
        panel = Panel(
            (float(days[0]), float(days[-1])),
            y_range,
            title=f"{reps.name}: customers by phase (mean)",
            x_label="day",
            y_label="customers",
        )
        lower = np.zeros_like(days)
        for name, upper in zip(names, stack, strict=True):
            panel.area(days, lower, upper, colour=PHASE_COLOURS[name])
            lower = upper
        panel.numbered_x()
        panel.legend([(n.replace("_", " "), PHASE_COLOURS[n]) for n in names])
        panels.append(panel.svg())
    return figure("Customers by loyalty phase", panels)


def waits(runs: list[RunResult], names: list[str]) -> str:
    """Histograms of the waits of one run each, the service standard marked."""
    panels = []
    for run, name in zip(runs, names, strict=True):
        visits = run.visits[run.visits["day"] >= run.warmup_days]
        waited = visits["wait"].to_numpy()
        top = (
            max(np.quantile(waited, 0.99), 3 * run.target_wait) if len(waited) else 1.0
        )
        counts, edges = np.histogram(np.clip(waited, 0, top), bins=40, range=(0, top))
        within = np.mean((waited <= run.target_wait) & visits["served"].to_numpy())
        most = max(1.0, float(counts.max()))
        panel = Panel(
            (0.0, float(top)),
            (0.8, most * 3),
            title=f"{name}: waiting times (one run)",
            x_label="wait (min)",
            y_label="visits (log scale)",
            log_y=True,
        )
        width = float(edges[1] - edges[0])
        for count, left in zip(counts, edges[:-1], strict=False):
            if count > 0:
                panel.bar(left + width / 2, count, 0.8, colour=BLUE, width=width * 0.95)
        panel.line([run.target_wait] * 2, [0.8, most * 3], colour="#cb181d", width=2)
        label = (
            f"standard {number(run.target_wait)} min: {percent(within, 0)} "
            "served within"
        )
        panel.text(
            run.target_wait,
            most * 3,
            label,
            colour="#cb181d",
            anchor="start",
            size=10,
            dy=12,
        )
        panel.numbered_x()
        panels.append(panel.svg())
    return figure("Waiting times", panels)


def pareto(runs: list[RunResult], names: list[str], column: str = "margin") -> str:
    """Cumulative share of value against share of customers, best first.

    The 80/20 rule of thumb and the measured range (the top 20% of customers
    give about 60-73% of sales: Kim, Singh & Winer 2017; McCarthy & Winer
    2018) are drawn for comparison.
    """
    panels = []
    for run, name in zip(runs, names, strict=True):
        panel = Panel(
            (0.0, 1.0),
            (0.0, 1.0),
            title=f"{name}: Pareto curve (one run)",
            x_label="share of customers (most valuable first)",
            y_label=f"share of {column}",
        )
        panel.area(
            [0.19, 0.21], [0.60, 0.60], [0.73, 0.73], colour="#41ab5d", opacity=0.35
        )
        panel.line([0, 1], [0, 1], colour="grey", dash="2 3", width=1)
        panel.dot(0.2, 0.8, colour="#cb181d", mark="x")
        values = np.sort(run.customers[column].to_numpy(float))[::-1]
        values = values[values > 0]
        if len(values):
            share = np.cumsum(values) / values.sum()
            x = np.arange(1, len(values) + 1) / len(values)
            step = max(1, len(values) // 200)  # 200 points draw the same curve
            panel.line(
                np.r_[0, x[::step], 1.0], np.r_[0, share[::step], 1.0], colour=DARK
            )
            top = float(share[max(0, round(0.2 * len(values)) - 1)])
            panel.dot(0.2, top, colour=DARK)
            panel.text(0.23, top - 0.08, f"top 20%: {percent(top, 0)}", anchor="start")
        panel.numbered_x(5)
        panel.legend(
            [
                ("measured: 60-73%", "#41ab5d"),
                ("rule of thumb: 80%", "#cb181d"),
                ("all customers equal", "grey"),
            ],
            corner="bottom right",
        )
        panels.append(panel.svg())
    return figure("Pareto curve of customer value", panels)


# ---------------------------------------------------------------- all of them
def standard_charts(comparison: Comparison, name: str | None = None) -> dict[str, str]:
    """The standard figures of a comparison as HTML with SVG, by title.

    KPIs with their intervals; profit by Mann's four directions; customers by
    loyalty phase; waiting times (first replication, when visits were
    recorded); the Pareto curve of customer value (first replication).
    """
    base, alt = comparison.baseline, alternative(comparison, name)
    sides = [r for r in (base, alt) if r.results]
    if not sides:
        return {}
    firsts = [r.results[0] for r in sides]
    names = [r.name for r in sides]
    drawn: dict[str, Callable[[], str]] = {
        "KPIs with intervals": lambda: intervals(
            {base.name: base, alt.name: alt}, comparison.confidence
        ),
        "Profit by Mann's four directions": lambda: directions(sides),
        "Customers by loyalty phase": lambda: phases(sides),
    }
    if all(run.visits is not None for run in firsts):
        drawn["Waiting times"] = lambda: waits(firsts, names)
    drawn["Pareto curve of customer value"] = lambda: pareto(firsts, names)
    return {title: draw() for title, draw in drawn.items()}
