"""Print the seminar kit and the printed material of the course as PDF files.

Each Markdown file to print (:func:`kit_files`: the facilitator guide, the
kit's overview, every handout, the feedback form, and what
``python -m exercises.make_print`` writes: the participant's workbook, the
trainer's answer key, the test before and after and its scoring sheet) is
turned into a plain HTML page with a print style sheet, and Debian's Chromium
prints it to A4 through Playwright (``page.pdf``), with page numbers in the
footer. Nothing is fetched from the internet: a request that leaves the
machine is refused.

The PDFs are the same bytes for the same text (the dates Chromium writes into
them are set to a fixed one), so the copies kept in ``docs/print/`` for
trainers without Chromium change only when their text does.

Every language of the edition is printed (``--lang`` for one): English into
``site/handouts/``, another language into ``site/<lang>/handouts/`` (kept
copies in ``docs/print/<lang>/``), from the same sources. A guide or handout
goes through its page's catalog (``locale/<lang>/LC_MESSAGES/<page>.po``, as
the website translates it) when that catalog is complete, and prints in
English until then (:func:`printed_in` says which); the workbook, the answer
key and the test come from ``exercises.make_print`` in that language. The
Russian pages use DejaVu Sans (Debian's ``fonts-dejavu-core``), which has
Cyrillic, and Chromium embeds it in the PDF.

Usage::

    python scripts/handouts.py                  # site/handouts/, site/ru/handouts/
    python scripts/handouts.py --lang ru            # the Russian ones only
    python scripts/handouts.py --site /tmp/site     # into /tmp/site/handouts/, ...
    python scripts/handouts.py --lang ru --out /tmp/ru   # one language, elsewhere
    python scripts/handouts.py --also docs/print    # and refresh the kept copies

Without Chromium (``/usr/bin/chromium``) it says so and exits with 0, unless
``CFL_REQUIRE_BROWSER=1`` (as in CI), where that is an error (exit 1).
"""

from __future__ import annotations

import argparse
import html
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from markdown_it import MarkdownIt

ROOT = Path(__file__).resolve().parents[1]
for _folder in (ROOT, ROOT / "site_src" / "_ext"):  # the package, the site's translator
    if str(_folder) not in sys.path:
        sys.path.insert(0, str(_folder))

import cfl_languages  # noqa: E402
import cfl_notebooks  # noqa: E402

from simulations.i18n import LANGUAGES, SOURCE  # noqa: E402

SITE = ROOT / "site"
KIT = ROOT / "exercises" / "seminar_kit"
PRINTED = ROOT / "exercises" / "print"
KEPT = ROOT / "docs" / "print"
"""Where the PDFs are kept for trainers without Chromium."""
FIXED_DATE = b"D:20260101000000"
"""The date written into every PDF in place of the time it was printed."""
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]

PRINT_CSS = """
@page { size: A4; margin: 18mm 16mm 20mm 16mm; }
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif;
       font-size: 10.5pt; line-height: 1.4; color: #111; }
h1 { font-size: 18pt; margin: 0 0 8pt; border-bottom: 2px solid #2a7ab0;
     padding-bottom: 4pt; }
h2 { font-size: 13pt; margin: 14pt 0 4pt; color: #1d5a82; break-after: avoid; }
h3 { font-size: 11.5pt; margin: 10pt 0 3pt; break-after: avoid; }
p, li { orphans: 3; widows: 3; }
table { border-collapse: collapse; width: 100%; margin: 6pt 0; font-size: 9.5pt;
        break-inside: auto; }
tr { break-inside: avoid; }
th, td { border: 1px solid #999; padding: 3pt 5pt; text-align: left;
         vertical-align: top; }
th { background: #e8f1f7; }
code { font-family: "DejaVu Sans Mono", monospace; font-size: 9pt; }
pre { background: #f4f4f4; padding: 6pt; white-space: pre-wrap; font-size: 8.5pt; }
blockquote { border-left: 3px solid #bbb; margin: 6pt 0; padding: 0 8pt; color: #333; }
a { color: inherit; text-decoration: none; }
img { max-width: 100%; }
"""

FOOTER = (
    '<div style="font-size:8pt; width:100%; text-align:center; color:#666;">'
    "{title} · <span class='pageNumber'></span> / <span class='totalPages'></span>"
    "</div>"
)


def kit_files(kit: Path = KIT, printed: Path = PRINTED) -> list[Path]:
    """The Markdown files to print: guide, overview, each handout, the feedback
    form, then the workbook, the answer key and the test with its scoring sheet."""
    first = [kit / "facilitator_guide.md", kit / "README.md"]
    last = [kit / "feedback_form.md"] + [
        printed / f"{name}.md"
        for name in ("workbook", "answer_key", "pre_post_test", "pre_post_scoring")
    ]
    files = [*first, *sorted(kit.glob("handouts/*.md")), *last]
    return [p for p in files if p.is_file()]


def title_of(text: str, fallback: str) -> str:
    """The first ``#`` heading of a Markdown text, or ``fallback``."""
    for line in text.splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return fallback


def to_html(
    text: str, title: str, folder: Path | None = None, lang: str = SOURCE
) -> str:
    """A standalone, printable HTML page of a Markdown text in ``lang``.

    ``folder`` is where the text's images are found (their paths are relative
    to the Markdown file).
    """
    body = MarkdownIt("commonmark", {"html": False}).enable("table").render(text)
    base = f'<base href="{folder.as_uri()}/">' if folder is not None else ""
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
        f"{base}<title>{html.escape(title)}</title><style>{PRINT_CSS}</style></head>"
        f"<body>{body}</body></html>\n"
    )


def steady(pdf: Path) -> None:
    """Set the dates in a PDF to :data:`FIXED_DATE`, keeping every byte offset.

    Chromium writes the time of printing into ``/CreationDate`` and
    ``/ModDate``; nothing else in its PDFs changes from one print to the next.
    """
    data = pdf.read_bytes()
    fixed = re.sub(rb"D:\d{14}", FIXED_DATE, data)
    if fixed != data:
        pdf.write_bytes(fixed)


def keep_copies(pdfs: Sequence[Path], folder: Path) -> list[Path]:
    """Copy the PDFs whose bytes changed into ``folder``; return those copied."""
    folder.mkdir(parents=True, exist_ok=True)
    copied = []
    for pdf in pdfs:
        target = folder / pdf.name
        if not target.is_file() or target.read_bytes() != pdf.read_bytes():
            shutil.copyfile(pdf, target)
            copied.append(target)
    return copied


def pdf_name(path: Path) -> str:
    """Name of the PDF of a kit file; the kit's README becomes ``seminar_kit.pdf``."""
    return "seminar_kit.pdf" if path.stem == "README" else f"{path.stem}.pdf"


def local_only(route, refused: list[str] | None = None) -> None:
    """Let file and loopback requests through; refuse (and note) everything else."""
    url = route.request.url
    if url.startswith(("file:", "data:", "about:", "http://127.", "http://localhost")):
        route.continue_()
    else:
        if refused is not None:
            refused.append(url)
        route.abort()


class Page(NamedTuple):
    """One PDF to print: its file name, its Markdown, where its images are."""

    pdf: str
    text: str
    folder: Path
    lang: str
    """The language it is printed in (English where a translation is missing)."""


def page_name(path: Path) -> str:
    """The catalog (page) name of a Markdown file, as the website's."""
    return path.resolve().relative_to(ROOT).with_suffix("").as_posix()


def complete(lang: str, page: str) -> bool:
    """Whether the catalog of ``page`` in ``lang`` has every text translated."""
    path = cfl_languages.catalog_file(lang, page)
    if not path.is_file():
        return False
    found = [m for m in cfl_languages.read_catalog(path, lang) if m.id]
    return bool(found) and all(m.string and not m.fuzzy for m in found)


def printed_in(lang: str, path: Path) -> str:
    """The language ``path`` prints in for ``lang``'s edition.

    The workbook, the answer key and the test are written in ``lang`` (what
    is not translated yet shows in English within them); a guide or handout
    prints in ``lang`` once its catalog is complete, in English until then.
    """
    if lang == SOURCE or path.parent == PRINTED or complete(lang, page_name(path)):
        return lang
    return SOURCE


def pages(lang: str = SOURCE, files: Sequence[Path] | None = None) -> list[Page]:
    """What to print for ``lang``: each of ``files`` (default :func:`kit_files`)."""
    files = kit_files() if files is None else files
    written: dict[str, str] = {}
    if lang != SOURCE and any(p.parent == PRINTED for p in files):
        from exercises import make_print

        runs = make_print.read_runs(lang=lang)
        written = {p.name: t for p, t in make_print.expected(runs, lang).items()}
    found = []
    for path in files:
        shown = printed_in(lang, path)
        text = path.read_text(encoding="utf-8")
        if shown != SOURCE and path.name in written and path.parent == PRINTED:
            text = written[path.name]
        elif shown != SOURCE:
            words = cfl_languages.translations(lang, page_name(path))
            text = cfl_notebooks.translate_markdown(text, words)
        found.append(Page(pdf_name(path), text, path.parent, shown))
    return found


SECTIONS = {
    "workbook": "workbook",
    "answer_key": "key",
    "pre_post_test": "test",
    "pre_post_scoring": "scoring",
}
"""The printed material's files, by their section of ``print/phrases.toml``."""


def listing(lang: str) -> list[tuple[Path, str, str, str]]:
    """(Markdown file, PDF name, language it prints in, title) of every printed file."""
    from exercises.make_print import phrases

    words = phrases(lang)
    found = []
    for path in kit_files():
        shown = printed_in(lang, path)
        title = title_of(path.read_text(encoding="utf-8"), path.stem)
        if shown != SOURCE and path.stem in SECTIONS and path.parent == PRINTED:
            title = words[SECTIONS[path.stem]]["title"]
        else:  # a title may be translated before the rest of its page
            title = cfl_languages.translations(lang, page_name(path)).get(title, title)
        found.append((path, pdf_name(path), shown, title))
    return found


def in_english_note(lang: str) -> str:
    """What the list of PDFs says of a PDF still printed in English, in ``lang``."""
    from simulations.i18n import _, language

    with language(lang):
        return _("(PDF, in English until it is translated)")


def print_all(files: Sequence[Path], out: Path) -> list[Path]:
    """Print each Markdown file to ``out/<name>.pdf`` in English; return the PDFs."""
    return print_pages(pages(SOURCE, files), out)


def print_pages(
    printed: Sequence[Page], out: Path, refused: list[str] | None = None
) -> list[Path]:
    """Print each page to ``out/<name>.pdf``; return the PDFs.

    Parameters
    ----------
    printed
        The pages (:func:`pages`).
    out
        Folder for the PDFs (created).
    refused
        Where to note the addresses of refused requests (off the machine).
    """
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    written = []
    with (
        tempfile.TemporaryDirectory(prefix="cfl-print-") as tmp,
        sync_playwright() as pw,
    ):
        browser = pw.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        try:
            page = browser.new_page()
            page.route("**/*", lambda route: local_only(route, refused))
            for item in printed:
                title = title_of(item.text, Path(item.pdf).stem)
                page_file = Path(tmp) / f"{Path(item.pdf).stem}.html"
                page_file.write_text(
                    to_html(item.text, title, item.folder, item.lang),
                    encoding="utf-8",
                )
                page.goto(page_file.as_uri())
                target = out / item.pdf
                page.pdf(
                    path=str(target),
                    format="A4",
                    print_background=True,
                    display_header_footer=True,
                    header_template="<div></div>",
                    footer_template=FOOTER.format(title=html.escape(title)),
                    prefer_css_page_size=True,
                )
                steady(target)
                written.append(target)
        finally:
            browser.close()
    return written


def folder_for(lang: str, base: Path, site: bool = True) -> Path:
    """Where ``lang``'s PDFs go: ``base/handouts`` and ``base/<lang>/handouts``
    for a site, ``base`` and ``base/<lang>`` for a plain folder."""
    inner = base if lang == SOURCE else base / lang
    return inner / "handouts" if site else inner


def main(argv: Sequence[str] | None = None) -> int:
    """Command line; see the module docstring."""
    parser = argparse.ArgumentParser(description="Print the seminar kit as PDF.")
    parser.add_argument(
        "--lang",
        action="append",
        choices=list(LANGUAGES),
        help="a language to print (repeat for several; default: every language)",
    )
    parser.add_argument(
        "--site", type=Path, default=SITE, help="website folder (PDFs in its handouts/)"
    )
    parser.add_argument(
        "--out",
        type=Path,
        help="PDF folder instead (for one --lang; else other languages: OUT/<lang>)",
    )
    parser.add_argument(
        "--also",
        type=Path,
        help="also copy the PDFs that changed into this folder (other languages: "
        "into its <lang>/)",
    )
    args = parser.parse_args(argv)
    if not Path(CHROMIUM).exists():
        message = f"no PDFs of the handouts: Chromium is not installed at {CHROMIUM}"
        if os.environ.get("CFL_REQUIRE_BROWSER") == "1":
            print(message, file=sys.stderr)
            return 1
        print(message + " (apt-get install chromium fonts-dejavu-core)")
        return 0
    languages = list(dict.fromkeys(args.lang or LANGUAGES))
    english: dict[str, Path] = {}
    for lang in languages:
        if args.out is not None and len(languages) == 1:
            out = args.out
        elif args.out is not None:
            out = folder_for(lang, args.out, site=False)
        else:
            out = folder_for(lang, args.site)
        printed = pages(lang)
        # A page still in English is the English PDF: copied, not printed again.
        same = [p for p in printed if p.lang != lang and p.pdf in english]
        written = print_pages([p for p in printed if p not in same], out)
        for item in same:
            shutil.copyfile(english[item.pdf], out / item.pdf)
            written.append(out / item.pdf)
        if lang == SOURCE:
            english = {pdf.name: pdf for pdf in written}
        untranslated = sum(p.lang != lang for p in printed)
        still = f" ({untranslated} still in English)" if untranslated else ""
        print(f"{len(written)} handouts printed to {out}{still}")
        if args.also is not None:
            kept = folder_for(lang, args.also, site=False)
            copied = keep_copies(written, kept)
            print(f"{len(copied)} changed PDFs copied to {kept}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
