"""The policy lab's page: :class:`PolicyLab` lays out the parts and wires them.

The page holds no logic: each click goes to its
:class:`~simulations.lab.state.LabState` (check, change, run), then the page
shows the state again. An impossible value or combination never raises: its
message is shown on the page (:attr:`PolicyLab.error_text`).
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import ipywidgets as w

from ..i18n import N_, _, get_language, language
from ..parameters import ParameterError, Scenario
from ..room.fair import FairQueue
from ..room.pool import shared_queue
from . import files
from .actions import FileActions, RunActions
from .calibrate import CalibratePanel
from .css import CSS
from .files_panel import FilesPanel
from .lever_tabs import LeverInputs
from .levers import lever_specs
from .runs import LabResults
from .shared import background as in_thread
from .state import (
    DEFAULT_BASELINE,
    DEFAULT_REPLICATIONS,
    LAB_DAYS,
    LAB_WARMUP_DAYS,
    LabState,
)
from .sure import HowSurePanel
from .texts import speak_own_language, title_html
from .views import Messages, ResultsView, RunControls
from .watch import WatchPanel
from .widgets import Looks, Pickers, plain_looks_shared

log = logging.getLogger(__name__)

FILES_NOTE = N_(
    "Your saved scenarios and reports are kept for you alone: other visitors "
    "cannot see or load them."
)
"""What the files panel says about where files go (never a server path)."""


class PolicyLab(RunActions, FileActions):
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
        Worker processes (default :func:`~simulations.room.pool.lab_workers`);
        1 runs in the kernel.
    save_dir
        Where scenario files and reports are saved and looked up (default:
        ``CFL_LAB_DIR`` or the current directory); the web server gives each
        visitor a folder of their own.
    visitor
        Who runs: the fair queue runs one job per visitor at a time.
    queue
        The fair queue of runs (default: the process's shared queue,
        :func:`~simulations.room.pool.shared_queue`).
    background
        Runs a function in the background (default: a thread); the web server
        gives one that keeps the visitor's session around it.
    lang
        The page's language (default: the language in use); every text, number,
        figure and report of this lab is in it, whatever other labs use.
    state
        The state of another lab to carry on from (its baseline, scenario, levers
        and results): the web server passes it when a visitor switches language.
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
        visitor: str = "notebook",
        queue: FairQueue | None = None,
        background: Callable[[Callable[[], None]], Any] | None = None,
        lang: str | None = None,
        state: LabState | None = None,
    ) -> None:
        self.language = get_language() if lang is None else lang
        with language(self.language):
            if state is None:
                state = LabState(
                    baseline, days=days, warmup_days=warmup_days, workers=workers
                )
            else:  # carried on from another lab: its levers' texts in this language
                state.specs = {s.dotted: s for s in lever_specs()}
            self.state = state
            self.specs = self.state.specs
            self.save_dir = files.lab_folder(save_dir)
            self.visitor = visitor
            self.queue = queue if queue is not None else shared_queue()
            self.background = self._in_language(background or in_thread)
            self.job = None
            self.refused: dict[str, str] = {}
            self._thread = None
            self._suspend = False
            self._build(replications, confidence)
            self._refresh()
            self.file_controls.show_files(files.listing(self.save_dir))

    def _in_language(
        self, start: Callable[[Callable[[], None]], Any]
    ) -> Callable[[Callable[[], None]], Any]:
        """``start``, with the work it runs done in this lab's language."""

        def run_in_language(target: Callable[[], None]) -> Any:
            def work() -> None:
                with language(self.language):
                    target()

            return start(work)

        return run_in_language

    # ------------------------------------------------------------ the page
    def _build(self, replications: int, confidence: float) -> None:
        with plain_looks_shared(Looks()):  # about 75 fewer widget models
            self._build_parts(replications, confidence)

    def _build_parts(self, replications: int, confidence: float) -> None:
        guard = self._guard
        self.pickers = Pickers()
        self.pickers.show(self.state)
        self.levers = LeverInputs(  # the first tab now, each other when shown
            self.specs.values(), self.state.lever_values, guard(self._on_input), guard
        )
        self.controls = RunControls(replications, confidence)
        self.view = ResultsView()
        self.file_controls = FilesPanel(_(FILES_NOTE))
        self.messages = Messages()
        self.how_sure = HowSurePanel(
            self.state, self.messages, self.queue, self.visitor
        )
        self.calibration = CalibratePanel(
            self.messages, self.set_baseline, self.queue, self.visitor
        )
        self.watch = WatchPanel(self.state, self.messages)
        self.error_box = self.messages.error_box
        self.notice_box = self.messages.notice_box
        title = w.HTML(CSS + title_html())
        title.add_class("cfl-title")
        self.widget = w.VBox(
            [
                title,
                *self.pickers.rows,
                self.levers.tabs,
                self.notice_box,
                self.controls.box,
                self.error_box,
                self.view.box,
                self.watch.box,
                self.how_sure.box,
                self.calibration.box,
                self.file_controls.box,
            ]
        )
        self.widget.add_class("cfl-lab")

        # The parts' widgets, by name (tests and notebooks use them).
        p, c, v, f = self.pickers, self.controls, self.view, self.file_controls
        self.baseline_picker = p.baseline_picker
        self.scenario_picker = p.scenario_picker
        self.name_box, self.reset_button = p.name_box, p.reset_button
        self.inputs, self.hints = self.levers.inputs, self.levers.hints
        self.lever_tabs = self.levers.tabs
        self.replications, self.confidence = c.replications, c.confidence
        self.run_button, self.progress, self.status = c.run_button, c.progress, c.status
        self.cancel_button = c.cancel_button
        self.summary_box, self.table_box = v.summary_box, v.table_box
        self.figure_tabs, self.report_link = v.figure_tabs, v.report_link
        self.make_report_button = v.report_button
        self.results_box = v.box
        self.files_panel = f.box  # its widgets: see FileActions

        # Callbacks: each one guarded, so that an error is a message on the page.
        self.baseline_picker.observe(guard(self._on_baseline_preset), names="value")
        self.scenario_picker.observe(guard(self._on_scenario_preset), names="value")
        self.name_box.observe(guard(self._on_name), names="value")
        self.reset_button.on_click(guard(lambda _: self.reset_to_baseline()))
        self.run_button.on_click(guard(lambda _: self.start_run()))
        self.cancel_button.on_click(guard(lambda _: self.cancel()))
        self.make_report_button.on_click(guard(lambda _: self.make_report()))
        f.wire(  # now, or when the panel is first opened
            name=guard(self._on_file_name),
            save=guard(lambda _: self.save_scenario()),
            load=guard(lambda _: self.load_scenario()),
            report=guard(lambda _: self.save_report()),
            upload=guard(self._on_upload),
        )
        self.how_sure.wire(guard, self.background)
        self.calibration.wire(guard, self.background)
        self.watch.wire(guard, self.background)

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)

    def _guard(self, fn: Callable[..., Any]) -> Callable[..., None]:
        """Wrap a widget callback: any error goes to the page, never a traceback."""

        def call(*args: Any) -> None:
            with language(self.language):
                try:
                    fn(*args)
                except ParameterError as err:
                    self.messages.error(str(err))
                except Exception:  # details for the server's log, not for the page
                    log.exception("a callback of the policy lab failed")
                    self.messages.error(_("That did not work; nothing was changed."))

        return call

    @contextlib.contextmanager
    def _quiet(self) -> Iterator[None]:
        """Set widgets from code without their callbacks reacting."""
        old, self._suspend = self._suspend, True
        try:
            yield
        finally:
            self._suspend = old

    def _show(self) -> None:
        """Show the state: pickers, name and levers; then check it."""
        with self._quiet():
            self.pickers.show(self.state)
            self.levers.show(self.state.lever_values)
        self.refused.clear()
        self._refresh()

    def _refresh(self) -> None:
        """Mark levers that differ from the baseline; check the combination."""
        state = self.state
        self.levers.show_hints(
            self.specs,
            state.baseline_levers(),
            state.lever_values,
            state.baseline.economics.currency,
        )
        try:
            differ = state.assumption_changes()
        except ParameterError as err:
            self.messages.error(str(err))
            return
        self.messages.error("; ".join(self.refused.values()))
        self.messages.assumptions(differ)

    # ------------------------------------------------------------ the state
    @property
    def workers(self) -> int:
        """Worker processes of the runs (1: in the kernel)."""
        return self.state.workers

    @property
    def error_text(self) -> str:
        """The error shown on the page, or "" when there is none."""
        return self.messages.text

    @property
    def results(self) -> LabResults | None:
        """Results of the last successful run, or None."""
        return self.state.results

    @property
    def lever_values(self) -> dict[str, Any]:
        """The scenario's levers and the horizon, by dotted name."""
        return self.state.lever_values

    @property
    def report_html(self) -> str | None:
        """The HTML report of the last run in the page's language, or None."""
        if self.results is None:
            return None
        with language(self.language):
            return self.results.report

    def scenario_name(self) -> str:
        """Name of the scenario, made different from the baseline's."""
        return self.state.scenario_name()

    def build(self) -> tuple[Scenario, Scenario]:
        """The baseline and the scenario as they would run now.

        Raises :class:`ParameterError` for an impossible value or combination.
        """
        return self.state.build()

    # ------------------------------------------------------------ levers
    def set_lever(self, name: str, value: Any) -> bool:
        """Set a lever (or ``business.days`` / ``business.warmup_days``).

        Returns True when the value was accepted; otherwise the reason is in
        :attr:`error_text` (and on the page) and nothing changes. A value that
        is fine alone but impossible with the others (warm-up longer than the
        horizon) is kept, and the page says why it cannot run.
        """
        try:
            value = self.state.set(name, value)
        except ParameterError as err:
            self.messages.error(str(err))
            return False
        self.refused.pop(name, None)
        with self._quiet():
            self.levers.put(name, value)
        self._refresh()
        return not self.error_text

    def reset_to_baseline(self) -> None:
        """Set the scenario back to a copy of the baseline."""
        self.state.reset_to_baseline()
        self._show()

    def set_baseline(self, baseline: str | Scenario) -> None:
        """Change today's business (a preset name or a scenario).

        A scenario that is still an unchanged copy of the baseline follows it.
        """
        self.state.set_baseline(baseline)
        self._show()

    def set_scenario(self, start: str | Scenario) -> None:
        """Start the scenario from a preset name, ``"baseline"`` or a scenario."""
        self.state.set_scenario(start)
        self._show()

    def _on_input(self, name: str, value: Any) -> None:
        """A value typed on the page: kept, or refused with the reason in red.

        A refused value stays in its box (so the visitor sees what was
        refused) and the page will not run until it is mended.
        """
        if self._suspend:
            return
        try:
            self.state.set(name, value)
        except ParameterError as err:
            self.refused[name] = str(err)
        else:
            self.refused.pop(name, None)
        self._refresh()

    def _on_file_name(self, change: dict) -> None:
        self.view.name_report(files.report_name(change["new"]))

    def _on_name(self, change: dict) -> None:
        self.state.name = change["new"]
        self._refresh()

    def _on_baseline_preset(self, change: dict) -> None:
        if not self._suspend:
            self.state.pick_baseline(change["new"])
            self._show()

    def _on_scenario_preset(self, change: dict) -> None:
        if not self._suspend:
            self.state.pick_scenario(change["new"])
            self._show()


speak_own_language(
    PolicyLab,
    (
        "run",
        "save_scenario",
        "load_scenario",
        "load_scenario_text",
        "save_report",
        "make_report",
        "set_lever",
        "set_baseline",
        "set_scenario",
        "reset_to_baseline",
    ),
)
