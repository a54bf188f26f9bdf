"""Drop-out at today's service mix.

The fitted chance of dropping out after a purchase, ``a / (a + b)``, is what
the business achieves *with the service it gives now*: some visits low, most
standard, some WOW. With service feedback on, the model's customer leaves
after a visit with ``leave_after_low / standard / wow`` for the visit's
level, times their own factor, times ``loyal_forgiveness`` if loyal (and the
programme's factor if a member). :func:`leave_at_mix` sets the three chances
so that at the business's own mix, simulated with its own staff and levers,
the mean chance per repeat purchase is the fitted one:

    sum over levels L of  W_L * chance_L  =  a / (a + b)

where ``W_L`` is the share of repeat visits at level ``L``, each weighted by
the phase factors that applied. The three chances keep the model's ratios,
taken on the odds scale: ``odds(chance_L) = odds(standard) * R_L`` with
``R_L`` the base scenario's odds ratios (0.12, 0.02 and 0.005 give 6.7, 1 and
0.25). On the odds scale no chance reaches 1 unless the fitted mean does.
The mix depends a little on the chances (who stays, how busy the staff are),
so the mapping is solved twice, each time on a fresh simulation of the mix.

Spend is read the same way. The amounts in the data are what customers paid
at today's mix of phases: loyal customers and advocates pay ``spend_loyal``
and ``spend_advocate`` times their own mean, members pay less the discount.
So ``customers.spend_mean`` becomes the fitted mean over ``F``, the mean of
those factors over today's repeat purchases, and the simulated business pays
the fitted mean at today's mix. ``docs/calibration.md`` derives both.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.optimize import brentq
from scipy.special import expit

from ..model.customers import Customer
from ..model.run import Model
from ..model.service import Outcome
from ..parameters import Scenario
from ..vocabulary import RANK

PILOT_DAYS = 180
"""Days of each simulation that measures the mix."""
PILOT_REPLICATIONS = 2


class _MixProbe(Model):
    """A run that also adds up the factors of each repeat visit.

    For each visit after which the story draws a chance of leaving: the
    factors on that chance, by the visit's level; for each such visit served,
    the factor on what the customer paid.
    """

    def __init__(self, scenario: Scenario, replication: int) -> None:
        super().__init__(scenario, replication, record_visits=False)
        self.weights = np.zeros(3)
        self.draws = 0
        self.paid = 0.0
        self.purchases = 0

    def after_visit(self, customer: Customer, outcome: Outcome, complains: bool) -> int:
        level = super().after_visit(customer, outcome, complains)
        if customer.visits > self.grace or customer.origin == self.repeat_origin:
            rules, rank = self.rules, RANK[customer.phase]
            member = rank >= rules.member_from
            factor = rules.loyal_forgiveness if rank >= 2 else 1.0
            if member:
                factor *= rules.member_leave_factor
            self.weights[level] += factor
            self.draws += 1
            if outcome.served:
                paid = rules.spend_factor[customer.phase]
                self.paid += paid * (1.0 - rules.discount) if member else paid
                self.purchases += 1
        return level


@dataclass(frozen=True)
class Mix:
    """What a simulation of today's business says about its mix."""

    weights: np.ndarray
    spend_factor: float
    new_per_day: float


def service_mix(
    scenario: Scenario, days: int = PILOT_DAYS, replications: int = PILOT_REPLICATIONS
) -> Mix:
    """``W`` and ``F`` of the mapping, from simulations of today's business.

    Simulates ``scenario`` for ``days`` days (no warm-up: a calibrated
    business starts in its real state), ``replications`` times.

    Returns
    -------
    Mix
        ``W``, the shares of repeat visits by level, each weighted by the
        factors on its chance of leaving; ``F``, the mean factor on what a
        repeat purchase pays (1 without a ladder or a programme); the new
        customers a day (after word of mouth put some off).
    """
    days = min(days, scenario.business.days)
    pilot = scenario.copy(**{"business.days": days, "business.warmup_days": 0})
    weights, draws, paid, purchases, new = np.zeros(3), 0, 0.0, 0, 0
    for replication in range(replications):
        probe = _MixProbe(pilot, replication)
        probe.run()
        weights += probe.weights
        draws += probe.draws
        paid += probe.paid
        purchases += probe.purchases
        new += sum(probe.ledger.counts["new_customers"])
    factor = paid / purchases if purchases else 1.0
    # Nobody came back: the mix is the base one, standard.
    weights = weights / draws if draws else np.array([0.0, 1.0, 0.0])
    return Mix(weights, factor, new / (days * replications))


def odds_ratios(base: Scenario) -> np.ndarray:
    """Odds of leaving after low, standard and WOW visits over the standard's.

    Examples
    --------
    >>> np.round(odds_ratios(Scenario()), 3)
    array([6.682, 1.   , 0.246])
    """
    c = base.customers
    chances = np.array([c.leave_after_low, c.leave_after_standard, c.leave_after_wow])
    if not 0.0 < chances[1] < 1.0:
        return np.ones(3)
    odds = chances / (1.0 - np.minimum(chances, 1.0 - 1e-12))
    return odds / odds[1]


def chances(standard: float, ratios: np.ndarray) -> np.ndarray:
    """Chances after low, standard and WOW visits, from the standard one."""
    if standard <= 0.0 or standard >= 1.0:
        return np.full(3, float(standard >= 1.0))
    return _from_logit(math.log(standard / (1.0 - standard)), ratios)


def _from_logit(logit: float, ratios: np.ndarray) -> np.ndarray:
    """Chances whose log-odds are ``logit`` plus the log of each ratio."""
    return expit(logit + np.log(ratios))


def solve(mean: float, weights: np.ndarray, ratios: np.ndarray) -> np.ndarray:
    """The three chances whose mean at ``weights`` is ``mean``.

    Examples
    --------
    >>> w = np.array([0.2, 0.6, 0.2])
    >>> found = solve(0.25, w, np.array([6.0, 1.0, 0.25]))
    >>> round(float(w @ found), 6)
    0.25
    """
    if mean <= 0.0:
        return np.zeros(3)
    most = float(weights.sum())  # the mean when every chance is 1
    if mean >= most:
        return np.ones(3)

    def gap(logit: float) -> float:
        return float(weights @ _from_logit(logit, ratios)) - mean

    return _from_logit(brentq(gap, -50.0, 50.0, xtol=1e-12), ratios)


def at_today_mix(
    scenario: Scenario,
    mean: float,
    spend_mean: float,
    ratios: np.ndarray,
    new_per_day: float | None = None,
    rounds: int = 2,
) -> tuple[dict[str, float], Mix]:
    """Chances of leaving, spend and prospects that give the data at the mix.

    Parameters
    ----------
    scenario
        The calibrated business.
    mean
        The fitted mean chance of dropping out after a purchase.
    spend_mean
        The fitted mean spend a purchase (the population's, ``p v / (q - 1)``).
    ratios
        Odds ratios of the three levels (:func:`odds_ratios`).
    new_per_day
        New customers a day the data show, whatever brought them; None
        keeps ``attraction.prospects_per_day`` as it is. The prospects a day
        are set so that, after word of mouth put some off and with the
        advertising and referrals of the scenario, that many come.
    rounds
        Times the mix is simulated and the mapping solved again.

    Returns
    -------
    tuple
        The changes to make and the last :class:`Mix`.
    """
    feedback = scenario.customers.service_feedback
    prospects = scenario.attraction.prospects_per_day
    changes: dict[str, float] = {}
    mix = Mix(np.array([0.0, 1.0, 0.0]), 1.0, prospects)
    for _ in range(rounds):
        mix = service_mix(scenario.copy(**changes))
        changes = {"customers.spend_mean": spend_mean / mix.spend_factor}
        if new_per_day is not None and (new_per_day or mix.new_per_day):
            # New customers grow one for one with prospects, less those put off.
            prospects = max(0.0, prospects + new_per_day - mix.new_per_day)
            changes["attraction.prospects_per_day"] = prospects
        if feedback:
            low, standard, wow = solve(mean, mix.weights, ratios)
            changes |= {
                "customers.leave_after_low": float(low),
                "customers.leave_after_standard": float(standard),
                "customers.leave_after_wow": float(wow),
            }
    return changes, mix
