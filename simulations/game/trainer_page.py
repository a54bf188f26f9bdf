"""The trainer's page: the room's address, the teams, the round, events, results.

Reached by the trainer link only. It shows where teams join (the address,
a QR code, each team's code on demand, cards to print), who joined which
team, the budget; it holds each round until the trainer presses Play (or
plays it when every team is in, if the trainer chose so), sets a deadline,
injects an event with its description, renames teams; and it shows the
leaderboard, the charts, the decisions and the debrief
(:mod:`simulations.game.debrief_view`), and a replay of a team's desk on a day
(:mod:`simulations.game.desk_view`).
"""

from __future__ import annotations

import solara

from ..i18n import _
from ..present.format import money
from ..room.language import keep_language, speaks
from .address import qr_svg, reachable, room_address
from .config import MARKETS
from .debrief_view import Debrief
from .desk_view import DeskView
from .errors import GameError
from .events import Event
from .tables import decisions_rows, html_table
from .team_page import closing_time
from .web import PLAYING, hall, plain, play_in_background, prose, use_base, use_watch
from .widgets import Leaderboard, RoundChart, html


def host_header() -> str:
    """The host (and port) the trainer's browser asked for."""
    headers = solara.lab.headers.value or {}
    found = headers.get("host") or headers.get("Host") or ["127.0.0.1:8866"]
    return found[0] if isinstance(found, list) else str(found)


@solara.component
@speaks
def JoinPanel(game: str, key: str) -> None:  # noqa: N802 (a component)
    """Where and how teams join: the address, its QR code, the team codes."""
    h, base = hall(), use_base()
    show, set_show = solara.use_state(False)
    address = room_address(host_header(), base)
    with solara.Row(style={"align-items": "center", "flex-wrap": "wrap"}):
        html(qr_svg(address))
        with solara.Column():
            prose("## " + _("Teams join at") + f"\n# {plain(address)}")
            if not reachable(address):
                solara.Warning(
                    _(
                        "This address works on this computer only. For the room, "
                        "start the server with HOST=0.0.0.0 and a room code."
                    )
                )
            solara.Text(_("Each team joins with its own code and their names."))
            with solara.Row():
                label = _("Hide the team codes") if show else _("Show the team codes")
                solara.Button(label, on_click=lambda: set_show(not show))
                cards = _("Print a card per team")
                prose(f"[{cards}]({base}/cards?key={key})")
    if show:
        rows = [[t["name"], t["code"]] for t in h.store.teams(game)]
        html(html_table([_("Team"), _("Code")], rows))


@solara.component
@speaks
def TeamsPanel(game: str, seen: tuple) -> None:  # noqa: N802 (a component)
    """Who joined which team, who is in, and renaming a team."""
    h = hall()
    teams = h.store.teams(game)
    devices = h.store.devices(game)
    done = h.submitted(game)
    rows = [
        [
            t["name"],
            ", ".join(devices.get(t["team"], [])) or _("nobody yet"),
            _("yes") if t["team"] in done else _("not yet"),
        ]
        for t in teams
    ]
    head = [_("Team"), _("Who joined (one name a device)"), _("Decision in")]
    html(html_table(head, rows))
    solara.Text(
        _("Decisions in: {done} of {teams} teams.").format(
            done=len(done), teams=len(teams)
        )
    )
    for t in teams:
        if len(devices.get(t["team"], [])) > 1:
            names = ", ".join(devices[t["team"]])
            solara.Warning(
                _("{team} has joined on more than one device: {names}.").format(
                    team=t["name"], names=names
                )
            )
    names = [t["name"] for t in teams]
    which, set_which = solara.use_state(names[0])
    new, set_new = solara.use_state("")
    note, set_note = solara.use_state("")

    @keep_language
    def rename() -> None:
        try:
            kept = h.rename(game, names.index(which), new)
            set_note(_("Renamed: {name}.").format(name=kept))
            set_which(kept)
        except (GameError, ValueError) as err:
            set_note(str(err))

    with solara.Row(style={"align-items": "center"}):
        solara.Select(
            _("Team to rename"),
            names,
            which if which in names else names[0],
            set_which,
        )
        solara.InputText(_("New name"), value=new, on_value=set_new)
        solara.Button(_("Rename"), on_click=rename)
    if note:
        solara.Info(note)


@solara.component
@speaks
def RoundPanel(game: str, seen: tuple) -> None:  # noqa: N802 (a component)
    """Play the round, the deadline, playing when all are in, events."""
    h = hall()
    info = h.info(game)
    config, round_no, settings = info["config"], info["round"], info["settings"]
    events = [Event.from_record(e) for e in config["events"]]
    titles = {_(e.title): e for e in events}
    chosen, set_chosen = solara.use_state(_(events[0].title) if events else "")
    minutes, set_minutes = solara.use_state("15")
    note, set_note = solara.use_state((0, ""))
    playing = PLAYING.get(game, "")
    busy = playing == "playing" or bool(info["playing"])

    def say(text: str) -> None:
        set_note((round_no, text))

    @keep_language
    def inject() -> None:
        try:
            event = h.inject(game, titles[chosen].key)
            say(
                _("Before round {round}: {event}. Read it to the room.").format(
                    round=round_no, event=_(event.title)
                )
            )
        except (GameError, KeyError) as err:
            say(str(err))

    @keep_language
    def deadline() -> None:
        try:
            at = h.set_deadline(game, float(minutes.replace(",", ".")))
            say(_("Decisions close at {time}.").format(time=closing_time(at)))
        except (GameError, ValueError):
            say(_("Write the minutes from now, from 1 to 240."))

    with solara.Row(style={"align-items": "center", "flex-wrap": "wrap"}):
        solara.Button(
            _("Play round {round}").format(round=round_no),
            on_click=lambda: play_in_background(game),
            color="primary",
            disabled=busy,
        )
        solara.Switch(
            label=_("Play as soon as every team is in"),
            value=bool(settings["play_when_all_in"]),
            on_value=lambda on: h.set_play_when_all_in(game, on),
        )
    if busy:
        solara.Info(_("Playing the round..."))
    elif playing:
        solara.Error(_(playing))
    else:
        solara.Text(
            _(
                "The round waits for you: teams may change their decisions until "
                "you press Play. A team that does not decide keeps its levers."
            )
        )
    with solara.Row(style={"align-items": "center", "flex-wrap": "wrap"}):
        solara.InputText(
            _("Decisions close in (minutes)"), value=minutes, on_value=set_minutes
        )
        solara.Button(_("Set the deadline"), on_click=deadline)
        solara.Button(_("No deadline"), on_click=lambda: h.set_deadline(game, None))
        closes = closing_time(settings["deadline"])
        if closes:
            solara.Text(_("Decisions close at {time}.").format(time=closes))
    if events:
        with solara.Row(style={"align-items": "center", "flex-wrap": "wrap"}):
            solara.Select(_("Event"), list(titles), chosen, set_chosen)
            solara.Button(_("Inject before this round"), on_click=inject)
        if chosen in titles:
            solara.Text(
                _(titles[chosen].text) if titles[chosen].text else "",
                style={"font-style": "italic"},
            )
    if note[0] == round_no and note[1]:
        solara.Info(note[1])


@solara.component
@speaks
def TrainerPage(key: str) -> None:  # noqa: N802 (a component)
    """The trainer's page (see the module's text)."""
    h = hall()
    try:
        game = h.trainer_game(key)
    except GameError as err:
        solara.Error(str(err))
        return
    seen = use_watch(game)
    info = h.info(game)
    config, round_no = info["config"], info["round"]
    heading = (
        _("Trainer: round {round} of {rounds} (open)")
        if info["status"] == "open"
        else _("Trainer: round {round} of {rounds} (over)")
    ).format(round=min(round_no, config["rounds"]), rounds=config["rounds"])
    budget = _(
        "Budget of each team: **{budget}** a round of {days} days; {market}."
    ).format(
        budget=plain(money(config["budget"])),
        days=config["round_days"],
        market=plain(_(MARKETS[config.get("market", "separate")])),
    )
    prose(f"# {heading}\n{budget}")
    JoinPanel(game, key)
    prose("## " + _("Teams"))
    TeamsPanel(game, seen)
    if info["status"] == "open":
        prose("## " + _("The round"))
        RoundPanel(game, seen)
    injected = h.events(game)
    if injected:
        prose("## " + _("Events"))
        for at, e in injected:
            before = _("Before round {round}: {event}.").format(
                round=at, event=_(e.title)
            )
            text = _(e.text) if e.text else ""
            solara.Text(f"{before} {text}", style={"display": "block"})
    prose("## " + _("Leaderboard"))
    Leaderboard(game, seen)
    history = h.history(game)
    if len(history):
        RoundChart(game, len(history))
        prose("## " + _("Decisions"))
        head, rows = decisions_rows(h, game)
        html(html_table(head, rows))
        Debrief(game, seen)
        DeskView(game, seen)
