"""The debrief on the trainer's page: sentences by team and direction, "what if".

The debrief runs in the server's shared pool and shows how far it is; when
done it is kept in the game's file, so a restart does not lose it. "What if"
offers the levers by their names and answers in one sentence.
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import pandas as pd
import solara

from ..i18n import _
from ..parameters import ParameterError
from ..room.language import keep_language, speaks
from .debrief import kept
from .export import debrief_html, debrief_rows, export_game
from .levers import GAME_LEVERS, LEVERS_BY_NAME, field_label, parsed
from .pool import pooled_debrief, pooled_what_if
from .sentences import what_if_sentence
from .web import BACKGROUND, hall, progress, prose, run_in_background


@solara.component
@speaks
def WhatIf(game: str) -> None:  # noqa: N802 (a component)
    """Replay one team's game with one decision changed; the answer in a sentence."""
    h = hall()
    asked, answer = BACKGROUND.get(f"what-if-{game}", ("", None))
    teams = [t["name"] for t in h.store.teams(game)]
    played = max(h.played(game), 1)
    labels = {_(s.label): s.name for s in GAME_LEVERS}
    team, set_team = solara.use_state(teams[0])
    round_no, set_round = solara.use_state("1")
    label, set_label = solara.use_state(_(GAME_LEVERS[0].label))
    typed, set_typed = solara.use_state("")
    refusal, set_refusal = solara.use_state("")
    spec = LEVERS_BY_NAME[labels.get(label) or GAME_LEVERS[0].name]

    @keep_language
    def run() -> None:
        try:
            if spec.kind == "bool":
                value: Any = typed == _("yes")
            elif spec.kind == "choice":
                value = {_(w): k for k, w in spec.choices.items()}[typed]
            else:
                value = parsed(spec, typed)
        except (ParameterError, KeyError) as err:
            set_refusal(
                str(err) if isinstance(err, ParameterError) else _("Choose a value.")
            )
            return
        set_refusal("")
        number, r = teams.index(team), int(round_no)
        was = h.plan(game, number)[r - 1][spec.name]

        def job() -> str:
            table = pooled_what_if(h, game, number, r, spec.name, value)
            return what_if_sentence(team, spec.name, value, r, was, table)

        run_in_background(f"what-if-{game}", keep_language(job))

    prose("### " + _("What if"))
    with solara.Row(style={"flex-wrap": "wrap", "align-items": "center"}):
        solara.Select(_("Team"), teams, team, set_team)
        solara.Select(
            _("Round"), [str(r) for r in range(1, played + 1)], round_no, set_round
        )
        solara.Select(
            _("Lever"), list(labels), label, lambda v: (set_label(v), set_typed(""))
        )
        if spec.kind == "bool":
            solara.Select(_("Value"), [_("yes"), _("no")], typed or None, set_typed)
        elif spec.kind == "choice":
            words = [_(w) for w in spec.choices.values()]
            solara.Select(_("Value"), words, typed or None, set_typed)
        else:
            solara.InputText(field_label(spec), value=typed, on_value=set_typed)
        solara.Button(_("Replay"), on_click=run, disabled=asked == "running")
    if refusal:
        solara.Error(refusal)
    if asked == "running":
        solara.Info(_("Replaying the game with the other decision..."))
    elif asked == "error":
        solara.Error(str(answer))
    elif isinstance(answer, str):
        solara.Success(answer)


@solara.component
@speaks
def Debrief(game: str, seen: tuple) -> None:  # noqa: N802 (a component)
    """The debrief by direction, "what if", and the downloads."""
    h = hall()
    key = f"debrief-{game}"
    state, result = BACKGROUND.get(key, ("", None))
    table = result if isinstance(result, pd.DataFrame) else kept(h, game)
    _clicks, set_clicks = solara.use_state(0)  # a click shows "running" at once

    def start() -> None:
        run_in_background(key, lambda: pooled_debrief(h, game, progress=progress(key)))
        set_clicks(lambda n: n + 1)

    prose("## " + _("Debrief"))
    solara.Button(
        _("Run the debrief (by Mann's direction)"),
        on_click=start,
        disabled=state == "running",
    )
    if state == "running":
        done = (
            _("{done} of {total} replays done.").format(done=result[0], total=result[1])
            if result
            else ""
        )
        solara.Info(
            _(
                "Replaying every team's game, one direction at a time; this "
                "takes a few minutes and goes on if you close this page."
            )
            + (" " + done if result else "")
        )
    elif state == "error":
        solara.Error(str(result))
    if table is not None and len(table):
        rows = pd.DataFrame(debrief_rows(h, game, table))
        for name, part in rows.groupby("team", sort=False):
            solara.Text(str(name), style={"font-weight": "bold", "display": "block"})
            for sentence in part["sentence"]:
                solara.Text(
                    sentence, style={"display": "block", "margin": "2px 0 2px 12px"}
                )
    WhatIf(game)

    @keep_language
    def report() -> bytes:
        return debrief_html(h, game, table).encode("utf-8")

    def data() -> bytes:
        buffer = io.BytesIO()
        with tempfile.TemporaryDirectory() as folder, zipfile.ZipFile(buffer, "w") as z:
            for path in export_game(h, game, folder):
                z.write(path, Path(path).name)
        return buffer.getvalue()

    with solara.Row():
        solara.FileDownload(report, filename="debrief.html", label=_("Debrief report"))
        solara.FileDownload(data, filename="game.zip", label=_("Game data (CSV, JSON)"))
