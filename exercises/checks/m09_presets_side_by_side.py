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
from simulations.present import format as fmt
from simulations.present.labels import from_plain, label, lever_table
from simulations.present.tables import pairing_note
from simulations.present.words import Difference

from ..feedback import Feedback
from .common import (
    COMPARE_RUN,
    VERDICTS,
    _changes,
    _choice,
    _scenario,
    _task,
)
from .runs import _profit_verdict, _verdict_word, profit_comparison, short_preset


def presets_pair() -> tuple[Scenario, Scenario]:
    """Tasks 9.1-9.3: product-centric baseline and the client-centric preset."""
    return short_preset("product_centric"), short_preset("client_centric")


def _presets() -> Comparison:
    return profit_comparison(*presets_pair())


PROMISE = 0.8
"""Task 9.1: the promised profit gain, as a share of the baseline's mean profit."""

PROMISE_OPTIONS = ("backed", "contradicted", "cannot tell")
"""Task 9.1: what the runs say about a gain 'because your customers will stay'."""


def _advertising(runs: Replications) -> float:
    """Mean money spent on advertising over the measured days of the runs."""
    return float(np.mean([r.measured["acquisition"].sum() for r in runs.results]))


def promise_parts(cmp: Comparison) -> dict[str, float]:
    """Task 9.1: the profit gain, the advertising no longer bought, and the rest.

    Shares of the baseline's mean profit. The rest (the gain less the money
    the client-centric business no longer spends on advertising) is the part
    that comes from customers; it has the gain's interval, since the
    advertising budget is the same in every run.
    """
    row = cmp.table.loc[("client-centric", "profit")]
    base = row["baseline"]
    saving = _advertising(cmp.baseline) - _advertising(
        cmp.alternatives["client-centric"]
    )
    return {
        "today": base,
        "gain": row["difference"] / base,
        "half_width": row["half_width"] / base,
        "saving": saving / base,
        "saving_money": saving,
        "customers": (row["difference"] - saving) / base,
    }


def promise_verdict(parts: dict[str, float]) -> str:
    """Task 9.1's answer: the part of the gain that comes from customers, judged.

    The promise ("at least :data:`PROMISE` more profit, because your customers
    will stay") is backed when even the low end of that part's 95% interval
    reaches it, contradicted when even the high end falls short.
    """
    low = parts["customers"] - parts["half_width"]
    high = parts["customers"] + parts["half_width"]
    if low > PROMISE:
        return "backed"
    if high < PROMISE:
        return "contradicted"
    return "cannot tell"


def _pct(x: float) -> str:
    return f"{100 * x:+.0f}%"


def promise_evidence() -> pd.DataFrame:
    """Task 9.1: the gain and the advertising saving, in plain words."""
    cmp = _presets()
    parts = promise_parts(cmp)
    days = cmp.baseline.scenario.business
    gain = Difference.of(cmp, "client-centric", "profit")
    hw = parts["half_width"]
    return pd.DataFrame(
        {
            "value": [
                f"{fmt.number(parts['today'])} ₽",
                f"{gain.size} ({_pct(parts['gain'])} of today's profit)",
                f"from {_pct(parts['gain'] - hw)} to {_pct(parts['gain'] + hw)}",
                f"{fmt.number(parts['saving_money'])} ₽",
            ]
        },
        index=[
            f"product-centric profit over {days.days - days.warmup_days} days",
            "client-centric against it (mean of the pairs)",
            "95% interval of that gain, as a share of today's profit",
            "advertising the client-centric business no longer buys, same days",
        ],
    )


@_task("9.1", "a consultant's promise", "choice", PROMISE_OPTIONS)
def check_9_1(task: str, answer: Any) -> Feedback:
    """Judge the part of the gain that customers bring against the promise."""
    parts = promise_parts(_presets())
    expected = promise_verdict(parts)
    hw = parts["half_width"]
    why = (
        f"The gain is {_pct(parts['gain'])} of today's profit ({_pct(parts['gain'] - hw)} "
        f"to {_pct(parts['gain'] + hw)}), but {_pct(parts['saving'])} of today's profit "
        "is only advertising no longer bought. What customers bring is "
        f"{_pct(parts['customers'])} ({_pct(parts['customers'] - hw)} to "
        f"{_pct(parts['customers'] + hw)}) against the promised {_pct(PROMISE)}"
    )
    why += {
        "backed": ": even its low end reaches the promise.",
        "contradicted": ": even its high end falls short of the promise, whatever the "
        "total gain looks like.",
        "cannot tell": ": the promise lies inside its interval; more runs would tell.",
    }[expected]
    method = (
        "The promise is about customers staying: take the advertising no longer "
        "bought out of the gain first, then compare both ends of the interval of "
        "what is left with the promised 80% of today's profit."
    )
    return _choice(
        task,
        answer,
        expected,
        PROMISE_OPTIONS,
        why=why,
        hints={
            "backed": "A total gain that reaches 80% is not yet a gain from customers. "
            + method,
            "contradicted": "Check both ends of the interval of the part that is left. "
            + method,
            "cannot tell": "'cannot tell' fits only when 80% lies inside the interval "
            "of the part that is left. " + method,
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
        why=f"Churn a month: {churn.sentence}.",
        hint="Read the line on churn a month; lower churn is better.",
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
    return (
        f"Churn: {Difference.of(_presets(), 'client-centric', 'churn_rate').sentence}."
    )


def pairing_evidence() -> str:
    """Task 9.3: what pairing did to the profit interval, in one line."""
    row = _presets().table.loc[("client-centric", "profit")]
    return f"Profit: {pairing_note(row['crn_narrowing'])}."


@_task("9.3", "what common random numbers bought", "choice")
def check_9_3(task: str, answer: Any) -> Feedback:
    """Judge how much pairing narrowed the profit interval."""
    narrowing = _presets().table.loc[("client-centric", "profit"), "crn_narrowing"]
    return _choice(
        task,
        answer,
        crn_bought(),
        CRN_OPTIONS,
        why=f"Profit: {pairing_note(narrowing)}. Each customer behaves the same way in "
        "both businesses as long as they are treated the same, so the noise the runs "
        "share cancels out of the difference; the more the two policies treat "
        f"customers differently, the less there is to cancel. A quarter or more "
        f"({CLEARLY_NARROWER:.0%}) counts as much narrower here.",
        hints={
            "a": "Read the line on pairing once more: is the interval much narrower?",
            "b": "Pairing changes the noise around the difference, not its expected "
            "size: look at the line on pairing, not at the difference.",
            "c": "Read the line on pairing: how much narrower is the interval?",
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
    return lever_table({"the customer-oriented business": policy_base()})


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
            "change only policy levers (the table above); "
            f"{', '.join(label(k) for k in not_levers)} describe the world, not a "
            "policy",
        )
    if not changed:
        return Feedback(
            task,
            "wrong",
            f"this is the baseline itself: change one to {MAX_LEVERS} levers",
        )
    if len(changed) > MAX_LEVERS:
        return Feedback(
            task,
            "wrong",
            f"you changed {len(changed)} levers "
            f"({', '.join(label(k) for k in changed)}); keep it to {MAX_LEVERS}",
        )
    return _profit_verdict(
        task,
        profit_comparison(base, scenario),
        "Look at where the business's money goes (module 09, profit by Mann's "
        "directions) and which direction it neglects.",
    )
