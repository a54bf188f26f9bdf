"""The course text in other languages: catalogs, generated notebooks, the switch.

English is the source. Sphinx's gettext builder collects the text of every page
(the notebooks' Markdown, the guides, the glossary, ...) paragraph by paragraph
into ``build/gettext/<page>.pot``; :func:`write_templates` adds the quizzes
(``quizzes/<module>.pot``) and the few words the page builders add
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
* the quizzes (``exercises/quiz.py`` reads ``quizzes/<module>.po``).

What a language's edition has translated so far is listed in one place,
``locale/<language>/edition.toml``; the tests require those parts complete.

This file is also a Sphinx extension: a language switch on every page.
"""

from __future__ import annotations

import copy
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


def translations(language: str, page: str) -> dict[str, str]:
    """English paragraph -> its checked translation (fuzzy and empty left out)."""
    path = catalog_file(language, page)
    if language == SOURCE or not path.is_file():
        return {}
    return {
        m.id: m.string
        for m in read_catalog(path, language)
        if m.id and isinstance(m.id, str) and m.string and not m.fuzzy
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


# ---------------------------------------------------------------- quizzes
TRAINER_NOTES = "Trainer notes"
"""The bold words that open a module's trainer notes (speaker notes on slides)."""


def site_messages() -> list[str]:
    """Texts that the page and slide builders add themselves (catalog ``site``)."""
    import cfl_pages

    return [cfl_pages.WIDGET_NOTE, TRAINER_NOTES]


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


def write_templates(out: Path) -> list[Path]:
    """Write ``<out>/quizzes/<module>.pot`` for every quiz and ``<out>/site.pot``."""
    written = [_write_template(Path(out) / "site.pot", site_messages())]
    for path in sorted(QUIZZES.glob("[0-9][0-9].toml")):
        target = Path(out) / "quizzes" / f"{path.stem}.pot"
        written.append(_write_template(target, quiz_messages(path)))
    return written


# ---------------------------------------------------------------- Markdown
_BEFORE = re.compile(r"[ \t]*(?:(?:#{1,6}|[-*+]|\d+[.)]|>|:)[ \t]+)*")
_AFTER = re.compile(r"[ \t]*(?:\|.*)?")


def _pattern(msgid: str) -> re.Pattern[str]:
    """``msgid`` as Sphinx writes it (one line), matched across line breaks
    (within a quote too, whose lines start with ``>``)."""
    return re.compile(r"\s+(?:>\s*)*".join(re.escape(word) for word in msgid.split()))


def _is_whole_block(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is a whole paragraph, heading, item or cell."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    before, after = text[line_start:start], text[end:line_end]
    starts = bool(_BEFORE.fullmatch(before)) or before.rstrip().endswith("|")
    return starts and bool(_AFTER.fullmatch(after))


def translate_markdown(text: str, catalog: dict[str, str]) -> str:
    """``text`` with each paragraph (heading, list item, table cell) translated.

    Paragraphs without a checked translation stay in English. Longer
    paragraphs win where two would overlap.
    """
    spans: list[tuple[int, int, str]] = []
    for msgid in sorted(catalog, key=len, reverse=True):
        for match in _pattern(msgid).finditer(text):
            start, end = match.span()
            if not _is_whole_block(text, start, end):
                continue
            if any(start < e and s < end for s, e, _ in spans):
                continue
            spans.append((start, end, catalog[msgid]))
    for start, end, new in sorted(spans, reverse=True):
        text = text[:start] + new + text[end:]
    return text


# ---------------------------------------------------------------- notebooks
def language_cell(language: str) -> nbformat.NotebookNode:
    """The hidden first cell of a translated notebook: it sets the language."""
    cell = nbformat.v4.new_code_cell(
        f'import simulations\n\nsimulations.set_language("{language}")'
    )
    cell.metadata = {"jupyter": {"source_hidden": True}, "tags": ["remove-cell"]}
    cell.id = f"set-language-{language}"  # fixed: the same file every time
    return cell


def with_language_cell(
    nb: nbformat.NotebookNode, language: str
) -> nbformat.NotebookNode:
    """A copy of ``nb`` that first sets ``language`` (nothing added for English)."""
    nb = copy.deepcopy(nb)
    if language != SOURCE:
        nb.cells.insert(0, language_cell(language))
    return nb


def translate_notebook(
    nb: nbformat.NotebookNode, catalog: dict[str, str], language: str
) -> nbformat.NotebookNode:
    """``nb`` in ``language``: its Markdown translated, code cells unchanged."""
    nb = with_language_cell(nb, language)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = translate_markdown(cell.source, catalog)
    nb.metadata["language"] = language
    return nb


def notebook_targets(language: str) -> dict[Path, Path]:
    """English notebook -> the translated copy that :func:`write_notebooks` writes."""
    found = {}
    for path in NOTEBOOK_FOLDERS.values():
        for source in sorted(path.glob("[0-9][0-9]_*.ipynb")):
            found[source] = path / language / source.name
    return found


def notebook_page(source: Path) -> str:
    """The page (catalog) name of an English notebook."""
    return Path(source).resolve().relative_to(ROOT).with_suffix("").as_posix()


def translated_notebook_text(source: Path, language: str) -> str:
    """The text of the translated copy of ``source``, as it should be stored."""
    nb = nbformat.read(source, as_version=4)
    catalog = translations(language, notebook_page(source))
    return nbformat.writes(translate_notebook(nb, catalog, language)) + "\n"


def stale_notebooks(language: str) -> list[Path]:
    """Translated notebooks missing or out of date with their source or catalog."""
    return [
        target
        for source, target in notebook_targets(language).items()
        if not target.is_file()
        or target.read_text(encoding="utf-8")
        != translated_notebook_text(source, language)
    ]


def write_notebooks(language: str) -> list[Path]:
    """Write the translated notebooks of ``language``; return those that changed."""
    changed = []
    targets = notebook_targets(language)
    for source, target in targets.items():
        text = translated_notebook_text(source, language)
        if target.is_file() and target.read_text(encoding="utf-8") == text:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        changed.append(target)
    for folder in {t.parent for t in targets.values()}:  # copies of removed sources
        for old in folder.glob("*.ipynb"):
            if old not in targets.values():
                old.unlink()
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
    """``templates OUT`` writes the quizzes' and site's; ``notebooks`` the notebooks."""
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["templates"] and len(argv) == 2:
        write_templates(Path(argv[1]))
        return 0
    if argv == ["notebooks"]:
        for language in other_languages():
            for path in write_notebooks(language):
                print(f"wrote {path.relative_to(ROOT)}")
        return 0
    print("usage: cfl_languages.py templates OUT | notebooks", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
