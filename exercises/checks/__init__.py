"""Checks for the exercises: one function per task, instant feedback.

Each ``check_N_K(answer)`` takes what the student wrote for task N.K and
returns a :class:`~exercises.feedback.Feedback`: ``right``, ``wrong`` with a
hint about what to look at, or ``open`` while the answer is still ``...``.
A check never raises, whatever it is given (text, a list, ``None``, NaN, a
scenario with a value the model refuses).

Expected values are computed from the package with each task's numbers
(:mod:`simulations.analytic`, :mod:`simulations.experiments`, short runs of
:func:`simulations.single_run`), never typed in. Simulation checks use short
horizons, few replications and one process, and keep their results for the
session, so a second call is instant.

Where things are:

* :mod:`~exercises.checks.common` - settings (:data:`SHORT_RUN`,
  :data:`COMPARE_RUN`, :data:`REPLICATIONS`), the ``_task`` decorator that
  registers each check in :data:`TASKS` and :data:`CHECKS`, and the readers
  of numbers, choices, free text and scenarios;
* :mod:`~exercises.checks.runs` - the short runs and paired profit
  comparisons the checks share (:func:`profit_comparison`), kept for the
  session;
* ``m01_customer_focus_models`` ... ``m09_presets_side_by_side`` and
  ``m14_complaints_and_recovery`` - the checks of one module each, named after
  its notebook in ``exercises/solutions/``.

Notebooks import from here: ``from exercises.checks import check_3_1, report``.

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

from ..feedback import BLANK, Feedback, report
from .common import (
    CHECKS,
    COMPARE_RUN,
    REPLICATIONS,
    SHORT_RUN,
    TASKS,
    all_tasks,
)
from .m01_customer_focus_models import (
    MODELS,
    check_1_1,
    check_1_2,
    check_1_3,
    check_1_4,
    check_1_5,
)
from .m02_four_directions import (
    BREAKDOWN_LINES,
    CUT_OPTIONS,
    check_2_1,
    check_2_2,
    check_2_3,
    check_2_4,
    check_2_5,
    retention_cut_pair,
)
from .m03_economics_of_loyalty import (
    CLV,
    CLV_FORMS,
    CLV_PERIODS,
    LOST,
    RETENTION_LEVERS,
    UPLIFT,
    check_3_1,
    check_3_2,
    check_3_3,
    check_3_4,
    check_3_5,
    check_3_6,
    check_3_7,
    check_3_8,
    check_3_9,
    check_3_10,
    retention_base,
)
from .m04_service_levels import (
    COUNTER,
    LEVELS,
    SERVICE_STANDARD,
    STAFFING_LEVERS,
    check_4_1,
    check_4_2,
    check_4_3,
    check_4_4,
    check_4_5,
    ticket_office,
)
from .m05_loyalty_phases import (
    WINBACK_SUCCESS,
    WINBACK_TASKS,
    WINBACK_VALUE,
    check_5_1,
    check_5_2,
    check_5_3,
    check_5_4,
    check_5_5,
    winback_pair,
)
from .m06_valuable_customers import (
    PARETO_PRESET,
    PRIORITY_PRESET,
    check_6_1,
    check_6_2,
    check_6_3,
    check_6_4,
)
from .m07_feedback_and_metrics import (
    CHURN,
    COMPLAINT_PRESET,
    SURVEY,
    check_7_1,
    check_7_2,
    check_7_3,
    check_7_4,
    check_7_5,
    complaint_counts,
)
from .m08_organisation import (
    PEOPLE_OPTIONS,
    SEVEN_S,
    check_8_1,
    check_8_2,
    check_8_3,
    check_8_4,
    check_8_5,
    people_evidence,
    people_moves,
)
from .m09_presets_side_by_side import (
    MAX_LEVERS,
    POLICY_BASE,
    PROMISE_OPTIONS,
    check_9_1,
    check_9_2,
    check_9_3,
    check_9_4,
    churn_evidence,
    pairing_evidence,
    policy_base,
    policy_levers,
    presets_pair,
    promise_evidence,
)
from .m14_complaints_and_recovery import (
    BREAK_EVEN,
    FAIRNESS,
    SILENT,
    check_14_1,
    check_14_2,
    check_14_3,
    check_14_4,
    check_14_5,
    check_14_6,
    check_14_7,
    poor_recovery_pair,
    poor_recovery_table,
)
from .options import PAYS, VERDICTS
from .runs import profit_comparison, short_preset

__all__ = [
    "BLANK",
    "BREAKDOWN_LINES",
    "BREAK_EVEN",
    "CHECKS",
    "CHURN",
    "CLV",
    "CLV_FORMS",
    "CLV_PERIODS",
    "COMPARE_RUN",
    "COMPLAINT_PRESET",
    "COUNTER",
    "CUT_OPTIONS",
    "FAIRNESS",
    "LEVELS",
    "LOST",
    "MAX_LEVERS",
    "MODELS",
    "PARETO_PRESET",
    "PAYS",
    "PEOPLE_OPTIONS",
    "POLICY_BASE",
    "PRIORITY_PRESET",
    "PROMISE_OPTIONS",
    "REPLICATIONS",
    "RETENTION_LEVERS",
    "SERVICE_STANDARD",
    "SEVEN_S",
    "SHORT_RUN",
    "SILENT",
    "STAFFING_LEVERS",
    "SURVEY",
    "TASKS",
    "UPLIFT",
    "VERDICTS",
    "WINBACK_SUCCESS",
    "WINBACK_TASKS",
    "WINBACK_VALUE",
    "Feedback",
    "all_tasks",
    "check_1_1",
    "check_1_2",
    "check_1_3",
    "check_1_4",
    "check_1_5",
    "check_2_1",
    "check_2_2",
    "check_2_3",
    "check_2_4",
    "check_2_5",
    "check_3_1",
    "check_3_2",
    "check_3_3",
    "check_3_4",
    "check_3_5",
    "check_3_6",
    "check_3_7",
    "check_3_8",
    "check_3_9",
    "check_3_10",
    "check_4_1",
    "check_4_2",
    "check_4_3",
    "check_4_4",
    "check_4_5",
    "check_5_1",
    "check_5_2",
    "check_5_3",
    "check_5_4",
    "check_5_5",
    "check_6_1",
    "check_6_2",
    "check_6_3",
    "check_6_4",
    "check_7_1",
    "check_7_2",
    "check_7_3",
    "check_7_4",
    "check_7_5",
    "check_8_1",
    "check_8_2",
    "check_8_3",
    "check_8_4",
    "check_8_5",
    "check_9_1",
    "check_9_2",
    "check_9_3",
    "check_9_4",
    "check_14_1",
    "check_14_2",
    "check_14_3",
    "check_14_4",
    "check_14_5",
    "check_14_6",
    "check_14_7",
    "churn_evidence",
    "complaint_counts",
    "pairing_evidence",
    "people_evidence",
    "people_moves",
    "policy_base",
    "policy_levers",
    "poor_recovery_pair",
    "poor_recovery_table",
    "presets_pair",
    "profit_comparison",
    "promise_evidence",
    "report",
    "retention_base",
    "retention_cut_pair",
    "short_preset",
    "ticket_office",
    "winback_pair",
]
