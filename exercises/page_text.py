"""The words a course page's code shows, in the language in use.

A notebook's code writes sentences around its results ("Profit is higher by
…"). They are English in the notebook and translated in the page's own catalog,
``locale/<language>/LC_MESSAGES/<page>.po``, next to the page's paragraphs, so
that a translator finds a page's text in one file. At the top of a notebook::

    from exercises.page_text import page_text

    _ = page_text("notebooks/04_service_levels")

then ``_("{n} customers gave up").format(n=...)`` where a text is shown. A
number with its noun ("3 tellers": Russian has three forms, 1 операционист,
3 операциониста, 5 операционистов) comes from :func:`page_plurals`::

    _n = page_plurals("notebooks/12_case_studies")
    _n("{n} teller", "{n} tellers", count).format(n=fmt.number(count))

Never
an f-string inside ``_()``: the course's translate script reads the English
from the code (``site_src/_ext/cfl_languages.py``, :func:`code_messages`), and
a translator must be able to move ``{n}`` in the sentence.
"""

from __future__ import annotations

from collections.abc import Callable
from gettext import NullTranslations
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
        return _translations(page).gettext(message)

    return text


def page_plurals(page: str) -> Callable[[str, str, int], str]:
    """A translator of ``page`` for a text about ``n`` things (ngettext).

    The catalog's entry has one form per plural form of the language (Russian
    has three); the number chooses one. A form may be the whole sentence or
    just the number and its noun, for the sentence to take as a value.

    Examples
    --------
    >>> _n = page_plurals("notebooks/12_case_studies")
    >>> [_n("{n} teller", "{n} tellers", k).format(n=k) for k in (1, 3)]
    ['1 teller', '3 tellers']
    """

    def text(singular: str, plural: str, n: int) -> str:
        return _translations(page).ngettext(singular, plural, n)

    return text


def _translations(page: str) -> NullTranslations:
    """``page``'s catalog in the language in use (English: none)."""
    code = get_language()
    path = LOCALE / code / "LC_MESSAGES" / f"{page}.po"
    if code == SOURCE or not path.is_file():
        return NullTranslations()
    return read_catalog(path, code)
