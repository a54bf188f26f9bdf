"""The course text in other languages (``site_src/_ext/cfl_languages.py``).

* The parts each edition lists as translated (``locale/<lang>/edition.toml``)
  have no untranslated and no fuzzy entry, and their catalogs hold every
  paragraph of today's English text (Sphinx's gettext builder, run here).
* The translated notebooks are up to date with their English source and
  catalog, and run the English code after a hidden cell that sets the language.
* Translated text follows the language's typography.
* A quiz shows in the language in use, without a kernel.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "site_src" / "_ext"))

import cfl_languages  # noqa: E402
import cfl_notebooks  # noqa: E402

from exercises.quiz import load_quiz, quiz_html, quiz_translations  # noqa: E402
from simulations.i18n import language  # noqa: E402

LANGUAGES = cfl_languages.other_languages()
from tests.support.russian import (  # noqa: E402
    ALLOWED_LATIN,
    CITATION,
    LATIN_PHRASES,
    english_words,
)


def _entries(lang: str, page: str):
    path = cfl_languages.catalog_file(lang, page)
    if not path.is_file():
        pytest.fail(f"{lang}: {page} is in the edition but has no catalog {path}")
    return [m for m in cfl_languages.read_catalog(path, lang) if m.id]


def _forms(entry) -> list[str]:
    """An entry's translation, one string per plural form (one if no plural)."""
    return list(entry.string) if isinstance(entry.string, tuple) else [entry.string]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_edition_lists_existing_parts(lang: str) -> None:
    pages = cfl_languages.edition_pages(lang)
    modules = cfl_languages.edition(lang).get("modules", [])
    for module in modules:
        assert any(p.startswith(f"notebooks/{module}_") for p in pages), (
            f"{lang}: the edition lists module {module!r}, which has no notebook"
        )


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_edition_has_no_untranslated_or_fuzzy_entry(lang: str) -> None:
    problems = []
    for page in cfl_languages.edition_pages(lang):
        for entry in _entries(lang, page):
            if entry.fuzzy:
                problems.append(f"{page}: fuzzy: {str(entry.id)[:80]!r}")
            elif not all(_forms(entry)):
                problems.append(f"{page}: untranslated: {str(entry.id)[:80]!r}")
    assert problems == [], f"{len(problems)} entries:\n" + "\n".join(problems[:30])


@pytest.fixture(scope="module")
def templates(tmp_path_factory) -> Path:
    """Today's English text as Sphinx's gettext builder collects it."""
    out = tmp_path_factory.mktemp("gettext")
    done = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "gettext", "-q", "-D",
         "nb_execution_mode=off", "-d", str(out / ".doctrees"), "site_src", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    cfl_languages.write_templates(out)
    return out


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_edition_catalogs_hold_todays_english_text(lang: str, templates) -> None:
    """A paragraph added or changed in English makes its page incomplete."""
    missing = []
    for page in cfl_languages.edition_pages(lang):
        pot = templates / f"{page}.pot"
        assert pot.is_file(), f"no page {page} in today's text"
        have = {m.id for m in _entries(lang, page)}
        for entry in cfl_languages.read_catalog(pot, "en"):
            if entry.id and entry.id not in have:
                missing.append(f"{page}: {str(entry.id)[:80]!r}")
    assert missing == [], (
        "not in the catalog (run bash scripts/translate_course, then translate):\n"
        + "\n".join(missing[:30])
    )


def test_every_quiz_file_has_a_template(templates) -> None:
    """The modules' quizzes and the printed test before and after the seminar
    (``pre_post.toml``) each go to a catalog, ``quizzes/<name>.po``."""
    files = sorted(cfl_languages.QUIZZES.glob("*.toml"))
    assert "pre_post" in [p.stem for p in files]
    for path in files:
        pot = templates / "quizzes" / f"{path.stem}.pot"
        assert pot.is_file(), f"no template for the quiz {path.name}"
        found = [m.id for m in cfl_languages.read_catalog(pot, "en") if m.id]
        assert found == cfl_languages.quiz_messages(path), path.name


@pytest.mark.parametrize("lang", LANGUAGES)
def test_translated_notebooks_are_up_to_date(lang: str) -> None:
    stale = [str(p.relative_to(ROOT)) for p in cfl_notebooks.stale_notebooks(lang)]
    assert stale == [], (
        "out of date with their English source or catalog "
        "(run bash scripts/translate_course): " + ", ".join(stale)
    )


@pytest.mark.parametrize("lang", LANGUAGES)
def test_translated_notebooks_run_the_english_code(lang: str) -> None:
    targets = cfl_notebooks.notebook_targets(lang)
    assert targets
    for source, target in targets.items():
        english = nbformat.read(source, as_version=4)
        ours = nbformat.read(target, as_version=4)
        first = ours.cells[0]
        assert first.cell_type == "code" and f'set_language("{lang}")' in first.source
        assert first.metadata["jupyter"]["source_hidden"] is True
        assert "remove-cell" in first.metadata["tags"]
        assert [c.source for c in ours.cells[1:] if c.cell_type == "code"] == [
            c.source for c in english.cells if c.cell_type == "code"
        ], f"{target.name}: its code is not the English code"
        assert len(ours.cells) == len(english.cells) + 1


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_editions_notebooks_are_translated(lang: str) -> None:
    """No English paragraph is left in a listed notebook; notes keep their marker."""
    markers = cfl_languages.trainer_notes_markers()
    mine = f"**{cfl_languages.site_text(cfl_languages.TRAINER_NOTES, lang)}**"
    assert mine != f"**{cfl_languages.TRAINER_NOTES}**", "trainer notes untranslated"
    for source, target in cfl_notebooks.notebook_targets(lang).items():
        page = cfl_languages.notebook_page(source)
        if page not in cfl_languages.edition_pages(lang):
            continue
        english = nbformat.read(source, as_version=4).cells
        ours = nbformat.read(target, as_version=4).cells[1:]
        for number, (en, tr) in enumerate(zip(english, ours, strict=True)):
            if en.cell_type != "markdown" or not en.source.strip():
                continue
            assert tr.source != en.source, f"{target.name} cell {number} is English"
            if en.source.lstrip().startswith(f"**{cfl_languages.TRAINER_NOTES}**"):
                assert tr.source.lstrip().startswith(mine), (
                    f"{target.name} cell {number}: trainer notes must start with "
                    f"{mine} (the slides look for it; known: {sorted(markers)})"
                )


def _prose(text: str) -> str:
    """``text`` without code, maths, link targets and HTML tags."""
    text = re.sub(r"`[^`]*`", " ", text)
    text = re.sub(r"\\[A-Za-z]+|\{[^}]*\}", " ", text)  # TeX commands, placeholders
    text = re.sub(r"\$\$.*?\$\$|\$[^$]*\$", " ", text, flags=re.S)
    text = re.sub(r"\]\([^)]*\)|<[^>]+>|https?://\S+", " ", text)
    return text


def _typography_problems(text: str) -> list[str]:
    prose = _prose(text)
    found = []
    if re.search(r'"', prose):
        found.append("straight quotes (use « »)")
    if re.search(r"\s-\s|\s–\s", prose):
        found.append("a hyphen or en dash between words (use a spaced —)")
    if re.search(r"\d \d{3}\b", prose):
        found.append("an ordinary space inside a number (use a non-breaking one)")
    words = LATIN_PHRASES.sub(" ", prose)
    # A title or a name list stays as published, if it holds no Russian at all.
    words = CITATION.sub(
        lambda m: m[0] if re.search("[а-яё]", m[0], re.I) else " ", words
    )
    latin = {
        w.strip("-'’")
        for w in re.findall(r"[A-Za-z][A-Za-z'’-]*", words)
        if len(w.strip("-'’")) > 1
    }
    latin -= ALLOWED_LATIN
    if latin:
        found.append("Latin-script words " + ", ".join(sorted(latin)[:8]))
    return found


@pytest.mark.parametrize("lang", [c for c in LANGUAGES if c == "ru"])
def test_russian_text_follows_russian_typography(lang: str) -> None:
    problems = []
    for page in cfl_languages.edition_pages(lang):
        if page.startswith("docs/references"):
            continue  # the sources' own titles stay as published
        for entry in _entries(lang, page):
            if page == "docs/glossary" and entry.string == entry.id:
                continue  # the terms table's English column
            for form in _forms(entry):
                for problem in _typography_problems(form or ""):
                    problems.append(f"{page}: {problem}: {form[:70]!r}")
    assert problems == [], f"{len(problems)} entries:\n" + "\n".join(problems[:30])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_translation_reads_as_a_list(lang: str) -> None:
    """Sphinx parses a translation again: "3. Сколько…" would be a list item.

    It then keeps the English heading, so "3\\. …" is needed (the course's
    translate script escapes it). One that opens with an HTML comment (a
    computed number's marker) would be raw HTML: start with words.
    """
    starts = re.compile(r"(\d+[.)]|[-*+>])[ \t]|<!--|<(div|p|table|section)\b")
    found = []
    for page in cfl_languages.edition_pages(lang):
        notebook = ROOT / f"{page}.ipynb"
        # Texts the page's code shows never go through Sphinx.
        code = notebook.is_file() and cfl_languages.marked_texts(
            nbformat.read(notebook, as_version=4)
        )
        found += [
            f"{page}: {entry.string[:50]!r}"
            for entry in _entries(lang, page)
            if not page.startswith("quizzes/")
            and isinstance(entry.string, str)
            and entry.string
            and entry.id not in (code or ())
            and starts.match(entry.string)
        ]
    assert found == [], "\n".join(found[:20])


def test_escaping_a_translations_start(tmp_path: Path) -> None:
    po = tmp_path / "page.po"
    po.write_text(
        'msgid "3. How"\nmsgstr "3. Как"\n\nmsgid "x"\nmsgstr ""\n"- пункт"\n\n'
        'msgid "y"\nmsgstr "*Да* - нет"\n',
        encoding="utf-8",
    )
    assert cfl_languages.escape_block_starts(po)
    entries = {m.id: m.string for m in cfl_languages.read_catalog(po, "ru") if m.id}
    assert entries == {"3. How": "3\\. Как", "x": "\\- пункт", "y": "*Да* - нет"}
    assert not cfl_languages.escape_block_starts(po)  # once is enough


def test_typography_check_catches_what_it_should() -> None:
    assert _typography_problems("Это «хорошо» — 1\u00a0234 ₽") == []
    assert _typography_problems('Это "плохо" - 1 234 рубля, and more')  # all four


def test_translate_markdown_replaces_whole_paragraphs_only() -> None:
    text = (
        "# Profit and loss\n\nA long paragraph\nover two lines about Profit.\n\n"
        "* an item\n  that continues\n\n| Profit | Loss |\n| --- | --- |\n| 1 | 2 |\n"
    )
    catalog = {
        "Profit and loss": "Прибыль и убыток",
        "A long paragraph over two lines about Profit.": "Длинный абзац о прибыли.",
        "an item that continues": "пункт, который продолжается",
        "Profit": "Прибыль",
    }
    out = cfl_notebooks.translate_markdown(text, catalog)
    assert out.startswith("# Прибыль и убыток\n\nДлинный абзац о прибыли.\n\n")
    assert "* пункт, который продолжается\n" in out
    assert "| Прибыль | Loss |" in out
    # A short entry never replaces words inside a longer untranslated paragraph.
    partial = cfl_notebooks.translate_markdown("Profit went up.\n", {"Profit": "Х"})
    assert partial == "Profit went up.\n"


def test_a_quiz_shows_in_the_language_in_use() -> None:
    words = quiz_translations("01", "ru")
    english = load_quiz("01")
    if not words:
        pytest.skip("the quiz of module 01 is not translated yet")
    with language("ru"):
        russian = load_quiz("01")
        page = quiz_html(russian)
    assert russian.title == words[english.title] != english.title
    assert russian.questions[0].options[0] == words[english.questions[0].options[0]]
    assert english.questions[0].text not in page
    assert russian.questions[0].correct == english.questions[0].correct


def test_a_fuzzy_quiz_entry_shows_in_english(tmp_path: Path) -> None:
    folder = tmp_path / "ru" / "LC_MESSAGES" / "quizzes"
    folder.mkdir(parents=True)
    (folder / "01.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Yes"\nmsgstr "Да"\n\n#, fuzzy\nmsgid "No"\nmsgstr "Нет"\n',
        encoding="utf-8",
    )
    assert quiz_translations("01", "ru", tmp_path) == {"Yes": "Да"}


def test_every_page_links_to_itself_in_every_language() -> None:
    en = cfl_languages.switch_html("notebooks/01_x", "en")
    assert 'href="../ru/notebooks/01_x.html"' in en
    ru = cfl_languages.switch_html("notebooks/01_x", "ru")
    assert 'href="../../notebooks/01_x.html"' in ru
    assert 'href="ru/index.html"' in cfl_languages.switch_html("index", "en")


PRINTABLES = (
    "import sys, types; sys.path.insert(0, 'site_src'); import conf; "
    "app = types.SimpleNamespace(config=types.SimpleNamespace(language=sys.argv[1])); "
    "text = ['<!-- printables -->']; conf._list_printables(app, 'printables', text); "
    "print(text[0])"
)
"""The list of printed files as the site's ``printables`` page gets it (run
apart: the site's configuration sets the process's environment)."""


@pytest.mark.parametrize("lang", [c for c in LANGUAGES if c == "ru"])
def test_the_printables_page_names_every_file_in_the_language(lang: str) -> None:
    """A listed printables page: every file's title translated, links kept.

    Files without a page of their own (the workbook, the answer key, the test)
    take their titles from the printed material's fixed words.
    """
    if "printables" not in cfl_languages.edition_pages(lang):
        pytest.skip(f"{lang}: the printables page is not in the edition")
    done = subprocess.run(
        [sys.executable, "-c", PRINTABLES, lang],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    lines = done.stdout.strip().splitlines()
    assert lines, "no printed file listed"
    # Each language's own PDFs (site/<lang>/handouts/); one still in English says so.
    from tests.support.handouts import load_handouts

    note = re.escape(load_handouts().in_english_note(lang))
    link = re.compile(
        rf'\* <a href="handouts/[\w-]+\.pdf">[^<]+</a> (?:\(PDF\)|{note})'
    )
    for line in lines:
        assert link.fullmatch(line), line
        title = re.search(r">([^<]+)<", line)[1]
        assert re.search("[а-яё]", title, re.I), f"English title: {line}"
        assert english_words(title) == [], f"English words: {line}"


@pytest.mark.parametrize("lang", [c for c in LANGUAGES if c == "ru"])
def test_the_edition_uses_the_glossary_terms(lang: str) -> None:
    """An entry whose English holds a glossary term uses that term's Russian."""
    from simulations.i18n import terms
    from tests.test_i18n import english_pattern, stems

    rules = [(english_pattern(en), ru, stems(ru)) for en, ru in terms(lang).items()]
    problems = []
    for page in cfl_languages.edition_pages(lang):
        for entry in _entries(lang, page):
            if not entry.string or entry.string == entry.id:
                continue
            english = _prose(" ".join(entry.id) if entry.pluralizable else entry.id)
            lower = " ".join(_forms(entry)).lower()
            for pattern, russian, needed in rules:
                missing = [s for s in needed if s.lower() not in lower]
                if pattern.search(english) and missing:
                    problems.append(
                        f"{page}: {pattern.pattern!r} is «{russian}» (missing "
                        f"{missing}): {lower[:60]!r}"
                    )
    assert problems == [], f"{len(problems)} entries:\n" + "\n".join(problems[:40])


def test_a_pages_code_texts_go_to_its_catalog() -> None:
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell("%matplotlib inline\nx = _('{n} left').format(n=1)"),
        nbformat.v4.new_code_cell('print(_("Profit"), _(f"not {x}"), "plain")'),
        nbformat.v4.new_code_cell('_n("{n} year", "{n} years", k).format(n=k)'),
    ]
    assert cfl_languages.marked_texts(nb) == [
        "{n} left",
        "Profit",
        ("{n} year", "{n} years"),
    ]


def test_no_code_marks_an_f_string() -> None:
    """pybabel cannot read an f-string: ``_("… {n}").format(n=…)`` instead."""
    found = []
    folders = cfl_languages.NOTEBOOK_FOLDERS.values()
    for source in (p for f in folders for p in sorted(f.glob("[0-9][0-9]_*.ipynb"))):
        for cell in nbformat.read(source, as_version=4).cells:
            if cell.cell_type == "code" and re.search(r"\b_\(\s*r?f[\"']", cell.source):
                found.append(source.name)
    assert found == [], f"an f-string inside _(): {sorted(set(found))}"


def test_a_pages_code_speaks_the_language_in_use() -> None:
    from exercises.page_text import page_text

    _ = page_text("notebooks/04_service_levels")
    assert _("no wait") == "no wait"
    with language("ru"):
        assert _("no wait") not in ("", "no wait")
        assert _("a text nobody translated") == "a text nobody translated"


# A counted Russian noun takes its form from the number: 1 год, 2 года, 5 лет;
# 1 операционист, 3 операциониста, 5 операционистов. A translation that writes
# "{years} лет" is right only for today's value. These are the forms that, right
# after a computed whole number, read as a count (genitive plural or singular,
# nominative of 2-4, dative and instrumental plural). Write the noun apart from
# the number instead ("операционистов: {n}", "{n} дн."), or let the code pass a
# number with its noun (exercises/page_text.page_plurals).
COUNTED = re.compile(
    r"\{[^{}]*\}\**[ \u00a0]+\**("
    r"лет|года|дней|дня|раз|раза|клиентов|клиента|клиентам|клиентами"
    r"|прогонов|прогона|прогонам|прогонами|пар|пары|визитов|визита|жалоб|жалобы"
    r"|сотрудников|сотрудника|сотрудниках|сотрудникам|человек|платежей|платежа"
    r"|операционистов|операциониста|операционистами|операционистам"
    r"|официантов|официанта|минут|минуты|недель|недели|месяцев|месяца"
    r"|команд|команды|покупок|покупки|раундов|раунда|постоянных|ушедших"
    r"|уходящих|плохих|недовольных|молчащих|измеренных"
    r")\b"
)
"""A `{placeholder}` followed by a counted noun (or an adjective before one)."""

COUNTED_ALLOWED = {
    # A share or a decimal before the noun: "{share} клиентов" is "12 % клиентов",
    # "{ratio} раза" is "2,4 раза", "{lifetime} года" is "3,33 года".
    "{share}",
    "{goal}",
    "{three}",
    "{leave}",
    "{ratio}",
    "{times}",
    "{high}",
    "{lifetime}",
    "{retention}",
    "{client}",
    "{top}",
    "{success}",
    "{gap}",
    "{within}",
}
"""Placeholders whose value is never a whole count (checked by hand)."""


def counted_after_number(text: str) -> list[str]:
    """The places in ``text`` where a counted noun follows a `{placeholder}`."""
    return [
        m[0]
        for m in COUNTED.finditer(text)
        if m[0].split("}")[0] + "}" not in COUNTED_ALLOWED
    ]


def test_the_counted_noun_check_catches_what_it_should() -> None:
    assert counted_after_number("за {years} лет") == ["{years} лет"]
    assert counted_after_number("работают **{tellers} операционистов**") != []
    assert counted_after_number("с **{small} операционистами**") != []
    assert counted_after_number("по {runs} прогонам") != []
    assert counted_after_number("операционистов: {n}; за {days}\u00a0дн.") == []
    assert counted_after_number("{share} клиентов, в {ratio} раза") == []


@pytest.mark.parametrize("lang", [c for c in LANGUAGES if c == "ru"])
def test_no_counted_noun_follows_a_computed_number(lang: str) -> None:
    """A number the code computes may change; its noun must not depend on it.

    Every Russian catalog of the course (all pages, not only the edition's)
    and the software's (plural entries are made for it and are left out).
    """
    from babel.messages.pofile import read_po

    folder = cfl_languages.LOCALE / lang / "LC_MESSAGES"
    software = ROOT / "simulations" / "locale" / lang / "LC_MESSAGES" / "cfl.po"
    problems = []
    for path in [*sorted(folder.rglob("*.po")), software]:
        with path.open("rb") as f:
            catalog = read_po(f, locale=lang)
        for entry in catalog:
            if not entry.id or entry.pluralizable or not entry.string:
                continue
            for found in counted_after_number(entry.string):
                problems.append(
                    f"{path.relative_to(ROOT)}: {found!r}: {entry.string[:60]!r}"
                )
    assert problems == [], f"{len(problems)} entries:\n" + "\n".join(problems[:60])


def test_a_pages_number_takes_its_nouns_form() -> None:
    """Russian has three forms of a counted noun; the number picks one."""
    from exercises.page_text import page_plurals

    _n = page_plurals("notebooks/12_case_studies")
    years = [_n("{n} year", "{n} years", k).format(n=k) for k in (1, 3, 5, 21)]
    assert years == ["1 year", "3 years", "5 years", "21 years"]
    with language("ru"):
        years = [_n("{n} year", "{n} years", k).format(n=k) for k in (1, 3, 5, 21)]
        assert years == ["1 год", "3 года", "5 лет", "21 год"]
        assert _n("{n} thing", "{n} things", 2) == "{n} things"  # untranslated
