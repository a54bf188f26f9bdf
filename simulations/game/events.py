"""Events between rounds: shocks to the world from a small editable TOML list.

An event (a competitor opens, staff fall ill, a complaint goes viral) changes
facts of the world, never a team's levers, for a number of rounds. The
shipped list is ``events.toml`` beside this module; a trainer may start a
game with their own. :func:`world` gives the facts in force in a round.
"""

from __future__ import annotations

import difflib
import math
import re
import tomllib
from dataclasses import asdict, dataclass, field
from importlib import resources
from typing import Any

from ..model.rounds import SHOCKS
from ..parameters import ParameterError, Scenario
from ..parameters.schema import _short


@dataclass(frozen=True)
class Event:
    """One event: what it says and what it does.

    Parameters
    ----------
    key
        Short name (``"competitor"``).
    title, text
        What the room is told.
    rounds
        Rounds it lasts, from the round it is injected before; 0: to the end.
    scale
        Factors on values of the starting business, by dotted name.
    set
        New values, by dotted name.
    """

    key: str
    title: str
    text: str = ""
    rounds: int = 1
    scale: dict[str, float] = field(default_factory=dict)
    set: dict[str, Any] = field(default_factory=dict)

    def active(self, injected: int, round_no: int) -> bool:
        """Whether, injected before round ``injected``, it acts in ``round_no``."""
        if round_no < injected:
            return False
        return self.rounds == 0 or round_no < injected + self.rounds

    def to_dict(self) -> dict[str, Any]:
        """Plain data (JSON, TOML)."""
        return asdict(self)

    @classmethod
    def from_record(cls, data: dict[str, Any]) -> Event:
        """An event as stored; texts are made text (files of older versions
        took a number as a title)."""
        texts = {k: str(data.get(k, "")) for k in ("key", "title", "text")}
        return cls(
            **texts,
            rounds=int(data.get("rounds", 1)),
            scale=dict(data.get("scale", {})),
            set=dict(data.get("set", {})),
        )


FIELDS: dict[str, str] = {
    "key": "a short name of letters, digits, - or _ (up to 30)",
    "title": "a text of 1 to 80 characters",
    "text": "a text of up to 600 characters",
    "rounds": "a whole number from 0 (to the end) to 12",
    "scale": "a table of factors (numbers above 0) by name",
    "set": "a table of values by name",
}
"""The fields of an event in a file, and what each allows."""

_KEY = re.compile(r"[A-Za-z0-9_-]{1,30}")


def parse_events(text: str, start: Scenario | None = None) -> list[Event]:
    """Events from TOML text (``[[event]]`` tables), checked like a scenario.

    Every field must be one of :data:`FIELDS`, of its type; every name must
    be one of :data:`~simulations.model.rounds.SHOCKS`, and, when ``start``
    is given, the values it gives must be allowed. A refusal is one
    :class:`ParameterError` naming the event, the field, the value and what
    is allowed.

    Examples
    --------
    >>> events = parse_events(default_events_text())
    >>> [e.key for e in events][:2]
    ['competitor', 'flu']
    >>> parse_events("[[event]]\\nkey = 'x'\\ntitle = 12345")
    Traceback (most recent call last):
    ...
    simulations.parameters.ParameterError: event 1 (x): title = 12345 is not ...
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise ParameterError(f"events: TOML is malformed: {err}") from None
    for name in data:
        if name != "event":
            raise ParameterError(
                f"events: {_short(name)} is not allowed at the top of the file; "
                "it holds [[event]] tables only"
            )
    rows = data.get("event", [])
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise ParameterError("events: 'event' must be a list of [[event]] tables")
    found = [check_event(i + 1, row, start) for i, row in enumerate(rows)]
    keys = [e.key for e in found]
    for i, key in enumerate(keys):
        if key in keys[:i]:
            raise ParameterError(
                f"event {i + 1}: key = {key!r} is taken by another event; "
                "each event needs a key of its own"
            )
    return found


def check_event(number: int, row: dict[str, Any], start: Scenario | None) -> Event:
    """One ``[[event]]`` table, checked; ``number`` counts from 1 (for messages)."""
    where = f"event {number}"

    def refuse(name: str, value: Any) -> ParameterError:
        return ParameterError(
            f"{where}: {name} = {_short(value)} is not allowed; must be {FIELDS[name]}"
        )

    for name in row:
        if name not in FIELDS:
            close = difflib.get_close_matches(str(name), list(FIELDS), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise ParameterError(
                f"{where}: {_short(name)} is not a field of an event{hint}; "
                f"allowed: {', '.join(FIELDS)}"
            )
    for name in ("key", "title"):
        if name not in row:
            raise ParameterError(f"{where}: {name} is missing; {FIELDS[name]}")
    key, title = row["key"], row["title"]
    if not isinstance(key, str) or not _KEY.fullmatch(key):
        raise refuse("key", key)
    where = f"event {number} ({key})"
    if not isinstance(title, str) or not 1 <= len(title.strip()) <= 80:
        raise refuse("title", title)
    text = row.get("text", "")
    if not isinstance(text, str) or len(text) > 600:
        raise refuse("text", text)
    rounds = row.get("rounds", 1)
    if isinstance(rounds, bool) or not isinstance(rounds, int) or not 0 <= rounds <= 12:
        raise refuse("rounds", rounds)
    scale, values = row.get("scale", {}), row.get("set", {})
    for name, table in (("scale", scale), ("set", values)):
        if not isinstance(table, dict):
            raise refuse(name, table)
        for fact in table:
            if fact not in SHOCKS:
                raise ParameterError(
                    f"{where}: {_short(fact)} cannot change mid-run; "
                    f"choose from {', '.join(SHOCKS)}"
                )
    for fact, factor in scale.items():
        ok = isinstance(factor, int | float) and not isinstance(factor, bool)
        if not ok or not 0 < factor < math.inf:
            raise ParameterError(
                f"{where}: scale {fact} = {_short(factor)} is not allowed; "
                "must be a number above 0"
            )
    event = Event(key, title.strip(), text, rounds, dict(scale), dict(values))
    if start is not None:
        try:
            start.copy(**changes(start, [event]))
        except ParameterError as err:
            raise ParameterError(f"{where}: {err}") from None
    return event


def default_events_text() -> str:
    """The TOML text of the shipped events."""
    return resources.files(__package__).joinpath("events.toml").read_text("utf-8")


def changes(start: Scenario, acting: list[Event]) -> dict[str, Any]:
    """Values of the shocked facts when ``acting`` events act on ``start``."""
    values: dict[str, Any] = {}
    for event in acting:
        for name, factor in event.scale.items():
            values[name] = values.get(name, start.get(name)) * factor
        values.update(event.set)
    return values


def world(
    start: Scenario, injected: list[tuple[int, Event]], round_no: int
) -> dict[str, Any]:
    """Every shockable fact's value in round ``round_no`` (1 is the first).

    Parameters
    ----------
    start
        The starting business.
    injected
        Events with the round they were injected before.
    round_no
        The round to be played.
    """
    base = {name: start.get(name) for name in SHOCKS}
    acting = [e for at, e in injected if e.active(at, round_no)]
    return base | changes(start, acting)
