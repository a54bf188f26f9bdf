"""The course website: ``bash scripts/site`` builds it into ``site/``.

The site is built once for this file (a module fixture; the notebooks run
once, then come from ``build/jupyter_cache``), so every test here is slow.
The tests check what a learner gets: the pages of the course, the modules
with their results and figures, the printable handouts, and that no page
loads anything from the internet, read from the HTML and seen by Chromium.
With ``CFL_SCREENSHOT_DIR`` set, the browser test saves the start page and a
module page there; with ``CFL_SITE_BUILT=1`` the tests use the site already in
``site/`` instead of building it.
"""

from __future__ import annotations

import html as html_text
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.handouts import load_handouts
from tests.support.offline import (
    external_css,
    external_loads,
    open_offline,
    play_replay,
    require_browser,
    save_screenshot,
)

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "site"
BUILD_TIMEOUT = 1800  # s: every notebook runs once on a cold cache
KIT = ROOT / "exercises" / "seminar_kit"
REPLAYS = ("04_service_levels", "05_loyalty_phases")  # modules that replay a day
sys.path.insert(0, str(ROOT / "site_src" / "_ext"))

import cfl_languages  # noqa: E402
import cfl_pages  # noqa: E402


@pytest.fixture(scope="module")
def site() -> Path:
    """The built website (``bash scripts/site``), once for this file.

    ``CFL_SITE_BUILT=1`` tests the site already in ``site/`` instead.
    """
    if os.environ.get("CFL_SITE_BUILT") == "1":
        if not (SITE / "index.html").is_file():
            pytest.fail("CFL_SITE_BUILT=1 but site/index.html is missing")
        return SITE
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("MPLBACKEND", None)  # the site sets its own (inline figures)
    done = subprocess.run(
        ["bash", str(ROOT / "scripts" / "site")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=BUILD_TIMEOUT,
        check=False,
    )
    if done.returncode != 0:
        pytest.fail(
            "bash scripts/site failed:\n"
            + (done.stdout[-3000:] + "\n" + done.stderr[-6000:]).strip()
        )
    assert (SITE / "index.html").is_file()
    return SITE


def module_pages(site: Path) -> list[Path]:
    """The pages of the teaching notebooks, 00 to 10."""
    return sorted((site / "notebooks").glob("[0-9][0-9]_*.html"))


def page_with_figure(site: Path) -> Path:
    """The first module page (01-09) that shows a figure."""
    for page in module_pages(site):
        if page.stem.startswith("00"):
            continue
        if re.search(r'<img[^>]+src="\.\./_images/', page.read_text("utf-8")):
            return page
    pytest.fail("no module page shows a figure")


def test_every_part_of_the_course_has_a_page(site: Path) -> None:
    notebooks = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    assert [p.stem for p in module_pages(site)] == [p.stem for p in notebooks]
    exercises = sorted((ROOT / "exercises" / "student").glob("[0-9][0-9]_*.ipynb"))
    for path in exercises:
        assert (site / "exercises" / "student" / f"{path.stem}.html").is_file()
    for path in [KIT / "README.md", *KIT.glob("*.md"), *KIT.glob("handouts/*.md")]:
        page = site / path.relative_to(ROOT).with_suffix(".html")
        assert page.is_file(), f"no page for {path.relative_to(ROOT)}"
    for name in ["model", "references", "glossary"]:
        assert (site / "docs" / f"{name}.html").is_file()
    start = (site / "index.html").read_text("utf-8")
    for target in [
        "notebooks/00_start_here.html",
        "notebooks/01_customer_focus_models.html",
        "exercises.html",
        "exercises/seminar_kit/README.html",
        "docs/glossary.html",
        "docs/references.html",
        "docs/model.html",
        "printables.html",
    ]:
        assert f'href="{target}' in start, f"the start page has no link to {target}"


def test_modules_show_results_and_figures_not_errors(site: Path) -> None:
    figures = 0
    for page in module_pages(site):
        html = page.read_text("utf-8")
        assert "output traceback" not in html, f"{page.name} shows a traceback"
        assert "Traceback (most recent call last)" not in html, page.name
        figures += len(re.findall(r'<img[^>]+src="\.\./_images/', html))
    assert figures >= 5, "the module pages show (almost) no figures: not executed?"
    # Widgets cannot run on a static page: a note stands in, no widget manager.
    lab = (site / "notebooks" / "10_policy_lab.html").read_text("utf-8")
    assert cfl_pages.WIDGET_NOTE.split(".")[0] in lab
    assert "widget-view+json" not in lab


def test_modules_04_and_05_show_a_replay_of_a_day(site: Path) -> None:
    for name in REPLAYS:
        html = (site / "notebooks" / f"{name}.html").read_text("utf-8")
        assert html.count("cfl-replay-frame") == 1, f"{name}: no replay, or two"
        # plotly.js travels inside the frame's page (escaped in its srcdoc);
        # test_no_page_loads_from_the_internet reads that page too.
        assert "Plotly.newPlot" in html, name


def test_handouts_are_printable(site: Path) -> None:
    handouts = sorted(KIT.glob("handouts/*.md"))
    assert handouts
    for path in [KIT / "facilitator_guide.md", *handouts]:
        pdf = site / "handouts" / f"{path.stem}.pdf"
        assert pdf.is_file(), f"no PDF of {path.name}"
        assert pdf.read_bytes()[:5] == b"%PDF-"
        assert pdf.stat().st_size > 5_000
    printables = (site / "printables.html").read_text("utf-8")
    assert 'href="handouts/facilitator_guide.pdf"' in printables
    # Every language has them all, in its own folder; the list says which are
    # still in English.
    handouts = load_handouts()
    for lang in cfl_languages.other_languages():
        listed = (site / lang / "printables.html").read_text("utf-8")
        note = html_text.escape(handouts.in_english_note(lang), quote=False)
        for _path, pdf, printed, _title in handouts.listing(lang):
            found = site / lang / "handouts" / pdf
            assert found.read_bytes()[:5] == b"%PDF-", f"no {lang} PDF {pdf}"
            line = re.search(
                rf'href="handouts/{re.escape(pdf)}">[^<]*</a>([^<]*)', listed
            )
            assert line, f"{lang}/printables.html does not list {pdf}"
            assert (note in line[1]) == (printed != lang), (pdf, line[1])


def _pages(root: Path) -> list[Path]:
    """The HTML pages of one language's site (no other language's, no reports)."""
    others = set(cfl_languages.other_languages())
    return sorted(
        p
        for p in root.rglob("*.html")
        if not {"reports", "_static"} & set(p.relative_to(root).parts)
        and (root != SITE or p.relative_to(root).parts[0] not in others)
    )


def test_every_page_exists_in_every_language_with_a_switch(site: Path) -> None:
    english = _pages(site)
    assert english
    for lang in cfl_languages.other_languages():
        root = site / lang
        assert [p.relative_to(root) for p in _pages(root)] == [
            p.relative_to(site) for p in english
        ], f"site/{lang}/ does not have the same pages as site/"
        for page in [*english[:3], *_pages(root)[:3], root / "index.html"]:
            html = page.read_text("utf-8")
            switch = re.search(r'<nav class="cfl-languages">(.*?)</nav>', html)
            assert switch, f"{page.relative_to(site)} has no language switch"
            for href in re.findall(r'href="([^"]+)"', switch[1]):
                target = (page.parent / href).resolve()
                assert target.is_file(), f"{page.relative_to(site)}: {href} is missing"


def test_the_translated_pages_read_in_their_language(site: Path) -> None:
    for lang in cfl_languages.other_languages():
        root = site / lang
        start = (root / "index.html").read_text("utf-8")
        assert f'lang="{lang}"' in start
        note = cfl_languages.edition(lang).get("note", "").strip()
        assert not note or note.split()[0] in start, "the edition's note is missing"
        for page in cfl_languages.edition_pages(lang):
            if not page.startswith("notebooks/"):
                continue
            words = cfl_languages.translations(lang, page)
            html = (root / f"{page}.html").read_text("utf-8")
            english = (site / f"{page}.html").read_text("utf-8")
            title = re.search(r"<h1>(.*?)<", english)[1].strip()
            title = html_text.unescape(title).replace("\u2019", "'")  # smart quotes
            assert words.get(title, title) != title, f"{page}: title not translated"
            assert words[title].split(" · ")[-1][:20] in html, f"{page}: English title"
        # The quiz is plain HTML made when the page was built: no kernel needed.
        from exercises.quiz import quiz_translations

        quiz = quiz_translations("01", lang)
        if quiz:
            module = (root / "notebooks" / "01_customer_focus_models.html").read_text(
                "utf-8"
            )
            assert "cfl-quiz" in module
            assert any(text[:30] in module for text in quiz.values())


def test_the_translated_pages_hold_no_english_words(site: Path) -> None:
    """The pages an edition has in full: no Latin-script word outside the list.

    Code, maths and titles of works as published are left out; what the
    modules' code shows (sentences and tables around the results) is in.
    """
    from tests.support.russian import english_words, page_prose

    found = {}
    for lang in [c for c in cfl_languages.other_languages() if c == "ru"]:
        for page in cfl_languages.pages_in_full(lang):
            if page == "docs/references":
                continue  # a list of sources, as published
            path = site / lang / f"{page}.html"
            assert path.is_file(), f"{lang}: no page {page}"
            if words := english_words(page_prose(path.read_text("utf-8"))):
                found[f"{lang}/{page}"] = sorted(set(words))[:15]
    assert found == {}, "\n".join(f"{p}: {w}" for p, w in found.items())


def test_no_page_loads_from_the_internet(site: Path) -> None:
    found = []
    for page in site.rglob("*.html"):
        for address in external_loads(page.read_text("utf-8", errors="replace")):
            found.append(f"{page.relative_to(site)}: {address}")
    for sheet in site.rglob("*.css"):
        for address in external_css(sheet.read_text("utf-8", errors="replace")):
            found.append(f"{sheet.relative_to(site)}: {address}")
    assert found == [], "\n".join(found[:20])
    # MathJax is shipped with the site.
    assert (site / "_static" / "mathjax" / "tex-chtml.js").is_file()


@pytest.mark.browser
def test_pages_open_in_chromium_without_the_internet(site: Path) -> None:
    require_browser()
    pages = sorted(site.rglob("*.html"))
    pages = [p for p in pages if "reports" not in p.relative_to(site).parts]
    module = page_with_figure(site)
    with open_offline(viewport=(1200, 900)) as browser:
        page = browser.page
        for path in pages:
            page.goto(path.as_uri(), wait_until="load")
        assert browser.refused == [], browser.refused[:10]
        assert browser.errors == [], browser.errors[:10]

        # The start page, as a learner first sees it (the theme keeps the
        # menu's scroll position from page to page: forget it).
        page.evaluate("() => { sessionStorage.clear(); localStorage.clear(); }")
        page.goto((site / "index.html").as_uri(), wait_until="load")
        page.evaluate(
            "() => document.querySelectorAll('.bd-sidebar-primary, "
            ".bd-sidebar-primary *').forEach(e => { e.scrollTop = 0; })"
        )
        assert "Customer Focus Lab" in page.title()
        assert page.locator("nav a", has_text="Start here").count() >= 1
        save_screenshot(page, "site_start.png")

        # A module: executed results with figures; mathematics typeset locally.
        page.goto(module.as_uri(), wait_until="load")
        figure = page.locator(".cell_output img").first
        assert figure.is_visible()
        if page.locator("span.math").count():
            page.wait_for_selector("mjx-container", timeout=20_000)
        figure.scroll_into_view_if_needed()
        page.evaluate("window.scrollBy(0, -250)")
        save_screenshot(page, "module.png")
        assert browser.refused == [], browser.refused[:10]
        assert browser.errors == [], browser.errors[:10]

        # A replay of a day, pre-rendered on its module's page, plays there.
        page.goto((site / "notebooks" / f"{REPLAYS[0]}.html").as_uri())
        replay = page.locator("iframe.cfl-replay-frame")
        replay.scroll_into_view_if_needed()
        play_replay(page)
        save_screenshot(replay, "site_replay.png")
        assert browser.refused == [], browser.refused[:10]
        assert browser.errors == [], browser.errors[:10]
