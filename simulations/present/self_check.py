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
from ..i18n import _, ngettext
from .format import currency_symbol, fixed, money, number, percent


def _interval(f: Figure, digits: int = 0) -> str:
    if math.isnan(f.low):
        return fixed(f.simulated, digits)
    return _("{value} ({low} to {high})").format(
        value=fixed(f.simulated, digits),
        low=fixed(f.low, digits),
        high=fixed(f.high, digits),
    )


def _rows(check: SelfCheck) -> list[tuple[str, str, str, str]]:
    """(what, actual, closed form, simulated with interval), one row per figure."""
    rows = [
        (
            _("repeat purchases, calibration period"),
            fixed(check.calibration.actual, 0),
            fixed(check.calibration.closed_form, 0),
            _interval(check.calibration),
        )
    ]
    if check.holdout is not None:
        rows.append(
            (
                _("purchases in the holdout"),
                fixed(check.holdout.actual, 0),
                fixed(check.holdout.closed_form, 0),
                _interval(check.holdout),
            )
        )
    if check.shares is not None:
        for label, row in check.shares.iterrows():
            rows.append(
                (
                    _("customers with {count} holdout purchases").format(count=label),
                    percent(row["actual"]),
                    percent(row["closed_form"]),
                    percent(row["simulated"]),
                )
            )
    rows.append(
        (
            _("spend per purchase ({currency})").format(
                currency=currency_symbol(check.currency)
            ),
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
        columns=[
            _("actual"),
            _("BG/NBD formula"),
            _("today's business ({confidence} interval)").format(
                confidence=percent(0.95, 0)
            ),
        ],
    )


def check_text(check: SelfCheck) -> str:
    """The self-check as a text table and its closing sentence."""
    head = (
        "",
        _("actual"),
        _("BG/NBD formula"),
        _("twin ({confidence} interval)").format(confidence=percent(0.95, 0)),
    )
    rows = [head, *_rows(check)]
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    lines = [
        ngettext(
            "self-check: today's business simulated {count} time",
            "self-check: today's business simulated {count} times",
            check.replications,
        ).format(count=check.replications),
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
            _(
                "holdout purchases by your own customers: {share}; "
                "customer by customer, the twin's forecast correlates "
                "{correlation} with the formula's"
            ).format(
                share=percent(check.own_share), correlation=fixed(check.correlation, 2)
            )
        )
    lines.append(check.sentence())
    return "\n".join(lines)


def check_html(check: SelfCheck) -> str:
    """The self-check in plain words, for the lab's page."""
    c = check.calibration
    items = [
        _(
            "In the period your data were fitted to, your customers made "
            "{actual} repeat purchases; the simulated business made "
            "{low} to {high}."
        ).format(actual=fixed(c.actual, 0), low=fixed(c.low, 0), high=fixed(c.high, 0))
    ]
    if check.holdout is not None:
        h = check.holdout
        items.append(
            _(
                "In the weeks held back from the fit, they made {actual} "
                "purchases; the simulated business forecast {low} to "
                "{high}, the standard formula {formula}."
            ).format(
                actual=fixed(h.actual, 0),
                low=fixed(h.low, 0),
                high=fixed(h.high, 0),
                formula=fixed(h.closed_form, 0),
            )
        )
        zero = check.shares.loc["0"]
        items.append(
            _(
                "Customers who bought nothing in those weeks: {actual} in "
                "your data, {simulated} simulated."
            ).format(
                actual=percent(zero["actual"], 0),
                simulated=percent(zero["simulated"], 0),
            )
        )
    items.append(
        _("Spend per purchase: {actual} in your data, {simulated} simulated.").format(
            actual=money(check.spend.actual, check.currency),
            simulated=money(check.spend.simulated, check.currency),
        )
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
    ax.plot(t.index, t["actual"], color="black", label=_("your data"))
    ax.plot(
        t.index, t["closed_form"], color="#4292c6", ls="--", label=_("BG/NBD formula")
    )
    before = t.index <= check.until
    ax.plot(
        t.index[before],
        t["simulated"][before],
        color="#e6550d",
        label=_("your customers simulated again"),
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
            label=_("today's business, run forward"),
        )
    ax.axvline(check.until, color="#999999", lw=1)
    ax.annotate(
        " " + _("end of the fitted period"),
        (check.until, 0),
        xycoords=("data", "axes fraction"),
        va="bottom",
        fontsize=8,
        color="#666666",
    )
    ax.set_xlabel(_("week"))
    ax.set_ylabel(_("purchases after the first, cumulative"))
    ax.set_title(_("Tracking: repeat purchases week by week"))
    ax.legend(loc="upper left")
    return fig
