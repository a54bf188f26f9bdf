"""The model's clock: SimPy's environment with its two busiest paths shortened.

A run of the lab steps through some 40,000 events, most of them a
customer's wait for their next visit or for the end of a service. SimPy
spends about a microsecond and a half on each, in Python: the timeout's
constructor calls the scheduler, and ``run`` calls ``step`` for each event.
:class:`Clock` does the same work with fewer calls: :meth:`Clock.timeout`
builds the event and pushes it on the queue in one function, and
:meth:`Clock.run` steps through the queue in one loop. The events, their
order (time, priority, then the order they were scheduled in) and what
happens at each are SimPy's own; ``tests/test_same_seed.py`` checks that
runs keep every number, and ``tests/test_model_clock.py`` that the clock
steps like SimPy's environment.
"""

from __future__ import annotations

from heapq import heappop, heappush
from operator import attrgetter
from typing import Any

import simpy
from simpy.core import EmptySchedule, StopSimulation
from simpy.events import NORMAL, URGENT, Event, Timeout


class Clock(simpy.Environment):
    """A :class:`simpy.Environment` whose ``timeout`` and ``run`` take fewer calls.

    Examples
    --------
    >>> clock = Clock()
    >>> def visit(clock):
    ...     yield clock.timeout(4.0)
    ...     return clock.now
    >>> done = clock.process(visit(clock))
    >>> clock.run(until=10.0)
    >>> done.value, clock.now
    (4.0, 10.0)
    """

    now = property(attrgetter("_now"), doc="The current model time.")
    """The current model time, read without a Python call (a model reads it
    several times a visit)."""

    def timeout(self, delay: float = 0, value: Any = None) -> Timeout:
        """A :class:`simpy.Timeout` of ``delay``, as SimPy makes it, in one call."""
        if delay < 0:
            raise ValueError(f"Negative delay {delay}")
        event = Timeout.__new__(Timeout)
        event.env = self
        event.callbacks = []
        event._value = value
        event._delay = delay
        event._ok = True
        heappush(self._queue, (self._now + delay, NORMAL, next(self._eid), event))
        return event

    def run(self, until: float | Event | None = None) -> Any:
        """Step through the events until model time ``until`` (a number).

        Any other ``until`` (an event, or none) is left to SimPy.
        """
        if until is None or isinstance(until, Event):
            return super().run(until)
        at = until if isinstance(until, int) else float(until)
        if at <= self._now:
            raise ValueError(
                f"until ({at}) must be greater than the current simulation time"
            )
        stop = Event(self)  # before all regular events at ``at``, as in SimPy
        stop._ok = True
        stop._value = None
        stop.callbacks.append(StopSimulation.callback)
        # The stop's time as SimPy computes it (now plus the delay), to the bit.
        heappush(
            self._queue, (self._now + (at - self._now), URGENT, next(self._eid), stop)
        )
        queue = self._queue
        try:
            while True:
                try:
                    self._now, _, _, event = heappop(queue)
                except IndexError:
                    raise EmptySchedule from None
                callbacks, event.callbacks = event.callbacks, None
                for callback in callbacks:
                    callback(event)
                if not event._ok and not hasattr(event, "_defused"):
                    exc = type(event._value)(*event._value.args)
                    exc.__cause__ = event._value
                    raise exc
        except StopSimulation as exc:
            # The stop event's only callback: SimPy puts the event back with
            # what is left of its callbacks (none); so does this clock.
            stop.callbacks = []
            self.schedule(stop, URGENT - 1)
            return exc.args[0]
        except EmptySchedule:
            raise RuntimeError(
                f'No scheduled events left but "until" event was not triggered: {stop}'
            ) from None
