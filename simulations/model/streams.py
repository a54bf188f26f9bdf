"""Random streams: one independent stream per activity.

Each activity of the model (arrivals, service times, patience...) draws from
its own stream, seeded from :class:`numpy.random.SeedSequence` with a fixed
key. Two scenarios run with the same seed therefore see the same arrivals
and the same patience draws even when one has more staff: the common random
numbers that make paired comparisons sharp.

Streams hand out numbers from blocks drawn in one NumPy call, because one
NumPy call per number costs more than the rest of a visit.
"""

from __future__ import annotations

import math
from collections.abc import Iterator

import numpy as np

ACTIVITIES: tuple[str, ...] = (
    "prospects",  # first visits that come by themselves
    "acquired",  # first visits bought with advertising
    "referrals",  # friends brought by advocates
    "deterrence",  # prospects put off by unhappy lost customers
    "values",  # what each customer spends
    "expectations",  # what each customer expects
    "patience",  # how long a customer will wait
    "service_times",  # how long a visit takes
    "quality",  # how good a visit is
    "gaps",  # time between a customer's visits
    "leaving",  # whether a customer leaves after a visit
    "complaints",  # whether an unhappy customer complains
    "winback",  # whether a win-back contact works
)
"""Activities that have a stream. New ones are added at the end so that the
streams of existing activities keep their seeds."""

_BLOCK = 2048


class Stream:
    """Random numbers for one activity, drawn in blocks.

    Parameters
    ----------
    seed_seq
        The activity's own seed sequence.

    Examples
    --------
    >>> s = Stream(np.random.SeedSequence(1))
    >>> 0.0 <= s.uniform() < 1.0
    True
    """

    def __init__(self, seed_seq: np.random.SeedSequence) -> None:
        self.rng = np.random.default_rng(seed_seq)
        self._uniform: Iterator[float] = iter(())
        self._exponential: Iterator[float] = iter(())
        self._normal: Iterator[float] = iter(())

    def uniform(self) -> float:
        """A uniform number in [0, 1)."""
        try:
            return next(self._uniform)
        except StopIteration:
            self._uniform = iter(self.rng.random(_BLOCK).tolist())
            return next(self._uniform)

    def exponential(self, mean: float) -> float:
        """An exponential number with the given mean (``inf`` stays ``inf``)."""
        if mean == math.inf:
            return math.inf
        try:
            return mean * next(self._exponential)
        except StopIteration:
            self._exponential = iter(self.rng.standard_exponential(_BLOCK).tolist())
            return mean * next(self._exponential)

    def normal(self, mean: float = 0.0, sd: float = 1.0) -> float:
        """A normal number."""
        try:
            return mean + sd * next(self._normal)
        except StopIteration:
            self._normal = iter(self.rng.standard_normal(_BLOCK).tolist())
            return mean + sd * next(self._normal)

    def lognormal_mean_cv(self, mean: float, cv: float) -> float:
        """A lognormal number with the given mean and coefficient of variation."""
        sigma2 = math.log1p(cv * cv)
        return mean * math.exp(self.normal(-0.5 * sigma2, math.sqrt(sigma2)))

    def chance(self, p: float) -> bool:
        """True with probability ``p``."""
        return self.uniform() < p

    def poisson(self, mean: float) -> int:
        """A Poisson count (drawn directly: used once a day, not per visit)."""
        return int(self.rng.poisson(mean)) if mean > 0 else 0


class Streams:
    """All the streams of one run.

    Parameters
    ----------
    seed
        The scenario seed.
    replication
        Index of the replication; each gets independent streams.

    Notes
    -----
    Stream ``k`` of replication ``r`` comes from
    ``SeedSequence(seed, spawn_key=(r, k))``: it depends only on the seed,
    the replication and the activity, never on run order or worker count.
    """

    def __init__(self, seed: int, replication: int = 0) -> None:
        for i, name in enumerate(ACTIVITIES):
            seq = np.random.SeedSequence(seed, spawn_key=(replication, i))
            setattr(self, name, Stream(seq))

    def __getattr__(self, name: str) -> Stream:
        # Only reached for names that were never set: a typo in the model.
        raise AttributeError(f"no random stream for activity {name!r}")
