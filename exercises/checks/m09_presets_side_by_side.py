"""Checks of module 09, presets side by side: tasks 9.1-9.4.

The tasks are in ``exercises/solutions/09_presets_side_by_side.ipynb``.
Importing this module registers its checks in
:data:`exercises.checks.common.CHECKS`.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from simulations import ParameterError, Scenario, levers
from simulations.experiments import Comparison, Replications
from simulations.i18n import NP_, _, ngettext
from simulations.present import format as fmt
from simulations.present.labels import from_plain, label, lever_table
from simulations.present.tables import pairing_note
from simulations.present.words import Difference, upper_first, value

from ..feedback import Feedback
from .common import COMPARE_RUN, _changes, _choice, _scenario, _task
from .options import VERDICTS
from .runs import _profit_verdict, _verdict_word, profit_comparison, short_preset


def presets_pair() -> tuple[Scenario, Scenario]:
    """Tasks 9.1-9.3: product-centric baseline and the client-centric preset."""
    return short_preset("product_centric"), short_preset("client_centric")


def _presets() -> Comparison:
    return profit_comparison(*presets_pair())


PROMISE_OPTIONS = (NP_("option", "all"), NP_("option", "part"), NP_("option", "none"))
"""Task 9.1: how much of the profit gain comes from customers who stay."""


def _advertising(runs: Replications) -> float:
    """Mean money spent on advertising over the measured days of the runs."""
    return float(np.mean([r.measured["acquisition"].sum() for r in runs.results]))


def promise_parts(cmp: Comparison | None = None) -> dict[str, float]:
    """Task 9.1: the profit gain, the advertising no longer bought, and the rest.

    Money over the measured days. The rest (the gain less the money the
    client-centric business no longer spends on advertising) is the part that
    comes from customers; it has the gain's interval, since the advertising
    budget is the same in every run.
    """
    cmp = cmp or _presets()
    row = cmp.table.loc[("client-centric", "profit")]
    saving = _advertising(cmp.baseline) - _advertising(
        cmp.alternatives["client-centric"]
    )
    return {
        "today": row["baseline"],
        "gain": row["difference"],
        "half_width": row["half_width"],
        "saving": saving,
        "customers": row["difference"] - saving,
    }


def promise_verdict(parts: dict[str, float]) -> str:
    """Task 9.1's answer: does the gain come from customers, all, part or none of it?

    'all' when no advertising was saved; 'none' when the interval of what is
    left once the saving is taken out does not lie wholly above zero (the
    saving alone could explain the gain); 'part' otherwise.
    """
    if parts["saving"] <= 0:
        return "all"
    if parts["customers"] - parts["half_width"] > 0:
        return "part"
    return "none"


def promise_evidence() -> pd.DataFrame:
    """Task 9.1: the gain and the advertising no longer bought, in plain words."""
    cmp = _presets()
    parts = promise_parts(cmp)
    days = cmp.baseline.scenario.business
    gain = Difference.of(cmp, "client-centric", "profit")
    return pd.DataFrame(
        {
            _("value"): [
                fmt.money(parts["today"]),
                gain.sentence,
                fmt.money(parts["saving"]),
            ]
        },
        index=[
            _("product-centric profit over {days} days").format(
                days=fmt.number(days.days - days.warmup_days)
            ),
            _("client-centric against it"),
            _("advertising the client-centric business no longer buys, same days"),
        ],
    )


@_task("9.1", "a consultant's claim", "choice", PROMISE_OPTIONS)
def check_9_1(task: str, answer: Any) -> Feedback:
    """Judge how much of the profit gain customers bring."""
    cmp = _presets()
    parts = promise_parts(cmp)
    expected = promise_verdict(parts)
    hw = parts["half_width"]
    money = lambda x: value("profit", x, hw)  # noqa: E731  (rounded to the interval)
    low, high = parts["customers"] - hw, parts["customers"] + hw
    why = _(
        "Of the gain of {gain}, {saving} is only advertising no longer bought; what "
        "is left, from customers, is {customers} ({confidence} interval {low} to "
        "{high})"
    ).format(
        gain=money(parts["gain"]),
        saving=money(parts["saving"]),
        customers=money(parts["customers"]),
        confidence=fmt.percent(cmp.confidence, 0),
        low=money(low),
        high=money(high),
    )
    ending = {
        "all": _("no advertising was saved, so the whole gain comes from customers."),
        "part": _(
            "clearly above zero, so customers bring a real part of the gain, but "
            "not all of it."
        ),
        "none": _(
            "not clearly above zero, so the saving alone could explain the gain."
        ),
    }[expected]
    why = f"{why}: {ending}"
    method = _(
        "The claim is about customers staying: take the advertising no longer bought "
        "out of the gain first, then ask whether what is left is clearly above zero."
    )
    again = _("Check the interval of what is left once more. {method}")
    return _choice(
        task,
        answer,
        expected,
        PROMISE_OPTIONS,
        why=why,
        hints={
            "all": _(
                "Money no longer spent raises profit without a single customer "
                "staying longer. {method}"
            ).format(method=method),
            "part": again.format(method=method),
            "none": again.format(method=method),
        },
        hint=method,
    )


@_task("9.2", "verdict on churn", "choice", VERDICTS)
def check_9_2(task: str, answer: Any) -> Feedback:
    """Verdict of the comparison for churn."""
    expected = _verdict_word(_presets(), "churn_rate")
    churn = Difference.of(_presets(), "client-centric", "churn_rate")
    return _choice(
        task,
        answer,
        expected,
        VERDICTS,
        why=upper_first(churn.sentence) + ".",  # it names the measure itself
        hint=_("Read the line on churn a month; lower churn is better."),
    )


CRN_OPTIONS = ("a", "b", "c")
"""Task 9.3: (a) a much narrower interval; (b) a larger difference; (c) nothing."""

CLEARLY_NARROWER = 0.25
"""Task 9.3: a narrowing from which common random numbers clearly paid."""


def crn_bought() -> str:
    """Task 9.3's answer, read off the comparison."""
    row = _presets().table.loc[("client-centric", "profit")]
    return "a" if row["crn_narrowing"] >= CLEARLY_NARROWER else "c"


def churn_evidence() -> str:
    """Task 9.2: the difference in churn, in one line."""
    churn = Difference.of(_presets(), "client-centric", "churn_rate")
    return upper_first(churn.sentence) + "."  # it names the measure itself


def pairing_evidence() -> str:
    """Task 9.3: what pairing did to the profit interval, in one line."""
    row = _presets().table.loc[("client-centric", "profit")]
    return _("Profit: {note}.").format(note=pairing_note(row["crn_narrowing"]))


@_task("9.3", "what common random numbers bought", "choice")
def check_9_3(task: str, answer: Any) -> Feedback:
    """Judge how much pairing narrowed the profit interval."""
    narrowing = _presets().table.loc[("client-centric", "profit"), "crn_narrowing"]
    return _choice(
        task,
        answer,
        crn_bought(),
        CRN_OPTIONS,
        why=_(
            "Profit: {note}. Each customer behaves the same way in both businesses as "
            "long as they are treated the same, so the noise the runs share cancels "
            "out of the difference; the more the two policies treat customers "
            "differently, the less there is to cancel. A quarter or more ({share}) "
            "counts as much narrower here."
        ).format(note=pairing_note(narrowing), share=fmt.percent(CLEARLY_NARROWER, 0)),
        hints={
            "a": _(
                "Read the line on pairing once more: is the interval much narrower?"
            ),
            "b": _(
                "Pairing changes the noise around the difference, not its expected "
                "size: look at the line on pairing, not at the difference."
            ),
            "c": _("Read the line on pairing: how much narrower is the interval?"),
        },
    )


POLICY_BASE = "customer_oriented"
"""Task 9.4: the baseline a policy must beat."""

MAX_LEVERS = 3
"""Task 9.4: levers a policy may change."""


def policy_base() -> Scenario:
    """Task 9.4: the customer-oriented business over :data:`COMPARE_RUN`."""
    return short_preset(POLICY_BASE, COMPARE_RUN)


def policy_levers() -> pd.DataFrame:
    """Task 9.4: the levers of the business to beat, in plain words."""
    return lever_table({_("the customer-oriented business"): policy_base()})


@_task("9.4", "a policy that beats the customer-oriented business", "scenario")
def check_9_4(task: str, answer: Any) -> Feedback:
    """At most three levers changed; the profit interval must be above zero."""
    base = policy_base()
    if isinstance(answer, dict) and answer and not all("." in str(k) for k in answer):
        try:
            answer = from_plain(answer)
        except ParameterError as err:
            return Feedback(task, "wrong", str(err))
    scenario = _scenario(task, answer, base, None, "your policy")
    if isinstance(scenario, Feedback):
        return scenario
    changed = _changes(base, scenario)
    lever_names = set(levers(base))
    not_levers = [k for k in changed if k not in lever_names]
    if not_levers:
        return Feedback(
            task,
            "wrong",
            ngettext(
                "change only policy levers (the table above); {names} describe the "
                "world, not a policy",
                "change only policy levers (the table above); {names} describe the "
                "world, not a policy",
                len(not_levers),
            ).format(names=", ".join(label(k) for k in not_levers)),
        )
    if not changed:
        return Feedback(
            task,
            "wrong",
            _("this is the baseline itself: change one to {most} levers").format(
                most=MAX_LEVERS
            ),
        )
    if len(changed) > MAX_LEVERS:
        return Feedback(
            task,
            "wrong",
            ngettext(
                "you changed {count} lever ({names}); keep it to {most}",
                "you changed {count} levers ({names}); keep it to {most}",
                len(changed),
            ).format(
                count=len(changed),
                names=", ".join(label(k) for k in changed),
                most=MAX_LEVERS,
            ),
        )
    return _profit_verdict(
        task,
        profit_comparison(base, scenario),
        _(
            "Look at where the business's money goes (module 09, profit by Mann's "
            "directions) and which direction it neglects."
        ),
    )
