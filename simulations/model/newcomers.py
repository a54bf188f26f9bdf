"""Who a newcomer is: the traits each new customer brings, drawn at arrival.

Each origin (initial, organic, paid, referral) has its own stream, and its
newcomers draw from it in arrival order, whether they stay or not, so that
the k-th organic prospect is the same person under every policy.
"""

from __future__ import annotations

import math

from ..parameters import Customers
from .rules import Rules
from .streams import Stream


def draw_traits(
    stream: Stream, c: Customers, rules: Rules, returning: bool
) -> tuple[float, float, float, float, float]:
    """Draw one newcomer's traits from their origin's ``stream``.

    Parameters
    ----------
    stream
        The origin's stream of traits.
    c
        The customer parameters of the scenario.
    rules
        The rules in force (spend distribution, mean chance of leaving).
    returning
        Whether customers come back (loyalty feedback on): only then do they
        draw a visit rate and a chance of leaving of their own.

    Returns
    -------
    tuple
        ``(heard, value, expectation, rate, leave_scale)``: their own uniform
        number (put off by bad word of mouth below it), mean spend on a visit
        at the regular phase, quality expected (0-10), visit rate relative to
        their phase's average, base chance of leaving relative to the
        average. A plain tuple: a newcomer arrives at every visit of a plain
        queue, and a named tuple costs a fifth of a microsecond more.
    """
    heard = stream.uniform()
    sigma, q = c.spend_sigma, rules.spend_q
    if q == math.inf:  # Gamma-Gamma without spread
        value = c.spend_mean
    elif q:  # Gamma-Gamma: mean spend is inverse gamma, mean spend_mean
        value = c.spend_mean * (q - 1.0) / (q * stream.gamma(q))
    else:
        value = c.spend_mean * math.exp(stream.normal(-0.5 * sigma * sigma, sigma))
    expectation = stream.normal(c.expectation, c.expectation_spread)
    expectation = 0.0 if expectation < 0.0 else min(expectation, 10.0)
    leave_mean = rules.leave_draw_mean
    rate, base_leave = 1.0, leave_mean
    if returning:
        rate = max(stream.gamma(c.visit_rate_shape), 1e-9)
        base_leave = stream.beta_mean(leave_mean, c.leave_concentration)
    leave_scale = base_leave / leave_mean if leave_mean > 0.0 else 1.0
    return heard, value, expectation, rate, leave_scale
