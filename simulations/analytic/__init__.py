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

Modules
-------
checks
    :class:`AnalyticError` and the argument checks every function uses.
queueing
    :class:`QueueResult`, :func:`erlang_b`, :func:`erlang_c`,
    :func:`littles_law`.
abandonment
    :func:`erlang_a` (M/M/c+M) and its stationary distribution and
    service-level helpers.
customer_value
    The CLV forms (:func:`clv_first_payment_now`, :func:`clv_first_payment_next`,
    :func:`clv_first_payment_end`, :func:`clv_truncated`,
    :func:`clv_with_growth`) and :func:`retention_uplift`.
lost_customer
    :class:`LostCustomerCost` and :func:`cost_of_lost_customer`.

Import the public names from here (``from simulations.analytic import
erlang_c``); the module split is an implementation detail.
"""

from __future__ import annotations

from .abandonment import erlang_a
from .checks import AnalyticError
from .customer_value import (
    clv_first_payment_end,
    clv_first_payment_next,
    clv_first_payment_now,
    clv_truncated,
    clv_with_growth,
    retention_uplift,
)
from .lost_customer import LostCustomerCost, cost_of_lost_customer
from .queueing import QueueResult, erlang_b, erlang_c, littles_law

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
