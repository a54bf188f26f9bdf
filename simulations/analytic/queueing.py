"""Queueing results without abandonment: Erlang B, Erlang C, Little's law.

The long-run answers that a correct simulation of the same model must
reproduce, so they double as test oracles. :class:`QueueResult` is shared
with Erlang A (:mod:`simulations.analytic.abandonment`).

Units: every time is in one unit chosen by the caller (seconds, minutes,
years...), and every rate is "per that unit". Nothing here converts units.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .checks import AnalyticError, _non_negative, _positive, _refuse, _whole

__all__ = ["QueueResult", "erlang_b", "erlang_c", "littles_law"]


@dataclass(frozen=True)
class QueueResult:
    """Long-run performance of a multi-server queue.

    All values are long-run (steady-state) averages over arrivals, in the
    caller's time unit.

    Attributes
    ----------
    p_wait : float
        Probability that an arriving customer finds every server busy and
        has to queue.
    mean_wait : float
        Mean time spent in the queue, averaged over all arrivals (those
        served at once count as zero; under Erlang A those who give up count
        with the time they waited before leaving).
    service_level : float
        Share of all arrivals who are served after waiting no longer than the
        target time. Customers who find a free server count as served at
        wait zero; customers who abandon never count.
    occupancy : float
        Share of server time spent serving, i.e. served load divided by the
        number of servers.
    p_abandon : float
        Probability that an arriving customer gives up before being served.
        Always 0.0 for Erlang C, where nobody leaves the queue.
    mean_queue_length : float
        Mean number of customers waiting (not in service).
    """

    p_wait: float
    mean_wait: float
    service_level: float
    occupancy: float
    p_abandon: float
    mean_queue_length: float


def erlang_b(load: float, servers: int) -> float:
    """Blocking probability of the Erlang loss system M/M/c/c.

    Parameters
    ----------
    load : float
        Offered load in erlangs, ``arrival_rate * service_time``; >= 0.
    servers : int
        Number of servers, a whole number >= 1.

    Returns
    -------
    float
        Probability that an arrival finds all ``servers`` busy and is lost.
        By insensitivity this holds for any service-time distribution with
        the given mean.

    Raises
    ------
    AnalyticError
        If ``load`` is negative or not finite, or ``servers`` is not a whole
        number >= 1.

    Notes
    -----
    Uses the recursion ``B(0) = 1``, ``B(k) = A B(k-1) / (k + A B(k-1))``.
    Every step stays in [0, 1], so unlike the textbook ratio of
    ``A**c / c!`` to a sum it never overflows, even for thousands of servers.

    Examples
    --------
    >>> round(erlang_b(2.0, 3), 6)  # 4/19
    0.210526

    References
    ----------
    A. K. Erlang (1917), "Solution of some problems in the theory of
    probabilities of significance in automatic telephone exchanges".
    L. Kleinrock (1975), *Queueing Systems, Vol. 1: Theory*, Wiley
    (the M/M/m/m loss system).
    """
    load = _non_negative("erlang_b", "load", load)
    servers = _whole("erlang_b", "servers", servers)
    blocking = 1.0
    for k in range(1, servers + 1):
        blocking = load * blocking / (k + load * blocking)
    return blocking


def erlang_c(
    arrival_rate: float,
    service_time: float,
    servers: int,
    target_time: float,
) -> QueueResult:
    """Steady-state performance of the M/M/c queue with FCFS service (Erlang C).

    Customers arrive as a Poisson stream, service times are exponential,
    there are ``servers`` identical servers, an unlimited waiting room, and
    nobody gives up. Needs ``load = arrival_rate * service_time < servers``.

    Parameters
    ----------
    arrival_rate : float
        Mean number of arrivals per time unit; > 0.
    service_time : float
        Mean service (handling) time; > 0.
    servers : int
        Number of servers (agents), a whole number >= 1.
    target_time : float
        Service-level threshold, e.g. 20 for "answered within 20 seconds";
        >= 0.

    Returns
    -------
    QueueResult
        ``p_wait`` is the Erlang C probability ``C``;
        ``mean_wait = C * service_time / (servers - load)``;
        ``service_level = 1 - C * exp(-(servers - load) * target_time /
        service_time)``; ``occupancy = load / servers``; ``p_abandon = 0``;
        ``mean_queue_length = arrival_rate * mean_wait`` (Little's law).

    Raises
    ------
    AnalyticError
        If an input is out of range, or ``load >= servers`` (the queue would
        grow without bound, so no steady state exists).

    Notes
    -----
    ``C`` is obtained from Erlang B as ``C = c B / (c - A (1 - B))``, which
    inherits the overflow-free recursion. The service-level formula follows
    because, given that a customer waits, the wait is exponential with rate
    ``(servers - load) / service_time``.

    Examples
    --------
    >>> result = erlang_c(arrival_rate=1.0, service_time=1.0, servers=2,
    ...                   target_time=0.0)
    >>> round(result.p_wait, 6)  # 1/3
    0.333333
    >>> round(result.mean_wait, 6)  # (1/3) * 1 / (2 - 1)
    0.333333

    References
    ----------
    A. K. Erlang (1917), see :func:`erlang_b`.
    D. Gross, J. F. Shortle, J. M. Thompson, C. M. Harris (2008),
    *Fundamentals of Queueing Theory*, 4th ed., Wiley (the M/M/c model).
    """
    func = "erlang_c"
    arrival_rate = _positive(func, "arrival_rate", arrival_rate)
    service_time = _positive(func, "service_time", service_time)
    servers = _whole(func, "servers", servers)
    target_time = _non_negative(func, "target_time", target_time)

    load = arrival_rate * service_time
    if load >= servers:
        raise AnalyticError(
            f"{func}: servers={servers} with offered load {load!r} "
            "(arrival_rate*service_time) is unstable; need load < servers"
        )

    blocking = erlang_b(load, servers)
    p_wait = servers * blocking / (servers - load * (1.0 - blocking))
    spare = servers - load  # idle capacity in erlangs; drives how fast queues clear
    mean_wait = p_wait * service_time / spare
    service_level = 1.0 - p_wait * math.exp(-spare * target_time / service_time)
    return QueueResult(
        p_wait=p_wait,
        mean_wait=mean_wait,
        service_level=service_level,
        occupancy=load / servers,
        p_abandon=0.0,
        mean_queue_length=arrival_rate * mean_wait,
    )


def littles_law(
    *,
    arrival_rate: float | None = None,
    time_in_system: float | None = None,
    number_in_system: float | None = None,
) -> float:
    """Little's law ``L = lambda * W``: give any two quantities, get the third.

    Holds for any stable system in the long run, whatever the arrival and
    service distributions, as long as all three quantities refer to the
    same boundary (the whole system, just the queue, ...).

    Parameters
    ----------
    arrival_rate : float, optional
        Long-run rate of customers entering the system; >= 0.
    time_in_system : float, optional
        Mean time a customer spends inside; >= 0.
    number_in_system : float, optional
        Mean number of customers inside; >= 0.

    Returns
    -------
    float
        The quantity that was not given.

    Raises
    ------
    AnalyticError
        If not exactly two quantities are given, one is negative or not
        finite, or the answer would need a division by zero.

    Examples
    --------
    >>> littles_law(arrival_rate=2.0, time_in_system=3.0)
    6.0
    >>> littles_law(number_in_system=6.0, arrival_rate=2.0)
    3.0

    References
    ----------
    J. D. C. Little (1961), "A proof for the queuing formula L = lambda W",
    Operations Research 9(3), 383-387.
    """
    func = "littles_law"
    given = {
        name: value
        for name, value in (
            ("arrival_rate", arrival_rate),
            ("time_in_system", time_in_system),
            ("number_in_system", number_in_system),
        )
        if value is not None
    }
    if len(given) != 2:
        names = ", ".join(given) or "none"
        raise AnalyticError(
            f"{func}: give exactly two of arrival_rate, time_in_system, "
            f"number_in_system; got {len(given)} ({names})"
        )
    values = {name: _non_negative(func, name, value) for name, value in given.items()}

    if "number_in_system" not in values:
        return values["arrival_rate"] * values["time_in_system"]
    if "time_in_system" not in values:
        if values["arrival_rate"] == 0.0:
            raise _refuse(func, "arrival_rate", 0.0, "> 0 to solve for time_in_system")
        return values["number_in_system"] / values["arrival_rate"]
    if values["time_in_system"] == 0.0:
        raise _refuse(func, "time_in_system", 0.0, "> 0 to solve for arrival_rate")
    return values["number_in_system"] / values["time_in_system"]
