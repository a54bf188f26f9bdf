"""The team's page and the trainer's page of the seminar game (Solara).

Both re-read the game from the hall every few seconds, so a round played
elsewhere, a late joiner or a restarted server shows up by itself. Every
value a team sends is checked again by the hall; a refusal is shown in red,
as a sentence.
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import pandas as pd
import solara

from ..present.format import number
from ..vocabulary import DIRECTIONS
from .config import GAME_LEVERS, estimate_costs
from .export import (
    _table,
    debrief_html,
    decisions_table,
    export_game,
    leaderboard_rows,
    round_chart,
)
from .pool import pooled_debrief, pooled_what_if
from .session import LEADERBOARD, GameError
from .web import (
    BACKGROUND,
    PLAYING,
    hall,
    plain,
    play_in_background,
    prose,
    run_in_background,
    use_base,
    use_watch,
)


@solara.component
def Leaderboard(game: str, seen: tuple) -> None:  # noqa: N802 (a component)
    """The leaderboard, as a table (re-read when ``seen`` changes)."""
    board = hall().leaderboard(game)
    head = ["Team", *LEADERBOARD.values()]
    solara.HTML(
        tag="div", unsafe_innerHTML=_table(head, leaderboard_rows(board)), classes=[]
    )


def _lever_input(spec: Any, value: Any, set_value: Any) -> None:
    if spec.kind == "bool":
        solara.Switch(label=spec.label, value=bool(value), on_value=set_value)
    elif spec.kind == "choice":
        solara.Select(spec.label, list(spec.choices), value, set_value)
    elif spec.kind == "int":
        solara.InputInt(f"{spec.label} ({spec.low:g}-{spec.high:g})", value, set_value)
    else:
        unit = f" {spec.unit}" if spec.unit else ""
        solara.InputFloat(
            f"{spec.label} ({spec.low:g}-{spec.high:g}{unit})", value, set_value
        )


@solara.component
def TeamPage(token: str) -> None:  # noqa: N802 (a component)
    """A team's page: levers within the budget, submit, results."""
    h = hall()
    try:
        team = h.team(token)
    except GameError as err:
        solara.Error(str(err))
        prose(f"[Join a game]({use_base()}/)")
        return
    game, number_ = team["game"], team["team"]
    seen = use_watch(game)
    info = h.info(game)
    config, round_no = info["config"], info["round"]
    mine = h.levers(game).get(round_no, {}).get(number_)
    start_levers = mine or h.in_force(game, number_, round_no)
    choice, set_choice = solara.use_state(start_levers, key=f"{game}-{round_no}")
    message, set_message = solara.use_state(("", ""))

    def setter(name: str) -> Any:
        return lambda value: set_choice(choice | {name: value})

    def submit() -> None:
        try:
            answer = h.submit(token, round_no, choice)
        except GameError as err:
            set_message(("error", str(err)))
            return
        set_message(("ok", answer["message"]))
        if answer["all_in"]:
            play_in_background(game)

    name = plain(team["name"])
    prose(
        f"# {name}\nRound **{min(round_no, config['rounds'])}** of "
        f"{config['rounds']} ({config['round_days']} days a round) - budget "
        f"{number(config['budget'])} a round"
    )
    for at, event in h.events(game):
        if event.active(at, round_no) and info["status"] == "open":
            solara.Warning(f"{event.title}: {event.text}")
    if info["status"] == "open" and PLAYING.get(game) != "playing":
        _choice_form(h, game, config, choice, setter, submit)
        if message[0] == "error":
            solara.Error(message[1])
        if mine is not None:
            solara.Info(
                "Your decision is in. You may change it until the round is "
                "played, when every team is in or the trainer closes it."
            )
    elif PLAYING.get(game) == "playing":
        solara.Info("The round is being played...")
    else:
        solara.Success("The game is over. Thank you for playing!")
    if message[0] == "ok":
        solara.Success(message[1])
    prose("## Leaderboard")
    Leaderboard(game, seen)


def _choice_form(
    h: Any, game: str, config: dict, choice: dict, setter: Any, submit: Any
) -> None:
    """The levers by Mann's direction, the estimated costs, the submit button."""
    with solara.Row(style={"flex-wrap": "wrap"}):
        for direction, label in DIRECTIONS.items():
            with solara.Card(label, style={"min-width": "260px"}):
                for spec in GAME_LEVERS:
                    if spec.direction == direction:
                        _lever_input(spec, choice.get(spec.name), setter(spec.name))
    try:
        scenario = h.start(game).copy(**choice)
        costs = estimate_costs(scenario, config["start_state"], config["round_days"])
    except ValueError as err:
        solara.Error(str(err))
        costs = {}
    total = sum(costs.values())
    lines = ", ".join(f"{k} {number(v)}" for k, v in costs.items() if v)
    text = f"Estimated cost of this choice: **{number(total)}** a round ({lines})."
    prose(text)
    if total > config["budget"]:
        solara.Error(f"Over the budget by {number(total - config['budget'])}.")
    solara.Button("Submit decision", on_click=submit, color="primary")


@solara.component
def TrainerPage(key: str) -> None:  # noqa: N802 (a component)
    """The trainer's page: join code, rounds, events, leaderboard, debrief."""
    h = hall()
    try:
        game = h.trainer_game(key)
    except GameError as err:
        solara.Error(str(err))
        return
    seen = use_watch(game)
    info = h.info(game)
    config, round_no = info["config"], info["round"]
    teams = h.store.teams(game)
    done = h.submitted(game)
    event_key, set_event_key = solara.use_state(config["events"][0]["key"])
    note, set_note = solara.use_state("")
    playing = PLAYING.get(game, "")

    prose(
        f"# Join code: {info['join_code']}\nRound **{min(round_no, config['rounds'])}**"
        f" of {config['rounds']} - {info['status']} - teams in: "
        f"{len(done)} of {len(teams)}"
    )
    rows = [
        [t["name"], str(t["members"]), "yes" if t["team"] in done else "not yet"]
        for t in teams
    ]
    solara.HTML(tag="div", unsafe_innerHTML=_table(["Team", "People", "In"], rows))
    if playing == "playing":
        solara.Info("Playing the round...")
    elif playing:
        solara.Error(playing)
    if info["status"] == "open":

        def inject() -> None:
            try:
                event = h.inject(game, event_key)
                set_note(f"Before round {round_no}: {event.title}")
            except GameError as err:
                set_note(str(err))

        with solara.Row():
            solara.Button(
                "Close the round and play it",
                on_click=lambda: play_in_background(game),
                color="primary",
                disabled=playing == "playing",
            )
            solara.Select(
                "Event", [e["key"] for e in config["events"]], event_key, set_event_key
            )
            solara.Button("Inject the event", on_click=inject)
        if note:
            solara.Info(note)
    for at, e in h.events(game):
        prose(f"- before round {at}: {plain(e.title)}")
    prose("## Leaderboard")
    Leaderboard(game, seen)
    history = h.history(game)
    if len(history):
        solara.FigureMatplotlib(round_chart(history), dependencies=[seen, len(history)])
        prose("## Decisions")
        labels = {s.name: s.label for s in GAME_LEVERS}
        solara.DataFrame(decisions_table(h, game).rename(columns=labels))
        Debrief(game, seen)


@solara.component
def Debrief(game: str, seen: tuple) -> None:  # noqa: N802 (a component)
    """The debrief by direction, "what if", and the downloads."""
    h = hall()
    state, table = BACKGROUND.get(f"debrief-{game}", ("", None))
    asked, answer = BACKGROUND.get(f"what-if-{game}", ("", None))
    _, set_clicks = solara.use_state(0)  # a click shows "running" at once
    team, set_team = solara.use_state(1)
    round_no, set_round = solara.use_state(1)
    lever, set_lever = solara.use_state(GAME_LEVERS[0].name)
    value, set_value = solara.use_state("0")

    def run_debrief() -> None:
        run_in_background(f"debrief-{game}", lambda: pooled_debrief(h, game))
        set_clicks(lambda n: n + 1)

    def run_what_if() -> None:
        parsed: Any = value
        if value.lower() in ("yes", "no", "true", "false"):
            parsed = value.lower() in ("yes", "true")
        else:
            try:
                parsed = float(value)
            except ValueError:
                parsed = value
        args = (int(team) - 1, int(round_no), lever, parsed)
        run_in_background(f"what-if-{game}", lambda: pooled_what_if(h, game, *args))
        set_clicks(lambda n: n + 1)

    prose("## Debrief")
    solara.Button(
        "Run the debrief (by Mann's direction)",
        on_click=run_debrief,
        disabled=state == "running",
    )
    if state == "running":
        solara.Info("Replaying every team's game, one direction at a time...")
    elif state == "error":
        solara.Error(str(table))
    elif table is not None:
        solara.DataFrame(table.round(1))
    with solara.Row():
        solara.InputInt("What if: team", value=team, on_value=set_team)
        solara.InputInt("round", value=round_no, on_value=set_round)
        solara.Select("lever", [s.name for s in GAME_LEVERS], lever, set_lever)
        solara.InputText("value", value=value, on_value=set_value)
        solara.Button("Replay", on_click=run_what_if, disabled=asked == "running")
    if asked == "running":
        solara.Info("Replaying the team's game with the other decision...")
    elif asked == "error":
        solara.Error(str(answer))
    elif isinstance(answer, pd.DataFrame):
        solara.DataFrame(answer.reset_index().round(2))

    def report() -> bytes:
        return debrief_html(h, game, table).encode("utf-8")

    def data() -> bytes:
        buffer = io.BytesIO()
        with tempfile.TemporaryDirectory() as folder, zipfile.ZipFile(buffer, "w") as z:
            for path in export_game(h, game, folder):
                z.write(path, Path(path).name)
        return buffer.getvalue()

    with solara.Row():
        solara.FileDownload(report, filename="debrief.html", label="Debrief report")
        solara.FileDownload(data, filename="game.zip", label="Game data (CSV, JSON)")
