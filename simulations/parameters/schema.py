"""The parameter schema: how one scenario parameter is declared and checked.

:func:`param` declares a parameter with its default, bounds, unit, meaning and
whether it is a lever; :class:`Group` is the base of the seven parameter groups
and checks every value when it is set. A bad value or a misspelt name raises
:class:`ParameterError` naming the parameter, the value and what is allowed.

Examples
--------
>>> from simulations.parameters import Business
>>> Business().staff = 0
Traceback (most recent call last):
...
simulations.parameters.ParameterError: business.staff = 0 is not allowed; ...
"""

from __future__ import annotations

import dataclasses
import difflib
import math
from dataclasses import field
from typing import Any, ClassVar

from ..i18n import _

INF = math.inf
"""Unbounded (``patience = inf``: a customer never leaves the queue)."""


TOML_INT_MAX = 2**63 - 1
"""The largest whole number a TOML file can hold (64-bit integers)."""


class ParameterError(ValueError):
    """A scenario value or name that the model cannot accept."""


# Shown, raised and pickled under the package that exports it.
ParameterError.__module__ = "simulations.parameters"


def rejected(message: str, **values: Any) -> ParameterError:
    """A :class:`ParameterError` with ``message`` translated, then filled in.

    ``message`` is English with ``{name}`` placeholders (``bash
    scripts/translate`` collects the messages of ``rejected`` calls).

    Examples
    --------
    >>> str(rejected("seed = {value} is not allowed", value=-1))
    'seed = -1 is not allowed'
    """
    return ParameterError(_(message).format(**values))


def param(
    default: Any,
    doc: str,
    *,
    low: float | None = None,
    high: float | None = None,
    low_open: bool = False,
    high_open: bool = False,
    choices: tuple[Any, ...] | None = None,
    unit: str = "",
    lever: bool = False,
    plausible: tuple[float, float] | None = None,
    source: str = "",
    needs: str = "",
    allowed: str = "",
) -> Any:
    """Declare one scenario parameter with its allowed values.

    Parameters
    ----------
    default
        The value a new scenario starts with.
    doc
        One plain sentence: what the parameter means.
    low, high
        Bounds of a number; ``None`` means unbounded on that side.
    low_open, high_open
        Whether the bound itself is excluded.
    choices
        For a text parameter, the allowed values.
    unit
        Unit shown to users (``"min"``, ``"per month"``...).
    lever
        True for a policy lever a manager sets; False for an assumption.
    plausible
        For a behaviour parameter: the range of values a careful reader could
        defend. Sensitivity analysis varies the parameter across it.
    source
        Where the plausible range comes from, or "assumption"; marked with
        ``N_`` (it is shown in the language in use: ``describe``, the tornado).
    needs
        The on/off switch (a dotted name) without which this parameter changes
        nothing: a run with the switch off is the same whatever its value
        (a test checks each one). Experiments use it to skip repeated runs.
    allowed
        The allowed values in words, for a long list of ``choices`` (an error
        message then says this instead of listing them all).
    """
    if plausible is not None and not source:
        raise ValueError(f"a plausible range needs a source ({doc!r})")
    meta = {
        "doc": doc,
        "low": low,
        "high": high,
        "low_open": low_open,
        "high_open": high_open,
        "choices": choices,
        "unit": unit,
        "lever": lever,
        "plausible": plausible,
        "source": source,
        "needs": needs,
        "allowed": allowed,
    }
    return field(default=default, metadata=meta)


def _allowed(meta: dict[str, Any], kind: type) -> str:
    """Describe the allowed values of a parameter in words."""
    if meta["allowed"]:
        return _(meta["allowed"])
    if meta["choices"] is not None:
        choices = ", ".join(repr(c) for c in meta["choices"])
        return _("one of {choices}").format(choices=choices)
    if kind is bool:
        return _("true or false")
    lo, hi = meta["low"], meta["high"]
    name = _("a whole number") if kind is int else _("a number")
    parts = []
    if lo is not None:
        parts.append(f"{'>' if meta['low_open'] else '>='} {lo:g}")
    if hi is not None and hi != INF:
        parts.append(f"{'<' if meta['high_open'] else '<='} {hi:g}")
    return name + (" " + _(" and ").join(parts) if parts else "")


def _check(group: str, name: str, value: Any, kind: type, meta: dict) -> Any:
    """Return ``value`` converted to ``kind`` or raise :class:`ParameterError`."""
    where = f"{group}.{name}"

    def refuse() -> ParameterError:
        shown = str(value).lower() if isinstance(value, bool) else _short(value)
        return ParameterError(
            _("{name} = {value} is not allowed; must be {allowed}").format(
                name=where, value=shown, allowed=_allowed(meta, kind)
            )
        )

    if kind is bool:
        if not isinstance(value, bool):
            raise refuse()
        return value
    if kind is str:
        if not isinstance(value, str) or (
            meta["choices"] is not None and value not in meta["choices"]
        ):
            raise refuse()
        return value
    # Numbers: bools are ints in Python, but "staff = true" is a mistake.
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise refuse()
    try:
        if kind is int:
            if isinstance(value, float) and not value.is_integer():
                raise refuse()
            value = int(value)
        else:
            value = float(value)
    except OverflowError:  # a whole number with hundreds of digits
        raise refuse() from None
    if kind is int and not -TOML_INT_MAX - 1 <= value <= TOML_INT_MAX:
        raise refuse()  # TOML (and NumPy) integers are 64-bit
    if math.isnan(value):
        raise refuse()
    lo, hi = meta["low"], meta["high"]
    if lo is not None and (value < lo or (meta["low_open"] and value == lo)):
        raise refuse()
    if hi is not None and (value > hi or (meta["high_open"] and value == hi)):
        raise refuse()
    if hi != INF and math.isinf(value):
        raise refuse()
    return value


def _kind(f: dataclasses.Field) -> type:
    """The Python type of a parameter field (annotations are strings here)."""
    return {"bool": bool, "int": int, "float": float, "str": str}[str(f.type)]


class Group:
    """Base of a parameter group: validates on every set, refuses unknown names."""

    section: ClassVar[str] = ""

    def __setattr__(self, name: str, value: Any) -> None:
        fields = {f.name: f for f in dataclasses.fields(self)}
        if name not in fields:
            raise ParameterError(_unknown(self.section, name, list(fields)))
        f = fields[name]
        kind = _kind(f)
        object.__setattr__(
            self, name, _check(self.section, name, value, kind, f.metadata)
        )

    @classmethod
    def describe(cls) -> list[dict[str, Any]]:
        """List every parameter with its default, unit, range and meaning."""
        rows = []
        for f in dataclasses.fields(cls):
            kind, meta = _kind(f), f.metadata
            rows.append(
                {
                    "group": cls.section,
                    "name": f.name,
                    "default": f.default,
                    "unit": meta["unit"],
                    "allowed": _allowed(meta, kind),
                    "lever": meta["lever"],
                    "meaning": _(meta["doc"]),
                    "kind": kind,
                    "low": meta["low"],
                    "high": meta["high"],
                    "low_open": meta["low_open"],
                    "high_open": meta["high_open"],
                    "choices": meta["choices"],
                    "plausible": meta["plausible"],
                    "source": _(meta["source"]) if meta["source"] else "",
                    "needs": meta["needs"],
                }
            )
        return rows

    def to_dict(self) -> dict[str, Any]:
        """The group's values as a plain dictionary."""
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}


def _short(value: Any, limit: int = 40) -> str:
    """``repr(value)`` cut to ``limit`` characters, for error messages.

    Examples
    --------
    >>> _short(10**60)
    '1000000000000000000000000000000000000000... (61 characters)'
    """
    try:
        text = repr(value)
    except ValueError:  # an int too long to show
        return _("a number with too many digits")
    if len(text) <= limit:
        return text
    return _("{start}... ({count} characters)").format(
        start=text[:limit], count=len(text)
    )


def _unknown(section: str, name: str, known: list[str]) -> str:
    """Message for a misspelt or unknown parameter name."""
    close = difflib.get_close_matches(name, known, n=1)
    # Without a guess, a full stop ends the first sentence before "Known".
    hint = _("; did you mean {name!r}?").format(name=close[0]) if close else "."
    where = f"{section}.{name}" if section else name
    return _("unknown parameter {name!r}{hint} Known: {known}").format(
        name=where, hint=hint, known=", ".join(known)
    )
