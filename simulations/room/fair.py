"""A fair queue of runs in front of one shared pool: one job per person, a cap.

Pure Python, no widgets. Every visitor of the page (and every lab in a
notebook) hands its work to one :class:`FairQueue`. A *job* is one click of
*Run*: short tasks (one per replication, then the figures) that go to the
shared pool. A job belongs to a *visitor* (a browser session); visitors that
the server takes for one *person* (:attr:`FairQueue.people`: the room server
says which, see :mod:`simulations.room.sessions`) share one place in line.
The queue

- keeps at most as many tasks in the pool as it has workers, so the tasks
  still waiting stay here, where *Cancel* can drop them;
- serves people first come, first served: the oldest job's tasks go first, so
  the first visitor's run finishes first and the others see their place;
- runs one job per person at a time: a second job of the same person (from a
  second tab, or a second browser) waits until the first one is done, and
  then goes to the back of the line, behind everyone who was waiting;
- refuses a job whose estimated work (:func:`estimated_work`) is over the
  cap, and a job that would take a person's open jobs together over the cap
  or over :data:`MAX_JOBS`;
- runs a task that Cancel must be able to stop at once (a long fit, say) in a
  process of its own (:meth:`Job.submit_alone`), which Cancel ends.

>>> from concurrent.futures import ThreadPoolExecutor
>>> queue = FairQueue(ThreadPoolExecutor(2), slots=2, cap=100)
>>> job = queue.open("visitor-1", work=10)
>>> job.submit(pow, 2, 10).result()
1024
>>> queue.close(job)
>>> queue.open("visitor-1", work=1000)
Traceback (most recent call last):
...
simulations.room.fair.TooMuchWorkError: ...
"""

from __future__ import annotations

import contextlib
import itertools
import os
import threading
from collections import deque
from collections.abc import Callable
from concurrent.futures import Executor, Future, InvalidStateError
from typing import Any

from ..parameters import Scenario

MAX_WORK_ENV = "CFL_LAB_MAX_WORK"
"""Environment variable with the cap on a job's work (customer-days)."""

MAX_WORK = 50_000_000
"""Default cap on a job's work: about ten times the lab's default comparison."""


MAX_JOBS = 4
"""Most open jobs (running or waiting) of one person, over all their windows."""


class TooMuchWorkError(Exception):
    """A job over the cap; the message says how much and what to change."""


def env_count(name: str, default: int) -> int:
    """A count from the environment variable ``name`` (at least 1), else ``default``.

    Examples
    --------
    >>> env_count("CFL_NOT_SET_ANYWHERE", 7)
    7
    """
    text = os.environ.get(name, "").strip()
    with contextlib.suppress(ValueError):
        return max(1, int(float(text)))
    return default


def max_work() -> int:
    """The cap on a job's work: ``CFL_LAB_MAX_WORK`` or :data:`MAX_WORK`."""
    return env_count(MAX_WORK_ENV, MAX_WORK)


def customers(scenario: Scenario) -> float:
    """Customers a run may hold at its end: the initial ones plus every arrival.

    Examples
    --------
    >>> round(customers(Scenario.preset("product_centric").copy(None, **{
    ...     "business.days": 100})))
    2263
    """
    a = scenario.attraction
    paid = a.acquisition_budget / a.cost_per_acquisition * 12 / 365
    days = scenario.business.days
    return scenario.customers.initial_customers + days * (a.prospects_per_day + paid)


def estimated_work(scenarios: list[Scenario], replications: int) -> float:
    """Days × customers × replications, summed over the scenarios."""
    return sum(s.business.days * customers(s) * replications for s in scenarios)


def drop(future: Future) -> None:
    """Cancel a future that no executor runs, and tell those who wait on it.

    ``Future.cancel`` alone does not wake :func:`concurrent.futures.as_completed`
    (an executor does that when it meets the cancelled task): this does.
    """
    if future.cancel():
        with contextlib.suppress(RuntimeError, InvalidStateError):
            future.set_running_or_notify_cancel()


class Job:
    """One visitor's run: its tasks, waiting or in the pool.

    Use :meth:`submit` (or :meth:`executor`) to add tasks, :meth:`cancel` to
    drop those not started, and :meth:`FairQueue.close` when done.
    """

    def __init__(
        self, queue: FairQueue, visitor: str, number: int, work: float = 0.0
    ) -> None:
        self.queue = queue
        self.visitor = visitor
        self.number = number
        self.work = work
        self.turn = number
        """Its place in line: its number, or a later one once it is its
        person's next job (see :meth:`FairQueue.close`)."""
        self.waiting: deque[tuple[Future, Callable, tuple, bool]] = deque()
        self.running = 0
        self.outers: set[Future] = set()
        self.alone: set[Future] = set()
        """Tasks running in a process of their own (Cancel stops them)."""
        self.started = False
        self.cancelled = False
        self.closed = False

    def submit(self, fn: Callable, /, *args: Any) -> Future:
        """Queue ``fn(*args)``; a future for its result."""
        return self.queue._submit(self, fn, args, False)

    def submit_alone(self, fn: Callable, /, *args: Any) -> Future:
        """Queue ``fn(*args)`` to run in a process of its own, which Cancel ends.

        It takes one of the pool's places while it runs, like any task.
        """
        return self.queue._submit(self, fn, args, True)

    def executor(self) -> Executor:
        """This job as an executor (for ``compare`` and ``sensitivity``)."""
        return JobExecutor(self)

    def cancel(self) -> None:
        """Drop the tasks not started; those in the pool are discarded."""
        self.queue._cancel(self)

    def position(self) -> int:
        """Jobs ahead of this one (0: this job's tasks are being served)."""
        return self.queue.position(self)


class JobExecutor(Executor):
    """An executor that hands its tasks to a :class:`Job`."""

    def __init__(self, job: Job) -> None:
        self.job = job

    def submit(self, fn: Callable, /, *args: Any, **kwargs: Any) -> Future:
        if kwargs:
            raise TypeError("the lab's queue takes positional arguments only")
        return self.job.submit(fn, *args)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        """Nothing to do: the pool is shared."""


class FairQueue:
    """Jobs of many visitors in front of one pool (see the module's doc).

    Parameters
    ----------
    inner
        The shared pool: a process pool, or a Dask cluster's executor.
    slots
        Tasks kept in the pool at once (its workers).
    cap
        Most work a job may ask for (:func:`estimated_work`); default
        :func:`max_work`.
    alone
        Runs each task of :meth:`Job.submit_alone` in a process of its own and
        ends it on ``alone.stop(future)``
        (:class:`~simulations.room.pool.OwnProcess`); None: such tasks go to
        ``inner`` and Cancel cannot stop them once started.
    """

    def __init__(
        self,
        inner: Executor,
        slots: int,
        cap: float | None = None,
        alone: Executor | None = None,
    ) -> None:
        self.inner = inner
        self.alone = alone
        self.slots = max(1, int(slots))
        self.cap = max_work() if cap is None else cap
        self.jobs: list[Job] = []
        self.in_pool = 0
        self.people: dict[str, str] = {}
        """The person of each visitor the server knows; others are their own."""
        self._lock = threading.RLock()
        self._numbers = itertools.count(1)

    def person(self, visitor: str) -> str:
        """Who ``visitor`` is, as far as the server can tell."""
        return self.people.get(visitor, visitor)

    def open(self, visitor: str, work: float = 0.0) -> Job:
        """A new job of ``visitor``; :class:`TooMuchWorkError` when over a cap."""
        if work > self.cap:
            raise TooMuchWorkError(
                f"this run is too big for the shared server: about {work:,.0f} "
                f"customer-days (days × customers × replications), the limit is "
                f"{self.cap:,.0f}. Use fewer days or replications, or fewer "
                "customers (advertising budget, initial customers)."
            )
        with self._lock:
            person = self.person(visitor)
            mine = [j for j in self.jobs if self.person(j.visitor) == person]
            if len(mine) >= MAX_JOBS or sum(j.work for j in mine) + work > self.cap:
                runs = "run" if len(mine) == 1 else "runs"
                raise TooMuchWorkError(
                    f"you have {len(mine)} {runs} waiting or running on the shared "
                    "server already (in this or another window); with this one "
                    "you would be over the limit for one person. Wait for them "
                    "to finish or cancel them."
                )
            job = Job(self, visitor, next(self._numbers), work)
            self.jobs.append(job)
        return job

    def close(self, job: Job) -> None:
        """The job is done (or abandoned): what it still waits for is dropped.

        The person's next job, if any, goes to the back of the line.
        """
        self._cancel(job, closing=True)

    def position(self, job: Job) -> int:
        """Jobs that will be served before ``job`` (0: it is being served)."""
        with self._lock:
            if job.started or job not in self.jobs:
                return 0
            heads = self._heads()
            person = self.person(job.visitor)
            mine = [j for j in self.jobs if self.person(j.visitor) == person]
            if heads[person] is job:
                return sum(1 for j in heads.values() if j.turn < job.turn)
            return mine.index(job) + len(heads) - 1

    def busy_visitors(self) -> set[str]:
        """Visitors with an open job."""
        with self._lock:
            return {j.visitor for j in self.jobs}

    # ------------------------------------------------------------ inside
    def _submit(self, job: Job, fn: Callable, args: tuple, alone: bool) -> Future:
        future: Future = Future()
        with self._lock:
            if job.cancelled or job.closed:
                drop(future)
                return future
            job.waiting.append((future, fn, args, alone))
            self._pump()
        return future

    def _cancel(self, job: Job, closing: bool = False) -> None:
        with self._lock:
            job.cancelled = job.cancelled or not closing
            job.closed = job.closed or closing
            dropped = [f for f, *_ in job.waiting]
            job.waiting.clear()
            if not closing:
                dropped += list(job.outers)
            if closing and job in self.jobs:
                self.jobs.remove(job)
                person = self.person(job.visitor)
                for later in self.jobs:  # its next job: behind those now waiting
                    if self.person(later.visitor) == person:
                        later.turn = next(self._numbers)
                        break
            stopped = list(job.alone)
            self._pump()
        for future in dropped:
            drop(future)
        for inner in stopped:  # ends its process: the place in the pool frees
            self.alone.stop(inner)

    def _heads(self) -> dict[str, Job]:
        """Each person's oldest open job: the one that may run (lock held)."""
        heads: dict[str, Job] = {}
        for job in self.jobs:
            heads.setdefault(self.person(job.visitor), job)
        return heads

    def _eligible(self) -> Job | None:
        """Of the people's oldest jobs with a waiting task, the first in line."""
        ready = [job for job in self._heads().values() if job.waiting]
        return min(ready, key=lambda job: job.turn, default=None)

    def _pump(self) -> None:
        """Move waiting tasks into the pool while it has room (lock held)."""
        while self.in_pool < self.slots:
            job = self._eligible()
            if job is None:
                return
            future, fn, args, alone = job.waiting.popleft()
            if future.cancelled():
                continue
            job.started = True
            job.running += 1
            job.outers.add(future)
            self.in_pool += 1
            alone = alone and self.alone is not None
            try:
                inner = (self.alone if alone else self.inner).submit(fn, *args)
            except Exception as err:  # a broken pool: the task fails, not the page
                self._finished(job)
                job.outers.discard(future)
                with contextlib.suppress(InvalidStateError):
                    future.set_exception(err)
                continue
            if alone:
                job.alone.add(inner)
            inner.add_done_callback(
                lambda f, job=job, outer=future: self._done(job, f, outer)
            )

    def _finished(self, job: Job) -> None:
        job.running -= 1
        self.in_pool -= 1

    def _done(self, job: Job, inner: Future, outer: Future) -> None:
        with self._lock:
            self._finished(job)
            job.outers.discard(outer)
            job.alone.discard(inner)
            self._pump()
        # A cancelled job's outer future is cancelled already: discard the result.
        with contextlib.suppress(InvalidStateError):
            if inner.cancelled():
                drop(outer)
            elif inner.exception() is not None:
                outer.set_exception(inner.exception())
            else:
                outer.set_result(inner.result())
