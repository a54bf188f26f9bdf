"""What every lab of one server process shares: finished runs.

Pure Python, no widgets. The runs go through the process's fair queue
(:func:`simulations.room.pool.shared_queue`). :data:`RESULTS` keeps whole
runs (table, figures, report) by what was run, so the default comparison is
computed once for every visitor.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any

from ..parameters import Scenario
from ..room.fair import drop


# ---------------------------------------------------------------- whole runs
def run_key(
    base: Scenario, scenario: Scenario, replications: int, confidence: float
) -> str:
    """What a run is: both scenarios (names included), replications, level."""
    return json.dumps(
        [base.to_dict(), scenario.to_dict(), replications, confidence],
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
