"""Transactions in, recency / frequency / monetary summary out.

A transactions file is delimited text with a header row and one row per
purchase. :func:`read_transactions` reads it and checks it; any problem is a
:class:`CalibrationError` whose one-line message names the row and the
column. :func:`rfm_summary` turns purchases into one row per customer, the
input of the BG/NBD and Gamma-Gamma models:

* several rows of one customer on one day are one purchase occasion, with
  the amounts summed;
* ``frequency`` is the number of *repeat* occasions up to the end of the
  calibration period, ``recency`` the time from the first to the last
  occasion, ``T`` the time from the first occasion to the end of the period,
  all in the chosen unit (a week is 7 days, a month 30.4375 days);
* ``monetary`` is the mean amount of the repeat occasions (the first one is
  left out, as in Fader, Hardie & Lee 2005, "RFM and CLV").
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from ..i18n import _
from ..present.format import number
from .formats import (
    FIRST_DAY,
    LARGEST_AMOUNT,
    LAST_DAY,
    SEPARATORS,
    CalibrationError,
    check_date_format,
    check_day,
    check_separator,
    header_names,
    refuse_rows,
)

UNITS: dict[str, float] = {"day": 1.0, "week": 7.0, "month": 30.4375}
"""Length of each time unit of the calibration, in days."""


def _decode(raw: bytes) -> str:
    """The bytes as UTF-8 text, or an error naming the line and byte."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        start = raw.rfind(b"\n", 0, err.start) + 1
        raise CalibrationError(
            _(
                "row {row}, byte {byte}: the file is not UTF-8 text (byte {code}); "
                "save it as UTF-8 and try again"
            ).format(
                row=line, byte=err.start - start + 1, code=f"0x{raw[err.start]:02x}"
            )
        ) from None


def detect_separator(header: str) -> str:
    """The separator of a header line: tab, semicolon, comma, else whitespace.

    Examples
    --------
    >>> detect_separator("id;date;amount"), detect_separator("id date amount")
    (';', '\\\\s+')
    """
    for sep in SEPARATORS:
        if sep in header:
            return sep
    return r"\s+"


def read_transactions(
    source: str | Path | bytes,
    customer: str,
    date: str,
    amount: str,
    *,
    sep: str | None = None,
    date_format: str | None = None,
    progress: Callable[[str], None] | None = None,
) -> pd.DataFrame:
    """Read and check a transactions file.

    Parameters
    ----------
    source
        A path, or the file's bytes (an upload).
    customer, date, amount
        Names of the columns with the customer id, the date and the amount.
    sep
        Separator; None detects tab, semicolon, comma or whitespace.
    date_format
        A :func:`~datetime.datetime.strptime` format; None accepts
        ``YYYY-MM-DD`` and ``YYYYMMDD``.
    progress
        Told the name of each stage as it starts (for a progress display).

    Returns
    -------
    pandas.DataFrame
        Columns ``customer`` (text), ``date`` (day) and ``amount`` (float), one
        row per row of the file.

    Raises
    ------
    CalibrationError
        Not UTF-8, empty, a missing column, an empty id, a date or amount
        that cannot be read or is out of range, a negative amount, or every
        purchase on one day.
    """
    tell = progress or (lambda stage: None)
    tell(_("reading"))
    if date_format is not None:
        check_date_format(date_format)
    if isinstance(source, bytes | bytearray):
        raw, name = bytes(source), _("the uploaded file")
    else:
        try:
            raw, name = Path(source).read_bytes(), str(source)
        except OSError as err:
            raise CalibrationError(
                _("cannot read {path!r}: {reason}").format(
                    path=str(source), reason=err.strerror
                )
            ) from None
    text = _decode(raw)
    if not text.strip():
        raise CalibrationError(
            _("{file}: the file is empty (no header, no rows)").format(file=name)
        )
    header = text.lstrip("\r\n").splitlines()[0]
    given = sep
    sep = detect_separator(header) if sep is None else check_separator(sep)
    if given is not None and sep != r"\s+" and sep not in header:
        raise CalibrationError(
            _(
                "separator {sep!r} (--sep) does not occur in row 1 (header) "
                "{header!r}; the header seems to use {found}"
            ).format(
                sep=given,
                header=header[:60],
                found=SEPARATORS.get(detect_separator(header), _("spaces")),
            )
        )
    wanted = [customer, date, amount]
    try:
        names = header_names(header, sep)
    except csv.Error as err:
        raise CalibrationError(
            _("row 1 (header): cannot read it: {reason}").format(reason=err)
        ) from None
    for column in dict.fromkeys(wanted):
        if column not in names:
            raise CalibrationError(
                _(
                    "row 1 (header): column {name!r} not found; the columns are {names}"
                ).format(name=column, names=", ".join(repr(n) for n in names))
            )
    try:
        frame = pd.read_csv(
            io.StringIO(text),
            sep=sep,
            usecols=list(dict.fromkeys(wanted)),
            dtype=str,
            keep_default_na=False,
            skipinitialspace=True,
        )
    except (pd.errors.ParserError, ValueError) as err:
        raise CalibrationError(
            _("{file}: cannot read the table: {reason}").format(file=name, reason=err)
        ) from None
    if frame.empty:
        raise CalibrationError(
            _("{file}: the file has a header but no rows").format(file=name)
        )
    rows = np.arange(len(frame)) + 2  # line numbers: the header is row 1
    ids = frame[customer].str.strip()
    refuse_rows(ids == "", rows, customer, ids, _("no customer id"))
    tell(_("checking dates"))
    days = parse_dates(frame[date].str.strip(), date_format)
    refuse_rows(
        days.isna(),
        rows,
        date,
        frame[date],
        _("cannot read {value!r} as a date (expected {format}; set --date-format)"),
        format=repr(date_format) if date_format else _("YYYY-MM-DD or YYYYMMDD"),
    )
    refuse_rows(
        (days < FIRST_DAY) | (days > LAST_DAY),
        rows,
        date,
        frame[date],
        _(
            "date {value!r} is outside {first} to {last} (a typing error or a "
            "placeholder?)"
        ),
        first=FIRST_DAY.date(),
        last=LAST_DAY.date(),
    )
    if days.nunique() == 1:
        raise CalibrationError(
            _(
                "column {name!r}: every purchase is on {day}; a fit needs purchases "
                "on different days"
            ).format(name=date, day=days.iloc[0].date())
        )
    tell(_("checking amounts"))
    values = pd.to_numeric(frame[amount].str.strip(), errors="coerce")
    refuse_rows(
        values.isna() | ~np.isfinite(values),
        rows,
        amount,
        frame[amount],
        _("cannot read {value!r} as an amount"),
    )
    refuse_rows(
        values < 0,
        rows,
        amount,
        frame[amount],
        _("negative amount {value!r} (leave refunds out of the file)"),
    )
    refuse_rows(
        values > LARGEST_AMOUNT,
        rows,
        amount,
        frame[amount],
        _("amount {value!r} is above {most}, the most one purchase may be"),
        most=number(LARGEST_AMOUNT),
    )
    return pd.DataFrame(
        {"customer": ids.to_numpy(), "date": days.to_numpy(), "amount": values}
    )


def parse_dates(text: pd.Series, date_format: str | None = None) -> pd.Series:
    """Dates as days (NaT where unreadable).

    Examples
    --------
    >>> parse_dates(pd.Series(["2026-01-31", "20260201", "31/01"])).tolist()
    [Timestamp('2026-01-31 00:00:00'), Timestamp('2026-02-01 00:00:00'), NaT]
    """
    if date_format is not None:
        days = pd.to_datetime(
            text, format=check_date_format(date_format), errors="coerce"
        )
    else:
        days = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce")
        missing = days.isna()
        if missing.any():
            days[missing] = pd.to_datetime(
                text[missing], format="%Y%m%d", errors="coerce"
            )
    return days.dt.normalize()


def occasions(transactions: pd.DataFrame) -> pd.DataFrame:
    """Purchase occasions: a customer's rows on one day merged, amounts summed."""
    return transactions.groupby(["customer", "date"], sort=True, as_index=False)[
        "amount"
    ].sum()


def rfm_summary(
    transactions: pd.DataFrame,
    until: pd.Timestamp | str | None = None,
    unit: str = "week",
) -> pd.DataFrame:
    """One row per customer: frequency, recency, T and monetary value.

    Parameters
    ----------
    transactions
        Purchases, as :func:`read_transactions` returns them.
    until
        Last day of the calibration period (included); None: the last date.
    unit
        ``"day"``, ``"week"`` or ``"month"``.

    Returns
    -------
    pandas.DataFrame
        Indexed by customer: ``frequency`` (repeat occasions), ``recency``,
        ``T``, ``monetary`` (mean repeat amount, 0 without repeats) and
        ``first`` (date of the first purchase).

    Examples
    --------
    >>> t = pd.DataFrame({"customer": ["a", "a", "a", "b"],
    ...     "date": pd.to_datetime(["2026-01-01", "2026-01-01", "2026-01-15",
    ...                             "2026-01-08"]),
    ...     "amount": [10.0, 5.0, 20.0, 7.0]})
    >>> rfm_summary(t, "2026-01-29")[["frequency", "recency", "T", "monetary"]]
              frequency  recency    T  monetary
    customer
    a                 1      2.0  4.0      20.0
    b                 0      0.0  3.0       0.0
    """
    if unit not in UNITS:
        raise CalibrationError(
            _("unit {unit!r}: choose one of {units}").format(
                unit=unit, units=", ".join(UNITS)
            )
        )
    end = transactions["date"].max() if until is None else pd.Timestamp(until)
    check_day(_("the end of the calibration period"), end)
    visits = occasions(transactions[transactions["date"] <= end])
    if visits.empty:
        raise CalibrationError(
            _("no purchases on or before {day}").format(day=end.date())
        )
    if visits["date"].nunique() == 1:
        raise CalibrationError(
            _(
                "every purchase up to {end} is on {day}; a fit needs purchases on "
                "different days"
            ).format(end=end.date(), day=visits["date"].iloc[0].date())
        )
    grouped = visits.groupby("customer", sort=True)
    first = grouped["date"].min()
    last = grouped["date"].max()
    count = grouped["date"].size()
    total = grouped["amount"].sum()
    first_amount = grouped["amount"].first()  # rows are sorted by date
    days = UNITS[unit]
    frequency = count - 1
    repeat = (total - first_amount).where(frequency > 0, 0.0)
    summary = pd.DataFrame(
        {
            "frequency": frequency.astype(int),
            "recency": (last - first).dt.days / days,
            "T": (end - first).dt.days / days,
            "monetary": (repeat / frequency.where(frequency > 0, 1)).astype(float),
            "first": first,
        }
    )
    if len(summary) < 2:
        raise CalibrationError(
            _(
                "only one customer ({name!r}) bought by {day}: calibration needs "
                "many customers"
            ).format(name=summary.index[0], day=end.date())
        )
    return summary


def holdout_counts(
    transactions: pd.DataFrame, customers: pd.Index, until: str, holdout_until: str
) -> pd.Series:
    """Purchase occasions of each calibrated customer after ``until``.

    Counts the occasions from the day after ``until`` to ``holdout_until``
    (included), for the customers of the calibration period (0 if none).
    """
    start, end = pd.Timestamp(until), pd.Timestamp(holdout_until)
    if end <= start:
        raise CalibrationError(
            _("--holdout-until {end} must be after --until {start}").format(
                end=end.date(), start=start.date()
            )
        )
    dates = transactions["date"]
    later = occasions(transactions[(dates > start) & (dates <= end)])
    counts = later.groupby("customer").size()
    return counts.reindex(customers, fill_value=0).astype(int)
