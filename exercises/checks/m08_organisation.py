"""Checks of module 08, organisation: tasks 8.1-8.5.

The tasks are in ``exercises/solutions/08_organisation.ipynb``.
Importing this module registers its checks in
:data:`exercises.checks.common.CHECKS`.
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np
import pandas as pd

from simulations import Scenario
from simulations.experiments import Comparison, compare
from simulations.i18n import N_, NP_, _
from simulations.present import format as fmt
from simulations.present.words import Difference
from simulations.results import KPIS

from ..feedback import Feedback, shown_option
from .common import REPLICATIONS, SHORT_RUN, _choice, _free_text, _task
from .runs import short_preset

SEVEN_S = (
    NP_("option", "strategy"),
    NP_("option", "structure"),
    NP_("option", "systems"),
    NP_("option", "shared values"),
    NP_("option", "skills"),
    NP_("option", "staff"),
    NP_("option", "style"),
)
"""Tasks 8.1-8.2: the 7S elements, typed in English (shown with a gloss)."""


@_task("8.1", "7S: staff as messengers", "choice")
def check_8_1(task: str, answer: Any) -> Feedback:
    """Staff pass on information about customer satisfaction."""
    return _choice(
        task,
        answer,
        "staff",
        SEVEN_S,
        why=_(
            "In the 7S table the staff element is where employees take part in the "
            "communication with customers."
        ),
        hint=_(
            "Which element is about the people: how many, who, how they are hired "
            "and motivated?"
        ),
    )


@_task("8.2", "7S: front office and back office", "choice")
def check_8_2(task: str, answer: Any) -> Feedback:
    """Front and back office working in step is the structure element."""
    return _choice(
        task,
        answer,
        "structure",
        SEVEN_S,
        why=_("Structure: how departments work together and who answers for what."),
        hint=_("Which element describes departments and lines of responsibility?"),
    )


@_task("8.3", "an obstacle to client-centricity", "choice")
def check_8_3(task: str, answer: Any) -> Feedback:
    """Short-term profit focus and an aggressive grab for market share."""
    return _choice(
        task,
        answer,
        "a",
        ("a", "b", "c"),
        why=_(
            "Short-term profit and an aggressive share grab pull against long "
            "relationships; silos, culture change and cost are obstacles too."
        ),
        hints={
            "b": _("Loyal customers are the goal, not the obstacle."),
            "c": _("A CRM system is a tool of client-centricity, not an obstacle."),
        },
    )


PEOPLE_OPTIONS = (
    NP_("option", "hire"),
    NP_("option", "train"),
    NP_("option", "neither"),
)
"""Task 8.4: a fourth member of staff, training, or neither."""

TRAINING = 0.8
"""Task 8.4: the training level of the 'train' move (the client-centric one)."""

PEOPLE_KPIS = ("profit", "share_wow", "mean_wait")
"""Task 8.4: what the manager weighs: money, the quality of visits, the queue."""

SERVICE_KPIS = ("share_wow", "mean_wait")
"""Task 8.4: the measures of better service (either one counts)."""

MOVES = {
    # TRANSLATORS: task 8.4's move: take on a fourth member of staff.
    "hire": N_("Hire"),
    # TRANSLATORS: task 8.4's move: train the staff one has.
    "train": N_("Train"),
}
"""Task 8.4: the moves as the feedback names them (the options stay as typed)."""


def people_moves() -> tuple[Scenario, Scenario, Scenario]:
    """Task 8.4: the product-centric business, with one more staff, and trained.

    All three over :data:`SHORT_RUN`; the moves are named after the options,
    so the comparison's rows read 'hire' and 'train'.
    """
    base = short_preset("product_centric")
    hire = base.copy("hire", **{"business.staff": base.business.staff + 1})
    train = base.copy("train", **{"service.training_level": TRAINING})
    return base, hire, train


@functools.lru_cache(maxsize=1)
def _people() -> Comparison:
    base, hire, train = people_moves()
    return compare(
        base,
        [hire, train],
        REPLICATIONS,
        kpis=list(PEOPLE_KPIS),
        workers=1,
        progress=False,
        record_visits=False,
    )


def _said(cmp: Comparison) -> dict[str, dict[str, Difference]]:
    return {
        move: {kpi: Difference.of(cmp, move, kpi) for kpi in PEOPLE_KPIS}
        for move in ("hire", "train")
    }


def people_evidence() -> pd.DataFrame:
    """Task 8.4: what each move did against today, in plain words.

    One row per move: what staff and training cost a month, then profit, WOW
    visits and the mean wait, each as a difference with its interval.
    """
    cmp = _people()
    months = (
        cmp.baseline.scenario.business.days - SHORT_RUN["business.warmup_days"]
    ) / 30
    rows = {}
    for name, runs in {"today": cmp.baseline, **cmp.alternatives}.items():
        cost = -float(np.mean([r.breakdown["service"] for r in runs.results])) / months
        rows[name] = {_("staff and training a month"): fmt.money(cost)}
    for move, said in _said(cmp).items():
        rows[move].update({KPIS[kpi].label: said[kpi].sentence for kpi in PEOPLE_KPIS})
    # The moves are named as a learner types them, with their gloss; today is words.
    names = {"today": _("today"), **{m: shown_option(m, quoted=False) for m in MOVES}}
    return pd.DataFrame(rows).T.fillna("").rename(index=names)


def people_choice(cmp: Comparison) -> str:
    """Task 8.4's answer: the move that serves better *and* pays, else 'neither'.

    The manager's goal: better service (clearly more WOW visits or clearly
    shorter waits) that pays for itself within the quarter (profit clearly
    higher). Of the moves that do both, the larger profit gain wins.
    """
    said = _said(cmp)
    fit = [
        move
        for move, d in said.items()
        if d["profit"].kind == "better"
        and any(d[k].kind == "better" for k in SERVICE_KPIS)
    ]
    if not fit:
        return "neither"
    return max(fit, key=lambda move: said[move]["profit"].difference)


@_task("8.4", "hire or train?", "choice", PEOPLE_OPTIONS)
def check_8_4(task: str, answer: Any) -> Feedback:
    """Weigh service against profit for both moves, as the manager's goal asks."""
    cmp = _people()
    expected = people_choice(cmp)
    said = _said(cmp)
    why = " ".join(
        _("{move}: {profit}; WOW visits, {wow}; the wait, {wait}.").format(
            move=_(MOVES[move]),
            profit=said[move]["profit"].sentence,
            wow=said[move]["share_wow"].judgement,
            wait=said[move]["mean_wait"].judgement,
        )
        for move in ("hire", "train")
    )
    if expected == "train":
        why += " " + _(
            "Training costs less than a salary and raises the quality of every "
            "visit: more WOW visits, fewer low ones, so customers stay and spend more. "
            "A fourth member of staff shortens the queue, but the salary costs more "
            "than the visits it saves bring back within the quarter."
        )
    elif expected == "neither":
        why += " " + _(
            "Neither move both serves better and clearly pays within the quarter."
        )
    method = _(
        "The goal has two parts: better service (more WOW visits or a shorter wait, "
        "clearly) and a profit that is clearly higher within the quarter. Check both "
        "parts for each move."
    )
    hints = {
        move: _("Check both parts of the goal for {move}. {method}").format(
            move=shown_option(move), method=method
        )
        for move in said
    }
    hints["neither"] = _("Check both moves once more. {method}").format(method=method)
    return _choice(
        task,
        answer,
        expected,
        PEOPLE_OPTIONS,
        why=why,
        hints=hints,
        hint=method,
    )


@_task("8.5", "the first unit you would set up", "text")
def check_8_5(task: str, answer: Any) -> Feedback:
    """Free text."""
    return _free_text(
        task,
        answer,
        _(
            "'Customer analytics first: we cannot give key customers special treatment "
            "before we know who they are. Two people, the CRM data, and a monthly list "
            "of the top 10% by margin for the customer team to call.'"
        ),
    )
