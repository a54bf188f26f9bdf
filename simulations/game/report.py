"""A team's results of one round: its books, its customers, its service, its share.

:func:`round_report` gathers what a team learns after a round, as means
over the replications (copies of the town on other random numbers): its
profit and loss for the round, customers won, lost and won back, customers
by loyalty stage, waiting and service, the low / standard / WOW mix, its
share of the town's sales (in a shared town), and three sentences of what
happened and why, made from these numbers and the team's levers. The team's
page shows it, and :func:`report_html` makes a page to print.
"""

from __future__ import annotations

import html

import pandas as pd

from ..i18n import N_, _
from ..present.format import money, number, percent
from ..vocabulary import LEVELS
from .levers import GAME_LEVERS, LEVERS_BY_NAME, shown
from .session import GameHall

COSTS: dict[str, str] = {
    "discounts": N_("Member discounts"),
    "acquisition": N_("Advertising"),
    "referral_rewards": N_("Referral rewards"),
    "staff": N_("Staff"),
    "training": N_("Training"),
    "programme": N_("Loyalty programme (running cost)"),
    "winback": N_("Win-back contacts"),
}
"""The costs of a round, as the books name them, in words."""

STAGES: dict[str, str] = {
    "new": N_("New"),
    "regular": N_("Regular"),
    "loyal": N_("Loyal"),
    "advocate": N_("Advocates"),
    "won_back": N_("Won back"),
}
"""Customers by stage of the loyalty ladder, in words."""


def count(x: float) -> str:
    """A count of people or visits (a mean over the copies, rounded)."""
    return number(round(float(x)))


def wait_words(minutes: float) -> str:
    """A wait in minutes, or in seconds below a minute.

    Examples
    --------
    >>> wait_words(0.0888), wait_words(4.25)
    ('5 s', '4.2 min')
    """
    if minutes < 1.0:
        return _("{n} s").format(n=number(round(minutes * 60)))
    return _("{n} min").format(n=number(minutes, 2))


def _means(table: pd.DataFrame, team: int, round_no: int) -> pd.Series:
    """A team's numbers of a round, mean over the replications."""
    rows = table[(table["number"] == team) & (table["round"] == round_no)]
    return rows.mean(numeric_only=True)


def round_report(hall: GameHall, game: str, team: int, round_no: int) -> dict:
    """What ``team`` (0 is the first) learns about its round ``round_no``.

    Returns
    -------
    dict
        ``books`` (label, money), ``customers`` and ``service`` (label, text),
        ``share`` (or None), ``sentences`` (three), and the round's
        ``profit`` and the teams' ``profits`` (means, for the ranking).
    """
    table = hall.history(game)
    now = _means(table, team, round_no)
    before = _means(table, team, round_no - 1) if round_no > 1 else None
    books = [(_("Gross margin on sales"), now["round_gross_margin"])]
    books += [(_(label), -now[f"round_{item}"]) for item, label in COSTS.items()]
    books.append((_("Profit of the round"), now["round_profit"]))
    visits = now["visits_measured"] - (
        before["visits_measured"] if before is not None else 0
    )
    within = now["within_standard"] - (
        before["within_standard"] if before is not None else 0
    )
    waited = now["total_wait"] - (before["total_wait"] if before is not None else 0)
    arrivals = sum(now[f"round_{level}"] for level in LEVELS)
    mix = {
        level: now[f"round_{level}"] / arrivals if arrivals else 0.0 for level in LEVELS
    }
    customers = [
        (_("Sales (after discounts)"), money(now["round_revenue"])),
        (_("New customers won"), count(now["round_new_customers"])),
        (_("Customers lost"), count(now["round_lost"])),
        (_("Lost customers won back"), count(now["round_won_back"])),
        (_("Prospects put off by word of mouth"), count(now["round_deterred"])),
    ]
    shared = hall.shared(game)
    if shared:
        switched = count(now["round_switched_in"])
        customers.insert(2, (_("... of them from other businesses"), switched))
    customers += [
        (
            _("{stage} at the end of the round").format(stage=_(label)),
            count(now[f"customers_{phase}"]),
        )
        for phase, label in STAGES.items()
    ]
    service = [
        (_("Visits"), count(visits)),
        (_("Served within the standard"), percent(within / visits if visits else 0.0)),
        (_("Mean wait"), wait_words(waited / visits if visits else 0.0)),
        (_("Gave up in the queue"), count(now["round_abandoned"])),
        (
            _("Low / standard / WOW visits"),
            " / ".join(percent(mix[k], 0) for k in LEVELS),
        ),
    ]
    profits = {
        int(t): _means(table, int(t), round_no)["round_profit"]
        for t in sorted(table["number"].unique())
    }
    report = {
        "books": books,
        "customers": customers,
        "service": service,
        "share": now["market_share"] if shared else None,
        "profit": now["round_profit"],
        "profits": profits,
        "visits": visits,
        "within": within / visits if visits else 0.0,
        "mix": mix,
    }
    levers_now = hall.levers(game)[round_no][team]
    levers_before = (
        hall.levers(game)[round_no - 1][team]
        if round_no > 1
        else {s.name: hall.start(game).get(s.name) for s in GAME_LEVERS}
    )
    report["sentences"] = three_sentences(
        report, now, before, levers_now, levers_before, team
    )
    return report


def _changes(now: dict, before: dict, direction: str) -> list[str]:
    """The levers of one direction that changed, in words."""
    out = []
    for spec in GAME_LEVERS:
        if spec.direction == direction and now.get(spec.name) != before.get(spec.name):
            out.append(
                _("{lever} from {old} to {new}").format(
                    lever=_(spec.label).lower(),
                    old=shown(spec, before.get(spec.name)),
                    new=shown(spec, now.get(spec.name)),
                )
            )
    return out


def three_sentences(
    report: dict,
    now: pd.Series,
    before: pd.Series | None,
    levers_now: dict,
    levers_before: dict,
    team: int,
) -> list[str]:
    """What happened in the round and why, in three sentences.

    The profit and the team's place; customers won and lost, with the
    attraction and retention choices that changed; service, with the
    staffing and service choices that changed.
    """
    profits = report["profits"]
    place = 1 + sum(1 for t, p in profits.items() if p > profits[team] and t != team)
    average = sum(profits.values()) / len(profits)
    first = _("Your profit this round was {profit}").format(
        profit=money(report["profit"])
    )
    if before is not None:
        diff = report["profit"] - before["round_profit"]
        more = _(", {amount} more than the round before")
        less = _(", {amount} less than the round before")
        first += (more if diff >= 0 else less).format(amount=money(abs(diff)))
    first += _(
        "; the average team made {average}, and you were number {place} of {teams}."
    ).format(average=money(average), place=place, teams=len(profits))

    won, lost = now["round_new_customers"], now["round_lost"]
    moves = _changes(levers_now, levers_before, "attraction")
    moves += _changes(levers_now, levers_before, "retention")
    moves += _changes(levers_now, levers_before, "winback")
    second = _("You won {won} new customers and lost {lost}").format(
        won=count(won), lost=count(lost)
    )
    if round(now["round_won_back"]):
        back = count(now["round_won_back"])
        second += _(", and won {count} back").format(count=back)
    if report["share"] is not None:
        share = percent(report["share"])
        second += _("; your share of the town's sales was {share}").format(share=share)
    second += (
        _("; you changed {changes}").format(changes="; ".join(moves))
        if moves
        else _("; you kept your attraction, retention and win-back levers")
    )
    second += "."

    within, mix = report["within"], report["mix"]
    staff = shown(LEVERS_BY_NAME["business.staff"], levers_now["business.staff"])
    training = shown(
        LEVERS_BY_NAME["service.training_level"], levers_now["service.training_level"]
    )
    third = _(
        "{within} of visits were served within the standard, {wow} were WOW and "
        "{low} low, with {staff} staff trained at {training}"
    ).format(
        within=percent(within),
        wow=percent(mix["wow"]),
        low=percent(mix["low"]),
        staff=staff,
        training=training,
    )
    service_moves = _changes(levers_now, levers_before, "service")
    if service_moves:
        third += _(" after you changed {changes}").format(
            changes="; ".join(service_moves)
        )
    if within < 0.7:
        third += _(
            "; long waits made many visits low: more staff, or greeting those "
            "who wait, would help"
        )
    elif mix["low"] > 0.2:
        third += _("; many visits fell short of expectations: training helps")
    return [first, second, third + "."]


def report_html(hall: GameHall, game: str, team: int, round_no: int) -> str:
    """The round's report of a team as a page to print (self-contained HTML)."""
    from ..present.tables import STYLE

    report = round_report(hall, game, team, round_no)
    name = hall.store.teams(game)[team]["name"]

    def table(rows: list[tuple[str, str]]) -> str:
        body = "".join(
            f"<tr><td>{html.escape(a)}</td><td>{html.escape(b)}</td></tr>"
            for a, b in rows
        )
        return f"<table class='cfl-kpis'><tbody>{body}</tbody></table>"

    books = [(label, money(value)) for label, value in report["books"]]
    title = html.escape(_("{team}: round {round}").format(team=name, round=round_no))
    means = _(
        "Means over the copies of the town the game runs on other random numbers."
    )
    parts = [
        f"<h1>{title}</h1>",
        "".join(f"<p>{html.escape(s)}</p>" for s in report["sentences"]),
        "<h2>" + html.escape(_("Profit and loss of the round")) + "</h2>",
        table(books),
        "<h2>" + html.escape(_("Customers")) + "</h2>",
        table(report["customers"]),
        "<h2>" + html.escape(_("Service")) + "</h2>",
        table(report["service"]),
        f"<p>{html.escape(means)}</p>",
    ]
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'>"
        f"<title>{title}</title>"
        f"<style>{STYLE}</style></head><body>{''.join(parts)}</body></html>"
    )
