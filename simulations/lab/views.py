"""The page's other parts: run controls, results, messages. Widgets only, no logic.

Each part builds its widgets and knows how to show what it is given (a run's
progress, a run's results, a file message); :class:`~simulations.lab.page.PolicyLab`
puts them on the page and wires their buttons.
"""

from __future__ import annotations

import base64
import html
import threading
from typing import Any

import ipywidgets as w

from ..i18n import _, get_language, language, ngettext
from ..present.caveats import running_cost_html
from ..present.charts import FIGURE_STYLE
from ..present.format import number, percent
from ..present.labels import label, scenario_label
from ..present.tables import STYLE, kpi_table_html, verdicts_html
from ..results import HEADLINE
from .runs import LabResults
from .state import MAX_REPLICATIONS
from .texts import plain_names
from .widgets import Looks, hint


def html_box(cls: str, hidden: bool = False) -> w.HTML:
    """An HTML widget with a CSS class, hidden (``display: none``) when asked."""
    # A box shown and hidden needs a layout of its own; others share one.
    box = w.HTML("", layout=w.Layout(display="none")) if hidden else w.HTML("")
    box.add_class(cls)
    return box


def button(cls: str, description: str, icon: str, **kwargs: Any) -> w.Button:
    """A button with a CSS class (the browser test finds buttons by class)."""
    widget = w.Button(description=description, icon=icon, **kwargs)
    widget.add_class(cls)
    return widget


class Messages:
    """The error line (red) and the notice on assumptions (yellow)."""

    def __init__(self) -> None:
        self.error_box = html_box("cfl-error", hidden=True)
        self.notice_box = html_box("cfl-notice", hidden=True)
        self.text = ""

    def error(self, text: str) -> None:
        """Show an error (plain text); "" hides the line.

        The page names parameters by their plain labels; :attr:`text` keeps
        the message as it was raised.
        """
        self.text = text
        self.error_box.value = html.escape(plain_names(text))
        self.error_box.layout.display = "block" if text else "none"

    def assumptions(self, differ: list[str]) -> None:
        """Name the assumptions (not levers) that differ; none hides the notice."""
        names = ", ".join(label(name) for name in differ)
        self.notice_box.value = (
            html.escape(
                _(
                    "The scenario also differs from the baseline in assumptions "
                    "that are not levers: {names}. Reset to baseline to compare "
                    "policies only."
                ).format(names=names)
            )
            if differ
            else ""
        )
        self.notice_box.layout.display = "block" if differ else "none"


class RunControls:
    """Replications, confidence, the *Run* button, a progress bar and a status."""

    def __init__(self, replications: int, confidence: float) -> None:
        # Status lines are written from other threads too: keep the language.
        self.language = get_language()
        # Text, not a number box (those clamp silently): the page reads it.
        self.replications = w.Text(
            value=str(replications),
            description=_("Runs"),
            tooltip=_(
                "Runs of each scenario; more runs give narrower intervals "
                "(2 to {most})."
            ).format(most=MAX_REPLICATIONS),
            style={"description_width": "90px"},
            layout=w.Layout(width="170px"),
        )
        self.replications.add_class("cfl-replications")
        self.confidence = w.Dropdown(
            options=[(percent(level, 0), level) for level in (0.90, 0.95, 0.99)],
            value=confidence,
            description=_("Confidence"),
            style={"description_width": "80px"},
            layout=w.Layout(width="170px"),
        )
        self.run_button = button(
            "cfl-run",
            _("Run"),
            "play",
            button_style="primary",
            tooltip=_("Run baseline and scenario with the same random numbers."),
        )
        self.cancel_button = button(
            "cfl-cancel",
            _("Cancel"),
            "stop",
            tooltip=_("Stop this run: what has not started is dropped."),
            layout=w.Layout(display="none"),
        )
        self.progress = w.IntProgress(
            value=0, min=0, max=1, layout=w.Layout(width="200px", visibility="hidden")
        )
        self.status = hint("", "cfl-muted")
        self.status.add_class("cfl-status")
        self.box = w.HBox(
            [
                self.replications,
                self.confidence,
                self.run_button,
                self.cancel_button,
                self.progress,
                self.status,
            ],
            layout=w.Layout(align_items="center"),
        )
        self._lock = threading.Lock()
        self._done = self._total = 0
        self._live = False

    def busy(self, on: bool, total: int = 0) -> None:
        """Show a run of ``total`` replications starting, or the end of a run."""
        with language(self.language):
            self._busy(on, total)

    def _running(self, done: int, total: int) -> str:
        return ngettext(
            "running: {done} of {total} run done",
            "running: {done} of {total} runs done",
            total,
        ).format(done=done, total=total)

    def _busy(self, on: bool, total: int) -> None:
        self.run_button.disabled = on
        self.run_button.description = _("Running…") if on else _("Run")
        self.cancel_button.layout.display = "" if on else "none"
        self.cancel_button.disabled = False
        self.progress.layout.visibility = "visible" if on else "hidden"
        if on:
            with self._lock:
                self._done, self._total, self._live = 0, total, True
            self.progress.max = max(1, total)
            self.progress.value = 0
            self.status.value = self._running(0, total)

    def say(self, text: str) -> None:
        """Write the status line (HTML)."""
        self.status.value = text

    def stop(self, text: str) -> None:
        """The run is over: write ``text``; late ticks no longer show."""
        with self._lock:
            self._live = False
        self.status.value = text

    def waiting(self, ahead: int) -> None:
        """Say how many runs of other visitors are ahead of this one."""
        with self._lock:
            if not self._live:
                return
        with language(self.language):
            self.status.value = ngettext(
                "waiting for the shared server: {count} run ahead of yours",
                "waiting for the shared server: {count} runs ahead of yours",
                ahead,
            ).format(count=ahead)

    def tick(self) -> None:
        """One more replication done (called from the pool's thread)."""
        with self._lock:
            if not self._live:
                return
            self._done += 1
            done, total = self._done, self._total
        self.progress.value = min(done, total)
        with language(self.language):
            self.status.value = self._running(done, total)

    def finished(self, results: LabResults, seconds: float, shared: bool) -> None:
        """Say how long the run took, and what came from the shared cache."""
        with language(self.language):
            if shared:
                cached = _(", the same run was done already (shared results)")
            elif results.cached:
                cached = ngettext(
                    ", {count} run from the cache",
                    ", {count} runs from the cache",
                    results.cached,
                ).format(count=results.cached)
            else:
                cached = ""
            took = _("done in {seconds} s").format(seconds=number(round(seconds, 1)))
            pairs = ngettext(
                "{count} run of each scenario",
                "{count} runs of each scenario",
                results.pairs,
            ).format(count=results.pairs)
            self.stop(
                f"<span class='cfl-ok'>{html.escape(took)}</span>: "
                f"{html.escape(pairs + cached)}"
            )


class ResultsView:
    """Verdicts, the KPI table, the figures in tabs and the report's link.

    The figures are SVG, drawn by the visitor's browser. The report is made
    only when asked for (:attr:`report_button`, or saving it): most runs
    need none, and it is the largest thing a page would carry.
    """

    def __init__(self) -> None:
        self.summary_box = html_box("cfl-summary")
        self.table_box = html_box("cfl-table")
        self.figure_tabs = w.Tab(children=[])
        self.figure_tabs.add_class("cfl-figures")
        self.report_button = button(
            "cfl-make-report",
            _("Report (HTML)"),
            "file-text",
            tooltip=_(
                "Make the report to download: one file with the verdicts, "
                "the table, the figures and both scenarios' parameters."
            ),
            layout=w.Layout(width="auto"),
        )
        self.report_link = html_box("cfl-report-link")
        self.box = w.VBox(
            [
                self.summary_box,
                self.table_box,
                self.figure_tabs,
                w.HBox([self.report_button, self.report_link]),
            ],
            layout=w.Layout(display="none"),
        )
        self._charts: list[w.HTML] = []
        self._looks = Looks()
        self._payload = ""
        self._report_name = "policy_report.html"

    def show_table(self, results: LabResults) -> None:
        """The verdicts and the KPI table; the old figures fade until redrawn."""
        # Made once per language: shared results show to many visitors.
        summary, table = f"summary.{get_language()}", f"table.{get_language()}"
        shown = results.shown
        if summary not in shown:
            shown[summary], shown[table] = self._summary(results)
        self.summary_box.value = shown[summary]
        self.table_box.value = shown[table]
        self.figure_tabs.add_class("cfl-stale")
        self._payload = ""
        self.report_link.value = ""
        self.report_button.disabled = True
        self.box.layout.display = "flex"

    @staticmethod
    def _summary(results: LabResults) -> tuple[str, str]:
        """The verdicts (with any warning) and the KPI table, as HTML."""
        comparison, alt = results.comparison, results.scenario.name
        warn = ""
        if results.warnings:
            items = "".join(f"<li>{html.escape(x)}</li>" for x in results.warnings)
            text = ngettext(
                "Not every run finished; the intervals use {pairs} pair.",
                "Not every run finished; the intervals use {pairs} pairs.",
                results.pairs,
            ).format(pairs=results.pairs)
            warn = f"<div class='cfl-notice'>{html.escape(text)}<ul>{items}</ul></div>"
        heading = _("{scenario} against {baseline}").format(
            scenario=scenario_label(alt),
            baseline=scenario_label(comparison.baseline.name),
        )
        summary = (
            f"<style>{STYLE}{FIGURE_STYLE}</style>{warn}<h3>{html.escape(heading)}</h3>"
            + verdicts_html(comparison, HEADLINE, alt)
            + running_cost_html(results.baseline, results.scenario)
        )
        return summary, kpi_table_html(comparison, HEADLINE, alt)

    def name_report(self, report_name: str) -> None:
        """Download the report under ``report_name`` from now on."""
        self._report_name = report_name
        if self._payload:
            self.report_link.value = self._link()

    def _link(self) -> str:
        return (
            f"<a download='{html.escape(self._report_name)}' "
            f"href='data:text/html;charset=utf-8;base64,{self._payload}' "
            "class='cfl-download'>" + html.escape(_("Download report (HTML)")) + "</a>"
            " <span class='cfl-muted'>· "
            + html.escape(
                _(
                    "one file with the verdicts, the table, the figures and both "
                    "scenarios' parameters."
                )
            )
            + "</span>"
        )

    def offer_report(self, report: str) -> None:
        """A link that downloads ``report`` (the report of the results shown)."""
        self._payload = base64.b64encode(report.encode()).decode("ascii")
        self.report_link.value = self._link()

    def show_figures(self, results: LabResults, report_name: str) -> None:
        """The figures; the report can be made from now on (as ``report_name``)."""
        # The chart widgets are kept and their pictures replaced: the tabs keep
        # their place and the reader's choice of tab.
        pictures = list(results.images.values())
        looks = {"layout": self._looks.layout(), "style": self._looks.style(w.HTML)}
        while len(self._charts) < len(pictures):
            self._charts.append(w.HTML(**looks))
        for chart, svg in zip(self._charts, pictures, strict=False):
            chart.value = svg
        shown = tuple(self._charts[: len(pictures)])
        if self.figure_tabs.children != shown:
            self.figure_tabs.children = shown
        self.figure_tabs.titles = tuple(results.images)
        self.figure_tabs.remove_class("cfl-stale")
        self._report_name = report_name
        self.report_button.disabled = False
