"""The trainer's guides speak in the lab's plain labels; keys are only typed.

The seminar kit's guides (``exercises/seminar_kit/*.md``) are for trainers, so
they show ``cfl`` commands, and a command names a lever by its dotted key
(``service.greet_waiting``). Everywhere else a guide names it as the policy lab
does ("greeting waiting customers"). Outside fenced code a key may stand only

* inside a command span (```cfl ...``` or ```--set ...```), or
* beside its own label, as a row of a table (``| label | `key` |``) or as
  ``label = `key```, so that a trainer can go from the lab to a command.

Python names of the package (``plots.phase_mix``) stay in code blocks. In each
other language, the guide names a lever with the words of the lab in that
language (the software's catalog), and adds no key the English lacks. The
handouts, which learners read, are held to the stricter rules of
:mod:`tests.test_plain_words`.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from simulations.i18n import language
from simulations.parameters import GROUPS
from simulations.present.labels import LABELS, label

ROOT = Path(__file__).resolve().parents[1]
KIT = ROOT / "exercises" / "seminar_kit"
GUIDES = sorted(KIT.glob("*.md"))
sys.path.insert(0, str(ROOT / "site_src" / "_ext"))

import cfl_languages  # noqa: E402

KEY = re.compile(r"(?<![\w.])(?:" + "|".join(GROUPS) + r")\.[a-z][a-z_]*\b")
"""A dotted parameter key."""

CODE_NAME = re.compile(r"(?<![\w.])(?:plots|analytic|simulations)\.\w+")
"""A function or module of the package, named in prose."""

FENCE = re.compile(r"^[ \t]*```\w*\n.*?^[ \t]*```", re.MULTILINE | re.DOTALL)
COMMAND = re.compile(r"`(?:cfl |--)[^`\n]*`")
"""An inline command (or part of one) that a trainer types."""


def _forms(text: str) -> list[str]:
    """A label as people may write it: in full, or without its hint in brackets."""
    return [text.lower(), text.split(" (")[0].lower()]


def key_leaks(markdown: str, label_of=label) -> list[str]:
    """Keys and Python names in the prose of ``markdown`` that no rule allows.

    ``label_of`` gives a key's label in the text's language.

    Examples
    --------
    >>> key_leaks("Switch `service.greet_waiting` on.")
    ['service.greet_waiting']
    >>> key_leaks("Type `cfl sweep x --lever business.staff=2,3`.")
    []
    >>> key_leaks("| Staff serving at once | `business.staff` |")
    []
    >>> key_leaks("*staff training* = `service.training_level`")
    []
    >>> key_leaks("*staff serving at once* = `service.training_level`")
    ['service.training_level']
    >>> key_leaks("`plots.pareto_curve` draws both.")
    ['plots.pareto_curve']
    """
    prose = COMMAND.sub(" ", FENCE.sub(" ", markdown)).replace("*", "")
    text = " ".join(prose.split()).lower()
    for key in set(KEY.findall(text)):
        for form in _forms(label_of(key)):
            for allowed in (f"| {form} | `{key}` |", f"{form} = `{key}`"):
                text = text.replace(allowed, " ")
    return KEY.findall(text) + CODE_NAME.findall(text)


@pytest.mark.parametrize("path", GUIDES, ids=lambda p: p.name)
def test_a_guides_prose_names_levers_by_their_labels(path: Path) -> None:
    found = key_leaks(path.read_text(encoding="utf-8"))
    assert not found, (
        f"{path.name}: {found[:10]} in the prose; name a lever by its label "
        "(simulations.present.labels), a figure by what it shows, and keep keys "
        "in commands"
    )


def test_every_key_a_command_of_the_guide_types_has_its_label_in_the_table() -> None:
    markdown = (KIT / "facilitator_guide.md").read_text(encoding="utf-8")
    commands = " ".join(
        [m[0] for m in FENCE.finditer(markdown) if m[0].lstrip().startswith("```bash")]
        + COMMAND.findall(FENCE.sub(" ", markdown))
    )
    rows = re.findall(r"^\| ([^|]+) \| `([\w.]+)` \|$", markdown, re.MULTILINE)
    table = {key for text, key in rows if text.lower() == label(key).lower()}
    missing = sorted(set(KEY.findall(commands)) - table)
    assert not missing, f"keys the guide's commands type, with no label row: {missing}"


def _kit_pages(lang: str) -> list[str]:
    pages = cfl_languages.edition_pages(lang)
    return [p for p in pages if p.startswith("exercises/seminar_kit/")]


@pytest.mark.parametrize("lang", cfl_languages.other_languages())
def test_a_translated_guide_names_levers_as_the_lab_in_that_language(
    lang: str,
) -> None:
    problems = []
    for page in _kit_pages(lang):
        path = cfl_languages.catalog_file(lang, page)
        for entry in cfl_languages.read_catalog(path, lang):
            if not entry.id or not isinstance(entry.string, str) or not entry.string:
                continue
            english, ours = entry.id, entry.string
            strip = COMMAND.sub(" ", english), COMMAND.sub(" ", ours)
            if sorted(KEY.findall(strip[1])) != sorted(KEY.findall(strip[0])):
                problems.append(f"{page}: keys differ from the English: {ours[:70]!r}")
            for key, text in LABELS.items():
                with language(lang):
                    theirs = label(key)
                if english.strip().lower() == text.lower():  # a table's cell
                    if ours.strip().lower() != theirs.lower():
                        problems.append(f"{page}: {ours!r} is not «{theirs}»")
                    continue
                said = any(f"*{f}*" in english.lower() for f in _forms(text))
                if said and not any(f"*{f}*" in ours.lower() for f in _forms(theirs)):
                    problems.append(f"{page}: *{text}* is *{theirs}*: {ours!r}")
    assert not problems, f"{len(problems)} entries:\n" + "\n".join(problems[:30])
