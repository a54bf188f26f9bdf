"""What a team and a trainer read: the round's report, the debrief in sentences,
team codes, the deadline and playing when all are in, a debrief kept across
restarts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from simulations.game import GameConfig, GameError, GameHall
from simulations.game.debrief import DIRECTION_LEVERS, debrief, keep, kept, what_if
from simulations.game.export import debrief_html, debrief_rows
from simulations.game.report import report_html, round_report
from simulations.game.sentences import what_if_sentence
from simulations.present.format import money
from simulations.vocabulary import DIRECTIONS

CONFIG = {"teams": 3, "rounds": 2, "round_days": 15, "replications": 2, "budget": 1e6}


@pytest.fixture(scope="module")
def game(tmp_path_factory):
    """A shared town of three teams, two rounds played."""
    path = tmp_path_factory.mktemp("report") / "games.sqlite"
    hall = GameHall(path)
    made = hall.new_game(GameConfig(**CONFIG, team_names=["Red", "Blue", "Green"]))
    game = made["game"]
    tokens = [hall.join(code, f"person {i}") for i, code in enumerate(made["codes"])]
    hall.submit(tokens[0], 1, {"business.staff": 4})
    hall.submit(tokens[1], 1, {"retention.loyalty_programme": True})
    hall.play_round(game)
    hall.submit(tokens[0], 2, {"attraction.acquisition_budget": 0.0})
    hall.play_round(game)
    table = debrief(hall, game)
    keep(hall, game, table, 2)
    yield hall, game, made, tokens, table
    hall.close()


def test_a_team_joins_with_its_own_code_only(game):
    hall, name, made, tokens, _ = game
    assert len(set(made["codes"])) == 3
    for team, code in enumerate(made["codes"]):
        assert hall.team(hall.join(code, "again"))["team"] == team
    assert tokens == [t["token"] for t in hall.store.teams(name)]
    with pytest.raises(GameError, match="No team has this code"):
        hall.join(made["codes"][0][:-1] + "#", "x")


def test_the_report_shows_the_teams_own_numbers_and_they_add_up(game):
    hall, name, *_ = game
    history = hall.history(name)
    last = history[history["round"] == 2]
    for _, rows in last.groupby("replication"):  # the town's sales are shared out
        assert rows["market_share"].sum() == pytest.approx(1.0)
    shares = 0.0
    for team in range(3):
        report = round_report(hall, name, team, 2)
        mine = last[last["number"] == team]
        assert report["profit"] == pytest.approx(mine["round_profit"].mean())
        books = [amount for _, amount in report["books"]]
        assert sum(books[:-1]) == pytest.approx(books[-1])  # profit and loss add up
        assert money(report["profit"]) in report["sentences"][0]
        assert len(report["sentences"]) == 3
        shares += report["share"]
    assert shares == pytest.approx(1.0)
    red = round_report(hall, name, 0, 2)["sentences"][1]
    ads = hall.start(name).attraction.acquisition_budget
    assert f"advertising a month from {money(ads)} to {money(0.0)}" in red
    page = report_html(hall, name, 0, 2)
    assert "Red: round 2" in page and "Profit and loss" in page


def test_the_debrief_says_a_sentence_per_team_and_direction(game):
    hall, name, _, _, table = game
    rows = debrief_rows(hall, name, table)
    assert len(rows) == 3 * (len(DIRECTION_LEVERS) + 2)
    for row in rows:
        if row["part"] in DIRECTIONS:
            assert row["sentence"].startswith(DIRECTIONS[row["part"]] + ": ")
        assert "_" not in row["sentence"]  # no parameter names
    red = {r["part"]: r["sentence"] for r in rows if r["team"] == "Red"}
    assert "you set staff to 4 (it was 3)" in red["service"]
    assert "over two rounds" in red["service"]
    assert "you kept the starting levers" in red["winback"]
    green = {r["part"]: r["sentence"] for r in rows if r["team"] == "Green"}
    assert "nothing changed" in green["attraction"]
    assert green["total"].endswith("you kept the starting business; nothing changed.")


def test_the_debrief_is_kept_across_a_restart(game):
    hall, name, _, _, table = game
    again = GameHall(hall.store.path)
    try:
        assert kept(again, name).equals(table)
        page = debrief_html(again, name, kept(again, name))
        assert "Working with the client: you set staff to 4" in page
    finally:
        again.close()


def test_what_if_answers_in_one_sentence(game):
    hall, name, *_ = game
    table = what_if(hall, name, 0, 1, "business.staff", 3)
    sentence = what_if_sentence("Red", "business.staff", 3, 1, 4, table)
    assert sentence.startswith("Had Red chosen staff 3 (not 4) in round 1")
    assert sentence.count(".") == 1 and "profit so far would be" in sentence


def test_rounds_wait_for_play_unless_the_trainer_says_otherwise(tmp_path):
    hall = GameHall(tmp_path / "g.sqlite")
    try:
        made = hall.new_game(GameConfig(teams=2, rounds=2, round_days=10))
        game = made["game"]
        a, b = (hall.join(code, "x") for code in made["codes"])
        hall.submit(a, 1, {})
        assert hall.submit(b, 1, {})["play"] is False  # all in: still waits
        assert hall.info(game)["round"] == 1
        hall.set_play_when_all_in(game, True)
        assert hall.submit(b, 1, {})["play"] is True
        # A deadline closes decisions; playing the round ends it.
        assert hall.set_deadline(game, 5) and 0 < hall.seconds_left(game) <= 300
        past = (datetime.now(UTC) - timedelta(seconds=1)).isoformat()
        hall.store.set_settings(game, deadline=past)
        with pytest.raises(GameError, match="deadline has passed"):
            hall.submit(a, 1, {})
        with pytest.raises(GameError, match="from 1 to 240 minutes"):
            hall.set_deadline(game, 0)
        hall.play_round(game)
        assert hall.seconds_left(game) is None
        with pytest.raises(GameError, match="Another team is called"):
            hall.rename(game, 0, "team 2")
        assert hall.rename(game, 0, " Red ") == "Red"
    finally:
        hall.close()
