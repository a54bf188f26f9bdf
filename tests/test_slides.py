"""The slide export: slide metadata on the fly, trainer notes as speaker notes,
code hidden (cell tags honoured), everything served from local files.

``scripts/export_slides.py`` is a script, not part of the package, so it is
loaded from its file. A module fixture executes and exports a real module
notebook into a temporary folder (with a cache of its own); the other tests use
a small notebook built here. The browser test opens the slides in Chromium
with every request off the machine refused, and saves a slide to
``$CFL_SCREENSHOT_DIR`` when that is set.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from tests.support.offline import (
    external_css,
    external_loads,
    open_offline,
    play_replay,
    require_browser,
    save_screenshot,
)

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "export_slides.py"
MODULE = ROOT / "notebooks" / "08_organisation.ipynb"
HEADING = "Organising for customer focus"


def _load_script():
    spec = importlib.util.spec_from_file_location("export_slides", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


export_slides = _load_script()


def small_notebook() -> nbformat.NotebookNode:
    """Title, text, a section with a code cell and its output, notes, sources."""
    plot = new_code_cell("print('hello')")
    plot.outputs = [new_output("stream", name="stdout", text="hello\n")]
    nb = new_notebook(
        cells=[
            new_markdown_cell("# A tiny module\n\nGoals."),
            new_markdown_cell("Some text under the title."),
            new_markdown_cell("## First section\n\nText."),
            plot,
            new_markdown_cell("### A detail"),
            new_code_cell(""),
            new_markdown_cell("**Trainer notes**\n\n* Ask the room a SECRET-QUESTION."),
            new_markdown_cell("## Sources\n\n* Seed 000."),
        ]
    )
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    return nb


def inside_notes(html: str, index: int) -> bool:
    """Whether position ``index`` of the HTML lies inside speaker notes."""
    opened = html.rfind('<aside class="notes">', 0, index)
    closed = html.rfind("</aside>", 0, index)
    return opened > closed


def test_slide_types_follow_headings_and_notes():
    nb = small_notebook()
    marked = export_slides.add_slide_metadata(nb)
    kinds = [c.metadata["slideshow"]["slide_type"] for c in marked.cells]
    assert kinds == [
        "slide",  # "# A tiny module"
        "fragment",  # plain text: shown on the next click
        "slide",  # "## First section"
        "fragment",  # code with output that fits on the slide
        "subslide",  # "### A detail"
        "skip",  # an empty code cell
        "notes",  # trainer notes become speaker notes
        "slide",  # "## Sources"
    ]
    # The stored notebook is not changed: metadata is set on a copy.
    assert all("slideshow" not in c.metadata for c in nb.cells)


def test_long_content_goes_to_a_subslide():
    long_text = "\n".join(f"line {i}" for i in range(export_slides.ROOM + 5))
    nb = new_notebook(
        cells=[new_markdown_cell("## Section"), new_markdown_cell(long_text)]
    )
    marked = export_slides.add_slide_metadata(nb)
    assert marked.cells[1].metadata["slideshow"]["slide_type"] == "subslide"


def test_trainer_notes_are_speaker_notes(tmp_path):
    path = tmp_path / "tiny.ipynb"
    nbformat.write(small_notebook(), path)
    html_file = export_slides.export(path, tmp_path / "slides", run=False)
    html = html_file.read_text(encoding="utf-8")
    assert "reveal.js" in html
    hits = [m.start() for m in re.finditer("SECRET-QUESTION", html)]
    assert hits, "the trainer notes are missing from the slides"
    assert all(inside_notes(html, i) for i in hits), "trainer notes shown on a slide"
    assert not inside_notes(html, html.find("First section"))
    # The output folder keeps itself out of git.
    assert (tmp_path / "slides" / ".gitignore").read_text().strip().endswith("*")


@pytest.fixture(scope="module")
def module_slides(tmp_path_factory) -> Path:
    """Module 08 run and exported to a temporary folder (its own cache)."""
    if not MODULE.exists():
        pytest.skip("module 08 notebook not present")
    out = tmp_path_factory.mktemp("slides")
    return export_slides.export(MODULE, out, timeout=120, cache=out / "cache")


def test_module_notebook_exports_with_plots(module_slides):
    html_file = module_slides
    assert html_file.name == "08_organisation.slides.html"
    assert html_file.exists()
    html = html_file.read_text(encoding="utf-8")
    assert "reveal.js" in html
    assert HEADING in html
    assert html.count("<section") > 5
    assert "data:image/png" in html, "the notebook was not executed: no plots"
    notes = [m.start() for m in re.finditer("Trainer notes", html)]
    assert notes, "the trainer notes are missing"
    assert all(inside_notes(html, i) for i in notes), "trainer notes shown on a slide"
    # The stored notebook keeps no outputs and no slide metadata.
    stored = nbformat.read(MODULE, as_version=4)
    assert all(not c.get("outputs") for c in stored.cells if c.cell_type == "code")
    assert all("slideshow" not in c.metadata for c in stored.cells)


def test_default_selection_is_the_modules_without_the_lab(tmp_path):
    names = ["00_start_here", "01_a", "09_b", "10_policy_lab", "11_c", "14_d", "notes"]
    for name in names:
        (tmp_path / f"{name}.ipynb").write_text("{}")
    chosen = [p.stem for p in export_slides.module_notebooks(tmp_path)]
    assert chosen == ["01_a", "09_b", "11_c", "14_d"]
    every = [p.stem for p in export_slides.module_notebooks(tmp_path, every=True)]
    assert every == ["00_start_here", "01_a", "09_b", "10_policy_lab", "11_c", "14_d"]


def test_trainer_notes_as_a_heading_are_speaker_notes():
    nb = new_notebook(
        cells=[
            new_markdown_cell("## A section"),
            new_markdown_cell("## Trainer notes\n\n*Timing.* 10 min."),
        ]
    )
    kinds = [
        c.metadata["slideshow"]["slide_type"]
        for c in export_slides.add_slide_metadata(nb).cells
    ]
    assert kinds == ["slide", "notes"]


def test_missing_notebook_fails_with_a_message(tmp_path, capsys):
    status = export_slides.main([str(tmp_path / "nope.ipynb"), "--out", str(tmp_path)])
    assert status == 1
    assert "no such notebook" in capsys.readouterr().err


def tagged_notebook() -> nbformat.NotebookNode:
    """Code cells marked each way a notebook can hide code, and a widget."""
    shown = new_code_cell("print('SHOWN-CODE')")
    shown.outputs = [new_output("stream", name="stdout", text="shown output\n")]
    folded = new_code_cell("print('FOLDED-CODE')")
    folded.metadata["jupyter"] = {"source_hidden": True}
    folded.outputs = [new_output("stream", name="stdout", text="FOLDED-OUTPUT\n")]
    hidden = new_code_cell("print('HIDDEN-CODE')", metadata={"tags": ["hide-input"]})
    hidden.outputs = [new_output("stream", name="stdout", text="HIDDEN-OUTPUT\n")]
    no_input = new_code_cell(
        "print('NO-INPUT-CODE')", metadata={"tags": ["remove-input"]}
    )
    no_input.outputs = [new_output("stream", name="stdout", text="NO-INPUT-OUT\n")]
    removed = new_code_cell(
        "assert 'REMOVED-CHECK'", metadata={"tags": ["remove-cell"]}
    )
    removed.outputs = [new_output("stream", name="stdout", text="REMOVED-OUT\n")]
    widget = new_code_cell("controls")
    widget.outputs = [
        new_output(
            "display_data",
            data={
                "text/plain": "VBox(children=(IntSlider(value=5),))",
                "application/vnd.jupyter.widget-view+json": {
                    "model_id": "abc",
                    "version_major": 2,
                    "version_minor": 0,
                },
            },
        )
    ]
    nb = new_notebook(
        cells=[
            new_markdown_cell("# Hiding code\n\nText."),
            shown,
            folded,
            hidden,
            no_input,
            removed,
            new_markdown_cell("$m r / (1 + d - r)$"),
            widget,
        ]
    )
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    return nb


@pytest.fixture
def tagged(tmp_path) -> Path:
    path = tmp_path / "tagged.ipynb"
    nbformat.write(tagged_notebook(), path)
    return path


def test_slides_hide_code_and_honour_tags(tagged, tmp_path):
    html = export_slides.export(tagged, tmp_path / "a", run=False).read_text("utf-8")
    for code in ["SHOWN-CODE", "FOLDED-CODE", "HIDDEN-CODE", "NO-INPUT-CODE"]:
        assert code not in html, f"{code} is on a slide"
    for output in ["shown output", "FOLDED-OUTPUT", "HIDDEN-OUTPUT", "NO-INPUT-OUT"]:
        assert output in html, f"{output} is missing"
    assert "REMOVED" not in html  # neither its code nor its output
    # A widget needs a running Python: a note instead of a blank or a repr.
    assert "IntSlider" not in html
    assert "Interactive controls" in html

    # With --show-code, only the cells not marked hidden show their code.
    html = export_slides.export(
        tagged, tmp_path / "b", run=False, hide_code=False
    ).read_text("utf-8")
    assert "SHOWN-CODE" in html
    for code in ["FOLDED-CODE", "HIDDEN-CODE", "NO-INPUT-CODE", "REMOVED"]:
        assert code not in html, f"{code} is on a slide"


def test_slides_load_everything_from_local_files(tagged, tmp_path):
    out = tmp_path / "slides"
    html = export_slides.export(tagged, out, run=False).read_text("utf-8")
    assert external_loads(html) == []
    for name in ["jquery", "require.js", "require.min.js", "unpkg", "cdnjs"]:
        assert name not in html
    assert '<script src="_assets/reveal.js/dist/reveal.js">' in html
    assert (out / "_assets" / "reveal.js" / "dist" / "reveal.js").is_file()
    assert (out / "_assets" / "reveal.js" / "plugin" / "notes" / "notes.js").is_file()
    assert (out / "_assets" / "mathjax" / "tex-chtml.js").is_file()
    for sheet in (out / "_assets").rglob("*.css"):
        assert external_css(sheet.read_text("utf-8", errors="replace")) == [], sheet


def test_cached_outputs_are_reused(tagged, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    nb = export_slides.cfl_pages.read_notebook(tagged.read_text("utf-8"))
    assert export_slides.cfl_pages.cached_outputs(nb, cache) is None
    export_slides.cfl_pages.store_outputs(nb, str(tagged), 1.0, cache)
    calls = []
    monkeypatch.setattr(export_slides, "execute", lambda *a, **k: calls.append(a))
    got = export_slides.with_outputs(tagged, cache=cache)
    assert calls == [], "a cached notebook ran again"
    assert "FOLDED-OUTPUT" in str(got.cells[2].outputs)


def test_folded_cells_get_the_hide_input_tag(tagged):
    nb = nbformat.read(tagged, as_version=4)
    prepared = export_slides.cfl_pages.prepare(nb)
    assert "hide-input" in prepared.cells[2].metadata["tags"]  # folded in JupyterLab
    assert "tags" not in prepared.cells[1].metadata  # shown stays shown
    assert "tags" not in nb.cells[2].metadata  # the notebook itself is unchanged


@pytest.mark.browser
def test_slides_open_in_chromium_without_the_internet(module_slides):
    require_browser()
    with open_offline(viewport=(1200, 800)) as browser:
        page = browser.page
        page.goto(module_slides.as_uri(), wait_until="load")
        page.wait_for_function("() => window.Reveal && Reveal.isReady()")
        assert page.locator(".reveal .slides section").count() > 5
        assert page.locator(".jp-InputArea-editor").count() == 0, "code on the slides"
        # Go to the first slide with one figure, every fragment shown.
        page.evaluate(
            "() => { const s = [...document.querySelectorAll('.reveal section')]"
            ".find(x => !x.querySelector('section')"
            " && x.querySelectorAll('img').length === 1);"
            " const i = Reveal.getIndices(s); Reveal.slide(i.h, i.v, 99); }"
        )
        page.wait_for_timeout(1000)
        image = page.locator(".reveal section.present img").first
        assert image.is_visible()
        box = image.bounding_box()
        assert box is not None and box["y"] + box["height"] <= 800, "off the slide"
        save_screenshot(page, "slide.png")
        assert browser.refused == [], browser.refused
        assert browser.errors == [], browser.errors


@pytest.fixture(scope="module")
def replay_notebook(tmp_path_factory) -> Path:
    """A module page whose code cell shows two desks side by side (modules 04, 05)."""
    from simulations import Scenario, single_run
    from simulations.present.replay import watch

    s = Scenario.preset("product_centric").copy(
        None, **{"business.days": 3, "business.warmup_days": 0}
    )
    more = s.copy("4 staff", **{"business.staff": 4})
    replay = watch([(single_run(x, 0, record_visits=True), x) for x in (s, more)])
    shown = new_code_cell("display(replay)", metadata={"tags": ["hide-input"]})
    shown.outputs = [
        new_output(
            "display_data",
            data={"text/html": replay._repr_html_(), "text/plain": repr(replay)},
        )
    ]
    after = new_code_cell("print('AFTER')", metadata={"tags": ["hide-input"]})
    after.outputs = [new_output("stream", name="stdout", text="AFTER-TEXT\n")]
    nb = new_notebook(
        cells=[
            new_markdown_cell("# A module\n\nText."),
            new_markdown_cell("## Watch a day\n\nPress play."),
            shown,
            after,
        ]
    )
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    path = tmp_path_factory.mktemp("replay") / "replay.ipynb"
    nbformat.write(nb, path)
    return path


def test_a_replay_gets_a_slide_of_its_own_offline(replay_notebook, tmp_path):
    nb = nbformat.read(replay_notebook, as_version=4)
    kinds = [
        c.metadata["slideshow"]["slide_type"]
        for c in export_slides.add_slide_metadata(nb).cells
    ]
    assert kinds[2:] == ["subslide", "subslide"]  # the replay, then what follows
    html = export_slides.export(replay_notebook, tmp_path, run=False).read_text("utf-8")
    assert html.count("cfl-replay-frame") == 1
    # plotly.js is inside the frame's page: nothing comes from the internet.
    assert "Plotly" in html and external_loads(html) == []


@pytest.mark.browser
def test_a_replay_plays_on_its_slide_without_the_internet(replay_notebook, tmp_path):
    require_browser()
    slides = export_slides.export(replay_notebook, tmp_path, run=False)
    with open_offline(viewport=(1200, 800)) as browser:
        page = browser.page
        page.goto(slides.as_uri(), wait_until="load")
        page.wait_for_function("() => window.Reveal && Reveal.isReady()")
        page.evaluate(
            "() => { const f = document.querySelector('iframe.cfl-replay-frame');"
            " const i = Reveal.getIndices(f.closest('section'));"
            " Reveal.slide(i.h, i.v); }"
        )
        frame = play_replay(page)
        # Both desks on the slide, as the room sees it.
        for panel in range(2):
            box = frame.locator(".cfl-plot").nth(panel).bounding_box()
            assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= 800
        save_screenshot(page, "slide_replay.png")
        assert browser.refused == [], browser.refused
        assert browser.errors == [], browser.errors


@pytest.mark.slow
def test_module_14_slides_show_its_runs_and_keep_its_notes_apart(tmp_path):
    """Module 14 (trainer notes under a bold line, a table of runs) as slides."""
    path = ROOT / "notebooks" / "14_complaints_and_recovery.ipynb"
    html = export_slides.export(path, tmp_path, timeout=120, cache=tmp_path / "c")
    html = html.read_text(encoding="utf-8")
    timing = html.find("Timing (about")
    assert timing > 0 and inside_notes(html, timing), "the timing is on a slide"
    table = html.find("95% interval")
    assert table > 0 and not inside_notes(html, table), "no table of runs on a slide"
    assert re.search(r"\d[\d,]* RUB", html), "no money from the runs"
    slides = re.sub(r'<aside class="notes">.*?</aside>', "", html, flags=re.S)
    body = slides[slides.find('<div class="reveal">') :]
    for dirt in ("Traceback", "Warning", ">NaN<", "/tmp/", str(ROOT)):
        assert dirt not in body, f"{dirt!r} on a slide of module 14"


def test_translated_slides_keep_their_trainer_notes_as_speaker_notes(tmp_path):
    """notebooks/<lang>/: its trainer notes open with the translated marker."""
    for lang in export_slides.cfl_languages.other_languages():
        folder = ROOT / "notebooks" / lang
        path = export_slides.module_notebooks(folder)[0]
        html = export_slides.export(path, tmp_path / lang, run=False).read_text("utf-8")
        marker = export_slides.cfl_languages.site_text("Trainer notes", lang)
        assert f"**{marker}**" in export_slides.TRAINER_NOTES
        hits = [m.start() for m in re.finditer(re.escape(marker), html)]
        assert hits, f"{path.name}: the trainer notes are missing"
        assert all(inside_notes(html, i) for i in hits), "trainer notes on a slide"
