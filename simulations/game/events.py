"""Events between rounds: shocks to the world from a small editable TOML list.

An event (a competitor opens, staff fall ill, a complaint goes viral) changes
facts of the world, never a team's levers, for a number of rounds. The
shipped list is ``events.toml`` beside this module; a trainer may start a
game with their own. :func:`world` gives the facts in force in a round.
"""

from __future__ import annotations

import tomllib
from dataclasses import asdict, dataclass, field
from importlib import resources
from typing import Any

from ..model.rounds import SHOCKS
from ..parameters import ParameterError, Scenario


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


def parse_events(text: str, start: Scenario | None = None) -> list[Event]:
    """Events from TOML text (``[[event]]`` tables), checked.

    Every name must be one of :data:`~simulations.model.rounds.SHOCKS`, and,
    when ``start`` is given, the values it gives must be allowed.

    Examples
    --------
    >>> events = parse_events(default_events_text())
    >>> [e.key for e in events][:2]
    ['competitor', 'flu']
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise ParameterError(f"events: TOML is malformed: {err}") from None
    found = []
    for i, row in enumerate(data.get("event", [])):
        try:
            event = Event(**row)
        except TypeError:
            raise ParameterError(
                f"events: event {i + 1} needs key and title, and may have text, "
                "rounds, scale and set"
            ) from None
        for name in (*event.scale, *event.set):
            if name not in SHOCKS:
                raise ParameterError(
                    f"event {event.key!r}: {name!r} cannot change mid-run; "
                    f"choose from {', '.join(SHOCKS)}"
                )
        if not isinstance(event.rounds, int) or event.rounds < 0:
            raise ParameterError(f"event {event.key!r}: rounds must be 0 or more")
        if start is not None:
            start.copy(**changes(start, [event]))
        found.append(event)
    keys = [e.key for e in found]
    if len(set(keys)) != len(keys):
        raise ParameterError("events: two events have the same key")
    return found


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
