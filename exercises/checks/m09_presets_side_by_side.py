"""Checks of module 09, presets side by side: tasks 9.1-9.4.

The tasks are in ``exercises/solutions/09_presets_side_by_side.ipynb``.
Importing this module registers its checks in
:data:`exercises.checks.common.CHECKS`.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from simulations import Scenario, levers
from simulations.experiments import Comparison
from simulations.present import format as fmt

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

PROMISE_OPTIONS = ("supported", "contradicted", "cannot tell")
"""Task 9.1: what the comparison says about the promise."""


def promise_verdict(row: pd.Series) -> str:
    """Task 9.1's answer from the profit row of the comparison.

    The promised gain is :data:`PROMISE` times the baseline's mean profit
    (the row's ``baseline``); the promise is supported when the whole 95%
    interval of the gain lies above it, contradicted when it lies below.
    """
    promised = PROMISE * row["baseline"]
    if row["ci_low"] > promised:
        return "supported"
    if row["ci_high"] < promised:
        return "contradicted"
    return "cannot tell"


@_task("9.1", "a consultant's promise", "choice", PROMISE_OPTIONS)
def check_9_1(task: str, answer: Any) -> Feedback:
    """Compare the interval of the profit gain with the promised gain."""
    row = _presets().table.loc[("client-centric", "profit")]
    expected = promise_verdict(row)
    promised = PROMISE * row["baseline"]
    why = (
        f"The promise is a gain of {fmt.number(promised)} ({PROMISE:.0%} of the "
        f"product-centric mean profit, {fmt.number(row['baseline'])}). The 95% "
        f"interval of the gain is [{fmt.number(row['ci_low'])}, "
        f"{fmt.number(row['ci_high'])}]"
    )
    why += {
        "supported": ": even its lower end is above the promise.",
        "contradicted": ": even its upper end is below the promise.",
        "cannot tell": ": the promised gain lies inside it, so these runs can neither "
        "confirm nor refute the promise, whatever the mean says. More replications "
        "would narrow the interval.",
    }[expected]
    target = f"{PROMISE:.0%} of the baseline's mean profit (the 'baseline' column)"
    return _choice(
        task,
        answer,
        expected,
        PROMISE_OPTIONS,
        why=why,
        hints={
            "supported": "'supported' needs the whole 95% interval of the profit gain "
            f"above the promised gain, {target}: compare it with ci_low, not with "
            "the mean difference.",
            "contradicted": "'contradicted' needs the whole 95% interval of the "
            f"profit gain below the promised gain, {target}: compare it with "
            "ci_high.",
            "cannot tell": "'cannot tell' fits only when the promised gain, "
            f"{target}, lies between ci_low and ci_high.",
        },
        hint=f"Work out the promised gain, {target}, and compare it with both ends "
        "of the interval of the profit difference.",
    )


@_task("9.2", "verdict on churn", "choice", VERDICTS)
def check_9_2(task: str, answer: Any) -> Feedback:
    """Verdict of the comparison for churn_rate."""
    expected = _verdict_word(_presets(), "churn_rate")
    hint = "Read the verdict of 'churn_rate'; lower churn is better."
    return _choice(
        task,
        answer,
        expected,
        VERDICTS,
        why=_presets().table.loc[("client-centric", "churn_rate"), "verdict"] + ".",
        hint=hint,
    )


CRN_OPTIONS = ("a", "b", "c")
"""Task 9.3: (a) a much narrower interval; (b) a larger difference; (c) nothing."""

CLEARLY_NARROWER = 0.25
"""Task 9.3: a narrowing from which common random numbers clearly paid."""


def crn_bought() -> str:
    """Task 9.3's answer, read off the comparison."""
    row = _presets().table.loc[("client-centric", "profit")]
    return "a" if row["crn_narrowing"] >= CLEARLY_NARROWER else "c"


@_task("9.3", "what common random numbers bought", "choice")
def check_9_3(task: str, answer: Any) -> Feedback:
    """Read crn_narrowing of the profit difference and judge it."""
    narrowing = _presets().table.loc[("client-centric", "profit"), "crn_narrowing"]
    return _choice(
        task,
        answer,
        crn_bought(),
        CRN_OPTIONS,
        why=f"Pairing made the profit interval {narrowing:.0%} narrower than "
        "independent runs would: each customer behaves the same way in both "
        "businesses as long as they are treated the same, so the shared noise "
        "cancels out of the difference.",
        hints={
            "a": "Read 'crn_narrowing' of the profit row once more: is it large?",
            "b": "Common random numbers change the noise around the difference, not "
            "its expected size: look at 'crn_narrowing', not at 'difference'.",
            "c": "Read 'crn_narrowing' of the profit row: 1 − paired half-width / "
            "independent half-width.",
        },
    )


POLICY_BASE = "customer_oriented"
"""Task 9.4: the baseline a policy must beat."""

MAX_LEVERS = 3
"""Task 9.4: levers a policy may change."""


def policy_base() -> Scenario:
    """Task 9.4: the customer-oriented business over :data:`COMPARE_RUN`."""
    return short_preset(POLICY_BASE, COMPARE_RUN)


@_task("9.4", "a policy that beats the customer-oriented business", "scenario")
def check_9_4(task: str, answer: Any) -> Feedback:
    """At most three levers changed; the profit interval must be above zero."""
    base = policy_base()
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
            f"change only policy levers (levers(base)); "
            f"{', '.join(not_levers)} describe the world, not a policy",
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
            f"({', '.join(changed)}); keep it to {MAX_LEVERS}",
        )
    return _profit_verdict(
        task,
        profit_comparison(base, scenario),
        "Look at where the baseline's money goes (breakdown) and which direction it "
        "neglects.",
    )
