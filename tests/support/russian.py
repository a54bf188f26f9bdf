"""What a Russian page may hold in Latin script: the allowed words, and a scan.

The course's rule: no English words on Russian pages except NPS, CLV, RFM,
CRM and product names. The source articles' own name for the highest
service level, WOW, stays as they write it. Addresses and settings as one
types them (``http://…``, ``HOST=0.0.0.0``) are not words.
"""

from __future__ import annotations

import re

ALLOWED = frozenset({"NPS", "CLV", "RFM", "CRM", "WOW", "Customer", "Focus", "Lab"})
"""Latin-script words a Russian page may show (metrics, WOW, product names)."""

_NOT_WORDS = re.compile(
    r"\b[a-z]+://\S+"  # an address
    r"|\b\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?\S*"  # an IP address and its path
    r"|\b[A-Z][A-Z_]*=\S+"  # a setting as typed: HOST=0.0.0.0
)


def latin_words(text: str, allowed: frozenset[str] = ALLOWED) -> list[str]:
    """The Latin-script words of ``text`` outside ``allowed``, in order.

    Examples
    --------
    >>> latin_words("Индекс NPS вырос; start the server с HOST=0.0.0.0")
    ['start', 'the', 'server']
    """
    text = _NOT_WORDS.sub(" ", text)
    return [w for w in re.findall(r"[A-Za-z]+", text) if w not in allowed]
