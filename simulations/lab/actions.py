"""What the page's buttons do: run, cancel, save, load, upload, report.

Mixins of :class:`~simulations.lab.page.PolicyLab`, kept apart from the
layout so that each module stays short. They use the page's parts
(``self.controls``, ``self.view``, ``self.messages``, ``self.file_controls``)
and its state (``self.state``).
"""

from __future__ import annotations

import html
import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import CancelledError
from pathlib import Path
from typing import Any

from ..i18n import N_, _
from ..parameters import ParameterError, Scenario
from ..room.fair import FairQueue, Job, TooMuchWorkError, estimated_work
from . import files
from .runs import LabResults, RunError
from .shared import RESULTS, run_key
from .state import MAX_REPLICATIONS

log = logging.getLogger(__name__)

FAILED = N_("The run failed; nothing was changed. Please try again.")
"""The message of an unexpected failure (the details go to the server's log)."""


class CancelledRunError(Exception):
    """The visitor cancelled the run."""


def read_replications(text: Any) -> int:
    """Replications from the page's box: a whole number from 2 to the maximum.

    Examples
    --------
    >>> read_replications(" 5 ")
    5
    >>> read_replications("1e12")
    Traceback (most recent call last):
    ...
    simulations...ParameterError: runs = 1e12 is not allowed; ...
    """
    shown = str(text).strip()
    try:
        number = float(shown)
    except ValueError:
        number = float("nan")
    if not (number.is_integer() and 2 <= number <= MAX_REPLICATIONS):
        raise ParameterError(
            _(
                "runs = {value} is not allowed; must be a whole number from 2 to {most}"
            ).format(value=shown or _("(empty)"), most=MAX_REPLICATIONS)
        )
    return int(number)


class RunActions:
    """*Run* and *Cancel*: runs go through the shared fair queue."""

    queue: FairQueue
    visitor: str
    background: Callable[[Callable[[], None]], Any]
    job: Job | None
    refused: dict[str, str]
    _thread: Any

    def start_run(self) -> None:
        """Run in the background (the *Run* button): the page stays live."""
        if self._thread is not None and self._thread.is_alive():
            return
        self._thread = self.background(self.run)

    def wait(self, timeout: float | None = None) -> LabResults | None:
        """Wait for a run started by :meth:`start_run`; its results."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)
        return self.state.results

    def cancel(self) -> None:
        """Stop the run: tasks not started are dropped, the rest discarded."""
        job = self.job
        if job is not None:  # say so first: the run may end at once
            self.controls.cancel_button.disabled = True
            self.controls.say(_("cancelling…"))
            job.cancel()

    def _checked(self) -> tuple[Scenario, Scenario, int, float]:
        """Both scenarios, replications and confidence, checked again here."""
        if self.refused:
            raise ParameterError(next(iter(self.refused.values())))
        base, scenario = self.state.build()
        replications = read_replications(self.replications.value)
        confidence = float(self.confidence.value)
        if confidence not in (0.9, 0.95, 0.99):
            raise ParameterError(
                _("confidence = {value} is not allowed").format(value=confidence)
            )
        return base, scenario, replications, confidence

    def run(self) -> LabResults | None:
        """Compare the scenario with the baseline and show the results.

        Synchronous. A run done before (by anyone on this server) is shown at
        once. The KPI table appears as soon as the replications are done, the
        figures and the report link after it. Returns the results, or None
        when the scenario cannot run or the run was cancelled; the reason is
        then in :attr:`error_text` or the status line. Never raises.
        """
        start = time.perf_counter()
        try:
            base, scenario, replications, confidence = self._checked()
        except ParameterError as err:
            self.messages.error(_("Cannot run: {reason}").format(reason=err))
            return None
        self.messages.error("")
        key = run_key(base, scenario, replications, confidence)
        while True:
            future, mine = RESULTS.claim(key)
            if mine:
                break
            self.controls.busy(True, 1)
            self.controls.say(_("the same run is under way for another visitor…"))
            try:
                found = future.result()
            except CancelledError:
                continue  # that visitor cancelled: run it here
            finally:
                self.controls.busy(False)
            if found is not None:
                return self._shown(found, start, shared=True)
        try:
            results = self._compute(base, scenario, replications, confidence, start)
        except BaseException:
            RESULTS.drop(key, future)
            raise
        if results is None:
            RESULTS.drop(key, future)
            return None
        RESULTS.finish(key, future, results)
        return self._shown(results, start, shared=False)

    def _shown(self, results: LabResults, start: float, shared: bool) -> LabResults:
        if shared:
            self.view.show_table(results)
        self.view.show_figures(results, files.report_name(self.file_controls.name()))
        self.state.results = results
        self.watch.follow(self.background)
        self.file_controls.report_ready()
        self.controls.finished(results, time.perf_counter() - start, shared)
        return results

    def _compute(
        self,
        base: Scenario,
        scenario: Scenario,
        replications: int,
        confidence: float,
        start: float,
    ) -> LabResults | None:
        """Run both scenarios as one job of the queue; None if it cannot."""
        try:
            work = estimated_work([base, scenario], replications)
            job = self.queue.open(self.visitor, work)
        except TooMuchWorkError as err:
            self.messages.error(_("Cannot run: {reason}").format(reason=err))
            return None
        self.job = job
        self.controls.busy(True, 2 * replications)
        done = threading.Event()
        self.background(lambda: self._watch(job, done))
        try:
            results = self.state.compare(
                base,
                scenario,
                replications,
                confidence,
                self.controls.tick,
                start,
                pool=job.executor(),
            )
            if job.cancelled:
                raise CancelledRunError
            self.view.show_table(results)
            results.timings["kpis"] = time.perf_counter() - start
            self.state.illustrate(results, pool=job.executor())
            results.seconds = results.timings["total"] = time.perf_counter() - start
        except (CancelledRunError, CancelledError):
            self.controls.stop(_("cancelled: nothing was changed"))
            return None
        except RunError as err:
            if job.cancelled:
                self.controls.stop(_("cancelled: nothing was changed"))
            else:
                self.messages.error(_("The run failed: {reason}").format(reason=err))
            return None
        except ParameterError as err:
            self.messages.error(_("Cannot run: {reason}").format(reason=err))
            return None
        except Exception:
            if job.cancelled:  # what was left of a cancelled run did not add up
                self.controls.stop(_("cancelled: nothing was changed"))
                return None
            log.exception("a run of the policy lab failed")
            self.messages.error(_(FAILED))
            return None
        finally:
            done.set()
            self.queue.close(job)
            self.job = None
            self.controls.busy(False)
        return results

    def _watch(self, job: Job, done: threading.Event) -> None:
        """Show the run's place in the queue until its first task starts."""
        while not done.is_set() and not job.started:
            ahead = job.position()
            if ahead:
                self.controls.waiting(ahead)
            done.wait(0.5)


def _files_part(name: str) -> property:
    """A widget of the files panel, by name (built on first use)."""
    return property(lambda self: getattr(self.file_controls, name), doc=name)


class FileActions:
    """Save and load scenarios, upload one, save the report: the visitor's files."""

    save_dir: Path
    # The files panel's widgets, by name (tests and notebooks use them).
    file_name, upload = _files_part("file_name"), _files_part("upload")
    load_target, files_box = _files_part("load_target"), _files_part("files_box")
    save_button, load_button = _files_part("save_button"), _files_part("load_button")
    report_button = _files_part("report_button")

    def _file(self, job: Callable[[str], Any], name: str | None, done: str) -> Any:
        """``job(name or the file name box)``; its result, or None on a FileError.

        ``done`` is the message on success, with ``{}`` for the file's name.
        """
        try:
            result = job(self.file_controls.name() if name is None else name)
        except files.FileError as err:
            self.messages.error(str(err))
            return None
        if done:
            self.messages.error("")
            shown = result.name if isinstance(result, Path) else str(result)
            self.file_controls.done(done.format(html.escape(shown)))
        self.file_controls.show_files(files.listing(self.save_dir))
        return result

    def save_scenario(self, name: str | None = None) -> Path | None:
        """Write the scenario (levers and horizon) to ``<name>.toml``."""

        def save(name: str) -> Path:
            return files.save_scenario(self.save_dir, name, self.state.scenario)

        return self._file(save, name, _("Saved the scenario as {}"))

    def load_scenario(self, name: str | None = None, target: str | None = None) -> bool:
        """Read ``<name>.toml`` into the scenario (or the baseline)."""
        found = self._file(lambda n: files.read_scenario(self.save_dir, n), name, "")
        return found is not None and self.load_scenario_text(
            *found, target, folder=self.save_dir
        )

    def load_scenario_text(
        self,
        text: str,
        origin: str = "scenario",
        target: str | None = None,
        folder: Path | None = None,
    ) -> bool:
        """Load TOML text into the scenario (default) or the baseline.

        ``folder``: where a saved file lies; None for an upload.
        """
        target = target or self.file_controls.target()
        if target not in ("scenario", "baseline"):
            raise ParameterError(
                _("load into {target!r} is not allowed").format(target=target)
            )
        try:
            loaded = files.parse_scenario(text, origin, folder)
        except files.FileError as err:
            self.messages.error(str(err))
            return False
        self.state.load(loaded, origin, target)
        self._show()
        if self.error_text:
            return False
        self.messages.error("")
        if target == "baseline":
            text = _("Loaded {name} into the baseline")
        else:
            text = _("Loaded {name} into the scenario")
        self.file_controls.done(text.format(name=html.escape(origin)))
        return True

    def _on_upload(self, change: dict) -> None:
        if not change["new"] or self._suspend:
            return
        item = change["new"][0]
        with self._quiet():
            try:
                self.upload.value = ()  # so that the same file can be uploaded again
            except Exception:
                log.debug("could not clear the upload", exc_info=True)
        try:
            text, name = files.uploaded(item, "scenario")
        except files.FileError as err:
            self.messages.error(str(err))
            return
        self.load_scenario_text(text, name)

    def make_report(self) -> str | None:
        """Make the HTML report of the last run and offer it for download."""
        if self.results is None:
            self.messages.error("Cannot make a report: run a comparison first")
            return None
        report = self.results.report
        self.view.offer_report(report)
        return report

    def save_report(self, name: str | None = None) -> Path | None:
        """Write the HTML report of the last run to ``<name>.html`` (and offer it)."""
        if self.results is None:
            self.messages.error(_("Cannot save a report: run a comparison first"))
            return None
        report = self.results.report
        path = self._file(
            lambda n: files.save_report(self.save_dir, n, report),
            name,
            _("Saved the report as {}"),
        )
        if path is not None:
            self.view.offer_report(report)
            self.view.name_report(path.name)
        return path
