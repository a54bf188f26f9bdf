"""The language of a visitor's pages: a switch on every page, kept per visitor.

A visitor reads the lab and the game in the language their browser asks for
(``Accept-Language``) until they press the switch; then in the one they chose,
on every page and every tab, for as long as the server runs. Solara keeps a
:func:`solara.reactive` value per browser tab, so pressing the switch redraws
the tab's pages at once; :data:`CHOSEN` keeps the choice for the visitor's
other tabs and later visits.

A Solara component draws its children after it returns, so a ``with
language(...)`` block in a page does not reach them: each component that shows
text is wrapped by :func:`speaks`, and a button's action by :func:`keep_language`.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from typing import Any

import solara

from ..i18n import LANGUAGES, get_language, language, pick_language


def visitor_of(token: str) -> str:
    """A short name of a visitor (a hash of the session cookie, never the token)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()[:16]


CHOSEN: dict[str, str] = {}
"""The language each visitor chose on a page, by :func:`visitor_of` (kept while
the server runs; a visitor who never chose gets the browser's language)."""

_TAB = solara.reactive("")
"""The language this browser tab shows ("" until it is known)."""


def browser_language() -> str:
    """The language the browser asks for (``Accept-Language``), of those on offer.

    A browser that asks for none of them gets the server's (``CFL_LANG``).
    """
    headers = solara.lab.headers.value or {}
    asked = headers.get("accept-language") or headers.get("Accept-Language") or []
    if isinstance(asked, str):
        asked = [asked]
    return pick_language(", ".join(asked), default=get_language())


def page_language() -> str:
    """The language of this tab: the visitor's choice, else the browser's.

    Read while a component draws, it makes the component draw again when the
    visitor switches.
    """
    chosen = _TAB.value
    if not chosen:
        visitor = _visitor()
        chosen = (CHOSEN.get(visitor) if visitor else None) or browser_language()
    return chosen


def _visitor() -> str | None:
    """This tab's visitor; None outside a server (a notebook, a test's render)."""
    try:
        return visitor_of(solara.get_session_id())
    except RuntimeError:
        return None


def choose(code: str) -> None:
    """The visitor chose ``code``: this tab now, their other pages from now on."""
    visitor = _visitor()
    if visitor is not None:
        CHOSEN[visitor] = code
    _TAB.value = code


def speaks(component: Callable[..., Any]) -> Callable[..., Any]:
    """``component`` (a function Solara draws) drawn in the tab's language.

    Put it under ``@solara.component``.
    """

    @functools.wraps(component)
    def draw(*args: Any, **kwargs: Any) -> Any:
        with language(page_language()):
            return component(*args, **kwargs)

    return draw


def keep_language(action: Callable[..., Any]) -> Callable[..., Any]:
    """``action`` (a button's) run later in the language in use now."""
    code = get_language()

    @functools.wraps(action)
    def run(*args: Any, **kwargs: Any) -> Any:
        with language(code):
            return action(*args, **kwargs)

    return run


@solara.component
def LanguageSwitch(on_choose: Callable[[str], None] | None = None) -> None:  # noqa: N802
    """One button per language on offer, each named in itself; the current one
    is pressed. ``on_choose`` is told of a choice (after it is kept)."""
    current = page_language()

    def pick(code: str) -> None:
        choose(code)
        if on_choose is not None:
            on_choose(code)

    with solara.Row(classes=["cfl-languages"], style={"justify-content": "flex-end"}):
        for code, name in LANGUAGES.items():
            solara.Button(
                name,
                on_click=lambda code=code: pick(code),
                disabled=code == current,
                text=True,
                classes=[f"cfl-lang-{code}"],
            )
