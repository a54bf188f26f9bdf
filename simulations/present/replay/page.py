"""One self-contained HTML file that plays a day, or two days side by side.

plotly.js comes from the plotly Python package and is written into the file,
so the file opens anywhere, with no internet. The controls are a trainer's:
play and pause, the speed (one simulated minute every 0.1 to 2 seconds), a
jump to any hour, and a legend in plain words. Two scenarios play in step:
one clock drives both.

Every number on the page is written here in Python (through
:mod:`simulations.present.format`); the player (``player.js``) only shows, at
each minute, the places and the counts it is given.
"""

from __future__ import annotations

import html
import json
import math
import re
from collections.abc import Sequence
from functools import cache
from importlib import resources
from pathlib import Path

import numpy as np

from ...i18n import N_, Labels, _, get_language, ngettext
from ..format import kpi_value, number
from ..labels import scenario_label
from .figure import (
    HEIGHT,
    LINE_ROW,
    LINE_ROWS,
    MARGIN,
    MORE_XY,
    base_figure,
    colour_codes,
    desk_gap,
    marker_px,
    place_xy,
    visit_styles,
)
from .frames import COUNTERS, DayFrames

SPEEDS = (0.1, 2.0, 0.5)
"""Seconds a simulated minute lasts: slowest choice is 2, fastest 0.1; default."""

COUNTER_LABELS = Labels(
    {
        "waiting": N_("Waiting now"),
        "served": N_("Served"),
        "gave_up": N_("Gave up"),
        "within": N_("Served within the standard"),
        "longest": N_("Longest line today"),
        "low": N_("Low"),
        "standard": N_("Standard"),
        "wow": N_("WOW"),
    }
)
"""What each counter is called on the page, in the order shown."""

WORDS = Labels(
    {
        "play": N_("▶ Play"),
        "pause": N_("❚❚ Pause"),
        "clock": N_("Time since opening {time} of {total}"),
        "speed": N_("1 simulated minute every {seconds} s"),
    }
)
"""What the player writes on the page as it plays ({time}, {total}, {seconds}
are filled in by the player)."""

LEGEND = N_(
    "<b>Shapes</b>: {circle} new customer · {square} regular · {diamond} loyal · "
    "{star} advocate · {ring} gold ring: won back after leaving · <b>{key}</b> "
    "above: a key customer, served first.<br><b>Colours</b>: {waiting} waiting "
    "or being served · {greeted} greeted while waiting · on the way out: "
    "{wow} WOW · {standard} standard · {low} low service or gave up."
)
"""The legend in plain words; the braces become small pictures of the markers."""

TITLE = N_("Watch a day")
"""The page's title when nothing else is said."""


@cache
def plotly_js() -> str:
    """plotly.js as the plotly package ships it (read once)."""
    from plotly.offline import get_plotlyjs

    return get_plotlyjs()


def _asset(name: str) -> str:
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")


def _changes(values: Sequence[object]) -> list:
    """A series as [step, value, step, value...] at the steps where it changes."""
    out: list = []
    last = object()
    for step, value in enumerate(values):
        if value != last:
            out += [step, value]
            last = value
    return out


def counter_texts(frames: DayFrames) -> dict[str, list]:
    """Each counter as the page writes it, at the steps where it changes."""
    c = frames.counters
    texts = {name: [number(x) for x in c[name]] for name in COUNTERS}
    shares = np.where(
        c["finished"] > 0, c["within"] / c["finished"].clip(lower=1), math.nan
    )
    texts["within"] = [kpi_value("service_level", x) for x in shares]
    shown = {name: _changes(texts[name]) for name in COUNTER_LABELS}
    drawn, more = LINE_ROW * LINE_ROWS, _("+{count} more")
    shown["more"] = _changes(
        [more.format(count=n - drawn) if n > drawn else "" for n in c["waiting"]]
    )
    return shown


def moves(frames: DayFrames) -> list[list]:
    """Each visit's moves: [step, x, y, colour code, ...] where its place changes.

    A visit out of view has x = y = colour = -1.
    """
    x, y = place_xy(frames.area, frames.slot, frames.desks)
    out = []
    for i in range(frames.area.shape[1]):
        column = []
        last = None
        for step in range(frames.steps):
            if math.isnan(x[step, i]):
                here = (-1, -1, -1)
            else:
                here = (
                    round(x[step, i], 2),
                    round(y[step, i], 2),
                    int(frames.area[step, i]),
                )
            if here != last:
                column += [step, *here]
                last = here
        out.append(column)
    return out


def panel_data(frames: DayFrames) -> dict:
    """What the player needs to draw one desk for a day."""
    figure = json.loads(base_figure(frames.desks).to_json())
    return {
        "figure": figure,
        "steps": frames.steps,
        "marker": marker_px(frames.desks),
        "deskGap": desk_gap(frames.desks),
        "moves": moves(frames),
        "styles": visit_styles(frames.visits),
        "counters": counter_texts(frames),
    }


def title_of(frames: DayFrames) -> tuple[str, str]:
    """The heading of a panel, and what it shows: the day and the staff."""
    what = ngettext(
        "day {day}, {staff} member of staff on duty",
        "day {day}, {staff} staff on duty",
        frames.desks,
    )
    # A shipped scenario's name as the lab shows it (the frames keep the key).
    return scenario_label(frames.name), what.format(
        day=frames.number, staff=frames.desks
    )


def _swatch(kind: str) -> str:
    """A small picture of a marker for the legend (inline SVG)."""
    from .figure import COLOURS, EXITS, GREETED, LINE

    fill = {
        "waiting": COLOURS[LINE],
        "greeted": COLOURS[GREETED],
        "wow": COLOURS[EXITS["wow"]],
        "standard": COLOURS[EXITS["standard"]],
        "low": COLOURS[EXITS["low"]],
    }.get(kind, "#ffffff")
    shapes = {
        "circle": "<circle cx='11' cy='11' r='8'/>",
        "square": "<rect x='3' y='3' width='16' height='16'/>",
        "diamond": "<polygon points='11,1 21,11 11,21 1,11'/>",
        "star": "<polygon points='11,1 14,8 21,8 15.5,13 17.5,21 11,16.5 4.5,21 "
        "6.5,13 1,8 8,8'/>",
        "ring": "<circle cx='11' cy='11' r='7' stroke='#f2a900' stroke-width='4'/>",
    }
    body = shapes.get(kind, shapes["circle"])
    return (
        "<svg class='cfl-swatch' width='22' height='22' viewBox='0 0 22 22' "
        f"fill='{fill}' stroke='#1b1b1b' stroke-width='1.5' aria-hidden='true'>"
        f"{body}</svg>"
    )


def legend_html() -> str:
    """The legend: shapes and colours in plain words."""
    from .figure import KEY_LABEL

    legend = _(LEGEND)
    names = set(re.findall(r"\{(\w+)\}", legend)) - {"key"}
    return legend.format(
        key=html.escape(_(KEY_LABEL)), **{k: _swatch(k) for k in names}
    )


def _hours(minutes: float) -> str:
    options = [
        "<option value='' disabled selected>{}</option>".format(_("an hour…")),
        "<option value='0'>{}</option>".format(_("the opening")),
    ]
    for hour in range(1, int(minutes // 60) + 1):
        if hour * 60 <= minutes:
            words = ngettext(
                "{hours} hour after opening", "{hours} hours after opening", hour
            ).format(hours=hour)
            options.append(f"<option value='{hour * 60}'>{html.escape(words)}</option>")
    return "".join(options)


def _panel_html(index: int, frames: DayFrames) -> str:
    name, what = (html.escape(part) for part in title_of(frames))
    counters = "".join(
        f"<span class='cfl-counter cfl-c-{name}'>{html.escape(label)} "
        f"<b data-counter='{name}'></b></span>"
        for name, label in COUNTER_LABELS.items()
    )
    return (
        f"<section class='cfl-panel' data-panel='{index}'>"
        f"<h3>{name} <span class='cfl-what'>· {what}</span></h3>"
        f"<div class='cfl-counters'>{counters}</div>"
        f"<div class='cfl-plot' role='img' aria-label='{name}, {what}'></div>"
        "</section>"
    )


def replay_html(panels: Sequence[DayFrames], title: str | None = None) -> str:
    """The whole page: plotly.js, the controls, one panel per day, the legend.

    Parameters
    ----------
    panels
        One or two days (two play in step, one above the other).
    title
        The page's heading and title (None: "Watch a day" in the language in
        use; "": no heading, for a page that has one).

    The page is written in the language in use (:func:`simulations.set_language`).
    """
    page_title = _(TITLE) if title is None else title
    if not 1 <= len(panels) <= 2:
        raise ValueError(f"panels: {len(panels)} given; a replay shows 1 or 2")
    minutes = max(p.minutes for p in panels)
    low, high, default = SPEEDS
    data = {
        "minutes": minutes,
        "steps": max(p.steps for p in panels),
        "colours": colour_codes(),
        "more": MORE_XY,
        "height": HEIGHT,
        "margin": MARGIN["t"] + MARGIN["b"],
        "words": dict(WORDS) | {"decimal": number(0.5)[1]},
        "panels": [panel_data(p) for p in panels],
    }
    payload = json.dumps(data, separators=(",", ":")).replace("</", "<\\/")
    jump, speed = html.escape(_("Jump to")), html.escape(_("Speed"))
    minute = html.escape(_("Minute of the day"), quote=True)
    controls = (
        "<div class='cfl-controls'>"
        f"<button type='button' class='cfl-play'>{WORDS['play']}</button>"
        "<span class='cfl-clock' aria-live='off'></span>"
        f"<label>{jump} <select class='cfl-hour'>{_hours(minutes)}</select></label>"
        f"<label>{speed} <input class='cfl-speed' type='range' min='{low}' "
        f"max='{high}' step='0.1' value='{default}'> <span class='cfl-speed-text'>"
        "</span></label>"
        f"<input class='cfl-time' type='range' min='0' max='{data['steps'] - 1}' "
        f"step='1' value='0' aria-label='{minute}'>"
        "</div>"
    )
    body = (
        "<div class='cfl-replay' data-step='0'>"
        + (f"<h2>{html.escape(page_title)}</h2>" if page_title else "")
        + controls
        + "".join(_panel_html(i, p) for i, p in enumerate(panels))
        + f"<p class='cfl-legend'>{legend_html()}</p></div>"
    )
    return (
        f"<!DOCTYPE html><html lang='{get_language()}'><head><meta charset='utf-8'>"
        f"<title>{html.escape(page_title or _(TITLE))}</title>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<style>{_asset('replay.css')}</style>"
        f"<script>{plotly_js()}</script></head><body>{body}"
        f"<script type='application/json' id='cfl-replay-data'>{payload}</script>"
        f"<script>{_asset('player.js')}</script></body></html>"
    )


def frame_height(panels: int) -> int:
    """Pixels an embedded replay needs (controls, panels, legend), at first.

    The player then fits the frame to the replay where the host page allows.
    """
    return 260 + 500 * panels


def embedded(page: str, panels: int) -> str:
    """The page in an ``<iframe>`` (for notebooks, the site, slides and the lab).

    The replay keeps its own document: the host page's styles and scripts
    cannot change it, and plotly.js loads once inside it.
    """
    # Brackets escaped too: a reader of the host page that strips tags with a
    # pattern (as the course's output checks do) sees one tag, not the page
    # inside. (A few megabytes: four replacements beat html.escape's five.)
    quoted = (
        page.replace("&", "&amp;")
        .replace('"', "&quot;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
    )
    title = html.escape(_(TITLE), quote=True)
    return (
        f"<iframe class='cfl-replay-frame' srcdoc=\"{quoted}\" "
        f"style='width:100%;height:{frame_height(panels)}px;border:0' "
        f"title='{title}'></iframe>"
    )


class Replay:
    """A finished replay: the HTML page, shown in a notebook, saved to a file."""

    def __init__(self, panels: Sequence[DayFrames], title: str | None = None) -> None:
        self.panels = list(panels)
        self.html = replay_html(self.panels, title)

    def _repr_html_(self) -> str:
        return embedded(self.html, len(self.panels))

    def __repr__(self) -> str:
        names = " and ".join(p.name for p in self.panels)
        return f"Watch a day: {names}, day {self.panels[0].number}"

    def save(self, path: str | Path) -> Path:
        """Write the page to ``path`` (one file that opens anywhere)."""
        path = Path(path)
        path.write_text(self.html, encoding="utf-8")
        return path
