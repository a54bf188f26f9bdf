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


ALLOWED_LATIN = {
    # Kept in Latin script on Russian pages: metrics' abbreviations, the
    # simulator's service level "WOW", keys and names of products, firms and
    # publishers, as a Russian text would write them.
    "NPS", "CLV", "RFM", "CRM", "WOW", "KPI", "SERVQUAL", "B2B", "JupyterLab",
    "Jupyter", "Python", "Conda", "Shift", "Enter", "Starbucks", "Amazon",
    "Marriott", "IKEA", "Family", "Uber", "Netflix", "Slack", "Apple", "RBC",
    "McKinsey", "HORECA", "Investopedia", "Deloitte", "Invesp", "Nielsen", "OCM",
    "HBR", "SSRN", "Wiley", "doi", "LTV", "TARP", "LPgenerator", "Yupito",
    # Formats, tools and keys of the seminar kit's printing and slides.
    "Markdown", "PDF", "HTML", "Pandoc", "LaTeX", "Ctrl", "Cmd",
    # Names of models, data and libraries, as Russian texts write them.
    "BG", "NBD", "CDNOW", "SimPy", "SALib", "MIT",
}  # fmt: skip
"""Latin-script words a Russian page may hold (single letters are maths or keys)."""
LATIN_PHRASES = re.compile(
    r"Customer Focus Lab|Knowledge@Wharton|Wharton Digital Press|Bain & Company"
    r"|HBR\.org|Lexington Books|Ehrenberg-Bass Institute|Tueti Silva|et al\."
    r"|Qualtrics XM Institute"
)
"""Names of several words: the product, a publisher, a firm."""
CITATION = re.compile(
    r"\*\*?[^*\n]*\*\*?|«[^»]*»|“[^”]*”|(?:\b[A-Z]\.\s?)+(?:[A-Z][\w'’-]+)"
)
"""Titles (in italics, bold or quotes) and authors' initials and names."""


SKIP_TAGS = ("script", "style", "pre", "code", "svg", "math", "iframe", "template")
SKIP_CLASSES = frozenset({"cell_input", "math", "MathJax", "cfl-languages"})


def _skipped(name: str | None) -> bool:
    """Classes of code, maths and the language switch (not ``mathjax_ignore``)."""
    return bool(name) and (name in SKIP_CLASSES or name.startswith("highlight"))


def page_prose(html: str) -> str:
    """The prose of a website page, as a reader sees it: its main article.

    Left out: code, maths, scripts, styles, figures drawn as SVG, frames,
    the language switch (which names each language in itself), titles in
    italics without a Russian word, and addresses.
    """
    from bs4 import BeautifulSoup  # nbconvert's dependency

    soup = BeautifulSoup(html, "html.parser")
    main = soup.find("main") or soup
    for node in main.find_all(SKIP_TAGS):
        node.decompose()
    for node in main.find_all(class_=_skipped):
        node.decompose()
    # Titles of works as published (in italics) and addresses shown as links.
    for node in main.find_all(["em", "cite", "i", "a"]):
        words = node.get_text(" ").strip()
        if re.search("[а-яё]", words, re.I):
            continue
        if node.name != "a" or re.fullmatch(r"\S*[./]\S*", words):
            node.decompose()
    text = main.get_text(" ")
    return re.sub(r"\\\(.*?\\\)|\\\[.*?\\\]|\$\$.*?\$\$", " ", text, flags=re.S)


def _keep_if_russian(match: re.Match[str]) -> str:
    return match[0] if re.search("[а-яё]", match[0], re.I) else " "


def english_words(text: str) -> list[str]:
    """Latin-script words of Russian prose outside what it may hold."""
    text = LATIN_PHRASES.sub(" ", text)
    # A title or a name list stays as published, if it holds no Russian at all.
    text = CITATION.sub(
        lambda m: m[0] if re.search("[а-яё]", m[0], re.I) else " ", text
    )
    # Single letters are maths, labels of options or names ("Erlang C").
    return [w for w in latin_words(text, ALLOWED_LATIN) if len(w) > 1]


def latin_words(text: str, allowed: frozenset[str] = ALLOWED) -> list[str]:
    """The Latin-script words of ``text`` outside ``allowed``, in order.

    Examples
    --------
    >>> latin_words("Индекс NPS вырос; start the server с HOST=0.0.0.0")
    ['start', 'the', 'server']
    """
    text = _NOT_WORDS.sub(" ", text)
    return [w for w in re.findall(r"[A-Za-z]+", text) if w not in allowed]
