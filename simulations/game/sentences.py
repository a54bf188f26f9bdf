"""The game's results in business sentences: debrief, "what if", choices.

Every number goes through :mod:`simulations.present.format`; an interval is
said in words ("between 110,000 and 214,000 RUB"), and an effect whose 95%
interval holds zero is called too close to call, not a gain or a loss.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

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
    "profit": "profit",
    "value_created": "value created",
    "customer_equity": "customer equity",
    "nps": "loyalty index",
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
    count = WORDS[n] if 0 <= n < len(WORDS) else number(n)
    return f"over {count} round{'s' if n != 1 else ''}"


def amount(kpi: str, x: float) -> str:
    """A size of a debrief number in its unit: money, or loyalty index points."""
    return money(x) if kpi in MONEY_KPIS else f"{number(x)} points"


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
        return "the same"
    low, high = mean - half, mean + half
    if math.isnan(half):  # one copy of the town: no range
        word = "higher" if mean > 0 else "lower"
        return f"{amount(kpi, abs(mean))} {word} (one copy of the town: no range)"
    if low * high <= 0:
        span = f"between {signed(kpi, low)} and {signed(kpi, high)}"
        return f"about the same: too close to call ({span})"
    word = "higher" if mean > 0 else "lower"
    near, far = sorted((abs(low), abs(high)))
    span = f"between {amount(kpi, near)} and {amount(kpi, far)} {word}"
    return f"{amount(kpi, abs(mean))} {word} ({span})"


def effect_words(kpi: str, mean: float, half: float, over: str) -> str:
    """What a choice added or cost, with its 95% interval, in words.

    Examples
    --------
    >>> effect_words("profit", 162000.0, 52000.0, "over three rounds")
    'It added 162,000\xa0RUB of profit over three rounds (between 110,000\xa0RUB and 214,000\xa0RUB).'
    >>> effect_words("profit", -5000.0, 9000.0, "over one round")
    'Its effect on profit over one round is too close to call (between -14,000\xa0RUB and +4,000\xa0RUB).'
    """  # noqa: E501 (one sentence)
    what = KPI_WORDS[kpi]
    low, high = mean - half, mean + half
    if mean == 0.0 and (half == 0.0 or math.isnan(half)):
        return f"It changed nothing in {what}."
    if math.isnan(half):  # one copy of the town: no range
        return (
            f"It changed {what} by {signed(kpi, mean)} {over} (one copy of the "
            "town only: no range can be given)."
        )
    if low * high <= 0:
        span = f"between {signed(kpi, low)} and {signed(kpi, high)}"
        return f"Its effect on {what} {over} is too close to call ({span})."
    verb = "added" if mean > 0 else "cost"
    near, far = sorted((abs(low), abs(high)))
    return (
        f"It {verb} {amount(kpi, abs(mean))} of {what} {over} "
        f"(between {amount(kpi, near)} and {amount(kpi, far)})."
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
            changed.append(f"{spec.label.lower()} to {now} (it was {was})")
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
            return f"{DIRECTIONS[part]}: you kept the starting levers; nothing changed."
        return f"{DIRECTIONS[part]}: you set {did}. {effect}"
    said = effect[0].lower() + effect[1:]
    if part == "interaction":
        return f"Your choices together, beyond the four directions one by one: {said}"
    if not any(what_they_did(d, plan, start) for d in DIRECTIONS):
        return "All your choices: you kept the starting business; nothing changed."
    return f"All your choices, against the starting business: {said}"


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
    return (
        f"Had {team} chosen {spec.label.lower()} {shown(spec, value)} (not "
        f"{shown(spec, was)}) in round {round_no}, its profit so far would be "
        f"{words[0]}, and its value created {words[1]}."
    )
