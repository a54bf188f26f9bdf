"""Figures of a sensitivity analysis: the tornado and the Morris ranking.

Figures are built with :class:`matplotlib.figure.Figure`, not pyplot, so that
a web server may draw them from several threads at once.
"""

from __future__ import annotations

from matplotlib.figure import Figure

from ..experiments.sensitivity_analysis import Sensitivity
from ..i18n import _
from ..results import KPIS
from .labels import label as parameter_label
from .units import upper_first

OUTCOME_COLOURS = {"holds": "#41ab5d", "unclear": "#fdae6b", "flips": "#d7301f"}


def tornado_figure(found: Sensitivity) -> Figure:
    """Paired difference at each end of each range, widest swing on top.

    Each parameter has two bars from the difference at the defaults: to its
    value at the low end and at the high end of the range. The colour says
    whether the verdict holds there; the whiskers are the intervals.
    """
    t = found.tornado.copy()
    t["swing"] = (t["difference"] - found.difference).abs()
    order = t.groupby("parameter")["swing"].max().sort_values().index.tolist()
    fig = Figure(figsize=(8, 0.45 * len(order) + 1.6), layout="constrained")
    ax = fig.subplots()
    for y, name in enumerate(order):
        for row in t[t["parameter"] == name].itertuples():
            offset = -0.18 if row.end == "low" else 0.18
            ax.barh(
                y + offset,
                row.difference - found.difference,
                left=found.difference,
                height=0.34,
                color=OUTCOME_COLOURS[row.outcome],
            )
            ax.errorbar(
                row.difference, y + offset, xerr=row.half_width, fmt="none", color="k"
            )
    ax.axvline(found.difference, color="k", lw=1)
    ax.axvline(0.0, color="grey", lw=1, ls="--")
    ax.set_yticks(
        range(len(order)), [upper_first(parameter_label(name)) for name in order]
    )
    label = KPIS[found.kpi].label if found.kpi in KPIS else found.kpi
    ax.set_xlabel(
        _("{kpi}: {scenario} minus {baseline}").format(
            kpi=label, scenario=found.alternative, baseline=found.base
        )
    )
    ax.set_title(_("Each assumption at the low (lower bar) and high end of its range"))
    return fig


def morris_figure(found: Sensitivity) -> Figure:
    """Morris screening: mean absolute effect (mu*) of each parameter."""
    m = found.morris.iloc[::-1]
    fig = Figure(figsize=(8, 0.4 * len(m) + 1.4), layout="constrained")
    ax = fig.subplots()
    labels = [upper_first(parameter_label(name)) for name in m["parameter"]]
    ax.barh(labels, m["mu_star"], xerr=m["mu_star_conf"], color="#4292c6")
    ax.set_xlabel(_("mean absolute effect on the difference (Morris mu*)"))
    ax.set_title(_("Which assumptions matter most, all moving together"))
    return fig
