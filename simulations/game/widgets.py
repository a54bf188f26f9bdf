"""Pieces both game pages show: the levers form, the leaderboard, a round's report.

Every value a person reads is in words or through
:mod:`simulations.present.format`; every value a person types is read by
:func:`~simulations.game.levers.parsed` and refused in a sentence, and a
refused value is never sent as another one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import solara

from ..i18n import N_, _, get_language
from ..parameters import ParameterError
from ..present.format import money, percent
from ..room.language import keep_language, speaks
from ..vocabulary import DIRECTIONS
from .charts import round_chart
from .config import estimate_costs
from .levers import GAME_LEVERS, field_label, parsed, shown, text_value
from .report import round_report
from .session import GameHall
from .tables import html_table, leaderboard_html
from .web import hall, plain, prose

EQUITY_NOTE = N_(
    "Profit is this game's money so far. Customer equity is what today's "
    "customers are expected to bring over their lifetime: it can jump in one "
    "round when customers become more loyal (they stay longer), not only when "
    "there are more of them. Value created adds the two, less what the "
    "customers were worth at the start. It counts wages only for the rounds "
    "played but the customers they keep for years, so it flatters extra staff. "
    "± is the interval (95%) over the copies of the town."
)


def html(text: str) -> None:
    """Show an HTML snippet made here (every value in it escaped)."""
    solara.HTML(tag="div", unsafe_innerHTML=text)


@solara.component
@speaks
def Leaderboard(game: str, seen: tuple) -> None:  # noqa: N802 (a component)
    """The leaderboard, as a table (re-read when ``seen`` changes)."""
    html(leaderboard_html(hall(), game))
    solara.Text(_(EQUITY_NOTE), style={"font-size": "0.85em", "color": "#555"})


@solara.component
@speaks
def LeverInput(  # noqa: N802 (a component)
    spec: Any,
    value: Any,
    on_value: Callable[[Any], None],
    on_error: Callable[[str, str], None],
) -> None:
    """One lever: a switch, a list of words, or a box that reads what is typed.

    A box's text is kept as typed until it is a value the lever allows; the
    refusal goes to ``on_error`` (name, sentence; "" when the text is fine).
    """
    number = spec.kind in ("int", "float")
    typed, set_typed = solara.use_state(text_value(spec, value) if number else "")
    if spec.kind == "bool":
        solara.Switch(label=_(spec.label), value=bool(value), on_value=on_value)
        return
    if spec.kind == "choice":
        words = [_(w) for w in spec.choices.values()]
        by_words = {_(w): k for k, w in spec.choices.items()}
        solara.Select(
            _(spec.label),
            words,
            _(spec.choices[value]) if value in spec.choices else words[0],
            lambda w: on_value(by_words[w]),
        )
        return

    @keep_language
    def read(text: str) -> None:
        set_typed(text)
        try:
            on_value(parsed(spec, text))
            on_error(spec.name, "")
        except ParameterError as err:
            on_error(spec.name, str(err))

    solara.InputText(field_label(spec), value=typed, on_value=read)


def choice_form(
    h: GameHall,
    game: str,
    config: dict,
    choice: dict,
    set_lever: Callable[[str, Any], None],
    errors: dict[str, str],
    set_error: Callable[[str, str], None],
    round_no: int,
) -> float | None:
    """The levers by Mann's direction and the estimated cost; the cost or None.

    The boxes start again from ``choice`` in each round.
    """
    with solara.Row(style={"flex-wrap": "wrap"}):
        for direction, label in DIRECTIONS.items():
            with solara.Card(_(label), style={"min-width": "260px"}):
                for spec in GAME_LEVERS:
                    if spec.direction == direction:
                        LeverInput(
                            spec,
                            choice.get(spec.name),
                            lambda v, n=spec.name: set_lever(n, v),
                            set_error,
                        ).key(f"{spec.name}-{round_no}")
    refused = [e for e in errors.values() if e]
    for sentence in refused:
        solara.Error(sentence)
    if refused:
        return None
    try:
        scenario = h.start(game).copy(**choice)
        costs = estimate_costs(scenario, config["start_state"], config["round_days"])
    except ValueError as err:
        solara.Error(str(err))
        return None
    total = sum(costs.values())
    lines = ", ".join(f"{_(k)} {money(v)}" for k, v in costs.items() if v)
    prose(
        _(
            "Estimated cost of this choice: **{total}** a round ({items}). "
            "Your budget: {budget} a round."
        ).format(
            total=plain(money(total)),
            items=plain(lines),
            budget=plain(money(config["budget"])),
        )
    )
    if total > config["budget"]:
        over = money(total - config["budget"])
        solara.Error(_("Over the budget by {amount}.").format(amount=over))
    return total


@solara.component
@speaks
def RoundReport(game: str, team: int, round_no: int, link: str) -> None:  # noqa: N802
    """A team's results of a round: three sentences, its books, customers, service."""
    report = round_report(hall(), game, team, round_no)
    title = _("Your round {number}").format(number=round_no)
    to_print = _("Open the report to print")
    prose(f"## {title}\n\n[{to_print}]({link})")
    for sentence in report["sentences"]:
        solara.Text(sentence, style={"display": "block", "margin": "4px 0"})
    books = [[label, money(value)] for label, value in report["books"]]
    with solara.Row(style={"flex-wrap": "wrap", "align-items": "flex-start"}):
        with solara.Column(style={"min-width": "300px"}):
            html(html_table([_("Profit and loss"), _("This round")], books))
        with solara.Column(style={"min-width": "300px"}):
            html(
                html_table([_("Customers"), ""], [list(r) for r in report["customers"]])
            )
        with solara.Column(style={"min-width": "300px"}):
            rows = [list(r) for r in report["service"]]
            if report["share"] is not None:
                share = percent(report["share"])
                rows.append([_("Your share of the town's sales"), share])
            html(html_table([_("Service"), ""], rows))


def event_notes(h: GameHall, game: str, round_no: int) -> None:
    """The events acting in a round, with their descriptions."""
    for at, event in h.events(game):
        if event.active(at, round_no):
            title = _(event.title)
            solara.Warning(f"{title}: {_(event.text)}" if event.text else title)


def levers_in_words(levers: dict) -> str:
    """A team's levers in one line of words."""
    return "; ".join(
        f"{_(s.label)}: {shown(s, levers.get(s.name))}" for s in GAME_LEVERS
    )


@solara.component
@speaks
def RoundChart(game: str, rounds: int) -> None:  # noqa: N802 (a component)
    """The teams' numbers round by round (``rounds``: rows of the game's history).

    Drawn again only when a round is added, a team is renamed or the language
    changes: the page is redrawn far more often (joins, decisions, the
    debrief's progress), and a new picture each time costs the server a figure
    and makes the page below it jump while the browser swaps the image.
    """
    h = hall()
    names = tuple(t["name"] for t in h.store.teams(game))
    key = [rounds, names, get_language()]
    figure = solara.use_memo(lambda: round_chart(h.history(game)), key)
    solara.FigureMatplotlib(figure, dependencies=key)
