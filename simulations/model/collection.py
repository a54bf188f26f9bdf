"""Garbage collection during runs: rarely, and shared safely between threads.

Thousands of small objects live for a whole run; collecting them over and over
costs about a tenth of the time, so runs raise the collection threshold while
they go on, and put it back when the last one ends.

A finished run leaves some 20,000 objects in reference cycles (SimPy's
processes and the events they wait on, the customers their stories hold).
:func:`~.run.single_run` keeps the threshold raised until the run is over
and dropped: the next collection then frees them while they are young. Put
back earlier, with the run still alive, it would look them over, move them to
an older generation and free them only at a later, larger collection (about
three times the CPU, measured over replications back to back).
"""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Iterator

_GC_LOCK = threading.Lock()
_GC_RUNS = 0  # runs in this process that asked for rare collection
_GC_SAVED: tuple[int, ...] = ()


@contextlib.contextmanager
def rare_collection() -> Iterator[None]:
    """Collect garbage rarely while runs are going on in this process.

    Runs on several threads share one threshold: the first run to start
    raises it, the last one to finish puts back what it was, so the process
    is left as it was found.
    """
    global _GC_RUNS, _GC_SAVED
    with _GC_LOCK:
        if _GC_RUNS == 0:
            _GC_SAVED = gc.get_threshold()
            gc.set_threshold(50_000, *_GC_SAVED[1:])
        _GC_RUNS += 1
    try:
        yield
    finally:
        with _GC_LOCK:
            _GC_RUNS -= 1
            if _GC_RUNS == 0:
                gc.set_threshold(*_GC_SAVED)
