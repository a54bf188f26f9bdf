"""The trainer's "Watch a team's desk": one team's day, replayed, for the debrief.

The day is rebuilt in the server's shared pool (:mod:`simulations.game.desk`)
and shown as the course's replay of a day: the line, the staff, who gave up,
how each visit was judged.
"""

from __future__ import annotations

import solara

from ..i18n import N_, _
from ..present.replay import embedded
from ..room.language import keep_language, speaks
from .desk import desk_day, game_days
from .pool import in_queue
from .web import BACKGROUND, hall, prose, run_in_background
from .widgets import html

INTRO = N_(
    "One day at one team's desk, as it happened in the game (its first copy of "
    "the town): customers arrive, wait, are served or give up, and leave by how "
    "they judged the visit. Day 1 is the first day of round 1."
)


@solara.component
@speaks
def DeskView(game: str, seen: tuple = ()) -> None:  # noqa: N802 (a component)
    """Pick a team and a day; the replay of that day appears below.

    ``seen`` is the trainer page's :func:`~simulations.game.web.use_watch`: a
    new value draws this view again, so a finished replay shows without a click.
    """
    h = hall()
    key = f"desk-{game}"
    state, result = BACKGROUND.get(key, ("", None))
    teams = [t["name"] for t in h.store.teams(game)]
    last = game_days(h, game)
    team, set_team = solara.use_state(teams[0])
    day, set_day = solara.use_state(str(max(last, 1)))
    refusal, set_refusal = solara.use_state("")
    _clicks, set_clicks = solara.use_state(0)  # a click shows "running" at once

    def run() -> None:
        text = day.strip()
        if not text.isdigit():
            set_refusal(
                _("Day {value}: write a whole number from 1 to {last}.").format(
                    value=repr(text[:20]), last=last
                )
            )
            return
        set_refusal("")
        which, number = teams.index(team), int(text)

        def job() -> str:
            replay = in_queue(game, lambda ex: desk_day(h, game, which, number, ex))
            return embedded(replay.html, 1)

        run_in_background(key, keep_language(job))
        set_clicks(lambda n: n + 1)

    prose("### " + _("Watch a team's desk"))
    solara.Text(_(INTRO), style={"display": "block"})
    with solara.Row(style={"flex-wrap": "wrap", "align-items": "center"}):
        solara.Select(_("Team"), teams, team if team in teams else teams[0], set_team)
        solara.InputText(
            _("Day (1 to {last})").format(last=last), value=day, on_value=set_day
        )
        solara.Button(
            _("Watch the day"), on_click=run, disabled=state == "running" or last < 1
        )
    if refusal:
        solara.Error(refusal)
    if state == "running":
        solara.Info(_("Playing the day again from the game's decisions..."))
    elif state == "error":
        solara.Error(str(result))
    elif isinstance(result, str):
        html(result)
