"""The game's pages rendered on the server (no browser): what people see.

Names and event titles are plain text wherever they appear; a game whose
file holds a bad value shows a page, never a traceback.
"""

from __future__ import annotations

import json
import re

import ipywidgets
import pytest
import solara

from simulations.game import GameConfig, web
from simulations.game.events import default_events_text, parse_events
from simulations.game.export import debrief_html
from simulations.parameters import ParameterError

LINK = "[click](javascript:alert(1))"


def strings(widget, found: list[str] | None = None, seen: set | None = None) -> list:
    """Every text held by a widget and its children (what the browser gets)."""
    found = [] if found is None else found
    seen = set() if seen is None else seen
    if isinstance(widget, str):
        found.append(widget)
        return found
    if id(widget) in seen or not isinstance(widget, ipywidgets.Widget):
        return found
    seen.add(id(widget))
    for name in widget.keys:
        try:
            value = getattr(widget, name)
        except Exception:
            continue
        items = value if isinstance(value, list | tuple) else [value]
        for item in items:
            if isinstance(item, str | ipywidgets.Widget):
                strings(item, found, seen)
    return found


@pytest.fixture
def room(tmp_path, monkeypatch):
    """The pages' hall on a file of its own."""
    monkeypatch.setenv("CFL_GAME_DB", str(tmp_path / "games.sqlite"))
    monkeypatch.setattr(web, "_HALL", [])
    yield web.hall()
    web.hall().close()


def html_only(element) -> str:
    """The HTML a page's HTML widgets hold (what the browser parses as markup)."""
    box, context = solara.render(element, handle_error=False)
    found: list[str] = []

    def walk(widget, seen: set) -> None:
        if id(widget) in seen or not isinstance(widget, ipywidgets.Widget):
            return
        seen.add(id(widget))
        if "unsafe_innerHTML" in widget.keys:
            found.append(widget.unsafe_innerHTML or "")
        for name in widget.keys:
            value = getattr(widget, name, None)
            for item in value if isinstance(value, list | tuple) else [value]:
                walk(item, seen)

    try:
        walk(box, set())
        return " ".join(found)
    finally:
        context.close()


def shown(element) -> list[str]:
    box, context = solara.render(element, handle_error=False)
    try:
        return strings(box)
    finally:
        context.close()


# ---------------------------------------------------------------- events
@pytest.mark.parametrize(
    ("toml", "message"),
    [
        (
            'key = "x"\ntitle = 12345',
            r"event 1 \(x\): title = 12345 is not allowed; must be",
        ),
        ('key = "x"\ntitle = ""', r"title = '' is not allowed"),
        ('key = "x"\ntitle = "X"\nrounds = "two"', r"rounds = 'two' is not allowed"),
        ('key = "x"\ntitle = "X"\nrounds = true', r"rounds = True is not allowed"),
        ('key = "x"\ntitel = "X"', r"'titel' is not a field of an event \(did you"),
        ('key = "a b"\ntitle = "X"', r"key = 'a b' is not allowed; must be a short"),
        ('key = 7\ntitle = "X"', r"key = 7 is not allowed"),
        ('title = "X"', r"event 1: key is missing"),
        ('key = "x"\ntitle = "X"\ntext = 5', r"text = 5 is not allowed"),
        ('key = "x"\ntitle = "X"\nscale = 2', r"scale = 2 is not allowed; must be a"),
        (
            'key = "x"\ntitle = "X"\n[event.scale]\n"business.service_time" = "x"',
            r"scale business.service_time = 'x' is not allowed; must be a number",
        ),
        (
            'key = "x"\ntitle = "X"\n[event.scale]\n"business.service_time" = -1',
            r"must be a number above 0",
        ),
        (
            'key = "x"\ntitle = "X"\n[event.set]\n"business.service_time" = "slow"',
            r"event 1 \(x\): business.service_time = 'slow' is not allowed",
        ),
        (
            'key = "x"\ntitle = "X"\n[event.set]\n"business.days" = 3',
            r"'business.days' cannot change mid-run",
        ),
    ],
)
def test_event_files_are_checked_like_scenarios(toml, message):
    start = GameConfig().start()
    with pytest.raises(ParameterError, match=message) as err:
        parse_events("[[event]]\n" + toml, start)
    assert "\n" not in str(err.value)


def test_event_files_refuse_other_tables_and_twins():
    with pytest.raises(ParameterError, match="'events' is not allowed at the top"):
        parse_events('[[events]]\nkey = "x"\ntitle = "X"')
    with pytest.raises(ParameterError, match="must be a list of"):
        parse_events("event = 3")
    twice = '[[event]]\nkey = "x"\ntitle = "X"\n' * 2
    with pytest.raises(ParameterError, match="event 2: key = 'x' is taken"):
        parse_events(twice)
    assert len(parse_events(default_events_text(), GameConfig().start())) == 4


def test_cfl_refuses_a_bad_event_file_in_one_line(tmp_path, capsys):
    from simulations.cli.main import main

    path = tmp_path / "events.toml"
    path.write_text('[[event]]\nkey = "x"\ntitle = 12345\n', "utf-8")
    db = ["game", "--db", str(tmp_path / "g.sqlite")]
    assert main([*db, "new", "--events", str(path)]) == 2
    err = capsys.readouterr().err
    assert "title = 12345 is not allowed" in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1


# ---------------------------------------------------------------- plain text
def test_names_and_titles_are_plain_text_on_every_page(room, tmp_path):
    config = GameConfig(
        teams=2, rounds=2, round_days=10, replications=1,
        team_names=[LINK, "<b>Bold</b> *star*"],
    )  # fmt: skip
    made = room.new_game(config)
    game = made["game"]
    # A file written by an older version: a number as a title, a link as text.
    stored = {"key": "odd", "title": 12345, "text": LINK, "rounds": 1}
    with room.store.connect() as db:
        db.execute("INSERT INTO events VALUES (?, 1, ?)", (game, json.dumps(stored)))
    token = room.store.teams(game)[0]["token"]
    from simulations.game.team_page import TeamPage
    from simulations.game.trainer_page import TrainerPage

    for element in (TrainerPage(made["trainer_secret"]), TeamPage(token)):
        texts = shown(element)
        everything = " ".join(texts)
        assert "Traceback" not in everything
        assert any("12345" in t for t in texts)
        assert any(LINK in t or "[click](javascript:alert(1))" in t for t in texts)
        # What the browser reads as HTML: the names are text there too.
        markup = " ".join(t for t in texts if "<" in t and ">" in t)
        assert not re.search(r"href=[\"']?\s*javascript", markup, re.I)
        assert not re.search(r"<a [^>]*>click", markup)
        assert "<b>Bold" not in html_only(element)
    page = debrief_html(room, game)
    assert "javascript:alert(1)" in page and "<a " not in page
    # The export works too.
    from simulations.cli.main import main

    db = ["game", "--db", str(room.store.path)]
    assert main([*db, "export", game, "--out", str(tmp_path / "out")]) == 0


def test_a_page_that_fails_shows_a_sentence(room):
    @solara.component
    def Broken() -> None:  # noqa: N802 (a component)
        raise TypeError("/secret/path/of/the/server")

    @solara.component
    def Page() -> None:  # noqa: N802 (a component)
        with web.Guard():
            Broken()

    texts = " ".join(shown(Page()))
    assert "could not be shown" in texts and "secret" not in texts


def test_team_names_are_checked():
    with pytest.raises(ParameterError, match="must be 1 to 40 characters"):
        GameConfig(teams=2, team_names=["A", " "]).check()
    with pytest.raises(ParameterError, match="same name"):
        GameConfig(teams=2, team_names=["Red", "red "]).check()
    assert GameConfig(teams=2, team_names=[" Red ", "Blue"]).names() == ["Red", "Blue"]


def test_the_room_cookie_outlives_a_restart(tmp_path):
    """An open page comes back by itself after a restart: its cookie stays good."""
    from simulations.room.guard import RoomGuard
    from simulations.room.sessions import load_secret

    first = RoomGuard(None, "room42", load_secret(tmp_path))
    again = RoomGuard(None, "room42", load_secret(tmp_path))
    assert first.expected == again.expected
    assert RoomGuard(None, "room42").expected != first.expected  # no key: a new one
