"""The seminar game in a browser: a trainer and three teams play two rounds.

Starts ``scripts/game`` (the room server, with a room code) on a free
loopback port; every browser session types the room code first and lands on
the page it asked for. Starts a game from the ``/game/new`` page, joins
three teams from three browser sessions at ``/game/``, plays round 1
(one team refused over the bounds, one team not submitting: the trainer
closes the round) and round 2 (every team in: it plays by itself), and checks
that the leaderboard shows all three teams with numbers; the trainer runs
the debrief (in the server's shared pool). The server must ask the internet
for nothing. A screenshot of the trainer's page goes to the test's folder,
and to ``$CFL_SCREENSHOT_DIR`` when set. Requests leaving the machine are
blocked.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from simulations.game import GameHall
from tests.support.webapp import CHROMIUM, CHROMIUM_ARGS, answers, free_port, stop_tree

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[1]
CODE = "room42"


def start_server(folder: Path) -> tuple[str, subprocess.Popen]:
    port = free_port()
    env = {
        **os.environ,
        "PORT": str(port),
        "HOST": "127.0.0.1",
        "CFL_APP_CODE": CODE,
        "CFL_LAB_DIR": str(folder / "lab"),
        "CFL_GAME_DB": str(folder / "games.sqlite"),
        "CFL_GAME_WORKERS": "0",
        "MPLBACKEND": "Agg",
        # Solara warns at each page that cookies on plain http are "lax": not
        # news on loopback, and it would bury the log's last lines.
        "PYTHONWARNINGS": "ignore:Cookies with samesite",
    }
    log = (folder / "game.log").open("wb")
    proc = subprocess.Popen(
        ["bash", str(ROOT / "scripts" / "game")],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 120
    while not answers(port):
        if proc.poll() is not None or time.monotonic() > deadline:
            stop_tree(proc)
            raise RuntimeError((folder / "game.log").read_text())
        time.sleep(0.5)
    return f"http://127.0.0.1:{port}", proc


def local_only(context, base: str) -> None:
    """Abort every request that does not go to the game's server."""
    context.route(
        "**/*",
        lambda route: (
            route.continue_() if route.request.url.startswith(base) else route.abort()
        ),
    )


def enter(page, url: str) -> None:
    """Open ``url``: the room code first, then the page asked for."""
    page.goto(url)
    page.get_by_label("Room code").fill(CODE)
    page.get_by_role("button", name="Enter").click()
    page.wait_for_url(url, timeout=30_000)


def fill(page, label: str, value: str, expect: str | None = None) -> None:
    """Type a value and press Enter; with ``expect``, wait until the page shows it.

    A page that has only just appeared may miss the very first keystrokes
    (its widgets are still being wired up): then type again, once.
    """
    box = page.get_by_label(label)
    # CI runs other tests beside this one on two cores: a page can take a
    # while to draw its form.
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


def what_went_wrong(pages: list, folder: Path) -> str:
    """What each page showed, and the end of the server's log, in a few lines.

    Screenshots go to ``folder``; the text goes into the failure message, so
    that a failure in CI can be read without them.
    """
    lines = []
    for i, page in enumerate(pages):
        try:
            page.screenshot(path=str(folder / f"failed_{i}.png"), full_page=True)
            text = " ".join(page.locator("body").inner_text(timeout=5_000).split())
        except Exception as err:  # a page that no longer answers
            text = f"(no text: {type(err).__name__})"
        lines.append(f"page {i} at {page.url}: {text[:600]}")
    log = (folder / "game.log").read_text(errors="replace").splitlines()
    return "\n".join([*lines, "server log, last lines:", *log[-30:]])


def test_trainer_and_three_teams_play_two_rounds(tmp_path: Path) -> None:
    playwright = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's Chromium is not installed")
    base, proc = start_server(tmp_path)
    try:
        with playwright.sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
            )
            pages: list = []
            try:
                trainer_ctx = browser.new_context(
                    viewport={"width": 1280, "height": 900}
                )
                local_only(trainer_ctx, base)
                trainer = trainer_ctx.new_page()
                pages.append(trainer)
                enter(trainer, f"{base}/game/new")
                fill(trainer, "Teams (2-8)", "3")
                fill(trainer, "Rounds (1-12)", "2")
                fill(trainer, "Days in a round", "20")
                fill(trainer, "Replications (1-10)", "2")
                fill(
                    trainer,
                    "Budget a round (0: what the starting business spends)",
                    "60000",
                )
                trainer.get_by_role("button", name="Start the game").click()
                code_text = trainer.get_by_text(re.compile("Join code: ")).inner_text(
                    timeout=60_000
                )
                code = code_text.split(":")[1].strip()
                link = trainer.get_by_text("Open the trainer's page").get_attribute(
                    "href"
                )
                assert link.startswith("/game/trainer?key=")
                trainer.goto(base + link)
                trainer.get_by_text(re.compile("Round 1")).wait_for(timeout=30_000)

                teams = []
                for number in (1, 2, 3):
                    ctx = browser.new_context()
                    local_only(ctx, base)
                    page = ctx.new_page()
                    enter(page, f"{base}/game/")
                    fill(page, "Join code", code)
                    fill(page, "Team number", str(number))
                    page.get_by_role("button", name="Join").click()
                    page.get_by_text("Submit decision").wait_for(timeout=30_000)
                    teams.append(page)
                    pages.append(page)

                # Round 1: a bad value is refused, team 3 never submits.
                fill(teams[0], "Staff (1-12)", "4", expect="staff 20,000")
                teams[0].get_by_text("Submit decision").click()
                teams[0].get_by_text("Decision received.").wait_for(timeout=30_000)
                fill(teams[1], "Member discount (0-0.3)", "0.1")
                teams[1].get_by_text("Loyalty programme").click()
                teams[1].get_by_text(re.compile("loyalty programme [0-9]")).wait_for(
                    timeout=30_000
                )
                teams[1].get_by_text("Submit decision").click()
                teams[1].get_by_text("Decision received.").wait_for(timeout=30_000)
                fill(teams[2], "Staff (1-12)", "12", expect="Over the budget by")
                over = teams[2].get_by_text(re.compile("Over the budget by"))
                over.wait_for(timeout=30_000)  # the page warns before any submit
                teams[2].get_by_text("Submit decision").click()
                teams[2].get_by_text(re.compile("over the budget of")).wait_for(
                    timeout=30_000
                )
                trainer.get_by_text(re.compile("teams in: 2 of 3")).wait_for(
                    timeout=30_000
                )
                trainer.get_by_role(
                    "button", name="Close the round and play it"
                ).click()
                trainer.get_by_text(re.compile("Round 2")).wait_for(timeout=180_000)

                # Round 2: every team submits; the round plays by itself.
                for page in teams:
                    page.get_by_text(re.compile("Round 2")).wait_for(timeout=30_000)
                fill(teams[2], "Staff (1-12)", "3")
                over.wait_for(state="detached", timeout=30_000)
                for page in teams:
                    page.get_by_text("Submit decision").click()
                    page.get_by_text("Decision received.").wait_for(timeout=30_000)
                trainer.get_by_text(re.compile("finished")).wait_for(timeout=180_000)
                for page in teams:
                    page.get_by_text("The game is over").wait_for(timeout=30_000)

                board = trainer.locator("table").nth(1)
                trainer.get_by_text("Decisions").wait_for(timeout=30_000)
                text = board.inner_text()
                for name in ("Team 1", "Team 2", "Team 3"):
                    assert name in text
                assert "–" not in text  # every team has numbers
                trainer.get_by_role(
                    "button", name="Run the debrief (by Mann's direction)"
                ).click()
                trainer.get_by_text("Interaction").first.wait_for(timeout=180_000)
                shot = tmp_path / "game_trainer.png"
                trainer.screenshot(path=str(shot), full_page=True)
                target = os.environ.get("CFL_SCREENSHOT_DIR")
                if target:
                    Path(target).mkdir(parents=True, exist_ok=True)
                    shutil.copy(shot, Path(target) / shot.name)
            except Exception as err:
                raise AssertionError(what_went_wrong(pages, tmp_path)) from err
            browser.close()
        # The server fetched nothing from the internet (scripts/install_assets).
        log = (tmp_path / "game.log").read_text(errors="replace")
        assert "Could not load URL" not in log and "Traceback" not in log
        # What the pages sent is what the game recorded.
        hall = GameHall(tmp_path / "games.sqlite")
        decided = hall.levers(hall.store.game_ids()[0])
        hall.close()
        assert decided[1][0]["business.staff"] == 4
        assert decided[1][1]["retention.loyalty_programme"] is True
        assert decided[1][1]["retention.discount"] == 0.1
        assert decided[2][2]["business.staff"] == 3
    finally:
        stop_tree(proc)
