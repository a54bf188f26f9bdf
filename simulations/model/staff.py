"""Staff as a SimPy resource that keeps its own time-averages.

Queueing theory speaks of time-averages: the mean number waiting and the
share of staff time spent serving. Rather than have every visit write them
down, the resource observes itself whenever its state is about to change (a
request, a release, a request given up) and adds up the areas under the
curves of "customers waiting" and "staff busy" over a measured window.
"""

from __future__ import annotations

from typing import Any

import simpy
from simpy.resources.resource import PriorityRequest, Request


class _Monitored:
    """Mixin: areas under "waiting" and "busy" over ``[measure_from, measure_to]``."""

    _env: simpy.Environment
    put_queue: list
    users: list

    def watch(self, measure_from: float, measure_to: float) -> None:
        """Start keeping the areas for the window ``[measure_from, measure_to]``."""
        self.measure_from = measure_from
        self.measure_to = measure_to
        self.wait_area = 0.0
        self.busy_area = 0.0
        self._last = 0.0

    def observe(self) -> None:
        """Add the areas since the last change, clipped to the measured window."""
        now = self._env.now
        start = self._last if self._last > self.measure_from else self.measure_from
        end = now if now < self.measure_to else self.measure_to
        if end > start:
            self.wait_area += len(self.put_queue) * (end - start)
            self.busy_area += len(self.users) * (end - start)
        self._last = now

    def set_capacity(self, servers: int) -> None:
        """Change the number of staff from now on.

        More staff serve waiting customers at once. Fewer staff: those busy
        finish their customer, and a waiting customer is served only when
        fewer than ``servers`` are busy.
        """
        self.observe()
        self._capacity = servers  # type: ignore[attr-defined]
        # SimPy lets one waiting request in per call.
        for _ in range(max(0, servers - len(self.users))):
            self._trigger_put(None)  # type: ignore[attr-defined]

    def release(self, request: Any) -> Any:
        self.observe()
        return super().release(request)  # type: ignore[misc]


class _WatchedRequest(Request):
    def cancel(self) -> None:
        self.resource.observe()
        super().cancel()


class _WatchedPriorityRequest(PriorityRequest):
    def cancel(self) -> None:
        self.resource.observe()
        super().cancel()


class Staff(_Monitored, simpy.Resource):
    """Staff serving first come, first served."""

    def request(self, priority: int = 0) -> Request:  # type: ignore[override]
        """Ask for a member of staff (``priority`` is ignored: first come first)."""
        self.observe()
        return _WatchedRequest(self)


class PriorityStaff(_Monitored, simpy.PriorityResource):
    """Staff serving key customers first (lower ``priority`` goes first)."""

    def request(self, priority: int = 0) -> PriorityRequest:  # type: ignore[override]
        """Ask for a member of staff with a priority (0 before 1)."""
        self.observe()
        return _WatchedPriorityRequest(self, priority)


def make_staff(
    env: simpy.Environment, servers: int, priority: bool, window: tuple[float, float]
) -> Staff | PriorityStaff:
    """Staff of ``servers`` members, watched over ``window`` (start, end) minutes.

    Examples
    --------
    >>> env = simpy.Environment()
    >>> staff = make_staff(env, 1, False, (0.0, 1e9))
    >>> def visit(env, staff, minutes):
    ...     with staff.request() as req:
    ...         yield req
    ...         yield env.timeout(minutes)
    >>> _ = env.process(visit(env, staff, 4.0)); _ = env.process(visit(env, staff, 4.0))
    >>> env.run(); staff.observe()
    >>> staff.busy_area, staff.wait_area
    (8.0, 4.0)
    """
    cls = PriorityStaff if priority else Staff
    staff = cls(env, capacity=servers)
    staff.watch(*window)
    return staff
