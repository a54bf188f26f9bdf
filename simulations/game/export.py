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

from ..present.tables import STYLE
from ..vocabulary import DIRECTIONS
from .charts import png, round_chart
from .config import MARKETS, starting_levers
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
    for _, row in table.iterrows():
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
    market = MARKETS[config.get("market", "separate")]
    preset = config["preset"].replace("_", "-")
    parts = [
        "<h1>Seminar game: debrief</h1>",
        f"<p>Starting business: {html.escape(preset)}; {config['teams']} teams; "
        f"{html.escape(market)}; rounds of {config['round_days']} days; "
        f"{config['replications']} copies of the town on other random numbers, "
        "the same for every team.</p>",
        "<h2>Leaderboard</h2>",
        leaderboard_html(hall, game),
        "<p>± is the half-width of a 95% interval over the copies of the town.</p>",
        "<h2>Round by round</h2>",
        '<img alt="charts round by round" src="data:image/png;base64,'
        + png(round_chart(hall.history(game)))
        + '">',
    ]
    head, rows = decisions_rows(hall, game)
    if rows:
        parts += ["<h2>Decisions</h2>", html_table(head, rows)]
    events = hall.events(game)
    if events:
        parts.append("<h2>Events</h2><ul>")
        parts += [
            f"<li>Before round {r}: {html.escape(e.title)}. {html.escape(e.text)}</li>"
            for r, e in events
        ]
        parts.append("</ul>")
    if debrief_table is not None and len(debrief_table):
        parts.append(
            "<h2>What moved the results, by Mann's direction</h2><p>Each team's "
            "game replayed with one direction's levers switched to its choices, "
            "one direction at a time, on the same customers; the ranges are 95% "
            "intervals.</p>"
        )
        for team, rows in pd.DataFrame(debrief_rows(hall, game, debrief_table)).groupby(
            "team", sort=False
        ):
            parts.append(f"<h3>{html.escape(str(team))}</h3><ul>")
            parts += [f"<li>{html.escape(s)}</li>" for s in rows["sentence"]]
            parts.append("</ul>")
        parts.append("<p>Directions: " + ", ".join(DIRECTIONS.values()) + ".</p>")
    return page("Seminar game debrief", "\n".join(parts))


def team_cards_html(hall: GameHall, game: str, address: str, qr_svg: str) -> str:
    """A card per team to print and hand out: name, code, the address, a QR code."""
    cards = [
        "<div style='border:1px dashed #888;padding:12px;margin:8px;"
        "display:inline-block;width:300px;vertical-align:top'>"
        f"<h2>{html.escape(t['name'])}</h2><p>Open {html.escape(address)}</p>"
        f"<p>Your team's code: <b style='font-size:1.6em'>{html.escape(t['code'])}"
        f"</b></p>{qr_svg}<p>Keep the code to your team.</p></div>"
        for t in hall.store.teams(game)
    ]
    return page("Team cards", "".join(cards))
