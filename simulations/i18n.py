"""The language people read: English (the source) and its translations.

Every message a person reads is written in English in the code and marked for
translation: ``_("Profit")`` where it is shown, ``N_("Profit")`` where it is
only stored (a table of labels) and translated later. Babel's ``pybabel``
collects the marked messages into catalogs (``bash scripts/translate``), one
per language, in ``simulations/locale/<language>/LC_MESSAGES/cfl.po``.

The catalogs are read as they are (``.po``, no compiled ``.mo`` files): a
checkout or a ``pip install -e .`` is ready without a build step, and a
catalog can never be older than the compiled file. Fuzzy entries (a
translation of an English text that has since changed) are left out, so such
a message shows in English until its translation is checked.

The language:

* :func:`set_language` sets it for the whole process (``CFL_LANG`` sets it at
  start, ``cfl --lang``);
* :func:`language` sets it for a block of code in one thread, so that each
  visitor of the room's server reads their own (a context variable);
* numbers follow it too (:mod:`simulations.present.format` asks
  :func:`get_language`).

Adding a language: one entry in :data:`LANGUAGES` and its catalog (see
``docs/CONTRIBUTING.md``).
"""

from __future__ import annotations

import contextlib
import functools
import gettext as _gettext
import io
import os
from collections.abc import Iterator, Mapping
from contextvars import ContextVar
from pathlib import Path

LANGUAGES: dict[str, str] = {"en": "English", "ru": "Русский"}
"""The languages on offer, by code, each named in itself; the first is the source."""

SOURCE = "en"
"""The language the messages are written in."""

DOMAIN = "cfl"
"""The catalogs of the software's messages (the course text gets its own)."""

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
"""Where the catalogs live: ``<language>/LC_MESSAGES/<domain>.po``."""

TERMS = LOCALE_DIR / "terms.csv"
"""The terms table: the glossary's terms, one column per language (``en``, ``ru``).

One term, one translation: every catalog (the software's and the course's)
uses a term's translation from here. Plain CSV, so that the course can show
it too (a ``csv-table``).
"""

_scoped: ContextVar[str | None] = ContextVar("cfl_language", default=None)


def _choose(code: str | None) -> str | None:
    """A language code of :data:`LANGUAGES` for ``code`` ("ru_RU", "RU"), or None."""
    if not code:
        return None
    short = code.strip().replace("-", "_").split("_")[0].lower()
    return short if short in LANGUAGES else None


def check_language(code: str) -> str:
    """``code`` as a language on offer, or a ValueError that names the choices.

    Examples
    --------
    >>> check_language("ru_RU"), check_language("EN")
    ('ru', 'en')
    >>> check_language("xx")
    Traceback (most recent call last):
    ...
    ValueError: language 'xx' is not available; choose one of: en, ru
    """
    found = _choose(code)
    if found is None:
        raise ValueError(
            f"language {code!r} is not available; choose one of: "
            + ", ".join(LANGUAGES)
        )
    return found


_process = _choose(os.environ.get("CFL_LANG")) or SOURCE


def set_language(code: str) -> None:
    """Set the language of the whole process (``"en"``, ``"ru"``).

    Examples
    --------
    >>> set_language("ru"); _("Profit")
    'Прибыль'
    >>> set_language("en"); _("Profit")
    'Profit'
    """
    global _process
    _process = check_language(code)


def get_language() -> str:
    """The language in use here: the block's (:func:`language`), else the process's."""
    return _scoped.get() or _process


@contextlib.contextmanager
def language(code: str | None) -> Iterator[str]:
    """Use ``code`` in this block, in this thread only (None: leave it as it is).

    Examples
    --------
    >>> with language("ru"):
    ...     _("Profit")
    'Прибыль'
    """
    if code is None:
        yield get_language()
        return
    token = _scoped.set(check_language(code))
    try:
        yield get_language()
    finally:
        _scoped.reset(token)


def terms(code: str, path: Path | None = None) -> dict[str, str]:
    """The glossary's terms: English term -> its fixed translation in ``code``.

    Examples
    --------
    >>> terms("ru")["word of mouth"], terms("ru")["churn"]
    ('сарафанное радио', 'отток клиентов')
    """
    import csv

    with (path or TERMS).open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    if rows and code not in rows[0]:
        raise ValueError(f"terms table {path or TERMS}: no column {code!r}")
    return {row[SOURCE]: row[code] for row in rows if row[code]}


@functools.cache
def catalog_path(code: str, domain: str = DOMAIN) -> Path:
    """Where the catalog of ``code`` is kept."""
    return LOCALE_DIR / code / "LC_MESSAGES" / f"{domain}.po"


_NOTHING = _gettext.NullTranslations()
"""What the source language, or a language without a catalog, translates."""


def translations(code: str, domain: str = DOMAIN) -> _gettext.NullTranslations:
    """The messages of one language, read from its ``.po`` catalog.

    The source language, or a language without a catalog, translates
    nothing. Fuzzy and untranslated entries are left out (they show in
    English).
    """
    # Every message a page shows comes through here: the source language
    # needs no file, and another one costs one look at its catalog's date.
    if code == SOURCE:
        return _NOTHING
    try:
        return read_catalog(catalog_path(code, domain), code)
    except FileNotFoundError:
        return _NOTHING


def read_catalog(path: Path, code: str) -> _gettext.GNUTranslations:
    """The ``.po`` file at ``path`` as translations, read again when it changes.

    Also used for the course's own catalogs (the words a page's code shows).
    """
    return _read(path, code, path.stat().st_mtime_ns)


@functools.cache
def _read(path: Path, code: str, _version: int) -> _gettext.GNUTranslations:
    """A catalog, read once (and again when the file changes)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with path.open("rb") as f:
        catalog = read_po(f, locale=code)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return _gettext.GNUTranslations(buffer)


def gettext(message: str) -> str:
    """``message`` in the language in use."""
    return translations(get_language()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of a message for ``n`` things (Russian has three)."""
    return translations(get_language()).ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """``message`` in the sense ``context`` gives it (a word with two meanings)."""
    return translations(get_language()).pgettext(context, message)


_ = gettext


def N_(message: str) -> str:  # noqa: N802 (the name gettext's tools look for)
    """Mark ``message`` for translation without translating it now."""
    return message


def NP_(context: str, message: str) -> str:  # noqa: N802 (as N_, read by pybabel)
    """Mark ``message`` for translation in ``context`` (see :func:`pgettext`)."""
    del context  # read by the extractor only
    return message


class Labels(Mapping[str, str]):
    """A fixed table of labels in English, read in the language in use.

    Examples
    --------
    >>> levels = Labels({"low": N_("low"), "wow": N_("WOW")})
    >>> with language("ru"):
    ...     levels["low"], list(levels)
    ('низкий', ['low', 'wow'])
    """

    def __init__(self, english: Mapping[str, str]) -> None:
        self.english = dict(english)

    def __getitem__(self, key: str) -> str:
        return gettext(self.english[key])

    def __iter__(self) -> Iterator[str]:
        return iter(self.english)

    def __len__(self) -> int:
        return len(self.english)

    def __repr__(self) -> str:
        return f"Labels({dict(self)!r})"


def pick_language(accept_language: str | None, default: str = SOURCE) -> str:
    """The language on offer that a browser's ``Accept-Language`` prefers.

    Examples
    --------
    >>> pick_language("ru-RU,ru;q=0.9,en-US;q=0.8"), pick_language("de, en;q=0.5")
    ('ru', 'en')
    >>> pick_language("fr-CH, fr;q=0.9"), pick_language(None)
    ('en', 'en')
    """
    wanted = []
    for part in (accept_language or "").split(","):
        tag, _sep, weight = part.strip().partition(";q=")
        try:
            q = float(weight) if weight else 1.0
        except ValueError:
            continue
        code = _choose(tag)
        if code is not None and q > 0:
            wanted.append((-q, len(wanted), code))
    return min(wanted)[2] if wanted else default


TOML_TEXTS: tuple[str, ...] = ("title", "text")
"""Keys whose values a TOML file shows people (the game's events)."""


def extract_toml(
    fileobj: io.BufferedReader, keywords: object, comment_tags: object, options: object
) -> Iterator[tuple[int, str, str, list[str]]]:
    """Babel's extractor for TOML files: every ``title`` and ``text`` value.

    Named in ``babel.cfg``; a line such as ``title = "..."`` gives its text.
    The option ``keys = *`` there takes every text of the file instead (the
    printed material's fixed words).
    """
    import tomllib

    data = fileobj.read()
    lines = data.decode("utf-8").splitlines()

    every = (options or {}).get("keys") == "*"  # type: ignore[union-attr]

    def walk(node: object) -> Iterator[str]:
        if isinstance(node, dict):
            for key, value in node.items():
                if (every or key in TOML_TEXTS) and isinstance(value, str):
                    yield value
                else:
                    yield from walk(value)
        elif isinstance(node, list):
            for item in node:
                yield from walk(item)

    for text in walk(tomllib.loads(data.decode("utf-8"))):
        first = text.strip().splitlines()[0] if text.strip() else text
        where = next((i for i, line in enumerate(lines, 1) if first in line), 0)
        yield where, "", text, []
