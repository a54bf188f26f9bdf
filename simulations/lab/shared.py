"""What every lab of one server process shares: the fair queue and finished runs.

Pure Python, no widgets. :func:`shared_queue` is the one
:class:`~simulations.lab.fair.FairQueue` of the process, in front of a process
pool sized to the cores (``CFL_LAB_WORKERS``), or of a Dask cluster when
``CFL_SCHEDULER=tcp://HOST:8786`` is set (the cluster the CLI's
``--scheduler`` uses), so that more machines serve the same page.
:data:`RESULTS` keeps whole runs (table, figures, report) by what was run, so
the default comparison is computed once for every visitor.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from typing import Any

from ..i18n import get_language
from ..parameters import Scenario
from .fair import FairQueue, drop
from .runs import lab_workers, shared_pool

SCHEDULER_ENV = "CFL_SCHEDULER"
"""Environment variable with the address of a Dask scheduler."""

log = logging.getLogger(__name__)

_LOCK = threading.Lock()
_QUEUE: dict[str, Any] = {"queue": None, "client": None}


def dask_executor(address: str) -> tuple[Executor, int, Any]:
    """An executor on the Dask cluster at ``address``, its threads and client."""
    from distributed import Client

    client = Client(address, timeout=10)
    threads = sum(client.nthreads().values()) or 1
    return client.get_executor(pure=False), threads, client


def _usable(executor: Executor) -> bool:
    """Whether a pool can still take work (not broken, not shut down)."""
    return not any(
        getattr(executor, flag, False)
        for flag in ("_broken", "_shutdown_thread", "_shutdown")
    )


def shared_queue() -> FairQueue:
    """The process's fair queue (made on first use).

    In front of a Dask cluster when ``CFL_SCHEDULER`` is set; otherwise in
    front of the process pool of :func:`~simulations.lab.runs.lab_workers`
    workers (one worker: a thread of this process).
    """
    with _LOCK:
        queue = _QUEUE["queue"]
        if queue is not None and _usable(queue.inner):
            return queue
        address = os.environ.get(SCHEDULER_ENV, "").strip()
        if address:
            inner, slots, client = dask_executor(address)
            _QUEUE["client"] = client
            log.info("runs go to the Dask cluster at %s (%d threads)", address, slots)
        else:
            slots = lab_workers()
            inner = shared_pool(slots) or ThreadPoolExecutor(1, "cfl-run")
        queue = FairQueue(inner, slots)
        _QUEUE["queue"] = queue
        return queue


def reset_queue() -> None:
    """Forget the shared queue (and close a Dask client): tests, a new address."""
    with _LOCK:
        client = _QUEUE["client"]
        _QUEUE.update(queue=None, client=None)
    if client is not None:
        client.close()


# ---------------------------------------------------------------- whole runs
def run_key(
    base: Scenario, scenario: Scenario, replications: int, confidence: float
) -> str:
    """What a run is: both scenarios (names included), replications, level.

    And the language in use: a run's table, figures and report are written in
    it (the replications themselves come from the cache of runs whatever the
    language, so another language only redraws).
    """
    return json.dumps(
        [base.to_dict(), scenario.to_dict(), replications, confidence, get_language()],
        sort_keys=True,
    )


class ResultStore:
    """Finished runs by :func:`run_key`; a run asked for twice runs once.

    :meth:`claim` returns the future of a run and whether the caller must
    compute it (``True``: then call :meth:`finish` or :meth:`drop`).
    """

    def __init__(self, size: int = 12) -> None:
        self.size = size
        self._items: OrderedDict[str, Future] = OrderedDict()
        self._lock = threading.Lock()

    def claim(self, key: str) -> tuple[Future, bool]:
        with self._lock:
            future = self._items.get(key)
            if future is not None:
                self._items.move_to_end(key)
                return future, False
            future = Future()
            self._items[key] = future
            while len(self._items) > self.size:
                self._items.popitem(last=False)
            return future, True

    def finish(self, key: str, future: Future, value: Any) -> None:
        future.set_result(value)

    def drop(self, key: str, future: Future) -> None:
        """The run did not finish (cancelled, failed): forget it; waiters retry."""
        with self._lock:
            if self._items.get(key) is future:
                del self._items[key]
        drop(future)

    def peek(self, key: str) -> Any:
        """The finished run of ``key``, or None."""
        with self._lock:
            future = self._items.get(key)
        if future is not None and future.done() and not future.cancelled():
            return future.result()
        return None

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


RESULTS = ResultStore()
"""Finished runs of this process, shared by every visitor."""


def background(target: Callable[[], None], name: str = "cfl-run") -> threading.Thread:
    """Run ``target`` in a daemon thread (the page's default)."""
    thread = threading.Thread(target=target, name=name, daemon=True)
    thread.start()
    return thread
