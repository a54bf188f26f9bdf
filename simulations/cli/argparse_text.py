"""The words argparse itself prints ("usage:", "options"...), in the language in use.

argparse marks its messages for gettext but ships no catalog; :func:`speak`
points its gettext at ours, and :data:`WORDS` lists the messages ``cfl`` can
show, so that ``bash scripts/translate`` collects them into our catalogs. A
message not in a catalog stays as argparse wrote it.
"""

from __future__ import annotations

import argparse

from ..i18n import N_, gettext, ngettext

WORDS: tuple[str, ...] = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("the following arguments are required: %s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("unrecognized arguments: %s"),
    N_("expected one argument"),
    N_("invalid %(type)s value: %(value)r"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("not allowed with argument %s"),
    N_("one of the arguments %s is required"),
    N_("expected at least one argument"),
    N_("expected at most one argument"),
    N_("ignored explicit argument %r"),
)
"""argparse's messages that ``cfl`` can print (Python 3.11 to 3.13)."""


def speak() -> None:
    """Make argparse print its own words through our catalogs.

    argparse looks its ``_`` and ``ngettext`` up at each message; for a message
    that is not in a catalog, ours give it back unchanged, as argparse's would.
    """
    argparse._ = gettext  # type: ignore[attr-defined]
    argparse.ngettext = ngettext  # type: ignore[attr-defined]
