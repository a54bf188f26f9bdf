"""What a verdict cannot see: sentences shown beside it when they apply.

*Value created* adds the customers' worth at the end of the run to the
run's profit. That worth is their future *margin* (see
:func:`simulations.results.customer_equity`); the wages that keep serving
them after the run are not in it. A change of staff or training therefore
shows more value created than the business will see: the better service is
counted for as long as the customers stay, its cost only for the simulated
days. The verdicts say so whenever the two scenarios' staff and training
costs differ.
"""

from __future__ import annotations

import html

from ..i18n import _
from ..model.ledger import daily_service_cost
from ..parameters import Scenario
from ..vocabulary import MONTH_DAYS
from .format import money


def running_cost_note(baseline: Scenario, scenario: Scenario) -> str:
    """A sentence on staff and training costs that value created leaves out.

    Parameters
    ----------
    baseline, scenario
        The two scenarios compared.

    Returns
    -------
    str
        Empty when the two spend the same on staff and training a day.

    Examples
    --------
    >>> from simulations import Scenario
    >>> base = Scenario()
    >>> running_cost_note(base, base)
    ''
    >>> more = Scenario().set(**{"business.staff": base.business.staff + 1})
    >>> running_cost_note(base, more).startswith("This change costs")
    True
    """
    gap = MONTH_DAYS * (
        sum(daily_service_cost(scenario)) - sum(daily_service_cost(baseline))
    )
    if abs(gap) < 0.5:
        return ""
    amount = money(abs(gap), scenario.economics.currency)
    if gap > 0:
        return _(
            "This change costs {amount} a month more in staff and training. "
            "Value created counts what the customers it keeps will bring after "
            "the simulated days, but not what staff and training will cost then, "
            "so it flatters the change: weigh it against profit a month."
        ).format(amount=amount)
    return _(
        "This change saves {amount} a month in staff and training. Value created "
        "counts what the customers will bring after the simulated days, but not "
        "the saving that goes on, so it understates the change: weigh it against "
        "profit a month."
    ).format(amount=amount)


def running_cost_html(baseline: Scenario, scenario: Scenario) -> str:
    """:func:`running_cost_note` as a paragraph (empty when there is none)."""
    note = running_cost_note(baseline, scenario)
    return f"<p class='cfl-caveat'>{html.escape(note)}</p>" if note else ""
