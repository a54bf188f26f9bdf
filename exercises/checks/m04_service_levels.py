"""Checks of module 04, service levels: tasks 4.1-4.5.

The tasks are in ``exercises/solutions/04_service_levels.ipynb``.
Importing this module registers its checks in
:data:`exercises.checks.common.CHECKS`.
"""

from __future__ import annotations

import functools
import math
from typing import Any

from simulations import Scenario
from simulations import analytic as an
from simulations.i18n import NP_, _, ngettext
from simulations.model.ledger import daily_service_cost
from simulations.model.service import effective_service_time
from simulations.present import format as fmt
from simulations.present.labels import setting
from simulations.present.words import value

from ..feedback import Feedback
from .common import (
    _UNGIVEN,
    CHECKS,
    _as_number,
    _choice,
    _key,
    _number,
    _scenario,
    _task,
    _whole,
    answer_in_notebook,
)

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
    staff = _whole(task, answer, _("a whole number of staff"))
    if isinstance(staff, Feedback):
        return staff
    best = _smallest_staff()
    if staff < 1:
        return Feedback(task, "wrong", _("staff must be at least 1"))
    if staff == best:
        fewer = _counter(staff - 1)
        short = (
            ngettext(
                "with {staff} only {share} are served within 30 s",
                "with {staff} only {share} are served within 30 s",
                staff - 1,
            ).format(staff=staff - 1, share=fmt.percent(fewer.service_level))
            if fewer is not None
            else ngettext(
                "with {staff} the queue would grow without end",
                "with {staff} the queue would grow without end",
                staff - 1,
            ).format(staff=staff - 1)
        )
        reach = ngettext(
            "{staff} staff reach the standard; {short}",
            "{staff} staff reach the standard; {short}",
            staff,
        )
        return Feedback(task, "right", reach.format(staff=staff, short=short))
    if _counter(staff) is None:
        return Feedback(
            task,
            "wrong",
            ngettext(
                "with {staff} staff the queue grows without end: they cannot keep "
                "up with the arrivals. Start from a number of staff that keeps the "
                "queue stable.",
                "with {staff} staff the queue grows without end: they cannot keep "
                "up with the arrivals. Start from a number of staff that keeps the "
                "queue stable.",
                staff,
            ).format(staff=staff),
        )
    # One message for too few and too many: it names the method, not the side
    # the answer lies on, so that two tries cannot bracket the answer.
    return Feedback(
        task,
        "wrong",
        _(
            "{staff} is not the smallest number of staff that serves {standard} "
            "within 30 s. Compute the share served within 30 s for each number of "
            "staff in turn, from the smallest that keeps the queue stable, and stop "
            "at the first that reaches {standard}."
        ).format(staff=staff, standard=fmt.percent(SERVICE_STANDARD, 0)),
    )


@_task("4.2", "share served within 30 s", "number")
def _check_4_2(task: str, answer: Any) -> Feedback:
    """Erlang C service level with the smallest staff of task 4.1."""
    best = _smallest_staff()
    result = _counter(best)
    value = _as_number(answer)
    if (
        isinstance(value, float)
        and 1 < value <= 100
        and not math.isclose(value, result.service_level, rel_tol=0.005)
    ):
        typed = f"{value:g}"
        return Feedback(
            task,
            "wrong",
            _(
                "{answer} looks like a percentage; write the share as a number "
                "between 0 and 1 (for example {share} for {percent})"
            ).format(
                answer=fmt.number(value),
                share=f"{value / 100:g}",  # as Python is typed: a decimal point
                percent=fmt.percent(value / 100, len(typed.partition(".")[2])),
            ),
        )
    mistakes = [
        (result.p_wait, _("that is the share who wait at all")),
        (
            1 - result.p_wait,
            _(
                "that is the share who do not wait at all; those who wait less "
                "than 30 s count too"
            ),
        ),
    ]
    for other in (best - 1, best + 1):
        if (r := _counter(other)) is not None:
            mistakes.append(
                (
                    r.service_level,
                    ngettext(
                        "that is the share with {other} staff; use {best}, your "
                        "answer to 4.1",
                        "that is the share with {other} staff; use {best}, your "
                        "answer to 4.1",
                        other,
                    ).format(other=other, best=best),
                )
            )
    return _number(
        task,
        answer,
        result.service_level,
        rel=0.005,
        abs_tol=0.005,
        mistakes=mistakes,
        hint=_(
            "Use Erlang C with the staff of your answer to 4.1 and read the share "
            "served within the target (30 s is 0.5 minutes); it is a share between 0 and 1."
        ),
    )


def check_4_2(answer: Any = _UNGIVEN) -> Feedback:
    """Task 4.2: a percentage typed as text gets a share's example, not 85."""
    if answer is _UNGIVEN:
        answer = answer_in_notebook("4.2")
    if isinstance(answer, str) and answer.strip().endswith("%"):
        try:
            share = float(answer.strip().rstrip("%").replace(",", ".")) / 100
        except ValueError:
            share = None
        if share is not None:
            return Feedback(
                _check_4_2.task,
                "wrong",
                _(
                    "you wrote a percentage as text in quotes ({answer}); write the "
                    "share as a number, without quotes: {share}"
                ).format(answer=repr(answer), share=f"{share:g}"),
            )
    return _check_4_2(answer)


check_4_2.task = _check_4_2.task  # type: ignore[attr-defined]
check_4_2.kind = _check_4_2.kind  # type: ignore[attr-defined]
CHECKS["4.2"] = check_4_2


def ticket_office() -> Scenario:
    """Task 4.3: a plain queue (M/M/c) of 432 visits a day, staffed with 10.

    No loyalty feedback (every visit a one-off), exponential service times,
    nobody gives up: the model is then an M/M/c queue, and Erlang C is exact.
    """
    return Scenario.plain_queue(
        432.0, 8.0, 10, days=30, warmup_days=5, name="ticket office"
    )


STAFFING_LEVERS = ("business.staff", "service.training_level")


def staffing(staff: int, training: float) -> Scenario:
    """Task 4.3: the ticket office with this staff and training (0 to 1).

    Examples
    --------
    >>> staffing(9, 0.1).business.staff
    9
    """
    return ticket_office().copy(
        "your staffing",
        **{"business.staff": staff, "service.training_level": training},
    )


def office_costs() -> str:
    """Task 4.3: what staff and training cost, in words, from the scenario."""
    office = ticket_office()
    e, s = office.economics, office.service
    return _(
        "Each member of staff costs {wage}. Full training costs {training} more "
        "per member of staff (half training half as much) and saves {saving} of "
        "the service time."
    ).format(
        wage=setting("economics.staff_cost", e.staff_cost),
        training=setting("economics.training_cost", e.training_cost),
        saving=setting("service.training_speedup", s.training_speedup),
    )


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
    best_cost, _staff, best_training = _cheapest_office()
    where = _("(checked with Erlang C, exact for this plain M/M/c queue)")
    share = fmt.percent(level)
    if level < SERVICE_STANDARD:
        return Feedback(
            task,
            "wrong",
            _(
                "only {share} are served within 30 s {where}; the standard is "
                "{standard}"
            ).format(
                share=share, where=where, standard=fmt.percent(SERVICE_STANDARD, 0)
            ),
        )
    if cost <= best_cost + 1e-6:
        return Feedback(
            task,
            "right",
            _(
                "{share} within 30 s {where}, at {cost} a day for staff and "
                "training: nothing cheaper keeps the standard"
            ).format(share=share, where=where, cost=value("profit", cost)),
        )
    tip = (
        _("a little training shortens service: fewer staff may be enough")
        if best_training > 0
        else _("try fewer staff")
    )
    return Feedback(
        task,
        "wrong",
        _(
            "it keeps the standard, {share} within 30 s {where}, but costs {cost} "
            "a day; a cheaper staffing exists: {tip}"
        ).format(share=share, where=where, cost=value("profit", cost), tip=tip),
    )


LEVELS = (NP_("option", "low"), NP_("option", "standard"), NP_("option", "wow"))


@_task("4.4", "the service level of an indifferent customer", "choice")
def check_4_4(task: str, answer: Any) -> Feedback:
    """Expectations met, no emotion: standard service."""
    return _choice(
        task,
        answer,
        "standard",
        LEVELS,
        why=_("Expectations met, the customer feels indifferent."),
        hints={
            "low": _("Low service leaves expectations unmet and negative emotions."),
            "wow": _("WOW exceeds expectations and leaves the wish to come back."),
        },
    )


@_task("4.5", "what a greeting standard needs", "choice")
def check_4_5(task: str, answer: Any) -> Feedback:
    """A greeting standard is met by greeting, not by staffing ([A4])."""
    return _choice(
        task,
        answer,
        "b",
        ("a", "b", "c"),
        why=_(
            "[A4]'s standard asks that someone go up to the customer within 20-30 s, "
            "not that service start. In the simulator, greeting waiting customers meets "
            "it for every customer still waiting; the number of staff decides how long "
            "they wait."
        ),
        hints={
            "a": _(
                "Those staff make service START within 30 s for 80%: a "
                "different, dearer standard. The greeting standard asks only for contact; "
                "see module 04, section 2."
            ),
            "c": _(
                "Nobody waiting at all would take staff idle most of the day, and the "
                "standard does not ask for it: it asks for contact. Someone who greets "
                "meets it."
            ),
        },
    )
