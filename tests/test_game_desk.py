"""The trainer's "Watch a team's desk": a day of the game from the game's own run.

A small game in a shared town is played; then each day of its first round is
replayed for a team. The days, added up, must give the round's numbers that
the game kept (given up, low, standard and WOW visits, first copy of the
town), and each day shows the staff the team had decided for that round.
"""

from __future__ import annotations

import time

import ipyvuetify as v
import pytest
import solara

from simulations.game import GameConfig, GameError, GameHall, desk_view, web
from simulations.game.desk import desk_day, game_days
from simulations.game.trainer_page import TrainerPage
from tests.support.offline import save_screenshot
from tests.test_game_pages import html_only, shown

ROUND_DAYS = 10
BUDGET = 300_000.0  # roubles a round of ten days: room for a fourth member of staff
COUNTS = {"gave_up": "round_abandoned", "low": "round_low"} | {
    level: f"round_{level}" for level in ("standard", "wow")
}


@pytest.fixture(scope="module")
def game(tmp_path_factory):
    """Two teams in one town, two rounds of ten days; team 1 changes its staff."""
    hall = GameHall(tmp_path_factory.mktemp("desk") / "games.sqlite")
    made = hall.new_game(
        GameConfig(
            teams=2, rounds=2, round_days=ROUND_DAYS, replications=2, budget=BUDGET
        )
    )
    game, codes = made["game"], made["codes"]
    first = hall.join(codes[0], "Anna")
    hall.submit(first, 1, {"business.staff": 4})
    hall.play_round(game)
    hall.submit(first, 2, {"business.staff": 2})
    hall.play_round(game)
    yield hall, game, made["trainer_secret"]
    hall.close()


def test_the_days_of_a_round_add_up_to_the_round(game) -> None:
    hall, game_id, _ = game
    assert game_days(hall, game_id) == 2 * ROUND_DAYS - 1
    kept = hall.history(game_id)
    for team in (0, 1):
        days = [
            desk_day(hall, game_id, team, d).panels[0] for d in range(1, ROUND_DAYS + 1)
        ]
        row = kept[
            (kept["number"] == team) & (kept["round"] == 1) & (kept["replication"] == 0)
        ].iloc[0]
        for counter, number in COUNTS.items():
            assert sum(f.totals()[counter] for f in days) == row[number], counter
        assert sum(f.totals()["served"] for f in days) > 0
        assert {f.desks for f in days} == ({4} if team == 0 else {3})
    second = desk_day(hall, game_id, 0, ROUND_DAYS + 2)
    assert second.panels[0].desks == 2
    assert second.panels[0].name == "Team 1"


def test_a_day_that_cannot_be_watched_is_refused(game) -> None:
    hall, game_id, _ = game
    for day in (0, 2 * ROUND_DAYS, -3):
        with pytest.raises(GameError, match=f"Day {day} cannot be watched: choose a"):
            desk_day(hall, game_id, 0, day)
    with pytest.raises(GameError, match="Team 5 is not in this game"):
        desk_day(hall, game_id, 4, 1)


def test_the_trainer_page_shows_a_team_desk(game, monkeypatch) -> None:
    hall, game_id, secret = game
    monkeypatch.setattr(web, "_HALL", [hall])  # the pages' hall is this game's
    # The shared pool is the room's; here the day is played in this process.
    monkeypatch.setattr(desk_view, "in_queue", lambda _, compute: compute(None))
    key = f"desk-{game_id}"
    _, rc = solara.render(desk_view.DeskView(game_id), handle_error=False)
    try:
        rc.find(v.Btn, children=["Watch the day"]).widget.click()
        deadline = time.monotonic() + 120
        while web.BACKGROUND.get(key, ("running",))[0] == "running":
            assert time.monotonic() < deadline, "the day was not replayed in time"
            time.sleep(0.1)
        state, answer = web.BACKGROUND[key]
        assert state == "done", answer
        assert "Team 1" in answer and "day 19" in answer  # the last day that can be
        # The page shows it when it draws itself again (its watch sees the change).
        assert web.CHANGES[key] >= 2 and web.CHANGES[key] == web.signature(game_id)[-1]
    finally:
        rc.close()
    assert "cfl-replay-frame" in html_only(desk_view.DeskView(game_id))
    # On the trainer's page, after the debrief.
    texts = " ".join(shown(TrainerPage(secret)))
    assert "Watch a team's desk" in texts and "Traceback" not in texts


@pytest.mark.browser
@pytest.mark.slow
def test_the_trainer_watches_a_desk_in_the_browser(tmp_path) -> None:
    from tests.support.game_browser import enter, game_browser, local_only

    hall = GameHall(tmp_path / "games.sqlite")  # the server's file of games
    made = hall.new_game(
        GameConfig(teams=2, rounds=2, round_days=ROUND_DAYS, replications=1)
    )
    hall.play_round(made["game"])
    hall.close()
    with game_browser(tmp_path) as (server, browser):
        context = browser.new_context(viewport={"width": 1280, "height": 1400})
        local_only(context, server.base)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda err: errors.append(str(err)))
        enter(page, f"{server.base}/game/trainer?key={made['trainer_secret']}")
        page.get_by_role("button", name="Watch the day").click()
        frame = page.frame_locator("iframe.cfl-replay-frame")
        frame.locator(".cfl-plot .main-svg").first.wait_for(timeout=180_000)
        heading = frame.locator(".cfl-panel h3").inner_text()
        assert heading.startswith("Team 1") and f"day {ROUND_DAYS - 1}," in heading
        frame.locator(".cfl-time").fill("300")
        assert (
            frame.locator(".cfl-clock")
            .inner_text()
            .startswith("Time since opening 5:00")
        )
        frame.locator(".cfl-play").click()
        page.wait_for_function(
            "() => +document.querySelector('iframe.cfl-replay-frame')"
            ".contentDocument.querySelector('.cfl-replay').dataset.step > 300",
            timeout=60_000,
        )
        save_screenshot(page.locator("iframe.cfl-replay-frame"), "game_desk.png")
        assert errors == [], errors
        assert "Traceback" not in server.log.read_text(errors="replace")
