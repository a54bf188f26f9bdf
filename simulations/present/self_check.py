"""The twin's self-check shown: a table, plain words, the tracking plot.

:func:`check_text` is what ``cfl calibrate --check`` prints (:func:`check_frame`
the same as a table), :func:`check_html`
what the lab shows under an upload, :func:`tracking_figure` the weekly
cumulative purchases (actual, the BG/NBD formula, the simulated twin), drawn
on a :class:`matplotlib.figure.Figure` so that a server's threads can draw it.
"""

from __future__ import annotations

import html
import math

import pandas as pd
from matplotlib.figure import Figure as PlotFigure

from ..calibration.check import Figure, SelfCheck
from .format import currency_symbol, money, number


def _interval(f: Figure, digits: int = 0) -> str:
    if math.isnan(f.low):
        return f"{f.simulated:,.{digits}f}"
    return f"{f.simulated:,.{digits}f} ({f.low:,.{digits}f} to {f.high:,.{digits}f})"


def _rows(check: SelfCheck) -> list[tuple[str, str, str, str]]:
    """(what, actual, closed form, simulated with interval), one row per figure."""
    rows = [
        (
            "repeat purchases, calibration period",
            f"{check.calibration.actual:,.0f}",
            f"{check.calibration.closed_form:,.0f}",
            _interval(check.calibration),
        )
    ]
    if check.holdout is not None:
        rows.append(
            (
                "purchases in the holdout",
                f"{check.holdout.actual:,.0f}",
                f"{check.holdout.closed_form:,.0f}",
                _interval(check.holdout),
            )
        )
    if check.shares is not None:
        for label, row in check.shares.iterrows():
            rows.append(
                (
                    f"customers with {label} holdout purchases",
                    f"{row['actual']:.1%}",
                    f"{row['closed_form']:.1%}",
                    f"{row['simulated']:.1%}",
                )
            )
    rows.append(
        (
            f"spend per purchase ({currency_symbol(check.currency)})",
            number(check.spend.actual),
            number(check.spend.closed_form),
            _interval(check.spend, 2),
        )
    )
    return rows


def check_frame(check: SelfCheck) -> pd.DataFrame:
    """The self-check as a table: actual, BG/NBD formula, the twin's interval."""
    rows = _rows(check)
    return pd.DataFrame(
        [r[1:] for r in rows],
        index=pd.Index([r[0] for r in rows], name=""),
        columns=["actual", "BG/NBD formula", "today's business (95% interval)"],
    )


def check_text(check: SelfCheck) -> str:
    """The self-check as a text table and its closing sentence."""
    head = ("", "actual", "BG/NBD formula", "twin (95% interval)")
    rows = [head, *_rows(check)]
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    lines = [
        f"self-check: today's business simulated {check.replications} times",
        *(
            "  ".join(
                cell.ljust(w) if i == 0 else cell.rjust(w)
                for i, (cell, w) in enumerate(zip(r, widths, strict=True))
            )
            for r in rows
        ),
    ]
    if check.holdout is not None:
        lines.append(
            f"holdout purchases by your own customers: {check.own_share:.1%}; "
            "customer by customer, the twin's forecast correlates "
            f"{check.correlation:.2f} with the formula's"
        )
    lines.append(check.sentence())
    return "\n".join(lines)


def check_html(check: SelfCheck) -> str:
    """The self-check in plain words, for the lab's page."""
    c = check.calibration
    items = [
        f"In the period your data were fitted to, your customers made "
        f"{c.actual:,.0f} repeat purchases; the simulated business made "
        f"{c.low:,.0f} to {c.high:,.0f}."
    ]
    if check.holdout is not None:
        h = check.holdout
        items.append(
            f"In the weeks held back from the fit, they made {h.actual:,.0f} "
            f"purchases; the simulated business forecast {h.low:,.0f} to "
            f"{h.high:,.0f}, the standard formula {h.closed_form:,.0f}."
        )
        zero = check.shares.loc["0"]
        items.append(
            f"Customers who bought nothing in those weeks: {zero['actual']:.0%} in "
            f"your data, {zero['simulated']:.0%} simulated."
        )
    items.append(
        f"Spend per purchase: {money(check.spend.actual, check.currency)} in your "
        f"data, {money(check.spend.simulated, check.currency)} simulated."
    )
    body = "".join(f"<li>{html.escape(i)}</li>" for i in items)
    return (
        f"<div class='cfl-self-check'><b>{html.escape(check.sentence())}</b>"
        f"<ul>{body}</ul></div>"
    )


def tracking_figure(check: SelfCheck) -> PlotFigure:
    """Weekly cumulative purchases: actual, the BG/NBD formula, the twin.

    The twin is two lines: the customers simulated again over the fitted
    period, then today's business run forward from where the data stand.
    """
    fig = PlotFigure(figsize=(7, 4), layout="constrained")
    ax = fig.add_subplot()
    t = check.tracking
    ax.plot(t.index, t["actual"], color="black", label="your data")
    ax.plot(t.index, t["closed_form"], color="#4292c6", ls="--", label="BG/NBD formula")
    before = t.index <= check.until
    ax.plot(
        t.index[before],
        t["simulated"][before],
        color="#e6550d",
        label="your customers simulated again",
    )
    if check.holdout is not None and before.any() and not before.all():
        # Run forward, today's business starts where the data stand.
        last = int(before.sum()) - 1
        forward = [t["actual"].iloc[last], *t["simulated"].iloc[last + 1 :]]
        ax.plot(
            t.index[last:],
            forward,
            color="#e6550d",
            ls=":",
            lw=2,
            label="today's business, run forward",
        )
    ax.axvline(check.until, color="#999999", lw=1)
    ax.annotate(
        " end of the fitted period",
        (check.until, 0),
        xycoords=("data", "axes fraction"),
        va="bottom",
        fontsize=8,
        color="#666666",
    )
    ax.set_xlabel("week")
    ax.set_ylabel("purchases after the first, cumulative")
    ax.set_title("Tracking: repeat purchases week by week")
    ax.legend(loc="upper left")
    return fig
