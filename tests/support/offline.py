"""Checks that a page loads nothing from the internet.

Two ways, used by the website and slide tests:

* :func:`external_loads` reads a page's HTML (or :func:`external_css` a style
  sheet) and lists every address outside the machine that the page would load:
  scripts, style sheets, images, frames, media, fonts, also in a page held in
  an ``<iframe srcdoc>`` (a replay of a day). Links that a reader clicks
  (``<a href>``) are fine and not listed.
* :func:`open_offline` opens a page in headless Chromium with every request
  that is not a local file or loopback address refused, and records each one
  that was attempted; :func:`play_replay` then plays a replay of a day framed
  in such a page.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from tests.support.webapp import CHROMIUM, CHROMIUM_ARGS

LOADED_BY = {
    "script": ("src",),
    "link": ("href",),
    "img": ("src", "srcset"),
    "iframe": ("src",),
    "frame": ("src",),
    "source": ("src", "srcset"),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "input": ("src",),
}
"""Tags, and the attributes of each, whose address the browser fetches itself."""

LINK_RELS_NOT_LOADED = {"canonical", "alternate", "author", "license", "help"}
"""``<link rel>`` kinds that only name a page and load nothing."""

REMOTE = re.compile(r"^\s*(?:https?:)?//", re.IGNORECASE)
CSS_REMOTE = re.compile(
    r"""(?:url\(\s*['"]?|@import\s+['"])\s*((?:https?:)?//[^'")\s]+)""",
    re.IGNORECASE,
)
LOCAL_SCHEMES = ("file:", "data:", "about:", "blob:")
LOOPBACK = re.compile(r"^https?://(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?/")


class _Loads(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "style":
            self._in_style = True
        if "style" in values:
            self.found += external_css(values["style"])
        if tag == "iframe" and "srcdoc" in values:  # a page inside the page
            self.found += [
                f"<iframe srcdoc> {x}" for x in external_loads(values["srcdoc"])
            ]
        if tag == "link":
            rels = set(values.get("rel", "").lower().split())
            if rels and rels <= LINK_RELS_NOT_LOADED:
                return
        for attribute in LOADED_BY.get(tag, ()):
            value = values.get(attribute, "")
            candidates = value.split(",") if attribute == "srcset" else [value]
            for candidate in candidates:
                address = candidate.strip().split(" ")[0]
                if REMOTE.match(address):
                    self.found.append(f"<{tag} {attribute}={address}>")

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.found += external_css(data)


def external_css(text: str) -> list[str]:
    """Addresses outside the machine that a style sheet imports or uses."""
    return [f"css {m.group(1)}" for m in CSS_REMOTE.finditer(text)]


def external_loads(html: str) -> list[str]:
    """Addresses outside the machine that an HTML page would load by itself.

    Parameters
    ----------
    html
        The page's source.

    Returns
    -------
    list of str
        One entry per address, such as ``<script src=https://...>``.
    """
    parser = _Loads()
    parser.feed(html)
    parser.close()
    return parser.found


def require_browser() -> None:
    """Skip the calling test without Chromium or Playwright; fail instead in CI.

    CI sets ``CFL_REQUIRE_BROWSER=1``: there a missing browser is a failure.
    """
    import importlib.util
    from pathlib import Path

    import pytest

    problems = []
    if not Path(CHROMIUM).exists():
        problems.append(f"Debian's Chromium is not installed at {CHROMIUM}")
    if importlib.util.find_spec("playwright") is None:
        problems.append("the Python package playwright is not installed")
    if not problems:
        return
    message = "; ".join(problems)
    if os.environ.get("CFL_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{message} (CFL_REQUIRE_BROWSER=1, so this is a failure)")
    pytest.skip(f"{message}; set CFL_REQUIRE_BROWSER=1 to fail instead of skipping")


def save_screenshot(page: Any, name: str, **options: Any) -> None:
    """Save a screenshot to ``$CFL_SCREENSHOT_DIR/<name>`` when that is set.

    Parameters
    ----------
    page
        A Playwright page or locator.
    name
        File name, such as ``module.png``.
    **options
        Passed to Playwright's ``screenshot``.
    """
    from pathlib import Path

    target = os.environ.get("CFL_SCREENSHOT_DIR")
    if not target:
        return
    Path(target).mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(Path(target) / name), **options)


def is_local(url: str) -> bool:
    """Whether a request stays on this machine (a file, data or loopback)."""
    return url.startswith(LOCAL_SCHEMES) or bool(LOOPBACK.match(url))


@dataclass
class OfflinePage:
    """A Chromium page that refuses requests leaving the machine."""

    page: Any
    refused: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@contextmanager
def open_offline(
    viewport: tuple[int, int] = (1200, 900),
) -> Iterator[OfflinePage]:
    """A headless Chromium page whose requests may not leave the machine.

    Every request that is not a file, ``data:`` or loopback address is
    aborted and its address kept in ``refused``; uncaught script errors go to
    ``errors``.

    Parameters
    ----------
    viewport
        Width and height of the window, in pixels.
    """
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        try:
            page = browser.new_page(
                viewport={"width": viewport[0], "height": viewport[1]}
            )
            result = OfflinePage(page)

            def guard(route: Any) -> None:
                url = route.request.url
                if is_local(url):
                    route.continue_()
                else:
                    result.refused.append(url)
                    route.abort()

            page.route("**/*", guard)
            page.on("pageerror", lambda err: result.errors.append(str(err)))
            yield result
        finally:
            browser.close()


def play_replay(page: Any, steps: int = 5, timeout: int = 30_000) -> Any:
    """Press play on the replay framed in ``page``; wait for ``steps`` minutes.

    Waits for the replay's first desk to be drawn, then for its clock to pass
    ``steps`` simulated minutes. Returns the frame (a Playwright locator).
    """
    frame = page.frame_locator("iframe.cfl-replay-frame")
    frame.locator(".cfl-plot .main-svg").first.wait_for(timeout=timeout)
    frame.locator(".cfl-play").click()
    page.wait_for_function(
        "(n) => +document.querySelector('iframe.cfl-replay-frame')"
        ".contentDocument.querySelector('.cfl-replay').dataset.step >= n",
        arg=steps,
        timeout=timeout,
    )
    return frame
