"""From fitted BG/NBD and Gamma-Gamma parameters to a scenario of the model.

The mapping (``docs/calibration.md`` explains each line):

* ``customers.visit_rate_shape = r``: each customer's visit rate is Gamma
  with shape ``r`` and mean ``r / alpha`` (numpy's scale ``1 / alpha``);
* ``customers.visits_*`` = ``r / alpha`` converted to visits a model month
  (30 days), the same in every phase: the fitted business has no ladder
  effect on visits;
* ``customers.leave_after_standard = a / (a + b)`` and
  ``customers.leave_concentration = a + b``: each customer's base chance of
  leaving after a visit is Beta(a, b); the chances after low and WOW visits
  keep the base scenario's odds ratios to the standard one (with service
  feedback on, :mod:`.service_mix` then moves all three to today's mix);
* spend: ``customers.spend_distribution = "gamma_gamma"``,
  ``spend_visit_shape = p``, ``spend_mean = p v / (q - 1)`` and
  ``spend_sigma`` such that the lognormal with that sigma has the inverse
  gamma's coefficient of variation ``1 / sqrt(q - 2)``; with that choice the
  model draws each customer's mean spend from exactly the fitted inverse
  gamma and each visit's spend from Gamma(p) around it;
* ``customers.initial_customers``: the customers expected to be still
  active at the end of the data (sum of BG/NBD's P(alive));
* ``attraction.prospects_per_day``: first purchases a day in the data.
"""

from __future__ import annotations

import math

from ..analytic.customer_base import BGNBD
from ..parameters import Scenario
from ..vocabulary import MONTH_DAYS
from .service_mix import chances, odds_ratios
from .transactions import UNITS

SIGMA_MAX = 3.0  # the largest customers.spend_sigma the model accepts


def spend_sigma(q: float) -> float:
    """Lognormal sigma with the coefficient of variation ``1 / sqrt(q - 2)``.

    ``exp(sigma^2) - 1 = CV^2 = 1 / (q - 2)``; capped at the model's largest
    sigma when ``q <= 2`` (the inverse gamma's variance is then infinite).

    Examples
    --------
    >>> round(spend_sigma(3.74), 3)
    0.674
    """
    if q <= 2.0:
        return SIGMA_MAX
    return min(SIGMA_MAX, math.sqrt(math.log1p(1.0 / (q - 2.0))))


def to_scenario(
    bgnbd: dict[str, float] | BGNBD,
    gamma_gamma: dict[str, float] | None,
    unit: str,
    *,
    initial_customers: int,
    prospects_per_day: float,
    base: Scenario | None = None,
    name: str = "today's business",
) -> Scenario:
    """A scenario whose customers carry the fitted heterogeneity.

    Parameters
    ----------
    bgnbd
        ``r``, ``alpha``, ``a``, ``b`` (``alpha`` in ``unit``), or a
        :class:`~simulations.analytic.customer_base.BGNBD` (limits included).
    gamma_gamma
        ``p``, ``q``, ``v``; None keeps the base scenario's spend.
    unit
        Time unit of the fit: ``"day"``, ``"week"`` or ``"month"``.
    initial_customers
        Customers the business has on day one.
    prospects_per_day
        First visits a day.
    base
        Scenario whose other parameters (staff, policies, economics) are
        kept; None: the default scenario.
    name
        Name of the new scenario.

    Returns
    -------
    Scenario
        The calibrated scenario (service feedback as in ``base``).

    Examples
    --------
    >>> s = to_scenario({"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426},
    ...                 {"p": 6.25, "q": 3.74, "v": 15.44}, "week",
    ...                 initial_customers=600, prospects_per_day=2.0)
    >>> round(s.customers.visits_regular, 3), round(s.customers.spend_mean, 2)
    (0.236, 35.22)
    """
    scenario = (base or Scenario()).copy(name)
    model = bgnbd if isinstance(bgnbd, BGNBD) else BGNBD.of(bgnbd)
    per_month = model.mean_rate / UNITS[unit] * MONTH_DAYS
    leave = model.mean_drop
    low, _, wow = chances(leave, odds_ratios(scenario))
    changes: dict[str, object] = {
        "customers.visit_rate_shape": model.r,
        "customers.visits_new": per_month,
        "customers.visits_regular": per_month,
        "customers.visits_loyal": per_month,
        "customers.visits_advocate": per_month,
        "customers.leave_after_standard": leave,
        "customers.leave_after_low": float(low),
        "customers.leave_after_wow": float(wow),
        "customers.leave_concentration": model.a + model.b,
        "customers.initial_customers": int(initial_customers),
        "attraction.prospects_per_day": float(prospects_per_day),
    }
    if gamma_gamma is not None:
        p, q, v = (gamma_gamma[k] for k in ("p", "q", "v"))
        changes |= {
            "customers.spend_distribution": "gamma_gamma",
            "customers.spend_visit_shape": p,
            "customers.spend_mean": p * v / (q - 1.0) if q > 1.0 else p * v,
            "customers.spend_sigma": spend_sigma(q),
        }
    return scenario.set(**changes)
