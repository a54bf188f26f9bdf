"""Two languages, one source: the software's messages and their catalogs.

* Every message marked in the code is in every catalog, translated and not
  fuzzy (the failure names each entry), and passes Babel's checks (the same
  ``{placeholders}``); a changed English message comes back fuzzy.
* Russian uses the terms table's terms (``simulations/locale/terms.csv``) and Russian
  typography (« » quotes, dashes, no-break spaces before units, ё), and no
  Latin-script words outside an allowed list.
* The code keeps its messages visible to pybabel; every parameter has a plain
  label; the catalogs ship as package data.

The faces in each language: ``tests/test_i18n_faces.py``.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_keywords, parse_mapping_cfg
from babel.messages.pofile import read_po, write_po

from simulations import i18n
from simulations.i18n import LANGUAGES, SOURCE, _, language

ROOT = Path(__file__).resolve().parents[1]
TRANSLATED = [code for code in LANGUAGES if code != SOURCE]


# ---------------------------------------------------------------- the messages
def _keywords() -> dict:
    """The extraction keywords of ``scripts/translate`` (one place for both)."""
    script = (ROOT / "scripts" / "translate").read_text(encoding="utf-8")
    # Babel's own reading of "-k name:2" and "-k name:1c,2" (a context first).
    return {**DEFAULT_KEYWORDS, **parse_keywords(re.findall(r"-k (\S+)", script))}


def _extracted() -> dict[tuple[str | None, str], str]:
    """Every message marked in the code, with where it is.

    (context, singular id) -> place; the context is None for most messages.
    """
    with (ROOT / "babel.cfg").open(encoding="utf-8") as f:
        method_map, options_map = parse_mapping_cfg(f)
    found = {}
    for name, line, message, _comments, context in extract_from_dir(
        str(ROOT), method_map, options_map, keywords=_keywords()
    ):
        key = message[0] if isinstance(message, tuple) else message
        if key:
            found.setdefault((context, key), f"{name}:{line}")
    return found


def _catalog(code: str) -> Catalog:
    with i18n.catalog_path(code).open("rb") as f:
        return read_po(f, locale=code)


def _texts(message) -> list[str]:
    return (
        list(message.string) if isinstance(message.string, tuple) else [message.string]
    )


@pytest.fixture(scope="module")
def extracted() -> dict[tuple[str | None, str], str]:
    return _extracted()


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_message_is_translated_and_none_is_fuzzy(extracted, code) -> None:
    catalog = _catalog(code)
    problems = []
    for (context, key), where in sorted(extracted.items(), key=lambda kv: kv[0][1]):
        entry = catalog.get(key, context=context)
        if entry is None:
            problems.append(f"missing (run bash scripts/translate): {key!r} ({where})")
        elif entry.fuzzy:
            problems.append(f"fuzzy (check and unflag it): {key!r} ({where})")
        elif not all(_texts(entry)):
            problems.append(f"untranslated: {key!r} ({where})")
    assert not problems, f"{len(problems)} entries of {code}:\n" + "\n".join(problems)


@pytest.mark.parametrize("code", TRANSLATED)
def test_catalog_passes_babels_checks(code) -> None:
    """The same {placeholders} in each translation (Babel's compile checks)."""
    problems = [
        f"{message.id!r}: {error}"
        for message, errors in _catalog(code).check()
        for error in errors
    ]
    assert not problems, "\n".join(problems)


def test_a_changed_english_message_comes_back_fuzzy(tmp_path, monkeypatch) -> None:
    catalog = _catalog("ru")
    assert catalog["Profit a month"].string == "Прибыль в месяц"
    template = Catalog()
    for message in catalog:
        if message.id and message.id != "Profit a month":
            template.add(message.id, context=message.context)
    template.add("Profit per month")  # the English text changed
    catalog.update(template)
    entry = catalog["Profit per month"]
    # To be checked: the old translation of the closest message ("Profit a month",
    # or the sentences' "profit a month").
    assert entry.fuzzy and entry.string.lower() == "прибыль в месяц"
    # A fuzzy entry is not used: the message shows in English until checked.
    path = tmp_path / "ru" / "LC_MESSAGES" / "cfl.po"
    path.parent.mkdir(parents=True)
    with path.open("wb") as f:
        write_po(f, catalog)
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    with language("ru"):
        assert _("Profit per month") == "Profit per month"
        assert _("Profit") == "Прибыль"


# ---------------------------------------------------------------- the glossary
def glossary(code: str = "ru") -> list[tuple[str, str]]:
    """(English term, its translation) pairs of the terms table."""
    return list(i18n.terms(code).items())


def test_every_translated_language_has_its_terms() -> None:
    for code in TRANSLATED:
        missing = sorted(set(i18n.terms(SOURCE)) - set(i18n.terms(code)))
        assert not missing, f"{code}: no translation of {missing}"


def stems(russian: str) -> list[str]:
    """What each word of a Russian term keeps through its cases and numbers.

    Examples
    --------
    >>> stems("пожизненная ценность клиента (CLV)")
    ['пожизнен', 'ценно', 'клие', 'CLV']
    """
    words = re.findall(r"[\w-]+", russian)
    kept = []
    for word in words:
        if len(word) <= 3:
            if word.isupper():  # NPS, CLV
                kept.append(word)
            continue
        cut = 2 if len(word) <= 6 else 3
        kept.append(word[: max(3, len(word) - cut)])
    return kept


def english_pattern(term: str) -> re.Pattern:
    """The English term as a whole phrase: any case, spaces or hyphens, a plural s."""
    term = re.sub(r"\s*\([^)]*\)", "", term)  # "(CLV)", "(return)": not required
    words = [re.escape(w) for w in re.split(r"[\s-]+", term) if w]
    return re.compile(r"\b" + r"[\s-]+".join(words) + r"s?\b", re.IGNORECASE)


def test_the_glossary_has_the_source_articles_terms() -> None:
    terms = dict(glossary())
    assert terms["client-centricity"] == "клиентоцентричность"
    assert terms["customer orientation"] == "клиентоориентированность"
    assert terms["product-centric"] == "продуктоориентированный"
    assert terms["attraction"] == "привлечение"
    assert terms["working with the client"] == "работа с клиентом"
    assert terms["retention"] == "удержание"
    assert terms["win-back (return)"] == "возвращение"
    assert terms["word of mouth"] == "сарафанное радио"
    assert terms["advocate"] == "адепт"
    assert terms["loyalty index"] == "индекс потребительской лояльности (NPS)"
    assert terms["customer lifetime value (CLV)"] == (
        "пожизненная ценность клиента (CLV)"
    )
    assert terms["churn"] == "отток клиентов"
    assert terms["confidence interval"] == "доверительный интервал"


@pytest.mark.parametrize("code", ["ru"])
def test_translations_use_the_glossary_terms(code) -> None:
    rules = [(english_pattern(en), ru, stems(ru)) for en, ru in glossary()]
    problems = []
    for message in _catalog(code):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        english = " ".join(re.sub(r"\{[^}]*\}", " ", text) for text in ids)
        for pattern, russian, needed in rules:
            if not pattern.search(english):
                continue
            for text in _texts(message):
                lower = text.lower()
                missing = [s for s in needed if s.lower() not in lower]
                if missing:
                    problems.append(
                        f"{ids[0]!r} -> {text!r}: the glossary says "
                        f"{pattern.pattern!r} is «{russian}» (missing {missing})"
                    )
    assert not problems, "\n".join(problems)


# ---------------------------------------------------------------- Russian text
LATIN_ALLOWED = {
    # Allowed by the course's rule: metrics and product names.
    "NPS", "CLV", "RFM", "CRM", "Customer", "Focus", "Lab", "BG/NBD", "TARP",
    # The source articles' own word for the highest service level ([A4]).
    "WOW",
    # File formats, standards and the command's name.
    "TOML", "CSV", "HTML", "UTF-8", "ISO", "cfl", "toml", "html",
    # Values and names as one types them (error messages of files and the CLI).
    "RUB", "EUR", "USD", "true", "false", "lognormal", "my_policy", "help", "S",
    "recent", "none", "tab", "space",
    # The source articles as the course cites them, and a journal's name.
    "A1", "A2", "A3", "A4", "A5", "HBR",
}  # fmt: skip
"""Latin-script words a Russian message may hold ("7S" gives "S"); a single
letter is maths or part of a name ("Erlang C"), as on the course's pages."""


def _code_like(word: str) -> bool:
    """A dotted parameter name, an option or an assignment: code, not prose."""
    return any(mark in word for mark in "._=") or (word.isupper() and "_" in word)


@pytest.mark.parametrize("code", ["ru"])
def test_russian_messages_have_no_latin_words_outside_the_list(code) -> None:
    problems = []
    for message in _catalog(code):
        for text in _texts(message) if message.id else []:
            prose = re.sub(r"\{[^}]*\}|%\(\w+\)\w|%\w", " ", text)  # placeholders
            prose = re.sub(r"<[^>]+>", " ", prose)  # HTML tags: <b>, <br>
            prose = re.sub(r"\b[a-z]+\.[a-z_]+\b", " ", prose)  # a parameter's key
            prose = re.sub(r"--[a-z-]+", " ", prose)  # a command-line option
            prose = re.sub(r"\b\w+ = ", " ", prose)  # "seed = ...": a key as typed
            for word in re.findall(
                r"[A-Za-z][A-Za-z0-9_./=*-]*[A-Za-z0-9]|[A-Za-z]", prose
            ):
                single = len(word) == 1  # a formula's m, r, d; "Erlang C"
                if word not in LATIN_ALLOWED and not single and not _code_like(word):
                    problems.append(f"{word!r} in {text!r}")
    assert not problems, "\n".join(problems)


NEEDS_YO = ("еще", "расчет", "отчет", "платеж", "возвращенн", "удовлетворенн", "шт.")


@pytest.mark.parametrize("code", ["ru"])
def test_russian_typography(code) -> None:
    problems = []
    for message in _catalog(code):
        for text in _texts(message) if message.id else []:
            prose = re.sub(r"\{[^}]*\}", "", text)
            if '"' in prose:
                problems.append(f"straight quotes (use « »): {text!r}")
            if re.search(r"\s-\s", prose):
                problems.append(f"a hyphen between words (use —): {text!r}")
            if re.search(r"[\d}] (%|МБ|мин\b|с\b|ч\b|₽|п\.)", text):
                problems.append(f"a breaking space before a unit: {text!r}")
            for word in NEEDS_YO[:-1]:
                if re.search(r"\b" + word, text.lower()):
                    problems.append(f"{word!r} needs ё: {text!r}")
    assert not problems, "\n".join(problems)


# ---------------------------------------------------------------- the code
def test_messages_are_visible_to_pybabel() -> None:
    """No _("...") inside an f-string, no local _ that hides the translator."""
    problems = []
    for path in [*ROOT.glob("simulations/**/*.py"), *ROOT.glob("exercises/**/*.py")]:
        text = path.read_text(encoding="utf-8")
        where = path.relative_to(ROOT)
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            prefix = token.string[:2].lower()
            if (
                token.type == tokenize.STRING
                and "f" in prefix
                and re.search(r"\b_\(\s*['\"]", token.string)
            ):
                problems.append(f"{where}:{token.start[0]}: _('...') in an f-string")
        for node in ast.walk(ast.parse(text)):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            body = list(ast.walk(node))
            calls = any(
                isinstance(n, ast.Call)
                and isinstance(n.func, ast.Name)
                and n.func.id == "_"
                for n in body
            )
            binds = any(
                isinstance(n, ast.Name) and n.id == "_" and isinstance(n.ctx, ast.Store)
                for n in body
                if not isinstance(n, ast.comprehension)
            )
            if calls and binds:
                problems.append(
                    f"{where}:{node.lineno}: {node.name} binds _ and calls _()"
                )
    assert not problems, "\n".join(problems)


def test_every_parameter_and_choice_has_a_plain_label() -> None:
    """Pages, tables and figures name every parameter and choice in words."""
    from simulations import Scenario
    from simulations.present.labels import LABELS, WORDS

    rows = Scenario.describe()
    missing = [f"{r['group']}.{r['name']}" for r in rows]
    missing = [name for name in missing if name not in LABELS]
    assert not missing, f"parameters without a label: {missing}"
    for row in rows:
        if row["choices"] and row["name"] != "currency":
            unlabelled = [c for c in row["choices"] if c not in WORDS]
            assert not unlabelled, (row["name"], unlabelled)


def test_the_catalogs_are_package_data() -> None:
    """A wheel carries every catalog (the package reads the .po files)."""
    import tomllib
    from fnmatch import fnmatch

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["simulations"]
    for code in TRANSLATED:
        path = i18n.catalog_path(code).relative_to(ROOT / "simulations").as_posix()
        assert any(fnmatch(path, pattern) for pattern in patterns), path
