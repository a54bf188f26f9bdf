"""A self-contained HTML report of a policy comparison.

:func:`html_report` turns a :class:`~simulations.experiments.Comparison` of a
baseline and one scenario into one HTML page a manager can mail or print:
the plain verdicts, the KPI table with confidence intervals, the standard
figures (inline PNG, so the file needs nothing else), the parameters of both
scenarios side by side, the date, the number of replications and the
confidence level. The policy lab (:mod:`simulations.lab`) uses the same
pieces for its page, so the page and the report always agree.

Nothing here computes a statistic: means, intervals and verdicts come from
:mod:`simulations.experiments`; figures come from :mod:`simulations.plots`.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import io
import math
from collections.abc import Mapping, Sequence
from typing import Any

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure

from . import plots
from .experiments import Comparison, Replications
from .parameters import GROUPS, Scenario
from .present.format import number
from .results import KPIS
from .vocabulary import DIRECTIONS

HEADLINE: tuple[str, ...] = (
    "profit",
    "profit_per_month",
    "revenue",
    "active_customers",
    "new_customers",
    "lost_customers",
    "won_back",
    "churn_rate",
    "nps",
    "mean_wait",
    "service_level",
    "abandonment_rate",
    "share_wow",
    "share_low",
    "occupancy",
)
"""The KPIs a manager sees first, in display order (all are in :data:`KPIS`)."""

INTERVAL_KPIS: tuple[str, ...] = ("profit", "active_customers", "mean_wait")
"""KPIs drawn with their confidence intervals in the first figure."""

SECTION_LABELS: dict[str, str] = {
    "business": "Business",
    **DIRECTIONS,
    "customers": "Customers (assumptions)",
    "economics": "Economics (assumptions)",
}
"""Heading of each parameter group: Mann's four directions use the plots' labels."""


# ---------------------------------------------------------------- formatting
def fmt(kpi: str, value: float) -> str:
    """A KPI value as people read it: shares in %, money with separators.

    Examples
    --------
    >>> fmt("service_level", 0.4567), fmt("profit", 123456.7), fmt("nps", 12.34)
    ('45.7%', '123,457', '12.3')
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    if KPIS.get(kpi) is not None and KPIS[kpi].unit == "share":
        return f"{100 * value:.1f}%"
    return number(float(value))


def fmt_pm(kpi: str, half_width: float) -> str:
    """A half-width in the KPI's units (percentage points for shares).

    Examples
    --------
    >>> fmt_pm("churn_rate", 0.0123), fmt_pm("profit", 2500.0)
    ('1.2 pp', '2,500')
    """
    if half_width is None or math.isnan(half_width):
        return "n/a"
    if KPIS.get(kpi) is not None and KPIS[kpi].unit == "share":
        return f"{100 * half_width:.1f} pp"
    return number(float(half_width))


def fmt_diff(kpi: str, difference: float) -> str:
    """A signed difference in the KPI's units.

    Examples
    --------
    >>> fmt_diff("profit", 1500.0), fmt_diff("share_wow", -0.021)
    ('+1,500', '-2.1 pp')
    """
    if difference is None or math.isnan(difference):
        return "n/a"
    sign = "+" if difference > 0 else "-" if difference < 0 else ""
    return sign + fmt_pm(kpi, abs(difference))


def fmt_param(value: Any) -> str:
    """A parameter value for a table (TOML-like spelling).

    Examples
    --------
    >>> fmt_param(True), fmt_param(0.25), fmt_param(4000.0), fmt_param("fifo")
    ('true', '0.25', '4000', 'fifo')
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return "inf" if math.isinf(value) else f"{value:g}"
    return str(value)


def verdict_kind(verdict: str) -> str:
    """``better``, ``worse``, ``unclear`` or ``changed`` for a verdict sentence.

    Examples
    --------
    >>> verdict_kind("Profit higher by 1,200 ± 300 (95%): better")
    'better'
    >>> verdict_kind("no clear difference")
    'unclear'
    """
    if verdict.endswith(": better"):
        return "better"
    if verdict.endswith(": worse"):
        return "worse"
    if verdict == "no clear difference":
        return "unclear"
    return "changed"


def plain_verdict(row: Mapping[str, Any], confidence: float) -> str:
    """The verdict of a KPI row in words, with numbers in the KPI's units.

    The judgement (better, worse, no clear difference) is the one of
    :func:`simulations.experiments.verdict`, read from ``row["kind"]``; only
    the numbers are written as people read them (thousands separated,
    shares in percentage points).

    Examples
    --------
    >>> row = {"kpi": "profit", "label": "Profit", "kind": "worse",
    ...        "difference": -62295.0, "difference_hw": 5290.0}
    >>> plain_verdict(row, 0.95)
    'Profit lower by 62,295 ± 5,290 (95%): worse'
    >>> plain_verdict({**row, "kind": "unclear"}, 0.95)
    'Profit: no clear difference'
    """
    if row["kind"] == "unclear":
        return f"{row['label']}: no clear difference"
    kpi, diff = row["kpi"], row["difference"]
    word = "higher" if diff > 0 else "lower"
    text = (
        f"{row['label']} {word} by {fmt_pm(kpi, abs(diff))} ± "
        f"{fmt_pm(kpi, row['difference_hw'])} ({confidence:.0%})"
    )
    return f"{text}: {row['kind']}" if row["kind"] in ("better", "worse") else text


def short_verdict(row: Mapping[str, Any]) -> str:
    """One or few words for a table cell: better, worse, higher, lower...

    Examples
    --------
    >>> short_verdict({"kind": "changed", "difference": -0.15})
    'lower'
    """
    if row["kind"] == "unclear":
        return "no clear difference"
    if row["kind"] in ("better", "worse"):
        return row["kind"]
    return "higher" if row["difference"] > 0 else "lower"


# ---------------------------------------------------------------- comparison
def alternative(comparison: Comparison, name: str | None = None) -> Replications:
    """The replications of the scenario ``name`` (default: the first one)."""
    if name is not None and name in comparison.alternatives:
        return comparison.alternatives[name]
    return next(iter(comparison.alternatives.values()))


def kpi_rows(
    comparison: Comparison,
    kpis: Sequence[str] = HEADLINE,
    name: str | None = None,
) -> list[dict[str, Any]]:
    """One row per KPI: both means with half-widths, the paired difference.

    The numbers are read from ``Replications.summary`` and
    ``Comparison.table``; nothing is recomputed.
    """
    alt = alternative(comparison, name)
    conf = comparison.confidence
    base_sum = comparison.baseline.summary(conf)
    alt_sum = alt.summary(conf)
    table = comparison.table.loc[alt.name]
    rows = []
    for kpi in kpis:
        if kpi not in table.index:
            continue
        paired = table.loc[kpi]
        info = KPIS[kpi]
        rows.append(
            {
                "kpi": kpi,
                "label": info.label,
                "unit": info.unit,
                "baseline": float(base_sum.loc[kpi, "mean"]),
                "baseline_hw": float(base_sum.loc[kpi, "half_width"]),
                "scenario": float(alt_sum.loc[kpi, "mean"]),
                "scenario_hw": float(alt_sum.loc[kpi, "half_width"]),
                "difference": float(paired["difference"]),
                "difference_hw": float(paired["half_width"]),
                "verdict": str(paired["verdict"]),
                "kind": verdict_kind(str(paired["verdict"])),
                "pairs": int(paired["pairs"]),
            }
        )
        rows[-1]["plain"] = plain_verdict(rows[-1], conf)
    return rows


def kpi_frame(
    comparison: Comparison, kpis: Sequence[str] = HEADLINE, name: str | None = None
) -> pd.DataFrame:
    """:func:`kpi_rows` as a table indexed by KPI name."""
    return pd.DataFrame(kpi_rows(comparison, kpis, name)).set_index("kpi")


STYLE = """
.cfl-kpis { border-collapse: collapse; font-size: 14px; margin: 6px 0 12px 0; }
.cfl-kpis th, .cfl-kpis td { border-bottom: 1px solid #ddd; padding: 4px 10px;
  text-align: right; vertical-align: top; }
.cfl-kpis th { background: #f3f6fa; }
.cfl-kpis td.cfl-label, .cfl-kpis th.cfl-label { text-align: left; }
.cfl-kpis td.cfl-verdict { text-align: left; max-width: 26em; }
.cfl-better { color: #1a7f37; font-weight: 600; }
.cfl-worse { color: #b42318; font-weight: 600; }
.cfl-unclear { color: #6b7280; }
.cfl-changed { color: #1f4e9c; }
.cfl-pm { color: #6b7280; font-size: 12px; }
"""
"""CSS of the KPI table, shared by the lab page and the report."""


def kpi_table_html(
    comparison: Comparison, kpis: Sequence[str] = HEADLINE, name: str | None = None
) -> str:
    """The KPI table as HTML: baseline, scenario, difference ± half-width, verdict.

    Each value cell carries ``data-kpi`` and ``data-role`` attributes so that
    a browser test can read the numbers.
    """
    alt = alternative(comparison, name)
    conf = comparison.confidence
    head = (
        "<tr><th class='cfl-label'>KPI</th><th>unit</th>"
        f"<th>{html.escape(comparison.baseline.name)}<br>"
        f"<span class='cfl-pm'>mean ± {conf:.0%} half-width</span></th>"
        f"<th>{html.escape(alt.name)}<br>"
        f"<span class='cfl-pm'>mean ± {conf:.0%} half-width</span></th>"
        "<th>difference<br><span class='cfl-pm'>paired, ± half-width</span></th>"
        "<th class='cfl-label'>verdict</th></tr>"
    )
    body = []
    for row in kpi_rows(comparison, kpis, name):
        k = row["kpi"]
        attr = html.escape(k)
        body.append(
            "<tr>"
            f"<td class='cfl-label'>{html.escape(row['label'])}</td>"
            f"<td>{html.escape(row['unit'])}</td>"
            f"<td data-kpi='{attr}' data-role='baseline'>{fmt(k, row['baseline'])}"
            f" <span class='cfl-pm'>± {fmt_pm(k, row['baseline_hw'])}</span></td>"
            f"<td data-kpi='{attr}' data-role='scenario'>{fmt(k, row['scenario'])}"
            f" <span class='cfl-pm'>± {fmt_pm(k, row['scenario_hw'])}</span></td>"
            f"<td data-kpi='{attr}' data-role='difference'>"
            f"{fmt_diff(k, row['difference'])}"
            f" <span class='cfl-pm'>± {fmt_pm(k, row['difference_hw'])}</span></td>"
            f"<td class='cfl-verdict cfl-{row['kind']}' "
            f"title='{html.escape(row['verdict'])}'>"
            f"{html.escape(short_verdict(row))}</td>"
            "</tr>"
        )
    return (
        f"<table class='cfl-kpis'><thead>{head}</thead>"
        f"<tbody>{''.join(body)}</tbody></table>"
    )


def verdicts_html(
    comparison: Comparison, kpis: Sequence[str] = HEADLINE, name: str | None = None
) -> str:
    """The plain verdicts as a list: clear differences first, then the rest."""
    rows = kpi_rows(comparison, kpis, name)
    clear = [r for r in rows if r["kind"] != "unclear"]
    unclear = [r["label"] for r in rows if r["kind"] == "unclear"]
    conf = comparison.confidence
    items = [
        f"<li class='cfl-{r['kind']}'>{html.escape(plain_verdict(r, conf))}</li>"
        for r in clear
    ]
    if unclear:
        items.append(
            "<li class='cfl-unclear'>No clear difference in: "
            f"{html.escape(', '.join(unclear))}.</li>"
        )
    return f"<ul class='cfl-verdicts'>{''.join(items)}</ul>"


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
        plots.profit_by_direction(plots.mean_breakdown(reps), ax=ax)
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


# ---------------------------------------------------------------- parameters
def parameter_rows(baseline: Scenario, scenario: Scenario) -> list[dict[str, Any]]:
    """Every parameter of both scenarios, with its unit and whether it differs."""
    rows = []
    for section, group in GROUPS.items():
        for meta in group.describe():
            dotted = f"{section}.{meta['name']}"
            a, b = baseline.get(dotted), scenario.get(dotted)
            rows.append(
                {
                    "section": section,
                    "parameter": dotted,
                    "unit": meta["unit"],
                    "lever": meta["lever"],
                    "meaning": meta["meaning"],
                    "baseline": a,
                    "scenario": b,
                    "changed": a != b,
                }
            )
    return rows


def parameters_html(baseline: Scenario, scenario: Scenario) -> str:
    """Both scenarios' parameters side by side, by group; changes highlighted."""
    parts = [
        "<table class='cfl-params'><thead><tr><th>parameter</th><th>unit</th>"
        f"<th>{html.escape(baseline.name)}</th><th>{html.escape(scenario.name)}</th>"
        "<th>meaning</th></tr></thead><tbody>"
    ]
    section = None
    for row in parameter_rows(baseline, scenario):
        if row["section"] != section:
            section = row["section"]
            label = SECTION_LABELS.get(section, section)
            parts.append(f"<tr class='cfl-section'><th colspan='5'>{label}</th></tr>")
        classes = " ".join(
            c
            for c, on in (("cfl-lever", row["lever"]), ("cfl-diff", row["changed"]))
            if on
        )
        mark = " (lever)" if row["lever"] else ""
        parts.append(
            f"<tr class='{classes}'><td>{html.escape(row['parameter'])}{mark}</td>"
            f"<td>{html.escape(row['unit'])}</td>"
            f"<td>{html.escape(fmt_param(row['baseline']))}</td>"
            f"<td>{html.escape(fmt_param(row['scenario']))}</td>"
            f"<td>{html.escape(row['meaning'])}</td></tr>"
        )
    parts.append("</tbody></table>")
    return "".join(parts)


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
        KPIs of the table (default :data:`HEADLINE`); every KPI is listed in
        a collapsed section below it.
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
    crn = comparison.table.loc[(alt.name, "profit"), "crn_narrowing"]
    crn_text = (
        f" For profit, pairing narrowed the interval by {crn:.0%} compared with "
        "independent runs."
        if isinstance(crn, float) and not math.isnan(crn)
        else ""
    )
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
