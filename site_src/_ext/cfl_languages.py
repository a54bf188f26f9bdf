"""The course text in other languages: catalogs, generated notebooks, the switch.

English is the source. Sphinx's gettext builder collects the text of every page
(the notebooks' Markdown, the guides, the glossary, ...) paragraph by paragraph
into ``build/gettext/<page>.pot``; :func:`write_templates` adds the quizzes
(``quizzes/<module>.pot``, and ``quizzes/pre_post.pot`` for the test before and
after the seminar) and the few words the page builders add
(``site.pot``). ``sphinx-intl update`` merges them into one catalog per page and
language, ``locale/<language>/LC_MESSAGES/<page>.po``: a new paragraph comes
untranslated, a changed one comes back fuzzy. ``bash scripts/translate_course``
runs it all, then writes the translated notebooks.

From the catalogs:

* the website's pages in a language (Sphinx, ``language = "ru"``);
* the notebooks a trainer opens, ``notebooks/<language>/`` and
  ``exercises/student/<language>/`` (:func:`write_notebooks`): each Markdown
  paragraph replaced by its translation, the code cells the English ones plus
  a hidden first cell that sets the language of figures, tables and messages;
* the quizzes and the test before and after (``exercises/quiz.py`` reads
  ``quizzes/<module>.po`` and ``quizzes/pre_post.po``; the printed material
  and its PDFs are written from them).

What a language's edition has translated so far is listed in one place,
``locale/<language>/edition.toml``; the tests require those parts complete.

This file is also a Sphinx extension: a language switch on every page.
"""

from __future__ import annotations

import io
import re
import sys
import tomllib
from pathlib import Path
from typing import Any

import nbformat

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "locale"
"""The catalogs of the course text: ``<language>/LC_MESSAGES/<page>.po``."""
QUIZZES = ROOT / "exercises" / "quizzes"
NOTEBOOK_FOLDERS = {
    "notebooks": ROOT / "notebooks",
    "exercises/student": ROOT / "exercises" / "student",
}
"""Page folders whose notebooks get a translated copy in ``<folder>/<language>/``."""

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from simulations.i18n import LANGUAGES, SOURCE  # noqa: E402


def other_languages() -> list[str]:
    """The languages the course is translated into (all but the source)."""
    return [code for code in LANGUAGES if code != SOURCE]


# ---------------------------------------------------------------- catalogs
def catalog_file(language: str, page: str) -> Path:
    """The catalog of one page (``notebooks/01_customer_focus_models``)."""
    return LOCALE / language / "LC_MESSAGES" / f"{page}.po"


def read_catalog(path: Path, language: str):
    """A ``.po`` file as Babel reads it."""
    from babel.messages.pofile import read_po

    with Path(path).open("rb") as f:
        return read_po(f, locale=language)


def translations(language: str, page: str, plurals: bool = False) -> dict:
    """English paragraph -> its checked translation (fuzzy and empty left out).

    With ``plurals``, also a code text about a number, (singular, plural) ->
    its forms (a paragraph never has one).
    """
    path = catalog_file(language, page)
    if language == SOURCE or not path.is_file():
        return {}
    return {
        m.id: m.string
        for m in read_catalog(path, language)
        if m.id
        and (isinstance(m.id, str) or plurals)
        and (all(m.string) if isinstance(m.string, tuple) else m.string)
        and not m.fuzzy
    }


def edition(language: str) -> dict[str, Any]:
    """``locale/<language>/edition.toml``: what this edition has translated."""
    path = LOCALE / language / "edition.toml"
    if not path.is_file():
        return {"modules": [], "pages": []}
    return tomllib.loads(path.read_text(encoding="utf-8"))


def edition_pages(language: str) -> list[str]:
    """The catalogs (pages) that the edition's list says are translated.

    A module ``"03"`` stands for its notebook, its exercise notebook and its
    quiz, those that exist.
    """
    pages = []
    for module in edition(language).get("modules", []):
        for folder, path in NOTEBOOK_FOLDERS.items():
            pages += [
                f"{folder}/{p.stem}" for p in sorted(path.glob(f"{module}_*.ipynb"))
            ]
        if (QUIZZES / f"{module}.toml").is_file():
            pages.append(f"quizzes/{module}")
    return pages + list(edition(language).get("pages", []))


def pages_in_full(language: str) -> list[str]:
    """The edition's pages whose every word is translated, computed ones too.

    A module listed under ``outputs`` in the edition's list also shows its
    code's texts (the sentences and tables around its results) translated;
    pages other than notebooks have no code.
    """
    outputs = tuple(f"{m}_" for m in edition(language).get("outputs", []))
    return [
        page
        for page in edition_pages(language)
        if not page.startswith(("quizzes/", "site"))
        and (
            not page.startswith(tuple(NOTEBOOK_FOLDERS))
            or Path(page).name.startswith(outputs)
        )
    ]


def notebook_page(source: Path) -> str:
    """The page (catalog) name of an English notebook."""
    return Path(source).resolve().relative_to(ROOT).with_suffix("").as_posix()


# ---------------------------------------------------------------- quizzes
TRAINER_NOTES = "Trainer notes"
"""The bold words that open a module's trainer notes (speaker notes on slides)."""
CODE_SHOW, CODE_HIDE = "Show the code", "Hide the code"
"""The words on the bar of a page's hidden code cell."""
COPYRIGHT = "Customer Focus Lab authors, MIT licence"
AUTHOR = "the Customer Focus Lab team"
"""The pages' footer."""


def site_messages() -> list[str]:
    """Texts that the page and slide builders add themselves (catalog ``site``)."""
    import cfl_pages

    return [
        cfl_pages.WIDGET_NOTE,
        TRAINER_NOTES,
        CODE_SHOW,
        CODE_HIDE,
        COPYRIGHT,
        AUTHOR,
    ]


def site_text(message: str, language: str) -> str:
    """One of :func:`site_messages` in ``language`` (English until translated)."""
    return translations(language, "site").get(message, message)


def trainer_notes_markers() -> set[str]:
    """How a notes cell starts in every language: bold, or as a heading."""
    words = {site_text(TRAINER_NOTES, code) for code in LANGUAGES}
    return {f"**{w}**" for w in words} | {f"## {w}" for w in words}


def quiz_messages(path: Path) -> list[str]:
    """The texts of a quiz file that a learner reads, in order."""
    data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    found = [data["title"]] if data.get("title") else []
    for question in data.get("question", []):
        found += [question.get("text", ""), *question.get("options", [])]
        found += question.get("feedback", [])
    return [text for text in dict.fromkeys(found) if text]


def _write_template(target: Path, messages: list[str]) -> Path:
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    catalog = Catalog(project="Customer Focus Lab", fuzzy=False)
    for text in messages:
        catalog.add(text)
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as f:
        write_po(f, catalog, width=0, no_location=True)
    return target


CODE_KEYWORDS = {"_": None, "_n": (1, 2)}
"""How a page's code marks its texts: ``_(text)``, ``_n(singular, plural, n)``."""


def marked_texts(nb: nbformat.NotebookNode) -> list[str | tuple[str, str]]:
    """The texts ``nb``'s code marks (see exercises/page_text.py).

    A text of ``_n()`` comes as its two English forms, (singular, plural).
    """
    from babel.messages.extract import extract_python

    code = "\n".join(
        "\n".join(ln for ln in c.source.splitlines() if ln.lstrip()[:1] not in "%!")
        for c in nb.cells
        if c.cell_type == "code"
    )
    found = extract_python(io.BytesIO(code.encode()), CODE_KEYWORDS, [], {})
    texts = (text[:2] if isinstance(text, tuple) else text for _, _, text, _ in found)
    return list(dict.fromkeys(text for text in texts if text and all(text)))


def _add_code_messages(pot: Path, messages: list[str | tuple[str, str]]) -> None:
    """Add a notebook's code texts to its page's template (after its paragraphs)."""
    from babel.messages.pofile import read_po, write_po

    with pot.open("rb") as f:
        catalog = read_po(f)
    for text in messages:
        if text not in catalog:
            catalog.add(text)
    with pot.open("wb") as f:
        write_po(f, catalog, width=0, no_location=True, omit_header=False)


def write_templates(out: Path) -> list[Path]:
    """Write ``<out>/quizzes/<name>.pot`` for every quiz and ``<out>/site.pot``.

    Every quiz file is one: the modules' (``04.toml``) and the test before and
    after the seminar (``pre_post.toml``), which is printed, not on a page.

    Also adds each notebook's code texts to the template Sphinx wrote for its
    page (``<out>/notebooks/<page>.pot``).
    """
    written = [_write_template(Path(out) / "site.pot", site_messages())]
    for path in sorted(QUIZZES.glob("*.toml")):
        target = Path(out) / "quizzes" / f"{path.stem}.pot"
        written.append(_write_template(target, quiz_messages(path)))
    for folder in NOTEBOOK_FOLDERS.values():
        for notebook in sorted(folder.glob("[0-9][0-9]_*.ipynb")):
            pot = Path(out) / f"{notebook_page(notebook)}.pot"
            messages = marked_texts(nbformat.read(notebook, as_version=4))
            if messages and pot.is_file():
                _add_code_messages(pot, messages)
    return written


# ---------------------------------------------------------------- catalogs
_BLOCK_START = re.compile(
    r'^(msgstr "|msgstr ""\n")(\d+)([.)])(?=[ \t])'
    r'|^(msgstr "|msgstr ""\n")([-*+>])(?=[ \t])',
    re.M,
)


def escape_block_starts(path: Path, code_texts: frozenset[str] = frozenset()) -> bool:
    """Escape a translation's opening "3. " or "- " in a page's catalog.

    Sphinx parses each translation again as Markdown: a heading translated as
    "3. Сколько…" would read as a numbered list, and Sphinx would then keep
    the English heading. "3\\. Сколько…" reads as the same words. (The English
    needs no escape: Sphinx takes the heading's words out of the heading.)
    Texts the page's code shows (``code_texts``) are left as they are.
    Returns whether the file changed.
    """
    from babel.messages.pofile import unescape

    text = path.read_text(encoding="utf-8")

    def escaped(match: re.Match[str]) -> str:
        if match[2]:
            return f"{match[1]}{match[2]}\\\\{match[3]}"
        return f"{match[4]}\\\\{match[5]}"

    def msgid(entry: str) -> str | None:
        found = re.search(r'^msgid "(.*)"$', entry, re.M)  # one line: no wrap
        return unescape(f'"{found[1]}"') if found else None

    # A text the page's code shows is never read by Sphinx: "- " stays a list.
    new = "\n\n".join(
        entry if msgid(entry) in code_texts else _BLOCK_START.sub(escaped, entry)
        for entry in text.split("\n\n")
    )
    if new != text:
        path.write_text(new, encoding="utf-8")
    return new != text


def escape_catalogs(language: str) -> list[Path]:
    """:func:`escape_block_starts` on every page catalog (not the quizzes')."""
    folder = LOCALE / language / "LC_MESSAGES"
    changed = []
    for path in sorted(folder.rglob("*.po")):
        page = path.relative_to(folder).with_suffix("")
        if page.parts[0] == "quizzes":
            continue
        notebook = ROOT / page.with_suffix(".ipynb")
        code = notebook.is_file() and marked_texts(nbformat.read(notebook, 4))
        singulars = (t[0] if isinstance(t, tuple) else t for t in code or ())
        if escape_block_starts(path, frozenset(singulars)):
            changed.append(path)
    return changed


# ---------------------------------------------------------------- Sphinx
def switch_html(pagename: str, language: str) -> str:
    """Links to the same page in every language (site/ and site/<code>/)."""
    depth = pagename.count("/") + (0 if language == SOURCE else 1)
    root = "../" * depth
    links = []
    for code, name in LANGUAGES.items():
        if code == language:
            links.append(f'<span class="cfl-language-current">{name}</span>')
            continue
        folder = "" if code == SOURCE else f"{code}/"
        href = f"{root}{folder}{pagename}.html"
        links.append(f'<a href="{href}" hreflang="{code}" lang="{code}">{name}</a>')
    return '<nav class="cfl-languages">' + " · ".join(links) + "</nav>\n"


def _add_switch(
    app: Any, pagename: str, templatename: str, context: dict, doctree: Any
):
    if "body" in context and app.builder.format == "html":
        context["body"] = switch_html(pagename, app.config.language) + context["body"]


def _note_edition(app: Any, docname: str, source: list[str]) -> None:
    """On a translated start page, say which parts are translated so far."""
    note = edition(app.config.language).get("note")
    if docname == app.config.root_doc and note and app.config.language != SOURCE:
        head, sep, rest = source[0].partition("\n\n")
        source[0] = f"{head}{sep}{note.strip()}\n\n{rest}"


def setup(app: Any) -> dict[str, Any]:
    """Register the language switch and the edition's note with Sphinx."""
    app.connect("html-page-context", _add_switch)
    app.connect("source-read", _note_edition)
    return {"parallel_read_safe": True, "parallel_write_safe": True}


def main(argv: list[str] | None = None) -> int:
    """``templates OUT`` writes the quizzes' and site's templates (and adds the
    notebooks' code texts to their pages'); ``escape`` tidies the catalogs."""
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["templates"] and len(argv) == 2:
        write_templates(Path(argv[1]))
        return 0
    if argv == ["escape"]:
        for language in other_languages():
            for path in escape_catalogs(language):
                print(f"escaped a line's start in {path.relative_to(ROOT)}")
        return 0
    print("usage: cfl_languages.py templates OUT | escape", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
