"""The managers' policy lab: try a policy against today's business, in a page.

:class:`PolicyLab` is an ipywidgets dashboard (also served as a web page by
Voilà, see ``scripts/app``). A manager

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
   HTML report (:func:`simulations.report.html_report`).

The levers are built from :meth:`Scenario.describe` and the parameter
metadata (ranges, units, meaning), so the lab follows :mod:`simulations.parameters`.
The lab holds no model logic: it builds scenarios and calls ``compare``.
An impossible value or combination never raises: its message is shown on the
page (:attr:`PolicyLab.error_text`).

Speed. Runs are spread over a process pool kept alive for the whole kernel
(``min(2, cores)`` workers; environment variable ``CFL_LAB_WORKERS`` sets the
number, 1 runs in the kernel itself). Finished replications are kept in a
small cache keyed by the scenario's parameters (all but its name) and the
replication index, so a second click re-runs only what changed: usually the
scenario, not the baseline. Same seed, same numbers, cached or not.

Tests and notebooks drive it without a browser::

    lab = PolicyLab()
    lab.set_lever("business.staff", 4)
    results = lab.run()          # synchronous; None (and lab.error_text) on error
    results.table.loc["profit", "difference"]
"""

from __future__ import annotations

import base64
import contextlib
import dataclasses
import html
import json
import math
import multiprocessing
import os
import signal
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import ipywidgets as w
import pandas as pd

from . import report
from .experiments import Comparison, compare
from .parameters import GROUPS, PRESETS, ParameterError, Scenario, levers
from .results import RunResult

LAB_DAYS = 180
"""Days simulated by default in the lab (shorter than a year, for speed)."""

LAB_WARMUP_DAYS = 30
"""Warm-up days left out of the KPIs by default in the lab."""

DEFAULT_REPLICATIONS = 5
"""Replications per scenario by default: enough for an interval, fast."""

MAX_REPLICATIONS = 50
"""Most replications the lab offers per scenario."""

DEFAULT_BASELINE = "product_centric"
"""The preset that stands for today's business when nothing else is chosen."""

HORIZON: tuple[str, ...] = ("business.days", "business.warmup_days")
"""Parameters shared by baseline and scenario: both run the same horizon."""

TABS: tuple[tuple[str, str], ...] = (
    ("attraction", report.SECTION_LABELS["attraction"]),
    ("service", report.SECTION_LABELS["service"]),
    ("retention", report.SECTION_LABELS["retention"]),
    ("winback", report.SECTION_LABELS["winback"]),
    ("business", "Business"),
)
"""Lever tabs in order: Mann's four directions, then the business itself."""

CHOICE_LABELS: dict[str, str] = {
    "fifo": "first come, first served",
    "priority": "key customers first",
}
"""Plain words for text choices; other choices show with spaces for ``_``."""

CACHE_SIZE = 40
"""Replications kept in the cache of each kernel (the oldest go first)."""

BASELINE_OPTION = "__baseline__"
FILE_OPTION = "__file__"

WORKERS_ENV = "CFL_LAB_WORKERS"
DIR_ENV = "CFL_LAB_DIR"


# ---------------------------------------------------------------- levers
@dataclass(frozen=True)
class LeverSpec:
    """One lever of the page, read from the parameter metadata."""

    dotted: str
    section: str
    name: str
    kind: type
    default: Any
    unit: str
    doc: str
    low: float | None
    high: float | None
    low_open: bool
    high_open: bool
    choices: tuple[Any, ...] | None
    allowed: str
    lever: bool

    @property
    def label(self) -> str:
        """The name in words: ``acquisition_budget`` -> ``Acquisition budget``."""
        text = self.name.replace("_", " ")
        return text[0].upper() + text[1:]


def lever_specs(horizon: bool = True) -> list[LeverSpec]:
    """The levers (``lever=True`` parameters), plus the horizon when asked.

    Built from :meth:`Scenario.describe` (names, units, meaning, type, bounds).
    """
    specs = []
    for row in Scenario.describe():
        dotted = f"{row['group']}.{row['name']}"
        if not row["lever"] and not (horizon and dotted in HORIZON):
            continue
        specs.append(
            LeverSpec(
                dotted=dotted,
                section=row["group"],
                name=row["name"],
                kind=row["kind"],
                default=row["default"],
                unit=row["unit"],
                doc=row["meaning"],
                low=row["low"],
                high=row["high"],
                low_open=row["low_open"],
                high_open=row["high_open"],
                choices=row["choices"],
                allowed=row["allowed"],
                lever=row["lever"],
            )
        )
    return specs


def check_value(dotted: str, value: Any) -> Any:
    """Check one value against its parameter's range; return it converted.

    Raises :class:`ParameterError` with the parameter's own message.
    """
    section, _, name = dotted.rpartition(".")
    if section not in GROUPS:
        raise ParameterError(f"unknown parameter {dotted!r}")
    probe = GROUPS[section]()
    setattr(probe, name, value)
    return getattr(probe, name)


def _step(spec: LeverSpec) -> float:
    scale = abs(spec.default) if spec.default else (spec.high or 1.0)
    for size, step in ((1000, 100.0), (100, 10.0), (10, 5.0), (1, 0.5)):
        if scale >= size:
            return step
    return 0.05


def make_widget(spec: LeverSpec, value: Any) -> w.ValueWidget:
    """The input widget of one lever, with its range, unit and meaning."""
    common: dict[str, Any] = {
        "description": spec.label,
        "tooltip": f"{spec.doc} Allowed: {spec.allowed}.",
        "style": {"description_width": "210px"},
        "layout": w.Layout(width="440px"),
    }
    if spec.kind is bool:
        widget = w.Checkbox(value=bool(value), indent=True, **common)
    elif spec.kind is str:
        options = [(CHOICE_LABELS.get(c, c.replace("_", " ")), c) for c in spec.choices]
        widget = w.Dropdown(options=options, value=value, **common)
    elif spec.kind is int:
        widget = w.BoundedIntText(
            value=value,
            min=int(spec.low) if spec.low is not None else -(2**31),
            max=int(spec.high) if spec.high not in (None, math.inf) else 2**31 - 1,
            step=1,
            **common,
        )
    elif spec.low is not None and spec.high is not None and spec.high <= 1:
        step = 0.01 if spec.high <= 0.5 else 0.05
        widget = w.FloatSlider(
            value=value,
            min=spec.low,
            max=spec.high,
            step=step,
            readout_format=".2f",
            continuous_update=False,
            **common,
        )
    else:
        widget = w.BoundedFloatText(
            value=value,
            min=spec.low if spec.low is not None else -1e12,
            max=spec.high if spec.high not in (None, math.inf) else 1e12,
            step=_step(spec),
            **common,
        )
    widget.add_class("cfl-lever")
    widget.add_class("cfl-lever-" + spec.dotted.replace(".", "-").replace("_", "-"))
    return widget


# ---------------------------------------------------------------- workers
def lab_workers() -> int:
    """Worker processes of the lab: ``CFL_LAB_WORKERS`` or ``min(2, cores)``.

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
    """The kernel's process pool (created once, kept alive); None for 1 worker."""
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
            pool = ProcessPoolExecutor(
                max_workers=workers,
                mp_context=_context(),
                initializer=signal.signal,
                initargs=(signal.SIGINT, signal.SIG_IGN),
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
    """Stop the kernel's process pool (it restarts on the next run)."""
    with _POOL_LOCK:
        pool = _POOL["executor"]
        _POOL.update(executor=None, workers=0)
    if pool is not None:
        pool.shutdown(wait=True, cancel_futures=True)


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
        self._pending: dict[tuple, Future] = {}

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
            if key in self._pending:
                self.hits += 1
                return self._follow(self._pending[key], args[0].name)
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
                self._pending[key] = future

        def done(f: Future) -> None:
            with contextlib.suppress(Exception):
                if key is not None and not f.cancelled() and f.exception() is None:
                    result = f.result()
                    if isinstance(result, RunResult):
                        self.cache.put(key, result)
            self.on_done()

        future.add_done_callback(done)
        return future

    def _follow(self, running: Future, name: str) -> Future:
        """A future with the result of ``running``, renamed for ``name``."""
        future: Future = Future()

        def copy(f: Future) -> None:
            try:
                result = f.result()
            except BaseException as err:  # cancelled or failed: pass it on
                future.set_exception(err)
            else:
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
        paired difference with half-width, verdict (see :func:`report.kpi_frame`).
    images
        The standard figures as PNG bytes, by title.
    report
        The self-contained HTML report.
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
    images: dict[str, bytes]
    report: str
    seconds: float
    cached: int = 0
    warnings: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def verdicts(self) -> pd.Series:
        """The verdict of each headline KPI, as ``compare`` wrote it."""
        return self.table["verdict"]

    @property
    def plain_verdicts(self) -> pd.Series:
        """The same verdicts with numbers in the KPIs' units (as on the page)."""
        return self.table["plain"]


CSS = """
<style>
.cfl-lab { max-width: 1180px; }
.cfl-lab .lm-TabBar-tab, .cfl-lab .p-TabBar-tab { flex: 0 0 auto !important;
  max-width: none !important; min-width: 120px; }
.cfl-lab .cfl-title h2 { margin: 0 0 2px 0; }
.cfl-lab .cfl-muted { color: #52606d; font-size: 13px; }
.cfl-lab .cfl-hint { color: #52606d; font-size: 12.5px; line-height: 1.35; }
.cfl-lab .cfl-hint b.cfl-changed { color: #b45309; }
.cfl-lab .cfl-doc { color: #6b7280; font-size: 12px; margin: -4px 0 6px 215px; }
.cfl-error { background: #fdecea; border: 1px solid #f5c2c0; color: #8a1c1c;
  padding: 6px 10px; border-radius: 4px; font-weight: 600; }
.cfl-notice { background: #fff8e1; border: 1px solid #f1d48a; color: #6b4e00;
  padding: 6px 10px; border-radius: 4px; }
.cfl-ok { color: #1a7f37; }
.cfl-stale { opacity: 0.3; }
.cfl-lab .cfl-verdicts li { margin: 2px 0; }
</style>
"""


def _hint(text: str, cls: str = "cfl-hint") -> w.HTML:
    box = w.HTML(text)
    box.add_class(cls)
    return box


# ---------------------------------------------------------------- the lab
class PolicyLab:
    """The policy lab dashboard; display it, or use :attr:`widget`.

    Parameters
    ----------
    baseline
        Today's business: a preset name (see :data:`PRESETS`) or a scenario.
    replications
        Replications per scenario (shown, and changeable, on the page).
    days, warmup_days
        The simulated horizon of both scenarios (shown on the Business tab).
    confidence
        Confidence level of the intervals.
    workers
        Worker processes (default :func:`lab_workers`); 1 runs in the kernel.
    save_dir
        Where scenario files and reports are saved and looked up (default:
        ``CFL_LAB_DIR`` or the current directory).
    """

    def __init__(
        self,
        baseline: str | Scenario = DEFAULT_BASELINE,
        *,
        replications: int = DEFAULT_REPLICATIONS,
        days: int = LAB_DAYS,
        warmup_days: int = LAB_WARMUP_DAYS,
        confidence: float = 0.95,
        workers: int | None = None,
        save_dir: str | Path | None = None,
    ) -> None:
        self.workers = lab_workers() if workers is None else max(1, int(workers))
        self.save_dir = Path(save_dir or os.environ.get(DIR_ENV) or Path.cwd())
        self._suspend = False
        self._results: LabResults | None = None
        self._images: list[w.Image] = []
        self._error = ""
        self._lock = threading.Lock()
        self._done = 0
        self._total = 0
        if isinstance(baseline, Scenario):
            base = baseline.copy()
            base_option = FILE_OPTION
        else:
            base = Scenario.preset(baseline)
            base_option = baseline.replace("-", "_")
        self._base_source = base
        self._scen_source = base.copy()
        self._values: dict[str, Any] = levers(base)
        self._horizon: dict[str, Any] = {
            "business.days": check_value("business.days", days),
            "business.warmup_days": check_value("business.warmup_days", warmup_days),
        }
        self.specs = {s.dotted: s for s in lever_specs()}
        self._build_widgets(base_option, replications, confidence)
        self._refresh()
        warm_pool(self.workers)

    # ------------------------------------------------------------ widgets
    def _build_widgets(
        self, base_option: str, replications: int, confidence: float
    ) -> None:
        preset_options = [(p.replace("_", "-"), p) for p in PRESETS]
        if base_option == FILE_OPTION:
            preset_options.append((f"given: {self._base_source.name}", FILE_OPTION))
        self.baseline_picker = w.Dropdown(
            options=preset_options,
            value=base_option,
            description="Today (baseline)",
            tooltip="The business as it is today; the scenario is compared with it.",
            style={"description_width": "130px"},
            layout=w.Layout(width="340px"),
        )
        self.scenario_picker = w.Dropdown(
            options=[("copy of the baseline", BASELINE_OPTION), *preset_options[:3]],
            value=BASELINE_OPTION,
            description="Scenario starts as",
            tooltip="Where the scenario's levers start; then change them below.",
            style={"description_width": "130px"},
            layout=w.Layout(width="340px"),
        )
        self.name_box = w.Text(
            value="new policy",
            description="Scenario name",
            style={"description_width": "110px"},
            layout=w.Layout(width="300px"),
        )
        self.reset_button = w.Button(
            description="Reset to baseline",
            icon="undo",
            tooltip="Set every lever of the scenario back to the baseline's value.",
        )
        self.reset_button.add_class("cfl-reset")
        self.baseline_picker.observe(
            self._guard(self._on_baseline_preset), names="value"
        )
        self.scenario_picker.observe(
            self._guard(self._on_scenario_preset), names="value"
        )
        self.name_box.observe(self._guard(lambda _: self._refresh()), names="value")
        self.reset_button.on_click(self._guard(lambda _: self.reset_to_baseline()))

        # Levers, one tab per direction.
        self.inputs: dict[str, w.ValueWidget] = {}
        self.hints: dict[str, w.HTML] = {}
        pages = []
        for section, _title in TABS:
            rows: list[w.Widget] = []
            for spec in self.specs.values():
                if spec.section != section:
                    continue
                value = (
                    self._horizon[spec.dotted]
                    if spec.dotted in HORIZON
                    else self._values[spec.dotted]
                )
                widget = make_widget(spec, value)
                widget.observe(
                    self._guard(
                        lambda change, d=spec.dotted: self._on_input(d, change["new"])
                    ),
                    names="value",
                )
                hint = _hint("")
                self.inputs[spec.dotted] = widget
                self.hints[spec.dotted] = hint
                rows.append(w.HBox([widget, hint]))
                rows.append(_hint(html.escape(spec.doc), "cfl-doc"))
            if section == "business":
                rows.append(
                    _hint(
                        "Days and warm-up apply to baseline and scenario alike. "
                        "The lab simulates half a year by default, for speed; "
                        "the KPIs cover the days after the warm-up.",
                        "cfl-muted",
                    )
                )
            pages.append(w.VBox(rows))
        # Levers of groups outside the five tabs (none today) get their own tab.
        others = [s for s in self.specs.values() if s.section not in dict(TABS)]
        if others:
            rows = []
            for spec in others:
                widget = make_widget(spec, self._values[spec.dotted])
                widget.observe(
                    self._guard(
                        lambda change, d=spec.dotted: self._on_input(d, change["new"])
                    ),
                    names="value",
                )
                self.inputs[spec.dotted] = widget
                self.hints[spec.dotted] = _hint("")
                rows.append(w.HBox([widget, self.hints[spec.dotted]]))
            pages.append(w.VBox(rows))
        self.lever_tabs = w.Tab(children=pages)
        self.lever_tabs.titles = tuple(t for _, t in TABS) + (
            ("Other",) if others else ()
        )

        # Running.
        self.replications = w.BoundedIntText(
            value=replications,
            min=2,
            max=MAX_REPLICATIONS,
            description="Replications",
            tooltip="Runs of each scenario; more runs give narrower intervals.",
            style={"description_width": "90px"},
            layout=w.Layout(width="170px"),
        )
        self.confidence = w.Dropdown(
            options=[("90%", 0.90), ("95%", 0.95), ("99%", 0.99)],
            value=confidence,
            description="Confidence",
            style={"description_width": "80px"},
            layout=w.Layout(width="170px"),
        )
        self.run_button = w.Button(
            description="Run",
            icon="play",
            button_style="primary",
            tooltip="Run baseline and scenario with the same random numbers.",
        )
        self.run_button.add_class("cfl-run")
        self.run_button.on_click(self._guard(lambda _: self.run()))
        self.progress = w.IntProgress(
            value=0, min=0, max=1, layout=w.Layout(width="200px", visibility="hidden")
        )
        self.status = _hint("", "cfl-muted")
        self.status.add_class("cfl-status")
        self.error_box = w.HTML("", layout=w.Layout(display="none"))
        self.error_box.add_class("cfl-error")
        self.notice_box = w.HTML("", layout=w.Layout(display="none"))
        self.notice_box.add_class("cfl-notice")

        # Results.
        self.summary_box = w.HTML("")
        self.summary_box.add_class("cfl-summary")
        self.table_box = w.HTML("")
        self.table_box.add_class("cfl-table")
        self.figure_tabs = w.Tab(children=[])
        self.figure_tabs.add_class("cfl-figures")
        self.report_link = w.HTML("")
        self.report_link.add_class("cfl-report-link")
        self.results_box = w.VBox(
            [self.summary_box, self.table_box, self.figure_tabs, self.report_link],
            layout=w.Layout(display="none"),
        )

        # Files.
        self.file_name = w.Text(
            value="my_policy",
            description="File name",
            tooltip="A plain name; .toml or .html is added.",
            style={"description_width": "80px"},
            layout=w.Layout(width="280px"),
        )
        auto = {"layout": w.Layout(width="auto")}
        self.save_button = w.Button(
            description="Save scenario (.toml)", icon="save", **auto
        )
        self.load_button = w.Button(
            description="Load (.toml)", icon="folder-open", **auto
        )
        self.load_target = w.Dropdown(
            options=[("the scenario", "scenario"), ("the baseline", "baseline")],
            value="scenario",
            description="Load into",
            style={"description_width": "80px"},
            layout=w.Layout(width="280px"),
        )
        self.upload = w.FileUpload(
            accept=".toml", multiple=False, description="Upload .toml", **auto
        )
        self.report_button = w.Button(
            description="Save report (.html)", icon="file", disabled=True, **auto
        )
        self.save_button.add_class("cfl-save")
        self.load_button.add_class("cfl-load")
        self.report_button.add_class("cfl-save-report")
        self.save_button.on_click(self._guard(lambda _: self.save_scenario()))
        self.load_button.on_click(self._guard(lambda _: self.load_scenario()))
        self.report_button.on_click(self._guard(lambda _: self.save_report()))
        self.upload.observe(self._guard(self._on_upload), names="value")
        self.files_box = _hint("")
        files = w.VBox(
            [
                w.HBox([self.file_name, self.save_button, self.report_button]),
                w.HBox([self.load_target, self.load_button, self.upload]),
                _hint(
                    "Files are saved in and loaded from "
                    f"<code>{html.escape(str(self.save_dir))}</code>.",
                    "cfl-muted",
                ),
                self.files_box,
            ]
        )
        self.files_panel = w.Accordion(children=[files], titles=("Save and load",))

        title = w.HTML(
            CSS + "<h2>Policy lab</h2><div class='cfl-muted'>Try a policy before "
            "you pay for it. The scenario is compared with today's business on "
            "the same simulated customers; each figure comes with a confidence "
            "interval and a plain verdict.</div>"
        )
        title.add_class("cfl-title")
        self.widget = w.VBox(
            [
                title,
                w.HBox([self.baseline_picker, self.scenario_picker]),
                w.HBox([self.name_box, self.reset_button]),
                self.lever_tabs,
                self.notice_box,
                w.HBox(
                    [
                        self.replications,
                        self.confidence,
                        self.run_button,
                        self.progress,
                        self.status,
                    ],
                    layout=w.Layout(align_items="center"),
                ),
                self.error_box,
                self.results_box,
                self.files_panel,
            ]
        )
        self.widget.add_class("cfl-lab")

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)

    def _guard(self, fn: Callable[..., Any]) -> Callable[..., None]:
        """Wrap a widget callback: any error goes to the page, never a traceback."""

        def call(*args: Any) -> None:
            try:
                fn(*args)
            except ParameterError as err:
                self._set_error(str(err))
            except Exception as err:
                self._set_error(f"Something went wrong: {type(err).__name__}: {err}")

        return call

    @contextlib.contextmanager
    def _quiet(self) -> Iterator[None]:
        """Set widgets from code without their callbacks reacting."""
        old, self._suspend = self._suspend, True
        try:
            yield
        finally:
            self._suspend = old

    # ------------------------------------------------------------ state
    @property
    def error_text(self) -> str:
        """The error shown on the page, or "" when there is none."""
        return self._error

    @property
    def results(self) -> LabResults | None:
        """Results of the last successful run, or None."""
        return self._results

    @property
    def lever_values(self) -> dict[str, Any]:
        """The scenario's levers and the horizon, by dotted name."""
        return {**self._values, **self._horizon}

    def _set_error(self, text: str) -> None:
        self._error = text
        self.error_box.value = html.escape(text)
        self.error_box.layout.display = "block" if text else "none"

    def _set_notice(self, text: str) -> None:
        self.notice_box.value = text
        self.notice_box.layout.display = "block" if text else "none"

    def scenario_name(self) -> str:
        """Name of the scenario, made different from the baseline's."""
        name = self.name_box.value.strip() or "scenario"
        if name == self._base_source.name:
            name += " (scenario)"
        return name

    def build(self) -> tuple[Scenario, Scenario]:
        """The baseline and the scenario as they would run now.

        Raises :class:`ParameterError` for an impossible value or combination.
        """
        base = self._base_source.copy(None, **self._horizon)
        scenario = self._scen_source.copy(
            self.scenario_name(), **self._values, **self._horizon
        )
        return base, scenario

    def _refresh(self) -> None:
        """Mark levers that differ from the baseline; check the combination."""
        base_levers = levers(self._base_source)
        for dotted, hint in self.hints.items():
            spec = self.specs[dotted]
            unit = f"{html.escape(spec.unit)} · " if spec.unit else ""
            if dotted in HORIZON:
                hint.value = f"{unit}both scenarios"
                continue
            before = report.fmt_param(base_levers[dotted])
            if base_levers[dotted] != self._values[dotted]:
                hint.value = f"{unit}<b class='cfl-changed'>baseline: {before}</b>"
            else:
                hint.value = f"{unit}baseline: {before}"
        try:
            base, scenario = self.build()
        except ParameterError as err:
            self._set_error(str(err))
            return
        self._set_error("")
        differ = [
            row["parameter"]
            for row in report.parameter_rows(base, scenario)
            if row["changed"] and not row["lever"]
        ]
        self._set_notice(
            "The scenario also differs from the baseline in assumptions that "
            "are not levers: <code>"
            + html.escape(", ".join(differ))
            + "</code>. Reset to baseline to compare policies only."
            if differ
            else ""
        )

    # ------------------------------------------------------------ levers
    def set_lever(self, name: str, value: Any) -> bool:
        """Set a lever (or ``business.days`` / ``business.warmup_days``).

        Returns True when the value was accepted; otherwise the reason is in
        :attr:`error_text` (and on the page) and nothing changes. A value that
        is fine alone but impossible with the others (warm-up longer than the
        horizon) is kept, and the page says why it cannot run.
        """
        if name not in self.specs:
            self._set_error(
                f"{name!r} is not a lever of the lab; levers: {', '.join(self.specs)}"
            )
            return False
        try:
            value = check_value(name, value)
        except ParameterError as err:
            self._set_error(str(err))
            return False
        self._store(name, value)
        widget = self.inputs[name]
        with self._quiet():
            widget.value = value
        self._refresh()
        return not self._error

    def _store(self, name: str, value: Any) -> None:
        if name in HORIZON:
            self._horizon[name] = value
        else:
            self._values[name] = value

    def _on_input(self, name: str, value: Any) -> None:
        if self._suspend:
            return
        try:
            value = check_value(name, value)
        except ParameterError as err:
            self._set_error(str(err))
            return
        self._store(name, value)
        self._refresh()

    def _show_values(self) -> None:
        with self._quiet():
            for dotted, widget in self.inputs.items():
                value = self.lever_values[dotted]
                if widget.value != value:
                    widget.value = value
        self._refresh()

    def _set_scenario_source(self, scenario: Scenario) -> None:
        self._scen_source = scenario.copy()
        self._values = levers(scenario)
        self._show_values()

    def reset_to_baseline(self) -> None:
        """Set the scenario back to a copy of the baseline."""
        with self._quiet():
            self.scenario_picker.value = BASELINE_OPTION
        self._set_scenario_source(self._base_source)

    def _follows_baseline(self) -> bool:
        """True while the scenario is an unedited copy of the baseline."""
        if self.scenario_picker.value != BASELINE_OPTION:
            return False
        same_source = self._scen_source.to_dict() | {"name": ""} == (
            self._base_source.to_dict() | {"name": ""}
        )
        return same_source and self._values == levers(self._base_source)

    def set_baseline(self, baseline: str | Scenario) -> None:
        """Change today's business (a preset name or a scenario).

        A scenario that is still an unchanged copy of the baseline follows it.
        """
        follow = self._follows_baseline()
        if isinstance(baseline, Scenario):
            self._base_source = baseline.copy()
        else:
            self._base_source = Scenario.preset(baseline)
            with self._quiet():
                self.baseline_picker.value = baseline.replace("-", "_")
        if follow:
            self._set_scenario_source(self._base_source)
        else:
            self._refresh()

    def set_scenario(self, start: str | Scenario) -> None:
        """Start the scenario from a preset name, ``"baseline"`` or a scenario."""
        if isinstance(start, Scenario):
            self._set_scenario_source(start)
            return
        option = BASELINE_OPTION if start == "baseline" else start.replace("-", "_")
        with self._quiet():
            self.scenario_picker.value = option
        source = (
            self._base_source if option == BASELINE_OPTION else Scenario.preset(option)
        )
        self._set_scenario_source(source)

    def _on_baseline_preset(self, change: dict) -> None:
        if self._suspend or change["new"] == FILE_OPTION:
            return
        try:
            self.set_baseline(change["new"])
        except ParameterError as err:
            self._set_error(str(err))

    def _on_scenario_preset(self, change: dict) -> None:
        if self._suspend or change["new"] == FILE_OPTION:
            return
        try:
            self.set_scenario(
                "baseline" if change["new"] == BASELINE_OPTION else change["new"]
            )
        except ParameterError as err:
            self._set_error(str(err))

    # ------------------------------------------------------------ running
    def _tick(self) -> None:
        with self._lock:
            self._done += 1
            done, total = self._done, self._total
        self.progress.value = min(done, total)
        self.status.value = f"running: {done} of {total} replications done"

    def _busy(self, on: bool, total: int = 0) -> None:
        self.run_button.disabled = on
        self.run_button.description = "Running…" if on else "Run"
        self.progress.layout.visibility = "visible" if on else "hidden"
        if on:
            with self._lock:
                self._done, self._total = 0, total
            self.progress.max = max(1, total)
            self.progress.value = 0
            self.status.value = f"running: 0 of {total} replications done"

    def run(self) -> LabResults | None:
        """Compare the scenario with the baseline and show the results.

        Synchronous. The KPI table appears as soon as the replications are
        done, the figures and the report link after it. Returns the results,
        or None when the scenario cannot run; the reason is then in
        :attr:`error_text` and on the page. Never raises.
        """
        start = time.perf_counter()
        try:
            base, scenario = self.build()
        except ParameterError as err:
            self._set_error(f"Cannot run: {err}")
            return None
        self._set_error("")
        replications = int(self.replications.value)
        confidence = float(self.confidence.value)
        self._busy(True, 2 * replications)
        try:
            executor = CachingExecutor(shared_pool(self.workers), CACHE, self._tick)
            comparison = compare(
                base,
                [scenario],
                replications,
                confidence=confidence,
                executor=executor,
                progress=False,
                record_visits=True,
            )
            simulated = time.perf_counter()
            results = self._finish(comparison, base, scenario, executor, start)
            if results is not None:
                results.timings["simulate"] = simulated - start
        except ParameterError as err:
            self._set_error(f"Cannot run: {err}")
            return None
        except Exception as err:
            self._set_error(f"The run failed: {type(err).__name__}: {err}")
            return None
        finally:
            self._busy(False)
        if results is not None:
            self._show_status(results)
        return results

    def _finish(
        self,
        comparison: Comparison,
        base: Scenario,
        scenario: Scenario,
        executor: CachingExecutor,
        start: float,
    ) -> LabResults | None:
        alt = report.alternative(comparison, scenario.name)
        warnings = [
            f"{f.scenario}, replication {f.replication}: {f.error}"
            for f in (*comparison.baseline.failures, *alt.failures)
        ]
        pairs = int(comparison.table["pairs"].min())
        if pairs < 2:
            detail = f" First error: {warnings[0]}" if warnings else ""
            self._set_error(
                f"The run failed: only {pairs} replication pair(s) finished; an "
                f"interval needs at least two.{detail}"
            )
            return None
        # Keep the visits of the first replication only (the figures use it).
        for reps in (comparison.baseline, alt):
            reps.results = [
                r
                if r.replication == 0 or r.visits is None
                else dataclasses.replace(r, visits=None)
                for r in reps.results
            ]
        results = LabResults(
            comparison=comparison,
            baseline=base,
            scenario=scenario,
            table=report.kpi_frame(comparison, report.HEADLINE, alt.name),
            images={},
            report="",
            seconds=math.nan,
            cached=executor.hits,
            warnings=warnings,
        )
        self._results = results
        self._show_table(results)
        results.timings["kpis"] = time.perf_counter() - start
        try:
            results.images = report.standard_images(comparison, alt.name)
        except Exception as err:  # the numbers stand without the pictures
            results.warnings.append(
                f"figures could not be drawn: {type(err).__name__}: {err}"
            )
        results.report = report.html_report(
            comparison, base, scenario, images=results.images
        )
        self._show_figures(results)
        results.seconds = time.perf_counter() - start
        results.timings["total"] = results.seconds
        return results

    def _show_table(self, results: LabResults) -> None:
        comparison, alt = results.comparison, results.scenario.name
        pairs = int(comparison.table["pairs"].min())
        warn = ""
        if results.warnings:
            items = "".join(f"<li>{html.escape(x)}</li>" for x in results.warnings)
            warn = (
                "<div class='cfl-notice'>Not every replication finished; the "
                f"intervals use {pairs} pairs.<ul>{items}</ul></div>"
            )
        self.summary_box.value = (
            f"<style>{report.STYLE}</style>{warn}<h3>{html.escape(alt)} against "
            f"{html.escape(comparison.baseline.name)}</h3>"
            + report.verdicts_html(comparison, report.HEADLINE, alt)
        )
        self.table_box.value = report.kpi_table_html(comparison, report.HEADLINE, alt)
        self.figure_tabs.add_class("cfl-stale")  # the old figures, until redrawn
        self.report_link.value = "<span class='cfl-muted'>drawing the figures…</span>"
        self.results_box.layout.display = "flex"

    def _show_figures(self, results: LabResults) -> None:
        # The image widgets are kept and their pictures replaced: the tabs keep
        # their place and the reader's choice of tab.
        pictures = list(results.images.values())
        while len(self._images) < len(pictures):
            image = w.Image(format="png", layout=w.Layout(max_width="100%"))
            self._images.append(image)
        for image, png in zip(self._images, pictures, strict=False):
            image.value = png
        shown = tuple(self._images[: len(pictures)])
        if self.figure_tabs.children != shown:
            self.figure_tabs.children = shown
        self.figure_tabs.titles = tuple(results.images)
        self.figure_tabs.remove_class("cfl-stale")
        payload = base64.b64encode(results.report.encode("utf-8")).decode("ascii")
        self.report_link.value = (
            f"<a download='{html.escape(self._report_file_name())}' "
            f"href='data:text/html;charset=utf-8;base64,{payload}' "
            "class='cfl-download'>Download report (HTML)</a>"
            " <span class='cfl-muted'>· one file with the verdicts, the table, "
            "the figures and both scenarios' parameters.</span>"
        )
        self.report_button.disabled = False

    def _show_status(self, results: LabResults) -> None:
        pairs = int(results.comparison.table["pairs"].min())
        cached = (
            f", {results.cached} replications from the cache" if results.cached else ""
        )
        self.status.value = (
            f"<span class='cfl-ok'>done in {results.seconds:.1f} s</span>: "
            f"{pairs} replications of each scenario, {self.workers} "
            f"worker{'s' if self.workers > 1 else ''}{cached}"
        )

    # ------------------------------------------------------------ files
    def _path(self, name: str | None, suffix: str) -> Path:
        """A file in :attr:`save_dir` from a plain name; no other directory."""
        text = (self.file_name.value if name is None else name).strip()
        for known in (".toml", ".html"):
            text = text.removesuffix(known)
        if (
            not text
            or text.startswith(".")
            or any(c in text for c in "/\\:")
            or Path(text).name != text
        ):
            raise ParameterError(
                f"file name {text!r} is not allowed; give a plain name such as "
                "my_policy (no folders)"
            )
        return self.save_dir / f"{text}{suffix}"

    def _report_file_name(self) -> str:
        try:
            return self._path(None, ".html").name
        except ParameterError:
            return "policy_report.html"

    def _done_message(self, text: str) -> None:
        self._set_error("")
        self.files_box.value = f"<span class='cfl-ok'>{text}</span>"

    def save_scenario(self, name: str | None = None) -> Path | None:
        """Write the scenario (levers and horizon) to ``<name>.toml``."""
        try:
            path = self._path(name, ".toml")
            _, scenario = self.build()
            self.save_dir.mkdir(parents=True, exist_ok=True)
            scenario.to_toml(path)
        except ParameterError as err:
            self._set_error(f"Cannot save: {err}")
            return None
        except OSError as err:
            self._set_error(f"Cannot save: {err.strerror or err}")
            return None
        self._done_message(f"Saved the scenario to {html.escape(str(path))}")
        return path

    def load_scenario(self, name: str | None = None, target: str | None = None) -> bool:
        """Read ``<name>.toml`` into the scenario (or the baseline)."""
        try:
            path = self._path(name, ".toml")
            if not path.exists():
                raise ParameterError(
                    f"no scenario file {path.name!r} in {self.save_dir}"
                )
            text = path.read_text(encoding="utf-8")
        except ParameterError as err:
            self._set_error(f"Cannot load: {err}")
            return False
        except OSError as err:
            self._set_error(f"Cannot load: {err.strerror or err}")
            return False
        return self.load_scenario_text(text, path.name, target)

    def load_scenario_text(
        self, text: str, origin: str = "scenario", target: str | None = None
    ) -> bool:
        """Load TOML text into the scenario (default) or the baseline."""
        target = target or self.load_target.value
        try:
            loaded = Scenario.from_toml_text(text, origin=origin)
        except ParameterError as err:
            self._set_error(f"Cannot load: {err}")
            return False
        horizon = {k: loaded.get(k) for k in HORIZON}
        if target == "baseline":
            follow = self._follows_baseline()
            self._base_source = loaded
            self._set_file_option(self.baseline_picker, origin)
            if follow:
                self._set_scenario_source(loaded)
        else:
            self._set_file_option(self.scenario_picker, origin)
            if loaded.name != self._base_source.name:
                with self._quiet():
                    self.name_box.value = loaded.name
            self._set_scenario_source(loaded)
        self._horizon.update(horizon)
        self._show_values()
        if self._error:
            return False
        self._done_message(f"Loaded {html.escape(origin)} into the {target}")
        return True

    def _set_file_option(self, picker: w.Dropdown, origin: str) -> None:
        options = [o for o in picker.options if o[1] != FILE_OPTION]
        with self._quiet():
            picker.options = [*options, (f"file: {origin}", FILE_OPTION)]
            picker.value = FILE_OPTION

    def _on_upload(self, change: dict) -> None:
        files = change["new"]
        if not files or self._suspend:
            return
        item = files[0]
        with contextlib.suppress(Exception), self._quiet():
            self.upload.value = ()  # so that the same file can be uploaded again
        try:
            text = bytes(item["content"]).decode("utf-8")
        except UnicodeDecodeError:
            self._set_error(f"Cannot load: {item.get('name', 'file')} is not text")
            return
        self.load_scenario_text(text, item.get("name", "upload.toml"))

    def save_report(self, name: str | None = None) -> Path | None:
        """Write the HTML report of the last run to ``<name>.html``."""
        if self._results is None:
            self._set_error("Cannot save a report: run a comparison first")
            return None
        try:
            path = self._path(name, ".html")
            self.save_dir.mkdir(parents=True, exist_ok=True)
            path.write_text(self._results.report, encoding="utf-8")
        except ParameterError as err:
            self._set_error(f"Cannot save: {err}")
            return None
        except OSError as err:
            self._set_error(f"Cannot save: {err.strerror or err}")
            return None
        self._done_message(f"Saved the report to {html.escape(str(path))}")
        return path

    @property
    def report_html(self) -> str | None:
        """The HTML report of the last run, or None."""
        return self._results.report if self._results else None
