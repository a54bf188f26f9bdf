"""The levers a team sets, in plain words: their bounds, how they read, how they parse.

Each lever of :data:`GAME_LEVERS` belongs to one of Mann's four directions
(staffing counts with working with the client). A team reads and types
values as people do: "yes" or "no", "first come, first served", 15%, money
with its unit. :func:`shown` writes a value, :func:`parsed` reads what a
person typed, and :func:`checked` refuses a value outside the game's bounds,
with one sentence that names the lever, the value and what is allowed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..i18n import N_, _
from ..parameters import ParameterError
from ..present.format import currency_symbol, money, number, percent


@dataclass(frozen=True)
class LeverSpec:
    """One lever a team sets: its direction, label and the game's bounds.

    ``kind`` is ``"int"``, ``"float"``, ``"bool"`` or ``"choice"``; ``unit``
    is ``"money"`` (a month), ``"%"`` (a share, typed and shown as a
    percentage), ``"days"`` or nothing. ``choices`` map each value to its
    words.
    """

    name: str  # dotted parameter name
    direction: str  # attraction, service, retention, winback
    label: str  # in English: shown through _()
    kind: str
    low: float | None = None
    high: float | None = None
    choices: dict[str, str] = field(default_factory=dict)
    unit: str = ""


GAME_LEVERS: tuple[LeverSpec, ...] = (
    LeverSpec(
        "attraction.acquisition_budget",
        "attraction",
        N_("Advertising a month"),
        "float",
        0,
        240000,
        unit="money",
    ),
    LeverSpec(
        "attraction.referral_programme", "attraction", N_("Referral programme"), "bool"
    ),
    LeverSpec("business.staff", "service", N_("Staff"), "int", 1, 12),
    LeverSpec(
        "service.training_level", "service", N_("Training"), "float", 0, 1, unit="%"
    ),
    LeverSpec(
        "service.script_flexibility",
        "service",
        N_("Freedom from scripts"),
        "float",
        0,
        1,
        unit="%",
    ),
    LeverSpec(
        "service.greet_waiting", "service", N_("Greet waiting customers"), "bool"
    ),
    LeverSpec(
        "service.queue_discipline",
        "service",
        N_("Who is served first"),
        "choice",
        choices={
            "fifo": N_("first come, first served"),
            "priority": N_("key customers first"),
        },
    ),
    LeverSpec(
        "retention.loyalty_programme", "retention", N_("Loyalty programme"), "bool"
    ),
    LeverSpec(
        "retention.eligible_from",
        "retention",
        N_("Programme open to"),
        "choice",
        choices={
            "new": N_("every customer"),
            "regular": N_("regular customers and up"),
            "loyal": N_("loyal customers and advocates"),
            "advocate": N_("advocates only"),
        },
    ),
    LeverSpec(
        "retention.discount",
        "retention",
        N_("Member discount"),
        "float",
        0,
        0.3,
        unit="%",
    ),
    LeverSpec("winback.campaign", "winback", N_("Win-back campaign"), "bool"),
    LeverSpec(
        "winback.contact_after_days",
        "winback",
        N_("Contact after"),
        "float",
        0,
        180,
        unit="days",
    ),
)
"""The levers a team sets, in display order, grouped by Mann's direction."""

LEVERS_BY_NAME: dict[str, LeverSpec] = {spec.name: spec for spec in GAME_LEVERS}


def shown(spec: LeverSpec, value: Any) -> str:
    """A lever's value as people read it.

    Examples
    --------
    >>> shown(LEVERS_BY_NAME["retention.discount"], 0.15)
    '15%'
    >>> shown(LEVERS_BY_NAME["service.queue_discipline"], "fifo")
    'first come, first served'
    >>> shown(LEVERS_BY_NAME["winback.campaign"], False)
    'no'
    """
    if spec.kind == "bool":
        return _("yes") if value else _("no")
    if spec.kind == "choice":
        return _(spec.choices[value]) if value in spec.choices else str(value)
    return _amount(spec, value)


def _amount(spec: LeverSpec, value: float) -> str:
    """A number of a lever in its unit."""
    if spec.unit == "%":
        return percent(value, 0)
    if spec.unit == "money":
        return money(value)
    if spec.unit == "days":
        return _("{n} days").format(n=number(value))
    return number(value)


def allowed(spec: LeverSpec) -> str:
    """What a lever allows, in words (for labels and refusals).

    Examples
    --------
    >>> allowed(LEVERS_BY_NAME["business.staff"])
    'a whole number from 1 to 12'
    """
    if spec.kind == "bool":
        return _("yes or no")
    if spec.kind == "choice":
        return _("one of: {choices}").format(
            choices="; ".join(_(w) for w in spec.choices.values())
        )
    low, high = _amount(spec, spec.low), _amount(spec, spec.high)
    if spec.unit == "%":
        return _("a percentage from {low} to {high}").format(low=low, high=high)
    if spec.kind == "int":
        return _("a whole number from {low} to {high}").format(low=low, high=high)
    return _("a number from {low} to {high}").format(low=low, high=high)


def field_label(spec: LeverSpec) -> str:
    """The label of a lever's input box, with its range.

    Examples
    --------
    >>> field_label(LEVERS_BY_NAME["retention.discount"])
    'Member discount, % (0-30)'
    """
    if spec.kind in ("bool", "choice"):
        return _(spec.label)
    scale = 100.0 if spec.unit == "%" else 1.0
    unit = {"%": "%", "money": currency_symbol(), "days": _("days")}.get(spec.unit)
    span = f"{number(spec.low * scale)}-{number(spec.high * scale)}"
    return f"{_(spec.label)}{', ' + unit if unit else ''} ({span})"


def text_value(spec: LeverSpec, value: Any) -> str:
    """A number lever's value as typed in its box (percentages as 15, not 0.15)."""
    if spec.unit == "%":
        return f"{100 * float(value):g}"
    return f"{float(value):g}" if spec.kind == "float" else str(value)


_SPACES = re.compile(r"[\s\u00a0\u202f,_]")
_DECIMAL_COMMA = re.compile(r"(?<=\d),(\d{1,2})(?!\d)")


def parsed(spec: LeverSpec, text: str) -> Any:
    """What a person typed in a number lever's box, checked; or a refusal.

    Spaces and commas between thousands are allowed, and so is a unit
    after the number (15%, 20 000 RUB).

    Examples
    --------
    >>> parsed(LEVERS_BY_NAME["retention.discount"], "15%")
    0.15
    >>> parsed(LEVERS_BY_NAME["attraction.acquisition_budget"], "12 000")
    12000.0
    >>> parsed(LEVERS_BY_NAME["business.staff"], "2.5")
    Traceback (most recent call last):
    ...
    simulations.parameters.ParameterError: Staff: 2.5 is not allowed; choose a whole number from 1 to 12
    """  # noqa: E501 (a refusal is one line)
    # A decimal comma (2,5) is not a thousands' comma (12,000).
    cleaned = _DECIMAL_COMMA.sub(r".\1", str(text))
    cleaned = _SPACES.sub("", cleaned).lower()
    cleaned = cleaned.removesuffix("%").removesuffix("days").removesuffix("rub")
    cleaned = cleaned.removesuffix("₽").removesuffix("руб").removesuffix("дн.")
    cleaned = cleaned.removesuffix("дней").removesuffix("дня").removesuffix("день")
    try:
        value = float(cleaned)
    except ValueError:
        raise ParameterError(
            _("{lever}: «{typed}» is not a number; choose {allowed}").format(
                lever=_(spec.label), typed=text.strip(), allowed=allowed(spec)
            )
        ) from None
    if spec.unit == "%":
        value /= 100.0
    return checked(spec, value, typed=text.strip())


def checked(spec: LeverSpec, value: Any, typed: str | None = None) -> Any:
    """One value, in the lever's type and the game's bounds, or a refusal."""
    said = typed
    if spec.kind == "bool":
        if not isinstance(value, bool):
            raise ParameterError(
                _("{lever}: choose yes or no").format(lever=_(spec.label))
            )
        return value
    if spec.kind == "choice":
        if value not in spec.choices:
            raise ParameterError(
                _("{lever}: choose {allowed}").format(
                    lever=_(spec.label), allowed=allowed(spec)
                )
            )
        return value
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ParameterError(
            _("{lever}: «{value}» is not a number").format(
                lever=_(spec.label), value=value
            )
        )
    if said is None:
        said = _amount(spec, value) if value == value else _("not a number")
    refusal = _("{lever}: {value} is not allowed; choose {allowed}").format(
        lever=_(spec.label), value=said, allowed=allowed(spec)
    )
    if spec.kind == "int" and value != int(value):
        raise ParameterError(refusal)
    if value != value or not spec.low <= value <= spec.high:  # NaN too
        raise ParameterError(refusal)
    return int(value) if spec.kind == "int" else float(value)
