"""The game's results in business sentences: debrief, "what if", choices.

Every number goes through :mod:`simulations.present.format`; an interval is
said in words ("between 110,000 and 214,000 RUB"), and an effect whose 95%
interval holds zero is called too close to call, not a gain or a loss.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from ..i18n import N_, SOURCE, _, get_language, ngettext
from ..present.format import money, number
from ..vocabulary import DIRECTIONS
from .levers import GAME_LEVERS, LEVERS_BY_NAME, shown

WORDS = (
    "no",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
)

KPI_WORDS: dict[str, str] = {
    "profit": N_("profit"),
    "value_created": N_("value created"),
    "customer_equity": N_("customer equity"),
    "nps": N_("loyalty index"),
}
"""The debrief's numbers in words."""

MONEY_KPIS = ("profit", "value_created", "customer_equity")


def rounds_words(n: int) -> str:
    """``"over three rounds"``, ``"over one round"``.

    Examples
    --------
    >>> rounds_words(1), rounds_words(3)
    ('over one round', 'over three rounds')
    """
    english = get_language() == SOURCE and 0 <= n < len(WORDS)
    count = WORDS[n] if english else number(n)  # numbers in words: English only
    return ngettext("over {count} round", "over {count} rounds", n).format(count=count)


def amount(kpi: str, x: float) -> str:
    """A size of a debrief number in its unit: money, or loyalty index points."""
    if kpi in MONEY_KPIS:
        return money(x)
    return ngettext("{n} point", "{n} points", round(x)).format(n=number(x))


def signed(kpi: str, x: float) -> str:
    """A signed change: ``+12,000 RUB``, ``-3 points``."""
    sign = "+" if x > 0 else "-" if x < 0 else ""
    return sign + amount(kpi, abs(x))


def change_words(kpi: str, mean: float, half: float) -> str:
    """How much higher or lower, with the 95% interval, in words.

    Examples
    --------
    >>> change_words("profit", -18000.0, 9000.0)
    '18,000\xa0RUB lower (between 9,000\xa0RUB and 27,000\xa0RUB lower)'
    >>> change_words("nps", 2.0, 5.0)
    'about the same: too close to call (between -3 points and +7 points)'
    """
    if mean == 0.0 and (not half or math.isnan(half)):
        return _("the same")
    low, high = mean - half, mean + half
    size = amount(kpi, abs(mean))
    if math.isnan(half):  # one copy of the town: no range
        if mean > 0:
            return _("{size} higher (one copy of the town: no range)").format(size=size)
        return _("{size} lower (one copy of the town: no range)").format(size=size)
    if low * high <= 0:
        span = _("between {low} and {high}").format(
            low=signed(kpi, low), high=signed(kpi, high)
        )
        return _("about the same: too close to call ({span})").format(span=span)
    near, far = sorted((abs(low), abs(high)))
    near, far = amount(kpi, near), amount(kpi, far)
    if mean > 0:
        text = _("{size} higher (between {near} and {far} higher)")
    else:
        text = _("{size} lower (between {near} and {far} lower)")
    return text.format(size=size, near=near, far=far)


def effect_words(kpi: str, mean: float, half: float, over: str) -> str:
    """What a choice added or cost, with its 95% interval, in words.

    Examples
    --------
    >>> effect_words("profit", 162000.0, 52000.0, "over three rounds")
    'It added 162,000\xa0RUB of profit over three rounds (between 110,000\xa0RUB and 214,000\xa0RUB).'
    >>> effect_words("profit", -5000.0, 9000.0, "over one round")
    'Its effect on profit over one round is too close to call (between -14,000\xa0RUB and +4,000\xa0RUB).'
    """  # noqa: E501 (one sentence)
    what = _(KPI_WORDS[kpi])
    low, high = mean - half, mean + half
    if mean == 0.0 and (half == 0.0 or math.isnan(half)):
        return _("It changed nothing in {what}.").format(what=what)
    if math.isnan(half):  # one copy of the town: no range
        return _(
            "It changed {what} by {change} {over} (one copy of the town only: "
            "no range can be given)."
        ).format(what=what, change=signed(kpi, mean), over=over)
    if low * high <= 0:
        span = _("between {low} and {high}").format(
            low=signed(kpi, low), high=signed(kpi, high)
        )
        return _("Its effect on {what} {over} is too close to call ({span}).").format(
            what=what, over=over, span=span
        )
    near, far = sorted((abs(low), abs(high)))
    if mean > 0:
        text = _("It added {size} of {what} {over} (between {near} and {far}).")
    else:
        text = _("It cost {size} of {what} {over} (between {near} and {far}).")
    return text.format(
        size=amount(kpi, abs(mean)),
        what=what,
        over=over,
        near=amount(kpi, near),
        far=amount(kpi, far),
    )


def what_they_did(direction: str, plan: list[dict], start: Mapping[str, Any]) -> str:
    """What a team did in one of Mann's directions, in words ("" if nothing).

    Each lever that differs from the starting business in some round, with
    its value in the last round it differed.
    """
    changed = []
    for spec in GAME_LEVERS:
        if spec.direction != direction:
            continue
        moved = [s[spec.name] for s in plan if s.get(spec.name) != start.get(spec.name)]
        if moved:
            was = shown(spec, start.get(spec.name))
            now = shown(spec, moved[-1])
            changed.append(
                _("{lever} to {now} (it was {was})").format(
                    lever=_(spec.label).lower(), now=now, was=was
                )
            )
    return "; ".join(changed)


def debrief_sentence(row: Mapping[str, Any], plan: list[dict], start: dict) -> str:
    """The debrief of one team and one part: what it did, what it gained or cost.

    ``row`` is a row of :func:`~simulations.game.debrief.debrief`; ``plan``
    the team's levers round by round; ``start`` the starting levers.

    Examples
    --------
    >>> row = {"part": "service", "profit": 162000.0, "profit_half_width": 52000.0}
    >>> debrief_sentence(row, [{"business.staff": 4}], {"business.staff": 3})
    'Working with the client: you set staff to 4 (it was 3). It added 162,000\xa0RUB of profit over one round (between 110,000\xa0RUB and 214,000\xa0RUB).'
    """  # noqa: E501 (one sentence)
    part = row["part"]
    effect = effect_words(
        "profit", row["profit"], row["profit_half_width"], rounds_words(len(plan))
    )
    if part in DIRECTIONS:
        did = what_they_did(part, plan, start)
        if not did:
            return _(
                "{direction}: you kept the starting levers; nothing changed."
            ).format(direction=DIRECTIONS[part])
        return _("{direction}: you set {did}. {effect}").format(
            direction=DIRECTIONS[part], did=did, effect=effect
        )
    said = effect[0].lower() + effect[1:]
    if part == "interaction":
        return _(
            "Your choices together, beyond the four directions one by one: {effect}"
        ).format(effect=said)
    if not any(what_they_did(d, plan, start) for d in DIRECTIONS):
        return _("All your choices: you kept the starting business; nothing changed.")
    return _("All your choices, against the starting business: {effect}").format(
        effect=said
    )


def what_if_sentence(
    team: str, lever: str, value: Any, round_no: int, was: Any, table: Any
) -> str:
    """The answer to "what if" in one sentence (``table``: :func:`what_if`'s).

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"difference": [-18000.0, -25000.0],
    ...                   "half_width": [9000.0, 40000.0]},
    ...                  index=["profit", "value_created"])
    >>> what_if_sentence("Red", "business.staff", 3, 2, 4, t)
    'Had Red chosen staff 3 (not 4) in round 2, its profit so far would be 18,000\xa0RUB lower (between 9,000\xa0RUB and 27,000\xa0RUB lower), and its value created about the same: too close to call (between -65,000\xa0RUB and +15,000\xa0RUB).'
    """  # noqa: E501 (one sentence)
    spec = LEVERS_BY_NAME[lever]
    words = [
        change_words(kpi, table.loc[kpi, "difference"], table.loc[kpi, "half_width"])
        for kpi in ("profit", "value_created")
    ]
    return _(
        "Had {team} chosen {lever} {value} (not {was}) in round {round}, its profit "
        "so far would be {profit}, and its value created {value_created}."
    ).format(
        team=team,
        lever=_(spec.label).lower(),
        value=shown(spec, value),
        was=shown(spec, was),
        round=round_no,
        profit=words[0],
        value_created=words[1],
    )
