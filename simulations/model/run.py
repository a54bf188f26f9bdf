"""One run of the model: customers, the service desk, the market and the ledger.

The story of a customer, as the ``life`` process tells it: come for a visit,
queue, be served or give up, judge the visit, move on the loyalty ladder,
perhaps leave (and perhaps be won back), and come again after a while.
A ``days`` process opens each day: it pays the fixed costs, lets advocates
bring friends, and writes the customers by phase into the ledger.

Use :func:`single_run`; it returns a :class:`~simulations.results.RunResult`.
The run itself ends in :class:`~simulations.records.RunRecords`, plain
data that ``results.py`` turns into KPIs. A run can also continue in rounds
(the seminar game): :meth:`Model.advance` simulates more days from where the
run stands, and :meth:`Model.set_levers` changes levers in between. One
advance of 360 days and four of 90 give the same numbers when no lever changes.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Generator
from typing import Any

import numpy as np
import simpy

from ..parameters import Scenario
from ..records import RunRecords, VisitLog, VisitTally
from ..results import RunResult, summarise
from ..vocabulary import LEVELS, LOW, ORIGINS, RANK, STOCKS, day_minutes
from .collection import rare_collection
from .customers import Customer
from .ledger import Ledger
from .market import Market
from .newcomers import draw_traits
from .recovery import Recovery, complaint
from .rounds import checked_changes
from .rules import Rules
from .service import Outcome, ServiceDesk
from .streams import Streams
from .tables import customers_table, outlooks
from .twin import TWIN, start_twin


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
    continuing
        The run will go on in rounds, with lever changes between them: the
        queue discipline can then change mid-run (see
        :class:`~simulations.model.service.ServiceDesk`) and the staff
        averages are kept up to wherever the run stands.
    """

    one_off_callbacks = True
    """Tell a plain queue's one-off visits with callbacks, not processes
    (:meth:`ServiceDesk.visit_once`); False tells them as :meth:`life` does."""

    def __init__(
        self,
        scenario: Scenario,
        replication: int = 0,
        record_visits: bool = True,
        *,
        continuing: bool = False,
    ) -> None:
        scenario.validate()
        self.scenario = scenario
        self.replication = replication
        b, c, e = scenario.business, scenario.customers, scenario.economics
        self.env = simpy.Environment()
        self.streams = Streams(scenario.seed, replication)
        self.rules = Rules.from_scenario(scenario)
        self.day_minutes = day_minutes(b.open_hours)
        self.ledger = Ledger(0, self.day_minutes)  # grows as days are run
        self.desk = ServiceDesk(self.env, scenario, switchable=continuing)
        self.market = Market(self.env, scenario, self.streams, self.ledger, self.join)
        self.feedback = c.loyalty_feedback
        self.ladder = c.loyalty_feedback and c.service_feedback
        # Visits before the first chance of leaving: none, or (as in BG/NBD)
        # the first; a customer of the export starts with history behind them.
        self.grace = 0 if self.ladder and c.first_visit_leaving else 1
        twin = scenario.twin
        self.repeat_origin = TWIN if twin and twin.start == "today" else ""
        self.margin = e.margin
        self.complaint_chance = c.complaint_chance
        self.recovery = Recovery.of(scenario, replication)
        self.counts = dict.fromkeys(STOCKS, 0)  # customers by phase, right now
        self.customers: list[Customer] = []
        self.numbers = dict.fromkeys(ORIGINS, 0)  # newcomers so far, by origin
        self.outlook_start = np.zeros((2, 0))
        self.measure_from = b.warmup_days * self.day_minutes
        self.tally = VisitTally(target_wait=scenario.service.target_wait)
        self.log = VisitLog() if record_visits else None
        self.started = False
        self.staff_minutes = 0.0  # staff on duty x minutes, measured days

    # ------------------------------------------------------------ customers
    def arrive(
        self, origin: str, phase: str = "new", traits: tuple | None = None
    ) -> Customer | None:
        """A newcomer of ``origin`` arrives; None if bad word of mouth put them off.

        Each newcomer is numbered within their origin and draws their traits
        from their origin's stream, in arrival order, whether they stay or
        not: the k-th organic prospect is the same person under every policy.
        One who left another business of a shared town brings their ``traits``.
        """
        now, number = self.env.now, self.numbers[origin]
        self.numbers[origin] += 1
        heard, value, expectation, rate, leave_scale = traits or draw_traits(
            getattr(self.streams, origin),
            self.scenario.customers,
            self.rules,
            self.feedback,  # one-off visits of a plain queue never come back
        )
        if self.market.word_of_mouth and self.market.put_off(origin, heard):
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
            leave_scale=leave_scale,
        )
        self.customers.append(customer)
        self.counts[phase] += 1
        if phase == "new":
            self.ledger.count("new_customers", now)
        return customer

    def join(self, origin: str, traits: tuple | None = None) -> None:
        """A prospect of ``origin`` comes for a first visit (if not put off)."""
        customer = self.arrive(origin, traits=traits)
        if customer is None:
            return
        if self.feedback or not self.one_off_callbacks:
            self.env.process(self.life(customer))
        else:  # a plain queue's visitor comes once: no process needed
            complains = customer.rng.chance(self.complaint_chance)
            self.desk.visit_once(
                customer, lambda c, outcome: self.after_visit(c, outcome, complains)
            )

    def life(
        self, customer: Customer, first_visit_in: float = 0.0
    ) -> Generator[simpy.Event]:
        """The story of one customer, visit after visit."""
        env, rng = self.env, customer.rng
        if first_visit_in:
            yield env.timeout(first_visit_in)
        while True:
            complains = rng.chance(self.complaint_chance)  # drawn up front
            outcome = yield from self.desk.visit(customer)
            level = self.after_visit(customer, outcome, complains)
            if not self.feedback:
                return  # a plain queue: every visit is a one-off
            rules = self.rules  # the rules in force now (levers may change)
            # As in BG/NBD, nobody leaves right after their first visit
            # (without service feedback, or first_visit_leaving off), except
            # a customer of the export, whose visits here are all repeats.
            if (
                customer.visits > self.grace or customer.origin == self.repeat_origin
            ) and rng.chance(customer.leave_chance(level, rules)):
                self.lose(customer)
                if not (yield from self.market.win_back(customer)):
                    # Gone for good: their random numbers are no longer needed
                    # (a large run keeps every customer who ever came).
                    customer.rng = None
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
        """Judge the visit, update the ladder, take the money, keep the books;
        return the level the customer keeps (a complaint put right lifts it)."""
        now, rules, ledger = self.env.now, self.rules, self.ledger
        day = ledger.day(now)
        arrived = outcome.arrived
        phase = customer.phase  # as they came: the ladder may move them below
        level = felt = customer.judge(
            outcome.quality, outcome.wait, outcome.served, rules
        )
        if level == LOW and complains:
            felt = complaint(customer, ledger, day, self.recovery)
        if self.ladder:  # self.move, inline: this runs at every visit
            before = customer.phase
            customer.move_on_ladder(rules)
            if customer.phase != before:
                self.counts[before] -= 1
                self.counts[customer.phase] += 1
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
        # Most visits end on the day they began.
        same_day = arrived >= now - now % ledger.day_minutes
        ledger.counts["arrivals"][day if same_day else ledger.day(arrived)] += 1
        ledger.level(day, level)
        if arrived >= self.measure_from:
            self.tally.add(outcome.wait, outcome.served, level)
        if self.log is not None:
            self.log.add(customer, outcome, now, level, paid, rules.greet_after, phase)
        return felt

    # ------------------------------------------------------------ the days
    def days(self) -> Generator[simpy.Event]:
        """Open each day: fixed costs, referrals; close it: phases, longest line.

        The costs are those of the levers in force on the day it opens.
        """
        env, ledger, staff = self.env, self.ledger, self.desk.staff
        warmup = self.scenario.business.warmup_days
        day = 0
        while True:
            s = self.scenario
            if day == warmup:
                self.start_measuring()
            if day >= warmup:
                self.staff_minutes += self.desk.servers * self.day_minutes
            members = sum(
                self.counts[p] for p in RANK if RANK[p] >= self.rules.member_from
            )
            ledger.open_day(s, members, env.now)
            staff.new_day()
            if self.ladder:
                self.market.referrals(self.counts["advocate"])
            yield env.timeout(self.day_minutes)
            ledger.close_day(day, self.counts, staff.peak)
            day += 1

    def start_measuring(self) -> None:
        """End of warm-up: value realised by customers counts from now on."""
        for customer in self.customers:
            customer.revenue = 0.0
            customer.margin = 0.0
        self.outlook_start = self.outlook()

    def outlook(self) -> np.ndarray:
        """Margin a month and monthly retention of each active customer (rows)."""
        if not self.feedback:  # a plain queue's one-off visitors never return
            return np.zeros((2, 0))
        levels = [sum(self.ledger.counts[k]) for k in LEVELS]
        return outlooks(self.customers, self.rules, levels)

    # ------------------------------------------------------------ run
    def start(self) -> None:
        """Put the first customers, the market and the days in motion (once)."""
        if self.started:
            return
        self.started = True
        if self.feedback:
            self.streams.prepare("initial", self.scenario.customers.initial_customers)
            for _ in range(self.scenario.customers.initial_customers):
                customer = self.arrive("initial", "regular")
                first = customer.rng.exponential(customer.gap(self.rules))
                self.env.process(self.life(customer, first))
            if self.scenario.twin is not None:
                start_twin(self, self.scenario.twin)
        self.market.start()
        self.env.process(self.days())

    @property
    def days_run(self) -> int:
        """Days simulated so far."""
        return self.ledger.days

    def advance(self, days: int) -> None:
        """Simulate ``days`` more days from where the run stands.

        Parameters
        ----------
        days
            Days to add (at least 1). The books grow by as many rows.
        """
        if isinstance(days, bool) or not isinstance(days, int) or days < 1:
            raise ValueError(f"days = {days!r}: must be a whole number >= 1")
        # Collect rarely from the start (collection.py): the first customers are many.
        with rare_collection():
            self.start()
            self.ledger.extend(days)
            end = self.ledger.days
            self.desk.measure_until(end * self.day_minutes)
            self.env.run(until=end * self.day_minutes)
        # The last day's closing event falls exactly on the end: book it here
        # (a later advance books it again, with the same counts).
        self.ledger.close_day(end - 1, self.counts, self.desk.staff.peak)
        self.desk.close_books()

    def set_levers(self, changes: dict[str, Any]) -> None:
        """Change levers (or :data:`~.rounds.SHOCKS`) by dotted name from now on.

        All or nothing: a refused value raises
        :class:`~simulations.parameters.ParameterError` and changes nothing.
        When each change takes effect: see :mod:`~simulations.model.rounds`.
        """
        scenario = checked_changes(self.scenario, changes, self.desk.switchable)
        self.scenario = scenario
        self.rules = Rules.from_scenario(scenario)
        self.desk.apply(scenario)
        self.market.apply(scenario)
        self.tally.target_wait = scenario.service.target_wait
        self.margin = scenario.economics.margin
        self.complaint_chance = scenario.customers.complaint_chance
        self.recovery = Recovery.of(scenario, self.replication)

    def run(self) -> RunRecords:
        """Simulate the horizon; return what it leaves as plain records."""
        with rare_collection():  # the tables make an object per customer too
            self.advance(self.scenario.business.days - self.days_run)
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
            staff_minutes=self.staff_minutes,
            busy_area=self.desk.busy_area,
            wait_area=self.desk.wait_area,
            unfinished=self.desk.unfinished,
            outlook_start=self.outlook_start,
            outlook_end=self.outlook(),
        )


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
    # Rarely until the run is dropped: its cycles are then freed young (collection.py).
    with rare_collection():
        return summarise(Model(scenario, replication, record_visits).run())
