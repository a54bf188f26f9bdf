"""The customers of a CRM export, carried by a scenario ("today's business").

A calibrated scenario keeps each customer of the export with their history:
``x`` repeat purchases, the time ``t_x`` of the last one and the time ``T``
observed (both from their first purchase, in the fit's unit), the date of
their first purchase and the mean amount of their repeat purchases. With the
fitted BG/NBD and Gamma-Gamma parameters, that is all the model needs to
start each customer from their own posterior (``model/twin.py``).

In a TOML file the ``[twin]`` table names the customers file, which lies
beside the scenario (``today.toml`` and ``today.customers.csv``), and holds
the fit. ``customers_digest`` fingerprints the file, so that a file changed
after the scenario was saved is noticed rather than silently simulated.
"""

from __future__ import annotations

import functools
import hashlib
import io
import math
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..files import atomic_text
from ..i18n import _
from .rows import refuse_rows
from .schema import ParameterError, _short, _unknown, rejected

COLUMNS: tuple[str, ...] = ("id", "x", "t_x", "T", "first_purchase", "mean_spend")
"""Columns of a customers file, in order."""

STARTS: tuple[str, ...] = ("today", "first_purchase")
"""How a twin's run starts: every customer as they stand on the last day of
the data, or every customer at their first purchase, a fresh draw from the
fitted population (to re-simulate the period the fit came from)."""

UNITS: dict[str, float] = {"day": 1.0, "week": 7.0, "month": 30.4375}
"""Length of each time unit of a fit, in days."""

PURCHASE_KEYS = ("r", "alpha", "a", "b")
SPEND_KEYS = ("p", "q", "v")


def _refused(name: str, value: Any, allowed: str) -> ParameterError:
    """``twin.<name> = <value> is not allowed; must be <allowed>``, translated.

    The same words as every other parameter's refusal (:mod:`.schema`).
    """
    return rejected(
        "{name} = {value} is not allowed; must be {allowed}",
        name="twin." + name,
        value=_short(value),
        allowed=allowed,
    )


def _one_of(choices: Any) -> str:
    """``one of 'a', 'b'``, translated."""
    return _("one of {choices}").format(choices=", ".join(map(repr, choices)))


def _number(name: str, value: Any, allow_inf: bool = False) -> float:
    """A positive number of the fit (``inf`` where a limit allows it)."""
    if allow_inf:
        # TRANSLATORS: {inf} is "inf", as typed in a scenario file (b = inf:
        # nobody drops out; r = alpha = inf: one purchase rate for all).
        allowed = _("a number > 0 ({inf} for a limit)").format(inf="inf")
    else:
        allowed = _("a number") + " > 0"  # as the schema says it
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _refused(name, value, allowed)
    value = float(value)
    if math.isnan(value) or value <= 0.0 or (math.isinf(value) and not allow_inf):
        raise _refused(name, value, allowed)
    return value


@dataclass(frozen=True, eq=False)
class Twin:
    """The customers of an export and the fit they are simulated from.

    Attributes
    ----------
    customers
        One row per customer: :data:`COLUMNS` (``id`` text, ``x`` whole,
        ``t_x`` and ``T`` in ``unit``, ``first_purchase`` a date,
        ``mean_spend`` the mean of the repeat purchases, 0 without).
    unit
        Time unit of ``t_x``, ``T`` and the fit: day, week or month.
    start_date
        Calendar date of the run's first day: the day after the data end
        (``start = "today"``) or the first purchase in the data.
    purchases
        BG/NBD: ``r``, ``alpha``, ``a``, ``b`` (``b = inf``: nobody drops
        out; ``r = alpha = inf`` and ``rate``: one purchase rate for all).
    spend
        Gamma-Gamma ``p``, ``q``, ``v``; None: the scenario's own spend.
    start
        One of :data:`STARTS`.
    file
        Name of the customers file, beside the scenario file.
    """

    customers: pd.DataFrame
    unit: str
    start_date: str
    purchases: dict[str, float]
    spend: dict[str, float] | None = None
    start: str = "today"
    file: str = "customers.csv"

    def __post_init__(self) -> None:
        if self.unit not in UNITS:
            raise _refused("unit", self.unit, _one_of(UNITS))
        if self.start not in STARTS:
            raise _refused("start", self.start, _one_of(STARTS))
        try:
            pd.Timestamp(self.start_date)
        except (ValueError, TypeError):
            # TRANSLATORS: what must follow "must be" in "twin.start_date = …
            # is not allowed; must be …".
            date = _("a date like {example}").format(example="2026-01-01")
            raise _refused("start_date", self.start_date, date) from None
        for key in PURCHASE_KEYS:
            _number(key, self.purchases.get(key), allow_inf=key != "a")
        if math.isinf(self.purchases["r"]):
            _number("rate", self.purchases.get("rate"))
        if self.spend is not None:
            for key in SPEND_KEYS:
                _number(key, self.spend.get(key))
        if self.start == "first_purchase" and len(self.customers):
            first = self.customers["first_purchase"].min()
            if first < pd.Timestamp(self.start_date):
                raise rejected(
                    "{name} = {value} is not allowed with twin.start = "
                    "'first_purchase'; must be on or before the first purchase, "
                    "{first}",
                    name="twin.start_date",
                    value=_short(self.start_date),
                    first=first.date().isoformat(),
                )

    # ------------------------------------------------------------ reading
    @classmethod
    def table(cls, frame: pd.DataFrame, origin: str = "customers") -> pd.DataFrame:
        """Check a customers table and give it its types; refuse bad rows.

        Raises
        ------
        ParameterError
            A missing column, a repeated or empty id, a value that is not a
            number, ``x`` not whole or negative, ``t_x`` outside 0..``T``, a
            date that cannot be read, a negative mean spend. The message names
            the row (the header is row 1) and the column.
        """
        missing = [c for c in COLUMNS if c not in frame.columns]
        if missing:
            raise rejected(
                "{origin}: column {name!r} not found; a customers file has "
                "the columns {columns}",
                origin=origin,
                name=missing[0],
                columns=", ".join(COLUMNS),
            )
        rows = np.arange(len(frame)) + 2
        ids = frame["id"].astype(str).str.strip()
        refuse = functools.partial(refuse_rows, rows=rows, origin=origin)
        refuse(ids == "", column="id", values=ids, what=_("no customer id"))
        refuse(
            ids.duplicated(),
            column="id",
            values=ids,
            what=_("id {value!r} appears twice"),
        )
        out = {"id": ids.to_numpy(dtype=object)}
        for name in ("x", "t_x", "T", "mean_spend"):
            values = pd.to_numeric(frame[name], errors="coerce")
            bad = values.isna() | ~np.isfinite(values) | (values < 0)
            refuse(
                bad,
                column=name,
                values=frame[name],
                what=_("{value!r} is not a number >= 0"),
            )
            out[name] = values.to_numpy(float)
        whole = out["x"] != np.floor(out["x"])
        refuse(
            whole,
            column="x",
            values=frame["x"],
            what=_("{value!r} is not a whole number"),
        )
        late = out["t_x"] > out["T"]
        refuse(late, column="t_x", values=frame["t_x"], what=_("{value!r} is after T"))
        first = pd.to_datetime(frame["first_purchase"], errors="coerce", format="mixed")
        refuse(
            first.isna(),
            column="first_purchase",
            values=frame["first_purchase"],
            what=_("cannot read {value!r} as a date"),
        )
        out["x"] = out["x"].astype(np.int64)
        out["first_purchase"] = first.dt.normalize().to_numpy()
        return pd.DataFrame(out, columns=list(COLUMNS))

    @classmethod
    def from_dict(cls, data: dict[str, Any], folder: Path | None = None) -> Twin:
        """The ``[twin]`` table of a scenario file; the customers file is read.

        Parameters
        ----------
        data
            The table's keys (see :meth:`to_dict`).
        folder
            Folder of the scenario file (the customers file lies beside it);
            None refuses the table: text that came from elsewhere (an upload)
            may not name a file to read.
        """
        if not isinstance(data, dict):
            raise rejected("[{section}] must be a table of parameters", section="twin")
        known = {"customers_file", "customers_digest", "start_date", "start", "unit"}
        known |= set(PURCHASE_KEYS) | set(SPEND_KEYS) | {"rate"}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ParameterError(_unknown("twin", unknown[0], sorted(known)))
        name = data.get("customers_file")
        beside = _("the name of a file beside the scenario file, without a folder")
        if name is None:
            raise rejected(
                "{name} is missing; must be {allowed}",
                name="twin.customers_file",
                allowed=beside,
            )
        if (
            not isinstance(name, str)
            or not name
            or name != Path(name).name
            or name.startswith(".")
            or "\\" in name
        ):
            raise _refused("customers_file", name, beside)
        if folder is None:
            raise rejected(
                "this scenario names a customers file ({table}); read it from its "
                "own file, beside which the customers file lies",
                table="[twin]",
            )
        path = folder / name
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as err:
            raise rejected(
                "cannot read the customers file {path!r}: {reason}; "
                "it must lie beside the scenario file",
                path=str(path),
                reason=err.strerror,
            ) from None
        except UnicodeDecodeError:
            raise rejected(
                "{path!r}: the customers file is not UTF-8 text", path=str(path)
            ) from None
        try:
            frame = pd.read_csv(
                io.StringIO(text), dtype={"id": str}, keep_default_na=False
            )
        except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as err:
            raise rejected(
                "{file}: cannot read the table: {reason}",
                file=repr(str(path)),
                reason=err,
            ) from None
        purchases = {k: data.get(k) for k in PURCHASE_KEYS}
        if "rate" in data:
            purchases["rate"] = data["rate"]
        spend = {k: data[k] for k in SPEND_KEYS} if "p" in data else None
        twin = cls(
            customers=cls.table(frame, str(path)),
            unit=data.get("unit", "week"),
            start_date=str(data.get("start_date", "")),
            purchases=purchases,
            spend=spend,
            start=data.get("start", "today"),
            file=name,
        )
        wanted = data.get("customers_digest")
        if wanted is not None and wanted != twin.digest:
            raise rejected(
                "{path!r} has changed since the scenario was saved (its "
                "fingerprint differs from twin.customers_digest); calibrate again, "
                "or delete customers_digest to use the file as it is",
                path=str(path),
            )
        return twin

    # ------------------------------------------------------------ writing
    def csv(self) -> str:
        """The customers table as CSV text (floats written to round-trip exactly)."""
        frame = self.customers.assign(
            first_purchase=pd.to_datetime(self.customers["first_purchase"]).dt.strftime(
                "%Y-%m-%d"
            )
        )
        return frame.to_csv(index=False, lineterminator="\n")

    @cached_property
    def digest(self) -> str:
        """Fingerprint of the customers table (SHA-256 of its CSV text)."""
        return "sha256:" + hashlib.sha256(self.csv().encode("utf-8")).hexdigest()

    def to_dict(self) -> dict[str, Any]:
        """The ``[twin]`` table of a scenario file (the customers by file name)."""
        out: dict[str, Any] = {
            "customers_file": self.file,
            "customers_digest": self.digest,
            "start_date": self.start_date,
            "start": self.start,
            "unit": self.unit,
        }
        out |= {k: float(v) for k, v in self.purchases.items()}
        if self.spend is not None:
            out |= {k: float(self.spend[k]) for k in SPEND_KEYS}
        return out

    def write(self, path: Path) -> None:
        """Write the customers table to ``path`` (atomically)."""
        atomic_text(path, self.csv())

    def with_changes(self, **changes: Any) -> Twin:
        """A copy with some attributes changed (the table is shared)."""
        return replace(self, **changes)

    # ------------------------------------------------------------ ids
    def new_ids(self, count: int) -> list[str]:
        """Ids for ``count`` customers who are not in the export, never theirs.

        Whole numbers after the largest when every id is a whole number;
        otherwise ``new-1``, ``new-2``... with as many dashes as it takes to
        match no id of the export.

        Examples
        --------
        >>> t = pd.DataFrame({"id": ["7", "12"]})
        >>> Twin.fresh_ids(t["id"], 2), Twin.fresh_ids(pd.Series(["a", "new-1"]), 1)
        (['13', '14'], ['new--1'])
        """
        return self.fresh_ids(self.customers["id"], count)

    @staticmethod
    def fresh_ids(ids: pd.Series, count: int) -> list[str]:
        """See :meth:`new_ids`."""
        text = ids.astype(str)
        if len(text) and text.str.fullmatch(r"\d{1,18}").all():
            top = int(text.astype(np.int64).max())
            return [str(top + k) for k in range(1, count + 1)]
        prefix = "new-"
        while text.str.startswith(prefix).any():
            prefix += "-"
        return [f"{prefix}{k}" for k in range(1, count + 1)]
