"""The desk's hand-written staff serve in the same order as SimPy's resource.

``model/staff.py`` replaces SimPy's ``PriorityResource`` (for speed). Here both
serve the same random visits, with priorities, patience and changes of staff,
and every visit must start (or give up) at the same moment, and the areas under
"waiting" and "busy" must agree with a direct count.
"""

from __future__ import annotations

from itertools import pairwise

import numpy as np
import pytest
import simpy

from simulations.model.staff import make_staff

HORIZON = 2_000.0


def _workload(seed: int) -> list[tuple[float, int, float, float]]:
    """Arrival time, priority, patience and service time of each visit."""
    rng = np.random.default_rng(seed)
    n = 600
    arrivals = np.cumsum(rng.exponential(2.6, n))
    return [
        (float(a), int(p), float(w), float(s))
        for a, p, w, s in zip(
            arrivals,
            rng.integers(0, 2, n),
            rng.exponential(6.0, n),
            rng.exponential(7.0, n),
            strict=True,
        )
    ]


STAFF_CHANGES = ((300.0, 1), (700.0, 4), (1_100.0, 2))


def _drive(env: simpy.Environment, work: list, visit, change) -> None:
    """Start each visit of ``work`` on time, change staff on time, run."""

    def arrivals():
        for i, (at, priority, patience, duration) in enumerate(work):
            yield env.timeout(at - env.now)
            env.process(visit(i, priority, patience, duration))

    def changes():
        for at, servers in STAFF_CHANGES:
            yield env.timeout(at - env.now)
            change(servers)

    env.process(arrivals())
    env.process(changes())
    env.run(until=HORIZON)


def _with_simpy(work: list) -> list[tuple[str, float]]:
    env = simpy.Environment()
    staff = simpy.PriorityResource(env, capacity=3)
    outcome: list[tuple[str, float]] = [("", 0.0)] * len(work)

    def visit(i: int, priority: int, patience: float, duration: float):
        request = staff.request(priority)
        got = yield request | env.timeout(patience)
        if request not in got:
            request.cancel()
            outcome[i] = ("gave up", env.now)
            return
        outcome[i] = ("served", env.now)
        yield env.timeout(duration)
        staff.release(request)

    def change(servers: int) -> None:
        staff._capacity = servers
        for _ in range(servers):  # SimPy lets one waiting request in per call
            staff._trigger_put(None)

    _drive(env, work, visit, change)
    return outcome


def _with_staff(work: list):
    env = simpy.Environment()
    staff = make_staff(env, 3, (0.0, HORIZON))
    outcome: list[tuple[str, float]] = [("", 0.0)] * len(work)
    trace = [(0.0, 0, 0)]  # (time, waiting, busy) after each change

    def note():
        trace.append((env.now, staff.waiting, staff.busy))

    def visit(i: int, priority: int, patience: float, duration: float):
        ticket = staff.request(priority)
        note()
        if not ticket.served:
            staff.leave_after(ticket, patience)
            yield ticket.called
            if not ticket.served:
                note()
                outcome[i] = ("gave up", env.now)
                return
        outcome[i] = ("served", env.now)
        yield env.timeout(duration)
        staff.release()
        note()

    def change(servers: int) -> None:
        staff.set_capacity(servers)
        note()

    _drive(env, work, visit, change)
    staff.observe()
    return outcome, trace, staff


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_staff_serve_as_simpys_priority_resource_does(seed: int) -> None:
    work = _workload(seed)
    expected = _with_simpy(work)
    got, _, _ = _with_staff(work)
    done = [o for o in expected if o[0]]
    assert len(done) > 500  # most visits are decided within the horizon
    assert sum(o[0] == "gave up" for o in done) > 20  # and some give up
    assert got == expected


@pytest.mark.parametrize("seed", [1, 2])
def test_the_areas_are_the_integrals_of_waiting_and_busy(seed: int) -> None:
    _, trace, staff = _with_staff(_workload(seed))
    trace.append((HORIZON, 0, 0))
    wait = sum(w * (t1 - t0) for (t0, w, _), (t1, _, _) in pairwise(trace))
    busy = sum(b * (t1 - t0) for (t0, _, b), (t1, _, _) in pairwise(trace))
    assert staff.wait_area == pytest.approx(wait, rel=1e-12)
    assert staff.busy_area == pytest.approx(busy, rel=1e-12)
    assert wait > 100.0 and busy > 1_000.0


def test_fewer_staff_finish_their_visit_and_nobody_new_is_served() -> None:
    env = simpy.Environment()
    staff = make_staff(env, 2, (0.0, 100.0))
    first, second, third = staff.request(), staff.request(), staff.request()
    assert first.served and second.served and not third.served
    staff.set_capacity(1)
    staff.release()  # one of two finishes: one still busy, capacity 1
    assert not third.served and staff.busy == 1
    staff.release()
    assert third.served and staff.busy == 1 and staff.waiting == 0
