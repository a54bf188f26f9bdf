"""The seminar game in a browser: start the room server, enter, fill, read.

Helpers for the game's browser tests: the room server (``scripts/game``,
with a room code) on a loopback port that can be stopped and started again
on the same file of games; every browser session types the room code first
and lands on the page it asked for; requests leaving the machine are
blocked.
"""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

from tests.support.webapp import CHROMIUM, CHROMIUM_ARGS, answers, free_port, stop_tree

ROOT = Path(__file__).resolve().parents[2]
CODE = "room42"


class GameServer:
    """``scripts/game`` on one port and one file of games, to start and stop."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = folder / "game.log"
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        env = {
            **os.environ,
            "PORT": str(self.port),
            "HOST": "127.0.0.1",
            "CFL_APP_CODE": CODE,
            "CFL_LAB_DIR": str(self.folder / "lab"),
            "CFL_GAME_DB": str(self.folder / "games.sqlite"),
            "CFL_GAME_WORKERS": "0",
            "MPLBACKEND": "Agg",
            # Solara warns at each page that cookies on plain http are "lax":
            # not news on loopback, and it would bury the log's last lines.
            "PYTHONWARNINGS": "ignore:Cookies with samesite",
        }
        with self.log.open("ab") as out:
            self.proc = subprocess.Popen(
                ["bash", str(ROOT / "scripts" / "game")],
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + 120
        while not answers(self.port):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(self.log.read_text(errors="replace")[-3000:])
            time.sleep(0.5)

    def stop(self) -> None:
        if self.proc is not None:
            stop_tree(self.proc)
            self.proc = None


def local_only(context, base: str) -> None:
    """Abort every request that does not go to the game's server."""
    context.route(
        "**/*",
        lambda route: (
            route.continue_() if route.request.url.startswith(base) else route.abort()
        ),
    )


def enter(page, url: str) -> None:
    """Open ``url``: the room code first, then the page asked for.

    The door speaks the browser's language (English or Russian here).
    """
    page.goto(url)
    page.get_by_label(re.compile("^(Room code|Код зала)$")).fill(CODE)
    page.get_by_role("button", name=re.compile("^(Enter|Войти)$")).click()
    page.wait_for_url(url, timeout=30_000)


def fill(page, label: str, value: str, expect: str | None = None) -> None:
    """Type a value and press Enter; with ``expect``, wait until the page shows it.

    A page that has only just appeared may miss the very first keystrokes
    (its widgets are still being wired up): then type again, once.
    """
    box = page.get_by_label(label)
    try:
        box.wait_for(timeout=60_000)
    except Exception:
        # A page that shows a Python error is a bug: fail at once. A page that
        # lost its connection under the load shows nothing of the kind; a
        # person would reload it, and so does the test, once.
        shown = page.locator("body").inner_text(timeout=10_000)
        assert "Traceback" not in shown and "Error:" not in shown, shown[-1500:]
        page.reload()
        box.wait_for(timeout=60_000)
    for attempt in (1, 2):
        box.fill(value)
        box.press("Enter")
        box.blur()
        if expect is None:
            return
        try:
            page.get_by_text(re.compile(expect)).first.wait_for(timeout=8_000)
            return
        except Exception:
            if attempt == 2:
                raise


def choose(page, current: str, option: str) -> None:
    """Pick ``option`` in the list that now shows ``current``."""
    page.get_by_text(current, exact=True).first.click()
    page.get_by_role("option", name=option).click()
    page.get_by_text(option, exact=True).first.wait_for(timeout=10_000)


def table_rows(page, heading: str, rows: int, timeout: float = 60.0) -> dict:
    """The rows of the table that shows ``heading``: first cell -> all cells.

    Waits until the table holds ``rows`` rows: a page re-renders its tables
    as a round ends, and a table read mid-render has no rows yet.
    """
    end = time.monotonic() + timeout
    while True:
        table = page.locator("table", has_text=heading).first
        found = {}
        for row in table.locator("tbody tr").all():
            cells = row.locator("td").all_inner_texts()
            if cells:
                found[cells[0]] = cells
        if len(found) >= rows or time.monotonic() > end:
            return found
        page.wait_for_timeout(500)


def team_codes(trainer, teams: int) -> dict[str, str]:
    """The codes of the ``teams`` teams, shown on demand: name -> code."""
    trainer.get_by_role("button", name="Show the team codes").click()
    rows = table_rows(trainer, "Code", teams)
    trainer.get_by_role("button", name="Hide the team codes").click()
    return {name: cells[1] for name, cells in rows.items()}


def join(browser, base: str, code: str, person: str):
    """A new browser session joins the team of ``code`` as ``person``."""
    context = browser.new_context()
    local_only(context, base)
    page = context.new_page()
    enter(page, f"{base}/game/")
    fill(page, "Team code", code)
    fill(page, "Your name", person)
    page.get_by_role("button", name="Join").click()
    page.get_by_text("Submit decision").wait_for(timeout=60_000)
    return page


def text(page) -> str:
    """What a page shows, on one line."""
    return " ".join(page.locator("body").inner_text(timeout=10_000).split())


def what_went_wrong(pages: list, server: GameServer) -> str:
    """What each page showed, and the end of the server's log, in a few lines.

    Screenshots go to the server's folder; the text goes into the failure
    message, so that a failure in CI can be read without them.
    """
    lines = []
    for i, page in enumerate(pages):
        try:
            page.screenshot(path=str(server.folder / f"failed_{i}.png"), full_page=True)
            shown = text(page)
        except Exception as err:  # a page that no longer answers
            shown = f"(no text: {type(err).__name__})"
        lines.append(f"page {i} at {page.url}: {shown[:600]}")
    log = server.log.read_text(errors="replace").splitlines()
    return "\n".join([*lines, "server log, last lines:", *log[-30:]])


@contextlib.contextmanager
def game_browser(folder: Path) -> Iterator[tuple[GameServer, object]]:
    """The game's server and a headless Chromium; the test is skipped without them."""
    import pytest

    playwright = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's Chromium is not installed")
    server = GameServer(folder)
    server.start()
    try:
        with playwright.sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
            )
            try:
                yield server, browser
            finally:
                browser.close()
    finally:
        server.stop()


def start_game(browser, base: str, boxes: dict[str, str], market: str | None = None):
    """The trainer starts a game on ``/game/new``; the trainer's page, opened."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    local_only(context, base)
    trainer = context.new_page()
    enter(trainer, f"{base}/game/new")
    if market:
        choose(trainer, "one town: teams compete for the same customers", market)
    for label, value in boxes.items():
        fill(trainer, label, value)
    trainer.get_by_role("button", name="Start the game").click()
    link = trainer.get_by_text("Open the trainer's page")
    href = link.get_attribute("href", timeout=60_000)
    assert href.startswith("/game/trainer?key=")
    trainer.goto(base + href)
    trainer.get_by_text(re.compile("Trainer: round 1")).wait_for(timeout=30_000)
    return trainer


def submit(page) -> None:
    """Press "Submit decision" and wait for "Decision received." (or "updated").

    A click that lands while the page is still redrawing after the last
    value typed can be lost; a person would press again, and so does this,
    once.
    """
    said = re.compile(r"Decision (received|updated)\.")
    for attempt in (1, 2):
        page.get_by_text("Submit decision").click()
        try:
            page.get_by_text(said).wait_for(timeout=30_000)
            return
        except Exception:
            if attempt == 2:
                raise
