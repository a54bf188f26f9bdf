"""One run of the model: customers, the service desk, the market and the ledger.

The story of a customer, as the ``life`` process tells it: come for a visit,
queue, be served or give up, judge the visit, move on the loyalty ladder,
perhaps leave (and perhaps be won back), and come again after a while.
A ``days`` process opens each day: it pays the fixed costs, lets advocates
bring friends, and writes the customers by phase into the ledger.

Use :func:`single_run`; it returns a :class:`~simulations.results.RunResult`.
The run itself ends in :class:`~simulations.records.RunRecords`, plain
data that ``results.py`` turns into KPIs.
"""

from __future__ import annotations

import contextlib
import gc
import math
import threading
from collections.abc import Callable, Generator, Iterator
from typing import Any

import numpy as np
import simpy

from ..parameters import Scenario
from ..records import RunRecords, VisitLog, VisitTally
from ..results import RunResult, summarise
from ..vocabulary import LEVELS, LOW, ORIGINS, RANK, STOCKS, day_minutes, per_day
from .customers import Customer, Rules, customers_table
from .ledger import Ledger, daily_service_cost
from .market import Market
from .service import Outcome, ServiceDesk
from .streams import Streams


class Model:
    """Everything one run needs, wired together.

    Parameters
    ----------
    scenario
        The business to simulate (validated).
    replication
        Index of the replication: picks independent random streams.
    record_visits
        Keep one row per visit (needed for wait histograms; costs memory).
    """

    def __init__(
        self, scenario: Scenario, replication: int = 0, record_visits: bool = True
    ) -> None:
        scenario.validate()
        self.scenario = scenario
        self.replication = replication
        b, c, e = scenario.business, scenario.customers, scenario.economics
        self.env = simpy.Environment()
        self.streams = Streams(scenario.seed, replication)
        self.rules = Rules.from_scenario(scenario)
        self.day_minutes = day_minutes(b.open_hours)
        self.ledger = Ledger(b.days, self.day_minutes)
        self.desk = ServiceDesk(self.env, scenario)
        self.market = Market(self.env, scenario, self.streams, self.ledger, self.join)
        self.feedback = c.loyalty_feedback
        self.ladder = c.loyalty_feedback and c.service_feedback
        self.margin = e.margin
        self.complaint_chance = c.complaint_chance
        self.counts = dict.fromkeys(STOCKS, 0)  # customers by phase, right now
        self.customers: list[Customer] = []
        self.numbers = dict.fromkeys(ORIGINS, 0)  # newcomers so far, by origin
        self.outlook_start = np.zeros((2, 0))
        self.measure_from = b.warmup_days * self.day_minutes
        self.tally = VisitTally(target_wait=scenario.service.target_wait)
        self.log = VisitLog() if record_visits else None

    # ------------------------------------------------------------ customers
    def arrive(self, origin: str, phase: str = "new") -> Customer | None:
        """A newcomer of ``origin`` arrives; None if bad word of mouth put them off.

        Each newcomer is numbered within their origin and draws their traits
        from their origin's stream, in arrival order, whether they stay or
        not: the k-th organic prospect is the same person under every policy.
        """
        c, now = self.scenario.customers, self.env.now
        number = self.numbers[origin]
        self.numbers[origin] += 1
        traits = getattr(self.streams, origin)
        heard = traits.uniform()
        sigma, q = c.spend_sigma, self.rules.spend_q
        if q == math.inf:  # Gamma-Gamma without spread
            value = c.spend_mean
        elif q:  # Gamma-Gamma: mean spend is inverse gamma, mean spend_mean
            value = c.spend_mean * (q - 1.0) / (q * traits.gamma(q))
        else:
            value = c.spend_mean * math.exp(traits.normal(-0.5 * sigma * sigma, sigma))
        expectation = traits.normal(c.expectation, c.expectation_spread)
        expectation = 0.0 if expectation < 0.0 else min(expectation, 10.0)
        leave_mean = self.rules.leave_mean
        rate, base_leave = 1.0, leave_mean
        if self.feedback:  # one-off visits of a plain queue never come back
            rate = max(traits.gamma(c.visit_rate_shape), 1e-9)
            base_leave = traits.beta_mean(leave_mean, c.leave_concentration)
        if origin in ("organic", "paid") and self.market.put_off(heard):
            self.ledger.count("deterred", now)
            return None
        customer = Customer(
            len(self.customers),
            value,
            expectation,
            origin,
            now,
            value >= self.rules.key_value,
            phase,
            number=number,
            # One-off visits of a plain queue share a stream in arrival order.
            rng=self.streams.customer(origin, number)
            if self.feedback
            else self.streams.visits,
            rate=rate,
            leave_scale=base_leave / leave_mean if leave_mean > 0.0 else 1.0,
        )
        self.customers.append(customer)
        self.counts[phase] += 1
        if phase == "new":
            self.ledger.count("new_customers", now)
        return customer

    def join(self, origin: str) -> None:
        """A prospect of ``origin`` comes for a first visit (if not put off)."""
        customer = self.arrive(origin)
        if customer is not None:
            self.env.process(self.life(customer))

    def life(
        self, customer: Customer, first_visit_in: float = 0.0
    ) -> Generator[simpy.Event]:
        """The story of one customer, visit after visit."""
        env, rules, rng = self.env, self.rules, customer.rng
        if first_visit_in:
            yield env.timeout(first_visit_in)
        while True:
            complains = rng.chance(self.complaint_chance)  # drawn up front
            outcome = yield from self.desk.visit(customer)
            level = self.after_visit(customer, outcome, complains)
            if not self.feedback:
                return  # a plain queue: every visit is a one-off
            # Without service feedback, as in BG/NBD, nobody leaves right
            # after their first visit (the ladder's draws are unchanged).
            if (self.ladder or customer.visits > 1) and rng.chance(
                customer.leave_chance(level, rules)
            ):
                self.lose(customer)
                if not (yield from self.market.win_back(customer)):
                    return
                self.move(customer, customer.come_back)
            yield env.timeout(rng.exponential(customer.gap(rules)))

    def move(self, customer: Customer, change: Callable[..., None], *args: Any) -> None:
        """Apply a change of phase to a customer and keep the counts right."""
        before = customer.phase
        change(*args)
        if customer.phase != before:
            self.counts[before] -= 1
            self.counts[customer.phase] += 1

    def lose(self, customer: Customer) -> None:
        """A customer leaves: count them, let the market hear of it."""
        self.move(customer, customer.leave, self.env.now)
        self.market.lost(customer)

    def after_visit(self, customer: Customer, outcome: Outcome, complains: bool) -> int:
        """Judge the visit, update the ladder, take the money, keep the books."""
        now, rules, ledger = self.env.now, self.rules, self.ledger
        day = ledger.day(now)
        level = customer.judge(outcome.quality, outcome.wait, outcome.served, rules)
        if level == LOW and complains:
            customer.complaints += 1
            ledger.counts["complaints"][day] += 1
        if self.ladder:
            self.move(customer, customer.move_on_ladder, rules)
        paid = 0.0
        if outcome.served:
            price, discount = customer.spend(rules)
            if rules.spend_visit_shape < math.inf:  # spend varies visit to visit
                factor = customer.rng.gamma(rules.spend_visit_shape)
                price, discount = price * factor, discount * factor
            paid = price - discount
            gross_margin = price * self.margin
            ledger.sale(day, paid, gross_margin, discount)
            customer.revenue += paid
            customer.margin += gross_margin - discount
        else:
            ledger.counts["abandoned"][day] += 1
        ledger.counts["arrivals"][ledger.day(outcome.arrived)] += 1
        ledger.level(day, level)
        if outcome.arrived >= self.measure_from:
            self.tally.add(outcome.wait, outcome.served)
        if self.log is not None:
            self.log.add(
                customer.ident,
                outcome.arrived,
                outcome.wait,
                outcome.served,
                level,
                paid,
                customer.key,
            )
        return level

    # ------------------------------------------------------------ the days
    def days(self) -> Generator[simpy.Event]:
        """Open each day: fixed costs, referrals; close it: phases to the ledger."""
        s, env, ledger = self.scenario, self.env, self.ledger
        staff_cost, training_cost = daily_service_cost(s)
        budget = per_day(s.attraction.acquisition_budget)
        member_cost = per_day(s.retention.cost_per_member)
        member_phases = [p for p in RANK if RANK[p] >= self.rules.member_from]
        for day in range(s.business.days):
            if day == s.business.warmup_days:
                self.start_measuring()
            now = env.now
            ledger.pay("staff", staff_cost, now)
            ledger.pay("training", training_cost, now)
            ledger.pay("acquisition", budget, now)
            members = sum(self.counts[p] for p in member_phases)
            ledger.pay("programme", members * member_cost, now)
            if self.ladder:
                self.market.referrals(self.counts["advocate"])
            yield env.timeout(self.day_minutes)
            ledger.close_day(day, self.counts)

    def start_measuring(self) -> None:
        """End of warm-up: value realised by customers counts from now on."""
        for customer in self.customers:
            customer.revenue = 0.0
            customer.margin = 0.0
        self.outlook_start = self.outlook()

    def outlook(self) -> np.ndarray:
        """Expected margin a month and monthly retention of each active customer.

        Two rows (margin, retention), one column per active customer, from
        the model's own rules: what customer equity is computed from.
        """
        low, standard, wow = (sum(self.ledger.counts[k]) for k in LEVELS)
        total = low + standard + wow
        shares = (low / total, standard / total, wow / total) if total else (0, 1, 0)
        # A plain queue's one-off visitors never return: they have no value.
        rows = [
            c.outlook(self.rules, shares)
            for c in self.customers
            if c.phase != "lost" and self.feedback
        ]
        return np.array(rows, dtype=float).reshape(-1, 2).T

    # ------------------------------------------------------------ run
    def run(self) -> RunRecords:
        """Simulate the horizon; return what it leaves as plain records."""
        b = self.scenario.business
        if self.feedback:
            for _ in range(self.scenario.customers.initial_customers):
                customer = self.arrive("initial", "regular")
                first = customer.rng.exponential(customer.gap(self.rules))
                self.env.process(self.life(customer, first))
        self.market.start()
        self.env.process(self.days())
        # Thousands of small objects live for the whole run; collecting them
        # over and over costs about a tenth of the time, so collect rarely.
        with _rare_collection():
            self.env.run(until=b.days * self.day_minutes)
        # The last day's closing event falls exactly on the end: book it here.
        self.ledger.close_day(b.days - 1, self.counts)
        self.desk.close_books()
        return self.records()

    def records(self) -> RunRecords:
        """What the finished run leaves, as plain data."""
        return RunRecords(
            scenario=self.scenario,
            replication=self.replication,
            day_minutes=self.day_minutes,
            daily=self.ledger.table(),
            customers=customers_table(self.customers, self.rules, self.day_minutes),
            visits=None if self.log is None else self.log.table(self.day_minutes),
            tally=self.tally,
            busy_area=self.desk.busy_area,
            wait_area=self.desk.wait_area,
            unfinished=self.desk.unfinished,
            outlook_start=self.outlook_start,
            outlook_end=self.outlook(),
        )


_GC_LOCK = threading.Lock()
_GC_RUNS = 0  # runs in this process that asked for rare collection
_GC_SAVED: tuple[int, ...] = ()


@contextlib.contextmanager
def _rare_collection() -> Iterator[None]:
    """Collect garbage rarely while runs are going on in this process.

    Runs on several threads share one threshold: the first run to start
    raises it, the last one to finish puts back what it was, so the process
    is left as it was found.
    """
    global _GC_RUNS, _GC_SAVED
    with _GC_LOCK:
        if _GC_RUNS == 0:
            _GC_SAVED = gc.get_threshold()
            gc.set_threshold(50_000, *_GC_SAVED[1:])
        _GC_RUNS += 1
    try:
        yield
    finally:
        with _GC_LOCK:
            _GC_RUNS -= 1
            if _GC_RUNS == 0:
                gc.set_threshold(*_GC_SAVED)


def single_run(
    scenario: Scenario, replication: int = 0, record_visits: bool = True
) -> RunResult:
    """Run one replication of a scenario.

    Parameters
    ----------
    scenario
        The business to simulate.
    replication
        Index of the replication (0, 1, 2...). Each index has its own random
        streams; the same seed and index always give the same numbers.
    record_visits
        Keep the table of visits (memory grows with the number of visits).

    Returns
    -------
    RunResult
        KPIs, the daily books, the customers and (if kept) the visits.

    Examples
    --------
    >>> from simulations import Scenario, single_run
    >>> result = single_run(Scenario.preset("client_centric"))
    >>> round(result.kpis["profit"]) == round(result.daily["profit"][60:].sum())
    True
    """
    return summarise(Model(scenario, replication, record_visits).run())
