"""A game on paper: CSV and JSON of everything, and pages to print.

:func:`export_game` writes the whole game (settings, teams, decisions,
events, every round's numbers, the debrief if kept) as JSON and the tables
as CSV; tokens, codes and secrets are left out. :func:`debrief_html` is one
page a trainer can show or mail: the leaderboard, the charts round by round,
each team's decisions, the events and, when there is one, the debrief in
sentences. :func:`team_cards_html` prints a card per team with its code,
and :func:`debrief_rows` turns a debrief table into its sentences.
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

import pandas as pd

from ..i18n import _
from ..present.tables import STYLE
from ..vocabulary import DIRECTIONS
from .charts import png, round_chart
from .config import MARKETS, PRESET_LABELS, starting_levers
from .sentences import debrief_sentence
from .session import GameHall
from .tables import decisions_rows, html_table, leaderboard_html


def game_data(hall: GameHall, game: str) -> dict[str, Any]:
    """Everything about a game as plain data, without tokens, codes or secrets."""
    info = hall.info(game)
    kept = hall.store.debrief(game)
    return {
        "game": game,
        "created": info["created"],
        "round": info["round"],
        "status": info["status"],
        "config": info["config"],
        "teams": [
            {"team": t["team"], "name": t["name"], "members": t["members"]}
            for t in hall.store.teams(game)
        ],
        "decisions": hall.store.decisions(game),
        "events": [{"round": r, **e.to_dict()} for r, e in hall.events(game)],
        "results": hall.store.results(game),
        "debrief": kept["rows"] if kept else None,
    }


def decisions_table(hall: GameHall, game: str) -> pd.DataFrame:
    """One row per team and round: the levers played, and whether kept (data)."""
    names = {t["team"]: t["name"] for t in hall.store.teams(game)}
    rows = [
        {"team": names[d["team"]], "round": d["round"], "source": d["source"]}
        | d["levers"]
        for d in hall.store.decisions(game)
    ]
    return pd.DataFrame(rows)


def export_game(hall: GameHall, game: str, folder: str | Path) -> list[Path]:
    """Write ``game.json``, ``results.csv`` and ``decisions.csv``; their paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / "game.json", folder / "results.csv", folder / "decisions.csv"]
    paths[0].write_text(json.dumps(game_data(hall, game), indent=1), "utf-8")
    hall.history(game).to_csv(paths[1], index=False)
    decisions_table(hall, game).to_csv(paths[2], index=False)
    return paths


def debrief_rows(hall: GameHall, game: str, table: pd.DataFrame) -> list[dict]:
    """Each team's debrief sentences: ``team``, ``part``, ``label``, ``sentence``."""
    start = starting_levers(hall.start(game))
    plans = hall.plans(game)
    names = {t["team"]: t["name"] for t in hall.store.teams(game)}
    number_of = {name: team for team, name in names.items()}
    out = []
    for _row, row in table.iterrows():
        team = int(row["number"]) if "number" in row else number_of[row["team"]]
        sentence = debrief_sentence(row, plans[team], start)
        out.append(
            {"team": names[team], "part": row["part"], "label": row["label"]}
            | {"sentence": sentence}
        )
    return out


def page(title: str, body: str) -> str:
    """A self-contained HTML page."""
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'>"
        f"<title>{html.escape(title)}</title><style>{STYLE}</style></head>"
        f"<body>{body}</body></html>"
    )


def debrief_html(
    hall: GameHall, game: str, debrief_table: pd.DataFrame | None = None
) -> str:
    """The debrief report: one self-contained HTML page."""
    config = hall.info(game)["config"]
    market = _(MARKETS[config.get("market", "separate")])
    preset = _(PRESET_LABELS.get(config["preset"], config["preset"]))
    about = _(
        "Starting business: {preset}; {teams} teams; {market}; rounds of {days} "
        "days; {copies} copies of the town on other random numbers, the same for "
        "every team."
    ).format(
        preset=preset,
        teams=config["teams"],
        market=market,
        days=config["round_days"],
        copies=config["replications"],
    )
    half = _("± is the half-width of the interval (95%) over the copies of the town.")
    parts = [
        "<h1>" + html.escape(_("Seminar game: debrief")) + "</h1>",
        f"<p>{html.escape(about)}</p>",
        "<h2>" + html.escape(_("Leaderboard")) + "</h2>",
        leaderboard_html(hall, game),
        f"<p>{html.escape(half)}</p>",
        "<h2>" + html.escape(_("Round by round")) + "</h2>",
        '<img alt="" src="data:image/png;base64,'
        + png(round_chart(hall.history(game)))
        + '">',
    ]
    head, rows = decisions_rows(hall, game)
    if rows:
        parts += [
            "<h2>" + html.escape(_("Decisions")) + "</h2>",
            html_table(head, rows),
        ]
    events = hall.events(game)
    if events:
        parts.append("<h2>" + html.escape(_("Events")) + "</h2><ul>")
        for r, e in events:
            before = _("Before round {round}: {event}.").format(
                round=r, event=_(e.title)
            )
            text = _(e.text) if e.text else ""
            parts.append(f"<li>{html.escape(before)} {html.escape(text)}</li>")
        parts.append("</ul>")
    if debrief_table is not None and len(debrief_table):
        title = _("What moved the results, by Mann's direction")
        how = _(
            "Each team's game replayed with one direction's levers switched to its "
            "choices, one direction at a time, on the same customers; the ranges "
            "are intervals (95%)."
        )
        parts.append(f"<h2>{html.escape(title)}</h2><p>{html.escape(how)}</p>")
        for team, rows in pd.DataFrame(debrief_rows(hall, game, debrief_table)).groupby(
            "team", sort=False
        ):
            parts.append(f"<h3>{html.escape(str(team))}</h3><ul>")
            parts += [f"<li>{html.escape(s)}</li>" for s in rows["sentence"]]
            parts.append("</ul>")
        directions = ", ".join(DIRECTIONS.values())
        said = _("Directions: {directions}.").format(directions=directions)
        parts.append(f"<p>{html.escape(said)}</p>")
    return page(_("Seminar game: debrief"), "\n".join(parts))


def team_cards_html(hall: GameHall, game: str, address: str, qr_svg: str) -> str:
    """A card per team to print and hand out: name, code, the address, a QR code."""
    open_it = html.escape(_("Open {address}").format(address=address))
    code = html.escape(_("Your team's code:"))
    keep = html.escape(_("Keep the code to your team."))
    cards = [
        "<div style='border:1px dashed #888;padding:12px;margin:8px;"
        "display:inline-block;width:300px;vertical-align:top'>"
        f"<h2>{html.escape(t['name'])}</h2><p>{open_it}</p>"
        f"<p>{code} <b style='font-size:1.6em'>{html.escape(t['code'])}"
        f"</b></p>{qr_svg}<p>{keep}</p></div>"
        for t in hall.store.teams(game)
    ]
    return page(_("Team cards"), "".join(cards))
