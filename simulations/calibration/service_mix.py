"""Drop-out, spend and visits at the business's own service mix.

The fitted chance of dropping out after a purchase, ``m = a / (a + b)``, is
what the business achieved *with the service it gave*: some visits low,
most standard, some WOW. With service feedback on, the model's customer
leaves after a visit with ``leave_after_low / standard / wow`` for the
visit's level, times their own factor, times ``loyal_forgiveness`` if loyal
(and the programme's factor if a member). :func:`fit_to_mix` sets the three
chances so that at the business's own mix the mean chance per repeat
purchase is the fitted one:

    sum over levels L of  W_L * chance_L  =  m

where ``W_L`` adds up the phase factors of the repeat visits at level ``L``,
each times the customer's own factor, per repeat purchase (also weighted by
the customer's own factor: BG/NBD expects ``m`` times it). A visit given up
in the queue is low and may drive the customer away, but buys nothing; the
fitted chance is per purchase. The mix
is the one of the period the data cover: the export's customers simulated
again from their first purchases, with the business's own staff and levers
(four times). New customers are counted at today's mix: the twin run forward from
the day after the data (180 days, four times). The three chances keep
the model's ratios, taken on the odds scale,
``odds(chance_L) = odds(standard) * R_L``, with ``R_L`` the base scenario's
odds ratios (0.12, 0.02 and 0.005 give 6.7, 1 and 0.25); on that scale no
chance reaches 1 unless ``m`` does. The mix depends on the chances (who
stays, how busy the staff are): on a busy queue, fewer leaving means more low
visits. So the standard visit's chance is found by a root search
(:func:`.search.rising_root`): the mean chance per repeat purchase,
simulated again at each trial, minus ``m``, on the same runs' random
numbers every time.

Spend and visits are read the same way. The amounts in the data are what
repeat purchases paid at that mix of phases (loyal customers and advocates
pay ``spend_loyal`` and ``spend_advocate`` times their own mean) and of
programme members (who pay less the discount): ``customers.spend_mean`` is
the fitted mean over ``F``, the mean of those factors. The fitted purchase
rate counts purchases: customers come more often, by one over the share of
their visits served. The same simulations set the prospects a day so that
today's business gains new customers at the rate the data show, after its
word of mouth put some off. ``docs/calibration.md`` derives it all.
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
from .search import rising_root

PILOT_DAYS = 180
"""Days of each simulation of today's business that measures the mix."""
PILOT_REPLICATIONS = 4
PILOT_FIRST = 10_000
"""The mapping's runs are replications 10,000 on: a check of the twin (runs 0,
1, ...) then draws other random numbers than those the twin was fitted on."""
VISIT_PHASES = ("new", "regular", "loyal", "advocate")
SETTLED = 0.01
"""The search for the chances stops within this share of the fitted mean: about
the standard error of the mean of the four runs (0.75% on CDNOW, 0.9% on a
busy queue), below which it would chase noise."""


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
        self.own = 0.0  # customers' own factors, added up over purchases

    def after_visit(self, customer: Customer, outcome: Outcome, complains: bool) -> int:
        level = super().after_visit(customer, outcome, complains)
        if customer.visits > self.grace or customer.origin == self.repeat_origin:
            rules, rank = self.rules, RANK[customer.phase]
            member = rank >= rules.member_from
            factor = rules.loyal_forgiveness if rank >= 2 else 1.0
            if member:
                factor *= rules.member_leave_factor
            self.weights[level] += factor * customer.leave_scale
            self.draws += 1
            if outcome.served:
                paid = rules.spend_factor[customer.phase]
                self.paid += paid * (1.0 - rules.discount) if member else paid
                self.purchases += 1
                self.own += customer.leave_scale
        return level


@dataclass(frozen=True)
class Mix:
    """What a simulation of today's business says about its mix.

    Attributes
    ----------
    weights
        ``W``: the factors on the chance of leaving (the customer's own
        included), added up by the level of the repeat visit they followed,
        per repeat *purchase* weighted by the customer's own factor (a visit
        given up in the queue is low and may drive the customer away, but
        buys nothing).
    spend_factor
        ``F``: the mean factor on what a repeat purchase pays.
    served
        Share of repeat visits that ended in a purchase.
    new_per_day
        New customers a day (after word of mouth put some off).
    """

    weights: np.ndarray
    spend_factor: float
    served: float
    new_per_day: float


def service_mix(
    scenario: Scenario, days: int = PILOT_DAYS, replications: int = PILOT_REPLICATIONS
) -> Mix:
    """``W`` and ``F`` of the mapping, from simulations of today's business.

    Simulates ``scenario`` for ``days`` days (no warm-up: a calibrated
    business starts in its real state), ``replications`` times: replications
    :data:`PILOT_FIRST` on, the same at every call (common random numbers).

    Returns
    -------
    Mix
        See :class:`Mix`.
    """
    days = min(days, scenario.business.days)
    pilot = scenario.copy(**{"business.days": days, "business.warmup_days": 0})
    weights, draws, paid, purchases, new = np.zeros(3), 0, 0.0, 0, 0
    own = 0.0
    for replication in range(PILOT_FIRST, PILOT_FIRST + replications):
        probe = _MixProbe(pilot, replication)
        probe.run()
        weights += probe.weights
        draws += probe.draws
        paid += probe.paid
        purchases += probe.purchases
        own += probe.own
        new += sum(probe.ledger.counts["new_customers"])
    factor = paid / purchases if purchases else 1.0
    if not purchases:  # nobody came back: the base mix, all standard
        return Mix(np.array([0.0, 1.0, 0.0]), 1.0, 1.0, new / (days * replications))
    served = purchases / draws
    return Mix(weights / own, factor, served, new / (days * replications))


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


def _leave(found: np.ndarray) -> dict[str, float]:
    """Scenario changes: the chances of leaving after low, standard, WOW visits."""
    return {
        f"customers.leave_after_{level}": float(chance)
        for level, chance in zip(("low", "standard", "wow"), found, strict=True)
    }


def _visits(visits: float, served: float) -> dict[str, float]:
    """Scenario changes: visits that give the fitted purchases at ``served``."""
    return {f"customers.visits_{p}": visits / served for p in VISIT_PHASES}


def _logit(chance: float) -> float:
    """Log-odds of ``chance`` (0 and 1 kept just inside)."""
    chance = min(max(chance, 1e-9), 1.0 - 1e-9)
    return math.log(chance / (1.0 - chance))


def fit_to_mix(
    today: Scenario,
    mean: float,
    spend_mean: float,
    ratios: np.ndarray,
    new_per_day: float | None = None,
    period: Scenario | None = None,
) -> tuple[dict[str, float], Mix]:
    """Chances of leaving, spend, visits and prospects that give the data.

    The business is simulated once as it comes; its share of visits served
    sets the visits, held while the chances are sought
    (:func:`.search.rising_root` on the standard visit's log-odds, from the
    chances whose mean at that first mix is ``mean``).
    The spend and the visits are then read at the mix found.

    Parameters
    ----------
    today
        The calibrated business, its customers from their posteriors.
    mean
        The fitted mean chance of dropping out after a purchase.
    spend_mean
        The fitted mean spend a purchase (the population's, ``p v / (q - 1)``).
    ratios
        Odds ratios of the three levels (:func:`odds_ratios`).
    new_per_day
        New customers a day the data show, whatever brought them; None keeps
        ``attraction.prospects_per_day``. The data's first purchases came
        after word of mouth put some people off: the prospects a day are
        scaled by the data's rate over the simulated one.
    period
        The business over the period the data cover (the export's customers
        from their first purchases, nobody else, for its ``business.days``):
        the mix at which the data's drop-out, spend and visits were achieved.
        None measures them on ``today`` too.

    Returns
    -------
    tuple
        The changes to make (``customers.spend_mean``, ``visits_*``, with
        service feedback on ``leave_after_*``, and with ``new_per_day``
        ``attraction.prospects_per_day``) and the :class:`Mix` they were read
        at.
    """
    c = today.customers
    where, days = (
        (today, PILOT_DAYS) if period is None else (period, period.business.days)
    )
    mix = service_mix(where, days)
    changes: dict[str, float] = {}
    if c.service_feedback:
        first = np.array([c.leave_after_low, c.leave_after_standard, c.leave_after_wow])
        held = where.copy(**_visits(c.visits_regular, mix.served))

        tried: dict[float, Mix] = {}

        def gap(logit: float) -> float:
            """Mean chance per repeat purchase at these chances, less ``mean``."""
            found = _from_logit(logit, ratios)
            tried[logit] = service_mix(held.copy(**_leave(found)), days)
            return float(tried[logit].weights @ found) - mean

        hint = (_logit(first[1]), float(mix.weights @ first) - mean)
        start = _logit(solve(mean, mix.weights, ratios)[1])
        root = rising_root(gap, start, close=SETTLED * mean, hint=hint)
        changes, mix = _leave(_from_logit(root, ratios)), tried[root]
    changes |= {
        "customers.spend_mean": spend_mean / mix.spend_factor,
        **_visits(c.visits_regular, mix.served),
    }
    if new_per_day is not None:
        # Word of mouth puts off a share of prospects: scale them.
        now = mix if period is None else service_mix(today.copy(**changes))
        gained = now.new_per_day
        prospects = today.attraction.prospects_per_day
        changes["attraction.prospects_per_day"] = (
            prospects * new_per_day / gained if gained else new_per_day
        )
    return changes, mix
