"""The scenario: the seven groups together, TOML files and the presets.

:class:`Scenario` holds one value for every parameter of every group in
:data:`GROUPS`, checks the rules that tie two parameters together, reads and
writes TOML and loads the presets shipped in ``presets/*.toml``.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import tomli_w

from ..files import atomic_text
from .directions import Attraction, Retention, Service, Winback
from .schema import INF, TOML_INT_MAX, Group, ParameterError, _short, _unknown, rejected
from .twin import Twin
from .world import Business, Customers, Economics

PRESETS: tuple[str, ...] = ("product_centric", "customer_oriented", "client_centric")
"""Names of the scenarios shipped with the package."""

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
    twin: Twin | None = None

    def __setattr__(self, name: str, value: Any) -> None:
        if name not in self.__dataclass_fields__:
            raise ParameterError(_unknown("", name, list(self.__dataclass_fields__)))
        if name == "seed" and (
            isinstance(value, bool)
            or not isinstance(value, int)
            or not 0 <= value <= TOML_INT_MAX
        ):
            raise rejected(
                "seed = {value} is not allowed; must be a whole number "
                "from 0 to 2**63 - 1 = {top}",
                value=_short(value),
                top=TOML_INT_MAX,
            )
        if name == "name" and (not isinstance(value, str) or len(value) > 200):
            if isinstance(value, str):
                raise rejected(
                    "name = {value} is not allowed; must be text of at "
                    "most 200 characters",
                    value=_short(value),
                )
            raise rejected("name = {value!r} is not allowed; must be text", value=value)
        if name in GROUPS and not isinstance(value, GROUPS[name]):
            kind = GROUPS[name].__name__
            raise rejected("{name} must be a {kind} group", name=name, kind=kind)
        if name == "twin" and value is not None and not isinstance(value, Twin):
            raise rejected("twin must be the customers of an export (a Twin)")
        object.__setattr__(self, name, value)

    def __post_init__(self) -> None:
        self.validate()

    # ------------------------------------------------------------------ checks
    def validate(self) -> Scenario:
        """Check rules that tie two parameters together; return self."""
        b = self.business
        if b.warmup_days >= b.days:
            raise rejected(
                "business.warmup_days = {warmup} is not allowed; must be "
                "less than business.days = {days}",
                warmup=b.warmup_days,
                days=b.days,
            )
        c = self.customers
        if c.advocate_satisfaction < c.loyal_satisfaction:
            raise rejected(
                "customers.advocate_satisfaction = {advocate} is not allowed; "
                "must be >= customers.loyal_satisfaction = {loyal}",
                advocate=c.advocate_satisfaction,
                loyal=c.loyal_satisfaction,
            )
        if b.service_distribution == "exponential" and b.service_time_cv != 1.0:
            raise rejected(
                "business.service_time_cv = {cv} is not allowed with exponential "
                "service times; must be 1 (or use 'lognormal')",
                cv=b.service_time_cv,
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
        data = self.to_dict()
        data.pop("twin", None)  # the customers are shared, not read again
        new = Scenario.from_dict(data)
        new.twin = self.twin
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
                group, _dot, key = dotted.rpartition(".")
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
            if key == "twin":  # set() never changes the customers
                continue
            if key in GROUPS:
                group = getattr(self, key)
                for name, item in value.items():
                    object.__setattr__(group, name, item)
            else:
                object.__setattr__(self, key, value)

    def get(self, dotted: str) -> Any:
        """Read a parameter by dotted name."""
        group, _dot, key = dotted.rpartition(".")
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
        if self.twin is not None:
            out["twin"] = self.twin.to_dict()
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any], folder: Path | None = None) -> Scenario:
        """Build a scenario from a nested dictionary; missing values keep defaults.

        A ``twin`` table names a customers file, read from ``folder`` (the
        scenario file's folder; None refuses it).
        """
        if not isinstance(data, dict):
            raise rejected("a scenario must be a table of sections")
        top = {k: v for k, v in data.items() if k not in GROUPS and k != "twin"}
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
                raise rejected(
                    "[{section}] must be a table of parameters", section=section
                )
            group = getattr(scenario, section)
            for key, value in values.items():
                setattr(group, key, value)
        object.__setattr__(scenario, "twin", None)
        if "twin" in data:
            scenario.twin = Twin.from_dict(data["twin"], folder)
        return scenario.validate()

    def to_toml(self, path: str | Path | None = None) -> str:
        """TOML text of the scenario; also written (atomically) to ``path`` if given.

        A scenario with the customers of an export also writes them beside
        it: ``today.toml`` names ``today.customers.csv``.
        """
        if path is not None and self.twin is not None:
            path = Path(path)
            table = path.with_name(f"{path.stem}.customers.csv")
            self.twin.write(table)
            self.twin = self.twin.with_changes(file=table.name)
        text = tomli_w.dumps(self.to_dict())
        if path is not None:
            atomic_text(path, text)
        return text

    @classmethod
    def from_toml(cls, path: str | Path) -> Scenario:
        """Read a scenario from a TOML file."""
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as err:
            raise rejected(
                "cannot read scenario file {path!r}: {reason}",
                path=str(path),
                reason=err.strerror,
            ) from None
        except UnicodeDecodeError:
            raise rejected(
                "cannot read scenario file {path!r}: not UTF-8 text; "
                "a scenario is a TOML text file",
                path=str(path),
            ) from None
        return cls.from_toml_text(text, origin=str(path), folder=Path(path).parent)

    @classmethod
    def from_toml_text(
        cls, text: str, origin: str = "scenario", folder: Path | None = None
    ) -> Scenario:
        """Read a scenario from TOML text (a customers file from ``folder``)."""
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as err:
            raise rejected(
                "{origin}: TOML is malformed: {error}", origin=origin, error=err
            ) from None
        except RecursionError:
            raise rejected(
                "{origin}: TOML is malformed: arrays or tables nested too deeply",
                origin=origin,
            ) from None
        return cls.from_dict(data, folder)

    @classmethod
    def preset(cls, name: str) -> Scenario:
        """One of the shipped scenarios: see :data:`PRESETS`."""
        key = name.replace("-", "_").replace(" ", "_").lower()
        if key not in PRESETS:
            raise rejected(
                "preset {name!r} is unknown; choose one of {presets}",
                name=name,
                presets=", ".join(PRESETS),
            )
        text = resources.files(__package__).joinpath("presets", f"{key}.toml")
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
