"""What the game's pages share: the hall, work in the background, the base path, prose.

Kept apart from the pages so that they import it and not one another.
"""

from __future__ import annotations

import html
import logging
import os
import re
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import markdown
import solara

from ..i18n import N_, _
from ..room.language import speaks
from .session import GameError, GameHall

log = logging.getLogger(__name__)

_HALL: list[GameHall] = []
_HALL_LOCK = threading.Lock()
PLAYING: dict[str, str] = {}
"""Games whose round is being played in the background: game -> message."""


def hall() -> GameHall:
    """The server's one hall of games (made on first use)."""
    with _HALL_LOCK:
        if not _HALL:
            path = os.environ.get("CFL_GAME_DB") or "results/game/games.sqlite"
            workers = int(os.environ.get("CFL_GAME_WORKERS", "0"))
            _HALL.append(GameHall(Path(path), workers=workers))
        return _HALL[0]


def play_in_background(game: str) -> None:
    """Play the current round of ``game`` in a thread (once at a time)."""
    with _HALL_LOCK:
        if PLAYING.get(game) == "playing":
            return
        PLAYING[game] = "playing"

    def work() -> None:
        try:
            hall().play_round(game)
            PLAYING[game] = ""
        except GameError as err:
            PLAYING[game] = str(err)
        except Exception:  # a page shows a sentence, never a traceback
            log.exception("round of %s failed", game)
            PLAYING[game] = N_("The round could not be played; try again.")

    threading.Thread(target=work, daemon=True).start()


BACKGROUND: dict[str, tuple[str, Any]] = {}
"""Long jobs (the debrief): key -> (state, result); state is running, done, error."""

CHANGES: dict[str, int] = {}
"""How often each job of :data:`BACKGROUND` changed state (pages watch this)."""


def _set(key: str, state: str, result: Any) -> None:
    """Record a job's state (call with :data:`_HALL_LOCK` held)."""
    BACKGROUND[key] = (state, result)
    CHANGES[key] = CHANGES.get(key, 0) + 1


def progress(key: str) -> Callable[[int, int], None]:
    """What a job calls as its replays end: the page shows "12 of 40 done"."""

    def tell(done: int, total: int) -> None:
        with _HALL_LOCK:
            if BACKGROUND.get(key, ("",))[0] == "running":
                _set(key, "running", (done, total))

    return tell


def run_in_background(key: str, job: Callable[[], Any]) -> None:
    """Run ``job`` in a thread, its state and result in :data:`BACKGROUND`.

    While it runs, its result is its progress ``(done, total)`` or None
    (see :func:`progress`). The thread only waits when ``job`` hands its
    work to the shared pool (:mod:`simulations.game.pool`), as the debrief
    and "what if" do.
    """
    with _HALL_LOCK:
        if BACKGROUND.get(key, ("",))[0] == "running":
            return
        _set(key, "running", None)

    def work() -> None:
        try:
            outcome = ("done", job())
        except GameError as err:
            outcome = ("error", str(err))
        except Exception:  # a page shows a sentence, never a traceback
            log.exception("%s failed", key)
            outcome = ("error", N_("This could not be computed; try again."))
        with _HALL_LOCK:
            _set(key, *outcome)

    threading.Thread(target=work, daemon=True).start()


BASE = solara.create_context("")
"""Where the game's pages are mounted: "" at the root, "/game" in the room server.

The game's layout provides it (:func:`simulations.game.app.make_routes`)."""


def use_base() -> str:
    """The path the game's pages are mounted at (a hook: call it in a component)."""
    return solara.use_context(BASE)


def query(name: str) -> str:
    """A value of the page's query string ("" when absent)."""
    search = solara.use_router().search or ""
    return parse_qs(search).get(name, [""])[0]


def signature(game: str) -> tuple:
    """What a page shows that others can change: round, status, teams in...

    A page re-renders only when this changes, so that a poll never disturbs
    a person typing.
    """
    h = hall()
    try:
        info = h.info(game)
    except GameError:
        return ()
    teams = h.store.teams(game)
    return (
        info["round"],
        info["status"],
        bool(info["playing"]),
        PLAYING.get(game, ""),
        tuple(sorted(h.submitted(game))),
        tuple((t["name"], t["members"]) for t in teams),
        len(h.store.events(game)),
        tuple(sorted(info["settings"].items())),
        CHANGES.get(f"debrief-{game}", 0),
        CHANGES.get(f"what-if-{game}", 0),
    )


def use_watch(game: str, seconds: float = 2.0) -> tuple:
    """The game's :func:`signature`, re-read every ``seconds``."""
    seen, set_seen = solara.use_state(signature(game))

    def watch(cancel: threading.Event) -> None:
        last = seen
        while not cancel.wait(seconds):  # set when the page goes away
            now = signature(game)
            if now != last:
                last = now
                set_seen(now)

    solara.use_thread(watch, dependencies=[game], intrusive_cancel=False)
    return seen


_MARKDOWN_SIGNS = re.compile(r"([\\`*_{}\[\]()#+\-.!])")
"""The signs Python-Markdown lets a backslash escape (``<`` and ``>`` are
made entities first)."""


def plain(text: object) -> str:
    """``text`` as plain text inside the Markdown of :func:`prose`.

    Names and titles come from people: HTML in them must stay text, and so
    must Markdown (a name like ``[x](javascript:...)`` must never become a
    link). Every sign Markdown reads is escaped with a backslash, after the
    HTML signs are made entities.

    Examples
    --------
    >>> markdown.markdown(plain("[go](javascript:alert(1)) <b>"))
    '<p>[go](javascript:alert(1)) &lt;b&gt;</p>'
    """
    return _MARKDOWN_SIGNS.sub(r"\\\1", html.escape(str(text), quote=False))


def prose(text: str) -> None:
    """Show Markdown ``text``, made into HTML on the server.

    ``solara.Markdown`` loads libraries for diagrams and maths (about 1 MB of
    scripts) into every page that shows it. These pages have neither, and a
    team's phone opens them faster without. Values that come from people
    (names, event titles) go into ``text`` through :func:`plain`.
    """
    solara.HTML(
        tag="div",
        unsafe_innerHTML=markdown.markdown(text),
        classes=["solara-markdown", "rendered_html", "jp-RenderedHTMLCommon"],
    )


LOST_TEXT = N_(
    "The connection to the game's server is lost. This page comes back by "
    "itself when the server is back; nothing you sent is lost."
)


@solara.component_vue("connection.vue")
def ConnectionWatch(lost_text: str = LOST_TEXT) -> None:  # noqa: N802 (a component)
    """A red line when the page has lost the server; a reload when it is back.

    Runs in the browser (``connection.vue``): it needs no server to say so.
    """


@solara.component
@speaks
def Guard(children: list | None = None) -> Any:  # noqa: N802 (a component)
    """Show ``children``; if they fail, a sentence in red, never a traceback.

    What failed goes to the server's log.
    """
    error, _clear = solara.use_exception()
    if error is not None:
        log.error("a game page failed: %s", type(error).__name__, exc_info=error)
        return solara.Error(
            _(
                "This page could not be shown. Reload it; if it happens again, "
                "tell the trainer."
            )
        )
    return solara.Column(children=list(children or []))
