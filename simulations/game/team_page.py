"""A team's page: its levers within the budget, its round's report, the leaderboard.

The page re-reads the game every few seconds (a round played, an event, a
deadline), and a message belongs to the round it was given in. Every value
the team sends is checked again by the hall; a refusal is shown in red, as
a sentence, and a value the page refused is never sent as another one.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import solara

from ..i18n import _
from ..present.format import money
from ..room.language import keep_language, speaks
from .errors import GameError
from .web import PLAYING, hall, plain, play_in_background, prose, use_base, use_watch
from .widgets import Leaderboard, RoundReport, choice_form, event_notes


def closing_time(deadline: str | None) -> str:
    """When decisions close, in this computer's time ("" if no deadline)."""
    if not deadline:
        return ""
    return datetime.fromisoformat(deadline).astimezone().strftime("%H:%M")


@solara.component
@speaks
def TeamPage(token: str) -> None:  # noqa: N802 (a component)
    """A team's page: levers within the budget, submit, its report, the leaderboard."""
    h = hall()
    base = use_base()
    try:
        team = h.team(token)
    except GameError as err:
        solara.Error(str(err))
        prose("[{join}]({base}/)".format(join=_("Join a game"), base=base))
        return
    game, number = team["game"], team["team"]
    seen = use_watch(game)
    info = h.info(game)
    config, round_no, status = info["config"], info["round"], info["status"]
    mine = h.levers(game).get(round_no, {}).get(number)
    in_force = mine or h.in_force(game, number, round_no)
    choice, set_choice = solara.use_state(in_force, key=f"{game}-{round_no}")
    errors, set_errors = solara.use_state({}, key=f"errors-{game}-{round_no}")
    message, set_message = solara.use_state((0, "", ""))
    playing = bool(info["playing"]) or PLAYING.get(game) == "playing"

    def set_lever(name: str, value: Any) -> None:
        set_choice(lambda old: old | {name: value})

    def set_error(name: str, sentence: str) -> None:
        set_errors(lambda old: old | {name: sentence})

    @keep_language
    def submit() -> None:
        refused = [e for e in errors.values() if e]
        if refused:
            set_message((round_no, "error", refused[0]))
            return
        try:
            answer = h.submit(token, round_no, choice)
        except GameError as err:
            set_message((round_no, "error", str(err)))
            return
        set_message((round_no, "ok", answer["message"]))
        if answer["play"]:
            play_in_background(game)

    shown_round = min(round_no, config["rounds"])
    heading = _(
        "Round **{round}** of {rounds} ({days} days a round); budget {budget} a round"
    ).format(
        round=shown_round,
        rounds=config["rounds"],
        days=config["round_days"],
        budget=plain(money(config["budget"])),
    )
    prose(f"# {plain(team['name'])}\n{heading}")
    said = message[1:] if message[0] == round_no else ("", "")
    if status == "open" and not playing:
        event_notes(h, game, round_no)
        closes = closing_time(info["settings"]["deadline"])
        if closes and h.seconds_left(game) == 0.0:
            solara.Warning(_("The deadline has passed: your last decision stands."))
        elif closes:
            solara.Info(_("Decisions close at {time}.").format(time=closes))
        choice_form(h, game, config, choice, set_lever, errors, set_error, round_no)
        solara.Button(_("Submit decision"), on_click=submit, color="primary")
        if said[0] == "error":
            solara.Error(said[1])
        elif said[0] == "ok":
            solara.Success(said[1])
        if mine is not None:
            solara.Info(
                _(
                    "Your decision is in. You may change it until the trainer "
                    "plays the round."
                )
            )
    elif playing:
        solara.Info(_("The round is being played..."))
    else:
        solara.Success(_("The game is over. Thank you for playing!"))
    played = round_no - 1 if status == "open" else round_no
    if played >= 1:
        link = f"{base}/report?token={token}&round={played}"
        RoundReport(game, number, played, link).key(f"report-{played}-{seen}")
    prose("## " + _("Leaderboard"))
    Leaderboard(game, seen)
