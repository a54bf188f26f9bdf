"""A self-contained HTML report of a policy comparison.

:func:`html_report` turns a :class:`~simulations.experiments.Comparison` of a
baseline and one scenario into one HTML page a manager can mail or print:
the plain verdicts, the KPI table with confidence intervals, the standard
figures (inline SVG, so the file needs nothing else), the parameters of both
scenarios side by side, the date, the number of runs and the
confidence level. The policy lab (:mod:`simulations.lab`) shows the same
tables (:mod:`simulations.present.tables`) and figures
(:func:`~simulations.present.charts.standard_charts`) on its page, so the
page and the report always agree.

Nothing here computes a statistic: means, intervals and verdicts come from
:mod:`simulations.experiments`; figures come from
:mod:`simulations.present.charts`.
"""

from __future__ import annotations

import datetime as dt
import html
import io
from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
from matplotlib.figure import Figure

from ..experiments import Comparison
from ..i18n import _, get_language, ngettext
from ..parameters import Scenario
from ..results import HEADLINE, KPIS
from .caveats import running_cost_html
from .charts import FIGURE_STYLE, standard_charts
from .format import percent
from .labels import scenario_label
from .tables import (
    STYLE,
    alternative,
    kpi_table_html,
    pairing_note,
    parameters_html,
    verdicts_html,
)


def figure_png(fig: Figure, dpi: int = 72) -> bytes:
    """PNG bytes of a matplotlib figure (closed afterwards if pyplot made it)."""
    buffer = io.BytesIO()
    try:
        fig.savefig(buffer, format="png", dpi=dpi)
    finally:
        plt.close(fig)
    return buffer.getvalue()


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
figcaption { color: #52606d; font-size: 13px; }
pre { background: #f7f7f7; padding: 8px; font-size: 12px; overflow-x: auto; }
@media print { h2 { page-break-after: avoid; } figure { page-break-inside: avoid; } }
"""
    + FIGURE_STYLE
)


def html_report(
    comparison: Comparison,
    baseline: Scenario,
    scenario: Scenario,
    *,
    figures: Mapping[str, str] | None = None,
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
    figures
        The figures (HTML with SVG) by title; by default the
        :func:`~simulations.present.charts.standard_charts` are drawn.
    kpis
        KPIs of the table (default :data:`simulations.results.HEADLINE`);
        every KPI is listed in a collapsed section below it.
    created
        Date and time printed on the report (default: now).

    Returns
    -------
    str
        One HTML document; figures are inline SVG, drawn by the browser.
    """
    alt = alternative(comparison, scenario.name)
    if figures is None:
        figures = standard_charts(comparison, alt.name)
    created = created or dt.datetime.now().astimezone()
    conf = percent(comparison.confidence, 0)
    pairs = int(comparison.table["pairs"].min()) if len(comparison.table) else 0
    b = baseline.business
    esc = html.escape
    failures = [*comparison.baseline.failures, *alt.failures]
    warn = ""
    if failures or comparison.baseline.interrupted or alt.interrupted:
        lines = "".join(
            "<li>"
            + esc(
                _("{scenario}, run {number}: {error}").format(
                    scenario=f.scenario, number=f.replication, error=f.error
                )
            )
            + "</li>"
            for f in failures
        )
        text = ngettext(
            "Not every run finished; the intervals use {pairs} pair.",
            "Not every run finished; the intervals use {pairs} pairs.",
            pairs,
        ).format(pairs=pairs)
        heading = _("Warning")
        warn = f"<h2>{heading}</h2><p>{esc(text)}</p><ul>{lines}</ul>"
    every = [k for k in KPIS if k in comparison.table.loc[alt.name].index]
    drawn = "".join(f"<figure>{svg}</figure>" for svg in figures.values())
    note = pairing_note(comparison.table.loc[(alt.name, "profit"), "crn_narrowing"])
    crn_text = " " + _("For profit, {note}.").format(note=note) if note else ""
    names = {
        "scenario": esc(scenario_label(alt.name)),
        "baseline": esc(scenario_label(comparison.baseline.name)),
    }
    reps = ngettext("{pairs} run", "{pairs} runs", pairs).format(pairs=pairs)
    horizon = ngettext(
        "{days} day simulated, the first {warmup} left out as warm-up",
        "{days} days simulated, the first {warmup} left out as warm-up",
        b.days,
    ).format(days=b.days, warmup=b.warmup_days)
    method = _(
        "Both scenarios ran with the same random numbers (common random numbers): "
        "run <i>i</i> of each sees the same customers, so the difference is "
        "measured pair by pair. «± h» is the half-width of the {confidence} "
        "Student-t interval over the runs. «No clear difference» means "
        "the interval of the difference includes zero."
    ).format(confidence=conf)
    t = {
        "title": _("Policy report: {scenario} vs {baseline}").format(**names),
        "heading": _("Policy report: {scenario} against {baseline}").format(**names),
        "lab": _("Customer Focus Lab"),
        "created": _("created"),
        "per": _("per scenario"),
        "level": esc(_("{level} confidence").format(level=conf)),
        "seed": _("seed"),
        "verdicts": _("Verdicts"),
        "key": _("Key figures"),
        "all": _("All KPIs"),
        "figures": _("Figures"),
        "parameters": _("Parameters of both scenarios"),
        "highlighted": _("Highlighted rows differ between the two scenarios."),
        "files": _("Scenario files (TOML)"),
    }
    return f"""<!DOCTYPE html>
<html lang="{get_language()}"><head><meta charset="utf-8">
<title>{t["title"]}</title>
<style>{REPORT_STYLE}</style></head>
<body>
<h1>{t["heading"]}</h1>
<p class="cfl-meta">{t["lab"]} &middot; {t["created"]}
<span class="cfl-date">{esc(created.strftime("%Y-%m-%d %H:%M %Z").strip())}</span>
&middot; <span class="cfl-reps">{esc(reps)}</span> {t["per"]}
&middot; <span class="cfl-conf">{t["level"]}</span>
&middot; {esc(horizon)}
&middot; {t["seed"]} {baseline.seed}</p>
{warn}
<h2>{t["verdicts"]}</h2>
{verdicts_html(comparison, kpis, alt.name)}
{running_cost_html(baseline, scenario)}
<p class="cfl-meta">{method}{esc(crn_text)}</p>
<h2>{t["key"]}</h2>
{kpi_table_html(comparison, kpis, alt.name)}
<details><summary>{t["all"]}</summary>
{kpi_table_html(comparison, every, alt.name)}</details>
<h2>{t["figures"]}</h2>
{drawn}
<h2>{t["parameters"]}</h2>
<p class="cfl-meta">{t["highlighted"]}</p>
{parameters_html(baseline, scenario)}
<details><summary>{t["files"]}</summary>
<h3>{esc(baseline.name)}</h3><pre>{esc(baseline.to_toml())}</pre>
<h3>{esc(scenario.name)}</h3><pre>{esc(scenario.to_toml())}</pre>
</details>
</body></html>
"""
