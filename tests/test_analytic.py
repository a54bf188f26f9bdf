"""Tests for simulations.analytic: published values, limits and brute force.

Where a test compares with an exact rational value, the comment next to it
says where the value comes from and how it is derived by hand, so that a
reader can check it without running anything.
"""

from __future__ import annotations

import doctest
import itertools
import math
import re

import numpy as np
import pytest
from scipy import stats
from scipy.integrate import solve_ivp
from scipy.linalg import expm

from simulations import analytic
from simulations.analytic import (
    AnalyticError,
    LostCustomerCost,
    QueueResult,
    abandonment,
    checks,
    clv_first_payment_end,
    clv_first_payment_next,
    clv_first_payment_now,
    clv_truncated,
    cost_of_lost_customer,
    customer_value,
    erlang_a,
    erlang_b,
    erlang_c,
    littles_law,
    lost_customer,
    queueing,
    retention_uplift,
)

ANALYTIC_MODULES = [checks, queueing, abandonment, customer_value, lost_customer]

# ---------------------------------------------------------------------------
# Independent reference implementations (direct textbook formulas with
# factorials), used only to check the module's stable algorithms.
# ---------------------------------------------------------------------------


def direct_erlang_b(load: float, servers: int) -> float:
    """B = (A^c / c!) / sum_{k=0..c} A^k / k!, summed exactly as written."""
    terms = [load**k / math.factorial(k) for k in range(servers + 1)]
    return terms[-1] / math.fsum(terms)


def direct_erlang_c(load: float, servers: int) -> float:
    """C = (A^c/c! * c/(c-A)) / (sum_{k<c} A^k/k! + A^c/c! * c/(c-A))."""
    top = load**servers / math.factorial(servers) * servers / (servers - load)
    bottom = math.fsum(load**k / math.factorial(k) for k in range(servers)) + top
    return top / bottom


def brute_force_erlang_a(
    arrival_rate: float,
    service_time: float,
    servers: int,
    patience: float,
    target_time: float,
    states: int,
) -> dict[str, float]:
    """Erlang A by a different route from the module.

    The stationary law is found by solving pi Q = 0 for the explicit
    truncated generator (dense linear algebra, no log-space products), and
    P(served within t | position j) by integrating the backward Kolmogorov
    ODEs of the position chain with solve_ivp (no matrix exponential).
    """
    mu, theta = 1.0 / service_time, 1.0 / patience
    size = states + 1
    generator = np.zeros((size, size))
    for n in range(size):
        if n + 1 < size:
            generator[n, n + 1] = arrival_rate
        if n > 0:
            generator[n, n - 1] = mu * min(n, servers) + theta * max(n - servers, 0)
        generator[n, n] = -generator[n].sum()
    # Replace one balance equation by the normalisation sum(pi) = 1.
    system = generator.T.copy()
    system[-1, :] = 1.0
    rhs = np.zeros(size)
    rhs[-1] = 1.0
    pi = np.linalg.solve(system, rhs)

    positions = size - servers
    capacity = servers * mu

    def backward(_t: float, u: np.ndarray) -> np.ndarray:
        # du_j/dt = (c mu + (j-1) theta)(u_{j-1} - u_j) - theta u_j, u_0 = 1.
        ahead = np.concatenate(([1.0], u[:-1]))
        j = np.arange(1, positions + 1)
        return (capacity + (j - 1) * theta) * (ahead - u) - theta * u

    if target_time > 0:
        solution = solve_ivp(
            backward,
            (0.0, target_time),
            np.zeros(positions),
            method="Radau",
            rtol=1e-11,
            atol=1e-14,
        )
        served_in_time = solution.y[:, -1]
    else:
        served_in_time = np.zeros(positions)

    n = np.arange(size)
    queued = pi[servers:]
    lq = float(np.dot(np.maximum(n - servers, 0), pi))
    # Eventually-served probability from position j telescopes to
    # c mu / (c mu + j theta); its complement gives abandonment per arrival.
    j = np.arange(1, positions + 1)
    return {
        "p_wait": float(queued.sum()),
        "mean_queue_length": lq,
        "p_abandon_from_positions": float(
            np.dot(queued, j * theta / (capacity + j * theta))
        ),
        "busy_servers": float(np.dot(np.minimum(n, servers), pi)),
        "service_level": float(pi[:servers].sum() + np.dot(queued, served_in_time)),
        "tail_mass": float(pi[-10:].sum()),
    }


def served_within_by_expm(
    positions: int, capacity: float, theta: float, target_time: float
) -> np.ndarray:
    """P(served within t | position j) from expm of the position chain.

    State 0 is "served" (absorbing), states 1..K are queue positions, and
    the customer's own abandonment leaves the chain, so the answer for
    position j is entry (j, 0) of expm(Q t).
    """
    size = positions + 1
    generator = np.zeros((size, size))
    for j in range(1, size):
        generator[j, j - 1] = capacity + (j - 1) * theta
        generator[j, j] = -(capacity + j * theta)
    return expm(generator * target_time)[1:, 0]


# ---------------------------------------------------------------------------
# Erlang B
# ---------------------------------------------------------------------------


def test_erlang_b_textbook_value():
    # B(c=3, A=2) = (8/6) / (1 + 2 + 2 + 8/6) = 4/19: the Erlang B (M/M/m/m
    # loss) formula, e.g. Kleinrock (1975), Queueing Systems Vol. 1.
    assert erlang_b(2.0, 3) == pytest.approx(4 / 19, rel=1e-14)


def test_erlang_b_single_server():
    # B(c=1, A) = A / (1 + A): one line, busy with probability A/(1+A).
    assert erlang_b(1.0, 1) == pytest.approx(0.5, rel=1e-14)
    assert erlang_b(3.0, 1) == pytest.approx(0.75, rel=1e-14)


@pytest.mark.parametrize(
    ("load", "servers"), [(0.5, 1), (2.0, 3), (7.3, 10), (48.0, 55), (95.0, 100)]
)
def test_erlang_b_matches_direct_formula(load, servers):
    assert erlang_b(load, servers) == pytest.approx(
        direct_erlang_b(load, servers), rel=1e-12
    )


def test_erlang_b_zero_load_and_huge_system_do_not_break():
    assert erlang_b(0.0, 4) == 0.0
    # 2000! overflows a float; the recursion must not.
    value = erlang_b(1900.0, 2000)
    assert 0.0 < value < 1.0
    assert math.isfinite(value)


def test_erlang_b_decreases_with_servers():
    values = [erlang_b(5.0, c) for c in range(1, 15)]
    assert all(a > b for a, b in itertools.pairwise(values))


# ---------------------------------------------------------------------------
# Erlang C
# ---------------------------------------------------------------------------


def test_erlang_c_two_servers_unit_load():
    # C(c=2, A=1) = 1/3: with rho = 1/2, p0 = 1/3 and
    # C = (A^2/2!)(1/(1-rho)) p0 = 1 * 1/3 (Gross & Harris, M/M/c).
    result = erlang_c(arrival_rate=1.0, service_time=1.0, servers=2, target_time=0)
    assert result.p_wait == pytest.approx(1 / 3, rel=1e-14)


def test_erlang_c_three_servers_load_two():
    # C(c=3, A=2) = 4/9: from B(3, 2) = 4/19, C = 3B / (3 - 2(1 - B)) = 12/27.
    result = erlang_c(arrival_rate=2.0, service_time=1.0, servers=3, target_time=0)
    assert result.p_wait == pytest.approx(4 / 9, rel=1e-14)


def test_erlang_c_single_server_is_mm1():
    # M/M/1: P(wait) = rho, Wq = rho / (mu - lambda), Lq = rho^2 / (1 - rho)
    # (Kleinrock 1975, Queueing Systems Vol. 1, M/M/1).
    lam, mu = 0.6, 1.0
    rho = lam / mu
    result = erlang_c(arrival_rate=lam, service_time=1 / mu, servers=1, target_time=2)
    assert result.p_wait == pytest.approx(rho, rel=1e-14)
    assert result.mean_wait == pytest.approx(rho / (mu - lam), rel=1e-14)
    assert result.mean_queue_length == pytest.approx(rho**2 / (1 - rho), rel=1e-14)
    # M/M/1 FCFS waiting time: P(Wq > t) = rho exp(-(mu - lambda) t).
    assert result.service_level == pytest.approx(
        1 - rho * math.exp(-(mu - lam) * 2), rel=1e-14
    )


def test_erlang_c_call_centre_example():
    # The widely reproduced step-by-step Erlang C example: 360 calls per
    # half hour, 4-minute (240 s) calls, 55 agents, 15 s target. The
    # expected values here are not copied from the page; they are
    # recomputed with the direct factorial formula above, and rounded
    # values are shown for readers: A = 48 erlangs, occupancy 87.3%,
    # P(wait) ~ 23.9%, mean wait ~ 8.2 s, service level ~ 84.6%.
    arrival_rate = 360 / 1800  # calls per second
    service_time = 240.0
    servers = 55
    target = 15.0
    load = arrival_rate * service_time
    p_wait = direct_erlang_c(load, servers)
    mean_wait = p_wait * service_time / (servers - load)
    service_level = 1 - p_wait * math.exp(-(servers - load) * target / service_time)

    result = erlang_c(arrival_rate, service_time, servers, target)
    assert load == pytest.approx(48.0)
    assert result.p_wait == pytest.approx(p_wait, rel=1e-12)
    assert result.mean_wait == pytest.approx(mean_wait, rel=1e-12)
    assert result.service_level == pytest.approx(service_level, rel=1e-12)
    assert result.occupancy == pytest.approx(48 / 55, rel=1e-14)
    assert round(result.p_wait, 3) == 0.239
    assert round(result.mean_wait, 1) == 8.2
    assert round(result.service_level, 3) == 0.846


@pytest.mark.parametrize(
    ("arrival_rate", "service_time", "servers", "target"),
    [(1.0, 1.0, 2, 0.5), (9.0, 0.5, 5, 0.1), (0.2, 240.0, 55, 20.0)],
)
def test_erlang_c_internal_consistency(arrival_rate, service_time, servers, target):
    result = erlang_c(arrival_rate, service_time, servers, target)
    load = arrival_rate * service_time
    assert isinstance(result, QueueResult)
    assert result.p_abandon == 0.0
    assert result.occupancy == pytest.approx(load / servers, rel=1e-14)
    # Little's law for the queue.
    assert result.mean_queue_length == pytest.approx(
        arrival_rate * result.mean_wait, rel=1e-14
    )
    assert result.service_level == pytest.approx(
        1 - result.p_wait * math.exp(-(servers - load) * target / service_time),
        rel=1e-14,
    )
    # A zero target counts only those who never wait.
    at_zero = erlang_c(arrival_rate, service_time, servers, 0.0)
    assert at_zero.service_level == pytest.approx(1 - result.p_wait, rel=1e-14)
    assert at_zero.service_level <= result.service_level <= 1.0


def test_erlang_c_accepts_whole_float_servers():
    assert erlang_c(1.0, 1.0, 2.0, 0.0) == erlang_c(1.0, 1.0, 2, 0.0)


def test_erlang_c_more_servers_means_less_waiting():
    waits = [erlang_c(8.0, 1.0, c, 0.5).mean_wait for c in range(9, 20)]
    assert all(a > b for a, b in itertools.pairwise(waits))


# ---------------------------------------------------------------------------
# Erlang A
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("arrival_rate", "service_time", "servers", "target"),
    [(1.0, 1.0, 2, 0.5), (0.2, 240.0, 55, 15.0), (0.9, 1.0, 1, 3.0)],
)
def test_erlang_a_with_endless_patience_is_erlang_c(
    arrival_rate, service_time, servers, target
):
    patient = erlang_a(arrival_rate, service_time, servers, 1e9 * service_time, target)
    reference = erlang_c(arrival_rate, service_time, servers, target)
    assert patient.p_wait == pytest.approx(reference.p_wait, abs=1e-4)
    assert patient.mean_wait == pytest.approx(reference.mean_wait, rel=1e-4)
    assert patient.service_level == pytest.approx(reference.service_level, abs=1e-4)
    assert patient.occupancy == pytest.approx(reference.occupancy, abs=1e-4)
    assert patient.p_abandon < 1e-6


@pytest.mark.parametrize(
    ("arrival_rate", "servers"), [(2.0, 2), (0.5, 1), (7.5, 6), (30.0, 20)]
)
def test_erlang_a_patience_equal_to_service_time_is_poisson(arrival_rate, servers):
    # With theta = mu every customer present leaves at rate mu, as in an
    # M/M/infinity queue, so the number present is Poisson(load) and
    # P(wait) = P(Poisson(load) >= c) exactly.
    service_time = 1.0
    load = arrival_rate * service_time
    result = erlang_a(arrival_rate, service_time, servers, service_time, 0.0)
    assert result.p_wait == pytest.approx(
        stats.poisson.sf(servers - 1, load), rel=1e-10
    )
    # E[(N - c)+] for N ~ Poisson(load), summed directly.
    n = np.arange(0, 400)
    lq = float(np.dot(np.maximum(n - servers, 0), stats.poisson.pmf(n, load)))
    assert result.mean_queue_length == pytest.approx(lq, rel=1e-10)


@pytest.mark.parametrize(
    ("arrival_rate", "service_time", "servers", "patience", "target"),
    [
        (3.0, 1.0, 3, 2.0, 0.5),  # critically loaded, impatient
        (5.0, 1.0, 3, 0.7, 0.2),  # overloaded
        (1.2, 1.0, 2, 4.0, 1.5),  # light load, patient
    ],
)
def test_erlang_a_matches_brute_force(
    arrival_rate, service_time, servers, patience, target
):
    reference = brute_force_erlang_a(
        arrival_rate, service_time, servers, patience, target, states=150
    )
    assert reference["tail_mass"] < 1e-15  # the truncation really is harmless
    result = erlang_a(arrival_rate, service_time, servers, patience, target)
    assert result.p_wait == pytest.approx(reference["p_wait"], rel=1e-9)
    assert result.mean_queue_length == pytest.approx(
        reference["mean_queue_length"], rel=1e-9
    )
    assert result.service_level == pytest.approx(reference["service_level"], rel=1e-7)
    # Abandonment two ways: theta * Lq / lambda (flow balance) and summing
    # j theta / (c mu + j theta) over the positions arrivals take.
    assert result.p_abandon == pytest.approx(
        reference["p_abandon_from_positions"], rel=1e-9
    )
    # Served throughput times service time equals mean busy servers.
    assert result.occupancy == pytest.approx(
        reference["busy_servers"] / servers, rel=1e-9
    )


@pytest.mark.parametrize(
    ("capacity", "theta", "target"),
    [
        (3.0, 0.5, 0.5),
        (3.0, 0.5, 40.0),  # long target: every reachable position matters
        (0.5, 2.0, 1.0),  # patience much shorter than a service
        (55 / 240, 1 / 120, 15.0),  # call-centre scale, seconds
        (2.0, 1e-7, 3.0),  # nearly endless patience
    ],
)
def test_served_within_matches_matrix_exponential(capacity, theta, target):
    # The module uses an incomplete-beta closed form for the position chain;
    # the reference is the plain matrix exponential of its generator.
    positions = 60
    closed_form = abandonment._served_within(positions, capacity, theta, target)
    reference = served_within_by_expm(positions, capacity, theta, target)
    np.testing.assert_allclose(closed_form, reference, rtol=1e-9, atol=1e-13)


def test_served_within_position_one_by_hand():
    # From position 1: served at rate c mu, abandons at rate theta, so
    # P(served by t) = c mu / (c mu + theta) * (1 - exp(-(c mu + theta) t)).
    capacity, theta, t = 2.0, 0.5, 0.8
    expected = capacity / (capacity + theta) * (1 - math.exp(-(capacity + theta) * t))
    value = abandonment._served_within(1, capacity, theta, t)[0]
    assert value == pytest.approx(expected, rel=1e-12)


def test_erlang_a_service_level_single_server_position_one():
    # For c = 1 and a tiny arrival rate, almost every waiting arrival is at
    # position 1, where P(served within t) = mu/(mu+theta) (1 - e^{-(mu+theta)t}).
    # Check the exact decomposition with the module's own p_wait.
    lam, mu, theta, t = 1e-6, 1.0, 0.5, 0.8
    result = erlang_a(lam, 1 / mu, 1, 1 / theta, t)
    first_position = mu / (mu + theta) * (1 - math.exp(-(mu + theta) * t))
    expected = (1 - result.p_wait) + result.p_wait * first_position
    assert result.service_level == pytest.approx(expected, rel=1e-9)


def test_erlang_a_service_level_bounds_and_long_target():
    args = (5.0, 1.0, 4, 1.5)
    targets = (0.0, 0.1, 0.5, 2.0, 10.0)
    levels = [erlang_a(*args, t).service_level for t in targets]
    assert all(a <= b for a, b in itertools.pairwise(levels))
    result = erlang_a(*args, 0.0)
    assert levels[0] == pytest.approx(1 - result.p_wait, rel=1e-12)
    for level in levels:
        assert level <= 1 - result.p_abandon + 1e-12
    # With an endless target everyone who is served counts.
    assert erlang_a(*args, 1e4).service_level == pytest.approx(
        1 - result.p_abandon, rel=1e-9
    )


def test_erlang_a_abandonment_falls_with_servers():
    p = [erlang_a(10.0, 1.0, c, 2.0, 0.5).p_abandon for c in range(5, 16)]
    assert all(a > b for a, b in itertools.pairwise(p))


def test_erlang_a_abandonment_rises_with_arrivals():
    rates = np.linspace(2.0, 14.0, 9)
    p = [erlang_a(lam, 1.0, 8, 2.0, 0.5).p_abandon for lam in rates]
    assert all(a < b for a, b in itertools.pairwise(p))


def test_erlang_a_waiting_falls_with_patience_shortening():
    # Impatient customers clear the queue for the others.
    waits = [erlang_a(9.0, 1.0, 8, pat, 0.5).mean_wait for pat in (10.0, 3.0, 1.0)]
    assert waits[0] > waits[1] > waits[2]


def test_erlang_a_overloaded_still_works():
    arrival_rate, service_time, servers, patience = 14.0, 1.0, 10, 2.0
    result = erlang_a(arrival_rate, service_time, servers, patience, 0.3)
    assert result.p_abandon > 0.0
    served_load = arrival_rate * (1 - result.p_abandon) * service_time
    assert served_load < servers
    assert 0.0 < result.service_level < 1.0
    assert 0.0 < result.occupancy < 1.0
    assert result.mean_queue_length == pytest.approx(
        arrival_rate * result.mean_wait, rel=1e-12
    )


def test_erlang_a_heavy_overload_with_large_numbers():
    # Products like load**n / n! overflow here; the log-space chain must not.
    result = erlang_a(1000.0, 1.0, 900, 10.0, 0.05)
    # Flow balance when the servers are practically always busy:
    # served = 900, abandoned = 100 of 1000 per time unit.
    assert result.p_abandon == pytest.approx(0.1, rel=1e-6)
    assert result.occupancy == pytest.approx(1.0, rel=1e-6)


def test_erlang_a_refuses_a_chain_that_is_too_long():
    with pytest.raises(AnalyticError, match=r"patience=100000\.0"):
        erlang_a(1000.0, 1.0, 900, 1e5, 0.05)


# ---------------------------------------------------------------------------
# Little's law
# ---------------------------------------------------------------------------


def test_littles_law_each_direction():
    # L = lambda W (Little 1961): 2 per hour staying 3 hours -> 6 inside.
    assert littles_law(arrival_rate=2.0, time_in_system=3.0) == pytest.approx(6.0)
    assert littles_law(number_in_system=6.0, time_in_system=3.0) == pytest.approx(2.0)
    assert littles_law(number_in_system=6.0, arrival_rate=2.0) == pytest.approx(3.0)


def test_littles_law_agrees_with_erlang_c():
    result = erlang_c(0.2, 240.0, 55, 15.0)
    assert littles_law(
        arrival_rate=0.2, time_in_system=result.mean_wait
    ) == pytest.approx(result.mean_queue_length, rel=1e-14)


# ---------------------------------------------------------------------------
# Customer lifetime value
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("m", "r", "d"), [(100.0, 0.8, 0.1), (50.0, 0.0, 0.0), (-20.0, 0.6, 0.12)]
)
def test_clv_forms_are_related(m, r, d):
    # Fader & Hardie (2012), note 024: the three forms differ only in when
    # the first payment falls.
    now = clv_first_payment_now(m, r, d)
    nxt = clv_first_payment_next(m, r, d)
    end = clv_first_payment_end(m, r, d)
    assert now == pytest.approx(end * (1 + d), rel=1e-14)
    assert nxt == pytest.approx(end * r, rel=1e-14, abs=1e-14)
    assert now == pytest.approx(m + nxt, rel=1e-14)  # today's payment + the rest


def test_clv_hand_computed_example():
    # m = 100, r = 0.8, d = 0.1: 1 + d - r = 0.3, so
    # now = 110/0.3 = 366.67, next = 80/0.3 = 266.67, end = 100/0.3 = 333.33.
    assert clv_first_payment_now(100, 0.8, 0.1) == pytest.approx(1100 / 3)
    assert clv_first_payment_next(100, 0.8, 0.1) == pytest.approx(800 / 3)
    assert clv_first_payment_end(100, 0.8, 0.1) == pytest.approx(1000 / 3)


def test_clv_truncated_small_example_by_hand():
    # m = 100, r = 0.8, d = 0.1, three payments:
    # 100 + 100*0.8/1.1 + 100*0.64/1.21 = 100 + 72.7273 + 52.8926 = 225.6198.
    expected = 100 + 80 / 1.1 + 64 / 1.21
    assert clv_truncated(100, 0.8, 0.1, 3) == pytest.approx(expected, rel=1e-14)
    assert clv_truncated(100, 0.8, 0.1, 1) == pytest.approx(100.0)


@pytest.mark.parametrize("periods", [1, 2, 7, 30])
def test_clv_truncated_equals_the_explicit_sum(periods):
    m, r, d = 40.0, 0.75, 0.08
    explicit = math.fsum(m * r**t / (1 + d) ** t for t in range(periods))
    assert clv_truncated(m, r, d, periods) == pytest.approx(explicit, rel=1e-13)


def test_clv_truncated_converges_to_first_payment_now():
    m, r, d = 100.0, 0.9, 0.05
    limit = clv_first_payment_now(m, r, d)
    gaps = [limit - clv_truncated(m, r, d, t) for t in (1, 5, 20, 100, 1000)]
    assert all(a > b > -1e-9 for a, b in itertools.pairwise(gaps))
    assert clv_truncated(m, r, d, 1000) == pytest.approx(limit, rel=1e-12)


# ---------------------------------------------------------------------------
# Cost of a lost customer and the value of retention
# ---------------------------------------------------------------------------


def test_cost_of_lost_customer_seminar_example():
    # Russian seminar article's worked example: 10,000 a year growing by
    # 2,000 a year for 5 years -> 10+12+14+16+18 = 70 thousand of sales,
    # 14 thousand of profit at a 20% net margin.
    cost = cost_of_lost_customer(10_000, 2_000, 5, 0.20)
    assert isinstance(cost, LostCustomerCost)
    assert cost.yearly_sales == (10_000.0, 12_000.0, 14_000.0, 16_000.0, 18_000.0)
    assert cost.sales_lost == pytest.approx(70_000.0)
    assert cost.profit_lost == pytest.approx(14_000.0)


def test_cost_of_lost_customer_matches_arithmetic_series():
    # n a + g n (n - 1) / 2 for an arithmetic series.
    cost = cost_of_lost_customer(500.0, -25.0, 12, 0.1)
    assert cost.sales_lost == pytest.approx(12 * 500 - 25 * 12 * 11 / 2)
    assert len(cost.yearly_sales) == 12


def test_retention_uplift_published_mechanism():
    # Value m r / (1 + d - r) at d = 10%: 0.80 -> 0.85 is
    # (0.85/0.25) / (0.80/0.30) - 1 = 3.4 / 2.667 - 1 = +27.5%;
    # 0.90 -> 0.95 is (0.95/0.15) / (0.90/0.20) - 1 = +40.7%. Same order as
    # the 25%-85% NPV rises in Reichheld & Sasser, HBR 1990.
    assert retention_uplift(100.0, 0.80, 0.85, 0.10) == pytest.approx(0.27, abs=0.01)
    assert retention_uplift(100.0, 0.90, 0.95, 0.10) == pytest.approx(0.41, abs=0.01)


def test_retention_uplift_ignores_margin_and_can_be_negative():
    up = retention_uplift(1.0, 0.7, 0.75, 0.1)
    assert retention_uplift(250.0, 0.7, 0.75, 0.1) == pytest.approx(up, rel=1e-14)
    assert retention_uplift(1.0, 0.75, 0.7, 0.1) < 0.0
    assert retention_uplift(1.0, 0.7, 0.7, 0.1) == 0.0


# ---------------------------------------------------------------------------
# Refusing impossible input
# ---------------------------------------------------------------------------

BAD_INPUTS = [
    (erlang_c, (-1.0, 1.0, 2, 0.0), {}, "arrival_rate=-1.0"),
    (erlang_c, (np.float64(-2.0), 1.0, 2, 0.0), {}, "arrival_rate=-2.0"),
    (erlang_c, (1.0, math.inf, 2, 0.0), {}, "service_time=inf"),
    (erlang_c, (1.0, 1.0, 0, 0.0), {}, "servers=0"),
    (erlang_c, (1.0, 1.0, 2.5, 0.0), {}, "servers=2.5"),
    (erlang_c, (0.5, 1.0, True, 0.0), {}, "servers=True"),
    (erlang_c, (1.0, 1.0, 2, -1.0), {}, "target_time=-1.0"),
    (
        erlang_c,
        (2.5, 1.0, 2, 0.0),
        {},
        "servers=2 with offered load 2.5 (arrival_rate*service_time) is unstable",
    ),
    (erlang_c, (2.0, 1.0, 2, 0.0), {}, "need load < servers"),
    (erlang_b, (-1, 3), {}, "load=-1"),
    (erlang_b, (1.0, "3"), {}, "servers='3'"),
    (erlang_a, (1.0, 1.0, 2, math.nan, 0.0), {}, "patience=nan"),
    (erlang_a, (1.0, 1.0, 2, 0.0, 0.0), {}, "patience=0.0"),
    (erlang_a, (0.0, 1.0, 2, 1.0, 0.0), {}, "arrival_rate=0.0"),
    (clv_first_payment_now, (100.0, 1.0, 0.1), {}, "retention=1.0"),
    (clv_first_payment_next, (100.0, -0.1, 0.1), {}, "retention=-0.1"),
    (clv_first_payment_end, (100.0, 0.5, -0.1), {}, "discount=-0.1"),
    (clv_first_payment_end, (math.nan, 0.5, 0.1), {}, "margin=nan"),
    (clv_truncated, (100.0, 0.5, 0.1, 0), {}, "periods=0"),
    (clv_truncated, (100.0, 0.5, 0.1, 2.5), {}, "periods=2.5"),
    (littles_law, (), {"arrival_rate": 1.0}, "exactly two"),
    (
        littles_law,
        (),
        {"arrival_rate": 1.0, "time_in_system": 2.0, "number_in_system": 2.0},
        "got 3",
    ),
    (littles_law, (), {"arrival_rate": -1.0, "time_in_system": 2.0}, "arrival_rate"),
    (
        littles_law,
        (),
        {"number_in_system": 1.0, "time_in_system": 0.0},
        "time_in_system=0.0",
    ),
    (cost_of_lost_customer, (10_000, 2_000, 0, 0.2), {}, "years=0"),
    (cost_of_lost_customer, (10_000, 2_000, 5, 1.5), {}, "margin=1.5"),
    (cost_of_lost_customer, (-1.0, 2_000, 5, 0.2), {}, "first_year_sales=-1.0"),
    (cost_of_lost_customer, (1_000, -500, 5, 0.2), {}, "annual_growth=-500.0"),
    (retention_uplift, (0.0, 0.8, 0.85, 0.1), {}, "margin=0.0"),
    (retention_uplift, (100.0, 0.0, 0.85, 0.1), {}, "retention_before=0.0"),
    (retention_uplift, (100.0, 0.8, 1.0, 0.1), {}, "retention_after=1.0"),
]


@pytest.mark.parametrize(
    ("func", "args", "kwargs", "message"),
    BAD_INPUTS,
    ids=[f"{case[0].__name__}-{case[3]}" for case in BAD_INPUTS],
)
def test_bad_input_is_refused_with_a_named_parameter(func, args, kwargs, message):
    with pytest.raises(AnalyticError, match=re.escape(message)):
        func(*args, **kwargs)


def test_analytic_error_is_a_value_error():
    with pytest.raises(ValueError, match="servers"):
        erlang_b(1.0, 0)


# ---------------------------------------------------------------------------
# Module hygiene
# ---------------------------------------------------------------------------


def test_docstring_examples_run():
    # testmod only looks at objects defined in the module it is given, so run
    # it on each module of the package rather than on the re-exporting
    # ``__init__``.
    failures = tried = 0
    for module in ANALYTIC_MODULES:
        result = doctest.testmod(module, verbose=False)
        failures += result.failed
        tried += result.attempted
    assert tried > 10
    assert failures == 0


def test_public_names_are_exported():
    for name in analytic.__all__:
        assert hasattr(analytic, name)
    assert "erlang_a" in analytic.__all__
    assert "AnalyticError" in analytic.__all__
