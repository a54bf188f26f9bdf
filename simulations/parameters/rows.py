"""Refusing a bad row of a file: the first one, by row and column, in plain words.

A customers file of "today's business" (:mod:`.twin`) and a CRM export to
calibrate from (:mod:`simulations.calibration`) are both checked column by
column; each check that fails names the first bad row, its column and its
value, and how many more rows are bad, in the reader's language.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from babel.numbers import format_decimal

from ..i18n import _, get_language, ngettext
from .schema import ParameterError


def refuse_rows(
    bad: pd.Series | np.ndarray,
    rows: np.ndarray,
    column: str,
    values: pd.Series,
    what: str,
    *,
    error: type[ValueError] = ParameterError,
    origin: str = "",
    **fields: object,
) -> None:
    """Raise ``error`` on the first bad row, naming the row and the column.

    Parameters
    ----------
    bad
        True for each bad row.
    rows
        The row number a person sees in the file, for each row.
    column, values
        The column's name and its values as read.
    what
        What is wrong, translated; it may name the bad value ``{value}`` and
        ``fields``.
    error
        The exception to raise.
    origin
        Which file, put in front of the message (empty: none).

    Examples
    --------
    >>> try:
    ...     refuse_rows(
    ...         pd.Series([False, True, True]),
    ...         np.array([2, 3, 4]),
    ...         "x",
    ...         pd.Series(["1", "-2", "-3"]),
    ...         "{value!r} is not a number >= 0",
    ...         origin="c.csv",
    ...     )
    ... except ParameterError as error:
    ...     print(error)
    c.csv: row 3, column 'x': '-2' is not a number >= 0 (and 1 more row)
    """
    mask = np.asarray(bad, dtype=bool)
    if not mask.any():
        return
    i = int(np.argmax(mask))
    count = int(mask.sum())
    more = ""
    if count > 1:
        shown = format_decimal(count - 1, format="#,##0", locale=get_language())
        more = ngettext(
            " (and {count} more row)", " (and {count} more rows)", count - 1
        ).format(count=shown)
    message = what.format(value=values.iloc[i], **fields)
    text = _("row {row}, column {name!r}: {message}").format(
        row=rows[i], name=column, message=message
    )
    raise error(f"{origin}: {text}{more}" if origin else text + more)
