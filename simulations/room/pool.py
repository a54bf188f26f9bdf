"""The server's process pool and the fair queue in front of it: one of each per process.

The lab's runs and the game's debrief share them, on a room server as in a
notebook's kernel. :func:`shared_pool` is a process pool kept alive for the
whole process (``min(2, cores)`` workers; ``CFL_LAB_WORKERS`` sets the number,
1 runs in a thread of the process); :func:`shared_queue` is the process's one
:class:`~simulations.room.fair.FairQueue` in front of it, or in front of a
Dask cluster when ``CFL_SCHEDULER=tcp://HOST:8786`` is set (the cluster the
command line's ``--scheduler`` uses), so that more machines serve one page.
A task that Cancel must stop at once (fitting an uploaded file) runs in a
process of its own (:class:`OwnProcess`), in one of the queue's places.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import (
    CancelledError,
    Executor,
    Future,
    ProcessPoolExecutor,
    ThreadPoolExecutor,
)
from typing import Any

from ..experiments.workers import start_worker
from .fair import FairQueue

log = logging.getLogger(__name__)

WORKERS_ENV = "CFL_LAB_WORKERS"
"""Environment variable with the number of worker processes."""


def lab_workers() -> int:
    """Worker processes of the pool: ``CFL_LAB_WORKERS`` or ``min(2, cores)``.

    Two workers halve the wait of one manager on a two-core laptop. When many
    people share one server, every kernel would hold its own pool: set
    ``CFL_LAB_WORKERS=1`` there to run in the kernel and save the memory.
    """
    text = os.environ.get(WORKERS_ENV, "").strip()
    if text:
        try:
            return max(1, int(text))
        except ValueError:
            pass
    return max(1, min(2, os.cpu_count() or 1))


_POOL_LOCK = threading.Lock()
_POOL: dict[str, Any] = {"executor": None, "workers": 0}


def _context() -> Any:
    """Forkserver where there is one: workers start clean, not as copies of a
    kernel that runs threads, and quickly, from a server that has already
    imported the package."""
    methods = multiprocessing.get_all_start_methods()
    if "forkserver" in methods:
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["simulations.experiments"])
        return ctx
    return multiprocessing.get_context("spawn")


def shared_pool(workers: int) -> Executor | None:
    """The process's pool (created once, kept alive); None for 1 worker."""
    if workers <= 1:
        return None
    with _POOL_LOCK:
        pool = _POOL["executor"]
        broken = pool is not None and getattr(pool, "_broken", False)
        if pool is None or broken or _POOL["workers"] != workers:
            if pool is not None:
                pool.shutdown(wait=False, cancel_futures=True)
            # Workers ignore Ctrl-C: Jupyter interrupts a kernel's whole process
            # group before shutting it down, and the workers should not print
            # tracebacks then; an interrupted run stops in the kernel itself.
            # They end with the server, also when it is killed (start_worker).
            pool = ProcessPoolExecutor(
                max_workers=workers, mp_context=_context(), initializer=start_worker
            )
            _POOL.update(executor=pool, workers=workers)
        return pool


def warm_pool(workers: int) -> threading.Thread | None:
    """Start the pool's workers in the background, so the first run is quick."""
    if workers <= 1:
        return None

    def start() -> None:
        with contextlib.suppress(Exception):
            pool = shared_pool(workers)
            if pool is not None:
                for f in [pool.submit(time.sleep, 0.05) for _ in range(workers)]:
                    f.result(timeout=120)

    thread = threading.Thread(target=start, name="cfl-pool-warmup", daemon=True)
    thread.start()
    return thread


def shutdown_pool() -> None:
    """Stop the process's pool (it restarts on the next run)."""
    with _POOL_LOCK:
        pool = _POOL["executor"]
        _POOL.update(executor=None, workers=0)
    if pool is not None:
        pool.shutdown(wait=True, cancel_futures=True)


class OwnProcess(Executor):
    """Each task in a process of its own, which :meth:`stop` ends at once.

    A process pool cannot stop a task that has started; this can, at the cost
    of starting a process (from the fork server: quick) per task. A stopped
    task's future raises :class:`~concurrent.futures.CancelledError`.
    """

    def __init__(self, context: Any = None) -> None:
        self.context = context or _context()
        self.running: dict[Future, Any] = {}
        """The process of each task still running, by its future."""
        self._lock = threading.Lock()

    def submit(self, fn: Callable, /, *args: Any, **kwargs: Any) -> Future:
        future: Future = Future()
        future.set_running_or_notify_cancel()
        reader, writer = self.context.Pipe(duplex=False)
        process = self.context.Process(
            target=_answer, args=(writer, fn, args, kwargs), daemon=True
        )
        process.start()
        writer.close()  # the task's process holds the other end
        with self._lock:
            self.running[future] = process
        threading.Thread(
            target=self._collect, args=(future, process, reader), daemon=True
        ).start()
        return future

    def stop(self, future: Future) -> None:
        """End the task of ``future`` now (nothing happens if it is done)."""
        with self._lock:
            process = self.running.get(future)
        if process is not None:
            process.kill()

    def _collect(self, future: Future, process: Any, reader: Any) -> None:
        try:
            kind, value = reader.recv()
        except (EOFError, OSError):  # stopped, or died without an answer
            kind, value = "stopped", None
        finally:
            reader.close()
        process.join()
        with self._lock:
            self.running.pop(future, None)
        if kind == "ok":
            future.set_result(value)
        elif kind == "error":
            future.set_exception(value)
        else:
            future.set_exception(CancelledError("the task was stopped"))

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        """Stop what still runs when asked to cancel; otherwise nothing to do."""
        if cancel_futures:
            for future in list(self.running):
                self.stop(future)


def _answer(writer: Any, fn: Callable, args: tuple, kwargs: dict) -> None:
    """In a task's own process: run it, send back the result or the error."""
    start_worker()  # ends with the server (its parent is the fork server)
    try:
        outcome = ("ok", fn(*args, **kwargs))
    except Exception as err:
        outcome = ("error", err)
    try:
        writer.send(outcome)
    except Exception as err:  # a result or an error that cannot be pickled
        writer.send(("error", RuntimeError(f"{type(err).__name__}: {err}")))
    writer.close()


# ---------------------------------------------------------------- the queue
SCHEDULER_ENV = "CFL_SCHEDULER"
"""Environment variable with the address of a Dask scheduler."""

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
    front of the process pool of :func:`lab_workers`
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
        queue = FairQueue(inner, slots, alone=OwnProcess())
        _QUEUE["queue"] = queue
        return queue


def reset_queue() -> None:
    """Forget the shared queue (and close a Dask client): tests, a new address."""
    with _LOCK:
        client = _QUEUE["client"]
        _QUEUE.update(queue=None, client=None)
    if client is not None:
        client.close()
