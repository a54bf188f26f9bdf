"""The service desk: staff, the queue, abandonment and service.

Staff are a SimPy resource. A visit asks for a member of staff, waits in
the queue (first come first served, or key customers first), gives up when
its patience runs out, and is otherwise served for a service time that
training shortens. The desk also keeps the time-averages that queueing
theory speaks about (customers waiting, staff busy), so that Little's law
and the Erlang formulas can be checked against the run.
"""

from __future__ import annotations

import math
from collections.abc import Generator
from dataclasses import dataclass

import simpy

from .customers import Customer
from .parameters import Scenario
from .streams import Streams


def effective_service_time(scenario: Scenario) -> float:
    """Mean service time of the scenario's staff: training shortens it.

    Examples
    --------
    >>> from simulations import Scenario
    >>> s = Scenario().set(**{"business.service_time": 10.0,
    ...                       "service.training_level": 1.0,
    ...                       "service.training_speedup": 0.2})
    >>> effective_service_time(s)
    8.0
    """
    svc = scenario.service
    return scenario.business.service_time * (
        1.0 - svc.training_speedup * svc.training_level
    )


@dataclass(slots=True)
class Outcome:
    """What happened at one visit, before the customer judged it."""

    arrived: float  # model time (minutes)
    wait: float  # minutes in the queue, until served or gone
    served: bool
    quality: float  # quality delivered by the staff, 0-10 scale


class ServiceDesk:
    """Staff serving a queue of visits.

    Parameters
    ----------
    env
        The SimPy environment.
    scenario
        Supplies staff, service times, quality and queue discipline.
    streams
        Random streams of the run (service times, patience, quality).
    """

    def __init__(self, env: simpy.Environment, scenario: Scenario, streams: Streams):
        b, svc, c = scenario.business, scenario.service, scenario.customers
        day = b.open_hours * 60
        self.env = env
        self.priority = svc.queue_discipline == "priority"
        self.staff = (
            simpy.PriorityResource(env, capacity=b.staff)
            if self.priority
            else simpy.Resource(env, capacity=b.staff)
        )
        self.servers = b.staff
        self.exponential = b.service_distribution == "exponential"
        self.service_mean = effective_service_time(scenario)
        self.service_cv = b.service_time_cv
        # Freedom from scripts helps trained staff and hurts untrained ones:
        # its gain scales with (2 * training - 1), an assumption of this model.
        self.quality_mean = (
            svc.base_quality
            + svc.training_effect * svc.training_level
            + svc.flexibility_effect
            * svc.script_flexibility
            * (2 * svc.training_level - 1)
        )
        self.quality_sd = svc.quality_spread
        self.patience_mean = c.patience
        self.patience = streams.patience
        self.service_times = streams.service_times
        self.quality = streams.quality
        # Time-averages for queueing theory over the measured window (after
        # the warm-up): the area under the curve of customers waiting, and the
        # staff time spent serving.
        self.measure_from = b.warmup_days * day
        self.measure_to = b.days * day
        self.waiting = 0
        self.wait_area = 0.0
        self.busy_area = 0.0
        self.last_change = 0.0

    # ------------------------------------------------------------ the story
    def visit(self, customer: Customer) -> Generator[simpy.Event, object, Outcome]:
        """Queue, perhaps give up, else be served. Use with ``yield from``."""
        env = self.env
        arrived = env.now
        # Draw every number a visit may need now, whatever happens, so that
        # two scenarios with the same seed use them for the same visits.
        patience = self.patience.exponential(self.patience_mean)
        duration = self._service_time()
        quality = self.quality.normal(self.quality_mean, self.quality_sd)

        if self.priority:
            request = self.staff.request(priority=0 if customer.key else 1)
        else:
            request = self.staff.request()
        if not request.triggered:  # nobody free: join the queue
            self._count(waiting=+1)
            if patience == math.inf:
                yield request
            else:
                yield request | env.timeout(patience)
            self._count(waiting=-1)
            if not request.triggered:  # patience ran out first
                request.cancel()
                return Outcome(arrived, env.now - arrived, False, quality)
        start = env.now
        # The part of this service inside the measured window: one sum here
        # is cheaper than tracking the number busy at every change.
        busy = min(start + duration, self.measure_to) - max(start, self.measure_from)
        if busy > 0.0:
            self.busy_area += busy
        yield env.timeout(duration)
        self.staff.release(request)
        return Outcome(arrived, start - arrived, True, quality)

    # ------------------------------------------------------------ helpers
    def _service_time(self) -> float:
        if self.exponential:
            return self.service_times.exponential(self.service_mean)
        return self.service_times.lognormal_mean_cv(self.service_mean, self.service_cv)

    def _count(self, waiting: int = 0) -> None:
        """Add to the area under the waiting curve, then change the count."""
        now = self.env.now
        if now > self.measure_from:
            start = max(self.last_change, self.measure_from)
            self.wait_area += self.waiting * (now - start)
        self.last_change = now
        self.waiting += waiting

    def close_books(self) -> None:
        """Add the areas up to now (call at the end of the run)."""
        self._count()
