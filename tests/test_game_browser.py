"""The seminar game in a browser: a trainer and three teams play two rounds.

Separate markets (each team its own copy of the town). Starts a game from the
``/game/new`` page, joins three teams with their own codes, plays round 1
(one team refused over the budget, then identical to another; the trainer
plays the round), restarts the server (the teams' pages say they lost it and
come back by themselves), plays round 2 (every team in: it plays by itself,
as the trainer chose), and checks that the leaderboard shows every team,
that the two identical teams have identical numbers, and that the debrief
speaks in sentences. The server must ask the internet for nothing. A
screenshot of the trainer's page goes to the test's folder, and to
``$CFL_SCREENSHOT_DIR`` when set.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from simulations.game import GameHall
from tests.support.game_browser import (
    fill,
    game_browser,
    join,
    start_game,
    submit,
    table_rows,
    team_codes,
    text,
    what_went_wrong,
)
from tests.support.webapp import click_until

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_trainer_and_three_teams_play_two_rounds(tmp_path: Path) -> None:
    with game_browser(tmp_path) as (server, browser):
        base = server.base
        pages: list = []
        try:
            trainer = start_game(
                browser,
                base,
                {
                    "Teams (2-8)": "3",
                    "Rounds (1-12)": "2",
                    "Days in a round (10-360)": "20",
                    "Copies of the town, for the ± ranges (1-10)": "2",
                    "Budget a round (empty: what the starting business spends)": (
                        "400000"
                    ),
                },
                market="separate markets: each team has its own copy of the town",
            )
            pages.append(trainer)
            codes = team_codes(trainer, 3)
            teams = []
            for number in (1, 2, 3):
                page = join(browser, base, codes[f"Team {number}"], f"P{number}")
                teams.append(page)
                pages.append(page)
            trainer.get_by_text("P1").first.wait_for(timeout=30_000)

            # Round 1: a value over the budget is refused, in words.
            fill(teams[0], "Staff (1-12)", "4", expect="staff 336,000")
            submit(teams[0])
            # The programme first, then its discount: the cost line shows both.
            teams[1].get_by_text("Loyalty programme").click()
            cost = re.compile(r"loyalty programme ([0-9,]+)")
            teams[1].get_by_text(cost).first.wait_for(timeout=30_000)
            before = cost.search(text(teams[1])).group(1)
            fill(
                teams[1],
                "Member discount, % (0-30)",
                "10",
                expect=rf"loyalty programme (?!{before}\b)[0-9]",
            )
            submit(teams[1])
            fill(teams[2], "Staff (1-12)", "12", expect="Over the budget by")
            teams[2].get_by_text("Submit decision").click()
            teams[2].get_by_text(re.compile("over the budget of")).wait_for(
                timeout=30_000
            )
            fill(teams[2], "Staff (1-12)", "2.5", expect="choose a whole number")
            fill(teams[2], "Staff (1-12)", "4", expect="staff 336,000")  # as team 1
            submit(teams[2])
            trainer.get_by_text("Decisions in: 3 of 3 teams.").wait_for(timeout=30_000)
            trainer.get_by_role("button", name="Play round 1").click()
            trainer.get_by_text(re.compile("Trainer: round 2")).wait_for(
                timeout=180_000
            )
            for page in teams:
                page.get_by_text(re.compile("Round 2")).wait_for(timeout=30_000)
                assert "Decision received." not in text(page)  # round 1's

            # The server restarts: the pages say so, then come back alone.
            server.stop()
            teams[0].get_by_text(
                re.compile("connection to the game's server")
            ).wait_for(timeout=30_000)
            server.start()
            for page in teams:
                page.get_by_text("Submit decision").wait_for(timeout=120_000)
            trainer.reload()
            trainer.get_by_text(re.compile("Trainer: round 2")).wait_for(timeout=60_000)
            trainer.get_by_text("Play as soon as every team is in").click()

            # Round 2: every team submits; the round plays by itself as the
            # last one is in (its page may go straight to the game's end).
            for page in teams[:-1]:
                submit(page)
            teams[-1].get_by_text("Submit decision").click()
            trainer.get_by_text(re.compile(r"\(over\)")).wait_for(timeout=180_000)
            for page in teams:
                page.get_by_text("The game is over").wait_for(timeout=60_000)
            rows = table_rows(trainer, "Value created", 3)
            assert set(rows) == {"Team 1", "Team 2", "Team 3"}
            assert all("–" not in cells for cells in rows.values())
            assert rows["Team 1"][1:] == rows["Team 3"][1:]  # identical teams
            assert "RUB" in rows["Team 1"][1]
            # The click shows its progress within seconds; a short debrief
            # may end between two redraws of the page, and then its first
            # sentence is the notice.
            sentence = "^Working with the client: you set staff to 4"
            run = trainer.get_by_role(
                "button", name="Run the debrief (by Mann's direction)"
            )
            notice = trainer.get_by_text(
                re.compile(f"replays done|Replaying|{sentence}")
            ).first
            click_until(run, notice, timeout=60_000, again=45_000)
            trainer.get_by_text(re.compile(sentence)).first.wait_for(timeout=300_000)
            shot = tmp_path / "game_trainer.png"
            trainer.screenshot(path=str(shot), full_page=True)
            target = os.environ.get("CFL_SCREENSHOT_DIR")
            if target:
                Path(target).mkdir(parents=True, exist_ok=True)
                shutil.copy(shot, Path(target) / shot.name)
        except Exception as err:
            raise AssertionError(what_went_wrong(pages, server)) from err
    log = (tmp_path / "game.log").read_text(errors="replace")
    assert "Could not load URL" not in log and "Traceback" not in log
    # What the pages sent is what the game recorded.
    hall = GameHall(tmp_path / "games.sqlite")
    decided = hall.levers(hall.store.game_ids()[0])
    hall.close()
    assert decided[1][0]["business.staff"] == 4
    assert decided[1][1]["retention.loyalty_programme"] is True
    assert decided[1][1]["retention.discount"] == 0.1
    assert decided[2][2]["business.staff"] == 4
