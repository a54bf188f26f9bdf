"""Watch a day: the replay shows the run's own events, and nothing from the internet.

The frames of a day are built from a seeded run's visit records; their counts
at the close of each day must equal that day's books (served, gave up, low,
standard and WOW, and the longest line the staff counted as it grew). The
places must be possible (one customer a desk, a line without gaps), and
``cfl watch`` writes one file that plays in Chromium with every request off
the machine refused.
"""

from __future__ import annotations

import re

import numpy as np
import pytest

from simulations import Scenario, single_run
from simulations.cli import main
from simulations.present.replay import ReplayError, day_frames, embedded, watch
from simulations.present.replay.figure import base_figure
from simulations.present.replay.frames import DESK, GREETED, HIDDEN, LINE, LINGER
from simulations.present.replay.page import frame_height
from tests.support.offline import (
    external_loads,
    open_offline,
    require_browser,
    save_screenshot,
)

SHORT = {"business.days": 40, "business.warmup_days": 10}
BOOKS = {  # counter of the replay: column of the daily books
    "served": "served",
    "gave_up": "abandoned",
    "low": "low",
    "standard": "standard",
    "wow": "wow",
    "longest": "longest_line",
}


@pytest.fixture(scope="module")
def busy() -> tuple:
    """A seeded client-centric run: priority, greeting, win-back, long lines."""
    scenario = Scenario.preset("client_centric").copy(
        None, **SHORT, **{"attraction.prospects_per_day": 12.0}
    )
    return single_run(scenario, replication=1), scenario


def frames_of(run, scenario, day):
    return day_frames(run, day, staff=scenario.business.staff, day_minutes=600.0)


def test_each_day_counts_what_the_books_count(busy) -> None:
    run, scenario = busy
    longest = 0
    for day in range(len(run.daily) - 1):
        totals = frames_of(run, scenario, day).totals()
        books = run.daily.loc[day]
        assert {k: totals[k] for k in BOOKS} == {
            k: int(books[v]) for k, v in BOOKS.items()
        }, f"day {day}"
        assert totals["finished"] == totals["served"] + totals["gave_up"]
        longest = max(longest, totals["longest"])
    # The check means something only if lines formed and people gave up.
    assert longest >= 4
    assert run.daily["abandoned"].iloc[:-1].sum() > 0


def test_a_day_of_odd_hours_counts_the_same() -> None:
    s = Scenario.plain_queue(200.0, 8.0, 3, patience=4.0, days=12, open_hours=7.25)
    run = single_run(s)
    for day in (0, 5, 10):
        f = day_frames(run, day, staff=3, day_minutes=435.0)
        assert f.steps == 436
        totals, books = f.totals(), run.daily.loc[day]
        assert {k: totals[k] for k in BOOKS} == {
            k: int(books[v]) for k, v in BOOKS.items()
        }


def test_places_are_possible(busy) -> None:
    run, scenario = busy
    day = int(np.argmax(run.daily["longest_line"].iloc[:-1]))
    f = frames_of(run, scenario, day)
    in_line = (f.area == LINE) | (f.area == GREETED)
    for step in range(f.steps):
        line = np.sort(f.slot[step, in_line[step]])
        assert list(line) == list(range(len(line))), f"gaps in line at {step}"
        desks = f.slot[step, f.area[step] == DESK]
        assert len(set(desks)) == len(desks) <= f.desks
    assert (in_line.sum(axis=1) == f.counters["waiting"].to_numpy()).all()
    # The longest line so far is at least the line of every minute so far (it
    # can be longer between two whole minutes).
    seen = np.maximum.accumulate(f.counters["waiting"].to_numpy())
    assert (seen <= f.counters["longest"].to_numpy()).all()
    # Each visit is drawn only between its arrival and a little after it left,
    # and every visit that ended today is seen on its way out.
    minutes = np.arange(f.steps)[:, None]
    v = f.visits
    shown = f.area != HIDDEN
    assert not (shown & (minutes < np.floor(v["arrived"].to_numpy()))).any()
    assert not (shown & (minutes >= v["ended"].to_numpy() + LINGER)).any()
    ended = (v["ended"] >= 0) & (v["ended"] < f.minutes)
    leaving = f.area >= 4
    assert leaving[:, ended.to_numpy()].any(axis=0).all()
    # Greeted customers are those who waited longer than the standard.
    greeted = (f.area == GREETED).any(axis=0)
    waited_long = (v["wait"] > scenario.service.target_wait).to_numpy()
    assert not (greeted & ~waited_long).any()
    assert greeted.any()


def test_two_policies_see_the_same_customers() -> None:
    plain = Scenario.plain_queue(150.0, 10.0, 3, patience=5.0, days=30)
    more = plain.copy("4 staff", **{"business.staff": 4})
    runs = [(single_run(s), s) for s in (plain, more)]
    replay = watch(runs, day=20)
    a, b = (p.visits for p in replay.panels)
    today = [v[(v["arrived"] >= 0) & (v["arrived"] < 600)] for v in (a, b)]
    assert len(today[0]) > 50
    np.testing.assert_array_equal(today[0]["arrived"], today[1]["arrived"])
    assert (today[1]["wait"].mean()) < (today[0]["wait"].mean())
    assert [p.desks for p in replay.panels] == [3, 4]


def test_a_day_it_cannot_replay_is_refused(busy) -> None:
    run, scenario = busy
    last = len(run.daily) - 1
    for day in (-1, last, 10**6, 2.5, True, "3"):
        with pytest.raises(ReplayError, match=r"day = .*choose a whole number"):
            frames_of(run, scenario, day)
    with pytest.raises(ReplayError, match="staff = 30"):
        day_frames(run, 3, staff=30, day_minutes=600.0)
    short = {"business.days": 5, "business.warmup_days": 0}
    no_visits = single_run(scenario.copy(None, **short), 0, False)
    with pytest.raises(ReplayError, match="kept no visits"):
        watch([(no_visits, scenario)])


def test_the_page_is_one_file_for_a_projector(busy) -> None:
    run, scenario = busy
    page = watch([(run, scenario)], day=5).html
    assert external_loads(page) == []
    assert external_loads(embedded(page, 1)) == []  # as notebooks and the lab show it
    # ... and the check would see a load from inside the frame.
    assert external_loads(embedded("<script src='https://cdn.plot.ly/x.js'>", 1))
    assert "cdn" not in re.sub(r"<script>.*?</script>", "", page, flags=re.S).lower()
    style = re.search(r"<style>(.*?)</style>", page, flags=re.S).group(1)
    sizes = [int(x) for x in re.findall(r"font-size:\s*(\d+)px", style)]
    assert sizes and min(sizes) >= 14
    layout = base_figure(3).layout
    assert layout.font.size >= 14
    assert all(a.font.size >= 14 for a in layout.annotations)
    assert frame_height(2) > frame_height(1)


def test_cfl_watch_writes_a_replay(tmp_path, capsys) -> None:
    out = tmp_path / "day.html"
    short = ["--set", "business.days=30", "--set", "business.warmup_days=5"]
    code = main(
        [
            "watch",
            "product_centric",
            "--alt-set",
            "business.staff=4",
            "--day",
            "12",
            "-o",
            str(out),
            *short,
        ]
    )
    assert code == 0, capsys.readouterr().err
    said = capsys.readouterr().out
    assert "product-centric against staff = 4, day 12" in said
    page = out.read_text(encoding="utf-8")
    assert external_loads(page) == []
    assert page.count("class='cfl-panel'") == 2
    assert 4_800_000 < len(page.encode()) < 5_000_000


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--day", "30"], "--day 30: choose a day from 1 to 29"),
        (["--day", "0"], "--day 0: choose a day from 1 to 29"),
        (["-o", "/no/such/folder/day.html"], "--out '/no/such/folder/day.html'"),
        (["--set", "business.staff=0"], "business.staff = 0"),
        (["--set", "business.staff=30"], "staff = 30: a replay shows 1 to 20"),
        (["--alt-set", "business.stuff=3"], "business.stuff"),
    ],
)
def test_cfl_watch_bad_input_is_one_line(tmp_path, capsys, args, says) -> None:
    short = ["--set", "business.days=30", "--set", "business.warmup_days=5"]
    code = main(
        ["watch", "product_centric", "-o", str(tmp_path / "x.html"), *short, *args]
    )
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and says in err, err
    assert not (tmp_path / "x.html").exists()


@pytest.mark.browser
def test_the_file_plays_offline(tmp_path, busy) -> None:
    require_browser()
    run, scenario = busy
    day = int(np.argmax(run.daily["longest_line"].iloc[:-1]))
    more = scenario.copy("4 staff", **{"business.staff": 4})
    runs = [(run, scenario), (single_run(more, replication=1), more)]
    path = watch(runs, day=day).save(tmp_path / "day.html")
    with open_offline(viewport=(1300, 1000)) as browser:
        page = browser.page
        page.goto(path.as_uri(), wait_until="load")
        page.wait_for_selector(".cfl-plot .main-svg")
        clock = page.inner_text(".cfl-clock")
        served = page.inner_text("[data-counter='served']")
        assert clock.startswith("Time since opening 0:00")
        page.fill(".cfl-speed", "0.1")
        page.dispatch_event(".cfl-speed", "input")
        page.click(".cfl-play")
        page.wait_for_function(
            "() => +document.querySelector('.cfl-replay').dataset.step >= 30",
            timeout=30_000,
        )
        page.click(".cfl-play")  # pause
        assert page.inner_text(".cfl-clock") != clock
        assert page.inner_text("[data-counter='served']") != served
        page.select_option(".cfl-hour", "300")
        assert page.get_attribute(".cfl-replay", "data-step") == "300"
        assert page.inner_text(".cfl-clock").startswith("Time since opening 5:00")
        # The busiest minute of the day, for the picture in the README.
        f = watch(runs[:1], day=day).panels[0]
        busiest = int(f.counters["waiting"].idxmax())
        page.locator(".cfl-time").fill(str(busiest))
        assert page.get_attribute(".cfl-replay", "data-step") == str(busiest)
        page.wait_for_timeout(500)  # let plotly finish drawing the text
        # Key customers served first are labelled, as many as are in view.
        in_view = (f.area[busiest] != HIDDEN) & f.visits["first"].to_numpy()
        labels = page.evaluate(
            "() => Array.from(document.querySelectorAll("
            "'.cfl-panel:first-of-type .textpoint text'))"
            ".filter(t => t.textContent === 'key').length"
        )
        assert labels == in_view.sum() > 0
        save_screenshot(page, "replay.png", full_page=True)
        smallest = page.evaluate(
            "() => Math.min(...Array.from(document.querySelectorAll('body *'))"
            ".filter(e => e.childNodes.length && Array.from(e.childNodes)"
            ".some(n => n.nodeType === 3 && n.textContent.trim()))"
            ".map(e => parseFloat(getComputedStyle(e).fontSize)))"
        )
        assert smallest >= 14
        assert browser.refused == [] and browser.errors == []


@pytest.mark.browser
def test_the_file_of_cfl_watch_plays_offline(tmp_path, capsys) -> None:
    require_browser()
    out = tmp_path / "day.html"
    short = ["--set", "business.days=20", "--set", "business.warmup_days=5"]
    assert main(["watch", "client_centric", "-o", str(out), *short]) == 0
    capsys.readouterr()
    with open_offline(viewport=(1200, 900)) as browser:
        page = browser.page
        page.goto(out.as_uri(), wait_until="load")
        page.wait_for_selector(".cfl-plot .main-svg")
        page.fill(".cfl-speed", "0.1")
        page.dispatch_event(".cfl-speed", "input")
        page.click(".cfl-play")
        page.wait_for_function(
            "() => +document.querySelector('.cfl-replay').dataset.step >= 10",
            timeout=30_000,
        )
        assert browser.refused == [] and browser.errors == []


def _shown_texts(page: str) -> str:
    """Every text a replay shows or can show: the page's words outside scripts
    and styles, the player's words and counts, the hover texts and labels of
    the customers, and the words drawn on the figure."""
    import html as html_module
    import json

    payload = re.search(
        r"<script type='application/json' id='cfl-replay-data'>(.*?)</script>",
        page,
        flags=re.S,
    ).group(1)
    data = json.loads(payload.replace("<\\/", "</"))
    seen = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    seen = re.sub(r"<svg\b.*?</svg>", " ", seen, flags=re.S)  # the legend's pictures
    parts = [seen]
    # The player's words, with its blanks ({time}, {seconds}) left empty.
    parts += [re.sub(r"\{\w+\}", " ", v) for k, v in data["words"].items()]
    for panel in data["panels"]:
        for series in panel["counters"].values():  # [step, text, step, text...]
            parts += [str(x) for x in series[1::2]]
        parts += panel["styles"]["hover"] + panel["styles"]["label"]
        parts += [a["text"] for a in panel["figure"]["layout"]["annotations"]]
    text = html_module.unescape(" ".join(parts))
    return re.sub(r"<[^>]+>", " ", text)


def test_a_russian_replay_shows_no_english(busy) -> None:
    """Made in Russian, the page shows only Russian words (and WOW), Russian numbers."""
    from simulations import set_language
    from simulations.i18n import get_language
    from tests.support.russian import latin_words

    run, scenario = busy
    more = scenario.copy("4 staff", **{"business.staff": 4})
    runs = [(run, scenario), (single_run(more, replication=1), more)]
    english = watch(runs, day=5).html
    assert {"Play", "Speed", "served", "Door"} <= set(
        latin_words(_shown_texts(english))
    )
    before = get_language()
    set_language("ru")
    try:
        page = watch(runs, day=5).html
    finally:
        set_language(before)
    assert "<html lang='ru'>" in page
    shown = _shown_texts(page)
    # The scenarios' own names are the trainer's words, not the page's.
    for name in (scenario.name, more.name):
        shown = shown.replace(name, " ")
    assert not latin_words(shown), sorted(set(latin_words(shown)))
    assert "Посмотреть день" in shown and "на смене 4\u00a0сотрудника" not in shown
    assert "день 6, на смене 4 сотрудника" in shown  # three plural forms: 2-4
    within = re.findall(r"\d+,\d\u00a0%", shown)  # "87,5 %": Russian numbers
    assert within, "no share of visits served within the standard, in Russian form"
    assert '"decimal":","' in page  # the player writes "0,5 с"


@pytest.mark.browser
def test_a_russian_replay_plays_in_russian(tmp_path, busy) -> None:
    """What Chromium shows of a Russian replay: Russian words, "0,5 с", no request."""
    from simulations.i18n import language
    from tests.support.russian import latin_words

    require_browser()
    run, scenario = busy
    with language("ru"):
        path = watch([(run, scenario)], day=5).save(tmp_path / "day.html")
    with open_offline(viewport=(1300, 1000)) as browser:
        page = browser.page
        page.goto(path.as_uri(), wait_until="load")
        page.wait_for_selector(".cfl-plot .main-svg")
        page.select_option(".cfl-hour", "300")
        assert page.inner_text(".cfl-clock").startswith("С открытия прошло 5:00")
        assert page.inner_text(".cfl-speed-text") == "1 минута модели за 0,5\u00a0с"
        shown = page.evaluate(
            "() => document.querySelector('.cfl-replay').innerText + ' ' +"
            " Array.from(document.querySelectorAll('svg text'))"
            ".map(t => t.textContent).join(' ')"
        )
        shown = shown.replace(scenario.name, " ")
        assert "Не дождались" in shown and "ключевой" in shown
        assert not latin_words(shown), sorted(set(latin_words(shown)))
        assert browser.refused == [] and browser.errors == []
