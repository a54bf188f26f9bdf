"""Random streams: one per activity, and one per customer.

Common random numbers make paired comparisons sharp: two scenarios run with
the same seed should differ only where their policies differ. Two kinds of
stream serve that.

* **Activity streams** (:class:`Stream`): arrivals of prospects, bought
  customers and referrals, and the attributes of each newcomer. Every stream
  is seeded from :class:`numpy.random.SeedSequence` with a fixed key. The
  attributes (value, expectation, visit rate, base chance of leaving) come
  from one stream per *origin*, in the order customers of that origin arrive,
  so the k-th organic prospect is the same person under every policy.
* **Customer streams** (:class:`CustomerStream`): everything a customer does
  visit by visit (patience, service time, quality, complaints, leaving, the
  gap to the next visit). They are counter-based: the numbers are a hash of
  (seed, replication, origin, customer number, counter), so a customer treated
  the same way behaves the same way under two policies, however the other
  customers' stories diverge. A stream costs about a kilobyte and no
  NumPy generator.

In a plain queue (no loyalty feedback) every visit is a one-off: visits then
share one activity stream, drawn in the order of arrival.

Both hand out numbers from blocks computed in one NumPy call, because one
NumPy call per number costs more than the rest of a visit.
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Callable, Iterator

import numpy as np

from ..vocabulary import ORIGINS
from .counters import GOLDEN, MASK, mix, mix_int, steps, to_unit, uniforms

ACTIVITIES: tuple[str, ...] = (
    "prospects",  # when prospects come by themselves
    "acquired",  # when prospects bought with advertising come
    "referrals",  # how many friends advocates bring, and when
    "visits",  # one-off visits of a plain queue, in arrival order
    *ORIGINS,  # each newcomer's attributes, by origin, in arrival order
)
"""Activities that have a stream. New ones are added at the end so that the
streams of existing activities keep their seeds."""

_BLOCK = 2048
_SMALL = 16  # numbers a customer stream computes first in a large batch
_LARGE = 128  # and then at a time
_FIRST = _SMALL + _LARGE  # numbers a customer stream computes first on its own
_PREPARED = 20_000  # at most as many customers prepared with _FIRST numbers
_NEWCOMERS = 64  # newcomers of an origin whose first numbers come in one call
_STEPS_FIRST = steps(_FIRST)
_STEPS_LARGE = _STEPS_FIRST[:_LARGE]


def activity_key(seed: int, replication: int, index: int) -> int:
    """A 64-bit key of its own for an activity drawn by counters, not a stream.

    ``index`` must differ from every other key's: activity streams use their
    position in :data:`ACTIVITIES`, customer streams ``1000 + origin``.
    """
    seq = np.random.SeedSequence(seed, spawn_key=(replication, index))
    return int(seq.generate_state(1, np.uint64)[0])


class _Shapes:
    """Distributions built on ``uniform`` and ``normal``."""

    def uniform(self) -> float:  # pragma: no cover - defined by subclasses
        raise NotImplementedError

    def normal(self, mean: float = 0.0, sd: float = 1.0) -> float:  # pragma: no cover
        raise NotImplementedError

    def gamma(self, shape: float) -> float:  # pragma: no cover - by subclasses
        raise NotImplementedError

    def lognormal_mean_cv(self, mean: float, cv: float) -> float:
        """A lognormal number with the given mean and coefficient of variation."""
        sigma2 = math.log1p(cv * cv)
        return mean * math.exp(self.normal(-0.5 * sigma2, math.sqrt(sigma2)))

    def chance(self, p: float) -> bool:
        """True with probability ``p``."""
        return self.uniform() < p


class Stream(_Shapes):
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
        self._blocks: dict[tuple, Iterator[float]] = {}

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

    def gamma(self, shape: float) -> float:
        """A Gamma number with mean 1 (``inf`` shape: exactly 1)."""
        if shape == math.inf:
            return 1.0
        # Below about 5e-309 the scale 1 / shape is infinite and a zero draw
        # times it is NaN; such a Gamma number is zero (its mean-1 mass sits
        # in draws too rare to see).
        return self._from_block(
            ("gamma", shape),
            lambda n: np.nan_to_num(self.rng.gamma(shape, 1 / shape, n), nan=0.0),
        )

    def beta_mean(self, mean: float, concentration: float) -> float:
        """A Beta number with the given mean and ``a + b`` (``inf``: the mean)."""
        if concentration == math.inf or mean <= 0.0 or mean >= 1.0:
            return mean
        a, b = mean * concentration, (1 - mean) * concentration
        if a <= 0.0 or b <= 0.0:  # too small for a float: the limit, 0 or 1
            return float(self.chance(mean))
        return self._from_block(("beta", a, b), lambda n: self.rng.beta(a, b, n))

    def _from_block(self, key: tuple, draw: Callable[[int], np.ndarray]) -> float:
        """The next number of a block of one distribution (one per parameter set)."""
        block = self._blocks.get(key)
        try:
            return next(block)  # type: ignore[arg-type]
        except (StopIteration, TypeError):
            block = self._blocks[key] = iter(draw(_BLOCK).tolist())
            return next(block)

    def poisson(self, mean: float) -> int:
        """A Poisson count (drawn directly: used once a day, not per visit)."""
        return int(self.rng.poisson(mean)) if mean > 0 else 0


class CustomerStream(_Shapes):
    """A customer's own random numbers: a hash of their key and a counter.

    Parameters
    ----------
    key
        A 64-bit key unique to (seed, replication, origin, customer number).

    Examples
    --------
    >>> a, b = CustomerStream(7), CustomerStream(7)
    >>> [a.uniform() for _ in range(20)] == [b.uniform() for _ in range(20)]
    True
    >>> 0.0 <= CustomerStream(8).uniform() < 1.0
    True
    """

    __slots__ = ("_block", "_key", "_next", "_spare")

    def __init__(self, key: int, first: array | None = None) -> None:
        self._key = key
        self._spare: float | None = None  # the second normal of a pair
        if first is None:  # nothing computed yet
            self._next = 0
            self._block: Iterator[float] = iter(())
        else:  # its first numbers, computed elsewhere (see Streams.customer)
            self._next = len(first)
            self._block = iter(first)

    def _refill(self) -> float:
        """Compute the next numbers of the sequence; return the first.

        The i-th number is a hash of (key, i) whatever the block sizes, so
        blocks can differ: 144 numbers first (a customer who comes back
        needs about six a visit), then 128 at a time. One NumPy call costs
        about as much for 144 numbers as for 16, and a run makes thousands.
        """
        offsets = _STEPS_FIRST if self._next == 0 else _STEPS_LARGE
        start = (self._key + self._next * GOLDEN) & MASK
        self._next += len(offsets)
        numbers = to_unit(mix(offsets + np.uint64(start)))
        # Kept as 8-byte doubles, not a list of float objects (32 bytes each):
        # a hundred thousand customers each hold a block.
        self._block = iter(array("d", numbers.tobytes()))
        return next(self._block)

    def uniform(self) -> float:
        """A uniform number in [0, 1)."""
        # next() inline, in each distribution: a call saved per number.
        try:
            return next(self._block)
        except StopIteration:
            return self._refill()

    def exponential(self, mean: float) -> float:
        """An exponential number with the given mean (``inf`` stays ``inf``)."""
        if mean == math.inf:
            return math.inf
        try:
            u = next(self._block)
        except StopIteration:
            u = self._refill()
        return -mean * math.log1p(-u)

    def normal(self, mean: float = 0.0, sd: float = 1.0) -> float:
        """A normal number (Box-Muller on two uniforms: two normals a pair)."""
        z = self._spare
        if z is not None:
            self._spare = None
            return mean + sd * z
        try:
            u = next(self._block)
        except StopIteration:
            u = self._refill()
        try:
            v = next(self._block)
        except StopIteration:
            v = self._refill()
        radius = math.sqrt(-2.0 * math.log1p(-u))
        angle = 2.0 * math.pi * v
        self._spare = radius * math.sin(angle)
        return mean + sd * radius * math.cos(angle)

    def chance(self, p: float) -> bool:
        """True with probability ``p``."""
        try:
            return next(self._block) < p
        except StopIteration:
            return self._refill() < p

    def gamma(self, shape: float) -> float:
        """A Gamma number with mean 1 (Marsaglia & Tsang 2000).

        Examples
        --------
        >>> s = CustomerStream(3)
        >>> draws = [s.gamma(0.5) for _ in range(4000)]
        >>> abs(sum(draws) / 4000 - 1.0) < 0.1
        True
        """
        if shape == math.inf:
            return 1.0
        boost = 1.0
        if shape < 1.0:  # Gamma(k) = Gamma(k + 1) U^(1/k)
            boost = (1.0 - self.uniform()) ** (1.0 / shape)
            shape_used = shape + 1.0
        else:
            shape_used = shape
        d = shape_used - 1.0 / 3.0
        c = 1.0 / math.sqrt(9.0 * d)
        while True:
            z = self.normal()
            v = (1.0 + c * z) ** 3
            if v <= 0.0:
                continue
            u = 1.0 - self.uniform()
            if math.log(u) < 0.5 * z * z + d - d * v + d * math.log(v):
                return d * v * boost / shape


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
    Customer streams hash a per-origin key from
    ``SeedSequence(seed, spawn_key=(r, 1000 + origin))`` with the customer's
    number within the origin.
    """

    def __init__(self, seed: int, replication: int = 0) -> None:
        for i, name in enumerate(ACTIVITIES):
            seq = np.random.SeedSequence(seed, spawn_key=(replication, i))
            setattr(self, name, Stream(seq))
        self._origin_keys = {
            origin: int(
                np.random.SeedSequence(
                    seed, spawn_key=(replication, 1000 + i)
                ).generate_state(1, np.uint64)[0]
            )
            for i, origin in enumerate(ORIGINS)
        }
        self._batches: dict[str, _Batch] = {}  # the latest of each origin

    def customer(self, origin: str, number: int) -> CustomerStream:
        """The own stream of the ``number``-th customer of ``origin``.

        Newcomers of an origin mostly come in the order of their numbers:
        the first numbers of the next 64 are then computed in one NumPy call
        (one call a newcomer cost a tenth of a run). The streams give the
        same numbers however they were made.
        """
        batch = self._batches.get(origin)
        if batch is not None and batch.start <= number < batch.end:
            return batch.stream(number)
        if number == (0 if batch is None else batch.end):  # the next in order
            return self._batch(origin, number, _NEWCOMERS, _FIRST).stream(number)
        key = mix_int((self._origin_keys[origin] + int(number) * GOLDEN) & MASK)
        return CustomerStream(key)

    def prepare(self, origin: str, count: int) -> None:
        """Make the streams of customers 0 to ``count - 1`` of ``origin`` at once.

        A run starts with a thousand customers or more: their first numbers
        come from one NumPy call, as many as a stream computes first on its
        own, or 16 each for a very large start (memory).
        """
        self._batch(origin, 0, count, _FIRST if count <= _PREPARED else _SMALL)

    def _batch(self, origin: str, start: int, count: int, width: int) -> _Batch:
        """Compute the first ``width`` numbers of ``count`` customers from ``start``."""
        batch = self._batches[origin] = _Batch(
            self._origin_keys[origin], start, count, width
        )
        return batch

    def __getattr__(self, name: str) -> Stream:
        # Only reached for names that were never set: a typo in the model.
        raise AttributeError(f"no random stream for activity {name!r}")


class _Batch:
    """The first numbers of consecutive customers of an origin, made at once."""

    __slots__ = ("end", "keys", "numbers", "start", "width")

    def __init__(self, origin_key: int, start: int, count: int, width: int) -> None:
        self.start, self.end, self.width = start, start + count, width
        numbers = np.arange(start, self.end, dtype=np.uint64)
        keys = mix(np.uint64(origin_key) + numbers * np.uint64(GOLDEN))
        self.keys: list[int] = keys.tolist()
        # One flat array of doubles: a customer's share is a slice of it.
        self.numbers = array("d", uniforms(keys, steps(width)).tobytes())

    def stream(self, number: int) -> CustomerStream:
        """The stream of customer ``number`` (from ``start`` to ``end - 1``)."""
        i = number - self.start
        first = self.numbers[i * self.width : (i + 1) * self.width]
        return CustomerStream(self.keys[i], first)
