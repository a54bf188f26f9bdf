"""The lab's levers, read from the parameter metadata, and their checks.

Pure Python, no widgets. Every lever the page offers is a parameter with
``lever=True`` in :mod:`simulations.parameters` (plus the simulated horizon);
its label, unit, meaning, type and range come from :meth:`Scenario.describe`,
so the lab follows the parameters without a list of its own.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from babel.lists import format_list

from ..i18n import _, get_language
from ..parameters import GROUPS, ParameterError, Scenario
from ..present.format import number
from ..present.labels import label, word_for
from ..present.units import upper_first

HORIZON: tuple[str, ...] = ("business.days", "business.warmup_days")
"""Parameters shared by baseline and scenario: both run the same horizon."""


# ---------------------------------------------------------------- levers
@dataclass(frozen=True)
class LeverSpec:
    """One lever of the page, read from the parameter metadata."""

    dotted: str
    section: str
    name: str
    kind: type
    default: Any
    unit: str
    doc: str
    low: float | None
    high: float | None
    low_open: bool
    high_open: bool
    choices: tuple[Any, ...] | None
    allowed: str
    lever: bool

    @property
    def label(self) -> str:
        """The lever's plain label, in the language in use (not its dotted name)."""
        return upper_first(label(self.dotted))

    @property
    def plain_allowed(self) -> str:
        """What the lever takes, as a visitor reads it (the language in use).

        Choices by the labels the dropdown shows, numbers in the language's
        format; unlike :attr:`allowed` (the error messages' words, which name
        the values as a file or ``--set`` spells them).

        Examples
        --------
        >>> specs = {s.dotted: s for s in lever_specs()}
        >>> specs["service.queue_discipline"].plain_allowed
        'one of “first come, first served” or “key customers first”'
        >>> specs["retention.discount"].plain_allowed
        'a number from 0 to 0.5'
        >>> specs["service.target_wait"].plain_allowed
        'a number above 0 and up to 240'
        """
        code = get_language()
        if self.choices is not None:
            # TRANSLATORS: a choice's label in the language's own quotation marks.
            quoted = [_("“{choice}”").format(choice=word_for(c)) for c in self.choices]
            return _("one of {choices}").format(
                choices=format_list(quoted, style="or", locale=code)
            )
        if self.kind is bool:
            return _("yes or no")
        kind = _("a whole number") if self.kind is int else _("a number")
        low, high = self.low, self.high
        if high is not None and math.isinf(high):
            high = None
        closed = not (self.low_open or self.high_open)
        if low is not None and high is not None and closed:
            return _("{kind} from {low} to {high}").format(
                kind=kind, low=number(low, 6), high=number(high, 6)
            )
        parts = []
        if low is not None:
            above = _("above {value}") if self.low_open else _("from {value}")
            parts.append(above.format(value=number(low, 6)))
        if high is not None:
            below = _("below {value}") if self.high_open else _("up to {value}")
            parts.append(below.format(value=number(high, 6)))
        return " ".join([kind, _(" and ").join(parts).strip()]).strip()


def lever_specs(horizon: bool = True) -> list[LeverSpec]:
    """The levers (``lever=True`` parameters), plus the horizon when asked.

    Built from :meth:`Scenario.describe` (names, units, meaning, type, bounds).

    Examples
    --------
    >>> [s.label for s in lever_specs() if s.section == "business"]
    ['Staff serving at once', 'Days simulated', 'Warm-up days left out']
    """
    specs = []
    for row in Scenario.describe():
        dotted = f"{row['group']}.{row['name']}"
        if not row["lever"] and not (horizon and dotted in HORIZON):
            continue
        specs.append(
            LeverSpec(
                dotted=dotted,
                section=row["group"],
                name=row["name"],
                kind=row["kind"],
                default=row["default"],
                unit=row["unit"],
                doc=row["meaning"],
                low=row["low"],
                high=row["high"],
                low_open=row["low_open"],
                high_open=row["high_open"],
                choices=row["choices"],
                allowed=row["allowed"],
                lever=row["lever"],
            )
        )
    return specs


def read_value(spec: LeverSpec, value: Any) -> Any:
    """A lever's value from what the page sent: text is read as a number.

    Raises :class:`ParameterError` naming the parameter for text that is not
    a number (or not a whole number where one is needed). Anything else is
    returned as it is, for :func:`check_value`.

    Examples
    --------
    >>> staff = next(s for s in lever_specs() if s.name == "staff")
    >>> read_value(staff, " 4 "), read_value(staff, "1e3")
    (4, 1000)
    >>> read_value(staff, "2.5")
    Traceback (most recent call last):
    ...
    simulations...ParameterError: business.staff = 2.5 is not allowed; ...
    """
    if not isinstance(value, str) or spec.kind is str:
        return value
    text = value.strip()
    shown = text or _("(empty)")
    allowed = _("{name} = {value} is not allowed; must be {allowed}").format(
        name=spec.dotted, value=shown, allowed=spec.allowed
    )
    try:
        number = float(text)
    except ValueError:
        raise ParameterError(allowed + " " + _("(type a number)")) from None
    if not math.isfinite(number):
        raise ParameterError(allowed + " " + _("(type a finite number)"))
    if spec.kind is int:
        if not number.is_integer():
            raise ParameterError(allowed + " " + _("(type a whole number)"))
        return int(number)
    return number


def check_value(dotted: str, value: Any) -> Any:
    """Check one value against its parameter's range; return it converted.

    Raises :class:`ParameterError` with the parameter's own message.

    Examples
    --------
    >>> check_value("business.staff", 3)
    3
    >>> check_value("service.training_level", 2)
    Traceback (most recent call last):
    ...
    simulations...ParameterError: service.training_level = 2.0 is not allowed; ...
    """
    section, _dot, name = dotted.rpartition(".")
    if section not in GROUPS:
        raise ParameterError(_("unknown parameter {name!r}").format(name=dotted))
    probe = GROUPS[section]()
    setattr(probe, name, value)
    return getattr(probe, name)
