"""The lab's own texts in the language in use.

The page's heading, messages with plain labels for dotted parameter names,
and the lab's methods run in the lab's language (a page may speak Russian
while another speaks English in the same server).
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Callable, Iterable
from typing import Any

from ..i18n import N_, _, language
from ..present.labels import label
from ..present.units import upper_first

TITLE = N_("Policy lab")
"""The page's heading."""

PURPOSE = N_(
    "Try a policy before you pay for it. The scenario is compared with today's "
    "business on the same simulated customers; each figure comes with a "
    "confidence interval and a plain verdict."
)
"""What the page is for, under its heading."""


_DOTTED = re.compile(
    r"\b(?:business|attraction|service|retention|winback|customers|economics)"
    r"\.[a-z_]+\b"
)


def plain_names(text: str) -> str:
    """``text`` with every dotted parameter name replaced by its plain label.

    For a message shown on a page (the same message names the dotted key on
    the command line, where it is what one types).

    Examples
    --------
    >>> plain_names("business.staff = 0 is not allowed")
    'Staff serving at once = 0 is not allowed'
    """

    def plain(m: re.Match) -> str:
        name = label(m.group(0))
        return upper_first(name) if m.start() == 0 else name

    return _DOTTED.sub(plain, text)


def title_html() -> str:
    """The page's heading and what it is for, in the language in use."""
    return (
        f"<h2>{html.escape(_(TITLE))}</h2>"
        f"<div class='cfl-muted'>{html.escape(_(PURPOSE))}</div>"
    )


def in_its_language(method: Callable[..., Any]) -> Callable[..., Any]:
    """``method`` of a lab, run in that lab's ``language`` (the page's callbacks
    are already; this covers calls from notebooks and tests)."""

    @functools.wraps(method)
    def call(self: Any, *args: Any, **kwargs: Any) -> Any:
        with language(self.language):
            return method(self, *args, **kwargs)

    return call


def speak_own_language(cls: type, names: Iterable[str]) -> None:
    """Wrap each method ``names`` of ``cls`` with :func:`in_its_language`."""
    for name in names:
        setattr(cls, name, in_its_language(getattr(cls, name)))
