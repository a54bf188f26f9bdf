"""The simulations the checks share, each run once a session.

Single runs of a preset over :data:`~exercises.checks.common.SHORT_RUN` and
paired comparisons of profit (:func:`profit_comparison`) are kept in caches,
so a second check that reads them is instant; the helpers below turn a
comparison into the verdicts the tasks ask for.
"""

from __future__ import annotations

import functools

import pandas as pd

from simulations import RunResult, Scenario, single_run
from simulations.experiments import Comparison, compare
from simulations.i18n import _
from simulations.present.labels import scenario_label
from simulations.present.words import Difference, comparison_table

from ..feedback import Feedback
from .common import REPLICATIONS, SHORT_RUN, _key


def short_preset(name: str, days: dict[str, int] | None = None) -> Scenario:
    """A preset with the short horizon of the exercises.

    Examples
    --------
    >>> short_preset("client_centric").business.days
    120
    """
    return Scenario.preset(name).copy(**(days or SHORT_RUN))


# ---------------------------------------------------------------- simulations
@functools.lru_cache(maxsize=8)
def _run_cached(toml: str) -> RunResult:
    return single_run(Scenario.from_toml_text(toml), 0, record_visits=True)


def _run(preset: str) -> RunResult:
    """Replication 0 of a preset over :data:`SHORT_RUN` (kept for the session)."""
    return _run_cached(_key(short_preset(preset)))


COMPARED = ("profit", "value_created", "churn_rate", "active_customers", "won_back")
"""The measures of every comparison the checks run."""


@functools.lru_cache(maxsize=16)
def _compare_cached(base: str, alts: tuple[str, ...], replications: int) -> Comparison:
    return compare(
        Scenario.from_toml_text(base),
        [Scenario.from_toml_text(alt) for alt in alts],
        replications,
        kpis=list(COMPARED),
        workers=1,
        progress=False,
        record_visits=False,
    )


def profit_comparison(base: Scenario, *alts: Scenario) -> Comparison:
    """``compare(base, [alt, ...], REPLICATIONS)`` as the checks run it, kept for the session.

    Common random numbers, one process, the measures of :data:`COMPARED`;
    each alternative is paired with the baseline. Notebooks may call it to see
    the comparison a check judges without running it twice.

    Raises
    ------
    RuntimeError
        When a run failed or the comparison was interrupted (nothing is kept
        then, so the next call runs it again); a check turns this into a
        "wrong" feedback with the message.
    """
    if not alts:
        raise ValueError("profit_comparison needs at least one alternative")
    cmp = _compare_cached(_key(base), tuple(_key(a) for a in alts), REPLICATIONS)
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
    alt = next(iter(cmp.alternatives))
    said = Difference.of(cmp, alt, "profit")
    if said.kind == "better":
        return Feedback(
            task,
            "right",
            _("{sentence}. The whole interval is above zero.").format(
                sentence=said.sentence
            ),
        )
    if said.kind == "worse":
        text = _("{sentence}. It loses money. {advice}")
    else:
        text = _("{sentence}. The interval includes zero. {advice}")
    return Feedback(task, "wrong", text.format(sentence=said.sentence, advice=advice))


def _verdict_word(cmp: Comparison, kpi: str) -> str:
    """'better', 'worse' or 'no clear difference' for one KPI of a comparison."""
    alt = next(iter(cmp.alternatives))
    kind = cmp.table.loc[(alt, kpi), "kind"]
    return kind if kind in ("better", "worse") else "no clear difference"


def _pays_word(cmp: Comparison) -> str:
    """'yes', 'no' or 'unclear': does the alternative raise profit?"""
    row = _profit_row(cmp)
    if row["ci_low"] > 0:
        return "yes"
    if row["ci_high"] < 0:
        return "no"
    return "unclear"


def judgement_table(cmp: Comparison, kpis: tuple[str, ...] = COMPARED) -> pd.DataFrame:
    """A comparison as a task shows it: means, difference and interval, no verdict.

    The learner makes the judgement, so the table gives the numbers and leaves
    out the words "better", "worse" and "no clear difference".
    """
    # A shipped preset's name is shown in the language in use; other names are
    # keys that the task's own table function shows in words.
    baseline = scenario_label(cmp.baseline.scenario.name)
    table = comparison_table(cmp, list(kpis), baseline=baseline, verdicts=False)
    return table.rename(index=scenario_label, level=0)
