"""Closed forms of the BG/NBD and Gamma-Gamma models of a customer base.

BG/NBD (Fader, Hardie & Lee 2005, "Counting Your Customers the Easy Way",
Marketing Science 24(2), 275-284; equation numbers below are theirs): while
active, a customer buys as a Poisson process with rate ``lambda``, Gamma(shape
``r``, rate ``alpha``) across customers; right after each repeat purchase
they drop out for good with chance ``p``, Beta(``a``, ``b``) across customers.
A customer's data are ``x`` repeat purchases, the time ``t_x`` of the last
one and the time ``T`` observed, counted from their first purchase.

Given a customer's data (Fader, Hardie & Lee 2008, "Computing P(alive) using
the BG/NBD model"; the derivation is in ``docs/calibration.md``):

* they are still active with chance :func:`p_alive` (equation 13);
* if active, their rate is Gamma(``r + x``, ``alpha + T``) and their chance of
  dropping out Beta(``a``, ``b + x``), independent of each other;
* their expected purchases in the next ``t`` are :func:`conditional_expected`
  (equation 10).

Gamma-Gamma (Fader, Hardie & Lee 2005, "RFM and CLV", JMR 42(4); Fader &
Hardie 2013): a customer's amounts are Gamma(``p``, ``nu``), ``nu`` is
Gamma(``q``, ``v``); after ``x`` purchases with mean ``z``, ``nu`` is
Gamma(``p x + q``, ``v + x z``) and the mean spend ``p / nu`` has the
conditional mean :func:`conditional_spend`.

**Limits.** A fit can run to a boundary of the parameters; its model is then
the limit, never a number computed near it (where the closed forms lose all
precision). :class:`BGNBD` holds them: ``b = inf`` (or ``a = 0``): nobody
drops out, the NBD model; ``r = inf``: one purchase rate for all, ``rate``,
with BG drop-out (with both: plain Poisson purchases).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.special import betaincinv, betaln, gammaln, hyp2f1

__all__ = [
    "BGNBD",
    "conditional_expected",
    "conditional_probabilities",
    "conditional_spend",
    "expected_purchases",
    "p_alive",
    "purchase_probabilities",
]

_NODES = 64  # Gauss-Legendre nodes over the quantiles of the drop-out chance


@dataclass(frozen=True)
class BGNBD:
    """Parameters of BG/NBD, limits included.

    Attributes
    ----------
    r, alpha
        Gamma (shape, rate) of purchase rates per time unit; ``r = inf``:
        everyone buys at ``rate`` (``alpha`` is then ignored).
    a, b
        Beta of the chance of dropping out after a repeat purchase;
        ``a = 0`` or ``b = inf``: nobody drops out.
    rate
        The one purchase rate when ``r = inf``.

    Examples
    --------
    >>> BGNBD(0.243, 4.414, 0.793, 2.426).limit
    'BG/NBD'
    >>> BGNBD(0.5, 5.0, 1.0, math.inf).limit
    'NBD (nobody drops out)'
    """

    r: float
    alpha: float
    a: float
    b: float
    rate: float = math.nan

    @classmethod
    def of(cls, params: dict[str, float]) -> BGNBD:
        """From a dictionary with ``r``, ``alpha``, ``a``, ``b`` (and ``rate``)."""
        return cls(
            *(float(params[k]) for k in ("r", "alpha", "a", "b")),
            rate=float(params.get("rate", math.nan)),
        )

    @property
    def drops_out(self) -> bool:
        """Whether anyone drops out."""
        return self.a > 0.0 and self.b < math.inf

    @property
    def spread(self) -> bool:
        """Whether purchase rates differ between customers."""
        return self.r < math.inf

    @property
    def mean_rate(self) -> float:
        """Mean purchase rate of a customer while active."""
        return self.r / self.alpha if self.spread else self.rate

    @property
    def mean_drop(self) -> float:
        """Mean chance of dropping out after a repeat purchase."""
        return self.a / (self.a + self.b) if self.drops_out else 0.0

    @property
    def limit(self) -> str:
        """Name of the model these parameters are."""
        if self.drops_out:
            return "BG/NBD" if self.spread else "BG/Poisson (one purchase rate)"
        return "NBD (nobody drops out)" if self.spread else "Poisson (one rate)"


def _odds_dead(m: BGNBD, x: np.ndarray, t_x: np.ndarray, big_t: np.ndarray):
    """Odds of having dropped out after the last purchase, to being active."""
    if not m.drops_out:
        return np.zeros(np.broadcast(x, t_x, big_t).shape)
    if m.spread:
        log_gap = (m.r + x) * (np.log(m.alpha + big_t) - np.log(m.alpha + t_x))
    else:
        log_gap = m.rate * (big_t - t_x)
    xr = np.where(x > 0, x, 1.0)
    with np.errstate(over="ignore"):
        odds = np.exp(np.log(m.a) - np.log(m.b + xr - 1.0) + log_gap)
    return np.where(x > 0, odds, 0.0)


def p_alive(m: BGNBD, x, t_x, big_t) -> np.ndarray:
    """Chance each customer is still active at ``T`` (equation 13).

    Examples
    --------
    >>> m = BGNBD(0.243, 4.414, 0.793, 2.426)
    >>> np.round(p_alive(m, np.array([0, 2]), np.array([0.0, 30.4]), 38.9), 3)
    array([1.   , 0.726])
    """
    x, t_x, big_t = (np.asarray(v, dtype=float) for v in (x, t_x, big_t))
    return 1.0 / (1.0 + _odds_dead(m, x, t_x, big_t))


def _mean_until_drop(shape, rate, a, b, t, poisson_rate: float = math.nan):
    """E[(1 - E[exp(-lambda p t)]) / p] over ``p ~ Beta(a, b)``.

    The expected purchases in ``t`` of a customer whose rate is
    Gamma(``shape``, ``rate``) (or exactly ``poisson_rate`` when ``shape`` is
    inf) and who drops out with chance ``p`` after each purchase: given
    ``lambda`` and ``p``, the k-th purchase happens if the Poisson count
    reaches k and the k - 1 before it were survived, which sums to
    ``(1 - exp(-lambda p t)) / p``. The published closed form (equations 9 and
    10) is used where it is exact to machine precision; a series in ``p``
    for very large ``b``; quadrature over ``p`` elsewhere (near a = 1, one
    rate).
    """
    shape, rate, b, t = np.broadcast_arrays(
        *(np.asarray(v, dtype=float) for v in (shape, rate, b, t))
    )
    if math.isinf(float(np.max(b))) or a <= 0.0:  # nobody drops out
        mean = poisson_rate if math.isinf(float(np.max(shape))) else shape / rate
        return mean * t
    out = np.full(shape.shape, np.nan)
    if not math.isinf(float(np.max(shape))) and abs(a - 1.0) > 1e-3:
        z = t / (rate + t)
        with np.errstate(all="ignore"):
            closed = (
                (a + b - 1.0)
                / (a - 1.0)
                * (
                    1.0
                    - np.exp(shape * np.log1p(-z)) * hyp2f1(shape, b, a + b - 1.0, z)
                )
            )
        bound = shape / rate * t  # no drop-out: the most there can be
        good = np.isfinite(closed) & (closed >= 0.0) & (closed <= bound * (1 + 1e-9))
        good &= b < 1e6  # beyond, the difference in brackets is below precision
        out = np.where(good, closed, np.nan)
    todo = np.isnan(out)
    if todo.any():
        many = todo & (b >= 1e5)  # drop-out chances near 0: a short series
        out[many] = _by_series(
            shape[many], rate[many], a, b[many], t[many], poisson_rate
        )
        todo &= ~many
        out[todo] = _by_quadrature(
            shape[todo], rate[todo], a, b[todo], t[todo], poisson_rate
        )
    return out


def _by_series(shape, rate, a, b, t, poisson_rate, terms: int = 40):
    """:func:`_mean_until_drop` as a power series in ``p``, for very large ``b``.

    ``(1 - (1 + p t / rate)^-shape) / p = sum_k (-1)^(k+1) (shape)_k / k!
    (t / rate)^k p^(k-1)`` and ``E[p^j] = (a)_j / (a + b)_j``; with ``p`` near 0
    the terms fall fast.
    """
    poisson = math.isinf(float(np.max(shape))) if shape.size else False
    step = poisson_rate * t if poisson else t / rate
    term = step * (1.0 if poisson else shape)
    total = term.copy()
    for k in range(1, terms):
        grow = 1.0 if poisson else (shape + k)
        term = -term * grow / (k + 1) * step * (a + k - 1) / (a + b + k - 1)
        total += term
    return total


def _by_quadrature(shape, rate, a, b, t, poisson_rate):
    """:func:`_mean_until_drop` by quadrature over the quantiles of ``p``.

    ``E[g(p)] = integral of g(F^-1(u)) du`` over [0, 1], ``F`` the Beta(a, b)
    distribution function: Gauss-Legendre nodes in ``u``, one ``b`` at a time
    (``betaincinv`` stays exact where Gauss-Jacobi weights overflow).
    """
    out = np.empty(shape.shape)
    u, w = np.polynomial.legendre.leggauss(_NODES)
    u, w = (u + 1.0) / 2.0, w / 2.0
    for value in np.unique(b):
        rows = b == value
        p = betaincinv(a, value, u)
        pt = p[None, :] * t[rows, None]
        if math.isinf(float(np.max(shape))):
            log_survive = -poisson_rate * pt
        else:
            log_survive = -shape[rows, None] * np.log1p(pt / rate[rows, None])
        out[rows] = (-np.expm1(log_survive) / p[None, :]) @ w
    return out


def expected_purchases(m: BGNBD, t) -> np.ndarray:
    """Expected repeat purchases of a new customer in their first ``t`` (eq. 9).

    Examples
    --------
    >>> m = BGNBD(0.243, 4.414, 0.793, 2.426)
    >>> np.round(expected_purchases(m, np.array([39.0, 78.0])), 4)
    array([1.1967, 1.8605])
    """
    t = np.asarray(t, dtype=float)
    return _mean_until_drop(m.r, m.alpha, m.a, m.b, t, m.rate)


def conditional_expected(m: BGNBD, x, t_x, big_t, t: float) -> np.ndarray:
    """Expected purchases of each customer in the next ``t`` (equation 10).

    Never negative: at a limit the limit's own formula is used.

    Examples
    --------
    >>> m = BGNBD(0.243, 4.414, 0.793, 2.426)
    >>> np.round(conditional_expected(m, np.array([0, 2]), np.array([0.0, 30.4]),
    ...                                np.array([38.9, 38.9]), 39.0), 3)
    array([0.195, 1.224])
    """
    x, t_x, big_t = (np.asarray(v, dtype=float) for v in (x, t_x, big_t))
    alive = p_alive(m, x, t_x, big_t)
    if m.spread:
        active = _mean_until_drop(m.r + x, m.alpha + big_t, m.a, m.b + x, t)
    else:
        active = _mean_until_drop(np.inf, 1.0, m.a, m.b + x, t, m.rate)
    return alive * active


def _counts(shape, rate, t, xs, poisson_rate: float) -> np.ndarray:
    """P(N(t) = x) of a customer who never drops out: NBD, or Poisson."""
    with np.errstate(divide="ignore", invalid="ignore"):
        if math.isinf(float(np.max(shape))):
            mean = poisson_rate * t
            log_count = np.where(xs > 0, xs * np.log(mean), 0.0) - mean
            log_count = log_count - gammaln(xs + 1.0)
        else:
            log_count = (
                gammaln(shape + xs)
                - gammaln(shape)
                - gammaln(xs + 1.0)
                + shape * np.log(rate / (rate + t))
                + np.where(xs > 0, xs * np.log(t / (rate + t)), 0.0)
            )
    return np.nan_to_num(np.exp(log_count))


def _distribution(count: np.ndarray, a: float, b, xs, drops: bool) -> np.ndarray:
    """Equation 8 from the count probabilities: with drop-out after purchases."""
    if not drops:
        probs = count
    else:
        first = np.exp(betaln(a, b + xs) - betaln(a, b)) * count
        below = np.cumsum(count, axis=1) - count  # P(count < x)
        xs1 = np.maximum(xs, 1.0)
        weight = np.exp(betaln(a + 1.0, b + xs1 - 1.0) - betaln(a, b))
        probs = first + np.where(xs > 0, weight * (1.0 - below), 0.0)
    rest = np.clip(1.0 - probs.sum(axis=1, keepdims=True), 0.0, None)
    return np.hstack([probs, rest])


def purchase_probabilities(m: BGNBD, t, most: int) -> np.ndarray:
    """P(X(t) = x) for x = 0 .. most-1 and x >= most, one row per ``t`` (eq. 8).

    Examples
    --------
    >>> m = BGNBD(0.243, 4.414, 0.793, 2.426)
    >>> round(float(purchase_probabilities(m, np.array([39.0]), 3).sum()), 12)
    1.0
    """
    t = np.asarray(t, dtype=float)[:, None]
    xs = np.arange(most, dtype=float)[None, :]
    count = _counts(m.r, m.alpha, t, xs, m.rate)
    return _distribution(count, m.a, m.b, xs, m.drops_out)


def conditional_probabilities(m: BGNBD, x, t_x, big_t, t: float, most: int):
    """P(Y = y | x, t_x, T) of purchases in the next ``t``, y = 0 .. most-1, most+.

    An active customer's future is a new customer's (equation 8) with the
    posterior parameters ``r + x``, ``alpha + T``, ``a``, ``b + x``; one who
    has dropped out buys nothing. One row per customer.

    Examples
    --------
    >>> m = BGNBD(0.243, 4.414, 0.793, 2.426)
    >>> probs = conditional_probabilities(m, [0, 2], [0.0, 30.4], [38.9, 38.9], 39.0, 3)
    >>> np.round(probs.sum(axis=1), 12).tolist()
    [1.0, 1.0]
    """
    x, t_x, big_t = (np.asarray(v, dtype=float)[:, None] for v in (x, t_x, big_t))
    xs = np.arange(most, dtype=float)[None, :]
    shape = m.r + x if m.spread else np.full(x.shape, np.inf)
    count = _counts(shape, m.alpha + big_t, t, xs, m.rate)
    active = _distribution(count, m.a, m.b + x, xs, m.drops_out)
    alive = p_alive(m, x[:, 0], t_x[:, 0], big_t[:, 0])[:, None]
    return alive * active + (1.0 - alive) * (np.arange(most + 1) == 0)


def conditional_spend(p: float, q: float, v: float, x, mean_amount) -> np.ndarray:
    """Expected mean spend of each customer given ``x`` purchases of mean ``z``.

    ``p (v + x z) / (p x + q - 1)``: the mean of ``p / nu`` with ``nu`` from
    its posterior Gamma(``p x + q``, ``v + x z``) (Fader, Hardie & Lee 2005,
    "RFM and CLV", equation 5). A weighted mean of the population's mean
    ``p v / (q - 1)`` and the customer's own mean amount.

    Examples
    --------
    >>> round(float(conditional_spend(6.25, 3.74, 15.44, 0, 0.0)), 2)
    35.22
    """
    x = np.asarray(x, dtype=float)
    z = np.asarray(mean_amount, dtype=float)
    return p * (v + x * z) / (p * x + q - 1.0)
