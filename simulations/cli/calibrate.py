"""``cfl calibrate``: fit customer behaviour from a CRM export.

Reads a transactions file, fits BG/NBD and Gamma-Gamma, prints the
parameters with standard errors and the fit checks, and optionally writes
them (``-o``: CSV and PNG) and the business as a scenario (``--save``).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from ..calibration import UNITS, Calibration, CalibrationError, calibrate_file
from ..calibration.formats import check_date_format, check_day, check_separator
from ..files import atomic_text, atomic_write
from .common import UserError, output_folder
from .output import save_figure, stages

MODEL_TITLES = {
    "bgnbd": "BG/NBD: purchases and drop-out",
    "gamma_gamma": "Gamma-Gamma: spend per purchase",
}


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Add the ``calibrate`` command to the sub-parsers of ``cfl``."""
    p = sub.add_parser(
        "calibrate",
        help="fit customer behaviour (BG/NBD, Gamma-Gamma) from a transactions file",
        description="Fit BG/NBD and Gamma-Gamma to a CRM export (one row per "
        "purchase) and turn the fit into a scenario of the simulator.",
    )
    p.add_argument("file", help="transactions: delimited text with a header row")
    p.add_argument("--customer", required=True, metavar="COL", help="customer id")
    p.add_argument("--date", required=True, metavar="COL", help="purchase date")
    p.add_argument("--amount", required=True, metavar="COL", help="amount paid")
    p.add_argument(
        "--until",
        default=None,
        metavar="DATE",
        help="last day of the calibration period (default: the last date)",
    )
    p.add_argument(
        "--holdout-until",
        default=None,
        metavar="DATE",
        help="check the forecast on the purchases after --until up to this day",
    )
    p.add_argument(
        "--unit", choices=tuple(UNITS), default="week", help="time unit (week)"
    )
    p.add_argument(
        "--sep",
        default=None,
        type=_checked(check_separator, keep=True),
        help="separator: ',', ';', tab or space (default: detected)",
    )
    p.add_argument(
        "--date-format",
        default=None,
        type=_checked(check_date_format),
        metavar="FORMAT",
        help="strptime format, e.g. %%d.%%m.%%Y (default YYYY-MM-DD or YYYYMMDD)",
    )
    p.add_argument("--json", action="store_true", help="print only JSON")
    p.add_argument(
        "--save", default=None, metavar="SCENARIO.toml", help="write the scenario"
    )
    p.add_argument("--name", default="today's business", help="scenario name")
    p.add_argument(
        "--confidence",
        type=float,
        default=0.95,
        help="confidence level of intervals (default 0.95)",
    )
    p.add_argument("-o", "--out", default=None, help="write CSV and PNG here")
    p.set_defaults(func=cmd_calibrate)


def cmd_calibrate(args: argparse.Namespace) -> int:
    """Calibrate, print, write what was asked for."""
    for option, value in (
        ("--until", args.until),
        ("--holdout-until", args.holdout_until),
    ):
        if value is not None:
            _date(option, value)
    if args.holdout_until is not None and args.until is None:
        raise UserError("--holdout-until needs --until (the end of calibration)")
    try:
        with stages(f"calibrating {Path(args.file).name}") as stage:
            cal = calibrate_file(
                args.file,
                args.customer,
                args.date,
                args.amount,
                until=args.until,
                holdout_until=args.holdout_until,
                unit=args.unit,
                sep=args.sep,
                date_format=args.date_format,
                progress=stage,
            )
    except CalibrationError as err:
        raise UserError(f"{args.file}: {err}") from None
    say = sys.stderr if args.json else sys.stdout
    if args.json:
        print(json.dumps(cal.to_json(), indent=2))
    else:
        print(report(cal, args.confidence))
    if args.save:
        scenario = cal.scenario(name=args.name)
        try:
            scenario.to_toml(args.save)
        except OSError as err:
            raise UserError(f"cannot write {args.save!r}: {err.strerror}") from None
        print(f"scenario {scenario.name!r} written to {args.save}", file=say)
    if args.out:
        folder = output_folder(args.out)
        write_outputs(folder, cal, args.confidence)
        print(f"results written to {folder}", file=say)
    return 0


def _date(option: str, text: str) -> pd.Timestamp:
    """A date given on the command line, in the range a purchase may have."""
    try:
        day = pd.Timestamp(text)
    except ValueError:
        raise UserError(f"{option} {text!r}: expected a date like 2026-03-31") from None
    try:
        return check_day(option, day)
    except CalibrationError as err:
        raise UserError(str(err)) from None


def _checked(check: Callable[[str], str], keep: bool = False) -> Callable[[str], str]:
    """An option's value checked as it is parsed (bad: one line naming it)."""

    def parse(text: str) -> str:
        try:
            value = check(text)
        except CalibrationError as err:
            raise argparse.ArgumentTypeError(str(err)) from None
        return text if keep else value

    return parse


def parameter_table(cal: Calibration, confidence: float) -> pd.DataFrame:
    """Estimates with standard errors and intervals, for printing."""
    table = cal.parameters(confidence)
    label = f"{confidence:.0%} interval"
    table[label] = [
        f"{low:.4g} .. {high:.4g}"
        for low, high in zip(table["low"], table["high"], strict=True)
    ]
    return table.drop(columns=["low", "high"])


def report(cal: Calibration, confidence: float) -> str:
    """The calibration as text: parameters, fit checks, the scenario's numbers."""
    lines = [
        f"calibrated on {cal.customers} customers who bought from "
        f"{cal.start.date()} to {cal.until.date()}; time unit: {cal.unit}",
        "",
    ]
    table = parameter_table(cal, confidence)
    for model, title in MODEL_TITLES.items():
        part = table[table["model"] == model].drop(columns="model")
        if part.empty:
            lines += [f"{title}: not fitted (fewer than 2 repeat buyers)", ""]
            continue
        lines += [title, part.to_string(index=False, float_format="{:.4g}".format)]
        if not getattr(cal, model).well_determined:
            lines.append(
                "warning: the data do not pin these parameters down (too few "
                "customers or repeat purchases); treat them with care"
            )
        lines.append("")
    lines += [
        "fit check: customers by repeat purchases in the calibration period",
        cal.repeat_histogram().round(1).to_string(),
        "",
    ]
    spend = cal.spend_check()
    if spend is not None:
        lines += ["spend of repeat buyers", spend.round(3).to_string(), ""]
    if cal.holdout is not None:
        lines += [
            "holdout: purchases per customer after the calibration period",
            cal.holdout.round(3).to_string(),
            "",
        ]
    scenario = cal.scenario()
    c = scenario.customers
    lines.append(
        f"as a scenario: {c.initial_customers} active customers, "
        f"{scenario.attraction.prospects_per_day:.3g} new a day, "
        f"{c.visits_regular:.3g} visits a month on average, "
        f"{c.leave_after_standard:.3g} chance of leaving after a visit, "
        f"spend {c.spend_mean:.4g} a visit on average"
    )
    return "\n".join(lines)


def write_outputs(folder: Path, cal: Calibration, confidence: float) -> list[Path]:
    """CSV of the parameters and checks, PNG of the checks; return the paths."""
    written = []
    tables = {
        "parameters": cal.parameters(confidence).set_index(["model", "parameter"]),
        "repeat_histogram": cal.repeat_histogram(),
        "rfm_summary": cal.summary,
    }
    if cal.spend_check() is not None:
        tables["spend_check"] = cal.spend_check()
    if cal.holdout is not None:
        tables["holdout"] = cal.holdout
    for name, table in tables.items():
        written.append(atomic_write(folder / f"calibration_{name}.csv", table.to_csv))
    path = folder / "calibration.json"
    written.append(atomic_text(path, json.dumps(cal.to_json(), indent=2)))
    written += save_check_plots(folder, cal)
    return written


def save_check_plots(folder: Path, cal: Calibration) -> list[Path]:
    """Bar charts: expected vs actual repeat purchases, and the holdout."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    written = []
    charts = {"repeat_histogram": (cal.repeat_histogram(), ["actual", "expected"])}
    if cal.holdout is not None:
        charts["holdout"] = (cal.holdout.drop(index="total"), ["actual", "predicted"])
    titles = {
        "repeat_histogram": "Customers by repeat purchases: actual vs BG/NBD",
        "holdout": "Purchases per customer in the holdout: actual vs predicted",
    }
    for name, (table, columns) in charts.items():
        fig, ax = plt.subplots(figsize=(7, 4))
        table[columns].plot.bar(ax=ax, rot=0)
        ax.set_title(titles[name])
        ax.set_xlabel("repeat purchases in the calibration period")
        fig.tight_layout()
        written.append(save_figure(fig, folder / f"calibration_{name}.png"))
    plt.close("all")
    return written
