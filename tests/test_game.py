"""The seminar game: settings, choices, rounds, bad input, replay and restart."""

from __future__ import annotations

import json
import multiprocessing
import shutil
import socket
from concurrent.futures import Executor, ProcessPoolExecutor

import pytest
from pandas.testing import assert_frame_equal

from simulations.game import GameConfig, GameError, GameHall
from simulations.game.config import check_choice, estimate_costs, starting_levers
from simulations.game.debrief import DIRECTION_LEVERS, debrief, what_if
from simulations.game.events import default_events_text, parse_events, world
from simulations.game.export import debrief_html, export_game
from simulations.game.play import Engine, replay
from simulations.game.pool import pooled_debrief, pooled_what_if
from simulations.game.store import now as store_now
from simulations.parameters import ParameterError, Scenario, TownRules
from simulations.room.fair import FairQueue

SMALL = {"teams": 3, "rounds": 2, "round_days": 20, "replications": 2}
BUDGET = 600_000.0  # per 20-day round: room for two more members of staff


# ---------------------------------------------------------------- settings
@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"teams": 9}, "teams = 9"),
        ({"teams": 1}, "teams = 1"),
        ({"rounds": 0}, "rounds = 0"),
        ({"preset": "nope"}, "preset 'nope' is unknown"),
        ({"team_names": ["a"]}, "team names"),
    ],
)
def test_impossible_settings_are_refused(change, message):
    with pytest.raises(ParameterError, match=message):
        GameConfig(**change).check()


def test_choices_out_of_range_or_over_budget_are_refused():
    start = GameConfig().start()
    state = {"regular": 1000.0, "lost_per_day": 3.0}
    spend = sum(estimate_costs(start, state, 90).values())
    same = check_choice({}, start, state, 90, spend)
    assert same == starting_levers(start)
    for choice, message in [
        ({"business.staff": 0}, "Staff: 0 is not allowed; choose a whole number"),
        ({"business.staff": 2.5}, "whole number from 1 to 12"),
        ({"service.training_level": "lots"}, "is not a number"),
        ({"retention.discount": float("nan")}, "not allowed"),
        ({"retention.discount": 0.5}, r"50% is not allowed; choose a percentage"),
        ({"attraction.acquisition_budget": -5000.0}, r"-5,000\xa0RUB is not"),
        ({"winback.campaign": "yes"}, "yes or no"),
        ({"service.queue_discipline": "vip"}, "first come, first served"),
        ({"customers.patience": 1.0}, "not a lever of the game"),
        ({"business.staff": 6}, "over the budget"),
    ]:
        with pytest.raises(ParameterError, match=message):
            check_choice(choice, start, state, 90, spend)
    # Moving money from advertising to training fits the same budget.
    moved = {"attraction.acquisition_budget": 0.0, "service.training_level": 0.6}
    assert check_choice(moved, start, state, 90, spend)["service.training_level"] == 0.6


def test_events_parse_and_act_for_their_rounds():
    start = GameConfig().start()
    events = {e.key: e for e in parse_events(default_events_text(), start)}
    injected = [(2, events["flu"]), (2, events["competitor"])]
    assert world(start, injected, 1)["business.service_time"] == 8.0
    assert world(start, injected, 2)["business.service_time"] == pytest.approx(10.4)
    assert world(start, injected, 3)["business.service_time"] == 8.0
    assert world(start, injected, 4)["attraction.prospects_per_day"] == pytest.approx(
        0.6 * start.attraction.prospects_per_day
    )
    bad = '[[event]]\nkey = "x"\ntitle = "X"\n[event.scale]\n"business.days" = 2\n'
    with pytest.raises(ParameterError, match="cannot change mid-run"):
        parse_events(bad, start)
    huge = '[[event]]\nkey = "x"\ntitle = "X"\n[event.scale]\n"economics.margin" = 9\n'
    with pytest.raises(ParameterError, match=r"economics\.margin"):
        parse_events(huge, start)


# ---------------------------------------------------------------- a game
@pytest.fixture(scope="module")
def played(tmp_path_factory):
    """A game of three teams, two rounds, with every kind of bad input."""
    path = tmp_path_factory.mktemp("game") / "games.sqlite"
    hall = GameHall(path)
    made = hall.new_game(GameConfig(**SMALL, budget=BUDGET))
    game, codes = made["game"], made["codes"]
    notes = {}
    with pytest.raises(GameError, match="No team has this code"):
        hall.join("WRONG1", "Anna")
    with pytest.raises(GameError, match="Write your name"):
        hall.join(codes[0], " ")
    a, b = hall.join(codes[0].lower(), "Anna"), hall.join(codes[1], "Boris")
    assert hall.join(codes[0], "Vera") == a  # a second laptop joins the same team
    assert hall.store.devices(game) == {0: ["Anna", "Vera"], 1: ["Boris"]}
    with pytest.raises(GameError, match="over the budget"):
        hall.submit(a, 1, {"business.staff": 12})
    with pytest.raises(GameError, match="not open"):
        hall.submit(a, 2, {"business.staff": 4})
    first = hall.submit(a, 1, {"business.staff": 5})
    again = hall.submit(a, 1, {"business.staff": 4})  # double submit: replaces
    notes["first"], notes["again"] = first, again
    hall.submit(b, 1, {"retention.loyalty_programme": True})
    hall.inject(game, "flu")
    with pytest.raises(GameError, match="already on"):
        hall.inject(game, "flu")
    assert hall.play_round(game) == 2  # team 3 never joined: keeps its levers
    with pytest.raises(GameError, match="Round 1 is not open"):
        hall.submit(a, 1, {"business.staff": 3})
    c = hall.join(codes[2], "Gleb")  # a late joiner
    notes["late"] = hall.team(c)
    hall.submit(c, 2, {"attraction.acquisition_budget": 0.0})
    # Mid-round: a copy of the database is the server that restarts here.
    shutil.copy(path, path.with_name("restart.sqlite"))
    hall.submit(a, 2, {"service.training_level": 0.9})
    final = hall.submit(b, 2, {"winback.campaign": True})
    notes["all_in"] = final["all_in"]
    hall.play_round(game)
    with pytest.raises(GameError, match="game is over"):
        hall.submit(a, 2, {"business.staff": 3})
    yield hall, game, notes, path
    hall.close()


def test_rounds_decisions_and_kept_levers(played):
    hall, game, notes, _ = played
    assert not notes["first"]["replaced"] and notes["again"]["replaced"]
    assert notes["late"]["name"] == "Team 3" and notes["all_in"]
    assert hall.info(game)["status"] == "finished"
    decided = hall.levers(game)
    assert decided[1][0]["business.staff"] == 4  # the second submit counts
    assert decided[2][0]["business.staff"] == 4  # kept from round 1
    assert decided[1][2] == starting_levers(hall.start(game))  # never submitted
    kinds = {(d["round"], d["team"]): d["source"] for d in hall.store.decisions(game)}
    assert kinds[(1, 2)] == "kept" and kinds[(2, 2)] == "team"


def test_leaderboard_lists_every_team(played):
    hall, game, _, _ = played
    board = hall.leaderboard(game)
    assert sorted(board["team"]) == ["Team 1", "Team 2", "Team 3"]
    assert (board["round"] == 2).all()
    assert board["profit"].is_monotonic_decreasing
    assert board["service_level"].between(0, 1).all()


def test_replay_from_the_seed_gives_the_same_numbers(played):
    hall, game, _, _ = played
    config = hall.info(game)["config"]
    history = hall.history(game)
    again = replay(config["start"], 20, hall.plans(game), 1, config["town"])
    for round_no, teams in enumerate(again, start=1):
        for team, numbers in enumerate(teams):
            row = history[
                (history["number"] == team)
                & (history["round"] == round_no)
                & (history["replication"] == 1)
            ].iloc[0]
            assert {k: row[k] for k in numbers} == pytest.approx(numbers, nan_ok=True)
            assert {k: row[k] for k in numbers if k != "market_share"} == {
                k: v for k, v in numbers.items() if k != "market_share"
            }


def test_restart_mid_round_rebuilds_the_same_state(played):
    hall, game, _, path = played
    restarted = GameHall(path.with_name("restart.sqlite"))
    try:
        assert restarted.submitted(game) == {2}  # what was submitted is kept
        a = restarted.store.teams(game)[0]["token"]
        b = restarted.store.teams(game)[1]["token"]
        restarted.submit(a, 2, {"service.training_level": 0.9})
        restarted.submit(b, 2, {"winback.campaign": True})
        restarted.play_round(game)  # rebuilds the live runs first
        assert restarted.store.results(game) == hall.store.results(game)
    finally:
        restarted.close()


@pytest.fixture(scope="module")
def debriefed(played):
    """The debrief of the played game, computed here, one replay after another."""
    hall, game, _, _ = played
    return debrief(hall, game, replications=2)


def test_debrief_and_what_if(played, debriefed):
    hall, game, _, _ = played
    table = debriefed
    assert len(table) == 3 * (len(DIRECTION_LEVERS) + 2)
    for _, rows in table.groupby("team"):
        parts = rows.set_index("part")["profit"]
        assert parts[[*DIRECTION_LEVERS, "interaction"]].sum() == pytest.approx(
            parts["total"]
        )
    # Team 1 changed staffing and training only: other directions did nothing.
    team1 = table[table["team"] == "Team 1"].set_index("part")
    assert team1.loc["attraction", "profit"] == 0.0
    assert team1.loc["service", "profit"] != 0.0
    same = what_if(hall, game, 0, 1, "business.staff", 4, replications=2)
    assert (same["difference"] == 0.0).all()
    other = what_if(hall, game, 0, 1, "business.staff", 3, replications=2)
    assert other.loc["profit", "difference"] != 0.0
    with pytest.raises(GameError, match="Staff: 40 is not allowed"):
        what_if(hall, game, 0, 1, "business.staff", 40)


class Counting(Executor):
    """An executor that counts the tasks it hands on."""

    def __init__(self, inner: Executor) -> None:
        self.inner, self.tasks = inner, 0

    def submit(self, fn, /, *args, **kwargs):
        self.tasks += 1
        return self.inner.submit(fn, *args, **kwargs)


def test_debrief_in_the_shared_pool_equals_serial(played, debriefed):
    hall, game, _, _ = played
    changed = what_if(hall, game, 0, 1, "business.staff", 3, replications=2)
    spawn = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(2, mp_context=spawn) as pool:
        counted = Counting(pool)
        queue = FairQueue(counted, slots=2)
        pooled = pooled_debrief(hall, game, queue, replications=2)
        tasks = counted.tasks
        again = pooled_what_if(hall, game, 0, 1, "business.staff", 3, queue, 2)
    assert_frame_equal(pooled, debriefed, check_exact=True)
    assert_frame_equal(again, changed, check_exact=True)
    # One task per replay (team, part, replication); a replay asked for twice
    # (Team 1 left attraction as it was: that is its yardstick) runs once.
    everything = 3 * (len(DIRECTION_LEVERS) + 2) * 2
    assert 3 * 2 < tasks < everything
    assert queue.jobs == [] and queue.in_pool == 0


def test_export_leaves_out_secrets(played, tmp_path):
    hall, game, _, _ = played
    paths = export_game(hall, game, tmp_path)
    text = paths[0].read_text()
    info = hall.info(game)
    assert info["trainer_secret"] not in text
    assert all(t["token"] not in text for t in hall.store.teams(game))
    assert len(json.loads(text)["results"]) == 3 * 2 * 2
    page = debrief_html(hall, game)
    assert all(f"Team {i}" in page for i in (1, 2, 3)) and "Staff fall ill" in page


@pytest.mark.slow
def test_worker_processes_give_the_same_numbers():
    start = Scenario.preset("product_centric").to_dict()
    changes = starting_levers(Scenario.from_dict(start)) | {"business.staff": 4}
    numbers = []
    for workers in (0, 2):
        engine = Engine(workers)
        try:
            rules = TownRules().to_dict()
            engine.add([(("g", r), start, 2, r, rules) for r in range(2)])
            plan = [changes, changes]
            numbers.append(engine.play(dict.fromkeys(engine.keys, plan), 10))
        finally:
            engine.close()
    assert numbers[0] == numbers[1]


def test_cfl_game_commands(tmp_path, capsys):
    from simulations.cli.main import main

    db = ["game", "--db", str(tmp_path / "g.sqlite")]
    assert main([*db, "new", "--teams", "9"]) == 2
    assert "teams = 9" in capsys.readouterr().err
    assert main([*db, "new", "--teams", "2", "--rounds", "1", "--round-days", "10",
                 "--replications", "1", "--names", "Red", "Blue"]) == 0  # fmt: skip
    game = capsys.readouterr().out.split()[1]
    assert main([*db, "inject", game, "wages"]) == 0
    assert main([*db, "play", game]) == 0  # a new process: the runs are rebuilt
    assert "Red" in capsys.readouterr().out
    assert main([*db, "play", game]) == 2
    assert "The game is over" in capsys.readouterr().err
    assert main([*db, "export", game, "--out", str(tmp_path / "out")]) == 0
    assert (tmp_path / "out" / "debrief.html").exists()


@pytest.mark.slow
def test_a_worker_that_dies_is_replaced(tmp_path):
    hall = GameHall(tmp_path / "g.sqlite", workers=2)
    try:
        config = GameConfig(teams=2, rounds=2, round_days=10, replications=2)
        game = hall.new_game(config)["game"]
        hall.play_round(game)
        hall.engine._procs[0].kill()
        hall.engine._procs[0].join()
        with pytest.raises(GameError, match="play the round again"):
            hall.play_round(game)
        assert hall.play_round(game) == 3  # rebuilt by replay, then played
        assert hall.info(game)["status"] == "finished"
    finally:
        hall.close()


# ---------------------------------------------------------------- one writer
def _numbers(hall: GameHall, game: str) -> list[tuple]:
    """Every recorded number of a game, without the game's id."""
    return [
        (r["round"], r["team"], r["replication"], r["numbers"])
        for r in hall.store.results(game)
    ]


def _mixed_game(folder, players: list[str]) -> list[tuple]:
    """A game of three rounds, each played by the server or by ``cfl game play``.

    The server is a hall that lives through the whole game (its live runs
    stay in memory); the command line runs in a process of its own.
    """
    import subprocess
    import sys

    db = folder / f"{'-'.join(players)}.sqlite"
    server = GameHall(db)
    try:
        config = GameConfig(
            teams=2, rounds=3, round_days=10, replications=2, budget=1e6
        )
        game = server.new_game(config)["game"]
        token = server.store.teams(game)[0]["token"]
        for round_no, player in enumerate(players, start=1):
            staff = 4 if round_no % 2 else 3
            server.submit(token, round_no, {"business.staff": staff})
            if player == "server":
                server.play_round(game)
            else:
                done = subprocess.run(
                    [sys.executable, "-m", "simulations.cli", "game", "--db",
                     str(db), "play", game],
                    capture_output=True, text=True, check=False,
                )  # fmt: skip
                assert done.returncode == 0, done.stderr
        return _numbers(server, game)
    finally:
        server.close()


def test_server_and_command_line_rounds_give_the_numbers_of_one_player(tmp_path):
    one_way = _mixed_game(tmp_path, ["server", "server", "server"])
    mixed = _mixed_game(tmp_path, ["server", "cli", "server"])
    assert len(one_way) == 3 * 2 * 2
    assert mixed == one_way


def test_a_claimed_round_refuses_other_players_and_decisions(tmp_path):
    from simulations.cli.main import main

    db = tmp_path / "g.sqlite"
    server = GameHall(db)
    try:
        game = server.new_game(GameConfig(teams=2, rounds=2, round_days=10))["game"]
        token = server.store.teams(game)[0]["token"]
        assert server.store.claim(game, 1, server.who) is None  # playing now
        other = GameHall(db)
        with pytest.raises(GameError, match="being played right now"):
            other.play_round(game)
        other.close()
        with pytest.raises(GameError, match="your decision was not taken"):
            server.submit(token, 1, {"business.staff": 3})
        with pytest.raises(GameError, match="being played"):
            server.inject(game, "flu")
        assert main(["game", "--db", str(db), "play", game]) == 2
        server.store.release(game, server.who)
        server.submit(token, 1, {"business.staff": 3})
        # A claim left by a process that died (kill -9) is taken over.
        with server.store.connect() as conn:
            conn.execute(
                "UPDATE games SET playing = ?, playing_since = ? WHERE id = ?",
                (f"{socket.gethostname()}:{dead_pid()}:ab", store_now(), game),
            )
        assert server.play_round(game) == 2
    finally:
        server.close()


def dead_pid() -> int:
    """The id of a process that has ended."""
    import subprocess
    import sys

    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid
