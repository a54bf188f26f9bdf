"""``cfl calibrate``: fit customer behaviour from a CRM export.

Reads a transactions file, fits BG/NBD and Gamma-Gamma, prints the
parameters with standard errors and the fit checks, and optionally writes
them (``-o``: CSV and PNG), the business as a scenario with its customers
(``--save``) and the twin's self-check (``--check``). A fit that cannot be
trusted stops with exit status 3 and one line, unless ``--accept-weak-fit``.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from ..calibration import UNITS, Calibration, CalibrationError, calibrate_file
from ..calibration.arrivals import WINDOW_WEEKS, check_choice, check_window
from ..calibration.check import REPLICATIONS, self_check
from ..calibration.formats import check_date_format, check_day, check_separator
from ..files import atomic_text, atomic_write
from ..i18n import _
from ..parameters import ParameterError, Scenario
from ..present.fit import COLUMNS, fit_report
from ..present.self_check import check_text, tracking_figure
from .common import UserError, output_folder
from .output import save_figure, stages

WEAK_FIT = 3
"""Exit status of a fit that cannot be trusted."""


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
        "--save",
        default=None,
        metavar="SCENARIO.toml",
        help="write the scenario and its customers (beside it, SCENARIO.customers.csv)",
    )
    p.add_argument(
        "--check",
        action="store_true",
        help="simulate today's business against the data (and the holdout) and "
        "write the tracking plot to -o (default results/calibrate)",
    )
    p.add_argument(
        "--replications",
        type=_checked(_replications),
        default=REPLICATIONS,
        help=f"simulations of each period for --check (default {REPLICATIONS})",
    )
    p.add_argument(
        "--new-customers",
        default="recent",
        type=_checked(check_choice),
        metavar="recent|none|N",
        help="new customers a day: as in the last --arrivals-window weeks "
        "(recent, the default), none, or N a day",
    )
    p.add_argument(
        "--arrivals-window",
        type=_checked(_weeks),
        default=WINDOW_WEEKS,
        metavar="WEEKS",
        help=f"weeks before --until that 'recent' counts (default {WINDOW_WEEKS:g})",
    )
    p.add_argument(
        "--currency",
        default=None,
        type=_checked(_currency),
        metavar="CODE",
        help="currency of the file's amounts, an ISO 4217 code (default RUB); the "
        "scenario keeps the amounts as they are",
    )
    p.add_argument(
        "--accept-weak-fit",
        action="store_true",
        help="go on when the data do not pin the models down (else exit status 3)",
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
        raise UserError(_("--holdout-until needs --until (the end of calibration)"))
    try:
        what = _("calibrating {file}").format(file=Path(args.file).name)
        with stages(what) as stage:
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
        raise UserError(
            _("{file}: {reason}").format(file=args.file, reason=err)
        ) from None
    weak = cal.weakness()
    if weak and not args.accept_weak_fit:
        print(
            _(
                "cfl: weak fit: {reason}; the simulator would rest on guesses "
                "(--accept-weak-fit to go on)"
            ).format(reason=weak),
            file=sys.stderr,
        )
        return WEAK_FIT
    base = Scenario()
    if args.currency is not None:
        base.set(**{"economics.currency": args.currency})
    arrivals = cal.arrivals(args.new_customers, args.arrivals_window)
    scenario = cal.scenario(
        base,
        name=args.name,
        new_customers=args.new_customers,
        arrivals_window=args.arrivals_window,
    )
    check = self_check(cal, scenario, args.replications) if args.check else None
    say = sys.stderr if args.json else sys.stdout
    if args.json:
        data = cal.to_json() | {"new_customers": arrivals.per_day}
        data["check"] = check.to_json() if check else None
        print(json.dumps(data, indent=2))
    else:
        print(fit_report(cal, args.confidence, scenario, arrivals.reason))
        if check is not None:
            print("\n" + check_text(check))
    if args.save:
        try:
            scenario.to_toml(args.save)
        except OSError as err:
            raise UserError(
                _("cannot write {path!r}: {reason}").format(
                    path=args.save, reason=err.strerror
                )
            ) from None
        print(
            _("scenario {name!r} written to {path}, its customers to {table}").format(
                name=scenario.name,
                path=args.save,
                table=Path(args.save).with_name(scenario.twin.file),
            ),
            file=say,
        )
    if args.out or check is not None:
        folder = output_folder(args.out or "results/calibrate")
        write_outputs(folder, cal, args.confidence)
        if check is not None:
            save_figure(tracking_figure(check), folder / "calibration_tracking.png")
            text = json.dumps(check.to_json(), indent=2)
            atomic_text(folder / "calibration_check.json", text)
        print(_("results written to {folder}").format(folder=folder), file=say)
    return 0


def _date(option: str, text: str) -> pd.Timestamp:
    """A date given on the command line, in the range a purchase may have."""
    try:
        day = pd.Timestamp(text)
    except ValueError:
        raise UserError(
            _("{option} {text!r}: expected a date like 2026-03-31").format(
                option=option, text=text
            )
        ) from None
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


def _replications(text: str) -> int:
    """Simulations of each period of the check: a whole number, 1 to 1000."""
    try:
        count = int(text)
    except ValueError:
        count = 0
    if not 1 <= count <= 1000:
        raise CalibrationError(
            _("replications {text!r}: expected a whole number from 1 to 1000").format(
                text=text[:20]
            )
        )
    return count


def _weeks(text: str) -> float:
    """A number of weeks, above 0."""
    try:
        weeks = float(text)
    except ValueError:
        weeks = math.nan
    return check_window(weeks)


def _currency(text: str) -> str:
    """An ISO 4217 code, as ``economics.currency`` takes it."""
    code = text.strip().upper()
    try:
        Scenario().set(**{"economics.currency": code})
    except ParameterError:
        raise CalibrationError(
            _(
                "currency {text!r}: expected an ISO 4217 code such as RUB, EUR or USD"
            ).format(text=text[:20])
        ) from None
    return code


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
        "repeat_histogram": _("Customers by repeat purchases: actual vs BG/NBD"),
        "holdout": _("Purchases per customer in the holdout: actual vs predicted"),
    }
    for name, (table, columns) in charts.items():
        fig, ax = plt.subplots(figsize=(7, 4))
        table[columns].rename(columns=dict(COLUMNS)).plot.bar(ax=ax, rot=0)
        ax.set_title(titles[name])
        ax.set_xlabel(_("repeat purchases in the calibration period"))
        fig.tight_layout()
        written.append(save_figure(fig, folder / f"calibration_{name}.png"))
    plt.close("all")
    return written
