"""Running replications: tasks, worker pools, failures and interruptions.

:func:`run_tasks` runs any list of ``(scenario, replication)`` tasks, here
or in worker processes or on any :class:`concurrent.futures.Executor` (a Dask
cluster's included). A failed run comes back as a :class:`Failure`, not an
exception, and a Ctrl-C keeps the runs that finished.
:func:`multiple_replications` uses it for N replications of one scenario.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import (
    Executor,
    Future,
    InvalidStateError,
    ProcessPoolExecutor,
    as_completed,
)
from dataclasses import dataclass, field

import pandas as pd
from tqdm.auto import tqdm

from ..i18n import _
from ..model import single_run
from ..parameters import ParameterError, Scenario
from ..results import KPIS, RunResult
from .stats import summarise_kpis
from .store import RunStore
from .workers import start_worker

Runner = Callable[[Scenario, int, bool], RunResult]
"""Runs one task: ``runner(scenario, replication, record_visits)``."""


def visits_of_the_first(
    scenario: Scenario, replication: int, record_visits: bool
) -> RunResult:
    """:func:`~simulations.model.single_run` keeping the visits of replication 0 only.

    Figures of one run (waiting times, the replay of a day) read the first
    replication's visits; recording and shipping every replication's table
    of visits costs the workers and the caller time for nothing. Recording
    draws no random numbers, so the KPIs are the same either way.
    """
    return single_run(scenario, replication, record_visits and replication == 0)


@dataclass
class Failure:
    """A replication that did not finish."""

    scenario: str
    replication: int
    error: str


def _run_one(
    scenario: Scenario, replication: int, record_visits: bool, runner: Runner
) -> RunResult | Failure:
    """Run one task in a worker; a failure comes back as data, not an exception."""
    try:
        return runner(scenario, replication, record_visits)
    except Exception as err:
        return Failure(scenario.name, replication, f"{type(err).__name__}: {err}")


@dataclass
class Batch:
    """Results of a batch of tasks, in task order, with what went wrong."""

    results: list[RunResult | None]
    failures: list[Failure] = field(default_factory=list)
    interrupted: bool = False


def run_tasks(
    tasks: Sequence[tuple[Scenario, int]],
    *,
    workers: int | None = None,
    executor: Executor | None = None,
    progress: bool = True,
    record_visits: bool = False,
    runner: Runner = single_run,
    description: str = "replications",
    store: RunStore | None = None,
) -> Batch:
    """Run ``(scenario, replication)`` tasks, in parallel where asked.

    Parameters
    ----------
    tasks
        What to run.
    workers
        Processes to use when no executor is given; ``None`` uses every core,
        1 runs here, one task after another.
    executor
        Any :class:`concurrent.futures.Executor` (a Dask cluster's included).
    progress
        Show a progress bar (terminal or notebook).
    record_visits
        Keep each run's table of visits.
    runner
        The function that runs one task (tests replace it). It travels to the
        workers by name, so it must be defined at module level; it may return
        any picklable value, not only a :class:`RunResult`.
    description
        Label of the progress bar.
    store
        Where finished replications are kept as they finish; tasks already
        there are loaded, not run again.

    Returns
    -------
    Batch
        One entry per task, None where it failed or never ran. A Ctrl-C stops
        the batch and keeps what has finished.
    """
    workers = _check_workers(workers)
    results: list[RunResult | None] = [None] * len(tasks)
    batch = Batch(results)
    bar = tqdm(total=len(tasks), desc=description, disable=not progress, leave=False)

    def keep(i: int, outcome: RunResult | Failure, stored: bool = False) -> None:
        if isinstance(outcome, Failure):
            batch.failures.append(outcome)
        else:
            results[i] = outcome
            if store is not None and not stored:
                scenario, rep = tasks[i]
                store.save(scenario.name, rep, outcome)
        bar.update()

    own_pool = None
    futures: dict[Future, int] = {}
    failed = False
    try:
        todo = []
        for i, (scenario, rep) in enumerate(tasks):
            done = store.load(scenario.name, rep) if store is not None else None
            if done is None:
                todo.append(i)
            else:
                keep(i, done, stored=True)
        if executor is None and (workers == 1 or len(todo) <= 1):
            for i in todo:
                scenario, rep = tasks[i]
                keep(i, _run_one(scenario, rep, record_visits, runner))
        elif todo:
            if executor is None:
                # Workers ignore Ctrl-C and end with this process, even
                # when it is killed (start_worker): this thread shuts the pool.
                own_pool = ProcessPoolExecutor(
                    max_workers=min(workers, len(todo)), initializer=start_worker
                )
                executor = own_pool
            own = own_pool is not None  # other pools keep their own rules
            with _no_sigint_while_forking() if own else contextlib.nullcontext():
                for i in todo:
                    scenario, rep = tasks[i]
                    future = executor.submit(
                        _run_one, scenario, rep, record_visits, runner
                    )
                    futures[future] = i
            for future in as_completed(futures):
                i = futures[future]
                try:
                    outcome = future.result()
                except Exception as err:  # not a store that cannot write: keep's
                    scenario, rep = tasks[i]
                    outcome = Failure(
                        scenario.name, rep, f"{type(err).__name__}: {err}"
                    )
                keep(i, outcome)
    except KeyboardInterrupt:
        batch.interrupted = True
    except BaseException:
        failed = True  # e.g. the store cannot write: stop now, not after the rest
        raise
    finally:
        bar.close()
        if batch.interrupted or failed:
            for future in futures:
                future.cancel()
        if own_pool is not None:
            if batch.interrupted or failed:
                _stop_pool(own_pool)
            else:
                own_pool.shutdown(wait=True)
    batch.failures.sort(key=lambda f: (f.scenario, f.replication))
    return batch


@contextlib.contextmanager
def _no_sigint_while_forking() -> Iterator[None]:
    """Hold back Ctrl-C while worker processes are forked.

    A worker is born with this process's signal handlers and ignores Ctrl-C
    only once its initializer has run; held back (blocked) meanwhile, the
    signal cannot reach it in between and print a traceback. Here the
    signal waits, then stops the batch as usual.
    """
    if not hasattr(signal, "pthread_sigmask"):  # not on Windows
        yield
        return
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def _ignore_sigint() -> None:
    """In a worker process: leave Ctrl-C to the parent, which stops the pool."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # drops one held back at birth
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def _quiet_pool_end(args: threading.ExceptHookArgs) -> None:
    """Leave out one error of Python's own pool when it is stopped at once.

    Python 3.11's pool, finding its workers ended, marks the tasks it holds as
    failed, those just cancelled too: InvalidStateError in its manager thread,
    a traceback after a Ctrl-C's one line (rarely). Nothing is lost unsaid.
    """
    manager = type(args.thread).__name__ == "_ExecutorManagerThread"
    if not (manager and isinstance(args.exc_value, InvalidStateError)):
        _THREAD_HOOK(args)


_THREAD_HOOK = threading.excepthook


def _stop_pool(pool: ProcessPoolExecutor) -> None:
    """Stop a process pool now: cancel what waits, end what runs."""
    threading.excepthook = _quiet_pool_end
    processes = list((getattr(pool, "_processes", None) or {}).values())
    results = getattr(pool, "_result_queue", None)
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()
    for process in processes:
        process.join(timeout=1)
    # A worker ended while it was sending a result leaves the pool's manager
    # thread waiting for the rest of that message, and Python waits for that
    # thread before it exits: the command would never end. With the workers
    # gone, closing this process's own end of the results pipe ends the wait
    # (the manager thread reads end-of-file and finds the pool broken).
    writer = getattr(results, "_writer", None)
    if writer is not None:
        with contextlib.suppress(OSError):
            writer.close()


def _check_workers(workers: int | None) -> int:
    """``workers`` as a count of processes; None means every core."""
    if workers is None:
        return os.cpu_count() or 1
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise ParameterError(
            _("workers = {value!r} is not allowed; must be a whole number >= 1").format(
                value=workers
            )
        )
    return workers


def check_replications(replications: int) -> int:
    """Refuse a number of replications outside 1 to 10,000.

    Examples
    --------
    >>> check_replications(10)
    10
    """
    if (
        isinstance(replications, bool)
        or not isinstance(replications, int)
        or not 1 <= replications <= 10_000
    ):
        raise ParameterError(
            _(
                "replications = {value!r} is not allowed; must be a whole number "
                "from 1 to 10000"
            ).format(value=replications)
        )
    return replications


@dataclass
class Replications:
    """The replications of one scenario.

    Attributes
    ----------
    scenario
        The scenario that was run.
    results
        One :class:`RunResult` per finished replication, by replication index.
    failures
        Replications that raised an error.
    interrupted
        True when the user stopped the batch early.
    """

    scenario: Scenario
    results: list[RunResult]
    failures: list[Failure] = field(default_factory=list)
    interrupted: bool = False

    @property
    def name(self) -> str:
        """Name of the scenario."""
        return self.scenario.name

    @property
    def kpis(self) -> pd.DataFrame:
        """One row per replication, one column per KPI."""
        frame = pd.DataFrame(
            [r.kpis for r in self.results],
            index=[r.replication for r in self.results],
            columns=None if self.results else list(KPIS),
        )
        frame.index.name = "replication"
        return frame

    def summary(self, confidence: float = 0.95) -> pd.DataFrame:
        """Mean, sd and confidence interval per KPI."""
        return summarise_kpis(self.kpis, confidence)

    def daily_mean(self, column: str) -> pd.Series:
        """A daily column averaged over the replications."""
        return pd.concat([r.daily[column] for r in self.results], axis=1).mean(axis=1)

    @property
    def complete(self) -> bool:
        """True when every replication asked for has finished."""
        return not self.failures and not self.interrupted


def multiple_replications(
    scenario: Scenario,
    replications: int = 10,
    *,
    first: int = 0,
    workers: int | None = None,
    executor: Executor | None = None,
    progress: bool = True,
    record_visits: bool = False,
    runner: Runner = single_run,
    store: RunStore | None = None,
) -> Replications:
    """Run independent replications of one scenario.

    Parameters
    ----------
    scenario
        The business to simulate.
    replications
        How many runs.
    first
        Index of the first replication (to add runs to an earlier batch).
    workers, executor, progress, record_visits, runner, store
        See :func:`run_tasks`.

    Returns
    -------
    Replications
        The finished runs; ``.summary()`` gives the confidence intervals.

    Examples
    --------
    >>> from simulations import Scenario
    >>> reps = multiple_replications(Scenario(), 3, workers=1, progress=False)
    >>> reps.summary().loc["profit", "n"]
    np.int64(3)
    """
    scenario.validate()
    check_replications(replications)
    tasks = [(scenario, first + i) for i in range(replications)]
    batch = run_tasks(
        tasks,
        workers=workers,
        executor=executor,
        progress=progress,
        record_visits=record_visits,
        runner=runner,
        description=scenario.name,
        store=store,
    )
    done = [r for r in batch.results if r is not None]
    return Replications(scenario, done, batch.failures, batch.interrupted)
