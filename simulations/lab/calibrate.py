"""The lab's "Today's business from your sales" panel.

A manager uploads a CRM export of transactions (one row per purchase); the
simulator fits how often customers buy, how many drop out and how much they
spend (BG/NBD and Gamma-Gamma, :mod:`simulations.calibration`), and the
fitted business becomes the baseline. Widgets and wiring only; the fitting is
in the calibration package.
"""

from __future__ import annotations

import html
from collections.abc import Callable

import ipywidgets as w

from ..calibration import CalibrationError, calibrate_file
from ..i18n import N_, _
from ..parameters import Scenario
from ..present.format import number
from .files import upload_limit
from .views import Messages, button

HEADING = N_("Today's business from your sales")
INTRO = N_(
    "Upload a CSV export of purchases (one row per purchase: customer, date, "
    "amount). The simulator learns how often your customers come back, how many "
    "drop out and how much they spend, and uses that business as the baseline."
)


class CalibratePanel:
    """Upload, column names, and a button that sets the baseline.

    Parameters
    ----------
    messages
        Where an error is shown.
    use_baseline
        Called with the fitted scenario to make it today's business.
    """

    def __init__(
        self, messages: Messages, use_baseline: Callable[[Scenario], None]
    ) -> None:
        self.messages = messages
        self.use_baseline = use_baseline
        self.upload = w.FileUpload(
            accept=".csv,.txt,.tsv", multiple=False, description=_("Upload a file")
        )
        self.customer = w.Text(value="customer", description=_("Customer column"))
        self.date = w.Text(value="date", description=_("Date column"))
        self.amount = w.Text(value="amount", description=_("Amount column"))
        self.unit = w.Dropdown(
            options=[(_("weeks"), "week"), (_("days"), "day"), (_("months"), "month")],
            value="week",
            description=_("Time unit"),
        )
        self.button = button("cfl-calibrate", _("Use as today's business"), "upload")
        self.answer = w.HTML("")
        intro = (
            f"<h4>{html.escape(_(HEADING))}</h4>"
            f"<div class='cfl-muted'>{html.escape(_(INTRO))}</div>"
        )
        self.box = w.VBox(
            [
                w.HTML(intro),
                w.HBox([self.upload, self.unit]),
                w.HBox([self.customer, self.date, self.amount]),
                self.button,
                self.answer,
            ]
        )

    def wire(self, guard: Callable[[Callable], Callable]) -> None:
        """Connect the button through the page's error guard."""
        self.button.on_click(guard(lambda _: self.run()))

    def run(self, data: bytes | None = None) -> Scenario | None:
        """Fit the uploaded file (or ``data``) and make it the baseline."""
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
        try:
            found = calibrate_file(
                data,
                self.customer.value,
                self.date.value,
                self.amount.value,
                unit=self.unit.value,
            )
        except CalibrationError as err:
            self.messages.error(str(err))
            return None
        scenario = found.scenario()
        self.use_baseline(scenario)
        table = found.parameters()
        fitted = _("Fitted {count} customers.").format(count=number(found.customers))
        said = _(
            "The baseline is now today's business. Estimates, with intervals at 95%:"
        )
        self.answer.value = (
            f"<b>{html.escape(fitted)}</b> {html.escape(said)}"
            + table.to_html(index=False, float_format=lambda x: f"{x:.4g}")
        )
        self.messages.error("")
        return scenario
