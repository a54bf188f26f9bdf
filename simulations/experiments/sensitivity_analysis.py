"""How sure is a verdict? Sensitivity of a paired difference to the assumptions.

Two views of the same question, "which assumption could flip this verdict?":

* a **one-at-a-time tornado**: each behaviour parameter is set to the low and
  the high end of its plausible range (in *both* scenarios), and the paired
  difference of a KPI is measured there with common random numbers;
* a **global screening** with Morris elementary effects (SALib): parameters
  move together along random trajectories through their ranges, and each is
  ranked by the mean absolute effect it has on the difference (mu*).

:func:`sensitivity` ends in a plain sentence such as "Profit higher holds at
both ends of every range except customers.wait_sensitivity at its high end".
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass

import numpy as np
import pandas as pd
from SALib.analyze import morris as morris_analyze
from SALib.sample import morris as morris_sample

from ..model import single_run
from ..parameters import ParameterError, Scenario, outcome_key, plausible_ranges
from ..results import KPIS
from .runner import run_tasks
from .stats import t_interval

DEFAULT_LAB_PARAMS: tuple[str, ...] = (
    "customers.wait_sensitivity",
    "customers.leave_after_low",
    "customers.leave_after_standard",
    "service.training_effect",
    "retention.leave_reduction",
    "customers.referrals_per_advocate",
)
"""The smaller set the lab's "How sure is this?" panel varies by default."""


def kpis_only(scenario: Scenario, replication: int, record_visits: bool) -> dict:
    """Run one replication and send back only its KPIs (light to pickle)."""
    return single_run(scenario, replication, record_visits=False).kpis


@dataclass
class Sensitivity:
    """What :func:`sensitivity` found.

    Attributes
    ----------
    kpi
        The KPI whose paired difference (alternative minus baseline) is studied.
    base, alternative
        Names of the two scenarios.
    difference, half_width
        The paired difference at the default assumptions, and its interval.
    tornado
        One row per parameter and end: value, difference, half-width, outcome
        (``"holds"``, ``"unclear"`` or ``"flips"``).
    morris
        One row per parameter: mu*, its confidence half-width, sigma, rank.
    confidence
        Confidence level of the intervals.
    """

    kpi: str
    base: str
    alternative: str
    difference: float
    half_width: float
    tornado: pd.DataFrame
    morris: pd.DataFrame
    confidence: float

    def sentence(self, name: Callable[[str], str] | None = None) -> str:
        """The verdict and where it does not hold, in one plain sentence.

        ``name`` turns a parameter's dotted name into the words a reader sees
        (default: the dotted name itself).
        """
        name = name or str
        label = KPIS[self.kpi].label if self.kpi in KPIS else self.kpi
        sign = _sign(self.difference, self.half_width)
        if sign == 0:
            return (
                f"{label}: no clear difference at the default assumptions, so "
                "there is no verdict to test."
            )
        word = "higher" if sign > 0 else "lower"
        weak = self.tornado[self.tornado["outcome"] != "holds"]
        if weak.empty:
            return f"{label} {word} holds at both ends of every range."
        parts = [
            f"{name(row.parameter)} at its {row.end} end"
            + (" (it flips)" if row.outcome == "flips" else "")
            for row in weak.itertuples()
        ]
        return f"{label} {word} holds at both ends of every range except " + _join(
            parts
        )


def _join(parts: Sequence[str]) -> str:
    if len(parts) == 1:
        return parts[0]
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def _sign(difference: float, half_width: float) -> int:
    """+1 or -1 when the interval excludes zero, else 0."""
    if math.isnan(difference) or math.isnan(half_width):
        return 0
    if abs(difference) <= half_width:
        return 0
    return 1 if difference > 0 else -1


def outcome(sign: int, at_end: int) -> str:
    """Does a verdict of ``sign`` hold where the difference has sign ``at_end``?

    Examples
    --------
    >>> outcome(1, 1), outcome(1, 0), outcome(1, -1), outcome(0, 0)
    ('holds', 'unclear', 'flips', 'unclear')
    """
    if sign != 0 and at_end == sign:
        return "holds"
    if sign != 0 and at_end == -sign:
        return "flips"
    return "unclear"


def check_params(params: Sequence[str] | None) -> dict[str, dict]:
    """The ranges of the chosen parameters (default: every declared one)."""
    ranges = plausible_ranges()
    if params is None:
        return ranges
    chosen = {}
    for name in params:
        if name not in ranges:
            raise ParameterError(
                f"--params {name!r} is not allowed; must be a behaviour parameter "
                f"with a plausible range: {', '.join(ranges)}"
            )
        chosen[name] = ranges[name]
    if not chosen:
        raise ParameterError("--params is empty; name at least one parameter")
    return chosen


def check_inputs(
    kpi: str, params: Sequence[str] | None, trajectories: int
) -> dict[str, dict]:
    """Refuse a bad KPI, parameter or number of trajectories; return the ranges."""
    if kpi not in KPIS:
        raise ParameterError(
            f"--kpi {kpi!r} is not allowed; must be one of {', '.join(KPIS)}"
        )
    if (
        isinstance(trajectories, bool)
        or not isinstance(trajectories, int)
        or not (trajectories == 0 or 2 <= trajectories <= 1000)
    ):
        raise ParameterError(
            f"trajectories = {trajectories!r} is not allowed; must be 0 (no "
            "screening, the tornado only) or a whole number from 2 to 1000"
        )
    return check_params(params)


def sensitivity(
    base: Scenario,
    alternative: Scenario,
    kpi: str = "profit",
    params: Sequence[str] | None = None,
    replications: int = 5,
    trajectories: int = 10,
    confidence: float = 0.95,
    workers: int | None = None,
    executor: Executor | None = None,
    progress: bool = False,
) -> Sensitivity:
    """How sure is "alternative beats base on ``kpi``"? A tornado and a screening.

    Parameters
    ----------
    base, alternative
        The scenarios compared (the same assumptions are set in both).
    kpi
        The KPI whose paired difference is studied.
    params
        Dotted names of behaviour parameters; default every parameter with a
        declared plausible range (:func:`~simulations.parameters.plausible_ranges`).
    replications
        Paired replications at each end of each range (tornado).
    trajectories
        Morris trajectories; each visits every parameter once, with one paired
        replication per point; the points of a trajectory share their random
        numbers, so each step measures the change of one parameter. 0: no
        screening (the tornado only; ``morris`` is then an empty table).
    confidence
        Confidence level of the tornado's intervals.
    workers, executor, progress
        As for :func:`~simulations.experiments.run_tasks`.

    Returns
    -------
    Sensitivity
        The difference at the defaults, the tornado, the Morris ranking.
    """
    ranges = check_inputs(kpi, params, trajectories)
    names = list(ranges)

    # Tornado points: the defaults, then each parameter at each end.
    points: list[dict[str, float]] = [{}]
    ends: list[tuple[str, str, float]] = []
    for name in names:
        for end in ("low", "high"):
            points.append({name: ranges[name][end]})
            ends.append((name, end, ranges[name][end]))
    # Morris points: trajectories through the ranges, one replication each.
    problem = {
        "num_vars": len(names),
        "names": names,
        "bounds": [[ranges[n]["low"], ranges[n]["high"]] for n in names],
    }
    design = (
        morris_sample.sample(
            problem, trajectories, num_levels=4, seed=base.seed % (2**32)
        )
        if trajectories
        else np.empty((0, len(names)))
    )

    tasks: list[tuple[Scenario, int]] = []
    for point in points:
        for rep in range(replications):
            tasks += [(_at(base, point), rep), (_at(alternative, point), rep)]
    for i, row in enumerate(design):
        point = dict(zip(names, (float(v) for v in row), strict=True))
        # One replication index per trajectory, shared by its points and by
        # each pair: a step's elementary effect then carries no noise from
        # the random numbers, only the change of one parameter.
        rep = replications + i // (len(names) + 1)
        tasks += [(_at(base, point), rep), (_at(alternative, point), rep)]

    # A parameter of a feature that is off changes nothing (the programme's
    # effect size when there is no programme): such runs are done once.
    keys = [(outcome_key(s), rep) for s, rep in tasks]
    unique = list(dict(zip(keys, tasks, strict=True)).items())
    batch = run_tasks(
        [task for _, task in unique],
        workers=workers,
        executor=executor,
        progress=progress,
        runner=kpis_only,
        description="sensitivity runs",
    )
    if batch.interrupted or batch.failures:
        what = "interrupted" if batch.interrupted else batch.failures[0].error
        raise RuntimeError(f"sensitivity runs did not all finish: {what}")
    found = {key: r[kpi] for (key, _), r in zip(unique, batch.results, strict=True)}
    # Task order: pairs (base, alternative).
    values = np.array([found[key] for key in keys], dtype=float)
    diffs = values[1::2] - values[0::2]
    n_tornado = len(points) * replications
    tornado_diffs = diffs[:n_tornado].reshape(len(points), replications)
    centre, centre_hw = t_interval(tornado_diffs[0], confidence)
    sign = _sign(centre, centre_hw)
    rows = []
    for (name, end, value), d in zip(ends, tornado_diffs[1:], strict=True):
        diff, hw = t_interval(d, confidence)
        rows.append(
            {
                "parameter": name,
                "end": end,
                "value": value,
                "default": ranges[name]["default"],
                "difference": diff,
                "half_width": hw,
                "outcome": outcome(sign, _sign(diff, hw)),
                "source": ranges[name]["source"],
            }
        )
    tornado = pd.DataFrame(rows)
    return Sensitivity(
        kpi=kpi,
        base=base.name,
        alternative=alternative.name,
        difference=centre,
        half_width=centre_hw,
        tornado=tornado,
        morris=_screening(problem, design, diffs[n_tornado:], base.seed),
        confidence=confidence,
    )


def _screening(
    problem: dict, design: np.ndarray, diffs: np.ndarray, seed: int
) -> pd.DataFrame:
    """Morris mu*, its confidence, sigma and rank per parameter (none: empty)."""
    columns = ["parameter", "mu_star", "mu_star_conf", "sigma", "rank"]
    if not len(design):
        return pd.DataFrame(columns=columns)
    found = morris_analyze.analyze(
        problem, design, diffs, num_levels=4, seed=seed % (2**32)
    )
    morris = (
        pd.DataFrame(
            {
                "parameter": problem["names"],
                "mu_star": found["mu_star"],
                "mu_star_conf": found["mu_star_conf"],
                "sigma": found["sigma"],
            }
        )
        .sort_values("mu_star", ascending=False)
        .reset_index(drop=True)
    )
    morris["rank"] = np.arange(1, len(morris) + 1)
    return morris[columns]


def _at(scenario: Scenario, point: dict[str, float]) -> Scenario:
    """A copy of ``scenario`` with the assumptions of ``point``."""
    return scenario.copy(**point) if point else scenario
