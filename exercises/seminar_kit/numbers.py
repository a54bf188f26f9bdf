"""The kit's numbers, written from the runs.

The seminar kit is Markdown for trainers. Where a text states a result of the
simulator or of a formula, that text sits between two markers::

    <!-- computed: team.example -->...<!-- end -->

and this module writes it afresh from the runs, so that no number in the kit
can drift from the model. The markers are HTML comments: a Markdown viewer
does not show them.

Write the numbers into the files::

    python -m exercises.seminar_kit.numbers

Check that the files say what the runs say (exit 1 and the names of the files
that differ)::

    python -m exercises.seminar_kit.numbers --check
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from . import capstone, games, guide

KIT = Path(__file__).resolve().parent

SPAN = re.compile(
    r"(<!-- computed: (?P<key>[\w.-]+) -->)(?P<body>.*?)(<!-- end -->)", re.DOTALL
)
"""A computed span: opening marker with its key, the text, closing marker."""

SOURCES: dict[str, Callable[[], dict[str, str]]] = {
    "capstone_answer_key.md": capstone.key_texts,
    "facilitator_guide.md": lambda: {**guide.guide_texts(), **games.games_texts()},
}
"""Kit file -> the function that computes the texts of its spans, by key."""


class MissingKeyError(KeyError):
    """A span whose key no computation provides."""


def fill(markdown: str, texts: dict[str, str]) -> str:
    """``markdown`` with every computed span's text replaced from ``texts``.

    Examples
    --------
    >>> fill("a <!-- computed: x -->old<!-- end --> b", {"x": "new"})
    'a <!-- computed: x -->new<!-- end --> b'
    >>> fill("- <!-- computed: x -->\\n  old\\n  <!-- end -->", {"x": "new"})
    '- <!-- computed: x -->\\n  new\\n  <!-- end -->'
    """

    def one(match: re.Match) -> str:
        key = match.group("key")
        if key not in texts:
            raise MissingKeyError(f"no computed text for the span {key!r}")
        old, new = match.group("body"), texts[key]
        # A span on lines of its own keeps them, so that its text stays a
        # paragraph of the page (a line opening with the marker would be HTML).
        lead = "" if new[:1].isspace() else re.match(r"\s*", old)[0]
        trail = "" if new[-1:].isspace() else re.search(r"\s*$", old)[0]
        return match.group(1) + lead + new + trail + match.group(4)

    return SPAN.sub(one, markdown)


def keys(markdown: str) -> list[str]:
    """The keys of the computed spans of a text, in order.

    Examples
    --------
    >>> keys("<!-- computed: a -->1<!-- end --> and <!-- computed: b.c -->2<!-- end -->")
    ['a', 'b.c']
    """
    return [m.group("key") for m in SPAN.finditer(markdown)]


def expected() -> dict[Path, str]:
    """Each kit file with computed spans, as the runs would write it."""
    out = {}
    for name, compute in SOURCES.items():
        path = KIT / name
        out[path] = fill(path.read_text(encoding="utf-8"), compute())
    return out


def outdated() -> list[str]:
    """Names of the kit files whose text differs from what the runs give."""
    return [
        path.name
        for path, text in expected().items()
        if path.read_text(encoding="utf-8") != text
    ]


def main(argv: Sequence[str] | None = None) -> int:
    """Write the kit's numbers, or with ``--check`` only compare them."""
    parser = argparse.ArgumentParser(
        prog="python -m exercises.seminar_kit.numbers", description=__doc__
    )
    parser.add_argument(
        "--check", action="store_true", help="only check; exit 1 if a file differs"
    )
    args = parser.parse_args(argv)
    if args.check:
        stale = outdated()
        for name in stale:
            print(f"{name}: its numbers differ from the runs")
        return 1 if stale else 0
    for path, text in expected().items():
        if path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            print(f"{path.name}: numbers written from the runs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
