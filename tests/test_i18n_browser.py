"""The Russian game in a browser: a trainer and a team play a round in Russian.

Two Russian browsers (``Accept-Language: ru-RU``): the trainer starts a game
on ``/game/new``, a team joins and sends its decision, the trainer plays the
round, and the team reads its round in Russian, with Russian numbers
("−12 345 ₽"). Every page they saw (the door, joining, the team's page, the
new game, the trainer's page) holds no Latin-script word outside the
allowed list. Then the team switches to English; the choice is kept for its
next page. Nothing is asked of the internet. The Russian lab's page:
``tests/test_i18n_faces.py``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.support.game_browser import (
    enter,
    fill,
    game_browser,
    local_only,
    table_rows,
    text,
    what_went_wrong,
)
from tests.support.russian import ALLOWED, latin_words

pytestmark = [pytest.mark.browser, pytest.mark.slow]

MONEY = r"[-−]?\d{1,3}(?:[\u00a0 ]\d{3})*[\u00a0 ]₽"
"""An amount as Russian writes it: groups split by (no-break) spaces, then ₽."""


def russian_visitor(browser, base: str):
    """A new Russian browser (a new visitor) that reaches the game's server only."""
    context = browser.new_context(
        locale="ru-RU", viewport={"width": 1280, "height": 1400}
    )
    local_only(context, base)
    return context


def submit(page) -> None:
    """Press "Отправить решение" until the page says it was received (twice at
    most: a click that lands while the page redraws can be lost)."""
    for attempt in (1, 2):
        page.get_by_text("Отправить решение").click()
        try:
            page.get_by_text(
                re.compile(r"Решение (принято|обновлено)\.")
            ).first.wait_for(timeout=15_000)
            return
        except Exception:
            if attempt == 2:
                raise


def test_a_team_plays_a_round_in_russian(tmp_path: Path) -> None:
    with game_browser(tmp_path) as (server, browser):
        pages: list = []
        try:
            play_in_russian(server, browser, pages)
        except Exception as err:
            raise AssertionError(what_went_wrong(pages, server)) from err


def play_in_russian(server, browser, pages: list) -> None:
    """The trainer and one team, in Russian: one round (see the module's text)."""
    base = server.base
    seen: dict[str, str] = {}  # page -> its text, to scan for Latin words

    # The trainer starts a game of one round in one town.
    trainer = russian_visitor(browser, base).new_page()
    pages.append(trainer)
    trainer.goto(f"{base}/game/new")
    seen["door"] = text(trainer)
    enter(trainer, f"{base}/game/new")
    fill(trainer, "Команд (2–8)", "2")
    fill(trainer, "Раундов (1–12)", "1")
    fill(trainer, "Дней в раунде (10–360)", "15")
    fill(trainer, "Копий города для диапазонов ± (1–10)", "1")
    fill(
        trainer,
        "Названия команд через запятую (пусто — «Команда 1», «Команда 2»…)",
        "Север, Юг",
    )
    seen["new game"] = text(trainer)
    trainer.get_by_role("button", name="Начать игру").click()
    link = trainer.get_by_text("Открыть страницу тренера")
    href = link.get_attribute("href", timeout=60_000)
    trainer.goto(base + href)
    trainer.get_by_text("Тренер: раунд 1 из 1").wait_for(timeout=60_000)
    trainer.get_by_role("button", name="Показать коды команд").click()
    rows = table_rows(trainer, "Код", 2)
    codes = {name: cells[1] for name, cells in rows.items()}
    assert set(codes) == {"Север", "Юг"}, codes

    # A team joins in Russian and sends a decision: less advertising.
    team = russian_visitor(browser, base).new_page()
    pages.append(team)
    enter(team, f"{base}/game/")
    team.get_by_label("Код команды").wait_for(timeout=60_000)
    # Solara's own loading screen fades out after the page is drawn.
    team.get_by_text("Made with Solara").wait_for(state="hidden", timeout=30_000)
    seen["join"] = text(team)
    fill(team, "Код команды", codes["Север"])
    fill(team, "Ваше имя", "Ольга")
    team.get_by_role("button", name="Войти").click()
    team.get_by_text("Отправить решение").wait_for(timeout=60_000)
    fill(team, "Реклама в месяц, ₽ (0-240 000)", "20 000", expect="реклама 10.000")
    submit(team)
    seen["team before the round"] = text(team)

    trainer.get_by_text("Решения прислали команд: 1 из 2.").wait_for(timeout=30_000)
    seen["trainer before the round"] = text(trainer)
    trainer.get_by_role("button", name="Сыграть раунд 1").click()
    trainer.get_by_text(re.compile(r"Тренер: раунд 1 из 1 \(игра окончена\)")).wait_for(
        timeout=240_000
    )

    # The team reads its round in Russian, in Russian numbers.
    team.get_by_text("Ваш раунд 1").wait_for(timeout=60_000)
    team.get_by_text("Игра окончена. Спасибо за игру!").wait_for(timeout=30_000)
    shown = text(team)
    assert re.search(rf"Ваша прибыль за раунд — {MONEY}", shown), shown
    assert re.search(r"ваше место — [12] из 2", shown), shown
    assert re.search(rf"Прибыль за раунд {MONEY}", shown), shown
    assert re.search(r"Обслужено в рамках стандарта \d+(,\d)?[\u00a0 ]%", shown)
    seen["team after the round"] = shown
    trainer.get_by_text("Таблица результатов").first.wait_for(timeout=30_000)
    seen["trainer after the round"] = text(trainer)

    # The switch names each language in itself (in capitals on its button);
    # the team codes are what a team types, not words.
    allowed = ALLOWED | {"English", "ENGLISH"}
    found = {}
    for name, page in seen.items():
        for code in codes.values():
            page = page.replace(code, " ")
        if words := latin_words(page, allowed):
            found[name] = words
    assert not found, f"Latin-script words on Russian pages: {found}"

    # The switch: English on this page, and on the visitor's next page.
    team.locator(".cfl-lang-en").first.click()
    team.get_by_text("Your round 1").wait_for(timeout=30_000)
    again = team.context.new_page()
    again.goto(team.url)
    again.get_by_text("The game is over. Thank you for playing!").wait_for(
        timeout=60_000
    )
