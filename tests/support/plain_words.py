"""What learners read is plain: no keys, paths, commands, code names or raw decimals.

One scanner for two places: :mod:`tests.test_plain_words` reads the text a
learner reads in files (the modules' Markdown and check-yourself questions,
the quizzes, the student exercises, the handouts, the glossary), and
:mod:`tests.support.clean_outputs` reads what the notebooks print when nbval
runs them. Both call :func:`problems`.

Each pattern names one kind of leak; :data:`ALLOWED` is the short list of
strings that look like one but are not.
"""

from __future__ import annotations

import re
from functools import cache

GROUPS = ("business", "service", "attraction", "retention", "winback", "customers")
"""Parameter groups whose dotted keys ('service.greet_waiting') must not show."""

PATTERNS: dict[str, re.Pattern[str]] = {
    "parameter key": re.compile(
        r"\b(?:" + "|".join(GROUPS) + r"|economics)\.[a-z][a-z_]*\*?"
    ),
    "file path": re.compile(
        r"(?<![\w/.])(?:[\w.-]+/)+[\w.-]+\.(?:ipynb|py|md|toml|csv|json|html|pdf|sh)\b"
        r"|\b(?:notebooks|exercises|simulations|scripts|docs|tests|slides)/"
    ),
    "command": re.compile(r"\bcfl\s+[a-z-]+|`cfl`|\bbash\s+scripts\b|\bpython\s+-m\b"),
    "code name": re.compile(
        r"\b[A-Za-z_]\w*\.[A-Za-z_]\w*\("  # a method call: Customer.judge(
        r"|\b[A-Za-z_]\w*\(\)"  # a call: describe()
        r"|\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b"  # a snake_case name: churn_rate
    ),
    "raw decimal": re.compile(r"(?<![\d.,])\d+\.\d{3,}(?![\d])"),
    "the word 'replication'": re.compile(r"\breplications?\b", re.IGNORECASE),
}
"""Kinds of leak. "Replication" is the statistician's word: the course says "run"."""

ALLOWED: tuple[str, ...] = (
    "Statisticians say *replication*",  # the glossary names the other word for "run"
)
"""Exact strings that match a pattern but are plain text for a learner."""

URL = re.compile(r"https?://\S+|\bdoi:\S+|\bSSRN \d+")
"""Links and identifiers of sources are addresses, not code: left out of the scan."""


def problems(text: str) -> list[str]:
    """Every leak in ``text``, as 'kind: ...context...' lines."""
    found = []
    clean = URL.sub(" ", text)
    for allowed in ALLOWED:
        clean = clean.replace(allowed, " ")
    for kind, pattern in PATTERNS.items():
        for match in pattern.finditer(clean):
            start = max(0, match.start() - 30)
            context = clean[start : match.end() + 30].replace("\n", " ")
            found.append(f"{kind} {match.group(0)!r} in ...{context}...")
    return found


# ---------------------------------------------------------------- terms
TERMS: dict[str, str] = {
    "run": r"\bruns?\b",
    "KPI": r"\bKPIs?\b",
    "confidence interval": r"\b(?:confidence )?intervals?\b",
    "paired difference": r"\bpaired\b",
    "common random numbers": r"\bcommon random numbers\b",
    "warm-up": r"\bwarm-up\b",
    "percentage point": r"\bpercentage points?\b|\bpp\b",
    "lever": r"\blevers?\b",
    "preset": r"\bpresets?\b",
    "baseline": r"\bbaseline\b",
    "verdict": r"\bverdicts?\b",
    "value created": r"\bvalue created\b",
    "customer equity": r"\bcustomer equity\b",
    "key customer": r"\bkey customers?\b",
    "Erlang C": r"\bErlang C\b",
    "Little's law": r"\bLittle's law\b",
    "occupancy": r"\boccupancy\b",
}
"""Terms of the course that a learner meets, and how to find them in text.

Each one used anywhere in learner text must have an entry in the glossary
(a line starting with ``**Term``)."""


@cache
def glossary_terms(text: str) -> frozenset[str]:
    """The terms the glossary defines: each bold heading, in lower case."""
    heads = re.findall(r"^\*\*([^*]+)\*\*", text, flags=re.MULTILINE)
    names = set()
    for head in heads:
        for part in re.split(r",| or |\(", head.rstrip(".")):
            names.add(part.strip().lower())
    return frozenset(n for n in names if n)
