"""The options of the choice tasks that several modules share.

A student types an option as it is (English words, like a key); feedback
shows it with a gloss in the language in use.
"""

from __future__ import annotations

from simulations.i18n import NP_

from ..feedback import shown_option

PAYS = (NP_("option", "yes"), NP_("option", "no"), NP_("option", "unclear"))
"""Options of the 'does it pay?' tasks (typed as they are; shown with a gloss)."""


def _pays_words() -> dict[str, str]:
    """The options of :data:`PAYS` as a hint quotes them, in the language in use."""
    return {option: shown_option(option) for option in PAYS}


VERDICTS = (
    NP_("option", "better"),
    NP_("option", "worse"),
    NP_("option", "no clear difference"),
)
"""Options of the verdict tasks (typed as they are; shown with a gloss)."""
