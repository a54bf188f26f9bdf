"""Checks for the exercises: one function per task, instant feedback.

Each ``check_N_K(answer)`` takes what the student wrote for task N.K and
returns a :class:`~simulations.quiz.Feedback`: ``right``, ``wrong`` with a
hint about what to look at, or ``open`` while the answer is still ``...``.
A check never raises, whatever it is given (text, a list, ``None``, NaN, a
scenario with a value the model refuses).

Expected values are computed here from the package with each task's numbers
(:mod:`simulations.analytic`, :mod:`simulations.experiments`, short runs of
:func:`simulations.single_run`), never typed in. Simulation checks use short
horizons, few replications and one process, and keep their results for the
session, so a second call is instant.

Examples
--------
>>> check_3_1(...).status
'open'
>>> check_3_1("189000").status
'wrong'
>>> check_7_2(0.025).ok
True
"""

from __future__ import annotations

import functools
import math
import numbers
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from simulations import ParameterError, RunResult, Scenario, levers, single_run
from simulations import analytic as an
from simulations.experiments import Comparison, compare
from simulations.model.ledger import daily_service_cost
from simulations.model.service import effective_service_time
from simulations.quiz import (
    BLANK,
    Feedback,
    check_choice,
    check_number,
    is_blank,
    report,
    show_number,
)
from simulations.results import nps, top_share
from simulations.vocabulary import COST_ITEMS

__all__ = [
    "BLANK",
    "CHECKS",
    "COMPARE_RUN",
    "REPLICATIONS",
    "SHORT_RUN",
    "TASKS",
    "Feedback",
    "policy_base",
    "presets_pair",
    "profit_comparison",
    "report",
    "retention_base",
    "short_preset",
    "ticket_office",
    "winback_pair",
]

# ---------------------------------------------------------------- settings
PAYS = ("yes", "no", "unclear")
"""Options of the 'does it pay?' tasks."""

VERDICTS = ("better", "worse", "no clear difference")
"""Options of the verdict tasks."""

SHORT_RUN: dict[str, int] = {"business.days": 120, "business.warmup_days": 30}
"""Horizon of the single runs the tasks read: 90 measured days."""

COMPARE_RUN: dict[str, int] = {"business.days": 180, "business.warmup_days": 30}
"""Horizon of the comparisons whose effect needs time (retention, policies)."""

REPLICATIONS = 4
"""Paired replications of every comparison a check runs."""

TASKS: dict[str, str] = {}
"""Task number -> short title, in course order."""

CHECKS: dict[str, Callable[[Any], Feedback]] = {}
"""Task number -> its check function."""


def short_preset(name: str, days: dict[str, int] | None = None) -> Scenario:
    """A preset with the short horizon of the exercises.

    Examples
    --------
    >>> short_preset("client_centric").business.days
    120
    """
    return Scenario.preset(name).copy(**(days or SHORT_RUN))


# ---------------------------------------------------------------- helpers
def _task(
    number: str,
    title: str,
    kind: str,
    options: Sequence[str] | None = None,
) -> Callable[[Callable], Callable]:
    """Register a check and make it total.

    ``kind`` is what the answer must be: ``"number"``, ``"whole"``,
    ``"choice"``, ``"text"`` or ``"scenario"``. A blank answer, or one of the
    wrong type, is answered before anything is computed (so a blank notebook
    runs no simulation), and any error inside the check becomes a "wrong"
    feedback instead of an exception.
    """

    def wrap(func: Callable[[str, Any], Feedback]) -> Callable[[Any], Feedback]:
        name = f"{number} {title}"

        def check(answer: Any = BLANK) -> Feedback:
            try:
                early = _precheck(name, answer, kind, options)
                return early if early is not None else func(name, answer)
            except Exception as err:  # a check must never crash a notebook
                return Feedback(
                    name,
                    "wrong",
                    f"this answer could not be checked ({type(err).__name__}: "
                    f"{err}); look at its type and value",
                )

        check.__name__ = check.__qualname__ = func.__name__
        check.__doc__ = f"Task {name}: {func.__doc__}"
        check.__module__ = func.__module__
        check.task = name  # type: ignore[attr-defined]
        check.kind = kind  # type: ignore[attr-defined]
        TASKS[number] = title
        CHECKS[number] = check
        return check

    return wrap


def _precheck(
    task: str, answer: Any, kind: str, options: Sequence[str] | None
) -> Feedback | None:
    """Feedback for a blank or mistyped answer; None when it needs the real check."""
    if kind == "number":
        value = _as_number(answer)
        if isinstance(value, str):
            typed = _text_number(task, value)
            if typed is not None:
                return typed
        if is_blank(value) or not isinstance(value, float) or math.isnan(value):
            return check_number(task, value, 1.0)  # open, wrong type or NaN
    elif kind == "whole":
        number = _whole(task, answer)
        if isinstance(number, Feedback):
            return number
    elif kind == "scenario":
        if is_blank(answer):
            return _open(task, "a scenario, e.g. base.copy('mine', **{...})")
        if not isinstance(answer, Scenario | dict):
            what = "the text" if isinstance(answer, str) else _a(type(answer).__name__)
            return Feedback(
                task,
                "wrong",
                f"expected a Scenario (e.g. base.copy('mine', **{{...}})) or a dict "
                f"of changes; got {what} {answer!r:.60}",
            )
    elif kind == "choice" and options is not None:
        if isinstance(answer, str) and not answer.strip(". \n\t"):
            answer = BLANK
        known = [option.lower() for option in options]
        if (
            is_blank(answer)
            or not isinstance(answer, str)
            or answer.strip().lower() not in known
        ):
            return check_choice(task, answer, options[0], options)
    elif kind == "text" and (is_blank(answer) or not isinstance(answer, str)):
        return _free_text(task, answer, "")
    return None


def _open(task: str, what: str) -> Feedback:
    return Feedback(task, "open", f"not answered yet: replace ... with {what}")


def _as_number(answer: Any) -> Any:
    """Plain float for any real number (NumPy scalars too); else unchanged."""
    if isinstance(answer, bool | np.bool_):
        return answer
    if isinstance(answer, numbers.Real):
        return float(answer)
    return answer


def _text_number(task: str, answer: str) -> Feedback | None:
    """A number typed inside quotes gets its own message."""
    try:
        value = float(answer.replace(",", "").replace("_", "").strip().rstrip("%"))
    except ValueError:
        return None
    return Feedback(
        task,
        "wrong",
        f"you wrote the number as text in quotes ({answer!r}); write it without "
        f"quotes, e.g. {value:g}",
    )


def _number(
    task: str,
    answer: Any,
    expected: float,
    *,
    rel: float = 0.01,
    abs_tol: float = 0.0,
    mistakes: Iterable[tuple[float, str]] = (),
    hint: str = "",
    unit: str = "",
) -> Feedback:
    """Check a number; recognise typical mistakes before the generic hint."""
    if is_blank(answer):
        return _open(task, "a number")
    value = _as_number(answer)
    if isinstance(value, str):
        typed = _text_number(task, value)
        if typed is not None:
            return typed
    if isinstance(value, float) and math.isfinite(value):
        close = math.isclose(value, expected, rel_tol=rel, abs_tol=abs_tol)
        if not close:
            for wrong, why in mistakes:
                if wrong is not None and math.isclose(
                    value, wrong, rel_tol=rel, abs_tol=abs_tol
                ):
                    return Feedback(
                        task, "wrong", f"{show_number(value)}{unit} is not it: {why}"
                    )
    return check_number(
        task, value, expected, rel=rel, abs_tol=abs_tol, hint=hint, unit=unit
    )


def _a(noun: str) -> str:
    """The noun with its indefinite article: 'an int', 'a list'."""
    return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}"


def _whole(task: str, answer: Any, what: str = "a whole number") -> int | Feedback:
    """The answer as an int, or the feedback that says why it is not one."""
    if is_blank(answer):
        return _open(task, what)
    value = _as_number(answer)
    if isinstance(value, str):
        return _text_number(task, value) or Feedback(
            task, "wrong", f"expected {what}, got the text {value!r}"
        )
    if not isinstance(value, float):
        return Feedback(
            task, "wrong", f"expected {what}, got {_a(type(value).__name__)} {value!r}"
        )
    if not math.isfinite(value) or not value.is_integer():
        return Feedback(task, "wrong", f"expected {what}, got {value!r}")
    return int(value)


def _choice(
    task: str,
    answer: Any,
    expected: str,
    options: Sequence[str],
    *,
    why: str = "",
    hints: dict[str, str] | None = None,
    hint: str = "",
) -> Feedback:
    """A multiple-choice check with a hint per wrong option."""
    if isinstance(answer, str) and not answer.strip(". \n\t"):
        answer = BLANK
    feedback = check_choice(task, answer, expected, options, hint=hint)
    if feedback.status == "right" and why:
        return Feedback(task, "right", f"{feedback.message}. {why}")
    if feedback.status == "wrong" and isinstance(answer, str) and hints:
        picked = answer.strip().lower()
        for option, text in hints.items():
            if option.lower() == picked:
                return Feedback(task, "wrong", f"{option!r} is not it. {text}")
    return feedback


def _free_text(task: str, answer: Any, model_answer: str) -> Feedback:
    """Free text: only checked for being there; a model answer is shown."""
    if is_blank(answer) or (isinstance(answer, str) and not answer.strip(". \n\t")):
        return _open(task, 'a few sentences in quotes: "..."')
    if not isinstance(answer, str):
        return Feedback(
            task,
            "wrong",
            f'write your answer as text in quotes, e.g. answer = "I think ..."; got '
            f"{_a(type(answer).__name__)}",
        )
    return Feedback(
        task,
        "right",
        f"answered (free text is not graded). Compare with a model answer: "
        f"{model_answer}",
    )


def _scenario(
    task: str,
    answer: Any,
    base: Scenario,
    allowed: Iterable[str] | None,
    name: str = "your scenario",
) -> Scenario | Feedback:
    """The student's scenario, validated, or the feedback that explains why not.

    ``answer`` may be a :class:`Scenario` or a dict of dotted changes to
    ``base``. ``allowed`` lists the parameters that may differ from ``base``
    (None: any).
    """
    if is_blank(answer):
        return _open(task, "a scenario, e.g. base.copy('mine', **{...})")
    if isinstance(answer, dict):
        try:
            scenario = base.copy(name, **answer)
        except ParameterError as err:
            return Feedback(task, "wrong", f"the model refuses this scenario: {err}")
        except TypeError:
            return Feedback(
                task,
                "wrong",
                "the changes must be a dict of dotted names and values, e.g. "
                "{'business.staff': 4}",
            )
    elif isinstance(answer, Scenario):
        try:  # rebuild from scratch so that every value is checked again
            scenario = Scenario.from_dict(answer.to_dict())
        except ParameterError as err:
            return Feedback(task, "wrong", f"the model refuses this scenario: {err}")
        except Exception as err:
            return Feedback(
                task, "wrong", f"this is not a usable scenario ({type(err).__name__})"
            )
    else:
        kind = "the text" if isinstance(answer, str) else _a(type(answer).__name__)
        return Feedback(
            task,
            "wrong",
            f"expected a Scenario (e.g. base.copy('mine', **{{...}})) or a dict of "
            f"changes; got {kind} {answer!r:.60}",
        )
    scenario.name = name if name != base.name else f"{name} (yours)"
    if allowed is not None:
        allowed = set(allowed)
        extra = [k for k in _changes(base, scenario) if k not in allowed]
        if extra:
            return Feedback(
                task,
                "wrong",
                f"change only {', '.join(sorted(allowed))}; you also changed "
                f"{', '.join(extra)}",
            )
    return scenario


def _changes(base: Scenario, other: Scenario) -> list[str]:
    """Dotted names of the parameters whose values differ (name and seed aside)."""
    names = [f"{row['group']}.{row['name']}" for row in Scenario.describe()]
    return [n for n in names if other.get(n) != base.get(n)]


def _key(scenario: Scenario) -> str:
    return scenario.to_toml()


# ---------------------------------------------------------------- simulations
@functools.lru_cache(maxsize=8)
def _run_cached(toml: str) -> RunResult:
    return single_run(Scenario.from_toml_text(toml), 0, record_visits=True)


def _run(preset: str) -> RunResult:
    """Replication 0 of a preset over :data:`SHORT_RUN` (kept for the session)."""
    return _run_cached(_key(short_preset(preset)))


@functools.lru_cache(maxsize=16)
def _compare_cached(base: str, alt: str, replications: int) -> Comparison:
    return compare(
        Scenario.from_toml_text(base),
        [Scenario.from_toml_text(alt)],
        replications,
        kpis=["profit", "churn_rate", "won_back"],
        workers=1,
        progress=False,
        record_visits=False,
    )


def profit_comparison(base: Scenario, alt: Scenario) -> Comparison:
    """``compare(base, [alt], REPLICATIONS)`` as the checks run it, kept for the session.

    Common random numbers, one process, KPIs profit, churn_rate and won_back.
    Notebooks may call it to see the comparison a check judges without running
    it twice.

    Raises
    ------
    RuntimeError
        When a run failed or the comparison was interrupted (nothing is kept
        then, so the next call runs it again); a check turns this into a
        "wrong" feedback with the message.
    """
    cmp = _compare_cached(_key(base), _key(alt), REPLICATIONS)
    runs = [cmp.baseline, *cmp.alternatives.values()]
    if not all(r.complete for r in runs):
        _compare_cached.cache_clear()
        if any(r.interrupted for r in runs):
            raise RuntimeError("the comparison was interrupted; run it again")
        errors = "; ".join(f.error for r in runs for f in r.failures)
        raise RuntimeError(f"a simulation run failed: {errors}")
    return cmp


def _profit_row(cmp: Comparison) -> pd.Series:
    alt = next(iter(cmp.alternatives))
    return cmp.table.loc[(alt, "profit")]


def _profit_verdict(task: str, cmp: Comparison, advice: str) -> Feedback:
    """Right only when the whole 95% interval of the profit gain is above zero."""
    row = _profit_row(cmp)
    low, high, diff = row["ci_low"], row["ci_high"], row["difference"]
    span = (
        f"profit difference {diff:+,.0f}, 95% interval [{low:,.0f}, {high:,.0f}] "
        f"over {int(row['pairs'])} paired replications (common random numbers)"
    )
    if low > 0:
        return Feedback(task, "right", f"{span}: the whole interval is above zero")
    if high < 0:
        return Feedback(task, "wrong", f"{span}: it loses money. {advice}")
    return Feedback(
        task,
        "wrong",
        f"{span}: no clear difference, the interval includes zero. {advice}",
    )


def _verdict_word(cmp: Comparison, kpi: str) -> str:
    """'better', 'worse' or 'no clear difference' for one KPI of a comparison."""
    alt = next(iter(cmp.alternatives))
    text = cmp.table.loc[(alt, kpi), "verdict"]
    if text.endswith(": better"):
        return "better"
    if text.endswith(": worse"):
        return "worse"
    return "no clear difference"


def _pays_word(cmp: Comparison) -> str:
    """'yes', 'no' or 'unclear': does the alternative raise profit?"""
    row = _profit_row(cmp)
    if row["ci_low"] > 0:
        return "yes"
    if row["ci_high"] < 0:
        return "no"
    return "unclear"


# =====================================================================
# Module 01: customer focus models
# =====================================================================
MODELS = ("product-centric", "customer-oriented", "client-centric")


@_task("1.1", "the middle step", "choice")
def check_1_1(task: str, answer: Any) -> Feedback:
    """Front line puts the customer first, management still decides products."""
    return _choice(
        task,
        answer,
        "customer-oriented",
        MODELS,
        why="Front-line staff serve the customer first, but products are still "
        "decided at the top.",
        hints={
            "product-centric": "A product-centric firm sells what it makes; here "
            "the staff already put the customer first.",
            "client-centric": "In a client-centric firm the customer also shapes "
            "strategy and new products; here management still decides them.",
        },
    )


@_task("1.2", "Fader's definition", "choice")
def check_1_2(task: str, answer: Any) -> Feedback:
    """Peter Fader: special treatment for the most valuable customers."""
    return _choice(
        task,
        answer,
        "b",
        ("a", "b", "c"),
        why="Fader: special treatment for the most valuable customers, not "
        "necessarily for all.",
        hints={
            "a": "Treating everyone the same is the opposite of Fader's idea: "
            "customers differ in value.",
            "c": "Selling what the factory makes is the product-centric model.",
        },
    )


@_task("1.3", "reactive or proactive", "choice")
def check_1_3(task: str, answer: Any) -> Feedback:
    """Which model anticipates the customer's problems (proactive)?"""
    return _choice(
        task,
        answer,
        "client-centric",
        MODELS,
        why="Customer-oriented firms react to requests; client-centric ones act "
        "before the customer asks.",
        hints={
            "customer-oriented": "Customer-oriented firms answer well when the "
            "customer asks: they are reactive.",
            "product-centric": "A product-centric firm looks at its product, not "
            "at the customer's problems.",
        },
    )


def _levers_differing(a: str, b: str) -> tuple[int, int]:
    first, second = levers(Scenario.preset(a)), levers(Scenario.preset(b))
    differ = sum(first[k] != second[k] for k in first)
    return differ, len(first)


@_task("1.4", "levers that differ between two presets", "whole")
def check_1_4(task: str, answer: Any) -> Feedback:
    """Levers whose values differ between product_centric and client_centric."""
    differ, total = _levers_differing("product_centric", "client_centric")
    number = _whole(task, answer, "a whole number of levers")
    if isinstance(number, Feedback):
        return number
    if number == differ:
        return Feedback(
            task,
            "right",
            f"{differ} of the {total} levers differ; every other rule of the model "
            "is the same for both",
        )
    if number == total:
        return Feedback(
            task,
            "wrong",
            f"{total} is the number of all levers; count only those whose values "
            "differ",
        )
    side = "many" if number > differ else "few"
    return Feedback(
        task,
        "wrong",
        f"{number} is too {side}: compare levers(a) and levers(b) key by key and "
        "count the keys whose values differ",
    )


@_task("1.5", "where does your organisation stand", "text")
def check_1_5(task: str, answer: Any) -> Feedback:
    """Free text."""
    return _free_text(
        task,
        answer,
        "'We are customer-oriented: the counter staff are friendly and solve "
        "problems, but new services are decided at head office without asking "
        "customers, and nobody knows which customers bring the most profit.'",
    )


# =====================================================================
# Module 02: Mann's four directions
# =====================================================================
@_task("2.1", "the neglected directions", "choice")
def check_2_1(task: str, answer: Any) -> Feedback:
    """Mann: most firms do attraction and work well, retention and return poorly."""
    return _choice(
        task,
        answer,
        "b",
        ("a", "b", "c"),
        why="Most firms attract and serve well, but keep and win back poorly.",
        hints={
            "a": "Attraction and working with the client are what most firms do well.",
            "c": "Attraction is usually done well; look at the last two directions.",
        },
    )


@_task("2.2", "where discounts are booked", "choice")
def check_2_2(task: str, answer: Any) -> Feedback:
    """The direction whose cost items include the loyalty discounts."""
    expected = next(d for d, items in COST_ITEMS.items() if "discounts" in items)
    return _choice(
        task,
        answer,
        expected,
        tuple(COST_ITEMS),
        why="Loyalty discounts are the price of keeping customers.",
        hint="Look at simulations.vocabulary.COST_ITEMS: which direction lists "
        "'discounts'?",
    )


def _direction_share(preset: str, directions: Sequence[str]) -> float:
    breakdown = _run(preset).breakdown
    cost = -sum(breakdown[d] for d in directions)
    return cost / breakdown["gross_margin"]


def _revenue_share(preset: str, directions: Sequence[str]) -> float:
    result = _run(preset)
    cost = -sum(result.breakdown[d] for d in directions)
    return cost / result.kpis["revenue"]


@_task("2.3", "product-centric: share of margin spent on attraction", "number")
def check_2_3(task: str, answer: Any) -> Feedback:
    """Attraction cost / gross margin, product_centric, short run."""
    expected = _direction_share("product_centric", ["attraction"])
    return _number(
        task,
        answer,
        expected,
        abs_tol=0.005,
        mistakes=[
            (
                -expected,
                "costs are negative in the breakdown; give the share as a "
                "positive number",
            ),
            (
                _revenue_share("product_centric", ["attraction"]),
                "that is a share of revenue; divide by the gross margin",
            ),
        ],
        hint="Divide -breakdown['attraction'] by breakdown['gross_margin'] of the run.",
    )


@_task(
    "2.4", "client-centric: share of margin spent on retention and win-back", "number"
)
def check_2_4(task: str, answer: Any) -> Feedback:
    """(Retention + win-back cost) / gross margin, client_centric, short run."""
    both = ["retention", "winback"]
    expected = _direction_share("client_centric", both)
    return _number(
        task,
        answer,
        expected,
        abs_tol=0.005,
        mistakes=[
            (
                -expected,
                "costs are negative in the breakdown; give the share as a "
                "positive number",
            ),
            (
                _direction_share("client_centric", ["retention"]),
                "that is retention alone; add the win-back direction",
            ),
            (
                _direction_share("client_centric", ["winback"]),
                "that is win-back alone; add the retention direction",
            ),
            (
                _revenue_share("client_centric", both),
                "that is a share of revenue; divide by the gross margin",
            ),
        ],
        hint="Add the retention and winback entries of the breakdown, make the sum "
        "positive and divide by the gross margin.",
    )


@_task("2.5", "the direction you would start with", "text")
def check_2_5(task: str, answer: Any) -> Feedback:
    """Free text."""
    return _free_text(
        task,
        answer,
        "'Return: we never call customers who stopped coming. First step: a list "
        "of customers who have not visited for two months and a call to ask why.'",
    )


# =====================================================================
# Module 03: the economics of loyalty
# =====================================================================
LOST = {"first_year_sales": 24_000, "annual_growth": 3_000, "years": 6, "margin": 0.15}
"""Task 3.1-3.2: a customer lost (seed 003 has 10k, +2k, 5 years, 20%)."""

CLV = {"margin": 180.0, "retention": 0.75, "discount": 0.08}
"""Tasks 3.3-3.6: margin a year, retention a year, discount rate a year."""

CLV_PERIODS = 5
"""Task 3.6: payments counted by the truncated sum."""

UPLIFT = {"retention_before": 0.85, "retention_after": 0.90, "discount": 0.08}
"""Task 3.7: retention up by five points."""

CLV_FORMS: dict[str, tuple[Callable[..., float], str]] = {
    "now": (an.clv_first_payment_now, "first payment today, m(1+d)/(1+d-r)"),
    "next": (an.clv_first_payment_next, "first payment next period, m·r/(1+d-r)"),
    "end": (
        an.clv_first_payment_end,
        "first payment at the end of the period, m/(1+d-r)",
    ),
}


def _lost(**changes: Any) -> an.LostCustomerCost:
    return an.cost_of_lost_customer(**(LOST | changes))


@_task("3.1", "sales lost with a customer", "number")
def check_3_1(task: str, answer: Any) -> Feedback:
    """Sales over six years: 24,000 growing by 3,000 a year."""
    years = LOST["years"]
    first, growth = LOST["first_year_sales"], LOST["annual_growth"]
    off_by_year = f"off by a year: count {years} years, the first one included"
    return _number(
        task,
        answer,
        _lost().sales_lost,
        mistakes=[
            (_lost(years=years - 1).sales_lost, off_by_year),
            (_lost(years=years + 1).sales_lost, off_by_year),
            (
                _lost(annual_growth=0).sales_lost,
                f"the customer's purchases grow by {growth:,} each year",
            ),
            (
                _lost(first_year_sales=first + growth).sales_lost,
                f"the first year has no growth yet: year 1 brings {first:,}",
            ),
            (_lost().profit_lost, "that is the profit; this task asks for the sales"),
        ],
        hint="Add the sales of each year: year k brings first-year sales + "
        "k × growth, k = 0, 1, ...",
    )


@_task("3.2", "profit lost with a customer", "number")
def check_3_2(task: str, answer: Any) -> Feedback:
    """Sales lost times the net margin."""
    years, margin = LOST["years"], LOST["margin"]
    off_by_year = f"off by a year: count {years} years, the first one included"
    return _number(
        task,
        answer,
        _lost().profit_lost,
        mistakes=[
            (_lost().sales_lost, "that is the sales: multiply by the net margin"),
            (
                _lost().profit_lost * 100,
                f"the margin is {margin:.0%} = {margin}, not {margin * 100:g}",
            ),
            (_lost(years=years - 1).profit_lost, off_by_year),
            (_lost(years=years + 1).profit_lost, off_by_year),
            (
                _lost(annual_growth=0).profit_lost,
                "the customer's purchases grow each year",
            ),
        ],
        hint="Profit lost = sales lost × net margin.",
    )


def _clv_mistakes(wanted: str) -> list[tuple[float, str]]:
    """Values of the other CLV forms, each with the hint that names it."""
    mistakes = []
    for form, (func, text) in CLV_FORMS.items():
        if form != wanted:
            mistakes.append((func(**CLV), f"that is the form with the {text}"))
    func = CLV_FORMS[wanted][0] if wanted in CLV_FORMS else an.clv_first_payment_now
    mistakes.append(
        (
            func(**(CLV | {"discount": 0.0})),
            f"you left out the discount rate d = {CLV['discount']}",
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
                f"that is the truncated {CLV_PERIODS}-year sum; this task has no "
                "horizon",
            ),
        ],
        hint=f"Use the form with the {text}: m = {CLV['margin']:g}, "
        f"r = {CLV['retention']}, d = {CLV['discount']}.",
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
    off = f"off by a year: {periods} payments, t = 0, 1, ..., {periods - 1}"
    return _number(
        task,
        answer,
        expected,
        mistakes=[
            (an.clv_truncated(**CLV, periods=periods - 1), off),
            (an.clv_truncated(**CLV, periods=periods + 1), off),
            (
                expected / (1 + CLV["discount"]),
                "the first payment is made today (t = 0) and is not discounted",
            ),
            (
                an.clv_first_payment_now(**CLV),
                f"that is the value without a horizon; stop after {periods} payments",
            ),
            (
                an.clv_truncated(**(CLV | {"discount": 0.0}), periods=periods),
                f"you left out the discount rate d = {CLV['discount']}",
            ),
        ],
        hint="Add m·rᵗ/(1+d)ᵗ for t = 0 to 4 (or use clv_truncated).",
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
                "that is the ratio after/before; give the rise, ratio − 1",
            ),
            (
                rise(an.clv_first_payment_now, u["discount"]),
                "use the value of an existing customer, m·r/(1+d−r) (first payment "
                "next period), as the task says",
            ),
            (
                rise(an.clv_first_payment_next, 0.0),
                f"you left out the discount rate d = {u['discount']}",
            ),
            (
                u["retention_after"] - u["retention_before"],
                "that is the rise in retention; the task asks for the rise in "
                "customer value",
            ),
        ],
        hint="Value after / value before − 1, with value = m·r/(1+d−r); the margin "
        "cancels.",
    )


@_task("3.8", "what '+5% retention, +25-95% profit' measures", "choice")
def check_3_8(task: str, answer: Any) -> Feedback:
    """Reichheld & Sasser 1990: customer NPV for +5 points of retention."""
    return _choice(
        task,
        answer,
        "b",
        ("a", "b", "c"),
        why="Reichheld & Sasser (HBR 1990) measured the net present value of a "
        "customer when retention rises by five percentage points.",
        hints={
            "a": "It is not the profit of the whole firm: read what Reichheld & "
            "Sasser measured per customer.",
            "c": "It is about keeping customers, not acquiring 5% more.",
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
        why="Kotler (2003) writes '5 to 10 times'; no primary study is known, and "
        "the ratio differs by industry.",
        hints={
            "a": "No primary study measured it; the figure is repeated from book to "
            "book.",
            "c": "It is not shown to be false either: it is a rough rule that varies "
            "by industry.",
        },
    )


RETENTION_LEVERS = (
    "retention.loyalty_programme",
    "retention.eligible_from",
    "retention.discount",
)


def retention_base() -> Scenario:
    """Task 3.10: the product-centric business over :data:`COMPARE_RUN`."""
    return short_preset("product_centric", COMPARE_RUN)


@_task("3.10", "a retention programme that raises profit", "scenario")
def check_3_10(task: str, answer: Any) -> Feedback:
    """Compare the student's programme with the product-centric baseline."""
    base = retention_base()
    scenario = _scenario(task, answer, base, RETENTION_LEVERS, "your programme")
    if isinstance(scenario, Feedback):
        return scenario
    if not scenario.retention.loyalty_programme:
        return Feedback(
            task,
            "wrong",
            "switch the programme on: 'retention.loyalty_programme': True",
        )
    return _profit_verdict(
        task,
        profit_comparison(base, scenario),
        "Members get the discount on every visit, also those who would have "
        "stayed anyway: try a smaller discount, or change who may join.",
    )


# =====================================================================
# Module 04: service levels
# =====================================================================
COUNTER = {"arrival_rate": 0.9, "service_time": 4.0, "target_time": 0.5}
"""Tasks 4.1-4.2: arrivals a minute, mean service (min), standard (min)."""

SERVICE_STANDARD = 0.80
"""Share of customers to serve within the target time."""


def _counter(servers: int) -> an.QueueResult | None:
    """Erlang C for the counter, or None when the queue would grow forever."""
    c = COUNTER
    if c["arrival_rate"] * c["service_time"] >= servers:
        return None
    return an.erlang_c(c["arrival_rate"], c["service_time"], servers, c["target_time"])


def _smallest_staff() -> int:
    servers = 1
    while True:
        result = _counter(servers)
        if result is not None and result.service_level >= SERVICE_STANDARD:
            return servers
        servers += 1


@_task("4.1", "smallest staff for 80% within 30 s", "whole")
def check_4_1(task: str, answer: Any) -> Feedback:
    """Smallest number of servers whose Erlang C service level is >= 80%."""
    staff = _whole(task, answer, "a whole number of staff")
    if isinstance(staff, Feedback):
        return staff
    best = _smallest_staff()
    if staff < 1:
        return Feedback(task, "wrong", "staff must be at least 1")
    result = _counter(staff)
    if staff == best:
        return Feedback(
            task,
            "right",
            f"{staff} staff serve {result.service_level:.1%}"
            " within 30 s; one fewer would not reach 80%",
        )
    if result is None:
        load = COUNTER["arrival_rate"] * COUNTER["service_time"]
        return Feedback(
            task,
            "wrong",
            f"with {staff} staff the queue grows without "
            f"end: the load is {load:g} erlangs, so you need more than "
            f"{load:g} staff",
        )
    if staff < best:
        return Feedback(
            task,
            "wrong",
            f"with {staff} staff the queue is stable but "
            f"only {result.service_level:.1%} are served within 30 s; "
            "stable is not enough, the standard asks for 80%",
        )
    return Feedback(
        task,
        "wrong",
        f"{staff} staff meet the standard "
        f"({result.service_level:.1%}), but fewer staff also do: the task"
        " asks for the smallest number",
    )


@_task("4.2", "share served within 30 s", "number")
def check_4_2(task: str, answer: Any) -> Feedback:
    """Erlang C service level with the smallest staff of task 4.1."""
    best = _smallest_staff()
    result = _counter(best)
    mistakes = [
        (result.p_wait, "that is the share who wait at all"),
        (
            1 - result.p_wait,
            "that is the share who do not wait at all; those who "
            "wait less than 30 s count too",
        ),
    ]
    for other in (best - 1, best + 1):
        if (r := _counter(other)) is not None:
            mistakes.append(
                (
                    r.service_level,
                    f"that is the share with {other} staff;"
                    f" use {best}, your answer to 4.1",
                )
            )
    return _number(
        task,
        answer,
        result.service_level,
        rel=0.005,
        abs_tol=0.005,
        mistakes=mistakes,
        hint=f"erlang_c(0.9, 4.0, {best}, 0.5).service_level",
    )


def ticket_office() -> Scenario:
    """Task 4.3: a plain queue (M/M/c) of 432 visits a day, staffed with 10.

    No loyalty feedback (every visit a one-off), exponential service times,
    nobody gives up: the model is then an M/M/c queue, and Erlang C is exact.
    """
    return Scenario.plain_queue(
        432.0, 8.0, 10, days=30, warmup_days=5, name="ticket office"
    )


STAFFING_LEVERS = ("business.staff", "service.training_level")


@functools.lru_cache(maxsize=64)
def _service_time(toml: str) -> float:
    """Mean service time the model uses (training shortens it)."""
    return effective_service_time(Scenario.from_toml_text(toml))


def _office_level(scenario: Scenario) -> float:
    """Erlang C share served within the standard; 0 when the queue is unstable."""
    b = scenario.business
    arrival_rate = scenario.attraction.prospects_per_day / (b.open_hours * 60)
    service_time = _service_time(_key(scenario))
    if arrival_rate * service_time >= b.staff:
        return 0.0
    return an.erlang_c(
        arrival_rate, service_time, b.staff, scenario.service.target_wait
    ).service_level


def _daily_staff_cost(scenario: Scenario) -> float:
    """What the ledger books for staff and training each day."""
    return sum(daily_service_cost(scenario))


@functools.lru_cache(maxsize=1)
def _cheapest_office() -> tuple[float, int, float]:
    """Cheapest (cost, staff, training) on a training grid of 0.1 steps."""
    base = ticket_office()
    best = (math.inf, 0, 0.0)
    for staff in range(1, 40):
        for step in range(11):
            trial = base.copy(
                **{"business.staff": staff, "service.training_level": step / 10}
            )
            cost = _daily_staff_cost(trial)
            if cost < best[0] and _office_level(trial) >= SERVICE_STANDARD:
                best = (cost, staff, step / 10)
    return best


@_task("4.3", "cheapest staffing that keeps the standard", "scenario")
def check_4_3(task: str, answer: Any) -> Feedback:
    """Meets 80% within 30 s (Erlang C, exact in plain-queue mode) at least cost."""
    base = ticket_office()
    scenario = _scenario(task, answer, base, STAFFING_LEVERS, "your staffing")
    if isinstance(scenario, Feedback):
        return scenario
    level = _office_level(scenario)
    cost = _daily_staff_cost(scenario)
    best_cost, _, best_training = _cheapest_office()
    where = "(checked with Erlang C, exact for this plain M/M/c queue)"
    if level < SERVICE_STANDARD:
        return Feedback(
            task,
            "wrong",
            f"only {level:.1%} are served within 30 s "
            f"{where}; the standard is {SERVICE_STANDARD:.0%}",
        )
    if cost <= best_cost + 1e-6:
        return Feedback(
            task,
            "right",
            f"{level:.1%} within 30 s {where}, at "
            f"{cost:,.0f} a day for staff and training: nothing cheaper "
            "keeps the standard",
        )
    tip = (
        "a little training shortens service: fewer staff may be enough"
        if best_training > 0
        else "try fewer staff"
    )
    return Feedback(
        task,
        "wrong",
        f"it keeps the standard, {level:.1%} within 30 s {where}, but "
        f"costs {cost:,.0f} a day; a cheaper staffing exists "
        f"({best_cost:,.0f} a day): {tip}",
    )


LEVELS = ("low", "standard", "wow")


@_task("4.4", "the service level of an indifferent customer", "choice")
def check_4_4(task: str, answer: Any) -> Feedback:
    """Expectations met, no emotion: standard service."""
    return _choice(
        task,
        answer,
        "standard",
        LEVELS,
        why="Expectations met, the customer feels indifferent.",
        hints={
            "low": "Low service leaves expectations unmet and negative emotions.",
            "wow": "WOW exceeds expectations and leaves the wish to come back.",
        },
    )


@_task("4.5", "the greeting standard", "choice")
def check_4_5(task: str, answer: Any) -> Feedback:
    """Greet a walk-in customer within 20-30 seconds (seed 003)."""
    return _choice(
        task,
        answer,
        "b",
        ("a", "b", "c"),
        why="The standard in the seminar source: greet within 20-30 s; answer "
        "online within 15-20 s.",
        hint="Look at the service standards of module 04.",
    )


# =====================================================================
# Module 05: loyalty phases, lost and won back
# =====================================================================
@_task("5.1", "the loyalty ladder", "choice")
def check_5_1(task: str, answer: Any) -> Feedback:
    """new -> regular -> loyal -> advocate."""
    return _choice(
        task,
        answer,
        "b",
        ("a", "b", "c"),
        why="New, regular, loyal, advocate; any phase can be lost, and a lost "
        "customer can be won back.",
        hint="An advocate is the top of the ladder: the customer who brings others.",
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
                "that is the value of one won-back customer; only one contact "
                f"in {1 / WINBACK_SUCCESS:g} wins one back",
            ),
            (
                WINBACK_SUCCESS * an.clv_first_payment_now(**WINBACK_VALUE),
                "the first payment comes at the end of the first year, m/(1+d−r)",
            ),
            (
                WINBACK_SUCCESS * an.clv_first_payment_next(**WINBACK_VALUE),
                "the won-back customer pays at the end of the first year for sure: "
                "m/(1+d−r), not m·r/(1+d−r)",
            ),
            (value / WINBACK_SUCCESS, "multiply by the success chance, do not divide"),
        ],
        hint="A contact pays when chance × value of a won-back customer ≥ its cost.",
    )


def winback_pair(preset: str, cost_per_contact: float) -> tuple[Scenario, Scenario]:
    """Tasks 5.3-5.4: a preset without and with a win-back campaign."""
    off = short_preset(preset).copy("no campaign", **{"winback.campaign": False})
    on = off.copy(
        "campaign",
        **{"winback.campaign": True, "winback.cost_per_contact": cost_per_contact},
    )
    return off, on


WINBACK_TASKS = {"5.3": ("product_centric", 40.0), "5.4": ("client_centric", 5.0)}
"""Tasks 5.3-5.4: preset and cost per contact."""


def _winback_check(task: str, answer: Any, number: str) -> Feedback:
    preset, cost = WINBACK_TASKS[number]
    cmp = profit_comparison(*winback_pair(preset, cost))
    expected = _pays_word(cmp)
    row = _profit_row(cmp)
    span = (
        f"profit difference {row['difference']:+,.0f}, 95% interval "
        f"[{row['ci_low']:,.0f}, {row['ci_high']:,.0f}]"
    )
    return _choice(
        task,
        answer,
        expected,
        PAYS,
        why=f"{span}.",
        hint=f"Compare the two scenarios of winback_pair({preset!r}, {cost:g}) with "
        f"{REPLICATIONS} replications and read the profit interval: above zero "
        "is 'yes', below zero 'no', across zero 'unclear'.",
    )


@_task("5.3", "does win-back pay in the product-centric business?", "choice", PAYS)
def check_5_3(task: str, answer: Any) -> Feedback:
    """Verdict of the comparison with and without a campaign (cost 40)."""
    return _winback_check(task, answer, "5.3")


@_task("5.4", "does cheap win-back pay in the client-centric business?", "choice", PAYS)
def check_5_4(task: str, answer: Any) -> Feedback:
    """Verdict of the comparison with and without a campaign (cost 5)."""
    return _winback_check(task, answer, "5.4")


@_task("5.5", "a time you left", "text")
def check_5_5(task: str, answer: Any) -> Feedback:
    """Free text."""
    return _free_text(
        task,
        answer,
        "'I left a gym after the third broken machine. I did not complain, I just "
        "stopped going; I told about five friends. A call asking why, and a month "
        "free once the machines were fixed, would have brought me back.'",
    )


# =====================================================================
# Module 06: the most valuable customers
# =====================================================================
PARETO_PRESET = "customer_oriented"
"""Tasks 6.1-6.2: the business whose customers are ranked."""


def _margins() -> np.ndarray:
    margin = _run(PARETO_PRESET).customers["margin"].to_numpy(float)
    return margin[margin > 0]


@_task("6.1", "share of margin from the top 20%", "number")
def check_6_1(task: str, answer: Any) -> Feedback:
    """Top-20% share of margin among customers with margin > 0."""
    customers = _run(PARETO_PRESET).customers
    return _number(
        task,
        answer,
        top_share(_margins(), 0.2),
        abs_tol=0.015,
        mistakes=[
            (
                top_share(customers["margin"].to_numpy(float), 0.2),
                "count only customers who brought margin in the measured period "
                "(margin > 0)",
            ),
            (
                top_share(
                    customers.loc[customers["margin"] > 0, "revenue"].to_numpy(float),
                    0.2,
                ),
                "rank and add the margin, not the revenue",
            ),
            (0.8, "80% is the rule of thumb; read the simulated curve"),
        ],
        hint="Sort the margins of customers with margin > 0 from the largest, add "
        "the first 20% and divide by the total (or read the Pareto curve at 20%).",
    )


@_task("6.2", "share of margin from the top 10%", "number")
def check_6_2(task: str, answer: Any) -> Feedback:
    """Top-10% share of margin among customers with margin > 0."""
    return _number(
        task,
        answer,
        top_share(_margins(), 0.1),
        abs_tol=0.01,
        mistakes=[
            (top_share(_margins(), 0.2), "that is the top 20%; take the top 10%"),
            (
                top_share(_run(PARETO_PRESET).customers["margin"].to_numpy(float), 0.1),
                "count only customers who brought margin in the measured period "
                "(margin > 0)",
            ),
        ],
        hint="Same as 6.1 with the first 10% of the sorted customers.",
    )


@_task("6.3", "what the top 20% give in real data", "choice")
def check_6_3(task: str, answer: Any) -> Feedback:
    """Measured: about 60-73% of sales."""
    return _choice(
        task,
        answer,
        "b",
        ("a", "b", "c"),
        why="Kim, Singh & Winer (2017) and McCarthy & Winer (2018) find the top "
        "20% give about 60-73% of sales, less than the 80/20 rule.",
        hints={
            "a": "80% is the rule of thumb; measured shares are lower.",
            "c": "Customers are far from equal: the top 20% give much more than 20%.",
        },
    )


PRIORITY_PRESET = "client_centric"
"""Task 6.4: a business that serves key customers first."""


def _waits() -> pd.Series:
    visits = _run(PRIORITY_PRESET).visits
    measured = visits[visits["day"] >= SHORT_RUN["business.warmup_days"]]
    return measured.groupby("key")["wait"].mean()


@_task("6.4", "how much longer the others wait", "number")
def check_6_4(task: str, answer: Any) -> Feedback:
    """Mean wait of other customers / mean wait of key customers."""
    waits = _waits()
    expected = waits[False] / waits[True]
    return _number(
        task,
        answer,
        expected,
        rel=0.02,
        mistakes=[
            (
                1 / expected,
                "that is key / others; divide the others' wait by the "
                "key customers' wait",
            ),
            (
                waits[False],
                "that is the others' mean wait in minutes; divide it by "
                "the key customers' wait",
            ),
            (waits[True], "that is the key customers' mean wait in minutes"),
        ],
        hint="Take the visits of the measured days (day >= 30), group by 'key', "
        "average 'wait' and divide others by key.",
    )


# =====================================================================
# Module 07: feedback and metrics
# =====================================================================
SURVEY: tuple[int, ...] = (
    10,
    9,
    8,
    7,
    6,
    10,
    3,
    9,
    8,
    7,
    10,
    5,
    9,
    9,
    8,
    6,
    10,
    2,
    7,
    9,
)
"""Task 7.1: answers to 'would you recommend us?' (0-10)."""

CHURN = {"average_active": 1_200, "months": 3, "lost": 90}
"""Task 7.2: customers lost over a quarter."""


@_task("7.1", "NPS from a survey", "number")
def check_7_1(task: str, answer: Any) -> Feedback:
    """% promoters (9-10) minus % detractors (0-6)."""
    scores = np.array(SURVEY)
    share = lambda mask: 100.0 * float(np.mean(mask))  # noqa: E731
    return _number(
        task,
        answer,
        nps(scores),
        abs_tol=0.01,
        mistakes=[
            (
                share(scores >= 7) - share(scores <= 6),
                "promoters answer 9 or 10; 7 and 8 are passives",
            ),
            (
                share(scores >= 9) - share(scores <= 7),
                "detractors answer 0 to 6; 7 is a passive",
            ),
            (
                share(scores >= 9),
                "that is the promoters alone; subtract the detractors",
            ),
            (
                float(scores.mean()),
                "that is the mean score; NPS counts promoters and detractors",
            ),
        ],
        hint="NPS = % answering 9-10 − % answering 0-6, in points from −100 to 100.",
    )


@_task("7.2", "monthly churn rate", "number")
def check_7_2(task: str, answer: Any) -> Feedback:
    """Lost / (average active x months)."""
    c = CHURN
    expected = c["lost"] / (c["average_active"] * c["months"])
    return _number(
        task,
        answer,
        expected,
        abs_tol=0.0005,
        mistakes=[
            (
                c["lost"] / c["average_active"],
                f"that is the churn over {c['months']} months; the task asks for a month",
            ),
            (
                c["lost"] / c["months"],
                "that is customers lost a month; divide by the active customers",
            ),
        ],
        hint="Churn a month = customers lost / (average active customers × months).",
    )


COMPLAINT_PRESET = "product_centric"
"""Task 7.3: the business whose complaints are counted."""


@_task("7.3", "silent unhappy visits per complaint", "number")
def check_7_3(task: str, answer: Any) -> Feedback:
    """silent_dissatisfied / complaints of a short product-centric run."""
    kpis = _run(COMPLAINT_PRESET).kpis
    silent, complaints = kpis["silent_dissatisfied"], kpis["complaints"]
    return _number(
        task,
        answer,
        silent / complaints,
        rel=0.01,
        mistakes=[
            (
                (silent + complaints) / complaints,
                "count only the low visits without a complaint",
            ),
            (
                complaints / silent,
                "that is complaints per silent visit; turn the ratio round",
            ),
            (
                complaints / (silent + complaints),
                "that is the share of low visits "
                "with a complaint; the task asks for silent visits per complaint",
            ),
        ],
        hint="Divide the KPI 'silent_dissatisfied' by the KPI 'complaints'.",
    )


@_task("7.4", "a month without complaints", "choice")
def check_7_4(task: str, answer: Any) -> Feedback:
    """No complaints is an alarm: the dissatisfied mostly leave silently."""
    return _choice(
        task,
        answer,
        "b",
        ("a", "b", "c"),
        why="Most dissatisfied customers leave without a word; look at churn, low "
        "visits and surveys.",
        hints={
            "a": "Silence is not satisfaction: in task 7.3 most unhappy visits stay "
            "silent.",
            "c": "Feedback is how you hear the silent ones; asking more, not less.",
        },
    )


@_task("7.5", "who answers the survey", "choice")
def check_7_5(task: str, answer: Any) -> Feedback:
    """A survey of current customers misses those who left."""
    return _choice(
        task,
        answer,
        "a",
        ("a", "b", "c"),
        why="Those who left, often detractors, are not asked: the score looks "
        "better than the experience was.",
        hints={
            "b": "Who is missing from the survey? Are they mostly happy or unhappy?",
            "c": "Leaving out a group of customers changes the score.",
        },
    )


# =====================================================================
# Module 08: organisation
# =====================================================================
SEVEN_S = (
    "strategy",
    "structure",
    "systems",
    "shared values",
    "skills",
    "staff",
    "style",
)


@_task("8.1", "7S: staff as messengers", "choice")
def check_8_1(task: str, answer: Any) -> Feedback:
    """Staff pass on information about customer satisfaction."""
    return _choice(
        task,
        answer,
        "staff",
        SEVEN_S,
        why="In the 7S table the staff element is where employees take part in the "
        "communication with customers.",
        hint="Which element is about the people: how many, who, how they are hired "
        "and motivated?",
    )


@_task("8.2", "7S: front office and back office", "choice")
def check_8_2(task: str, answer: Any) -> Feedback:
    """Front and back office working in step is the structure element."""
    return _choice(
        task,
        answer,
        "structure",
        SEVEN_S,
        why="Structure: how departments work together and who answers for what.",
        hint="Which element describes departments and lines of responsibility?",
    )


@_task("8.3", "an obstacle to client-centricity", "choice")
def check_8_3(task: str, answer: Any) -> Feedback:
    """Short-term profit focus and an aggressive grab for market share."""
    return _choice(
        task,
        answer,
        "a",
        ("a", "b", "c"),
        why="Short-term profit and an aggressive share grab pull against long "
        "relationships; silos, culture change and cost are obstacles too.",
        hints={
            "b": "Loyal customers are the goal, not the obstacle.",
            "c": "A CRM system is a tool of client-centricity, not an obstacle.",
        },
    )


def _service_cost_month(preset: str) -> float:
    result = _run(preset)
    months = (SHORT_RUN["business.days"] - SHORT_RUN["business.warmup_days"]) / 30
    return -result.breakdown["service"] / months


@_task("8.4", "extra service cost of the client-centric preset", "number")
def check_8_4(task: str, answer: Any) -> Feedback:
    """Monthly staff + training cost: client_centric minus product_centric."""
    client = _service_cost_month("client_centric")
    product = _service_cost_month("product_centric")
    expected = client - product
    staff = Scenario.preset("client_centric").business.staff
    return _number(
        task,
        answer,
        expected,
        mistakes=[
            (expected / 30, "that is a day; the task asks for a month of 30 days"),
            (
                expected / staff,
                f"that is one member of staff; the business has {staff}",
            ),
            (
                -expected,
                "the client-centric business spends more, so the "
                "difference is positive",
            ),
            (
                client,
                "that is the client-centric cost alone; subtract the "
                "product-centric one",
            ),
        ],
        hint="Service direction = staff + training; take breakdown['service'] of "
        "both runs, per month of 30 days.",
    )


@_task("8.5", "the first unit you would set up", "text")
def check_8_5(task: str, answer: Any) -> Feedback:
    """Free text."""
    return _free_text(
        task,
        answer,
        "'Customer analytics first: we cannot give key customers special treatment "
        "before we know who they are. Two people, the CRM data, and a monthly list "
        "of the top 10% by margin for the customer team to call.'",
    )


# =====================================================================
# Module 09: presets side by side
# =====================================================================
def presets_pair() -> tuple[Scenario, Scenario]:
    """Tasks 9.1-9.3: product-centric baseline and the client-centric preset."""
    return short_preset("product_centric"), short_preset("client_centric")


def _presets() -> Comparison:
    return profit_comparison(*presets_pair())


@_task("9.1", "profit gain of the client-centric preset", "number")
def check_9_1(task: str, answer: Any) -> Feedback:
    """Mean paired profit difference, client_centric - product_centric."""
    row = _presets().table.loc[("client-centric", "profit")]
    return _number(
        task,
        answer,
        row["difference"],
        mistakes=[
            (
                -row["difference"],
                "that is baseline − alternative; the difference is "
                "client-centric − product-centric",
            ),
            (row["value"], "that is the client-centric profit; subtract the baseline"),
            (
                row["half_width"],
                "that is the half-width of the interval, not the difference",
            ),
        ],
        hint=f"compare(product, [client], {REPLICATIONS}) with days=120 and "
        "warmup_days=30; read table.loc[('client-centric', 'profit'), 'difference'].",
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


@_task("9.3", "what common random numbers bought", "number")
def check_9_3(task: str, answer: Any) -> Feedback:
    """crn_narrowing of the profit difference."""
    row = _presets().table.loc[("client-centric", "profit")]
    narrowing = row["crn_narrowing"]
    return _number(
        task,
        answer,
        narrowing,
        rel=0.02,
        abs_tol=0.005,
        mistakes=[
            (
                1 - narrowing,
                "that is the paired width relative to the independent "
                "one; the narrowing is 1 minus that",
            ),
        ],
        hint="Read 'crn_narrowing' of the profit row: 1 − paired half-width / "
        "independent half-width.",
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


def all_tasks(module: int) -> list[str]:
    """Task numbers of one module, in order.

    Examples
    --------
    >>> all_tasks(4)
    ['4.1', '4.2', '4.3', '4.4', '4.5']
    """
    return [n for n in TASKS if n.split(".")[0] == str(module)]
