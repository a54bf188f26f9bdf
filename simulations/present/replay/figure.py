"""The picture of one desk: a plotly figure, and where each place is on it.

The door is on the left, the line runs towards the staff's desks in the
middle, and customers walk out on the right in four lanes: after a WOW, a
standard or a low visit, or after giving up in line. Shapes say the loyalty
phase, colours say what is happening (waiting, greeted, served, how the visit
was judged). Sizes are for a projector: large markers, 16 px text.

:func:`base_figure` draws what does not move; :func:`place_xy` says where a
customer at a place stands; :func:`visit_styles` gives each visit its shape.
The player (``player.js``) only moves markers to the places given here.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from ...i18n import N_, Labels, _
from .frames import DESK, EXITS, GAVE_UP, GREETED, LINE

WIDTH, HEIGHT = 24.0, 10.0
"""The drawing area, in the figure's own units."""

LINE_HEAD, LINE_STEP, LINE_ROW = 10.6, 1.1, 9
"""Where the first in line stands, the gap between two, and places in a row."""

LINE_ROWS = 2
"""Rows of the line drawn; those further back are counted, not drawn."""

LINE_Y, ROW_GAP = 5.6, 1.6
"""Height of the line's first row, and the gap to the next."""

MORE_XY = (LINE_HEAD - 4 * LINE_STEP, LINE_Y - LINE_ROWS * ROW_GAP)
"""Where "+N more" stands when the line is longer than the rows drawn."""

DESK_X, LANE_X, LANE_STEP, LANE_PLACES = 13.2, 15.6, 1.1, 4
LABEL_X = LANE_X + LANE_STEP * LANE_PLACES
"""Where the lanes' labels start, right of the lanes' last place."""

LANES = {
    EXITS["wow"]: (8.6, N_("WOW")),
    EXITS["standard"]: (6.2, N_("Standard")),
    EXITS["low"]: (3.8, N_("Low service")),
    GAVE_UP: (1.4, N_("Gave up")),
}
"""Each lane out: its height, and its label (English, read through ``_()``)."""

COLOURS = {
    LINE: "#1f4e9c",  # waiting: dark blue
    GREETED: "#8ec5ff",  # greeted while waiting: light blue
    DESK: "#1f4e9c",
    EXITS["wow"]: "#1a9641",  # green
    EXITS["standard"]: "#9a9a9a",  # grey
    EXITS["low"]: "#d7191c",  # red
    GAVE_UP: "#d7191c",
}
"""Colour of a customer by where they stand."""

SYMBOLS = {
    "new": "circle",
    "regular": "square",
    "loyal": "diamond",
    "advocate": "star",
    "won_back": "square",  # won-back customers stand with the regulars
}
"""Shape of a customer by loyalty phase."""

OUTLINE, RING = ("#1b1b1b", 1.5), ("#f2a900", 5.0)
"""Marker outline: plain, and the gold ring of a won-back customer."""

KEY_LABEL = N_("key")
"""Written above a key customer who is served first (priority for key customers)."""

MARKER_PX = 28
MARGIN = {"l": 8, "r": 8, "t": 26, "b": 8}
"""Margins of the plot in pixels (the headings stand in the top one)."""
FONT = {"family": "Arial, Helvetica, sans-serif", "size": 16, "color": "#111111"}

PHASE_WORDS = Labels(
    {
        "new": N_("New customer"),
        "regular": N_("Regular customer"),
        "loyal": N_("Loyal customer"),
        "advocate": N_("Advocate"),
        "won_back": N_("Won-back customer"),
    }
)
LEVEL_WORDS = Labels(
    {
        "low": N_("served, low service"),
        "standard": N_("served, standard service"),
        "wow": N_("served, WOW"),
    }
)


def desk_gap(desks: int) -> float:
    """Distance between two desks: the desks share the height of the drawing."""
    return (HEIGHT - 1.0) / desks


def desk_y(desk: int | np.ndarray, desks: int) -> float | np.ndarray:
    """Height of a desk."""
    return HEIGHT - 0.5 - (np.asarray(desk) + 0.5) * desk_gap(desks)


def marker_px(desks: int) -> int:
    """Marker size: large, smaller only when many desks share the height."""
    return int(min(MARKER_PX, max(14, 260 // desks)))


def place_xy(
    area: np.ndarray, slot: np.ndarray, desks: int
) -> tuple[np.ndarray, np.ndarray]:
    """Where a customer at each place stands (NaN where nobody is drawn).

    Parameters
    ----------
    area, slot
        Codes of :mod:`~simulations.present.replay.frames`, any shape.
    desks
        Desks drawn.
    """
    x = np.full(area.shape, np.nan)
    y = np.full(area.shape, np.nan)
    in_line = ((area == LINE) | (area == GREETED)) & (slot < LINE_ROW * LINE_ROWS)
    # The line snakes: the second row turns back under the first.
    row, place = np.divmod(slot, LINE_ROW)
    place = np.where(row % 2 == 1, LINE_ROW - 1 - place, place)
    x[in_line] = LINE_HEAD - LINE_STEP * place[in_line]
    y[in_line] = LINE_Y - ROW_GAP * row[in_line]
    at_desk = area == DESK
    x[at_desk] = DESK_X
    y[at_desk] = desk_y(slot[at_desk], desks)
    for lane, (height, _label) in LANES.items():
        out = area == lane
        x[out] = LANE_X + LANE_STEP * np.minimum(slot[out], LANE_PLACES - 1)
        y[out] = height
    return x, y


def colour_codes() -> list[str]:
    """The colours the player uses, by area code (index); white when hidden."""
    top = max(COLOURS)
    return [COLOURS.get(code, "#ffffff") for code in range(top + 1)]


def visit_styles(visits: pd.DataFrame) -> dict[str, list]:
    """Shape, ring, label and hover text of each visit, for the player."""
    from ..format import number

    # The words once, in the language in use; each visit picks its own.
    phases, levels = dict(PHASE_WORDS), dict(LEVEL_WORDS)
    key, before, first_served = (
        _(KEY_LABEL),
        _("won back before"),
        _("key customer served first"),
    )
    waited, gave_up = _("waited {minutes} min"), _("gave up waiting")
    symbols, rings, labels, hovers = [], [], [], []
    for row in visits.itertuples(index=False):
        phase = str(row.phase)
        first = bool(row.first)
        symbols.append(SYMBOLS[phase])
        rings.append(int(bool(row.won_back)))
        labels.append(key if first else "")
        words = [phases[phase]]
        if row.won_back and phase != "won_back":
            words.append(before)
        if first:
            words.append(first_served)
        verdict = levels[str(row.level)] if row.served else gave_up
        wait = waited.format(minutes=number(row.wait, 2))
        hovers.append(f"{', '.join(words)}<br>{wait}; {verdict}")
    return {"symbol": symbols, "ring": rings, "label": labels, "hover": hovers}


def base_figure(desks: int) -> go.Figure:
    """What does not move: the desks, the labels, the lanes; and empty traces.

    Trace 0 is the desks; the player fills in the others: 1 the customers,
    2 their labels, 3 the count of those in line beyond the rows drawn.
    """
    ys = desk_y(np.arange(desks), desks)
    desk_trace = go.Scatter(
        x=[DESK_X] * desks,
        y=list(ys),
        mode="markers",
        marker={
            "symbol": "square-open",
            "size": marker_px(desks) + 20,
            "color": "#444444",
            "line": {"width": 3},
        },
        hoverinfo="skip",
    )
    customers = go.Scatter(x=[], y=[], mode="markers", hoverinfo="text")
    labels = go.Scatter(x=[], y=[], mode="text", hoverinfo="skip")
    more = go.Scatter(
        x=[], y=[], mode="text", textfont=FONT | {"size": 18}, hoverinfo="skip"
    )
    fig = go.Figure([desk_trace, customers, labels, more])
    # Headings stand above the drawing, in its top margin, clear of any marker.
    # Every label starts at its point (anchored and aligned left): placing a
    # label by its measured width goes wrong when the page is zoomed, as a
    # slide show zooms its slides.
    notes = [
        (0.2, 5.0, _("Door →"), "middle"),
        (
            LINE_HEAD - 8 * LINE_STEP - 0.4,
            HEIGHT,
            _("Line (first in line on the right)"),
            "bottom",
        ),
        (DESK_X - 0.6, HEIGHT, _("Staff"), "bottom"),
        (LANE_X - 0.4, HEIGHT, _("On the way out"), "bottom"),
    ]
    notes += [(LABEL_X, h, _(label), "middle") for h, label in LANES.values()]
    for x, y, text, vertical in notes:
        fig.add_annotation(
            x=x,
            y=y,
            text=text,
            showarrow=False,
            font=FONT,
            xanchor="left",
            align="left",
            yanchor=vertical,
        )
    for height, _label in LANES.values():
        fig.add_shape(
            type="line",
            x0=LANE_X - 0.6,
            x1=WIDTH,
            y0=height - 0.75,
            y1=height - 0.75,
            line={"color": "#d0d0d0", "width": 1},
        )
    hidden = {"visible": False, "fixedrange": True}
    fig.update_layout(
        template="none",
        font=FONT,
        showlegend=False,
        autosize=True,  # as tall as its box on the page (replay.css)
        margin=MARGIN,
        xaxis=hidden | {"range": [0, WIDTH]},
        yaxis=hidden | {"range": [0, HEIGHT]},
        plot_bgcolor="#ffffff",
        paper_bgcolor="#ffffff",
        hoverlabel={"font": FONT},
        dragmode=False,
    )
    return fig
