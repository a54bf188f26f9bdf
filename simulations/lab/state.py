"""The lab's state and logic, without a page: levers, scenarios, runs, results.

Pure Python, no widgets: :class:`LabState` holds today's business (the
*baseline*), where the *scenario* started and its levers, the simulated
horizon shared by both, and the last results. It checks every value against
the parameter metadata, builds the two scenarios and compares them with
common random numbers (:func:`simulations.experiments.compare`) through the
kernel's process pool and run cache (:mod:`simulations.lab.runs`). The page
(:mod:`simulations.lab.page`) only shows this state and hands it the clicks.

>>> state = LabState(days=60, warmup_days=10, workers=1)
>>> state.set("business.staff", 5)
5
>>> base, scenario = state.build()
>>> base.business.staff, scenario.business.staff, scenario.business.days
(3, 5, 60)
>>> state.set("business.staf", 4)
Traceback (most recent call last):
...
simulations.parameters...ParameterError: 'business.staf' is not a lever of the lab; ...
"""

from __future__ import annotations

import dataclasses
import math
import time
from collections.abc import Callable
from concurrent.futures import Executor
from typing import Any

from ..experiments import Sensitivity, compare, sensitivity
from ..experiments.runner import visits_of_the_first
from ..experiments.sensitivity_analysis import DEFAULT_LAB_PARAMS
from ..i18n import _, get_language, language
from ..parameters import ParameterError, Scenario, levers
from ..present.charts import standard_charts
from ..present.tables import alternative, kpi_frame, parameter_rows
from ..results import HEADLINE
from ..room.pool import lab_workers, shared_pool
from .levers import HORIZON, check_value, lever_specs, read_value
from .runs import CACHE, CachingExecutor, LabResults, RunError

LAB_DAYS = 90
"""Days simulated by default in the lab, warm-up included: short, so that a
visitor's own run costs the room's server little (``benchmarks/README.md``:
its intervals stay honest). More days give a firmer verdict or a slow payback."""

LAB_WARMUP_DAYS = 30
"""Warm-up days left out of the KPIs by default in the lab."""

DEFAULT_REPLICATIONS = 5
"""Replications per scenario by default: enough for an interval, fast."""

HOW_SURE_REPLICATIONS = 3
"""Paired replications at each end of each range in the lab's sensitivity check."""

HOW_SURE_TRAJECTORIES = 4
"""Morris trajectories of the lab's sensitivity check (the CLI defaults to 10)."""

MAX_REPLICATIONS = 50
"""Most replications the lab offers per scenario."""

DEFAULT_BASELINE = "product_centric"
"""The preset that stands for today's business when nothing else is chosen."""

BASELINE_OPTION = "__baseline__"
"""Choice of the scenario's start: a copy of the baseline."""

FILE_OPTION = "__file__"
"""Choice of a start (baseline or scenario) that came from a file."""


def file_label(name: str) -> str:
    """How a picker names a scenario that came from a file."""
    return _("file: {name}").format(name=name)


# ---------------------------------------------------------------- the state
class LabState:
    """Baseline, scenario, horizon and last results of one lab.

    Parameters
    ----------
    baseline
        Today's business: a preset name or a scenario.
    days, warmup_days
        The simulated horizon of both scenarios.
    workers
        Worker processes (default :func:`~simulations.room.pool.lab_workers`);
        1 runs in the kernel.

    Attributes
    ----------
    baseline
        Today's business as loaded (its levers are the baseline's levers).
    source
        Where the scenario started; its levers are replaced by :attr:`values`.
    values, horizon
        The scenario's levers and the horizon of both, by dotted name.
    name
        The scenario's name as typed (see :meth:`scenario_name`).
    baseline_choice, scenario_choice
        The preset picked for each (a preset name, :data:`BASELINE_OPTION`
        for a copy of the baseline, :data:`FILE_OPTION` for a file).
    baseline_file, scenario_file
        The label of the file each came from, or None.
    results
        The results of the last successful run, or None.
    """

    def __init__(
        self,
        baseline: str | Scenario = DEFAULT_BASELINE,
        *,
        days: int = LAB_DAYS,
        warmup_days: int = LAB_WARMUP_DAYS,
        workers: int | None = None,
    ) -> None:
        self.workers = lab_workers() if workers is None else max(1, int(workers))
        self.baseline_file: str | None = None
        self.scenario_file: str | None = None
        if isinstance(baseline, Scenario):
            self.baseline = baseline.copy()
            self.baseline_choice = FILE_OPTION
            self.baseline_file = _("given: {name}").format(name=self.baseline.name)
        else:
            self.baseline = Scenario.preset(baseline)
            self.baseline_choice = baseline.replace("-", "_")
        self.scenario_choice = BASELINE_OPTION
        self.source = self.baseline.copy()
        self.name = _("new policy")
        self.values: dict[str, Any] = levers(self.baseline)
        self.horizon: dict[str, Any] = {
            "business.days": check_value("business.days", days),
            "business.warmup_days": check_value("business.warmup_days", warmup_days),
        }
        self.specs = {s.dotted: s for s in lever_specs()}
        self.results: LabResults | None = None

    # ------------------------------------------------------------ reading
    @property
    def lever_values(self) -> dict[str, Any]:
        """The scenario's levers and the horizon, by dotted name."""
        return {**self.values, **self.horizon}

    def baseline_levers(self) -> dict[str, Any]:
        """The baseline's levers, by dotted name."""
        return levers(self.baseline)

    def scenario_name(self) -> str:
        """Name of the scenario, made different from the baseline's."""
        name = self.name.strip() or _("scenario")
        if name == self.baseline.name:
            name = _("{name} (scenario)").format(name=name)
        return name

    def build(self) -> tuple[Scenario, Scenario]:
        """The baseline and the scenario as they would run now.

        Raises :class:`ParameterError` for an impossible value or combination.
        """
        base = self.baseline.copy(None, **self.horizon)
        scenario = self.source.copy(self.scenario_name(), **self.values, **self.horizon)
        return base, scenario

    def scenario(self) -> Scenario:
        """The scenario as it would run now (see :meth:`build`)."""
        return self.build()[1]

    def assumption_changes(self) -> list[str]:
        """Parameters that are not levers yet differ between the two scenarios.

        Raises :class:`ParameterError` when the scenarios cannot be built.
        """
        base, scenario = self.build()
        return [
            row["parameter"]
            for row in parameter_rows(base, scenario)
            if row["changed"] and not row["lever"]
        ]

    def follows_baseline(self) -> bool:
        """True while the scenario is an unedited copy of the baseline."""
        if self.scenario_choice != BASELINE_OPTION:
            return False
        same_source = self.source.to_dict() | {"name": ""} == (
            self.baseline.to_dict() | {"name": ""}
        )
        return same_source and self.values == levers(self.baseline)

    # ------------------------------------------------------------ changing
    def set(self, dotted: str, value: Any) -> Any:
        """Check and keep a lever (or the horizon); return the value as kept.

        Raises :class:`ParameterError` for an unknown lever or a value out of
        its range; then nothing changes. A value that is fine alone but
        impossible with the others is kept (:meth:`build` says why).
        """
        if dotted not in self.specs:
            raise ParameterError(
                _("{name!r} is not a lever of the lab; levers: {levers}").format(
                    name=dotted, levers=", ".join(self.specs)
                )
            )
        value = check_value(dotted, read_value(self.specs[dotted], value))
        if dotted in HORIZON:
            self.horizon[dotted] = value
        else:
            self.values[dotted] = value
        return value

    def start_from(self, scenario: Scenario) -> None:
        """Take the scenario's assumptions and levers from ``scenario``."""
        self.source = scenario.copy()
        self.values = levers(scenario)

    def reset_to_baseline(self) -> None:
        """Set the scenario back to a copy of the baseline."""
        self.scenario_choice = BASELINE_OPTION
        self.start_from(self.baseline)

    def set_baseline(self, baseline: str | Scenario) -> None:
        """Change today's business (a preset name or a scenario).

        A scenario that is still an unchanged copy of the baseline follows it.
        """
        follow = self.follows_baseline()
        if isinstance(baseline, Scenario):
            self.baseline = baseline.copy()
        else:
            self.baseline = Scenario.preset(baseline)
            self.baseline_choice = baseline.replace("-", "_")
        if follow:
            self.start_from(self.baseline)

    def set_scenario(self, start: str | Scenario) -> None:
        """Start the scenario from a preset name, ``"baseline"`` or a scenario."""
        if isinstance(start, Scenario):
            self.start_from(start)
            return
        option = BASELINE_OPTION if start == "baseline" else start.replace("-", "_")
        self.scenario_choice = option
        self.start_from(
            self.baseline if option == BASELINE_OPTION else Scenario.preset(option)
        )

    def pick_baseline(self, option: str) -> None:
        """Follow the baseline's picker (its file entry changes nothing)."""
        if option == FILE_OPTION:
            self.baseline_choice = option
        else:
            self.set_baseline(option)

    def pick_scenario(self, option: str) -> None:
        """Follow the scenario's picker (its file entry changes nothing)."""
        if option == FILE_OPTION:
            self.scenario_choice = option
        else:
            self.set_scenario(option)

    def load(self, loaded: Scenario, origin: str, target: str = "scenario") -> None:
        """Take a scenario read from the file ``origin`` as the scenario or baseline.

        The file's horizon becomes the horizon of both.
        """
        if target == "baseline":
            follow = self.follows_baseline()
            self.baseline = loaded
            self.baseline_choice, self.baseline_file = FILE_OPTION, file_label(origin)
            if follow:
                self.start_from(loaded)
        else:
            self.scenario_choice, self.scenario_file = FILE_OPTION, file_label(origin)
            if loaded.name != self.baseline.name:
                self.name = loaded.name
            self.start_from(loaded)
        self.horizon.update({k: loaded.get(k) for k in HORIZON})

    # ------------------------------------------------------------ running
    def compare(
        self,
        base: Scenario,
        scenario: Scenario,
        replications: int,
        confidence: float = 0.95,
        on_done: Callable[[], None] | None = None,
        started: float | None = None,
        pool: Executor | None = None,
    ) -> LabResults:
        """Run both scenarios with common random numbers; the KPI table.

        Finished replications come from the kernel's cache; the others run
        in ``pool`` (default: the kernel's pool; the page passes its job in
        the shared queue). ``on_done`` is called once per finished replication.
        The figures and the report come next, with :meth:`illustrate`.
        Raises :class:`ParameterError` for a scenario that cannot run and
        :class:`RunError` when fewer than two replication pairs finished.
        """
        start = time.perf_counter() if started is None else started
        inner = shared_pool(self.workers) if pool is None else pool
        executor = CachingExecutor(inner, CACHE, on_done)
        comparison = compare(
            base,
            [scenario],
            replications,
            confidence=confidence,
            executor=executor,
            progress=False,
            record_visits=True,
            runner=visits_of_the_first,
        )
        simulated = time.perf_counter()
        alt = alternative(comparison, scenario.name)
        warnings = [
            _("{scenario}, run {number}: {error}").format(
                scenario=f.scenario, number=f.replication, error=f.error
            )
            for f in (*comparison.baseline.failures, *alt.failures)
        ]
        pairs = int(comparison.table["pairs"].min())
        if pairs < 2:
            text = _("too few pairs of runs finished ({n}); an interval needs two.")
            text = text.format(n=pairs)
            if warnings:
                text += _(" First error: {error}").format(error=warnings[0])
            raise RunError(text)
        # Keep the visits of the first replication only (the figures use it).
        for reps in (comparison.baseline, alt):
            reps.results = [
                r
                if r.replication == 0 or r.visits is None
                else dataclasses.replace(r, visits=None)
                for r in reps.results
            ]
        self.results = LabResults(
            comparison=comparison,
            baseline=base,
            scenario=scenario,
            table=kpi_frame(comparison, HEADLINE, alt.name),
            images={},
            seconds=math.nan,
            cached=executor.hits,
            warnings=warnings,
            timings={"simulate": simulated - start},
        )
        return self.results

    def how_sure(
        self,
        base: Scenario,
        scenario: Scenario,
        kpi: str = "profit",
        params: tuple[str, ...] = DEFAULT_LAB_PARAMS,
        replications: int = HOW_SURE_REPLICATIONS,
        trajectories: int = HOW_SURE_TRAJECTORIES,
        pool: Executor | None = None,
    ) -> Sensitivity:
        """Which assumptions could flip the verdict on ``kpi``? (A smaller set.)

        A one-at-a-time tornado and a Morris screening over the plausible
        ranges of ``params``, in the kernel's pool; see
        :func:`~simulations.experiments.sensitivity`.
        """
        return sensitivity(
            base,
            scenario,
            kpi=kpi,
            params=params,
            replications=replications,
            trajectories=trajectories,
            executor=shared_pool(self.workers) if pool is None else pool,
            workers=self.workers,
        )

    @staticmethod
    def illustrate(results: LabResults, pool: Executor | None = None) -> None:
        """Write the standard figures (SVG, for the browser to draw) into ``results``.

        In ``pool`` when one is given (a job of the shared queue): a server's
        threads should stay free for the pages. The report is made when it is
        asked for (:attr:`LabResults.report`).
        """
        lang = get_language()
        args = (results.comparison, results.scenario, lang)
        drawn = draw(*args) if pool is None else pool.submit(draw, *args).result()
        results.images, problems = drawn
        results.images_language = lang
        results.warnings.extend(problems)


def draw(
    comparison: Any, scenario: Scenario, lang: str | None = None
) -> tuple[dict[str, str], list[str]]:
    """The standard figures (SVG) and any problem drawing them, in language ``lang``."""
    with language(lang):
        try:
            return standard_charts(comparison, scenario.name), []
        except Exception:  # the numbers stand without the pictures
            return {}, [_("the figures could not be drawn")]
