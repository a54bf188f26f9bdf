"""The lab's "Today's business from your sales" panel.

A manager uploads a CRM export of transactions (one row per purchase); the
simulator fits how often customers buy, how many drop out and how much they
spend (BG/NBD and Gamma-Gamma, :mod:`simulations.calibration`), and the
fitted business becomes the baseline. Widgets and wiring only; the fitting is
in the calibration package.
"""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as w

from ..calibration import CalibrationError, calibrate_file
from ..parameters import Scenario
from .files import upload_limit
from .views import Messages, button

INTRO = (
    "<h4>Today's business from your sales</h4><div class='cfl-muted'>Upload a "
    "CSV export of purchases (one row per purchase: customer, date, amount). "
    "The simulator learns how often your customers come back, how many drop "
    "out and how much they spend, and uses that business as the baseline.</div>"
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
        self.upload = w.FileUpload(accept=".csv,.txt,.tsv", multiple=False)
        self.customer = w.Text(value="customer", description="Customer column")
        self.date = w.Text(value="date", description="Date column")
        self.amount = w.Text(value="amount", description="Amount column")
        self.unit = w.Dropdown(
            options=[("weeks", "week"), ("days", "day"), ("months", "month")],
            value="week",
            description="Time unit",
        )
        self.button = button("cfl-calibrate", "Use as today's business", "upload")
        self.answer = w.HTML("")
        self.box = w.VBox(
            [
                w.HTML(INTRO),
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
                self.messages.error("Choose a transactions file to upload first")
                return None
            item = self.upload.value[0]
            data = bytes(item["content"])
        limit = upload_limit("transactions")
        if len(data) > limit:
            self.messages.error(
                f"transactions file of {len(data) / 2**20:.0f} MB is too large; "
                f"the page accepts up to {limit / 2**20:.0f} MB"
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
        self.answer.value = (
            f"<b>Fitted {found.customers:,} customers.</b> The baseline is now "
            "today's business. Estimates with 95% intervals:"
            + table.to_html(index=False, float_format=lambda x: f"{x:.4g}")
        )
        self.messages.error("")
        return scenario
