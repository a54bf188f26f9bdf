"""Two languages, one source: the faces speak the language in use.

Numbers and verdicts follow the language; ``CFL_LANG`` and ``cfl --lang ru``
set it for a process; a lab has its own (a Russian lab and an English one side
by side); the Russian lab's page in Chromium (a verdict in Russian numbers, no
Latin-script word outside the allowed list); and a third language needs only
its catalog and one entry in ``LANGUAGES``. The game in Russian:
``tests/test_i18n_browser.py``.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

from simulations import i18n
from simulations.i18n import SOURCE, _, language

ROOT = Path(__file__).resolve().parents[1]


def test_numbers_follow_the_language() -> None:
    from simulations.present import format as fmt

    with language("ru"):
        assert fmt.number(1234567.2) == "1\u00a0234\u00a0567"
        assert fmt.number(0.42) == "0,42"
        assert fmt.percent(0.123) == "12,3\u00a0%"
        assert fmt.money(204321.7) == "204\u00a0322\u00a0₽"
        assert fmt.kpi_value("nps", None) == "н/д"
    assert fmt.number(1234567.2) == "1,234,567"
    assert fmt.percent(0.123) == "12.3%"


def test_a_russian_verdict() -> None:
    from simulations.experiments import verdict

    with language("ru"):
        text = verdict("profit", 204000.0, 19600.0, 0.95, "RUB")
    assert (
        text == "Прибыль выше на 204\u00a0000 ± 19\u00a0600\u00a0₽ (95\u00a0%): лучше"
    )


def test_cfl_lang_sets_the_language_of_a_process() -> None:
    env = {**os.environ, "CFL_LANG": "ru", "PYTHONPATH": str(ROOT)}
    out = subprocess.run(
        [sys.executable, "-c", "from simulations.i18n import _; print(_('Profit'))"],
        env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert out.stdout.strip() == "Прибыль"


@pytest.fixture
def english_after():
    yield
    i18n.set_language(SOURCE)


def test_the_command_line_in_russian(tmp_path, capsys, english_after) -> None:
    from simulations.cli import main

    status = main(
        [
            "--lang", "ru", "compare", "product_centric", "client_centric",
            "-n", "3", "-w", "1", "-q", "--no-plots", "-o", str(tmp_path),
            "--set", "business.days=60", "--set", "business.warmup_days=10",
        ]
    )  # fmt: skip
    printed = capsys.readouterr().out
    assert status == 0, printed
    assert "По сравнению с базовым сценарием 'product-centric':" in printed
    money = r"\d{1,3}(?:\u00a0\d{3})*"
    verdict = re.compile(
        rf"Прибыль (?:выше|ниже) на {money} ± {money}\u00a0₽ \(95\u00a0%\)"
        r"(?:: (?:лучше|хуже))?|Прибыль: нет явной разницы"
    )
    assert verdict.search(printed), printed
    assert "Отток клиентов за месяц" in printed
    assert re.search(r"Прибыль, ₽ +-?\d", printed)  # the summary's unit, in roubles


def test_the_lab_in_russian(tmp_path) -> None:
    from simulations.lab import PolicyLab

    lab = PolicyLab(
        lang="ru", days=40, warmup_days=10, replications=3, workers=1, save_dir=tmp_path
    )
    assert lab.run_button.description == "Запустить"
    assert "Лаборатория решений" in lab.widget.children[0].value
    assert lab.set_lever("business.staff", 5), lab.error_text
    results = lab.run()
    assert results is not None, lab.error_text
    summary = lab.summary_box.value
    assert "по сравнению с базовым сценарием" in summary
    # Two more baristas cost 2 x 4,200 RUB a day: profit is clearly lower.
    money = r"Прибыль ниже на \d{1,3}(\u00a0\d{3})* ± [\d\u00a0]+\u00a0₽ \(95\u00a0%\)"
    assert re.search(money + ": хуже", summary), summary
    # The report is made in the language of the page that asks for it.
    report = lab.report_html
    assert re.search(money, report)
    assert '<html lang="ru">' in report and "Отчёт" in report
    assert lab.inputs["business.staff"].description == "Сотрудников на смене"
    # Another lab, in English, at the same time: each keeps its own language.
    other = PolicyLab(days=40, warmup_days=10, workers=1, save_dir=tmp_path / "en")
    assert other.run_button.description == "Run"


# ---------------------------------------------------------------- a third language
def test_a_third_language_needs_only_its_catalog_and_one_entry(
    tmp_path, monkeypatch, english_after
) -> None:
    """Kazakh, as docs/CONTRIBUTING.md says: a catalog and a line in LANGUAGES."""
    catalog = Catalog(locale="kk")
    catalog.add("Profit", "Пайда")
    catalog.add(
        "{kpi} higher by {amount} ({confidence})", "{kpi} {amount} артық ({confidence})"
    )
    catalog.add("{verdict}: better", "{verdict}: жақсы")
    path = tmp_path / "kk" / "LC_MESSAGES" / "cfl.po"
    path.parent.mkdir(parents=True)
    with path.open("wb") as f:
        write_po(f, catalog)
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    monkeypatch.setitem(i18n.LANGUAGES, "kk", "Қазақ тілі")

    from simulations.cli.main import build_parser
    from simulations.experiments import verdict

    with language("kk"):
        assert _("Profit") == "Пайда"
        assert _("Revenue") == "Revenue"  # not translated yet: English
        text = verdict("profit", 1234.5, 100.0, 0.95, "KZT")
    assert text.startswith("Пайда 1\u00a0234 ± 100\u00a0") and text.endswith(": жақсы")
    assert build_parser().parse_args(["--lang", "kk", "params"]).lang == "kk"
    assert i18n.pick_language("kk-KZ, ru;q=0.5") == "kk"


# ---------------------------------------------------------------- the page
@pytest.mark.browser
@pytest.mark.slow
def test_the_russian_lab_page(tmp_path) -> None:
    """A Russian browser gets the lab in Russian; the switch changes it and is kept."""
    from tests.support.russian import ALLOWED, latin_words
    from tests.support.webapp import (
        CHROMIUM,
        CHROMIUM_ARGS,
        app_server,
        click_until,
        offline_context,
    )

    if not Path(CHROMIUM).exists():
        if os.environ.get("CFL_REQUIRE_BROWSER") == "1":
            pytest.fail(f"Debian's Chromium is not at {CHROMIUM}")
        pytest.skip(f"Debian's Chromium is not at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    profit = ".cfl-kpis td[data-kpi='profit'][data-role='scenario']"
    wait = 240_000
    with app_server(tmp_path, 180) as server, sync_playwright() as pw:
        chromium = pw.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        try:
            blocked: list[str] = []
            visitor = offline_context(  # a Russian browser: Accept-Language ru-RU
                chromium,
                blocked,
                locale="ru-RU",
                viewport={"width": 1280, "height": 2400},
            )
            page = visitor.new_page()
            page.goto(server.url, timeout=wait)
            page.wait_for_selector(profit, timeout=wait)
            text = page.inner_text(".cfl-lab")
            assert "Лаборатория решений" in text and "Policy lab" not in text

            # Two more baristas, Run: a Russian verdict in Russian numbers.
            page.get_by_role("tab", name="Бизнес").click()
            box = page.locator(".cfl-lever-business-staff input")
            box.wait_for(timeout=wait)  # the tab is built when first shown
            assert "Сотрудников на смене" in page.inner_text(".cfl-lab")  # a label
            box.fill("5")
            box.press("Enter")
            page.wait_for_function(
                "() => document.querySelector('.cfl-changed') !== null", timeout=wait
            )
            # The first run's "готово" may still show: wait for this run's verdict.
            click_until(
                page.locator("button.cfl-run"),
                page.locator(".cfl-summary", has_text="Прибыль ниже").first,
                timeout=wait,
                again=120_000,
            )
            summary = page.inner_text(".cfl-summary")
            verdict = re.compile(
                r"Прибыль ниже на \d{1,3}(?:[\u00a0 ]\d{3})* ± [\d\u00a0 ]+[\u00a0 ]₽ "
                r"\(95[\u00a0 ]%\): хуже"
            )
            assert verdict.search(summary), summary
            # No Latin-script word outside the allowed list, anywhere on the
            # page, on every tab of the lab (the switch names "English").
            seen = []
            for tab in page.get_by_role("tab").all():
                tab.click()
                seen.append(page.locator("body").inner_text())
            # CSV: the file type a manager picks in their CRM's export dialog.
            allowed = ALLOWED | {"English", "ENGLISH", "CSV"}
            words = latin_words(" ".join(seen), allowed)
            assert not words, f"Latin-script words on the Russian lab: {words}"

            # The switch: the same results in English, and the choice is kept.
            page.locator(".cfl-lang-en").click()
            page.wait_for_function(
                "() => document.body.innerText.includes('Policy lab')", timeout=wait
            )
            page.wait_for_function(
                "() => { const s = document.querySelector('.cfl-summary');"
                " return s !== null && s.innerText.includes('Profit lower by'); }",
                timeout=wait,
            )
            assert "RUB (95%): worse" in page.inner_text(".cfl-summary")
            again = visitor.new_page()
            again.goto(server.url, timeout=wait)
            again.wait_for_selector(profit, timeout=wait)
            assert "Policy lab" in again.inner_text(".cfl-lab")
            assert not blocked, blocked
        finally:
            chromium.close()
