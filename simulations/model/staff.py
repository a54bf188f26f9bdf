"""Staff at the desk: who is busy, who waits, and the time-averages of both.

A visit asks for a member of staff and gets a :class:`Ticket`. If someone is
free the ticket is served at once; otherwise it waits in line (key customers
ahead of the others when the desk serves them first) until a member of staff
finishes, or until the visitor's patience runs out.

Queueing theory speaks of time-averages: the mean number waiting and the
share of staff time spent serving. Rather than have every visit write them
down, the staff observe themselves whenever their state is about to change (a
request, a release, a ticket given up, a change of staff) and add up the
areas under the curves of "customers waiting" and "staff busy" over a
measured window.

This is SimPy's ``PriorityResource`` cut down to what the desk needs: the
same order of service, without an event for each request and release. A
waiting visit's process waits on the ticket's ``called`` event; a one-off
visit told with callbacks gets a call instead.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable

import simpy


class Ticket:
    """A visit's place at the desk.

    Attributes
    ----------
    served
        True once a member of staff has taken the visit.
    gone
        True if the visitor gave up waiting.
    called
        For a visit told as a process: the event that fires when it is
        served, or when the visitor leaves (see :meth:`Staff.leave_after`);
        None if it was served at once, or told with callbacks.
    """

    __slots__ = ("called", "gone", "on_serve", "served")

    def __init__(self, on_serve: Callable[[], None] | None) -> None:
        self.served = False
        self.gone = False
        self.called: simpy.Event | None = None
        self.on_serve = on_serve


SERVED_AT_ONCE = Ticket(None)
"""The ticket of every visit a process tells that is served as it asks: it
is never waited on, so all share one."""
SERVED_AT_ONCE.served = True


class Staff:
    """Members of staff serving a line of visits, with their time-averages.

    Parameters
    ----------
    env
        The SimPy environment.
    capacity
        Members of staff on duty.
    window
        ``(start, end)`` minutes over which the areas are kept.
    """

    def __init__(
        self, env: simpy.Environment, capacity: int, window: tuple[float, float]
    ) -> None:
        self.env = env
        self.capacity = capacity
        self.busy = 0  # members of staff serving now
        self.waiting = 0  # visits in line now (tickets given up not counted)
        self.peak = 0  # most visits in line at once since the day opened
        # Priority 0 (key customers, when they go first) ahead of priority 1;
        # first come, first served within each. Given-up tickets stay in the
        # line, marked gone, until they reach its head: cheaper than a removal.
        self.lines: tuple[deque[Ticket], deque[Ticket]] = (deque(), deque())
        self.measure_from, self.measure_to = window
        self.wait_area = 0.0
        self.busy_area = 0.0
        self._last = 0.0

    def observe(self) -> None:
        """Add the areas since the last change, clipped to the measured window."""
        now = self.env.now
        start = self._last if self._last > self.measure_from else self.measure_from
        end = now if now < self.measure_to else self.measure_to
        if end > start:
            self.wait_area += self.waiting * (end - start)
            self.busy_area += self.busy * (end - start)
        self._last = now

    def request(
        self, priority: int = 1, on_serve: Callable[[], None] | None = None
    ) -> Ticket:
        """Ask for a member of staff; served at once if one is free.

        Parameters
        ----------
        priority
            0 goes before 1 (key customers first); equal priorities are
            served first come, first served.
        on_serve
            Called when the visit is served (at once, or later from
            :meth:`release`). Without it, a waiting ticket gets a ``called``
            event to wait on.
        """
        self.observe()
        # Nobody waits while a member of staff is free, so a free member of
        # staff takes this visit.
        if self.busy < self.capacity and on_serve is None:
            self.busy += 1
            return SERVED_AT_ONCE  # most visits: no ticket of their own needed
        ticket = Ticket(on_serve)
        if self.busy < self.capacity:
            self._serve(ticket)
        else:
            if on_serve is None:
                ticket.called = simpy.Event(self.env)
            self.lines[priority].append(ticket)
            self.waiting += 1
            if self.waiting > self.peak:
                self.peak = self.waiting
        return ticket

    def leave_after(
        self,
        ticket: Ticket,
        patience: float,
        on_leave: Callable[[], None] | None = None,
    ) -> None:
        """The visitor leaves the line after ``patience`` minutes if still waiting.

        On leaving, ``on_leave`` is called; without it, ``ticket.called``
        fires (with ``ticket.served`` still False). Endless patience
        schedules nothing.
        """
        if patience == math.inf:
            return

        def leave(_: object) -> None:
            if ticket.served:
                return
            self.observe()
            ticket.gone = True
            self.waiting -= 1
            if on_leave is not None:
                on_leave()
            elif ticket.called is not None:
                ticket.called.succeed()

        self.env.timeout(patience).callbacks.append(leave)

    def new_day(self) -> None:
        """Count the longest line again, from the line waiting at the opening."""
        self.peak = self.waiting

    def release(self) -> None:
        """A member of staff finishes a visit and takes the next one waiting."""
        self.observe()
        self.busy -= 1
        if self.waiting:
            self._call_next()

    def set_capacity(self, servers: int) -> None:
        """Change the number of staff from now on.

        More staff serve waiting customers at once. Fewer staff: those busy
        finish their customer, and a waiting customer is served only when
        fewer than ``servers`` are busy.
        """
        self.observe()
        self.capacity = servers
        self._call_next()

    def _call_next(self) -> None:
        """Serve waiting visits, in order, while members of staff are free."""
        while self.waiting and self.busy < self.capacity:
            line = self.lines[0] or self.lines[1]
            ticket = line.popleft()
            if not ticket.gone:
                self.waiting -= 1
                self._serve(ticket)

    def _serve(self, ticket: Ticket) -> None:
        self.busy += 1
        ticket.served = True
        if ticket.on_serve is not None:
            ticket.on_serve()
        elif ticket.called is not None:
            ticket.called.succeed()


def make_staff(
    env: simpy.Environment, servers: int, window: tuple[float, float]
) -> Staff:
    """Staff of ``servers`` members, watched over ``window`` (start, end) minutes.

    Examples
    --------
    >>> env = simpy.Environment()
    >>> staff = make_staff(env, 1, (0.0, 1e9))
    >>> def visit(env, staff, minutes):
    ...     ticket = staff.request()
    ...     if not ticket.served:
    ...         staff.leave_after(ticket, 10.0)  # patience: 10 minutes
    ...         yield ticket.called
    ...         if not ticket.served:
    ...             return
    ...     yield env.timeout(minutes)
    ...     staff.release()
    >>> _ = env.process(visit(env, staff, 4.0)); _ = env.process(visit(env, staff, 4.0))
    >>> env.run(); staff.observe()
    >>> staff.busy_area, staff.wait_area
    (8.0, 4.0)
    """
    return Staff(env, servers, window)
