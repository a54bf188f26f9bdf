"""The lab's "How sure is this?" panel: which assumptions could flip a verdict.

It runs the sensitivity check of :meth:`~simulations.lab.state.LabState.how_sure`
for the current baseline and scenario, and shows the plain sentence, the
tornado figure and the Morris ranking. Widgets and wiring only; the work is
in the state.
"""

from __future__ import annotations

import base64
import html
from collections.abc import Callable

import ipywidgets as w

from ..experiments import Sensitivity
from ..parameters import ParameterError
from ..present.report import figure_png
from ..present.sensitivity import tornado_figure
from ..results import KPIS
from ..room.fair import FairQueue, TooMuchWorkError, estimated_work
from .state import LabState
from .views import Messages, button, html_box

INTRO = (
    "<h4>How sure is this?</h4><div class='cfl-muted'>The verdict rests on "
    "assumptions about how customers behave. This check sets each of a few "
    "key assumptions to the low and the high end of its plausible range, in "
    "both businesses, and asks whether the verdict still holds. It takes "
    "about ten times as long as a run.</div>"
)


class HowSurePanel:
    """A button, a KPI choice and the answer.

    Parameters
    ----------
    state
        The lab's state (it builds the scenarios and runs the check).
    messages
        Where an error is shown.
    queue, visitor
        The shared fair queue and who asks (None: the kernel's own pool).
    """

    def __init__(
        self,
        state: LabState,
        messages: Messages,
        queue: FairQueue | None = None,
        visitor: str = "notebook",
    ) -> None:
        self.state = state
        self.messages = messages
        self.queue = queue
        self.visitor = visitor
        self.kpi = w.Dropdown(
            options=[(KPIS[k].label, k) for k in ("profit", "value_created", "nps")],
            value="profit",
            description="Verdict on",
        )
        self.button = button("cfl-how-sure", "How sure is this?", "question")
        self.answer = html_box("cfl-how-sure-answer")
        self.figure = w.HTML("")
        self.found: Sensitivity | None = None
        self.box = w.VBox(
            [w.HTML(INTRO), w.HBox([self.kpi, self.button]), self.answer, self.figure]
        )

    def wire(
        self,
        guard: Callable[[Callable], Callable],
        background: Callable[[Callable[[], None]], object],
    ) -> None:
        """Connect the button (run in the background) through the error guard."""
        check = guard(lambda: self.run())
        self.button.on_click(lambda _: background(check))

    def run(self) -> Sensitivity | None:
        """Run the check and show it; None (and a message) if it cannot run."""
        try:
            base, scenario = self.state.build()
        except ParameterError as err:
            self.messages.error(f"Cannot check: {err}")
            return None
        self.button.disabled = True
        self.answer.value = "Checking the assumptions..."
        try:
            if self.queue is None:
                found = self.state.how_sure(base, scenario, kpi=self.kpi.value)
            else:  # one job of the shared queue, like a run
                work = 10 * estimated_work([base, scenario], 3)
                job = self.queue.open(self.visitor, work)
                try:
                    found = self.state.how_sure(
                        base, scenario, kpi=self.kpi.value, pool=job.executor()
                    )
                finally:
                    self.queue.close(job)
        except TooMuchWorkError as err:
            self.messages.error(f"Cannot check: {err}")
            self.answer.value = ""
            return None
        finally:
            self.button.disabled = False
        self.found = found
        self.answer.value = f"<b>{html.escape(found.sentence())}</b>"
        png = base64.b64encode(figure_png(tornado_figure(found), dpi=80)).decode()
        self.figure.value = (
            f"<img src='data:image/png;base64,{png}' style='max-width:100%'>"
        )
        return found
