"""The pages Solara serves: the policy lab at ``/``, the seminar game under ``/game``.

Routes (:data:`routes`), all behind the room code of
:class:`~simulations.room.guard.RoomGuard`:

* ``/`` - the policy lab, one :class:`~simulations.lab.PolicyLab` per visitor,
  in the visitor's language (a switch on the page; the browser's
  ``Accept-Language`` until the visitor chooses, then the choice, kept by the
  server for that visitor);
* ``/game/`` - a team joins a game with its join code;
* ``/game/team?token=...`` - a team's page (the token comes with joining);
* ``/game/trainer?key=...`` - the trainer's page (the trainer's secret link);
* ``/game/new`` - a trainer starts a game (:mod:`simulations.game.app`).

Solara runs the lab's page once per browser tab, in one server process. Each tab
gets its own lab (a few MB of widgets); the runs of every tab go through the
process's fair queue. The visitor is the browser's Solara session cookie (a
random token that only the server hands out, for a day,
:mod:`simulations.room.sessions`): the visitor's saved files are kept in a
folder named by a hash of it, and a second tab of the same browser shares
them. A person's sessions (by the client's address) share one place in the
queue: a second run waits for the first. Work that happens in a background
thread (a run, the place in the queue) is done inside the tab's session, so
that its widgets update that tab. The game's debrief goes through the same fair queue
(:mod:`simulations.game.pool`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import solara
from solara.server import kernel_context

from ..game.app import make_routes
from ..i18n import _, language
from ..lab import PolicyLab, files
from ..lab.shared import background
from ..lab.state import LabState
from .language import LanguageSwitch, page_language, visitor_of
from .pool import shared_queue
from .sessions import person_of

log = logging.getLogger(__name__)


def in_session(context: Any) -> Callable[[Callable[[], None]], Any]:
    """A ``background`` for the lab that runs its work inside ``context``."""

    def start(target: Callable[[], None]) -> Any:
        def run() -> None:
            with context:
                target()

        return background(run)

    return start


def make_lab(
    token: str,
    root: Path | None = None,
    lang: str | None = None,
    state: LabState | None = None,
) -> PolicyLab:
    """The lab of one tab: the visitor's folder, the tab's session, a first run.

    The visitor's runs share one place in the fair queue with the other
    sessions of the same person (:func:`~simulations.room.sessions.person_of`).
    The first run is the default comparison: computed once for the whole
    server (and warmed when it starts), so it shows at once. With ``state``
    (the visitor switched the language) the lab carries on from it, and its
    run shows the same results again in the new language (the replications
    come from the cache).
    """
    folder = files.visitor_folder(files.lab_folder(root), token)
    visitor = visitor_of(token)
    queue = shared_queue()
    queue.people[visitor] = person_of(token)
    lab = PolicyLab(
        save_dir=folder,
        visitor=visitor,
        queue=queue,
        background=in_session(kernel_context.get_current_context()),
        lang=lang,
        state=state,
    )
    if state is None or state.results is not None:
        lab.start_run()
    return lab


@solara.component
def Page() -> None:  # noqa: N802 (the name Solara looks for)
    """The policy lab, one per tab, in the visitor's language."""
    token = solara.get_session_id()
    lang = page_language()  # the switch draws the page again in its language
    before = solara.use_ref(None)

    def build() -> PolicyLab:
        old = before.current
        if old is not None:  # its run goes on in the new lab
            old.cancel()
            old.calibration.cancel()
        lab = make_lab(token, lang=lang, state=old.state if old else None)
        before.current = lab
        return lab

    lab = solara.use_memo(build, [lang])

    def leave() -> Callable[[], None]:
        def cancel() -> None:  # a closed tab's run and fit are dropped
            lab.cancel()
            lab.calibration.cancel()

        return cancel

    solara.use_effect(leave, [lab])

    with language(lang):
        solara.Title(_("Policy lab"))
    LanguageSwitch()
    solara.Column(children=[lab.widget])


GAME = "game"
"""Where the game's pages are mounted: ``/game``."""


@solara.component
def Frame(children: list | None = None) -> None:  # noqa: N802 (a component)
    """The frame of every page: no tabs, so no page shows a link to another.

    The lab gets Solara's usual frame; the game's pages bring their own
    (:func:`simulations.game.app.make_layout`), as when they are served alone.
    """
    if solara.use_router().parts[:1] == [GAME]:
        solara.Column(children=children or [], style={"padding": "0"})
    else:
        solara.AppLayout(children=children or [], navigation=False)


routes = [
    solara.Route(path="/", component=Page, label="Policy lab", layout=Frame),
    solara.Route(path=GAME, label="Seminar game", children=make_routes(f"/{GAME}")),
]
"""The room's pages: the lab at ``/``, the seminar game under ``/game``."""
