"""The managers' policy lab: try a policy against today's business, in a page.

:class:`PolicyLab` is an ipywidgets dashboard (also served to a whole room as
a web page by one Solara server, :mod:`simulations.room`, ``scripts/app``).
A manager

1. picks today's business (the *baseline*, a preset or a saved file) and a
   starting point for the *scenario* (a copy of the baseline by default);
2. moves the policy levers, grouped by Igor Mann's four directions
   (Attraction, Working with the client, Retention, Return) plus Business
   (staff and the simulated horizon);
3. clicks *Run*: both scenarios run the same replications with common random
   numbers (:func:`simulations.experiments.compare`), and the page shows each
   KPI with its confidence interval, the paired difference and a plain
   verdict, and the standard figures;
4. saves the scenario as TOML, loads one back, and downloads a self-contained
   HTML report (:func:`simulations.present.report.html_report`).

The levers are built from :meth:`Scenario.describe` and the parameter
metadata (ranges, units, meaning), so the lab follows
:mod:`simulations.parameters`. The lab holds no model logic: it builds
scenarios and calls ``compare``. An impossible value or combination never
raises: its message is shown on the page (:attr:`PolicyLab.error_text`).

The modules, from the bottom up (none imports one above it; the model, the
experiments and :mod:`simulations.present` never import the lab). The process
pool and the fair queue in front of it (one job per visitor, first come first
served, Cancel, a cap on a run's work) are the room's, shared with the game:
:mod:`simulations.room.pool`, :mod:`simulations.room.fair`.

- :mod:`~simulations.lab.levers`: the levers, read from the parameter
  metadata, and the check of a value;
- :mod:`~simulations.lab.runs`: the cache of finished replications,
  :class:`LabResults`;
- :mod:`~simulations.lab.shared`: the finished runs one process shares;
- :mod:`~simulations.lab.state`: :class:`LabState`, the lab without a page:
  baseline, scenario, horizon, the run and its results;
- :mod:`~simulations.lab.files`: scenario files (TOML) and reports (HTML)
  on disk;
- :mod:`~simulations.lab.widgets`: levers to input widgets; the pickers of
  baseline and scenario; :mod:`~simulations.lab.lever_tabs`: the levers in
  tabs, each built the first time it is shown;
- :mod:`~simulations.lab.views`: the run controls, the results, the files
  panel, the messages; :mod:`~simulations.lab.css`: the page's look;
- :mod:`~simulations.lab.watch`: the "Watch a day" panel, a replay of a day of
  the last run (baseline and scenario, from their kept visits);
- :mod:`~simulations.lab.actions`: what the buttons do (run, cancel, files);
  :mod:`~simulations.lab.page`: :class:`PolicyLab`, the page: layout and
  callbacks, each handing its click to the state.

Only the widget modules (``widgets``, ``lever_tabs``, ``views``, the panels
and ``page``) import ipywidgets, and the page is imported when
:class:`PolicyLab` is first asked for, so the state can be used (and tested)
without widgets.

Speed. Runs go through one fair queue per process, in front of a process pool
kept alive for the whole process (``min(2, cores)`` workers; environment
variable ``CFL_LAB_WORKERS`` sets the number, 1 runs in a thread). Each
replication is one short task, and so is drawing the figures. Finished
replications are kept in a small cache keyed by the scenario's parameters
(all but its name) and the replication index, so a second click re-runs only
what changed: usually the scenario, not the baseline. Same seed, same
numbers, cached or not.

Tests and notebooks drive it without a browser::

    lab = PolicyLab()
    lab.set_lever("business.staff", 4)
    results = lab.run()          # synchronous; None (and lab.error_text) on error
    lab.start_run(); lab.wait()  # what the Run button does: in the background
    results.table.loc["profit", "difference"]
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..room.pool import lab_workers, shutdown_pool
from .levers import HORIZON, LeverSpec, check_value, lever_specs
from .runs import CACHE, LabResults, RunError
from .state import (
    DEFAULT_BASELINE,
    DEFAULT_REPLICATIONS,
    LAB_DAYS,
    LAB_WARMUP_DAYS,
    MAX_REPLICATIONS,
    LabState,
)

if TYPE_CHECKING:
    from .page import PolicyLab

__all__ = [
    "CACHE",
    "DEFAULT_BASELINE",
    "DEFAULT_REPLICATIONS",
    "HORIZON",
    "LAB_DAYS",
    "LAB_WARMUP_DAYS",
    "MAX_REPLICATIONS",
    "LabResults",
    "LabState",
    "LeverSpec",
    "PolicyLab",
    "RunError",
    "check_value",
    "lab_workers",
    "lever_specs",
    "shutdown_pool",
]


def __getattr__(name: str) -> Any:
    """:class:`PolicyLab` on first use: the page (and ipywidgets) load then."""
    if name == "PolicyLab":
        from .page import PolicyLab

        globals()["PolicyLab"] = PolicyLab
        return PolicyLab
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
