"""Today's customers: a run that starts where a CRM export ends.

A calibrated scenario carries the customers of the export
(``scenario.twin``, :class:`~simulations.parameters.Twin`). Its run starts
with exactly them, numbered within the origin ``"twin"`` in the order of the
table (so each keeps their own id), each drawn from their own posterior
given their history (Fader, Hardie & Lee 2005 and 2008; the derivation is in
``docs/calibration.md``), from the twin's own random stream:

* active with P(alive | x, t_x, T). A customer who is not is lost from the
  start: they buy nothing unless a win-back campaign brings them back (it
  contacts them as if they had left on the last day of the data);
* if active: purchase rate Gamma(r + x, alpha + T), chance of dropping out
  Beta(a, b + x), and a first visit after an exponential gap at that rate (a
  Poisson process has no memory, so the time since the last purchase does
  not matter once they are known to be active);
* mean spend ``p / nu`` with ``nu`` from Gamma(p x + q, v + x z), ``z`` the
  mean of their repeat purchases.

The model's customers carry factors relative to the population's means (a
rate as ``lambda / (r / alpha)``, a chance as ``p / (a / (a + b))``, a mean
spend over ``p v / (q - 1)``), and the scenario's parameters multiply them as
for every customer: a lever or an assumption changed in the scenario acts
on the export's customers too.

With ``start = "first_purchase"`` each customer comes instead on the day of
their first purchase, a fresh draw from the fitted population: the period
the fit came from, simulated again (the self-check of ``cfl calibrate``).
"""

from __future__ import annotations

from collections.abc import Generator
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import simpy

from ..analytic.customer_base import BGNBD, p_alive
from ..parameters import Customers, Twin
from .customers import Customer
from .newcomers import draw_traits

if TYPE_CHECKING:
    from .run import Model

TWIN = "twin"
"""The origin of the export's customers."""


def posterior_traits(
    twin: Twin, c: Customers, rng: np.random.Generator
) -> dict[str, np.ndarray]:
    """Each customer of the export as they stand on the last day of the data.

    Returns
    -------
    dict
        Arrays, one entry per customer: ``alive`` (bool), ``rate`` and
        ``leave_scale`` (relative to the population's means), ``value`` (mean
        spend a visit) and ``expectation`` (0-10).
    """
    table = twin.customers
    n = len(table)
    x, t_x, big_t = (table[k].to_numpy(float) for k in ("x", "t_x", "T"))
    m = BGNBD.of(twin.purchases)
    alive = rng.random(n) < p_alive(m, x, t_x, big_t)
    rate = np.ones(n)
    if m.spread:
        rate = rng.gamma(m.r + x, 1.0 / (m.alpha + big_t)) / m.mean_rate
    leave_scale = np.ones(n)
    if m.drops_out:
        leave_scale = rng.beta(m.a, m.b + x) / m.mean_drop
    if twin.spend is not None:
        p, q, v = (twin.spend[k] for k in ("p", "q", "v"))
        z = table["mean_spend"].to_numpy(float)
        nu = rng.gamma(p * x + q, 1.0 / (v + x * z))
        population_mean = p * v / (q - 1.0) if q > 1.0 else p * v
        value = c.spend_mean * (p / nu) / population_mean
    else:  # the scenario's own spread of spend
        sigma = c.spend_sigma
        value = c.spend_mean * np.exp(rng.normal(-0.5 * sigma * sigma, sigma, n))
    expectation = np.clip(rng.normal(c.expectation, c.expectation_spread, n), 0, 10)
    return {
        "alive": alive,
        "rate": np.maximum(rate, 1e-9),
        "leave_scale": leave_scale,
        "value": value,
        "expectation": expectation,
    }


def start_twin(model: Model, twin: Twin) -> None:
    """Put the export's customers in motion (called once, as the run starts)."""
    if twin.start == "today":
        _today(model, twin)
    else:
        model.env.process(_first_purchases(model, twin))


def _add(model: Model, number: int, traits: tuple, phase: str, now: float) -> Customer:
    """One customer of the export joins the run's customers."""
    value, expectation, rate, leave_scale = traits
    customer = Customer(
        len(model.customers),
        value,
        expectation,
        TWIN,
        now,
        value >= model.rules.key_value,
        phase,
        number=number,
        rng=model.streams.customer(TWIN, number),
        rate=rate,
        leave_scale=leave_scale,
    )
    model.customers.append(customer)
    model.counts[phase] += 1
    return customer


def _today(model: Model, twin: Twin) -> None:
    """Every customer from their posterior, on day 0."""
    s, rules = model.scenario, model.rules
    traits = posterior_traits(twin, s.customers, model.streams.twin.rng)
    columns = [traits[k].tolist() for k in ("value", "expectation", "rate")]
    columns.append(traits["leave_scale"].tolist())
    # A customer who bought at least visits_to_step times is past "new".
    purchases = twin.customers["x"].to_numpy() + 1
    model.streams.prepare(TWIN, len(purchases))
    for i, alive in enumerate(traits["alive"].tolist()):
        phase = "regular" if purchases[i] >= s.customers.visits_to_step else "new"
        customer = _add(model, i, tuple(c[i] for c in columns), phase, 0.0)
        if alive:
            first = customer.rng.exponential(customer.gap(rules))
            model.env.process(model.life(customer, first))
        else:
            model.move(customer, customer.leave, 0.0)
            if s.winback.campaign:
                model.env.process(_lapsed(model, customer))
            else:
                customer.rng = None


def _lapsed(model: Model, customer: Customer) -> Generator[simpy.Event]:
    """A customer lost before the run: won back by the campaign, or gone."""
    if not (yield from model.market.win_back(customer)):
        customer.rng = None
        return
    model.move(customer, customer.come_back)
    first = customer.rng.exponential(customer.gap(model.rules))
    yield from model.life(customer, first)


def _first_purchases(model: Model, twin: Twin) -> Generator[simpy.Event]:
    """Each customer on the day of their first purchase, drawn from the population."""
    env, day = model.env, model.day_minutes
    first = pd.to_datetime(twin.customers["first_purchase"])
    days = (first - pd.Timestamp(twin.start_date)).dt.days.to_numpy()
    stream = model.streams.twin
    at = (days + stream.rng.random(len(days))) * day  # a time within the day
    c = model.scenario.customers
    for number in np.argsort(at, kind="stable").tolist():
        yield env.timeout(at[number] - env.now)
        _, value, expectation, rate, leave_scale = draw_traits(
            stream, c, model.rules, True
        )
        traits = (value, expectation, rate, leave_scale)
        customer = _add(model, number, traits, "new", env.now)
        model.ledger.count("new_customers", env.now)
        env.process(model.life(customer))
