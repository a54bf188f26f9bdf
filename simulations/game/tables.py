"""The game's tables as text: leaderboard, decisions, debrief, as HTML rows.

Every cell is written by :mod:`simulations.present.format` or in the levers'
own words (:func:`~simulations.game.levers.shown`), and escaped: a name is
always plain text.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import pandas as pd

from ..i18n import _
from ..present.format import money, number, percent
from .levers import GAME_LEVERS, shown
from .session import LEADERBOARD, GameHall

UNITS: dict[str, str] = {
    "profit": "money",
    "value_created": "money",
    "customer_equity": "money",
    "nps": "points",
    "service_level": "share",
    "market_share": "share",
}
"""The unit of each leaderboard column."""


def html_table(head: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """An HTML table of text cells (every cell escaped)."""
    th = "".join(f"<th>{html.escape(h)}</th>" for h in head)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>"
        for row in rows
    )
    head_row = f"<thead><tr>{th}</tr></thead>"
    return f"<table class='cfl-kpis'>{head_row}<tbody>{body}</tbody></table>"


def value(kpi: str, x: float, half: float | None = None) -> str:
    """A leaderboard value in its unit, with its ± half-width."""
    unit = UNITS.get(kpi, "")
    if unit == "money":
        text = money(x)
        return text if half is None or pd.isna(half) else f"{text} ± {number(half)}"
    if unit == "share":
        text = percent(x)
        if half is None or pd.isna(half):
            return text
        return _("{value} ± {half} pp").format(value=text, half=number(100 * half))
    text = number(x)
    return text if half is None or pd.isna(half) else f"{text} ± {number(half)}"


def leaderboard_columns(board: pd.DataFrame) -> list[str]:
    """The leaderboard's columns that have numbers (market share: shared towns)."""
    return [
        k
        for k in LEADERBOARD
        if k != "market_share" or (k in board and board[k].notna().any())
    ]


def leaderboard_rows(board: pd.DataFrame) -> list[list[str]]:
    """The leaderboard as text cells: team, then each number with its interval."""
    rows = []
    for _row, r in board.iterrows():
        cells = [str(r["team"])]
        for kpi in leaderboard_columns(board):
            if kpi not in board or pd.isna(r.get(kpi)):
                cells.append("–")
            else:
                cells.append(value(kpi, r[kpi], r.get(f"{kpi}_half_width")))
        rows.append(cells)
    return rows


def leaderboard_html(hall: GameHall, game: str) -> str:
    """The leaderboard as an HTML table."""
    board = hall.leaderboard(game)
    head = [_("Team"), *(_(LEADERBOARD[k]) for k in leaderboard_columns(board))]
    return html_table(head, leaderboard_rows(board))


def decisions_rows(hall: GameHall, game: str) -> tuple[list[str], list[list[str]]]:
    """Each team's levers round by round, in words: the head and the rows."""
    names = {t["team"]: t["name"] for t in hall.store.teams(game)}
    head = [_("Team"), _("Round"), _("Decided"), *(_(s.label) for s in GAME_LEVERS)]
    rows = []
    for d in hall.store.decisions(game):
        how = _("kept") if d["source"] == "kept" else _("by the team")
        cells = [names[d["team"]], str(d["round"]), how]
        cells += [shown(s, d["levers"].get(s.name)) for s in GAME_LEVERS]
        rows.append(cells)
    return head, rows
