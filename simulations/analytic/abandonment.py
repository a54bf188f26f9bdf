"""Erlang A (M/M/c+M, Palm's model): a multi-server queue whose customers give up.

:func:`erlang_a` and the helpers behind it: the stationary distribution of
the number in system (``_erlang_a_distribution``) and the exact chance of
being served within the target time from each queue position
(``_served_within``).

Units: every time is in one unit chosen by the caller, and every rate is
"per that unit". Nothing here converts units.
"""

from __future__ import annotations

import math

import numpy as np
from scipy.special import betainc

from .checks import AnalyticError, _non_negative, _positive, _whole
from .queueing import QueueResult

__all__ = ["erlang_a"]

# Erlang A: the stationary distribution is cut off once the mass left beyond
# the cut-off is below this share of the largest probability.
_TAIL_TOLERANCE = 1e-15
# Erlang A: refuse rather than build an enormous chain. Only a very long
# patience combined with a load at or above the number of servers gets here.
_MAX_STATES = 1_000_000


def _death_rate(
    n: np.ndarray, service_rate: float, servers: int, abandon_rate: float
) -> np.ndarray:
    """Rate of leaving state ``n`` downwards in the M/M/c+M chain."""
    busy = np.minimum(n, servers)
    waiting = np.maximum(n - servers, 0)
    return service_rate * busy + abandon_rate * waiting


def _erlang_a_distribution(
    arrival_rate: float, service_rate: float, servers: int, abandon_rate: float
) -> np.ndarray | None:
    """Stationary distribution ``p[n]``, n = 0..N, of the number in system.

    The chain is birth-death, so ``p[n] = p[0] * prod(lambda / death(i))``.
    The products are summed as logarithms because for large loads they
    overflow long before they start to shrink. ``N`` is doubled until the
    discarded tail is provably negligible; ``None`` means that would take
    more than ``_MAX_STATES`` states.
    """
    n_max = max(2 * servers, 64)
    log_arrival = math.log(arrival_rate)
    while True:
        n = np.arange(1, n_max + 1)
        log_ratio = log_arrival - np.log(
            _death_rate(n, service_rate, servers, abandon_rate)
        )
        log_p = np.concatenate(([0.0], np.cumsum(log_ratio)))
        # Death rates never decrease with n, so from N on every ratio
        # p[n+1]/p[n] is at most q = lambda / death(N+1). When q < 1 the tail
        # beyond N is at most p[N] * q / (1 - q) (a geometric series).
        next_death = _death_rate(
            np.array([n_max + 1]), service_rate, servers, abandon_rate
        )[0]
        q = arrival_rate / next_death
        if q < 1.0:
            tail = math.exp(log_p[-1] - log_p.max()) * q / (1.0 - q)
            if tail < _TAIL_TOLERANCE:
                break
        if n_max >= _MAX_STATES:
            return None
        n_max *= 2
    weights = np.exp(log_p - log_p.max())
    return weights / weights.sum()


def _served_within(
    positions: int, service_capacity: float, abandon_rate: float, target_time: float
) -> np.ndarray:
    """P(served within ``target_time`` | joins at queue position j), j = 1..K.

    At position j a customer moves up when a server frees (rate
    ``service_capacity = c * mu``) or when one of the j - 1 customers ahead
    gives up (rate ``(j - 1) * theta``); from position 1 moving up means
    being served. The customer itself gives up at rate ``theta`` throughout.

    Let ``T_j`` be the time to reach a server if this customer never gave
    up: a sum of independent exponentials with rates ``theta * (b + i)``,
    i = 0..j-1, where ``b = c mu / theta``. For U uniform on (0, 1),
    ``U**(1/(b+i))`` is ``Beta(b + i, 1)`` and minus its log is exponential
    with rate ``b + i``; a product of independent ``Beta(b, 1), Beta(b + 1,
    1), ..., Beta(b + j - 1, 1)`` variables is ``Beta(b, j)``. Hence
    ``X = exp(-theta T_j) ~ Beta(b, j)``. The customer
    is served by ``t`` if ``T_j <= t`` and its own exponential patience
    outlasts ``T_j`` (probability ``X`` given ``T_j``), so

        P = E[X; X >= exp(-theta t)]
          = b / (b + j) * P(Beta(b + 1, j) >= exp(-theta t))
          = c mu / (c mu + j theta) * I(1 - exp(-theta t); j, b + 1),

    with ``I`` the regularised incomplete beta function. This is exact,
    costs O(K) for any target, and agrees with the matrix exponential of
    the position chain's generator (checked in the tests). The first factor
    is the chance of ever being served from position j.
    """
    j = np.arange(1, positions + 1, dtype=float)
    patience_ratio = service_capacity / abandon_rate  # b in the derivation
    ever_served = patience_ratio / (patience_ratio + j)
    # -expm1 keeps 1 - exp(-theta t) accurate when theta t is tiny (patient
    # customers), which is exactly where Erlang A approaches Erlang C.
    reach_share = -math.expm1(-abandon_rate * target_time)
    served = ever_served * betainc(j, patience_ratio + 1.0, reach_share)
    return np.clip(served, 0.0, 1.0)


def erlang_a(
    arrival_rate: float,
    service_time: float,
    servers: int,
    patience: float,
    target_time: float,
) -> QueueResult:
    """Steady-state performance of the M/M/c+M queue (Erlang A, Palm's model).

    Like Erlang C, but every waiting customer gives up after an exponential
    patience with mean ``patience``. Because impatient customers leave, a
    steady state exists for any load, including ``load > servers``.

    Parameters
    ----------
    arrival_rate : float
        Mean number of arrivals per time unit; > 0.
    service_time : float
        Mean service time; > 0.
    servers : int
        Number of servers, a whole number >= 1.
    patience : float
        Mean time a customer is willing to wait; > 0 and finite
        (abandonment rate ``theta = 1 / patience``). For customers who never
        give up use :func:`erlang_c`.
    target_time : float
        Service-level threshold; >= 0.

    Returns
    -------
    QueueResult
        With ``p_n`` the stationary probability of n customers present:

        - ``p_wait = P(n >= servers)`` (arrivals see time averages, PASTA);
        - ``mean_queue_length = E[max(n - servers, 0)]``;
        - ``p_abandon = theta * mean_queue_length / arrival_rate`` (the
          abandonment flow divided by the arrival flow);
        - ``mean_wait = mean_queue_length / arrival_rate`` (Little's law, so
          it averages over all arrivals, including those who give up);
        - ``occupancy = arrival_rate * (1 - p_abandon) * service_time /
          servers`` (only served customers load the servers);
        - ``service_level`` = share of all arrivals served after waiting at
          most ``target_time``; arrivals who find a free server count as
          served at wait zero, those who abandon never count.

    Raises
    ------
    AnalyticError
        If an input is out of range, or if the queue is so heavily loaded
        and the patience so long that more than a million states would be
        needed (use a shorter patience or more servers).

    Notes
    -----
    The number in system is a birth-death chain with birth rate ``lambda``
    and death rate ``mu * min(n, c) + theta * max(n - c, 0)``. Its
    distribution is computed in log space and truncated where the remaining
    tail is below 1e-15 of the largest probability.

    For the service level, an arrival that finds ``k`` customers waiting
    joins at position ``j = k + 1``. At position ``j`` it moves up at rate
    ``c mu + (j - 1) theta`` and abandons at rate ``theta``; from position 1
    it is served at rate ``c mu``. For this chain the probability of being
    served within ``t`` has the exact closed form
    ``c mu / (c mu + j theta) * I(1 - exp(-theta t); j, c mu / theta + 1)``
    (``I`` the regularised incomplete beta function; derivation in
    ``_served_within``), which equals the matrix-exponential answer at any
    target time at O(K) cost. It is averaged over the arrival distribution.

    When ``patience == service_time`` (``theta == mu``) the number in
    system is Poisson with mean ``load``; as ``patience`` grows the results
    approach :func:`erlang_c`.

    Examples
    --------
    >>> result = erlang_a(arrival_rate=2.0, service_time=1.0, servers=2,
    ...                   patience=1.0, target_time=0.0)
    >>> round(result.p_wait, 6)  # P(Poisson(2) >= 2) = 1 - 3 exp(-2)
    0.593994

    References
    ----------
    C. Palm (1943), "Intensitätsschwankungen im Fernsprechverkehr",
    Ericsson Technics 44.
    O. Garnett, A. Mandelbaum, M. Reiman (2002), "Designing a call center
    with impatient customers", Manufacturing & Service Operations
    Management 4(3), 208-227.
    A. Mandelbaum, S. Zeltyn (2007), "Service engineering in action: the
    Palm/Erlang-A queue, with applications to call centers".
    """
    func = "erlang_a"
    arrival_rate = _positive(func, "arrival_rate", arrival_rate)
    service_time = _positive(func, "service_time", service_time)
    servers = _whole(func, "servers", servers)
    patience = _positive(func, "patience", patience)
    target_time = _non_negative(func, "target_time", target_time)

    service_rate = 1.0 / service_time
    abandon_rate = 1.0 / patience
    p = _erlang_a_distribution(arrival_rate, service_rate, servers, abandon_rate)
    if p is None:
        raise AnalyticError(
            f"{func}: patience={patience!r} with offered load "
            f"{arrival_rate * service_time!r} and servers={servers} needs more "
            f"than {_MAX_STATES} states to describe the queue; "
            "need a shorter patience or more servers"
        )

    queued = p[servers:]  # states in which an arrival has to wait
    waiting_ahead = np.arange(queued.size, dtype=float)  # k = n - c
    p_wait = float(queued.sum())
    mean_queue_length = float(np.dot(waiting_ahead, queued))
    p_abandon = abandon_rate * mean_queue_length / arrival_rate
    mean_wait = mean_queue_length / arrival_rate
    # Round-off in p_abandon can leave a saturated system a hair above 1.
    occupancy = min(arrival_rate * (1.0 - p_abandon) * service_time / servers, 1.0)

    served_in_time = _served_within(
        queued.size, servers * service_rate, abandon_rate, target_time
    )
    service_level = (1.0 - p_wait) + float(np.dot(queued, served_in_time))
    service_level = min(max(service_level, 0.0), 1.0)  # clear round-off
    return QueueResult(
        p_wait=p_wait,
        mean_wait=mean_wait,
        service_level=service_level,
        occupancy=occupancy,
        p_abandon=p_abandon,
        mean_queue_length=mean_queue_length,
    )
