"""The market around the business: new customers, word of mouth, win-back.

New customers come three ways: by themselves (a steady flow of prospects),
bought with advertising, and brought by advocates. Word of mouth works both
ways, as in agent-based Bass models (contact rate times adoption chance):

* each advocate brings friends at a steady rate, more with a referral
  programme;
* each customer who left unhappy keeps talking for a while to a number of
  people; a prospect who has heard one of them stays away. The chance a
  prospect has heard is (talkers x people told) / market size, capped at 1.

A lost customer may be contacted by a win-back campaign after a delay; the
contact costs money and works with a set chance.

In the seminar game's shared town (:mod:`.town`) the town sends each
business the prospects who chose it, having weighed word of mouth in their
choice, and hears of the customers a business has lost for good
(:meth:`Market.in_town`).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Generator

import simpy

from ..parameters import Scenario
from ..vocabulary import per_day
from .customers import Customer
from .ledger import Ledger
from .streams import Streams


class Market:
    """Sources of new customers, word of mouth and the win-back campaign.

    Parameters
    ----------
    env
        The SimPy environment.
    scenario
        Supplies the attraction, win-back and word-of-mouth parameters.
    streams
        Random streams of the run.
    ledger
        Books the costs of attraction and win-back.
    join
        Called with an origin (``"organic"``, ``"paid"``, ``"referral"``)
        when a new customer arrives for a first visit.
    """

    def __init__(
        self,
        env: simpy.Environment,
        scenario: Scenario,
        streams: Streams,
        ledger: Ledger,
        join: Callable[[str], None],
    ) -> None:
        c = scenario.customers
        self.env = env
        self.streams = streams
        self.ledger = ledger
        self.join = join
        self.day = ledger.day_minutes
        self.organic_gap = 0.0
        self.paid_gap = 0.0
        self.running: set[str] = set()  # arrival streams in motion
        self.word_of_mouth = c.loyalty_feedback and c.service_feedback
        self.talk_minutes = c.talk_days * self.day
        self.talkers: deque[float] = deque()  # when each unhappy talker left
        self.own_prospects = True  # False in a town: the town sends them
        self.deterred = ("organic", "paid")  # origins word of mouth puts off
        self.gone: Callable[[Customer], None] = _nobody  # lost for good
        self.apply(scenario)

    def in_town(self, gone: Callable[[Customer], None]) -> None:
        """Serve a shared town: it sends the prospects who chose this business.

        They weighed word of mouth in their choice, so only those who answer
        this business's advertising may still be put off; ``gone`` hears of
        each customer lost for good.
        """
        self.own_prospects = False
        self.deterred = ("paid",)
        self.gone = gone

    def apply(self, scenario: Scenario) -> None:
        """Take the levers of ``scenario``: advertising, referrals, win-back.

        A new advertising budget changes the gap to the next paid arrival
        but one (the one already drawn comes as planned); a stream that had
        stopped starts again once :meth:`start` has been called.
        """
        a, c, w = scenario.attraction, scenario.customers, scenario.winback
        day = self.day
        self.organic_gap = day / a.prospects_per_day if a.prospects_per_day else 0.0
        paid_per_day = per_day(a.acquisition_budget / a.cost_per_acquisition)
        self.paid_gap = day / paid_per_day if paid_per_day else 0.0
        boost = 1.0 + a.referral_boost if a.referral_programme else 1.0
        self.referrals_per_advocate_day = per_day(c.referrals_per_advocate * boost)
        self.referral_reward = a.referral_reward if a.referral_programme else 0.0
        self.hearing_per_talker = c.people_told / c.market_size
        self.campaign = w.campaign
        self.contact_delay = w.contact_after_days * day
        self.success_chance = w.success_chance
        self.cost_per_contact = w.cost_per_contact
        if self.running:  # started: restart a stream that had stopped
            self.start()

    # ------------------------------------------------------------ processes
    def start(self) -> None:
        """Start the arrival processes (those not yet running)."""
        self.running.add("market")
        for origin in ("organic", "paid"):
            if origin not in self.running and self._gap(origin):
                self.running.add(origin)
                self.env.process(self.arrivals(origin))

    def _gap(self, origin: str) -> float:
        if origin == "organic":
            return self.organic_gap if self.own_prospects else 0.0
        return self.paid_gap

    def arrivals(self, origin: str) -> Generator[simpy.Event]:
        """A Poisson stream of prospects (the model decides who is put off).

        The mean gap is read at each arrival; the stream stops when it is 0.
        """
        gaps = self.streams.prospects if origin == "organic" else self.streams.acquired
        while True:
            mean_gap = self._gap(origin)
            if not mean_gap:
                self.running.discard(origin)
                return
            yield self.env.timeout(gaps.exponential(mean_gap))
            self.join(origin)

    def referrals(self, advocates: int) -> None:
        """Schedule today's referred friends (called at the start of each day)."""
        n = self.streams.referrals.poisson(advocates * self.referrals_per_advocate_day)
        for _ in range(n):
            self.env.process(
                self._referred(self.streams.referrals.uniform() * self.day)
            )

    def _referred(self, delay: float) -> Generator[simpy.Event]:
        yield self.env.timeout(delay)
        self.ledger.pay("referral_rewards", self.referral_reward, self.env.now)
        self.join("referral")

    # ------------------------------------------------------------ word of mouth
    def put_off(self, origin: str, heard: float) -> bool:
        """Whether a newcomer of ``origin`` has heard from an unhappy lost customer.

        Word of mouth reaches prospects (organic and paid) only. ``heard`` is
        the prospect's own uniform number: they are put off when it falls
        below the share of the market that unhappy talkers reach.
        """
        if not self.word_of_mouth or origin not in self.deterred:
            return False
        return heard < self.heard_badly()

    def heard_badly(self) -> float:
        """Share of the market that unhappy talkers reach now (may pass 1)."""
        now = self.env.now
        while self.talkers and self.talkers[0] < now - self.talk_minutes:
            self.talkers.popleft()
        return len(self.talkers) * self.hearing_per_talker

    def lost(self, customer: Customer) -> None:
        """A customer has left; an unhappy one starts talking."""
        self.ledger.count("lost", self.env.now)
        if customer.unhappy_exit:
            self.talkers.append(self.env.now)

    # ------------------------------------------------------------ win-back
    def win_back(self, customer: Customer) -> Generator[simpy.Event, object, bool]:
        """Contact a lost customer after a delay; True if they come back.

        Those not won back are gone for good (:attr:`gone` hears of them).
        """
        if self.campaign:
            yield self.env.timeout(self.contact_delay)
            if self.campaign:  # it may have ended meanwhile
                now = self.env.now
                self.ledger.pay("winback", self.cost_per_contact, now)
                self.ledger.count("contacts", now)
                if customer.rng.chance(self.success_chance):
                    self.ledger.count("won_back", now)
                    return True
        self.gone(customer)
        return False


def _nobody(customer: Customer) -> None:
    """Hear of a customer lost for good, and do nothing (a market of one)."""
