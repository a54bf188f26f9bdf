"""Counter-based random numbers: each number a hash of a key and a counter.

A customer's own stream (:class:`~.streams.CustomerStream`) and the rare
draws that must not move any stream (a complaint) take their numbers from
here. The i-th number of a key is SplitMix64's finaliser applied to
``key + i * golden``: it depends on nothing else, so numbers can be computed
one at a time, in blocks of any size, or for many keys in one NumPy call,
and they are always the same.
"""

from __future__ import annotations

import numpy as np

MASK = (1 << 64) - 1
GOLDEN = 0x9E3779B97F4A7C15
_M1, _M2 = np.uint64(0xBF58476D1CE4E5B9), np.uint64(0x94D049BB133111EB)
_S30, _S27, _S31, _S11 = (np.uint64(s) for s in (30, 27, 31, 11))


def mix(x: np.ndarray) -> np.ndarray:
    """SplitMix64's finaliser on an array of 64-bit words (wraps on overflow)."""
    x = (x ^ (x >> _S30)) * _M1
    x = (x ^ (x >> _S27)) * _M2
    return x ^ (x >> _S31)


def mix_int(x: int) -> int:
    """SplitMix64's finaliser on one Python integer."""
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & MASK
    return x ^ (x >> 31)


def steps(count: int) -> np.ndarray:
    """The offsets ``i * golden`` of the first ``count`` counters (wrapped)."""
    return np.arange(count, dtype=np.uint64) * np.uint64(GOLDEN)


def uniforms(starts: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    """Uniform numbers in [0, 1): one row a start, one column an offset.

    ``starts`` are ``key + n * golden`` (the n-th counter of each key) and
    ``offsets`` the steps from there (:func:`steps`).

    Examples
    --------
    >>> key = np.array([7], dtype=np.uint64)
    >>> both = uniforms(key, steps(3))[0]
    >>> later = uniforms(key + np.uint64(GOLDEN), steps(2))[0]
    >>> both[1:].tolist() == later.tolist()
    True
    """
    return to_unit(mix(starts[:, None] + offsets[None, :]))


def to_unit(words: np.ndarray) -> np.ndarray:
    """Uniform numbers in [0, 1) from mixed 64-bit words: their top 53 bits."""
    return (words >> _S11) * 2.0**-53


def counter_uniform(key: int, *counters: int) -> float:
    """A uniform number in [0, 1) that is a hash of ``key`` and ``counters``.

    No state: the same key and counters always give the same number, so an
    event rare enough to draw one number at a time (a complaint) can take it
    without moving any stream.

    Examples
    --------
    >>> counter_uniform(7, 3, 1) == counter_uniform(7, 3, 1)
    True
    >>> 0.0 <= counter_uniform(7, 4) < 1.0
    True
    """
    for counter in counters:
        key = mix_int((key + counter * GOLDEN) & MASK)
    return (key >> 11) * 2.0**-53
