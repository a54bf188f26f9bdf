"""The reference of benchmark 1: a bare SimPy M/M/c loop, written here.

One process per visit (``with res.request() as req: yield req; yield
env.timeout(...)``) and numbers from NumPy generators drawn in blocks: what a
queue costs in SimPy before any model of customers is added.
"""

from __future__ import annotations

from collections.abc import Generator, Iterator

import numpy as np
import simpy

_BLOCK = 4096


def exponentials(rng: np.random.Generator, mean: float) -> Iterator[float]:
    """Endless exponential numbers, drawn from ``rng`` in blocks.

    Parameters
    ----------
    rng
        The NumPy generator.
    mean
        Mean of the distribution.

    Yields
    ------
    float
        One exponential number.
    """
    while True:
        yield from (mean * rng.standard_exponential(_BLOCK)).tolist()


def bare_mmc(
    servers: int,
    arrival_rate: float,
    service_mean: float,
    horizon: float,
    seed: int = 2026,
) -> int:
    """Run a bare SimPy M/M/c queue and count the visits served.

    Parameters
    ----------
    servers
        Number of servers (a :class:`simpy.Resource` of this capacity).
    arrival_rate
        Poisson arrivals a minute.
    service_mean
        Mean of the exponential service time, minutes.
    horizon
        Minutes to simulate.
    seed
        Seed of the NumPy generators.

    Returns
    -------
    int
        Visits whose service ended within the horizon.
    """
    env = simpy.Environment()
    staff = simpy.Resource(env, capacity=servers)
    arrival_rng, service_rng = (
        np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(2)
    )
    gaps = exponentials(arrival_rng, 1.0 / arrival_rate)
    durations = exponentials(service_rng, service_mean)
    served = 0

    def visit(duration: float) -> Generator[simpy.Event]:
        nonlocal served
        with staff.request() as req:
            yield req
            yield env.timeout(duration)
        served += 1

    def arrivals() -> Generator[simpy.Event]:
        while True:
            yield env.timeout(next(gaps))
            env.process(visit(next(durations)))

    env.process(arrivals())
    env.run(until=horizon)
    return served
