"""Checks of module 02, Mann's four directions: tasks 2.1-2.5.

The tasks are in ``exercises/solutions/02_four_directions.ipynb``.
Importing this module registers its checks in
:data:`exercises.checks.common.CHECKS`.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from simulations import Scenario
from simulations.experiments import Comparison
from simulations.i18n import N_, NP_, _
from simulations.present.labels import scenario_label
from simulations.present.plots import mean_breakdown
from simulations.present.words import Difference, lower_first, value
from simulations.vocabulary import COST_ITEMS

from ..feedback import Feedback
from .common import COMPARE_RUN, _choice, _free_text, _task
from .runs import judgement_table, profit_comparison, short_preset


@_task("2.1", "the neglected directions", "choice")
def check_2_1(task: str, answer: Any) -> Feedback:
    """Mann: most firms do attraction and work well, retention and return poorly."""
    return _choice(
        task,
        answer,
        "b",
        ("a", "b", "c"),
        why=_("Most firms attract and serve well, but keep and win back poorly."),
        hints={
            "a": _(
                "Attraction and working with the client are what most firms do well."
            ),
            "c": _("Attraction is usually done well; look at the last two directions."),
        },
    )


DIRECTION_OPTIONS = (
    NP_("option", "attraction"),
    NP_("option", "service"),
    NP_("option", "retention"),
    NP_("option", "winback"),
)
"""Task 2.2: the directions as the books name them (the keys of COST_ITEMS)."""


@_task("2.2", "where discounts are booked", "choice")
def check_2_2(task: str, answer: Any) -> Feedback:
    """The direction whose cost items include the loyalty discounts."""
    expected = next(d for d, items in COST_ITEMS.items() if "discounts" in items)
    return _choice(
        task,
        answer,
        expected,
        DIRECTION_OPTIONS,
        why=_("Loyalty discounts are the price of keeping customers."),
        hint=_(
            "Module 02, section 2, lists the costs booked under each direction: "
            "where are the loyalty discounts?"
        ),
    )


BREAKDOWN_LINES = ("gross_margin", "attraction", "service", "retention", "winback")
"""Task 2.3: the lines of a run's breakdown above profit."""

LINE_LABELS = {
    "gross_margin": N_("gross margin"),
    # TRANSLATORS: a line of a run's books: what the direction cost.
    "attraction": N_("cost of attraction"),
    "service": N_("cost of working with the client"),
    "retention": N_("cost of retention"),
    "winback": N_("cost of return (win-back)"),
    "profit": N_("profit"),
}
"""Task 2.3: the breakdown's lines as the table names them (shown through _())."""

GAIN_OPTIONS = ("a", "b", "c")
"""Task 2.3: (a) spending less, (b) what customers bring, (c) programme and campaign."""


def presets_runs() -> Comparison:
    """Task 2.3: product-centric and client-centric, paired runs (kept)."""
    return profit_comparison(
        short_preset("product_centric"), short_preset("client_centric")
    )


def breakdown_table() -> pd.DataFrame:
    """Task 2.3: where the money goes in both businesses, mean of the runs."""
    cmp = presets_runs()
    frame = pd.DataFrame(
        {name: mean_breakdown(reps) for name, reps in cmp.all.items()}
    ).rename(index=lambda line: _(LINE_LABELS[line]), columns=scenario_label)
    return frame.map(lambda x: value("profit", x))


def profit_gap() -> pd.Series:
    """Task 2.3: client-centric minus product-centric breakdown, line by line.

    Means over the paired runs of :func:`presets_runs`. Costs are negative in
    a breakdown, so a line where the client-centric business spends less is
    positive here: every positive line adds to its profit advantage.
    """
    cmp = presets_runs()
    client = mean_breakdown(next(iter(cmp.alternatives.values())))
    product = mean_breakdown(cmp.baseline)
    return (client - product)[list(BREAKDOWN_LINES)]


def _gain_source(gap: pd.Series) -> str:
    """'a', 'b' or 'c': the option that names the largest line of the gain."""
    largest = str(gap.idxmax())
    if largest == "gross_margin":
        return "b"
    if largest in ("retention", "winback"):
        return "c"
    return "a"


@_task("2.3", "where the client-centric profit gain comes from", "choice", GAIN_OPTIONS)
def check_2_3(task: str, answer: Any) -> Feedback:
    """The option that names the line adding most to the client-centric gain."""
    gap = profit_gap()
    expected = _gain_source(gap)
    parts = ", ".join(
        f"{_(LINE_LABELS[line])} {value('profit', gap[line])}"
        for line in BREAKDOWN_LINES
    )
    why = _("Client-centric minus product-centric, line by line: {parts}.").format(
        parts=parts
    )
    if expected == "b":
        why += " " + _(
            "It spends more on most directions and still wins, because its customers "
            "bring more: more of them stay, they visit more often and spend more, and "
            "advocates bring friends."
        )
    method = _(
        "Take each line of the client-centric column minus the same line of the "
        "product-centric one; costs are negative, so a saving shows as a positive "
        "difference. Which difference is the largest?"
    )
    return _choice(
        task,
        answer,
        expected,
        GAIN_OPTIONS,
        why=why,
        hints={
            "a": _("Advertising is one line. {method}").format(method=method),
            "b": _("Look again at the sizes. {method}").format(method=method),
            "c": _(
                "The programme and the campaign are costs in the table: do they add "
                "to the gain or take from it? {method}"
            ).format(method=method),
        },
    )


CUT = {"retention.loyalty_programme": False, "winback.campaign": False}
"""Task 2.4: what the finance director wants to stop."""

CUT_OPTIONS = (NP_("option", "stop"), NP_("option", "keep"), NP_("option", "test"))
"""Task 2.4: stop both, keep both, or test before deciding."""

CUT_KPIS = ("profit", "value_created", "churn_rate", "active_customers")
"""Task 2.4: the measures its table shows."""

WITHOUT = N_("without programme and campaign")
"""Task 2.4: the name of the run without them (a key; shown through _())."""


def retention_cut_pair() -> tuple[Scenario, Scenario]:
    """Task 2.4: the client-centric business as it is, and without CUT.

    Both over :data:`COMPARE_RUN` (180 days, 30 of warm-up), since customers
    kept or lost take months to show in profit.
    """
    base = short_preset("client_centric", COMPARE_RUN)
    return base, base.copy(WITHOUT, **CUT)


def cut_table() -> pd.DataFrame:
    """Task 2.4: the comparison's means, differences and intervals, no verdict."""
    table = judgement_table(profit_comparison(*retention_cut_pair()), CUT_KPIS)
    return table.rename(index={WITHOUT: _(WITHOUT)})


def _advice(cmp: Comparison) -> str:
    """'stop' when profit and value created are both clearly higher without them,
    'keep' when both are clearly lower, else 'test'."""
    alt = next(iter(cmp.alternatives))
    kinds = {Difference.of(cmp, alt, k).kind for k in ("profit", "value_created")}
    if kinds == {"better"}:
        return "stop"
    if kinds == {"worse"}:
        return "keep"
    return "test"


@_task(
    "2.4",
    "stop the loyalty programme and the win-back campaign?",
    "choice",
    CUT_OPTIONS,
)
def check_2_4(task: str, answer: Any) -> Feedback:
    """Weigh profit and value created against the customers the two keep."""
    cmp = profit_comparison(*retention_cut_pair())
    expected = _advice(cmp)
    alt = next(iter(cmp.alternatives))
    found = "; ".join(lower_first(Difference.of(cmp, alt, k).line) for k in CUT_KPIS)
    why = {
        "stop": _(
            "Without them the business earns clearly more, and value created, which "
            "counts what the customers at the end are worth, is clearly higher too: "
            "the customers they keep are worth less than they cost. This holds for "
            "this model and its assumed costs and behaviours: a smaller discount, or "
            "one aimed at customers about to leave, could change it."
        ),
        "keep": _(
            "Without them both profit and value created fall clearly: they pay for "
            "themselves."
        ),
        "test": _(
            "Profit and value created do not agree, or the runs cannot tell: test on "
            "part of the customers before deciding."
        ),
    }[expected]
    return _choice(
        task,
        answer,
        expected,
        CUT_OPTIONS,
        why=_("Without them: {found}.").format(found=found) + " " + why,
        hints={
            "stop": _(
                "Stopping needs more than this quarter's profit: look at value "
                "created too, which counts what the customers at the end are worth. Do "
                "the two agree, and are their intervals clear of zero?"
            ),
            "keep": _(
                "Fewer customers at the end is one row. Value created counts what "
                "those customers are worth: what do profit and value created say, and are "
                "their intervals clear of zero?"
            ),
            "test": _(
                "Testing fits when profit and value created disagree, or when "
                "their intervals include zero. Look at both rows."
            ),
        },
    )


@_task("2.5", "the direction you would start with", "text")
def check_2_5(task: str, answer: Any) -> Feedback:
    """Free text."""
    return _free_text(
        task,
        answer,
        _(
            "'Return: we never call customers who stopped coming. First step: a list "
            "of customers who have not visited for two months and a call to ask why.'"
        ),
    )
