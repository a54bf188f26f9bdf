"""A game on paper: CSV and JSON of everything, and the debrief as HTML.

:func:`export_game` writes the whole game (settings, teams, decisions,
events, every round's numbers) as JSON and the tables as CSV; tokens and
secrets are left out. :func:`debrief_html` is one page a trainer can show or
mail: the leaderboard, the charts round by round, each team's decisions and,
when given, the debrief by Mann's direction.
"""

from __future__ import annotations

import base64
import html
import io
import json
from pathlib import Path
from typing import Any

import pandas as pd
from matplotlib.figure import Figure

from ..present.format import number
from ..present.tables import STYLE
from ..vocabulary import DIRECTIONS
from .config import GAME_LEVERS
from .debrief import DEBRIEF_KPIS
from .session import LEADERBOARD, GameHall

CHARTS: dict[str, str] = {
    "round_profit": "Profit in the round",
    "value_created": "Value created so far",
    "nps": "Loyalty index",
    "service_level": "Served within the standard (so far)",
}
"""Charts round by round: number -> title."""


def game_data(hall: GameHall, game: str) -> dict[str, Any]:
    """Everything about a game as plain data, without tokens or secrets."""
    info = hall.info(game)
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
        "events": [{"round": r, **e} for r, e in hall.store.events(game)],
        "results": hall.store.results(game),
    }


def decisions_table(hall: GameHall, game: str) -> pd.DataFrame:
    """One row per team and round: the levers played, and whether kept."""
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


def round_chart(history: pd.DataFrame) -> Figure:
    """Charts round by round of each team's mean (:data:`CHARTS`)."""
    fig = Figure(figsize=(11, 3.2))
    axes = fig.subplots(1, len(CHARTS))
    fig.subplots_adjust(left=0.06, right=0.99, bottom=0.18, top=0.85, wspace=0.35)
    if len(history):
        means = history.groupby(["team", "round"], sort=False).mean(numeric_only=True)
        for ax, (column, title) in zip(axes, CHARTS.items(), strict=True):
            for team in history["team"].unique():
                series = means.loc[team][column]
                ax.plot(series.index, series.to_numpy(), marker="o", label=team)
            ax.set_title(title, fontsize=9)
            ax.set_xlabel("round", fontsize=8)
            ax.tick_params(labelsize=7)
        axes[0].legend(fontsize=7)
    return fig


def png(fig: Figure) -> str:
    """A figure as a base64 PNG."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=72)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def leaderboard_rows(board: pd.DataFrame) -> list[list[str]]:
    """The leaderboard as text cells: team, then each KPI with its interval."""
    rows = []
    for _, r in board.iterrows():
        cells = [str(r["team"])]
        for kpi in LEADERBOARD:
            if kpi not in board or pd.isna(r.get(kpi)):
                cells.append("–")
                continue
            scale = 100.0 if kpi == "service_level" else 1.0
            text = number(r[kpi] * scale)
            half = r.get(f"{kpi}_half_width")
            if half is not None and not pd.isna(half):
                text += f" ± {number(half * scale)}"
            cells.append(text + (" %" if scale == 100.0 else ""))
        rows.append(cells)
    return rows


def _table(head: list[str], rows: list[list[str]]) -> str:
    th = "".join(f"<th>{html.escape(h)}</th>" for h in head)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>"
        for row in rows
    )
    head_row = f"<thead><tr>{th}</tr></thead>"
    return f"<table class='cfl-kpis'>{head_row}<tbody>{body}</tbody></table>"


def debrief_html(
    hall: GameHall, game: str, debrief_table: pd.DataFrame | None = None
) -> str:
    """The debrief report: one self-contained HTML page."""
    info = hall.info(game)
    config = info["config"]
    parts = [
        f"<h1>Seminar game: debrief</h1><p>Starting business: "
        f"{html.escape(config['preset'].replace('_', '-'))}; {config['teams']} "
        f"teams; rounds of {config['round_days']} days; "
        f"{config['replications']} replications per team on common random "
        "numbers. Each team ran its own copy of the same business: teams did "
        "not take customers from each other.</p>",
        "<h2>Leaderboard</h2>",
        _table(
            ["Team", *LEADERBOARD.values()], leaderboard_rows(hall.leaderboard(game))
        ),
        "<p>± is the half-width of a 95% interval over the replications.</p>",
        "<h2>Round by round</h2>",
        '<img alt="charts round by round" src="data:image/png;base64,'
        + png(round_chart(hall.history(game)))
        + '">',
        "<h2>Decisions</h2>",
    ]
    decisions = decisions_table(hall, game)
    if len(decisions):
        labels = {s.name: s.label for s in GAME_LEVERS}
        head = ["Team", "Round", "Source", *labels.values()]
        rows = [
            [str(r["team"]), str(r["round"]), str(r["source"])]
            + [_cell(r[name]) for name in labels]
            for _, r in decisions.iterrows()
        ]
        parts.append(_table(head, rows))
    events = hall.events(game)
    if events:
        parts.append("<h2>Events</h2><ul>")
        parts += [
            f"<li>Before round {r}: {html.escape(e.title)}</li>" for r, e in events
        ]
        parts.append("</ul>")
    if debrief_table is not None and len(debrief_table):
        parts.append(
            "<h2>What moved the results, by Mann's direction</h2><p>Each "
            "direction's levers switched from the starting business to the "
            "team's choices, one direction at a time, same customers.</p>"
        )
        head = ["Team", "Part", *DEBRIEF_KPIS]
        rows = [
            [str(r["team"]), str(r["label"])]
            + [f"{number(r[k])} ± {number(r[f'{k}_half_width'])}" for k in DEBRIEF_KPIS]
            for _, r in debrief_table.iterrows()
        ]
        parts.append(_table(head, rows))
        parts.append("<p>Directions: " + ", ".join(DIRECTIONS.values()) + ".</p>")
    body = "\n".join(parts)
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'>"
        f"<title>Seminar game debrief</title><style>{STYLE}</style></head>"
        f"<body>{body}</body></html>"
    )


def _cell(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return number(value)
    return str(value)
