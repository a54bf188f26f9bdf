"""Worker processes that end with the process that started them.

A process pool's workers normally end when their parent shuts the pool down.
When the parent is killed (``kill -9``, a crash, an out-of-memory kill) they
would live on, holding memory and cores. :func:`start_worker` is the
initializer of every pool of the package: in the worker it

- starts a watchdog thread that ends the worker as soon as the process that
  started it is gone: it waits on multiprocessing's link to that process (a
  pipe the parent holds open until it ends), or else watches the parent's id;
- asks Linux to kill the worker when its parent ends
  (``prctl(PR_SET_PDEATHSIG)``), which works even while the worker is busy
  in code that holds Python's lock, where the parent is a single-threaded
  process (a fork server) or the thread that also shuts the pool down;
- leaves Ctrl-C to the parent, which stops the pool (a worker prints no
  traceback).
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import sys
import threading
import time

PR_SET_PDEATHSIG = 1
"""Linux's prctl option: the signal a process gets when its parent ends."""


def start_worker(kernel_signal: bool = True) -> None:
    """In a new worker process: end with the parent, ignore Ctrl-C.

    Parameters
    ----------
    kernel_signal
        Also ask Linux for a signal when the parent's *thread* that started
        this worker ends. Right for pools whose workers a fork server starts,
        or whose starting thread outlives them; wrong for a worker started by
        a short-lived thread of a server (the watchdog alone serves there).
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if kernel_signal and sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    threading.Thread(target=_watch, name="cfl-parent-watch", daemon=True).start()


def _watch() -> None:
    """End this process once the process that started it is gone."""
    parent = multiprocessing.parent_process()
    if parent is not None:  # the link ends (is ready) when the parent ends
        parent.join()
    else:  # not started by multiprocessing: watch the parent's id
        first = os.getppid()
        while os.getppid() == first:
            time.sleep(0.5)
    os._exit(1)  # nobody waits for a result: no clean-up to do
