"""Closed-form results for teaching and for checking the simulator.

The queueing functions (Erlang B, Erlang C, Erlang A) give the long-run
answers that a correct simulation of the same model must reproduce, so they
double as test oracles. The customer-economics functions (customer lifetime
value, the cost of a lost customer, the value of better retention) are the
small formulas the course uses to put money on customer focus.

Units: every time is in one unit chosen by the caller (seconds, minutes,
years...), and every rate is "per that unit". Nothing here converts units.

Every function refuses impossible input with :class:`AnalyticError`, whose
message names the parameter, the value given and what is allowed.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass

import numpy as np
from scipy.special import betainc

__all__ = [
    "AnalyticError",
    "LostCustomerCost",
    "QueueResult",
    "clv_first_payment_end",
    "clv_first_payment_next",
    "clv_first_payment_now",
    "clv_truncated",
    "clv_with_growth",
    "cost_of_lost_customer",
    "erlang_a",
    "erlang_b",
    "erlang_c",
    "littles_law",
    "retention_uplift",
]

# Erlang A: the stationary distribution is cut off once the mass left beyond
# the cut-off is below this share of the largest probability.
_TAIL_TOLERANCE = 1e-15
# Erlang A: refuse rather than build an enormous chain. Only a very long
# patience combined with a load at or above the number of servers gets here.
_MAX_STATES = 1_000_000


class AnalyticError(ValueError):
    """Raised when an input to a closed-form result is impossible.

    It subclasses :class:`ValueError`, so callers that already catch
    ``ValueError`` keep working.
    """


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


# ---------------------------------------------------------------------------
# Input checks. Each returns the cleaned value so callers can write
# ``rate = _positive("erlang_c", "arrival_rate", arrival_rate)``.
# ---------------------------------------------------------------------------


def _show(value: object) -> str:
    """Format a value for an error message without NumPy's ``np.float64(...)``."""
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        return repr(int(value))
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        return repr(float(value))
    return repr(value)


def _refuse(func: str, name: str, value: object, allowed: str) -> AnalyticError:
    return AnalyticError(
        f"{func}: {name}={_show(value)} is not allowed; must be {allowed}"
    )


def _finite(func: str, name: str, value: object, allowed: str) -> float:
    """Return ``value`` as a float if it is a finite real number (not a bool)."""
    # bool is an int subclass; True as a rate or a count is always a mistake.
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise _refuse(func, name, value, allowed)
    number = float(value)
    if not math.isfinite(number):
        raise _refuse(func, name, value, allowed)
    return number


def _real(func: str, name: str, value: object) -> float:
    return _finite(func, name, value, "a finite real number")


def _positive(func: str, name: str, value: object) -> float:
    number = _finite(func, name, value, "> 0")
    if number <= 0.0:
        raise _refuse(func, name, value, "> 0")
    return number


def _non_negative(func: str, name: str, value: object) -> float:
    number = _finite(func, name, value, ">= 0")
    if number < 0.0:
        raise _refuse(func, name, value, ">= 0")
    return number


def _whole(func: str, name: str, value: object, minimum: int = 1) -> int:
    """Return ``value`` as an int if it is a whole number >= ``minimum``.

    Whole floats such as ``3.0`` are accepted because they often come out of
    arithmetic; ``2.5`` and ``True`` are refused.
    """
    allowed = f"a whole number >= {minimum}"
    if isinstance(value, bool):
        raise _refuse(func, name, value, allowed)
    if isinstance(value, numbers.Integral):
        whole = int(value)
    elif isinstance(value, numbers.Real) and float(value).is_integer():
        whole = int(float(value))
    else:
        raise _refuse(func, name, value, allowed)
    if whole < minimum:
        raise _refuse(func, name, value, allowed)
    return whole


def _retention(func: str, name: str, value: object) -> float:
    allowed = "in [0, 1)"
    number = _finite(func, name, value, allowed)
    # r = 1 means customers never leave: the infinite-horizon sums diverge
    # when there is no discounting, so the whole family refuses it.
    if not 0.0 <= number < 1.0:
        raise _refuse(func, name, value, allowed)
    return number


# ---------------------------------------------------------------------------
# Queueing
# ---------------------------------------------------------------------------


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


# ---------------------------------------------------------------------------
# Customer economics
# ---------------------------------------------------------------------------


def _clv_inputs(
    func: str, margin: float, retention: float, discount: float
) -> tuple[float, float, float]:
    return (
        _real(func, "margin", margin),
        _retention(func, "retention", retention),
        _non_negative(func, "discount", discount),
    )


def clv_first_payment_now(margin: float, retention: float, discount: float) -> float:
    """Expected customer lifetime value, counting a payment made today.

    Fits when the customer pays at sign-up (or at the start of each
    period, e.g. an annual subscription paid up front) and you value a
    customer who is just joining: ``m (1 + d) / (1 + d - r)``.

    Parameters
    ----------
    margin : float
        Margin per period per customer, ``m``; any finite number
        (negative for a loss-making customer).
    retention : float
        Probability that a customer still active at one payment makes the
        next, ``r``; in [0, 1).
    discount : float
        Discount rate per period, ``d``; >= 0.

    Returns
    -------
    float
        ``sum over t >= 0 of m r**t / (1 + d)**t``.

    Raises
    ------
    AnalyticError
        If ``margin`` is not finite, ``retention`` is outside [0, 1) or
        ``discount`` is negative or not finite.

    Examples
    --------
    >>> round(clv_first_payment_now(100.0, 0.8, 0.1), 6)  # 100 * 1.1 / 0.3
    366.666667

    References
    ----------
    P. S. Fader, B. G. S. Hardie (2012), "Reconciling and Clarifying CLV
    Formulas", http://brucehardie.com/notes/024/
    """
    m, r, d = _clv_inputs("clv_first_payment_now", margin, retention, discount)
    return m * (1.0 + d) / (1.0 + d - r)


def clv_first_payment_next(margin: float, retention: float, discount: float) -> float:
    """Expected value of a customer's future payments, the first one period away.

    Fits when the current period's payment has already been collected
    (or is ignored) and the question is what an existing customer is
    still worth: the next payment comes one period from now and only if the
    customer is retained, ``m r / (1 + d - r)``. This is also
    :func:`clv_first_payment_now` minus the payment made today.

    Parameters
    ----------
    margin : float
        Margin per period per customer, ``m``; any finite number.
    retention : float
        Retention rate per period, ``r``; in [0, 1).
    discount : float
        Discount rate per period, ``d``; >= 0.

    Returns
    -------
    float
        ``sum over t >= 1 of m r**t / (1 + d)**t``.

    Raises
    ------
    AnalyticError
        If ``margin`` is not finite, ``retention`` is outside [0, 1) or
        ``discount`` is negative or not finite.

    Examples
    --------
    >>> round(clv_first_payment_next(100.0, 0.8, 0.1), 6)  # 100 * 0.8 / 0.3
    266.666667

    References
    ----------
    P. S. Fader, B. G. S. Hardie (2012), "Reconciling and Clarifying CLV
    Formulas", http://brucehardie.com/notes/024/
    """
    m, r, d = _clv_inputs("clv_first_payment_next", margin, retention, discount)
    return m * r / (1.0 + d - r)


def clv_first_payment_end(margin: float, retention: float, discount: float) -> float:
    """Expected customer lifetime value when payments come at period ends.

    Fits when a newly acquired customer pays in arrears (billed at the end
    of each period) and is certain to make the first payment; later
    payments need the customer to be retained: ``m / (1 + d - r)``.

    Parameters
    ----------
    margin : float
        Margin per period per customer, ``m``; any finite number.
    retention : float
        Retention rate per period, ``r``; in [0, 1).
    discount : float
        Discount rate per period, ``d``; >= 0.

    Returns
    -------
    float
        ``sum over t >= 1 of m r**(t - 1) / (1 + d)**t``.

    Raises
    ------
    AnalyticError
        If ``margin`` is not finite, ``retention`` is outside [0, 1) or
        ``discount`` is negative or not finite.

    Examples
    --------
    >>> round(clv_first_payment_end(100.0, 0.8, 0.1), 6)  # 100 / 0.3
    333.333333

    References
    ----------
    P. S. Fader, B. G. S. Hardie (2012), "Reconciling and Clarifying CLV
    Formulas", http://brucehardie.com/notes/024/
    """
    m, r, d = _clv_inputs("clv_first_payment_end", margin, retention, discount)
    return m / (1.0 + d - r)


def clv_truncated(
    margin: float, retention: float, discount: float, periods: int
) -> float:
    """Customer lifetime value over a finite horizon, first payment now.

    Fits when the firm only credits a customer with a fixed planning
    horizon (say five years) rather than forever; the first payment is made
    today, as in :func:`clv_first_payment_now`, which is the limit as
    ``periods`` grows.

    Parameters
    ----------
    margin : float
        Margin per period per customer, ``m``; any finite number.
    retention : float
        Retention rate per period, ``r``; in [0, 1).
    discount : float
        Discount rate per period, ``d``; >= 0.
    periods : int
        Number of payments counted, a whole number >= 1.

    Returns
    -------
    float
        ``sum over t = 0 .. periods - 1 of m r**t / (1 + d)**t``.

    Raises
    ------
    AnalyticError
        If ``margin`` is not finite, ``retention`` is outside [0, 1),
        ``discount`` is negative or not finite, or ``periods`` is not a
        whole number >= 1.

    Notes
    -----
    Evaluated as the geometric sum ``m (1 - q**T) / (1 - q)`` with
    ``q = r / (1 + d) < 1``, so a long horizon costs no more than a short
    one.

    Examples
    --------
    >>> round(clv_truncated(100.0, 0.5, 0.0, 3), 6)  # 100 + 50 + 25
    175.0

    References
    ----------
    P. S. Fader, B. G. S. Hardie, note on the finite-horizon CLV,
    http://brucehardie.com/notes/033/
    """
    func = "clv_truncated"
    m, r, d = _clv_inputs(func, margin, retention, discount)
    periods = _whole(func, "periods", periods)
    q = r / (1.0 + d)  # survival-and-discount factor per period; < 1
    return m * (1.0 - q**periods) / (1.0 - q)


@dataclass(frozen=True)
class LostCustomerCost:
    """What losing one customer costs over a horizon.

    Attributes
    ----------
    sales_lost : float
        Total sales the customer would have made over the horizon.
    profit_lost : float
        ``sales_lost`` times the net margin.
    yearly_sales : tuple of float
        Sales the customer would have made in each year, first year first.
    """

    sales_lost: float
    profit_lost: float
    yearly_sales: tuple[float, ...]


def cost_of_lost_customer(
    first_year_sales: float, annual_growth: float, years: int, margin: float
) -> LostCustomerCost:
    """Sales and profit forgone when a customer leaves, with linear growth.

    The customer's purchases grow by a fixed amount each year, so year
    ``k`` (k = 0 .. years - 1) brings ``first_year_sales + k *
    annual_growth``. Undiscounted on purpose: it is a teaching estimate
    of how much more than one sale walks out of the door.

    Parameters
    ----------
    first_year_sales : float
        Sales in the first year; >= 0.
    annual_growth : float
        Amount (not percentage) added to sales each year; any finite number,
        negative for a shrinking customer, as long as no year's sales
        fall below zero.
    years : int
        Horizon, a whole number >= 1.
    margin : float
        Net profit margin as a fraction of sales; finite and <= 1
        (negative for a loss-making customer).

    Returns
    -------
    LostCustomerCost
        Total sales, total profit and the sales year by year.

    Raises
    ------
    AnalyticError
        If an input is out of range or the last year's sales would be
        negative.

    Examples
    --------
    A worked example from a Russian-language seminar article on customer
    focus: a customer buying 10,000 a year, growing by 2,000 a year, over
    5 years buys 10 + 12 + 14 + 16 + 18 = 70 thousand; at a 20% net margin
    that is 14 thousand of profit.

    >>> cost = cost_of_lost_customer(10_000, 2_000, 5, 0.20)
    >>> cost.yearly_sales
    (10000.0, 12000.0, 14000.0, 16000.0, 18000.0)
    >>> cost.sales_lost, round(cost.profit_lost, 6)
    (70000.0, 14000.0)
    """
    func = "cost_of_lost_customer"
    first_year_sales = _non_negative(func, "first_year_sales", first_year_sales)
    annual_growth = _real(func, "annual_growth", annual_growth)
    years = _whole(func, "years", years)
    margin = _finite(func, "margin", margin, "finite and <= 1")
    if margin > 1.0:
        # Net profit cannot exceed the sales it comes from.
        raise _refuse(func, "margin", margin, "finite and <= 1")

    yearly_sales = tuple(first_year_sales + k * annual_growth for k in range(years))
    if yearly_sales[-1] < 0.0:
        raise AnalyticError(
            f"{func}: annual_growth={annual_growth!r} makes year {years} sales "
            f"{yearly_sales[-1]!r}; must keep every year's sales >= 0"
        )
    sales_lost = math.fsum(yearly_sales)
    return LostCustomerCost(
        sales_lost=sales_lost,
        profit_lost=sales_lost * margin,
        yearly_sales=yearly_sales,
    )


def clv_with_growth(
    margin: float,
    retention: float,
    discount: float,
    growth: float = 0.0,
    acquisition_cost: float = 0.0,
) -> float:
    """Value of a new customer whose spending grows with tenure, less its cost.

    The margin of period ``t`` (t = 1, 2, ...) is ``m (1 + g)^(t-1)``, paid if
    the customer is still there, with chance ``r^t``, and discounted by
    ``(1 + d)^t``. Summed, this is ``m r / (1 + d - r (1 + g)) - A``. With
    ``g = 0`` and ``A = 0`` it is :func:`clv_first_payment_next`.

    Reichheld & Sasser's figures include both effects: loyal customers buy
    more as years pass, and the cost of winning a customer is paid once,
    however long they stay. Both make a rise in retention worth more.

    Parameters
    ----------
    margin : float
        Margin of the first period; finite.
    retention : float
        Retention rate per period; in [0, 1).
    discount : float
        Discount rate per period; >= 0.
    growth : float
        Growth of the margin per period of tenure; > -1, and small enough
        that ``retention * (1 + growth) < 1 + discount`` (else the sum has no
        finite value).
    acquisition_cost : float
        Cost of winning the customer, paid once at the start; >= 0.

    Examples
    --------
    >>> round(clv_with_growth(100.0, 0.8, 0.1), 2) == round(
    ...     clv_first_payment_next(100.0, 0.8, 0.1), 2)
    True
    >>> round(clv_with_growth(100.0, 0.8, 0.1, growth=0.05, acquisition_cost=50), 1)
    257.7
    """
    func = "clv_with_growth"
    margin = _real(func, "margin", margin)
    retention = _retention(func, "retention", retention)
    discount = _non_negative(func, "discount", discount)
    growth = _real(func, "growth", growth)
    if growth <= -1.0:
        raise _refuse(func, "growth", growth, "> -1")
    if retention * (1.0 + growth) >= 1.0 + discount:
        raise _refuse(
            func,
            "growth",
            growth,
            f"small enough that retention*(1+growth) < 1+discount = {1 + discount:g}",
        )
    acquisition_cost = _non_negative(func, "acquisition_cost", acquisition_cost)
    return margin * retention / (1.0 + discount - retention * (1.0 + growth)) - (
        acquisition_cost
    )


def retention_uplift(
    margin: float,
    retention_before: float,
    retention_after: float,
    discount: float,
    *,
    growth: float = 0.0,
    acquisition_cost: float = 0.0,
) -> float:
    """Relative rise in customer value when retention improves.

    Customer value here is the expected discounted margin of an existing
    customer, ``m r / (1 + d - r)`` (:func:`clv_first_payment_next`). The
    result is ``value_after / value_before - 1``; the margin cancels, so
    only its sign matters, and it must not be zero.

    This reproduces the mechanism behind Reichheld & Sasser's "Zero
    Defections" (1990): a small rise in retention lengthens the expected
    lifetime ``1 / (1 - r)`` a lot when ``r`` is already high, so a
    5-point rise lifts the net present value of a customer by tens of
    percent (the article reports roughly 25% to 85% across industries; the
    often-quoted "25% to 95%" is from Reichheld & Schefter, 2000). Their
    figures also include spending growth, referrals and lower serving costs
    with tenure, which this formula leaves out. It is the value of a
    customer, not the profit of the firm.

    Parameters
    ----------
    margin : float
        Margin per period per customer; finite and not zero.
    retention_before : float
        Retention rate before the change; in (0, 1).
    retention_after : float
        Retention rate after the change; in [0, 1). A lower value gives a
        negative result (a fall in value).
    discount : float
        Discount rate per period; >= 0.
    growth, acquisition_cost : float
        Margin growth with tenure and the one-off cost of winning the
        customer, as in :func:`clv_with_growth`. Both push the uplift up,
        towards the top of Reichheld's range.

    Returns
    -------
    float
        Relative change, e.g. 0.275 for +27.5%.

    Raises
    ------
    AnalyticError
        If ``margin`` is zero or not finite, a retention rate is out of
        range, or ``discount`` is negative or not finite.

    Examples
    --------
    >>> round(retention_uplift(100.0, 0.80, 0.85, 0.10), 3)
    0.275
    >>> round(retention_uplift(100.0, 0.90, 0.95, 0.10), 3)
    0.407
    >>> round(retention_uplift(100.0, 0.80, 0.85, 0.10, growth=0.05,
    ...                        acquisition_cost=200.0), 2)
    0.95

    References
    ----------
    F. F. Reichheld, W. E. Sasser Jr. (1990), "Zero Defections: Quality
    Comes to Services", Harvard Business Review 68(5), 105-111.
    F. F. Reichheld, P. Schefter (2000), "E-Loyalty: Your Secret Weapon on
    the Web", Harvard Business Review 78(4), 105-113.
    """
    func = "retention_uplift"
    margin = _real(func, "margin", margin)
    if margin == 0.0:
        # With zero margin the customer is worth nothing before and after.
        raise _refuse(func, "margin", margin, "finite and not 0")
    before = _retention(func, "retention_before", retention_before)
    if before == 0.0:
        raise _refuse(func, "retention_before", before, "in (0, 1)")
    after = _retention(func, "retention_after", retention_after)
    discount = _non_negative(func, "discount", discount)

    value_before = clv_with_growth(margin, before, discount, growth, acquisition_cost)
    value_after = clv_with_growth(margin, after, discount, growth, acquisition_cost)
    if value_before <= 0.0:
        raise _refuse(
            func,
            "acquisition_cost",
            acquisition_cost,
            "below the customer's value before the change (else no relative rise)",
        )
    return value_after / value_before - 1.0
