"""The lab's "Watch a day" panel: a day of the last run, baseline above, scenario below.

It needs no new run: the first replication of each scenario keeps its visits
(see :meth:`~simulations.lab.state.LabState.compare`), and the replay is
built from those records (:mod:`simulations.present.replay`). Both play in
step, with the same customers (common random numbers). Widgets and wiring
only.
"""

from __future__ import annotations

import html
from collections.abc import Callable

import ipywidgets as w

from ..experiments import Replications
from ..i18n import N_, _
from ..present.replay import Replay, embedded, last_day, watch
from ..present.tables import alternative
from ..results import RunResult
from .state import LabState
from .views import Messages, button, html_box
from .widgets import LazyPanel, built_part

INTRO = N_(
    "A day at the desk in the last run: today's business above, the scenario "
    "below, with the same customers. Shapes show each customer's loyalty, colours "
    "how they judged the visit. Press Play, or jump to an hour."
)


PREFIX = N_("Watch a day: ")
"""How the panel's messages begin (the page's error line is shared)."""


def first_run(reps: Replications) -> RunResult | None:
    """The replication that kept its visits (the first), or None."""
    for run in reps.results:
        if run.replication == 0 and run.visits is not None:
            return run
    return None


class WatchPanel:
    """A day box, a button, and the replay.

    Parameters
    ----------
    state
        The lab's state (its last results are replayed).
    messages
        Where an error is shown.
    """

    def __init__(self, state: LabState, messages: Messages) -> None:
        self.state = state
        self.messages = messages
        self.replay: Replay | None = None
        self.shown_for: object = None  # the results the replay was built from
        self._check: Callable[[], None] | None = None  # show(), guarded (wire)
        self._background: Callable[[Callable[[], None]], object] | None = None
        # Built the first time the panel is opened (or code needs its widgets).
        self.panel = LazyPanel(_("Watch a day"), self._make)
        self.box = self.panel.box
        self.box.add_class("cfl-watch-panel")

    def _make(self) -> list[w.Widget]:
        # Text, not a number box (those clamp silently): the page reads it.
        self._day = w.Text(
            value="",
            placeholder=_("the last"),
            description=_("Day"),
            tooltip=_("A day of the last run (empty: the last finished day)."),
            style={"description_width": "40px"},
            layout=w.Layout(width="170px"),
            continuous_update=False,
        )
        self._day.add_class("cfl-watch-day")
        self._button = button("cfl-watch", _("Watch the day"), "film")
        self._note = html_box("cfl-watch-note")
        self._view = html_box("cfl-replay-box")
        self._connect()
        return [
            w.HTML(f"<div class='cfl-muted'>{html.escape(_(INTRO))}</div>"),
            w.HBox([self._day, self._button, self._note]),
            self._view,
        ]

    day = built_part("day", "The box of the day to watch.")
    button = built_part("button", "*Watch the day*.")
    note = built_part("note", "Which day is shown, of which days.")
    view = built_part("view", "The replay.")

    def wire(
        self,
        guard: Callable[[Callable], Callable],
        background: Callable[[Callable[[], None]], object],
    ) -> None:
        """Connect the button, the day box and the opening of the panel.

        Opening the panel builds it and shows the last run's day at once
        (built in the background), unless that replay is already shown.
        """
        self._check = guard(lambda: self.show())
        self._background = background
        if self.panel.built:
            self._connect()

        def opened(change: dict) -> None:
            if change["new"] == 0 and self.shown_for is not self.state.results:
                background(self._check)

        self.box.observe(opened, names="selected_index")

    def _connect(self) -> None:
        """Connect the button and the day box, once both they and wire() are."""
        check, background = self._check, self._background
        if check is None or background is None:
            return
        self._button.on_click(lambda _: background(check))
        self._day.observe(lambda _: background(check), names="value")

    def follow(self, background: Callable[[Callable[[], None]], object]) -> None:
        """A new run is shown: replay it now if the panel is open (else on opening)."""
        if self.box.selected_index == 0 and self._check is not None:
            background(self._check)

    def runs(self) -> list | None:
        """(run, scenario) of the baseline and the scenario; None before a run."""
        results = self.state.results
        if results is None:
            return None
        comparison = results.comparison
        pairs = [
            (first_run(comparison.baseline), results.baseline),
            (
                first_run(alternative(comparison, results.scenario.name)),
                results.scenario,
            ),
        ]
        if any(run is None for run, _scenario in pairs):
            return None
        return pairs

    def show(self) -> Replay | None:
        """Build the replay of the chosen day; None (and a message) if it cannot."""
        runs = self.runs()
        if runs is None:
            self._error(_("run the comparison first (its first runs are replayed)."))
            return None
        last = last_day([run for run, _scenario in runs]) + 1  # days counted from 1
        text = self.day.value.strip()
        if not text:
            day = last
        elif text.isdigit() and 1 <= int(text) <= last:
            day = int(text)
        else:
            self._error(
                _(
                    "day = {value} is not allowed; choose a day from 1 to {last} "
                    "of the last run."
                ).format(value=repr(text[:20]), last=last)
            )
            return None
        self.button.disabled = True
        try:
            replay = watch(runs, day - 1, title="")
        finally:
            self.button.disabled = False
        if self.messages.text.startswith(_(PREFIX)):  # ours, now mended
            self.messages.error("")
        self.replay = replay
        self.shown_for = self.state.results
        note = _("day {day} of {days}; day 1 to {last} can be watched").format(
            day=day, days=last + 1, last=last
        )
        self.note.value = f"<span class='cfl-muted'>{html.escape(note)}</span>"
        self.view.value = embedded(replay.html, len(replay.panels))
        return replay

    def _error(self, text: str) -> None:
        self.messages.error(_(PREFIX) + text)
