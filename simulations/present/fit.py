"""A calibration shown: the fitted parameters, the fit checks, the report.

:func:`fit_report` is what ``cfl calibrate`` prints, :func:`estimates` the
parameters' table the lab shows under an upload. Both speak the language in
use: plain words for the tables' columns and rows, numbers through
:mod:`.format`. (The twin's self-check: :mod:`.self_check`.)
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from ..calibration import Calibration
from ..i18n import N_, Labels, _, ngettext
from ..parameters import Scenario
from .format import currency_symbol, fixed, money, number, percent

MODELS = Labels(
    {"bgnbd": N_("BG/NBD (purchases)"), "gamma_gamma": N_("Gamma-Gamma (spend)")}
)
"""The two models by key, in a word each (the lab's table)."""

MODEL_TITLES = Labels(
    {
        "bgnbd": N_("BG/NBD: purchases and drop-out"),
        "gamma_gamma": N_("Gamma-Gamma: spend per purchase"),
    }
)
"""The two models by key, as the report's headings."""

COLUMNS = Labels(
    {
        "model": N_("model"),
        "parameter": N_("parameter"),
        "estimate": N_("estimate"),
        "standard_error": N_("standard error"),
        "low": N_("lower bound"),
        "high": N_("upper bound"),
        "actual": N_("actual"),
        "expected": N_("expected"),
        "predicted": N_("predicted"),
        "customers": N_("customers"),
        "repeat_purchases": N_("repeat purchases"),
    }
)
"""The columns of the fit's tables in plain words."""

ROWS = Labels(
    {
        "total": N_("total"),
        "mean_spend": N_("mean spend"),
        "spend_cv": N_("variation of spend (coefficient)"),
    }
)
"""Rows of the fit's tables that are words, not numbers of purchases."""

PARAMETERS = Labels({"alpha": "α", "rate": N_("rate")})
"""Parameters whose name is a word: the Greek letter, or the word translated."""

TIME_UNITS = Labels({"day": N_("day"), "week": N_("week"), "month": N_("month")})
"""The calibration's time units as people read them."""


def _parameter(name: str) -> str:
    return PARAMETERS.get(name, name)


def estimates(table: pd.DataFrame) -> pd.DataFrame:
    """The fitted parameters' table with its words in the language in use."""
    shown = table.assign(
        model=table["model"].map(lambda m: MODELS.get(m, m)),
        parameter=table["parameter"].map(_parameter),
    )
    return shown.rename(columns=dict(COLUMNS))


def _shown(table: pd.DataFrame, cell: dict[str, Callable[[float], str]]) -> str:
    """A table as text: its words translated, each column's numbers by ``cell``."""
    frame = pd.DataFrame(
        {COLUMNS[c]: [cell[c](v) for v in table[c]] for c in table.columns},
        index=pd.Index(
            [ROWS.get(str(k), str(k)) for k in table.index],
            name=COLUMNS.get(table.index.name),
        ),
    )
    return frame.to_string()


def parameter_text(cal: Calibration, model: str, confidence: float) -> str:
    """One model's parameters: estimate, standard error, interval, as text."""
    table = cal.parameters(confidence)
    table = table[table["model"] == model]
    interval = _("{confidence} interval").format(confidence=_percent(confidence))
    frame = pd.DataFrame(
        {
            COLUMNS["parameter"]: [_parameter(p) for p in table["parameter"]],
            COLUMNS["estimate"]: [number(v, 4) for v in table["estimate"]],
            COLUMNS["standard_error"]: [number(v, 4) for v in table["standard_error"]],
            interval: [
                _("{low} to {high}").format(low=number(lo, 4), high=number(hi, 4))
                for lo, hi in zip(table["low"], table["high"], strict=True)
            ],
        }
    )
    return frame.to_string(index=False)


def _percent(share: float) -> str:
    """A confidence level: 95%, or 97.5% (a decimal only where it has one)."""
    whole = abs(share * 100 - round(share * 100)) < 1e-9
    return percent(share, 0 if whole else 1)


def _whole(x: float) -> str:
    return number(round(x))


def fit_report(
    cal: Calibration, confidence: float, scenario: Scenario, arrivals: str
) -> str:
    """The calibration as text: parameters, fit checks, the scenario's numbers.

    Parameters
    ----------
    cal
        The calibration.
    confidence
        Confidence level of the parameters' intervals.
    scenario
        Today's business as a scenario (its customers' numbers are told).
    arrivals
        Why new customers come at the rate they do, one sentence.
    """
    lines = [
        ngettext(
            "calibrated on {count} customer who bought from {start} to {until}; "
            "time unit: {unit}",
            "calibrated on {count} customers who bought from {start} to {until}; "
            "time unit: {unit}",
            cal.customers,
        ).format(
            count=number(cal.customers),
            start=cal.start.date(),
            until=cal.until.date(),
            unit=TIME_UNITS.get(cal.unit, cal.unit),
        ),
        "",
    ]
    weak = cal.weakness()
    if weak:
        lines += [
            _("warning: weak fit: {reason}; treat what follows with care").format(
                reason=weak
            ),
            "",
        ]
    fitted = set(cal.parameters(confidence)["model"])
    for model, title in MODEL_TITLES.items():
        if model not in fitted:
            lines += [
                _("{model}: not fitted (fewer than 2 repeat buyers)").format(
                    model=title
                ),
                "",
            ]
            continue
        lines += [title, parameter_text(cal, model, confidence)]
        if model == "bgnbd" and cal.purchases.note:
            lines.append(_("limit: {note}").format(note=cal.purchases.note))
        if not getattr(cal, model).well_determined:
            lines.append(
                _(
                    "warning: the data do not pin these parameters down (too few "
                    "customers or repeat purchases); treat them with care"
                )
            )
        lines.append("")
    lines += _checks(cal)
    lines += _as_scenario(cal, scenario)
    lines.append(arrivals)
    return "\n".join(lines)


def _checks(cal: Calibration) -> list[str]:
    """The fit checks: repeat purchases, spend, the holdout (each a table)."""
    lines = [
        _("fit check: customers by repeat purchases in the calibration period"),
        _shown(cal.repeat_histogram(), {"actual": _whole, "expected": _one}),
        "",
    ]
    spend = cal.spend_check()
    if spend is not None:
        cells = {"actual": _three, "model": _three}
        lines += [_("spend of repeat buyers"), _shown(spend, cells), ""]
    if cal.holdout is not None:
        cells = {"customers": _whole, "actual": _three, "predicted": _three}
        lines += [
            _("holdout: purchases per customer after the calibration period"),
            _shown(cal.holdout, cells),
            "",
        ]
    return lines


def _one(x: float) -> str:
    return fixed(x, 1)


def _three(x: float) -> str:
    return fixed(x, 3)


def _as_scenario(cal: Calibration, scenario: Scenario) -> list[str]:
    """The scenario the fit makes: its customers, visits, spend and drop-out."""
    c, currency = scenario.customers, scenario.economics.currency
    lines = [
        ngettext(
            "as a scenario: your {count} customer from the day after {until}, "
            "{active} of them expected still active; {visits} visits a month on "
            "average while active, spend {spend} a visit on average (the file's "
            "amounts as they are; wages and other costs are the default "
            "business's, in {currency} too)",
            "as a scenario: your {count} customers from the day after {until}, "
            "{active} of them expected still active; {visits} visits a month on "
            "average while active, spend {spend} a visit on average (the file's "
            "amounts as they are; wages and other costs are the default "
            "business's, in {currency} too)",
            cal.customers,
        ).format(
            count=number(cal.customers),
            until=cal.until.date(),
            active=_whole(cal.expected_active()),
            visits=number(c.visits_regular),
            spend=money(c.spend_mean, currency),
            currency=currency_symbol(currency),
        )
    ]
    drop = _("drop-out: {chance} chance after a purchase on average").format(
        chance=number(cal.model.mean_drop)
    )
    if c.service_feedback and cal.model.drops_out:
        drop += _(
            "; at the business's own service mix that is {low} after a low "
            "visit, {standard} after a standard one and {wow} after a WOW one"
        ).format(
            low=number(c.leave_after_low),
            standard=number(c.leave_after_standard),
            wow=number(c.leave_after_wow),
        )
    return [*lines, drop]
