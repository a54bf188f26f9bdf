"""The words a course page's code shows, in the language in use.

A notebook's code writes sentences around its results ("Profit is higher by
…"). They are English in the notebook and translated in the page's own catalog,
``locale/<language>/LC_MESSAGES/<page>.po``, next to the page's paragraphs, so
that a translator finds a page's text in one file. At the top of a notebook::

    from exercises.page_text import page_text

    _ = page_text("notebooks/04_service_levels")

then ``_("{n} customers gave up").format(n=...)`` where a text is shown. Never
an f-string inside ``_()``: the course's translate script reads the English
from the code (``site_src/_ext/cfl_languages.py``, :func:`code_messages`), and
a translator must be able to move ``{n}`` in the sentence.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from simulations.i18n import SOURCE, get_language, read_catalog

LOCALE = Path(__file__).resolve().parents[1] / "locale"
"""The course's catalogs: ``<language>/LC_MESSAGES/<page>.po``."""


def page_text(page: str) -> Callable[[str], str]:
    """A translator for the texts of ``page`` (``"notebooks/04_service_levels"``).

    The language is the one in use when a text is shown (``set_language``,
    ``CFL_LANG``). A text without a checked translation stays in English.

    Examples
    --------
    >>> _ = page_text("notebooks/04_service_levels")
    >>> _("{n} customers gave up").format(n=3)
    '3 customers gave up'
    """

    def text(message: str) -> str:
        code = get_language()
        path = LOCALE / code / "LC_MESSAGES" / f"{page}.po"
        if code == SOURCE or not path.is_file():
            return message
        return read_catalog(path, code).gettext(message)

    return text
