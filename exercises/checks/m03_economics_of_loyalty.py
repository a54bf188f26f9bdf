"""Checks of module 03, the economics of loyalty: tasks 3.1-3.10.

The tasks are in ``exercises/solutions/03_economics_of_loyalty.ipynb``.
Importing this module registers its checks in
:data:`exercises.checks.common.CHECKS`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from simulations import analytic as an
from simulations.i18n import N_, _
from simulations.present import format as fmt

from ..feedback import Feedback
from .common import _choice, _number, _task

LOST = {"first_year_sales": 24_000, "annual_growth": 3_000, "years": 6, "margin": 0.15}
"""Task 3.1-3.2: a customer lost ([A4] has 10k, +2k, 5 years, 20%)."""

CLV = {"margin": 180.0, "retention": 0.75, "discount": 0.08}
"""Tasks 3.3-3.6: margin a year, retention a year, discount rate a year."""

CLV_PERIODS = 5
"""Task 3.6: payments counted by the truncated sum."""

UPLIFT = {"retention_before": 0.85, "retention_after": 0.90, "discount": 0.08}
"""Task 3.7: retention up by five points."""

CLV_FORMS: dict[str, tuple[Callable[..., float], str]] = {
    "now": (an.clv_first_payment_now, N_("first payment today, m(1+d)/(1+d-r)")),
    "next": (
        an.clv_first_payment_next,
        N_("first payment next period, m·r/(1+d-r)"),
    ),
    "end": (
        an.clv_first_payment_end,
        N_("first payment at the end of the period, m/(1+d-r)"),
    ),
}


def _lost(**changes: Any) -> an.LostCustomerCost:
    return an.cost_of_lost_customer(**(LOST | changes))


@_task("3.1", "sales lost with a customer", "number")
def check_3_1(task: str, answer: Any) -> Feedback:
    """Sales over six years: 24,000 growing by 3,000 a year."""
    years = LOST["years"]
    first, growth = LOST["first_year_sales"], LOST["annual_growth"]
    off_by_year = _(
        "off by a year: count {years} years, the first one included"
    ).format(years=years)
    return _number(
        task,
        answer,
        _lost().sales_lost,
        mistakes=[
            (_lost(years=years - 1).sales_lost, off_by_year),
            (_lost(years=years + 1).sales_lost, off_by_year),
            (
                _lost(annual_growth=0).sales_lost,
                _("the customer's purchases grow by {growth} each year").format(
                    growth=fmt.number(growth)
                ),
            ),
            (
                _lost(first_year_sales=first + growth).sales_lost,
                _("the first year has no growth yet: year 1 brings {first}").format(
                    first=fmt.number(first)
                ),
            ),
            (
                _lost().profit_lost,
                _("that is the profit; this task asks for the sales"),
            ),
        ],
        hint=_(
            "Add the sales of each year: year k brings first-year sales + "
            "k × growth, k = 0, 1, ..."
        ),
    )


@_task("3.2", "profit lost with a customer", "number")
def check_3_2(task: str, answer: Any) -> Feedback:
    """Sales lost times the net margin."""
    years, margin = LOST["years"], LOST["margin"]
    off_by_year = _(
        "off by a year: count {years} years, the first one included"
    ).format(years=years)
    return _number(
        task,
        answer,
        _lost().profit_lost,
        mistakes=[
            (_lost().sales_lost, _("that is the sales: multiply by the net margin")),
            (
                _lost().profit_lost * 100,
                _("the margin is {percent} = {share}, not {wrong}").format(
                    percent=fmt.percent(margin, 0),
                    share=fmt.number(margin),
                    wrong=fmt.number(margin * 100),
                ),
            ),
            (_lost(years=years - 1).profit_lost, off_by_year),
            (_lost(years=years + 1).profit_lost, off_by_year),
            (
                _lost(annual_growth=0).profit_lost,
                _("the customer's purchases grow each year"),
            ),
        ],
        hint=_("Profit lost = sales lost × net margin."),
    )


def _clv_mistakes(wanted: str) -> list[tuple[float, str]]:
    """Values of the other CLV forms, each with the hint that names it."""
    mistakes = []
    for form, (func, text) in CLV_FORMS.items():
        if form != wanted:
            mistakes.append(
                (
                    func(**CLV),
                    _("that is the form with the {form}").format(form=_(text)),
                )
            )
    func = CLV_FORMS[wanted][0] if wanted in CLV_FORMS else an.clv_first_payment_now
    mistakes.append(
        (
            func(**(CLV | {"discount": 0.0})),
            _("you left out the discount rate d = {d}").format(
                d=fmt.number(CLV["discount"])
            ),
        )
    )
    return mistakes


def _clv_check(task: str, answer: Any, form: str) -> Feedback:
    func, text = CLV_FORMS[form]
    return _number(
        task,
        answer,
        func(**CLV),
        mistakes=[
            *_clv_mistakes(form),
            (
                an.clv_truncated(**CLV, periods=CLV_PERIODS),
                _(
                    "that is the truncated {years}-year sum; this task has no horizon"
                ).format(years=CLV_PERIODS),
            ),
        ],
        hint=_("Use the form with the {form}: m = {m}, r = {r}, d = {d}.").format(
            form=_(text),
            m=fmt.number(CLV["margin"]),
            r=fmt.number(CLV["retention"]),
            d=fmt.number(CLV["discount"]),
        ),
    )


@_task("3.3", "CLV, first payment today", "number")
def check_3_3(task: str, answer: Any) -> Feedback:
    """m(1+d)/(1+d-r)."""
    return _clv_check(task, answer, "now")


@_task("3.4", "CLV, first payment next period", "number")
def check_3_4(task: str, answer: Any) -> Feedback:
    """m r/(1+d-r)."""
    return _clv_check(task, answer, "next")


@_task("3.5", "CLV, first payment at the end of the period", "number")
def check_3_5(task: str, answer: Any) -> Feedback:
    """m/(1+d-r)."""
    return _clv_check(task, answer, "end")


@_task("3.6", "CLV over a five-year horizon", "number")
def check_3_6(task: str, answer: Any) -> Feedback:
    """Sum of m r^t/(1+d)^t for t = 0..4."""
    periods = CLV_PERIODS
    expected = an.clv_truncated(**CLV, periods=periods)
    off = _("off by a year: {periods} payments, t = 0, 1, ..., {last}").format(
        periods=periods, last=periods - 1
    )
    return _number(
        task,
        answer,
        expected,
        mistakes=[
            (an.clv_truncated(**CLV, periods=periods - 1), off),
            (an.clv_truncated(**CLV, periods=periods + 1), off),
            (
                expected / (1 + CLV["discount"]),
                _("the first payment is made today (t = 0) and is not discounted"),
            ),
            (
                an.clv_first_payment_now(**CLV),
                _(
                    "that is the value without a horizon; stop after {periods} payments"
                ).format(periods=periods),
            ),
            (
                an.clv_truncated(**(CLV | {"discount": 0.0}), periods=periods),
                _("you left out the discount rate d = {d}").format(
                    d=fmt.number(CLV["discount"])
                ),
            ),
        ],
        hint=_("Add m·rᵗ/(1+d)ᵗ for t = 0 to 4."),
    )


@_task("3.7", "value of five more points of retention", "number")
def check_3_7(task: str, answer: Any) -> Feedback:
    """Relative rise of m r/(1+d-r) when r goes from 0.85 to 0.90."""
    u = UPLIFT
    expected = an.retention_uplift(
        1.0, u["retention_before"], u["retention_after"], u["discount"]
    )

    def rise(func: Callable[..., float], discount: float) -> float:
        after = func(1.0, u["retention_after"], discount)
        return after / func(1.0, u["retention_before"], discount) - 1.0

    return _number(
        task,
        answer,
        expected,
        abs_tol=0.005,
        mistakes=[
            (
                1.0 + expected,
                _("that is the ratio after/before; give the rise, ratio − 1"),
            ),
            (
                rise(an.clv_first_payment_now, u["discount"]),
                _(
                    "use the value of an existing customer, m·r/(1+d−r) (first payment "
                    "next period), as the task says"
                ),
            ),
            (
                rise(an.clv_first_payment_next, 0.0),
                _("you left out the discount rate d = {d}").format(
                    d=fmt.number(u["discount"])
                ),
            ),
            (
                u["retention_after"] - u["retention_before"],
                _(
                    "that is the rise in retention; the task asks for the rise in "
                    "customer value"
                ),
            ),
        ],
        hint=_(
            "Value after / value before − 1, with value = m·r/(1+d−r); the margin "
            "cancels."
        ),
    )


@_task("3.8", "what 'retention +5%, profit +25-95%' measures", "choice")
def check_3_8(task: str, answer: Any) -> Feedback:
    """Reichheld & Sasser 1990: customer NPV for +5 points of retention."""
    return _choice(
        task,
        answer,
        "b",
        ("a", "b", "c"),
        why=_(
            "Reichheld & Sasser (HBR 1990) measured the net present value of a "
            "customer when retention rises by five percentage points."
        ),
        hints={
            "a": _(
                "It is not the profit of the whole firm: read what Reichheld & "
                "Sasser measured per customer."
            ),
            "c": _("It is about keeping customers, not acquiring 5% more."),
        },
    )


@_task("3.9", "'acquisition costs five times retention'", "choice")
def check_3_9(task: str, answer: Any) -> Feedback:
    """A rule of thumb without a primary study."""
    return _choice(
        task,
        answer,
        "b",
        ("a", "b", "c"),
        why=_(
            "Kotler (2003) writes '5 to 10 times'; no primary study is known, and "
            "the ratio differs by industry."
        ),
        hints={
            "a": _(
                "No primary study measured it; the figure is repeated from book to "
                "book."
            ),
            "c": _(
                "It is not shown to be false either: it is a rough rule that varies "
                "by industry."
            ),
        },
    )


# Task 3.10 lives in its own file; imported last, so that the tasks register
# in their order (3.1 ... 3.10), and shown here with the module's other tasks.
from .m03_loyalty_programme import (  # noqa: F401
    PROGRAMME,
    PROGRAMME_KPIS,
    RETENTION_LEVERS,
    check_3_10,
    programme_comparison,
    proposed_programme,
    retention_base,
)
