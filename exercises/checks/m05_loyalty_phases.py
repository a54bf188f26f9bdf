"""Checks of module 05, loyalty phases, lost and won back: tasks 5.1-5.5.

The tasks are in ``exercises/solutions/05_loyalty_phases.ipynb``.
Importing this module registers its checks in
:data:`exercises.checks.common.CHECKS`.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from simulations import Scenario
from simulations import analytic as an
from simulations.i18n import N_, _
from simulations.model.customers import Rules
from simulations.present import format as fmt
from simulations.present.labels import scenario_label, setting
from simulations.present.words import Difference, upper_first

from ..feedback import Feedback
from .common import REPLICATIONS, _choice, _free_text, _number, _task
from .options import PAYS, _pays_words
from .runs import _pays_word, judgement_table, profit_comparison, short_preset


@_task("5.1", "where six standard visits leave a customer", "choice")
def check_5_1(task: str, answer: Any) -> Feedback:
    """Standard visits make a regular: loyalty needs WOW visits."""
    rules = Rules.from_scenario(Scenario())
    return _choice(
        task,
        answer,
        "b",
        ("a", "b", "c"),
        why=_(
            "After two visits a new customer becomes a regular, whatever she felt. "
            "Standard visits keep satisfaction at 0, below the loyal threshold "
            "({threshold}): loyalty needs WOW visits."
        ).format(threshold=fmt.number(rules.loyal_satisfaction)),
        hints={
            "a": _(
                "A new customer moves up to regular after a couple of visits, "
                "whatever she felt; look at the ladder rules of module 05, section 2."
            ),
            "c": _(
                "Loyal needs satisfaction above a threshold, and standard visits "
                "score 0: they never lift it. What kind of visit does?"
            ),
        },
    )


WINBACK_VALUE = {"margin": 120.0, "retention": 0.6, "discount": 0.1}
"""Task 5.2: a won-back customer's margin a year, retention and discount."""

WINBACK_SUCCESS = 0.25
"""Task 5.2: chance a contact wins the customer back."""


@_task("5.2", "break-even cost of a win-back contact", "number")
def check_5_2(task: str, answer: Any) -> Feedback:
    """Success chance x CLV with payments at period ends."""
    value = an.clv_first_payment_end(**WINBACK_VALUE)
    expected = WINBACK_SUCCESS * value
    return _number(
        task,
        answer,
        expected,
        mistakes=[
            (
                value,
                _(
                    "that is what one won-back customer is worth; does every contact "
                    "win a customer back?"
                ),
            ),
            (
                WINBACK_SUCCESS * an.clv_first_payment_now(**WINBACK_VALUE),
                _("the first payment comes at the end of the first year, m/(1+d−r)"),
            ),
            (
                WINBACK_SUCCESS * an.clv_first_payment_next(**WINBACK_VALUE),
                _(
                    "the won-back customer pays at the end of the first year for sure: "
                    "m/(1+d−r), not m·r/(1+d−r)"
                ),
            ),
            (
                value / WINBACK_SUCCESS,
                _("multiply by the success chance, do not divide"),
            ),
        ],
        hint=_(
            "A contact pays when what it wins back, on average, is worth at least "
            "what it costs."
        ),
    )


NO_CAMPAIGN = N_("no campaign")
"""Tasks 5.3-5.4: the name of the run without a campaign (a key; shown through _())."""


def winback_pair(preset: str, cost_per_contact: float) -> tuple[Scenario, Scenario]:
    """Tasks 5.3-5.4: a preset without and with a win-back campaign."""
    off = short_preset(preset).copy(NO_CAMPAIGN, **{"winback.campaign": False})
    on = off.copy(
        "campaign",
        **{"winback.campaign": True, "winback.cost_per_contact": cost_per_contact},
    )
    return off, on


CONTACT = Scenario().winback.cost_per_contact
"""The simulator's usual cost of one win-back contact."""

WINBACK_TASKS = {
    "5.3": ("product_centric", 2 * CONTACT),
    "5.4": ("client_centric", CONTACT / 4),
}
"""Tasks 5.3-5.4: preset and cost per contact (twice and a quarter of the usual)."""


def _winback_check(task: str, answer: Any, number: str) -> Feedback:
    preset, cost = WINBACK_TASKS[number]
    cmp = profit_comparison(*winback_pair(preset, cost))
    expected = _pays_word(cmp)
    return _choice(
        task,
        answer,
        expected,
        PAYS,
        # The sentence names the measure itself: "profit: 13,000 lower ...".
        why=upper_first(Difference.of(cmp, "campaign", "profit").sentence) + ".",
        hint=_(
            "Read the interval of the profit difference in the table ({runs} runs of "
            "each): wholly above zero is {yes}, wholly below zero {no}, across zero "
            "{unclear}."
        ).format(runs=REPLICATIONS, **_pays_words()),
    )


def winback_table(preset: str, cost_per_contact: float) -> pd.DataFrame:
    """Tasks 5.3-5.4: without and with a campaign, the table to judge (no verdict).

    The table's index says the business and the cost per contact.
    """
    cmp = profit_comparison(*winback_pair(preset, cost_per_contact))
    table = judgement_table(cmp, ("profit", "won_back", "active_customers"))
    shown = _("{business}, campaign at {cost} a contact").format(
        business=scenario_label(Scenario.preset(preset).name),
        cost=setting("winback.cost_per_contact", cost_per_contact),
    )
    return table.rename(
        index={"campaign": shown}, columns={NO_CAMPAIGN: _(NO_CAMPAIGN)}
    )


@_task("5.3", "does win-back pay in the product-centric business?", "choice", PAYS)
def check_5_3(task: str, answer: Any) -> Feedback:
    """Verdict of the comparison with and without a campaign (twice the cost)."""
    return _winback_check(task, answer, "5.3")


@_task("5.4", "does cheap win-back pay in the client-centric business?", "choice", PAYS)
def check_5_4(task: str, answer: Any) -> Feedback:
    """Verdict of the comparison with and without a campaign (a quarter)."""
    return _winback_check(task, answer, "5.4")


@_task("5.5", "a time you left", "text")
def check_5_5(task: str, answer: Any) -> Feedback:
    """Free text."""
    return _free_text(
        task,
        answer,
        _(
            "'I left a gym after the third broken machine. I did not complain, I just "
            "stopped going; I told about five friends. A call asking why, and a month "
            "free once the machines were fixed, would have brought me back.'"
        ),
    )
