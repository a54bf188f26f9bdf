"""The lab's runs: a cache of replications, and the record of what a click of
*Run* produced (:class:`LabResults`).

Pure Python, no widgets. Runs are spread over the process's shared pool
(:mod:`simulations.room.pool`). Finished
replications are kept in a small cache keyed by the scenario's parameters
(all but its name) and the replication index, so a second click re-runs only
what changed: usually the scenario, not the baseline. Same seed, same
numbers, cached or not.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import threading
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import Executor, Future
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from ..experiments import Comparison
from ..parameters import Scenario
from ..present.report import html_report
from ..results import RunResult

CACHE_SIZE = 400
"""Replications kept in the cache of each server or kernel (the oldest go first).

Large enough for the baselines and the last runs of a room of 50 visitors:
without the visits, which only replication 0 keeps, a result is small."""


# ---------------------------------------------------------------- cache
class RunCache:
    """Finished replications by (parameters without the name, index, options).

    The key is the scenario's full parameter set (seed included) minus its
    name, so a renamed but otherwise equal scenario is not run twice. Only
    the visits of replication 0 are kept (the figures use that one).
    """

    def __init__(self, size: int = CACHE_SIZE) -> None:
        self.size = size
        self._items: OrderedDict[tuple, RunResult] = OrderedDict()
        self._lock = threading.Lock()
        self.pending: dict[tuple, Future] = {}
        """Tasks running now, by key: shared by every lab of the process."""

    @staticmethod
    def key(fn: Callable, args: tuple) -> tuple | None:
        """Cache key of a task ``fn(scenario, replication, record_visits, runner)``.

        That is how :func:`simulations.experiments.run_tasks` hands work to an
        executor. A task of another shape gets no key: it runs, uncached.
        """
        if len(args) < 3 or not isinstance(args[0], Scenario):
            return None
        scenario, replication, record = args[0], args[1], args[2]
        if not isinstance(replication, int) or not isinstance(record, bool):
            return None
        data = scenario.to_dict()
        data.pop("name", None)
        extra = tuple(
            f"{getattr(a, '__module__', '')}.{getattr(a, '__qualname__', repr(a))}"
            for a in args[3:]
        )
        name = f"{fn.__module__}.{fn.__qualname__}"
        return (name, json.dumps(data, sort_keys=True), replication, record, extra)

    def get(self, key: tuple) -> RunResult | None:
        with self._lock:
            hit = self._items.get(key)
            if hit is not None:
                self._items.move_to_end(key)
            return hit

    def put(self, key: tuple, result: RunResult) -> None:
        if result.replication != 0 and result.visits is not None:
            result = dataclasses.replace(result, visits=None)
        with self._lock:
            self._items[key] = result
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def __len__(self) -> int:
        return len(self._items)


CACHE = RunCache()
"""The kernel's cache of finished replications, shared by every lab."""


def _renamed(result: Any, name: str) -> Any:
    """A run result (or failure) carrying another scenario name; tables shared."""
    if (
        not dataclasses.is_dataclass(result)
        or getattr(result, "scenario", name) == name
    ):
        return result
    return dataclasses.replace(result, scenario=name)


class CachingExecutor(Executor):
    """An executor for ``compare`` that serves finished replications from a cache.

    A task already in the cache is answered at once; a task equal to one
    still running (the scenario is still a copy of the baseline) waits for
    that one instead of running twice. Other tasks go to ``inner`` (a process
    pool), or run at once in this process when ``inner`` is None.
    ``on_done`` is called once per finished task, for a progress bar (from
    the pool's thread).
    """

    def __init__(
        self,
        inner: Executor | None,
        cache: RunCache,
        on_done: Callable[[], None] | None = None,
    ) -> None:
        self.inner = inner
        self.cache = cache
        self.on_done = on_done or (lambda: None)
        self.hits = 0
        self.misses = 0

    def submit(self, fn: Callable, /, *args: Any, **kwargs: Any) -> Future:
        key = None if kwargs else self.cache.key(fn, args)
        if key is not None:
            hit = self.cache.get(key)
            if hit is not None:
                self.hits += 1
                future: Future = Future()
                future.set_result(_renamed(hit, args[0].name))
                self.on_done()
                return future
            running = self.cache.pending.get(key)
            if running is not None:
                self.hits += 1
                return self._follow(running, fn, args)
        self.misses += 1
        if self.inner is None:
            future = Future()
            try:
                future.set_result(fn(*args, **kwargs))
            except Exception as err:
                future.set_exception(err)
        else:
            future = self.inner.submit(fn, *args, **kwargs)
            if key is not None:
                self.cache.pending[key] = future

        def done(f: Future) -> None:
            if key is not None and self.cache.pending.get(key) is f:
                self.cache.pending.pop(key, None)
            with contextlib.suppress(Exception):
                if key is not None and not f.cancelled() and f.exception() is None:
                    result = f.result()
                    if isinstance(result, RunResult):
                        self.cache.put(key, result)
            self.on_done()

        future.add_done_callback(done)
        return future

    def _follow(self, running: Future, fn: Callable, args: tuple) -> Future:
        """A future with the result of ``running`` (another lab's, perhaps),
        renamed for this scenario; run here after all if that one was cancelled."""
        future: Future = Future()
        name = args[0].name

        def copy(f: Future, retry: bool = True) -> None:
            if f.cancelled() and retry and self.inner is not None:
                try:  # its visitor cancelled: this lab still wants the result
                    again = self.inner.submit(fn, *args)
                except Exception as err:
                    future.set_exception(err)
                    self.on_done()
                else:
                    again.add_done_callback(lambda g: copy(g, False))
                return
            try:
                result = f.result()
            except BaseException as err:  # cancelled or failed: pass it on
                with contextlib.suppress(Exception):
                    future.set_exception(err)
            else:
                with contextlib.suppress(Exception):
                    future.set_result(_renamed(result, name))
            self.on_done()

        running.add_done_callback(copy)
        return future

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        """Nothing to do: the pool is shared and outlives a run."""


# ---------------------------------------------------------------- results
@dataclass
class LabResults:
    """What one click of *Run* produced.

    Attributes
    ----------
    comparison
        The :class:`~simulations.experiments.Comparison` of baseline and scenario.
    baseline, scenario
        The two scenarios as they ran.
    table
        Headline KPIs (index): baseline and scenario means with half-widths,
        paired difference with half-width, verdict (see
        :func:`simulations.present.tables.kpi_frame`).
    images
        The standard figures as HTML with SVG (the browser draws them), by title.
    report
        The self-contained HTML report, made when first asked for.
    seconds
        Wall time of the run, figures included.
    cached
        Replications served from the cache instead of run.
    warnings
        Replications that failed, if any.
    timings
        Seconds from the click to: ``simulate`` (replications done), ``kpis``
        (table shown), ``total`` (figures and report ready).
    """

    comparison: Comparison
    baseline: Scenario
    scenario: Scenario
    table: pd.DataFrame
    images: dict[str, str]
    seconds: float
    cached: int = 0
    warnings: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    shown: dict[str, str] = field(default_factory=dict, repr=False)
    """HTML the page shows for these results, made once for every visitor."""
    _report: str = field(default="", repr=False)

    @property
    def report(self) -> str:
        """The self-contained HTML report; made on first use (most runs need none)."""
        if not self._report:
            self._report = html_report(
                self.comparison,
                self.baseline,
                self.scenario,
                figures=self.images or None,
            )
        return self._report

    @property
    def verdicts(self) -> pd.Series:
        """The verdict of each headline KPI, as ``compare`` wrote it."""
        return self.table["verdict"]

    @property
    def plain_verdicts(self) -> pd.Series:
        """The same verdicts with numbers in the KPIs' units (as on the page)."""
        return self.table["plain"]

    @property
    def pairs(self) -> int:
        """Replication pairs behind the intervals."""
        return int(self.comparison.table["pairs"].min())


class RunError(Exception):
    """A run after which too few replication pairs are left for an interval."""
