"""The service desk: staff, the queue, abandonment and service.

A visit asks the staff (``staff.py``) for a member of staff, waits in the
queue (first come first served, or key customers first), gives up when its
patience runs out, and is otherwise served for a service time that training
shortens. The staff keep the time-averages that queueing theory speaks
about (customers waiting, staff busy), so that Little's law and the Erlang
formulas can be checked against the run, and the visit itself reads like
the story it models.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Generator
from dataclasses import dataclass

import simpy

from ..parameters import Scenario
from ..vocabulary import day_minutes
from .customers import Customer
from .staff import make_staff


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
    first: bool  # waited ahead of the others in line (a key customer, served first)


class ServiceDesk:
    """Staff serving a queue of visits.

    Parameters
    ----------
    env
        The SimPy environment.
    scenario
        Supplies staff, service times, quality and queue discipline.
    """

    def __init__(
        self, env: simpy.Environment, scenario: Scenario, switchable: bool = False
    ):
        b, svc = scenario.business, scenario.service
        day = day_minutes(b.open_hours)
        self.env = env
        # A switchable desk keeps key customers' priority as a flag, so that
        # the discipline can change mid-run: with equal priorities the
        # priority queue serves first come first served.
        self.switchable = switchable
        self.priority = svc.queue_discipline == "priority"
        self.servers = b.staff
        # Time-averages count over the measured window (after the warm-up).
        self.staff = make_staff(env, b.staff, (b.warmup_days * day, b.days * day))
        self.exponential = b.service_distribution == "exponential"
        self.service_cv = b.service_time_cv
        self.quality_sd = svc.quality_spread
        self.patience_mean = scenario.customers.patience
        self.apply(scenario)

    def apply(self, scenario: Scenario) -> None:
        """Take the levers of ``scenario``: staff, training, freedom, discipline.

        A change of staff takes effect at once for the customers waiting when
        staff are added; staff taken away finish the customer they are
        serving, and nobody new is served until fewer are busy than the new
        number.
        """
        b, svc = scenario.business, scenario.service
        self.service_mean = effective_service_time(scenario)
        # The lognormal's parameters, once (as Stream.lognormal_mean_cv has them).
        sigma2 = math.log1p(self.service_cv * self.service_cv)
        self.log_service = (-0.5 * sigma2, math.sqrt(sigma2))
        # Freedom from scripts helps trained staff and hurts untrained ones:
        # its gain scales with (2 * training - 1), an assumption of this model.
        self.quality_mean = (
            svc.base_quality
            + svc.training_effect * svc.training_level
            + svc.flexibility_effect
            * svc.script_flexibility
            * (2 * svc.training_level - 1)
        )
        if self.switchable:
            self.priority = svc.queue_discipline == "priority"
        if b.staff != self.servers:
            self.servers = b.staff
            self.staff.set_capacity(b.staff)

    def measure_until(self, end: float) -> None:
        """Keep the time-averages up to model time ``end`` (a run continues)."""
        self.staff.measure_to = end

    # ------------------------------------------------------------ the story
    def draws(self, customer: Customer) -> tuple[float, float, float]:
        """Patience, service time and quality delivered, for one visit."""
        rng = customer.rng
        patience = rng.exponential(self.patience_mean)
        if self.exponential:
            duration = rng.exponential(self.service_mean)
        else:  # lognormal, with the mean and CV of the scenario
            duration = self.service_mean * math.exp(rng.normal(*self.log_service))
        return patience, duration, rng.normal(self.quality_mean, self.quality_sd)

    def visit(self, customer: Customer) -> Generator[simpy.Event, object, Outcome]:
        """Queue, perhaps give up, else be served. Use with ``yield from``."""
        env = self.env
        arrived = env.now
        # Draw every number a visit may need now, whatever happens, so that
        # two scenarios with the same seed use them for the same visits.
        patience, duration, quality = self.draws(customer)

        first = customer.key and self.priority
        ticket = self.staff.request(0 if first else 1)
        if not ticket.served:  # nobody free: wait, perhaps give up
            self.staff.leave_after(ticket, patience)
            yield ticket.called
            if not ticket.served:  # patience ran out first
                return Outcome(arrived, env.now - arrived, False, quality, first)
        start = env.now
        yield env.timeout(duration)
        self.staff.release()
        return Outcome(arrived, start - arrived, True, quality, first)

    def visit_once(
        self, customer: Customer, done: Callable[[Customer, Outcome], None]
    ) -> None:
        """A one-off visit, as :meth:`visit` tells it, without a process.

        A plain queue's visitors never come back, so a visit needs no story
        beyond itself. Here it is told with callbacks on SimPy events: the same
        numbers, drawn in the same order, and the same steps, without the cost
        of starting and ending a process for each visit. ``done`` gets the
        outcome when the visit ends. A test checks both give the same numbers.
        """
        env, staff = self.env, self.staff
        arrived = env.now
        patience, duration, quality = self.draws(customer)

        first = customer.key and self.priority

        def finish(_: object) -> None:
            staff.release()
            done(customer, Outcome(arrived, start - arrived, True, quality, first))

        def serve() -> None:
            nonlocal start
            start = env.now
            env.timeout(duration).callbacks.append(finish)

        start = arrived
        ticket = staff.request(0 if first else 1, serve)
        if not ticket.served:

            def give_up() -> None:
                wait = env.now - arrived
                done(customer, Outcome(arrived, wait, False, quality, first))

            staff.leave_after(ticket, patience, give_up)

    # ------------------------------------------------------------ helpers
    def close_books(self) -> None:
        """Add the time-averages up to now (call at the end of the run)."""
        self.staff.observe()

    @property
    def unfinished(self) -> int:
        """Visits still waiting or in service now (at the end of a run)."""
        return self.staff.waiting + self.staff.busy

    @property
    def busy_area(self) -> float:
        """Staff-minutes spent serving in the measured window."""
        return self.staff.busy_area

    @property
    def wait_area(self) -> float:
        """Customer-minutes spent waiting in the measured window."""
        return self.staff.wait_area
