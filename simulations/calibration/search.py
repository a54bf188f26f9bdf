"""The root of a rising function known only through simulation.

:func:`rising_root` finds where a gap that rises with ``x`` crosses zero,
each value of it costing simulations. The gap must be computed on the same
random numbers at every call (common random numbers): it then moves with
``x`` alone, in small steps, and rises nearly everywhere, so that Brent's
method (``scipy.optimize.brentq``) settles. From a first trial the search
steps to the secant's root, then past it (a quarter further) until the gap
changes sign, then closes in. It stops at the first trial within ``close``
of zero.

Examples
--------
>>> round(rising_root(lambda x: x**3 - 2.0, 0.0, close=1e-9, tolerance=1e-9), 4)
1.2599
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from scipy.optimize import brentq

OVERSHOOT = 1.25
"""Each step after the first goes this much further than the secant's root,
to cross it (the first, often close enough, goes to it)."""


class _Close(Exception):  # noqa: N818 - a signal that the search is done, not an error
    """A trial came within ``close`` of zero."""

    def __init__(self, x: float) -> None:
        super().__init__(x)
        self.x = x


def rising_root(
    gap: Callable[[float], float],
    start: float,
    *,
    close: float,
    hint: tuple[float, float] | None = None,
    tolerance: float = 0.01,
    least_step: float = 0.01,
    limit: float = 20.0,
    trials: int = 12,
) -> float:
    """Where ``gap`` (rising in ``x``) crosses zero; each ``x`` tried once.

    Parameters
    ----------
    gap
        The function; called once for each ``x`` tried.
    start
        The first ``x`` to try.
    close
        A trial with ``|gap| <= close`` ends the search.
    hint
        ``(x, gap)`` of a nearby function (for the first step's slope only).
    tolerance
        Brent's method ends when the root is known to this.
    least_step
        Smallest step while looking for a change of sign.
    limit
        ``x`` stays within ``[-limit, limit]``.
    trials
        Most trials while looking for a change of sign.

    Returns
    -------
    float
        The ``x`` found, always one tried: within ``close``, the end of
        Brent's method, or (no change of sign within ``trials`` or
        ``limit``) the trial with the smallest ``|gap|``.
    """
    seen: dict[float, float] = {}

    def value(x: float) -> float:
        if x not in seen:
            seen[x] = gap(x)
            if abs(seen[x]) <= close:
                raise _Close(x)
        return seen[x]

    try:
        before, here = hint, float(np.clip(start, -limit, limit))
        now = value(here)
        while len(seen) < trials:
            # Against the gap's sign, to the secant's root and then past it
            # (or by 1 where no rising slope is known).
            run = here - before[0] if before else 0.0
            slope = (now - before[1]) / run if run else 0.0
            further = OVERSHOOT if len(seen) > 1 else 1.0
            step = -now / slope * further if slope > 0 else -float(np.sign(now))
            step = float(np.sign(step)) * max(abs(step), least_step)
            there = float(np.clip(here + step, -limit, limit))
            if there == here:  # at the end of the scale: no root within
                break
            then = value(there)
            if np.sign(then) != np.sign(now):
                root = brentq(value, *sorted((here, there)), xtol=tolerance)
                value(root)
                return root
            before, here, now = (here, now), there, then
    except _Close as found:
        return found.x
    return min(seen, key=lambda x: abs(seen[x]))
