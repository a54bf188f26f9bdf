"""The printed material: workbook, answer key, test before and after, PDFs.

* The Markdown in ``exercises/print/`` is what ``python -m exercises.make_print``
  writes from the exercise notebooks, the quizzes and the kept runs; the kept
  runs are what the worked notebooks give (slow: it runs them all).
* The workbook has every task and every quiz question, space to write, and no
  code; the answer key has every task's answer and every quiz's right option.
* The test has ten questions, and its scoring sheet gives their right answers.
* Every printed file has a PDF kept in ``docs/print/`` (and ``docs/print/<lang>/``);
  the same text prints to the same bytes, and every kept PDF is what its text
  prints to now (with Chromium).
* In Russian the test before and after, its scoring sheet and the answer key's
  part for it are in Russian (the test's catalog ``quizzes/pre_post``).
* The feedback form is one page of plain words.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from exercises import make_print
from exercises.checks import CHECKS
from exercises.quiz import QUIZZES, load_quiz
from simulations.i18n import LANGUAGES, SOURCE
from tests.support.handouts import load_handouts
from tests.support.plain_words import PATTERNS, problems

ROOT = Path(__file__).resolve().parents[1]
OUT = make_print.OUT


handouts = load_handouts()


def read(name: str) -> str:
    return (OUT / name).read_text(encoding="utf-8")


def test_the_printed_markdown_is_up_to_date() -> None:
    stale = make_print.outdated()
    assert not stale, f"{stale}: run python -m exercises.make_print"


@pytest.mark.slow
def test_the_kept_runs_are_what_the_worked_notebooks_give() -> None:
    fresh = make_print.run_solutions()
    assert make_print.runs_text(fresh) == make_print.RUNS.read_text("utf-8"), (
        "run python -m exercises.make_print --runs"
    )


def test_the_workbook_has_every_task_and_quiz_question() -> None:
    book = read("workbook.md")
    runs = make_print.read_runs()
    for number, check in CHECKS.items():
        module = f"{int(number.split('.')[0]):02d}"
        if not list(make_print.STUDENT.glob(f"{module}_*.ipynb")):
            continue
        if check.kind == "scenario":
            assert f"Task {number}" in book or f"**{number}**" in book, number
        else:
            assert f"Your answer ({number}):" in book, f"no space to answer {number}"
    for path in sorted(QUIZZES.glob("[0-9][0-9].toml")):
        for question in load_quiz(path.stem).questions:
            assert question.text in book, question.text[:60]
    # Every table of a worked notebook's run is in the workbook.
    for notebook in runs.values():
        for blocks in notebook["shown"].values():
            for block in blocks:
                assert block in book, block[:80]


def test_the_workbook_shows_no_code() -> None:
    book = read("workbook.md")
    assert "`" not in book, "a code span in the workbook"
    for pattern in (r"\banswer_\d", r"\bcheck_\d", r"^\s*(from|import) \w", r"\(\)"):
        assert not re.search(pattern, book, re.MULTILINE), pattern
    assert not PATTERNS["command"].search(book)


@pytest.mark.parametrize(
    "name", ["workbook.md", "pre_post_test.md", "pre_post_scoring.md"]
)
def test_what_participants_read_is_plain(name: str) -> None:
    found = problems(read(name))
    assert not found, f"{name}: {len(found)} leaks:\n" + "\n".join(found[:10])


def test_every_printed_figure_is_kept_in_git() -> None:
    # A figure that git ignores is missing from a fresh copy of the project,
    # and the workbook printed there would show an empty box.
    for name in ("workbook.md", "answer_key.md"):
        for target in re.findall(r"!\[[^\]]*\]\(([^)]+)\)", read(name)):
            figure = OUT / target
            assert figure.is_file(), f"{name} shows {target}, which is missing"
            ignored = subprocess.run(
                ["git", "check-ignore", "-q", str(figure)], cwd=ROOT, check=False
            )
            assert ignored.returncode != 0, f"git ignores {target} ({name})"


def test_the_answer_key_answers_every_task_and_question() -> None:
    key = read("answer_key.md")
    runs = make_print.read_runs()
    checked = {task for nb in runs.values() for task in nb["checks"]}
    for task in checked:
        assert re.search(rf"^- \*\*{re.escape(task)} ", key, re.MULTILINE), task
    for notebook in runs.values():
        for text in notebook["checks"].values():
            assert text.startswith("[✔ right]"), f"a worked answer is not right: {text}"
    for path in sorted(QUIZZES.glob("*.toml")):
        for q in load_quiz(path.stem).questions:
            right = f"**{chr(65 + q.correct)}. {q.options[q.correct]}**"
            assert right in key, right


def test_the_test_before_and_after_has_ten_questions_and_a_key() -> None:
    quiz = load_quiz(make_print.PRE_POST)
    assert len(quiz.questions) == 10
    paper, sheet = read("pre_post_test.md"), read("pre_post_scoring.md")
    assert all(q.text in paper for q in quiz.questions)
    assert "Right" not in paper and "module 0" not in paper  # nothing gives it away
    rows = re.findall(r"^\| (\d+) \| ([A-D]) \|", sheet, re.MULTILINE)
    assert [(int(n), letter) for n, letter in rows] == [
        (n, chr(65 + q.correct)) for n, q in enumerate(quiz.questions, start=1)
    ]
    letters = [q.correct for q in quiz.questions]
    assert max(letters.count(i) for i in set(letters)) <= 4  # no letter wins by habit


def test_the_feedback_form_is_one_plain_page() -> None:
    form = ROOT / "exercises" / "seminar_kit" / "feedback_form.md"
    markdown = form.read_text(encoding="utf-8")
    found = problems(markdown)
    assert not found, "feedback_form.md: " + "; ".join(found[:5])
    scales = re.findall(r"^\| [^|]+\.(?: \| ☐){5} \|$", markdown, re.MULTILINE)
    assert len(scales) >= 5, f"only {len(scales)} lines to rate from 1 to 5"
    assert markdown.count("&nbsp;") >= 4, "no room to write"
    assert "0 · 1 · 2 · 3 · 4 · 5 · 6 · 7 · 8 · 9 · 10" in markdown
    pdf = (ROOT / "docs" / "print" / "feedback_form.pdf").read_bytes()
    pages = len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))
    assert pages == 1, f"the kept feedback form prints on {pages} pages"


def test_every_printed_file_has_a_kept_pdf() -> None:
    for path in handouts.kit_files():
        pdf = ROOT / "docs" / "print" / handouts.pdf_name(path)
        assert pdf.is_file(), f"no PDF of {path.name} in docs/print"
        data = pdf.read_bytes()
        assert data[:5] == b"%PDF-" and len(data) > 5_000
        assert handouts.FIXED_DATE in data, f"{pdf.name}: printed without steady dates"


def test_every_language_has_its_kept_pdfs() -> None:
    for lang in [code for code in LANGUAGES if code != SOURCE]:
        for _path, pdf, _printed, _title in handouts.listing(lang):
            kept = ROOT / "docs" / "print" / lang / pdf
            assert kept.is_file(), f"no PDF {pdf} in docs/print/{lang}"
            assert handouts.FIXED_DATE in kept.read_bytes(), kept


def test_steady_keeps_every_byte_offset(tmp_path: Path) -> None:
    pdf = tmp_path / "a.pdf"
    text = (
        b"%PDF-1.4 /CreationDate (D:20261205021102+00'00') /ModDate (D:20261205021103)"
    )
    pdf.write_bytes(text)
    handouts.steady(pdf)
    fixed = pdf.read_bytes()
    assert len(fixed) == len(text) and fixed.count(handouts.FIXED_DATE) == 2


@pytest.mark.browser
def test_the_same_text_prints_to_the_same_bytes(tmp_path: Path) -> None:
    if not Path(handouts.CHROMIUM).exists():
        pytest.skip(f"Chromium is not at {handouts.CHROMIUM}")
    form = ROOT / "exercises" / "seminar_kit" / "feedback_form.md"
    first = handouts.print_all([form], tmp_path / "a")[0].read_bytes()
    second = handouts.print_all([form], tmp_path / "b")[0].read_bytes()
    assert first == second


@pytest.mark.browser
def test_every_kept_pdf_is_what_its_text_prints_to(tmp_path: Path) -> None:
    # A trainer without Chromium prints the kept copies: they must not lag
    # behind the Markdown they come from.
    if not Path(handouts.CHROMIUM).exists():
        pytest.skip(f"Chromium is not at {handouts.CHROMIUM}")
    stale = [
        pdf.name
        for pdf in handouts.print_all(handouts.kit_files(), tmp_path)
        if pdf.read_bytes() != (ROOT / "docs" / "print" / pdf.name).read_bytes()
    ]
    assert not stale, f"stale in docs/print: {stale}; run bash scripts/site"


@pytest.mark.browser
@pytest.mark.parametrize("lang", [code for code in LANGUAGES if code != SOURCE])
def test_every_kept_pdf_of_a_language_is_what_its_text_prints_to(
    tmp_path: Path, lang: str
) -> None:
    """``docs/print/<lang>/`` too: a Russian test or answer key kept in English
    (or before its last translation) is stale."""
    if not Path(handouts.CHROMIUM).exists():
        pytest.skip(f"Chromium is not at {handouts.CHROMIUM}")
    kept = ROOT / "docs" / "print" / lang
    stale = [
        pdf.name
        for pdf in handouts.print_pages(handouts.pages(lang), tmp_path)
        if pdf.read_bytes() != (kept / pdf.name).read_bytes()
    ]
    assert not stale, (
        f"stale in docs/print/{lang}: {stale}; run "
        f"python scripts/handouts.py --lang {lang} --also docs/print"
    )


# ---------------------------------------------------------------- other languages
def _complete_catalog(tmp_path: Path, lang: str, page: str) -> dict[str, str]:
    """A copy of the locale folder where ``page``'s catalog is complete: its
    translations, and a Russian stand-in for each text not translated yet."""
    import shutil

    from babel.messages.pofile import read_po, write_po

    locale = tmp_path / "locale"
    shutil.copytree(handouts.cfl_languages.LOCALE / lang, locale / lang)
    path = locale / lang / "LC_MESSAGES" / f"{page}.po"
    with path.open("rb") as f:
        catalog = read_po(f, locale=lang)
    for n, message in enumerate(m for m in catalog if m.id):
        if not message.string or message.fuzzy:
            message.string = f"Абзац номер {n} по-русски"
            message.flags.discard("fuzzy")
    with path.open("wb") as f:
        write_po(f, catalog)
    return {m.id: m.string for m in catalog if m.id}


def test_other_languages_print_what_is_translated(tmp_path, monkeypatch) -> None:
    """Each language prints from the same sources: a guide or handout once its
    catalog is complete (else in English, and the list says so), the workbook,
    answer key and test from make_print in that language."""
    lang, page = "ru", "exercises/seminar_kit/handouts/yes_and"
    source = ROOT / f"{page}.md"
    for path, _pdf, printed, _title in handouts.listing(lang):
        catalog_done = handouts.complete(lang, handouts.page_name(path))
        expected = lang if catalog_done or path.parent == OUT else "en"
        assert printed == expected, path.name
    # A complete catalog: the handout prints in Russian, every paragraph.
    words = _complete_catalog(tmp_path, lang, page)
    monkeypatch.setattr(handouts.cfl_languages, "LOCALE", tmp_path / "locale")
    assert handouts.printed_in(lang, source) == lang
    (printed,) = handouts.pages(lang, [source])
    title = handouts.title_of(source.read_text("utf-8"), "")
    assert printed.lang == lang and printed.text.startswith(f"# {words[title]}\n")
    assert not re.search(r"\b(the|and|you|your)\b", printed.text), printed.text
    # The workbook: the fixed words, the quizzes and the exercises translated.
    (book,) = handouts.pages(lang, [OUT / "workbook.md"])
    assert book.text.startswith("# Рабочая тетрадь участника\n")
    quiz = load_quiz("01")
    from simulations.i18n import language

    with language(lang):
        question = load_quiz("01").questions[0].text
    assert question != quiz.questions[0].text and question in book.text
    assert "## Модуль 01 · " in book.text and "**Ваш ответ (1.1):**" in book.text
    assert "Как работать." not in book.text  # left out on paper, as in English
    note = handouts.in_english_note(lang)
    assert note.startswith("(") and not re.search(r"[A-Za-z]", note)


def test_the_russian_test_before_and_after_is_in_russian() -> None:
    """What the Russian PDFs of the test, its scoring sheet and the answer key
    are printed from: every question, option and feedback of the test through
    its catalog (``quizzes/pre_post``), none left in English, and the scoring
    table's "taught in" column in Russian."""
    from tests.support.russian import english_words

    lang = "ru"
    english = load_quiz(make_print.PRE_POST)
    names = ("pre_post_test", "pre_post_scoring", "answer_key")
    files = [OUT / f"{name}.md" for name in names]
    paper, sheet, key = (page.text for page in handouts.pages(lang, files))
    key = key[key.index(f"## {make_print.phrases(lang)['key']['pre_post']}\n") :]
    texts = {t for q in english.questions for t in (q.text, *q.options, *q.feedback)}
    left = sorted(t for t in texts if len(t) > 8 and (t in paper or t in key))
    assert left == [], f"in English on the Russian test or key: {left[:5]}"
    for name, text in (("test", paper), ("scoring", sheet), ("key", key)):
        # Bold text without a Russian word counts as a title: look inside it too
        # (HTML entities such as &nbsp; are no words).
        words = english_words(re.sub(r"\*|&\w+;", " ", text))
        assert words == [], (name, words[:8])
    questions = re.findall(r"^\*\*(\d+)\. (.+)\*\*$", paper, re.MULTILINE)
    assert len(questions) == len(english.questions) == 10
    assert all(re.search("[а-яё]", q, re.I) for _n, q in questions)
    rows = re.findall(r"^\| (\d+) \| ([A-D]) \| ([^|]*) \|$", sheet, re.MULTILINE)
    assert [letter for _n, letter, _where in rows] == [
        chr(65 + q.correct) for q in english.questions
    ]
    for _n, _letter, where in rows:
        assert re.fullmatch(r"модул[ьи] \d\d(, \d\d)*", where.strip()), where
    assert "Верно" not in paper and "модул" not in paper  # nothing gives it away


@pytest.mark.browser
def test_a_russian_pdf_holds_its_russian_text(tmp_path, monkeypatch) -> None:
    """Printed in Russian: the text is in the PDF (a font with Cyrillic
    embedded), and no request left the machine."""
    from pypdf import PdfReader

    if not Path(handouts.CHROMIUM).exists():
        pytest.skip(f"Chromium is not at {handouts.CHROMIUM}")
    lang, page = "ru", "exercises/seminar_kit/handouts/yes_and"
    words = _complete_catalog(tmp_path, lang, page)
    monkeypatch.setattr(handouts.cfl_languages, "LOCALE", tmp_path / "locale")
    source = ROOT / f"{page}.md"
    printed = handouts.pages(lang, [source, OUT / "workbook.md"])
    refused: list[str] = []
    probe = handouts.Page("probe.pdf", "![](https://example.com/a.png)", tmp_path, lang)
    pdfs = handouts.print_pages([*printed, probe], tmp_path / "pdf", refused)
    assert refused == ["https://example.com/a.png"]  # the probe's, and no other

    def text_of(pdf: Path) -> str:
        return " ".join(
            " ".join(p.extract_text().split()) for p in PdfReader(pdf).pages
        )

    def fonts_of(pdf: Path) -> set[str]:
        found = set()
        for p in PdfReader(pdf).pages:
            for font in p["/Resources"].get("/Font", {}).values():
                font = font.get_object()
                found.add(str(font["/BaseFont"]).split("+")[-1])
        return found

    title = handouts.title_of(source.read_text("utf-8"), "")
    handout = text_of(pdfs[0])
    assert " ".join(words[title].split()) in handout, handout[:300]
    assert not re.search(r"\b(the|and|you|your)\b", handout), handout[:300]
    book = text_of(pdfs[1])
    assert "Рабочая тетрадь участника" in book and "Модуль 01" in book
    for pdf in pdfs[:2]:
        assert "DejaVuSans" in fonts_of(pdf), fonts_of(pdf)
        assert pdf.read_bytes().count(b"/FontFile2") >= 1  # embedded, not named
