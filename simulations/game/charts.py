"""Charts round by round that a room can read from the back.

Whole rounds on the axis, shares in %, money in thousands with its unit,
and every team visible even when two teams have the same numbers: each team
has its own marker, and the points of the teams are set a little apart
sideways.
"""

from __future__ import annotations

import base64
import io

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from ..i18n import N_, _
from ..present.format import currency_symbol, number

MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")
"""One marker per team (up to 8 teams)."""

CHARTS: dict[str, tuple[str, str]] = {
    "round_profit": (N_("Profit in the round"), "money"),
    "value_created": (N_("Value created so far"), "money"),
    "nps": (N_("Loyalty index"), "points"),
    "service_level": (N_("Served within the standard, so far"), "share"),
    "market_share": (N_("Share of the town's sales"), "share"),
}
"""Charts round by round: number -> (title, unit)."""


def round_chart(history: pd.DataFrame) -> Figure:
    """Charts round by round of each team's mean over the replications.

    The market share chart appears only when the teams share a town.
    """
    charts = {
        k: v
        for k, v in CHARTS.items()
        if k != "market_share"
        or ("market_share" in history and history[k].notna().any())
    }
    fig = Figure(figsize=(2.6 * len(charts) + 0.6, 3.4))
    axes = fig.subplots(1, len(charts))
    fig.subplots_adjust(left=0.05, right=0.99, bottom=0.3, top=0.86, wspace=0.4)
    if not len(history):
        return fig
    means = history.groupby(["team", "round"], sort=False).mean(numeric_only=True)
    teams = list(history["team"].unique())
    rounds = int(history["round"].max())
    for ax, (column, (title, unit)) in zip(axes, charts.items(), strict=True):
        for i, team in enumerate(teams):
            series = means.loc[team][column]
            scale = {"money": 1e-3, "share": 100.0}.get(unit, 1.0)
            shift = 0.06 * (i - (len(teams) - 1) / 2)
            ax.plot(
                series.index + shift,
                series.to_numpy() * scale,
                marker=MARKERS[i % len(MARKERS)],
                markersize=6,
                linewidth=1.2,
                label=team.replace("$", r"\$"),  # a name is text, never maths
            )
        thousands = _(", thousand {currency}").format(currency=currency_symbol())
        suffix = {"money": thousands, "share": ", %"}.get(unit, "")
        ax.set_title(_(title) + suffix, fontsize=9)
        ax.set_xlabel(_("round"), fontsize=8)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlim(0.5, rounds + 0.5)
        ax.yaxis.set_major_formatter(FuncFormatter(lambda y, _: number(y)))
        ax.tick_params(labelsize=7)
    fig.legend(
        *axes[0].get_legend_handles_labels(),
        loc="lower center",
        ncol=min(len(teams), 8),
        fontsize=8,
        frameon=False,
    )
    return fig


def png(fig: Figure) -> str:
    """A figure as a base64 PNG."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=80)
    return base64.b64encode(buffer.getvalue()).decode("ascii")
