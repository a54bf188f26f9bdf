"""The translated notebooks: each English notebook in every other language.

``notebooks/<language>/`` and ``exercises/student/<language>/`` hold, for each
English notebook, a copy whose Markdown is translated paragraph by paragraph
from the page's catalog (:func:`translate_markdown`) and whose code is the
English code after a hidden first cell that sets the language (so figures,
tables, messages and the texts the code shows come out in that language).
``bash scripts/translate_course`` writes them (``python cfl_notebooks.py``);
the website reads its pages the same way (:func:`with_language_cell`).
"""

from __future__ import annotations

import copy
import hashlib
import re
import sys
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent))

from cfl_languages import (
    NOTEBOOK_FOLDERS,
    ROOT,
    SOURCE,
    marked_texts,
    notebook_page,
    other_languages,
    translations,
)

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
_PAGE_TEXT = re.compile(r"""page_text\(["']([\w/.-]+)["']\)""")


def _code_text_version(nb: nbformat.NotebookNode, language: str) -> str:
    """A short digest of the translations of the texts ``nb``'s code shows.

    Outputs are cached by code: with the digest in the first cell, a changed
    translation runs the page again instead of showing the old words.
    """
    named = _PAGE_TEXT.findall("\n".join(c.source for c in nb.cells))
    if not named:
        return ""
    words = translations(language, named[0], plurals=True)
    code = set(marked_texts(nb))
    mine = [(m, words[m]) for m in sorted(words, key=str) if m in code]
    return hashlib.sha256(repr(mine).encode()).hexdigest()[:12]


def language_cell(language: str, version: str = "") -> nbformat.NotebookNode:
    """The hidden first cell of a translated notebook: it sets the language.

    ``version`` (:func:`_code_text_version`) is kept in a comment.
    """
    note = f"  # page texts {version}" if version else ""
    cell = nbformat.v4.new_code_cell(
        f'import simulations\n\nsimulations.set_language("{language}"){note}'
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
        nb.cells.insert(0, language_cell(language, _code_text_version(nb, language)))
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


def main() -> int:
    """Write every language's translated notebooks (those out of date)."""
    for language in other_languages():
        for path in write_notebooks(language):
            print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
