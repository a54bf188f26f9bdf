"""The lab's "Today's business from your sales" panel.

A manager uploads a CRM export of transactions (one row per purchase); the
simulator fits how often customers buy, how many drop out and how much they
spend (BG/NBD and Gamma-Gamma, :mod:`simulations.calibration`), and the
fitted business, whose customers are the file's own, becomes the baseline.
The page then shows, in plain words, how well that business reproduces the
sales it came from and the last weeks it was not fitted to. Widgets and
wiring only: the fitting and the check are in the calibration package
(:func:`~simulations.calibration.today.todays_business`), the words and the
plot in :mod:`simulations.present.self_check`.

The fit is one job of the shared fair queue, like a run: it waits its turn,
runs in a process of its own (so a big file costs the server's own process
neither time nor memory), and *Cancel* ends that process. A file of more than
``CFL_MAX_ROWS`` rows (default 2,000,000) is refused before it is read.
"""

from __future__ import annotations

import base64
import functools
import html
from collections.abc import Callable
from concurrent.futures import CancelledError
from concurrent.futures import TimeoutError as WaitTimeout

import ipywidgets as w

from ..calibration import CalibrationError
from ..calibration.today import todays_business
from ..i18n import N_, _, ngettext
from ..parameters import Scenario
from ..present.fit import estimates as estimate_table
from ..present.format import number
from ..present.report import figure_png
from ..present.self_check import check_html, tracking_figure
from ..room.fair import FairQueue, env_count
from .files import upload_limit
from .views import Messages, button

ROWS_ENV = "CFL_MAX_ROWS"
"""Environment variable with the most rows of an uploaded file."""

MAX_ROWS = 2_000_000
"""Default most rows of an uploaded file (a 2-million-row fit takes minutes)."""

HEADING = N_("Today's business from your sales")
INTRO = N_(
    "Upload a CSV export of purchases (one row per purchase: customer, date, "
    "amount). The simulator learns how often your customers come back, how many "
    "drop out and how much they spend, and uses that business, with your own "
    "customers, as the baseline. Then it checks how well it reproduces your sales."
)


def max_rows() -> int:
    """The most rows of an uploaded file: ``CFL_MAX_ROWS`` or :data:`MAX_ROWS`."""
    return env_count(ROWS_ENV, MAX_ROWS)


def count_rows(data: bytes) -> int:
    """The most rows a CSV file can hold: its line breaks after the header.

    A line break is ``\\n``, ``\\r`` or ``\\r\\n``, as the CSV reader
    takes them; a blank line or a break inside quotes only adds to the count,
    so the file never holds more rows than this.

    Examples
    --------
    >>> count_rows(b"id,date\\na,1\\nb,2\\n"), count_rows(b"id,date\\ra,1\\rb,2")
    (2, 2)
    >>> count_rows(b"id,date\\r\\na,1\\r\\n"), count_rows(b"id,date")
    (1, 0)
    """
    breaks = data.count(b"\n") + data.count(b"\r") - data.count(b"\r\n")
    if data and not data.endswith((b"\n", b"\r")):
        breaks += 1
    return max(0, breaks - 1)


class CalibratePanel:
    """Upload, column names, a button that sets the baseline, and Cancel.

    Parameters
    ----------
    messages
        Where an error is shown.
    use_baseline
        Called with the fitted scenario to make it today's business.
    queue, visitor
        The shared fair queue and who asks.
    """

    def __init__(
        self,
        messages: Messages,
        use_baseline: Callable[[Scenario], None],
        queue: FairQueue,
        visitor: str = "notebook",
    ) -> None:
        self.messages = messages
        self.use_baseline = use_baseline
        self.queue = queue
        self.visitor = visitor
        self.job = None
        self.upload = w.FileUpload(
            accept=".csv,.txt,.tsv", multiple=False, description=_("Upload a file")
        )
        self.upload.add_class("cfl-calibrate-upload")
        self.customer = w.Text(value="customer", description=_("Customer column"))
        self.date = w.Text(value="date", description=_("Date column"))
        self.amount = w.Text(value="amount", description=_("Amount column"))
        self.unit = w.Dropdown(
            options=[(_("weeks"), "week"), (_("days"), "day"), (_("months"), "month")],
            value="week",
            description=_("Time unit"),
        )
        self.button = button("cfl-calibrate", _("Use as today's business"), "upload")
        self.cancel_button = button(
            "cfl-calibrate-cancel", _("Cancel"), "stop", disabled=True
        )
        self.status = w.HTML("")
        self.answer = w.HTML("")
        self.answer.add_class("cfl-calibrate-answer")
        intro = (
            f"<h4>{html.escape(_(HEADING))}</h4>"
            f"<div class='cfl-muted'>{html.escape(_(INTRO))}</div>"
        )
        self.box = w.VBox(
            [
                w.HTML(intro),
                w.HBox([self.upload, self.unit]),
                w.HBox([self.customer, self.date, self.amount]),
                w.HBox([self.button, self.cancel_button, self.status]),
                self.answer,
            ]
        )

    def wire(
        self,
        guard: Callable[[Callable], Callable],
        background: Callable[[Callable[[], None]], object],
    ) -> None:
        """Connect the buttons through the page's error guard; fit in the background."""
        fit = guard(lambda: self.run())
        self.button.on_click(lambda _: background(fit))
        self.cancel_button.on_click(guard(lambda _: self.cancel()))

    def cancel(self) -> None:
        """Stop the fit: a waiting one is dropped, a running one ended."""
        job = self.job
        if job is not None:
            self.cancel_button.disabled = True
            self.status.value = html.escape(_("cancelling…"))
            job.cancel()

    def run(self, data: bytes | None = None) -> Scenario | None:
        """Fit the uploaded file (or ``data``) and make it the baseline.

        Synchronous (the button calls it in the background). Returns the
        scenario, or None when the file is refused or the fit cancelled;
        the reason is shown.
        """
        if data is None:
            if not self.upload.value:
                self.messages.error(_("Choose a transactions file to upload first"))
                return None
            item = self.upload.value[0]
            data = bytes(item["content"])
        limit = upload_limit("transactions")
        if len(data) > limit:
            self.messages.error(
                _(
                    "transactions file of {size} MB is too large; the page accepts "
                    "up to {limit} MB"
                ).format(
                    size=number(round(len(data) / 2**20)), limit=number(limit / 2**20)
                )
            )
            return None
        rows, most = count_rows(data), max_rows()
        if rows > most:
            self.messages.error(
                _(
                    "transactions file of {rows} rows is too large; this server fits "
                    "at most {most} rows (keep the most recent purchases)"
                ).format(rows=number(rows), most=number(most))
            )
            return None
        fit = functools.partial(todays_business, unit=self.unit.value)
        columns = (self.customer.value, self.date.value, self.amount.value)
        self.messages.error("")
        try:
            found = self._fit(fit, data, *columns)
        except CalibrationError as err:
            self.messages.error(str(err))
            return None
        except CancelledError:
            self.status.value = html.escape(
                _("cancelled: the baseline was not changed")
            )
            return None
        scenario = found.scenario
        self.use_baseline(scenario)
        table = estimate_table(found.calibration.parameters())
        png = figure_png(tracking_figure(found.check), dpi=80)
        plot = base64.b64encode(png).decode()
        fitted = _("Fitted {count} customers.").format(
            count=number(found.calibration.customers)
        )
        said = _("The baseline is now today's business, with your customers.")
        asked = _("Does it behave like your business?")
        alt = _("Purchases week by week: your data, the formula, the simulation")
        estimates = _("Estimates with intervals at 95%")
        self.answer.value = (
            f"<b>{html.escape(fitted)}</b> {html.escape(said)}"
            f"<h4>{html.escape(asked)}</h4>"
            f"<div class='cfl-muted'>{html.escape(found.checked)}</div>"
            + check_html(found.check)
            + f"<img src='data:image/png;base64,{plot}' style='max-width:100%' "
            + f"alt='{html.escape(alt)}'>"
            + f"<h4>{html.escape(estimates)}</h4>"
            + table.to_html(index=False, float_format=lambda x: number(x, 4))
        )
        self.messages.error("")
        return scenario

    def _fit(self, fit: Callable, *args: object) -> object:
        """``fit(*args)`` as one job of the queue, in a process of its own."""
        job = self.queue.open(self.visitor)
        self.job = job
        self.button.disabled, self.cancel_button.disabled = True, False
        try:
            future = job.submit_alone(fit, *args)
            while True:
                ahead = job.position()
                self.status.value = html.escape(
                    ngettext(
                        "waiting: {count} run of others ahead of yours…",
                        "waiting: {count} runs of others ahead of yours…",
                        ahead,
                    ).format(count=ahead)
                    if ahead and not job.started
                    else _("fitting and checking your sales…")
                )
                try:
                    return future.result(timeout=0.5)
                except WaitTimeout:
                    continue
        finally:
            self.job = None
            self.queue.close(job)
            self.button.disabled, self.cancel_button.disabled = False, True
            if not job.cancelled:
                self.status.value = ""
