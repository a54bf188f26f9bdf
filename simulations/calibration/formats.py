"""What a transactions file may hold: separators, date formats, dates, amounts.

Each check raises :class:`CalibrationError` with a one-line message naming
the value and what is allowed; :func:`refuse_rows` adds the row and column.
"""

from __future__ import annotations

import csv
import re

import numpy as np
import pandas as pd

from ..i18n import N_, Labels, _
from ..parameters import Customers
from ..parameters.rows import refuse_rows as refuse


class CalibrationError(ValueError):
    """Input that cannot be calibrated; the message names the row and column."""


SEPARATORS = Labels({"\t": N_("tab"), ";": N_("semicolon"), ",": N_("comma")})
"""Separators detected in a header, with their names (in the language in use)."""

NAMED_SEPARATORS: dict[str, str] = {
    "tab": "\t",
    "\\t": "\t",
    "space": r"\s+",
    "whitespace": r"\s+",
}
"""Separators given by name (the regular expression ``\\s+``: any run of
spaces and tabs)."""

FIRST_DAY = pd.Timestamp("1900-01-01")
LAST_DAY = pd.Timestamp("2199-12-31")
"""The dates a purchase may have: a date outside is a typing error or a
placeholder (such as 9999-12-31), and one such date would move the end of the
calibration period or a customer's first purchase by centuries."""

LARGEST_AMOUNT = next(
    r["high"] for r in Customers.describe() if r["name"] == "spend_mean"
)
"""The largest amount of one purchase: the simulator's largest mean spend."""


def check_separator(sep: str) -> str:
    """A separator given by the user: one character, or ``tab`` or ``space``.

    Returns the separator as :func:`pandas.read_csv` takes it.

    Examples
    --------
    >>> check_separator(";"), check_separator("tab"), check_separator("(")
    (';', '\\t', '(')
    """
    if sep in NAMED_SEPARATORS:
        return NAMED_SEPARATORS[sep]
    if len(sep) != 1 or sep in '\r\n"':
        raise CalibrationError(
            _(
                "separator {sep!r}: expected one character (such as , or ;), "
                "'tab' or 'space'"
            ).format(sep=sep[:20])
        )
    return sep


def check_date_format(date_format: str) -> str:
    """A :func:`~datetime.datetime.strptime` format that pandas can use.

    Examples
    --------
    >>> check_date_format("%d.%m.%Y")
    '%d.%m.%Y'
    """
    try:
        pd.to_datetime(pd.Series(["2026-01-01"]), format=date_format, errors="coerce")
    except ValueError as err:
        raise CalibrationError(
            _(
                "date format {format!r}: {reason}; expected a strptime format "
                "such as %d.%m.%Y or %Y-%m-%d"
            ).format(format=date_format[:40], reason=err)
        ) from None
    return date_format


def check_day(what: str, day: pd.Timestamp) -> pd.Timestamp:
    """Refuse a day outside :data:`FIRST_DAY` to :data:`LAST_DAY`."""
    if not FIRST_DAY <= day <= LAST_DAY:
        raise CalibrationError(
            _(
                "{what} {day} is outside the dates a purchase may have, "
                "{first} to {last}"
            ).format(
                what=what, day=day.date(), first=FIRST_DAY.date(), last=LAST_DAY.date()
            )
        )
    return day


def header_names(header: str, sep: str) -> list[str]:
    """The column names of a header line; quoted names lose their quotes."""
    if sep == r"\s+":
        names = re.split(sep, header.strip())
    else:
        names = next(csv.reader([header], delimiter=sep, skipinitialspace=True))
    return [n.strip().strip('"').strip() for n in names]


def refuse_rows(
    bad: pd.Series,
    rows: np.ndarray,
    column: str,
    values: pd.Series,
    what: str,
    **more_fields: object,
) -> None:
    """Raise a :class:`CalibrationError` on the first bad row, naming row and column.

    ``what`` may name the bad value ``{value}`` and ``more_fields``.
    """
    refuse(bad, rows, column, values, what, error=CalibrationError, **more_fields)
