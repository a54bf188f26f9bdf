"""The scenario: every lever and assumption of one simulated business.

A :class:`Scenario` holds seven groups. Four of them are Igor Mann's four
directions of customer focus, the levers a manager pulls:

* ``attraction``  - bringing new customers in (привлечение);
* ``service``     - working with the client at each visit (работа);
* ``retention``   - keeping them (удержание);
* ``winback``     - getting lost ones back (возвращение).

The other three describe the world the levers act on: ``business`` (staff,
hours, horizon), ``customers`` (how people behave) and ``economics``
(money). The presets differ only in lever values, never in hidden rules.

Every value is checked when it is set. A bad one raises
:class:`ParameterError` naming the parameter, the value and what is allowed;
a misspelt name is refused with a suggestion. Scenarios read from and write to
TOML.

Time unit: the model clock counts *opening minutes*. A day is
``business.open_hours * 60`` minutes long and a month is 30 days.
"""

from __future__ import annotations

import dataclasses
import difflib
import math
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, ClassVar

import tomli_w

PHASES: tuple[str, ...] = ("new", "regular", "loyal", "advocate", "won_back")
"""The phases of an active customer, in the order of the loyalty ladder."""

PRESETS: tuple[str, ...] = ("product_centric", "customer_oriented", "client_centric")
"""Names of the scenarios shipped with the package."""

INF = math.inf


class ParameterError(ValueError):
    """A scenario value or name that the model cannot accept."""


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
    """
    meta = {
        "doc": doc,
        "low": low,
        "high": high,
        "low_open": low_open,
        "high_open": high_open,
        "choices": choices,
        "unit": unit,
        "lever": lever,
    }
    return field(default=default, metadata=meta)


def _allowed(meta: dict[str, Any], kind: type) -> str:
    """Describe the allowed values of a parameter in words."""
    if meta["choices"] is not None:
        return "one of " + ", ".join(repr(c) for c in meta["choices"])
    if kind is bool:
        return "true or false"
    lo, hi = meta["low"], meta["high"]
    name = "a whole number" if kind is int else "a number"
    parts = []
    if lo is not None:
        parts.append(f"{'>' if meta['low_open'] else '>='} {lo:g}")
    if hi is not None and hi != INF:
        parts.append(f"{'<' if meta['high_open'] else '<='} {hi:g}")
    return name + (" " + " and ".join(parts) if parts else "")


def _check(group: str, name: str, value: Any, kind: type, meta: dict) -> Any:
    """Return ``value`` converted to ``kind`` or raise :class:`ParameterError`."""
    where = f"{group}.{name}"

    def refuse() -> ParameterError:
        shown = str(value).lower() if isinstance(value, bool) else repr(value)
        return ParameterError(
            f"{where} = {shown} is not allowed; must be {_allowed(meta, kind)}"
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
    if kind is int:
        if isinstance(value, float) and not value.is_integer():
            raise refuse()
        value = int(value)
    else:
        value = float(value)
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
                    "meaning": meta["doc"],
                    "kind": kind,
                    "low": meta["low"],
                    "high": meta["high"],
                    "low_open": meta["low_open"],
                    "high_open": meta["high_open"],
                    "choices": meta["choices"],
                }
            )
        return rows

    def to_dict(self) -> dict[str, Any]:
        """The group's values as a plain dictionary."""
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}


def _unknown(section: str, name: str, known: list[str]) -> str:
    """Message for a misspelt or unknown parameter name."""
    close = difflib.get_close_matches(name, known, n=1)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    where = f"{section}.{name}" if section else name
    return f"unknown parameter {where!r}{hint} Known: {', '.join(known)}"


@dataclass
class Business(Group):
    """The service operation: staff, hours, service times and the horizon."""

    section: ClassVar[str] = "business"

    staff: int = param(
        3, "Staff serving customers at the same time.", low=1, high=500, lever=True
    )
    open_hours: float = param(
        10.0, "Opening hours a day.", low=0, high=24, low_open=True, unit="h"
    )
    service_time: float = param(
        8.0,
        "Mean service time of an untrained member of staff.",
        low=0,
        high=600,
        low_open=True,
        unit="min",
    )
    service_time_cv: float = param(
        1.0,
        "Spread of service times (coefficient of variation); 1 with exponential times.",
        low=0,
        high=5,
        low_open=True,
    )
    service_distribution: str = param(
        "lognormal", "Shape of service times.", choices=("exponential", "lognormal")
    )
    days: int = param(360, "Days simulated.", low=1, high=3650, unit="days")
    warmup_days: int = param(
        60, "Days at the start left out of the KPIs.", low=0, high=3650, unit="days"
    )


@dataclass
class Attraction(Group):
    """Mann's first direction: bringing new customers in."""

    section: ClassVar[str] = "attraction"

    prospects_per_day: float = param(
        5.0,
        "First visits a day that come without paid acquisition.",
        low=0,
        high=1e6,
        unit="per day",
    )
    acquisition_budget: float = param(
        0.0,
        "Money spent on advertising a month.",
        low=0,
        high=1e9,
        unit="money per month",
        lever=True,
    )
    cost_per_acquisition: float = param(
        50.0,
        "Advertising cost of one extra first visit.",
        low=0,
        high=1e6,
        low_open=True,
        unit="money",
    )
    referral_programme: bool = param(
        False, "Reward customers who bring a friend.", lever=True
    )
    referral_reward: float = param(
        15.0, "Reward paid for each referred customer.", low=0, high=1e6, unit="money"
    )
    referral_boost: float = param(
        1.0, "Extra referrals the programme brings (1 doubles them).", low=0, high=10
    )


@dataclass
class Service(Group):
    """Mann's second direction: working with the client at each visit."""

    section: ClassVar[str] = "service"

    target_wait: float = param(
        0.5,
        "Service standard: the longest wait the business aims for (30 s is "
        "the walk-in greeting standard).",
        low=0,
        high=240,
        low_open=True,
        unit="min",
        lever=True,
    )
    greet_waiting: bool = param(
        False,
        "Greet a customer who has waited past the standard: a seat, a word on "
        "how long it will take.",
        lever=True,
    )
    training_level: float = param(
        0.2, "Training of staff, from none (0) to full (1).", low=0, high=1, lever=True
    )
    script_flexibility: float = param(
        0.0,
        "Freedom to deviate from scripts, from none (0) to full (1); helps "
        "trained staff (training above 0.5), hurts untrained ones.",
        low=0,
        high=1,
        lever=True,
    )
    queue_discipline: str = param(
        "fifo",
        "Who is served first: first come first served, or key customers first.",
        choices=("fifo", "priority"),
        lever=True,
    )
    key_share: float = param(
        0.2,
        "Share of customers, by value, treated as key customers.",
        low=0,
        high=1,
        low_open=True,
        high_open=True,
    )
    base_quality: float = param(
        6.5,
        "Mean quality of a visit by untrained staff, on a 0-10 scale.",
        low=0,
        high=10,
    )
    quality_spread: float = param(
        1.0, "Spread of visit quality (standard deviation).", low=0, high=5
    )
    training_effect: float = param(
        1.5, "Quality points full training adds.", low=0, high=10
    )
    training_speedup: float = param(
        0.15, "Share of service time full training saves.", low=0, high=0.9
    )
    flexibility_effect: float = param(
        0.8,
        "Quality points full freedom from scripts adds with fully trained staff; "
        "the gain is scaled by (2 x training - 1), so it turns negative below "
        "training 0.5.",
        low=0,
        high=10,
    )


@dataclass
class Retention(Group):
    """Mann's third direction: keeping customers (a loyalty programme)."""

    section: ClassVar[str] = "retention"

    loyalty_programme: bool = param(False, "Run a loyalty programme.", lever=True)
    eligible_from: str = param(
        "regular",
        "Lowest phase that may join the programme.",
        choices=("new", "regular", "loyal", "advocate"),
        lever=True,
    )
    discount: float = param(
        0.05, "Discount members get on each visit.", low=0, high=0.5, lever=True
    )
    leave_reduction: float = param(
        0.4, "Share by which membership lowers the chance of leaving.", low=0, high=1
    )
    cost_per_member: float = param(
        0.5,
        "Running cost of the programme per member per month.",
        low=0,
        high=1e6,
        unit="money per month",
    )


@dataclass
class Winback(Group):
    """Mann's fourth direction: getting lost customers back."""

    section: ClassVar[str] = "winback"

    campaign: bool = param(
        False, "Contact lost customers to win them back.", lever=True
    )
    contact_after_days: float = param(
        30.0,
        "Days after a customer is lost before the contact.",
        low=0,
        high=3650,
        unit="days",
        lever=True,
    )
    success_chance: float = param(
        0.25, "Chance a contacted customer comes back.", low=0, high=1
    )
    cost_per_contact: float = param(
        20.0,
        "Cost of one win-back contact (call, offer).",
        low=0,
        high=1e6,
        unit="money",
    )


@dataclass
class Customers(Group):
    """How customers behave: value, expectations, patience, loyalty ladder."""

    section: ClassVar[str] = "customers"

    loyalty_feedback: bool = param(
        True,
        "Customers remember visits, return, move between phases and "
        "talk. Off: every visit is a one-off (a plain queue).",
    )
    initial_customers: int = param(
        1500, "Regular customers the business has on day one.", low=0, high=10**7
    )
    spend_mean: float = param(
        40.0, "Mean spend on a visit.", low=0, high=1e7, low_open=True, unit="money"
    )
    spend_sigma: float = param(
        1.0,
        "Skew of customer value (sigma of a lognormal); 1 makes the top "
        "20% give about 60% of sales.",
        low=0,
        high=3,
    )
    expectation: float = param(
        7.0, "Mean quality a customer expects, 0-10 scale.", low=0, high=10
    )
    expectation_spread: float = param(
        0.7, "Spread of expectations between customers.", low=0, high=5
    )
    tolerance: float = param(
        1.0,
        "Half-width of the zone of tolerance around the expectation.",
        low=0,
        high=5,
        low_open=True,
    )
    expectation_rise: float = param(
        0.05, "Share of the surplus a WOW visit adds to the expectation.", low=0, high=1
    )
    wait_sensitivity: float = param(
        0.4,
        "Quality points lost per minute of felt waiting.",
        low=0,
        high=10,
        unit="per min",
    )
    greeted_wait_weight: float = param(
        0.5,
        "How much a minute of waiting counts once the customer is greeted.",
        low=0,
        high=1,
    )
    patience: float = param(
        15.0,
        "Mean patience in the queue (exponential); inf: never leaves.",
        low=0,
        high=INF,
        low_open=True,
        unit="min",
    )
    memory: float = param(
        0.3, "Weight of the latest visit in satisfaction.", low=0, high=1, low_open=True
    )
    visits_new: float = param(
        1.0,
        "Visits a month of a new customer.",
        low=0,
        high=100,
        low_open=True,
        unit="per month",
    )
    visits_regular: float = param(
        1.5,
        "Visits a month of a regular customer.",
        low=0,
        high=100,
        low_open=True,
        unit="per month",
    )
    visits_loyal: float = param(
        2.5,
        "Visits a month of a loyal customer.",
        low=0,
        high=100,
        low_open=True,
        unit="per month",
    )
    visits_advocate: float = param(
        3.0,
        "Visits a month of an advocate.",
        low=0,
        high=100,
        low_open=True,
        unit="per month",
    )
    spend_loyal: float = param(
        1.2,
        "Spend of a loyal customer relative to a regular one.",
        low=0,
        high=10,
        low_open=True,
    )
    spend_advocate: float = param(
        1.3,
        "Spend of an advocate relative to a regular one.",
        low=0,
        high=10,
        low_open=True,
    )
    visits_to_step: int = param(
        2, "Visits in a phase before a customer can move up.", low=1, high=100
    )
    loyal_satisfaction: float = param(
        0.25, "Satisfaction (-1..1) needed to become loyal.", low=-1, high=1
    )
    advocate_satisfaction: float = param(
        0.55, "Satisfaction (-1..1) needed to become an advocate.", low=-1, high=1
    )
    leave_after_low: float = param(
        0.12, "Chance of leaving after a low-service visit.", low=0, high=1
    )
    leave_after_standard: float = param(
        0.02, "Chance of leaving after a standard visit.", low=0, high=1
    )
    leave_after_wow: float = param(
        0.005, "Chance of leaving after a WOW visit.", low=0, high=1
    )
    loyal_forgiveness: float = param(
        0.5,
        "Factor on the chance of leaving for loyal customers and advocates.",
        low=0,
        high=1,
    )
    complaint_chance: float = param(
        0.1,
        "Chance a customer complains after a low visit (the rest stay silent).",
        low=0,
        high=1,
    )
    referrals_per_advocate: float = param(
        0.15,
        "New customers an advocate brings a month.",
        low=0,
        high=10,
        unit="per month",
    )
    market_size: int = param(
        50_000,
        "People in the market who could hear about the business.",
        low=1,
        high=10**9,
    )
    people_told: float = param(
        10.0, "People an unhappy lost customer tells.", low=0, high=1000
    )
    talk_days: float = param(
        90.0,
        "Days an unhappy lost customer keeps talking.",
        low=0,
        high=3650,
        unit="days",
    )


@dataclass
class Economics(Group):
    """Money: margin and the costs of each direction."""

    section: ClassVar[str] = "economics"

    margin: float = param(0.35, "Gross margin on sales.", low=0, high=1)
    staff_cost: float = param(
        250.0,
        "Cost of one member of staff a day.",
        low=0,
        high=1e6,
        unit="money per day",
    )
    training_cost: float = param(
        60.0,
        "Cost a day of full training for one member of staff.",
        low=0,
        high=1e6,
        unit="money per day",
    )
    discount_rate: float = param(
        0.10, "Yearly discount rate for customer value.", low=0, high=1
    )


GROUPS: dict[str, type[Group]] = {
    g.section: g
    for g in (Business, Attraction, Service, Retention, Winback, Customers, Economics)
}
"""The groups of a scenario, by TOML section name."""


@dataclass
class Scenario:
    """All parameters of one simulated business.

    Parameters
    ----------
    name
        A short label shown in tables and plots.
    seed
        Root of every random stream; the same seed gives the same numbers.
    business, attraction, service, retention, winback, customers, economics
        The parameter groups (see their classes).

    Examples
    --------
    >>> s = Scenario(name="more staff")
    >>> s.business.staff = 4
    >>> s.business.staf = 4
    Traceback (most recent call last):
    ...
    simulations.parameters.ParameterError: unknown parameter 'business.staf'; ...
    """

    name: str = "baseline"
    seed: int = 2026
    business: Business = field(default_factory=Business)
    attraction: Attraction = field(default_factory=Attraction)
    service: Service = field(default_factory=Service)
    retention: Retention = field(default_factory=Retention)
    winback: Winback = field(default_factory=Winback)
    customers: Customers = field(default_factory=Customers)
    economics: Economics = field(default_factory=Economics)

    def __setattr__(self, name: str, value: Any) -> None:
        if name not in self.__dataclass_fields__:
            raise ParameterError(_unknown("", name, list(self.__dataclass_fields__)))
        if name == "seed" and (
            isinstance(value, bool) or not isinstance(value, int) or value < 0
        ):
            raise ParameterError(
                f"seed = {value!r} is not allowed; must be a whole number >= 0"
            )
        if name == "name" and not isinstance(value, str):
            raise ParameterError(f"name = {value!r} is not allowed; must be text")
        if name in GROUPS and not isinstance(value, GROUPS[name]):
            raise ParameterError(f"{name} must be a {GROUPS[name].__name__} group")
        object.__setattr__(self, name, value)

    def __post_init__(self) -> None:
        self.validate()

    # ------------------------------------------------------------------ checks
    def validate(self) -> Scenario:
        """Check rules that tie two parameters together; return self."""
        b = self.business
        if b.warmup_days >= b.days:
            raise ParameterError(
                f"business.warmup_days = {b.warmup_days} is not allowed; must be "
                f"less than business.days = {b.days}"
            )
        c = self.customers
        if c.advocate_satisfaction < c.loyal_satisfaction:
            raise ParameterError(
                f"customers.advocate_satisfaction = {c.advocate_satisfaction} is "
                f"not allowed; must be >= customers.loyal_satisfaction = "
                f"{c.loyal_satisfaction}"
            )
        if b.service_distribution == "exponential" and b.service_time_cv != 1.0:
            raise ParameterError(
                f"business.service_time_cv = {b.service_time_cv} is not allowed "
                "with exponential service times; must be 1 (or use 'lognormal')"
            )
        return self

    # ---------------------------------------------------------------- copying
    def copy(self, name: str | None = None, **changes: Any) -> Scenario:
        """A deep copy, optionally renamed and with dotted changes.

        Examples
        --------
        >>> more = Scenario().copy("4 staff", **{"business.staff": 4})
        >>> more.business.staff
        4
        """
        new = Scenario.from_dict(self.to_dict())
        if name is not None:
            new.name = name
        new.set(**changes)
        return new

    def set(self, **changes: Any) -> Scenario:
        """Set parameters by dotted name (``"service.training_level"``).

        All or nothing: when one change is refused, none is kept.
        """
        before = self.to_dict()
        try:
            for dotted, value in changes.items():
                group, _, key = dotted.rpartition(".")
                if not group:
                    setattr(self, key, value)
                    continue
                if group not in GROUPS:
                    raise ParameterError(_unknown("", group, [*GROUPS]))
                setattr(getattr(self, group), key, value)
            return self.validate()
        except ParameterError:
            self._restore(before)
            raise

    def _restore(self, values: dict[str, Any]) -> None:
        """Put back values taken with :meth:`to_dict` (already valid)."""
        for key, value in values.items():
            if key in GROUPS:
                group = getattr(self, key)
                for name, item in value.items():
                    object.__setattr__(group, name, item)
            else:
                object.__setattr__(self, key, value)

    def get(self, dotted: str) -> Any:
        """Read a parameter by dotted name."""
        group, _, key = dotted.rpartition(".")
        if not group:
            return getattr(self, key)
        if group not in GROUPS:
            raise ParameterError(_unknown("", group, [*GROUPS]))
        target = getattr(self, group)
        if key not in target.__dataclass_fields__:
            raise ParameterError(
                _unknown(group, key, list(target.__dataclass_fields__))
            )
        return getattr(target, key)

    # ------------------------------------------------------------- TOML, dict
    def to_dict(self) -> dict[str, Any]:
        """Nested dictionary, as written to TOML."""
        out: dict[str, Any] = {"name": self.name, "seed": self.seed}
        for section in GROUPS:
            out[section] = getattr(self, section).to_dict()
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Scenario:
        """Build a scenario from a nested dictionary; missing values keep defaults."""
        if not isinstance(data, dict):
            raise ParameterError("a scenario must be a table of sections")
        top = {k: v for k, v in data.items() if k not in GROUPS}
        scenario = cls.__new__(cls)
        for name in ("name", "seed"):
            object.__setattr__(scenario, name, cls.__dataclass_fields__[name].default)
        for section, group_cls in GROUPS.items():
            object.__setattr__(scenario, section, group_cls())
        for key, value in top.items():
            setattr(scenario, key, value)
        for section in GROUPS:
            values = data.get(section, {})
            if not isinstance(values, dict):
                raise ParameterError(f"[{section}] must be a table of parameters")
            group = getattr(scenario, section)
            for key, value in values.items():
                setattr(group, key, value)
        return scenario.validate()

    def to_toml(self, path: str | Path | None = None) -> str:
        """TOML text of the scenario; also written to ``path`` when given."""
        text = tomli_w.dumps(self.to_dict())
        if path is not None:
            Path(path).write_text(text, encoding="utf-8")
        return text

    @classmethod
    def from_toml(cls, path: str | Path) -> Scenario:
        """Read a scenario from a TOML file."""
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as err:
            raise ParameterError(
                f"cannot read scenario file {str(path)!r}: {err.strerror}"
            ) from None
        return cls.from_toml_text(text, origin=str(path))

    @classmethod
    def from_toml_text(cls, text: str, origin: str = "scenario") -> Scenario:
        """Read a scenario from TOML text."""
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as err:
            raise ParameterError(f"{origin}: TOML is malformed: {err}") from None
        return cls.from_dict(data)

    @classmethod
    def preset(cls, name: str) -> Scenario:
        """One of the shipped scenarios: see :data:`PRESETS`."""
        key = name.replace("-", "_").replace(" ", "_").lower()
        if key not in PRESETS:
            raise ParameterError(
                f"preset {name!r} is unknown; choose one of {', '.join(PRESETS)}"
            )
        text = resources.files("simulations").joinpath("presets", f"{key}.toml")
        return cls.from_toml_text(text.read_text(encoding="utf-8"), origin=key)

    @classmethod
    def plain_queue(
        cls,
        arrivals_per_day: float,
        service_time: float,
        servers: int,
        *,
        patience: float = INF,
        target_wait: float = 0.5,
        days: int = 360,
        warmup_days: int = 0,
        open_hours: float = 10.0,
        name: str = "plain queue",
        seed: int = 2026,
    ) -> Scenario:
        """The model reduced to an M/M/c queue (M/M/c+M with finite patience).

        No loyalty feedback (every arrival is a one-off customer), Poisson
        arrivals, exponential service with the untrained mean, no advertising:
        Erlang C (or Erlang A) is then exact, which is how the model is
        validated. The arrival rate per open minute is
        ``arrivals_per_day / (open_hours * 60)``.

        Examples
        --------
        >>> s = Scenario.plain_queue(432.0, 8.0, 10)
        >>> s.customers.loyalty_feedback, s.business.service_distribution
        (False, 'exponential')
        """
        return cls(name=name, seed=seed).set(
            **{
                "customers.loyalty_feedback": False,
                "customers.patience": patience,
                "business.service_distribution": "exponential",
                "business.service_time_cv": 1.0,
                "business.service_time": service_time,
                "business.open_hours": open_hours,
                "business.staff": servers,
                "business.days": days,
                "business.warmup_days": warmup_days,
                "service.training_level": 0.0,
                "service.target_wait": target_wait,
                "service.queue_discipline": "fifo",
                "attraction.acquisition_budget": 0.0,
                "attraction.prospects_per_day": arrivals_per_day,
            }
        )

    @classmethod
    def describe(cls) -> list[dict[str, Any]]:
        """Every parameter of every group: default, unit, range, meaning."""
        return [row for g in GROUPS.values() for row in g.describe()]


def levers(scenario: Scenario) -> dict[str, Any]:
    """The policy levers of a scenario, by dotted name."""
    return {
        f"{section}.{row['name']}": scenario.get(f"{section}.{row['name']}")
        for section, g in GROUPS.items()
        for row in g.describe()
        if row["lever"]
    }
