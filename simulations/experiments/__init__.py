"""Experiments: replications, confidence intervals, comparisons, sweeps, warm-up.

One run proves nothing. This package runs many, in parallel, and reports
honest error bars:

* :func:`multiple_replications` - one scenario, N independent replications,
  mean / sd / Student-t interval per KPI;
* :func:`replications_needed` - how many replications give a chosen relative
  precision (the sequential method of Hoad, Robinson & Davies 2010);
* :func:`mser5` and :func:`choose_warmup` - warm-up length by MSER-5;
* :func:`compare` - alternatives against a baseline under common random
  numbers: paired differences with intervals, a plain verdict per KPI, and
  how much common random numbers narrowed the interval;
* :func:`sweep` - one or two levers over a grid, as a tidy table.

Every function takes ``workers`` (processes; 1 runs in this process) or any
:class:`concurrent.futures.Executor`, such as a Dask cluster's
``Client(address).get_executor()``. Replication ``i`` always uses the random
streams of index ``i``, so results do not depend on how work is spread.
Finished replications are kept when one fails or the user interrupts.

The modules, lowest first: :mod:`.stats` (intervals, summaries, MSER-5; no
runs), :mod:`.runner` (tasks, worker pools, :class:`Replications`),
:mod:`.store` (finished replications on disk, for resuming),
:mod:`.planning` (how many replications, how long a warm-up) and
:mod:`.compare` (:func:`compare`, :func:`sweep`). Numbers are written for
people by :mod:`simulations.present.format`.
"""

from .compare import Comparison, compare, sweep, verdict
from .planning import Precision, choose_warmup, replications_needed
from .runner import (
    Batch,
    Failure,
    Replications,
    Runner,
    multiple_replications,
    run_tasks,
)
from .sensitivity_analysis import Sensitivity, sensitivity
from .stats import (
    mser5,
    skew_warning,
    skewness,
    summarise_kpis,
    t_interval,
    too_skewed,
)

__all__ = [
    "Batch",
    "Comparison",
    "Failure",
    "Precision",
    "Replications",
    "Runner",
    "Sensitivity",
    "choose_warmup",
    "compare",
    "mser5",
    "multiple_replications",
    "replications_needed",
    "run_tasks",
    "sensitivity",
    "skew_warning",
    "skewness",
    "summarise_kpis",
    "sweep",
    "t_interval",
    "too_skewed",
    "verdict",
]
