"""A self-contained HTML report of a policy comparison, and its figures.

:func:`html_report` turns a :class:`~simulations.experiments.Comparison` of a
baseline and one scenario into one HTML page a manager can mail or print:
the plain verdicts, the KPI table with confidence intervals, the standard
figures (inline PNG, so the file needs nothing else), the parameters of both
scenarios side by side, the date, the number of replications and the
confidence level. The policy lab (:mod:`simulations.lab`) shows the same
tables (:mod:`simulations.present.tables`) and figures
(:func:`standard_images`) on its page, so the page and the report always agree.

Nothing here computes a statistic: means, intervals and verdicts come from
:mod:`simulations.experiments`; figures come from
:mod:`simulations.present.plots`.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import io
from collections.abc import Mapping, Sequence
from typing import Any

import matplotlib.pyplot as plt
from matplotlib.figure import Figure

from ..experiments import Comparison, Replications
from ..parameters import Scenario
from ..results import HEADLINE, KPIS
from . import plots
from .tables import (
    STYLE,
    alternative,
    kpi_table_html,
    pairing_note,
    parameters_html,
    verdicts_html,
)

INTERVAL_KPIS: tuple[str, ...] = ("profit", "active_customers", "mean_wait")
"""KPIs drawn with their confidence intervals in the first figure."""


# ---------------------------------------------------------------- figures
def _figure(
    panels: int, size: tuple[float, float], bottom: float = 0.17
) -> tuple[Figure, list[Any]]:
    """A figure with ``panels`` axes side by side, without pyplot.

    Figures made this way are never shown by a notebook backend by accident
    and need no closing; fixed margins are quicker to draw than a layout
    engine (the lab draws these on every run).
    """
    fig = Figure(figsize=size)
    axes = fig.subplots(1, panels, squeeze=False)[0]
    fig.subplots_adjust(left=0.07, right=0.98, bottom=bottom, top=0.86, wspace=0.28)
    return fig, list(axes)


def standard_figures(
    comparison: Comparison, name: str | None = None
) -> dict[str, Figure]:
    """The standard figures of a comparison, by title, baseline left.

    KPIs with their intervals; profit by Mann's four directions; customers by
    loyalty phase; waiting times (first replication, when visits were
    recorded); the Pareto curve of customer value (first replication).
    """
    base, alt = comparison.baseline, alternative(comparison, name)
    sides = [r for r in (base, alt) if r.results]
    runs = {base.name: base, alt.name: alt}
    figures: dict[str, Figure] = {}

    if sides:
        fig, axes = _figure(len(INTERVAL_KPIS), (12, 3.8))
        for ax, kpi in zip(axes, INTERVAL_KPIS, strict=True):
            plots.kpi_intervals(runs, kpi, comparison.confidence, ax=ax)
            ax.set_title(KPIS[kpi].label, fontsize="medium")
            ax.tick_params(axis="x", labelrotation=0)
        fig.suptitle(f"Mean and {comparison.confidence:.0%} confidence interval")
        figures["KPIs with intervals"] = fig

    def pair(
        draw: Any,
        title: str,
        size: tuple[float, float] = (12, 4),
        bottom: float = 0.17,
        same_scale: bool = False,
    ) -> None:
        if not sides:
            return
        fig, axes = _figure(len(sides), size, bottom)
        for ax, reps in zip(axes, sides, strict=True):
            draw(reps, ax)
        if same_scale:  # one scale on both sides, so that heights compare
            low = min(ax.get_ylim()[0] for ax in axes)
            high = max(ax.get_ylim()[1] for ax in axes)
            for ax in axes:
                ax.set_ylim(low, high + 0.05 * (high - low))
        figures[title] = fig

    def direction(reps: Replications, ax: Any) -> None:
        plots.profit_by_direction(
            plots.mean_breakdown(reps), ax=ax, currency=reps.scenario.economics.currency
        )
        ax.set_title(f"{reps.name}: profit by direction (mean)", fontsize="medium")
        ax.tick_params(axis="x", labelrotation=25)
        for label in ax.get_xticklabels():
            label.set_horizontalalignment("right")

    pair(direction, "Profit by Mann's four directions", (12, 4.6), 0.27, True)

    def phases(reps: Replications, ax: Any) -> None:
        plots.phase_mix(reps, ax=ax)
        ax.set_title(f"{reps.name}: customers by phase (mean)", fontsize="medium")

    pair(phases, "Customers by loyalty phase", same_scale=True)

    if sides and all(reps.results[0].visits is not None for reps in sides):

        def waits(reps: Replications, ax: Any) -> None:
            plots.wait_distribution(reps.results[0], ax=ax)
            ax.set_title(f"{reps.name}: waiting times (one run)", fontsize="medium")

        pair(waits, "Waiting times")

    def pareto(reps: Replications, ax: Any) -> None:
        plots.pareto_curve(reps.results[0].customers, ax=ax)
        ax.set_title(f"{reps.name}: Pareto curve (one run)", fontsize="medium")

    pair(pareto, "Pareto curve of customer value", (11, 4.6))
    return figures


def figure_png(fig: Figure, dpi: int = 72) -> bytes:
    """PNG bytes of a figure (closed afterwards if pyplot made it)."""
    buffer = io.BytesIO()
    try:
        fig.savefig(buffer, format="png", dpi=dpi)
    finally:
        plt.close(fig)
    return buffer.getvalue()


def standard_images(
    comparison: Comparison, name: str | None = None, dpi: int = 72
) -> dict[str, bytes]:
    """:func:`standard_figures` rendered to PNG bytes, by title."""
    return {
        title: figure_png(fig, dpi)
        for title, fig in standard_figures(comparison, name).items()
    }


# ---------------------------------------------------------------- the report
REPORT_STYLE = (
    STYLE
    + """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  max-width: 1100px; margin: 24px auto; padding: 0 16px; color: #1f2933; }
h1 { font-size: 26px; margin-bottom: 4px; }
h2 { font-size: 19px; margin-top: 28px; border-bottom: 2px solid #dbe4ee; }
.cfl-meta { color: #52606d; }
.cfl-verdicts li { margin: 3px 0; }
.cfl-params { border-collapse: collapse; font-size: 12.5px; }
.cfl-params td, .cfl-params th { border-bottom: 1px solid #eee; padding: 2px 8px;
  text-align: left; vertical-align: top; }
.cfl-params tr.cfl-section th { background: #f3f6fa; padding-top: 8px; }
.cfl-params tr.cfl-diff td { background: #fff4d6; font-weight: 600; }
figure { margin: 12px 0 20px 0; }
figure img { max-width: 100%; border: 1px solid #eee; }
figcaption { color: #52606d; font-size: 13px; }
pre { background: #f7f7f7; padding: 8px; font-size: 12px; overflow-x: auto; }
@media print { h2 { page-break-after: avoid; } figure { page-break-inside: avoid; } }
"""
)


def html_report(
    comparison: Comparison,
    baseline: Scenario,
    scenario: Scenario,
    *,
    images: Mapping[str, bytes] | None = None,
    kpis: Sequence[str] = HEADLINE,
    created: dt.datetime | None = None,
) -> str:
    """A self-contained HTML report of a baseline-versus-scenario comparison.

    Parameters
    ----------
    comparison
        The result of :func:`simulations.experiments.compare` of ``baseline``
        against ``scenario``.
    baseline, scenario
        The two scenarios as they were compared (their parameters are listed).
    images
        PNG bytes by title; by default the :func:`standard_figures` are drawn.
    kpis
        KPIs of the table (default :data:`simulations.results.HEADLINE`);
        every KPI is listed in a collapsed section below it.
    created
        Date and time printed on the report (default: now).

    Returns
    -------
    str
        One HTML document; figures are inline base64 PNG images.
    """
    alt = alternative(comparison, scenario.name)
    if images is None:
        images = standard_images(comparison, alt.name)
    created = created or dt.datetime.now().astimezone()
    conf = comparison.confidence
    pairs = int(comparison.table["pairs"].min()) if len(comparison.table) else 0
    b = baseline.business
    esc = html.escape
    failures = [*comparison.baseline.failures, *alt.failures]
    warn = ""
    if failures or comparison.baseline.interrupted or alt.interrupted:
        lines = "".join(
            f"<li>{esc(f.scenario)}, replication {f.replication}: {esc(f.error)}</li>"
            for f in failures
        )
        warn = (
            "<h2>Warning</h2><p>Not every replication finished; the intervals "
            f"use {pairs} pairs.</p><ul>{lines}</ul>"
        )
    every = [k for k in KPIS if k in comparison.table.loc[alt.name].index]
    figures = "".join(
        f"<figure><img alt='{esc(title)}' src='data:image/png;base64,"
        f"{base64.b64encode(png).decode('ascii')}'>"
        f"<figcaption>{esc(title)}</figcaption></figure>"
        for title, png in images.items()
    )
    note = pairing_note(comparison.table.loc[(alt.name, "profit"), "crn_narrowing"])
    crn_text = f" For profit, {note}." if note else ""
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Policy report: {esc(alt.name)} vs {esc(comparison.baseline.name)}</title>
<style>{REPORT_STYLE}</style></head>
<body>
<h1>Policy report: {esc(alt.name)} against {esc(comparison.baseline.name)}</h1>
<p class="cfl-meta">Customer Focus Lab &middot; created
<span class="cfl-date">{esc(created.strftime("%Y-%m-%d %H:%M %Z").strip())}</span>
&middot; <span class="cfl-reps">{pairs} replications</span> per scenario
&middot; <span class="cfl-conf">{conf:.0%} confidence</span>
&middot; {b.days} days simulated, the first {b.warmup_days} left out as warm-up
&middot; seed {baseline.seed}</p>
{warn}
<h2>Verdicts</h2>
{verdicts_html(comparison, kpis, alt.name)}
<p class="cfl-meta">Both scenarios ran with the same random numbers (common
random numbers): replication <i>i</i> of each sees the same customers, so the
difference is measured pair by pair. "± h" is the half-width of the
{conf:.0%} Student-t interval over the {pairs} replications. "No clear
difference" means the interval of the difference includes zero.{crn_text}</p>
<h2>Key figures</h2>
{kpi_table_html(comparison, kpis, alt.name)}
<details><summary>All KPIs</summary>
{kpi_table_html(comparison, every, alt.name)}</details>
<h2>Figures</h2>
{figures}
<h2>Parameters of both scenarios</h2>
<p class="cfl-meta">Highlighted rows differ between the two scenarios.</p>
{parameters_html(baseline, scenario)}
<details><summary>Scenario files (TOML)</summary>
<h3>{esc(baseline.name)}</h3><pre>{esc(baseline.to_toml())}</pre>
<h3>{esc(scenario.name)}</h3><pre>{esc(scenario.to_toml())}</pre>
</details>
</body></html>
"""
