"""The room's server without a browser: fair queue, limits, files, the door.

- a job over the cap is refused with a message; a second job of the same
  visitor waits until the first is done, while another visitor's goes ahead;
- Cancel drops the tasks not started;
- each visitor's files are apart; uploads over the size limit are refused;
- the room code guards every route, the server's name is not sent;
- the room serves the seminar game under ``/game``: without the room code a
  game page is refused, with it the team page loads and shows the team;
- the shared queue runs on a Dask cluster (loopback) when ``CFL_SCHEDULER`` is set.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from simulations.lab import PolicyLab, files
from simulations.parameters import Scenario
from simulations.room import pool as room_pool
from simulations.room.fair import FairQueue, TooMuchWorkError, estimated_work
from simulations.room.guard import COOKIE, ENTER, RoomGuard
from simulations.room.server import check_access
from tests.support.room import solara_app

FAST = {"days": 40, "warmup_days": 5, "replications": 2, "workers": 1}


def slow(seconds: float, tag: str, log: list[str]) -> str:
    log.append(f"start {tag}")
    time.sleep(seconds)
    return tag


# ---------------------------------------------------------------- queue
def test_a_job_over_the_cap_is_refused() -> None:
    queue = FairQueue(ThreadPoolExecutor(1), slots=1, cap=1e6)
    big = Scenario.preset("product_centric").copy(None, **{"business.days": 3650})
    work = estimated_work([big, big], 50)
    with pytest.raises(TooMuchWorkError, match="too big for the shared server"):
        queue.open("someone", work)
    assert queue.jobs == []


def test_the_page_refuses_a_run_over_the_cap(tmp_path: Path) -> None:
    queue = FairQueue(ThreadPoolExecutor(1), slots=1, cap=1e5)
    lab = PolicyLab(**FAST, save_dir=tmp_path, queue=queue)
    assert lab.run() is None
    assert lab.error_text.startswith("Cannot run: this run is too big")
    assert "Error" not in lab.error_text


def test_a_second_job_of_the_same_visitor_waits_its_turn() -> None:
    queue = FairQueue(ThreadPoolExecutor(2), slots=2, cap=1e9)
    log: list[str] = []
    first = queue.open("ann")
    second = queue.open("ann")  # a second tab of the same browser
    other = queue.open("bob")
    a = first.submit(slow, 0.5, "ann-1", log)
    b = second.submit(slow, 0.1, "ann-2", log)
    c = other.submit(slow, 0.1, "bob", log)
    # ahead of it: her first job, and bob's (her next job goes behind those
    # waiting when her first is done)
    assert second.position() == 2 and not second.started
    assert c.result(5) == "bob"  # another visitor is not held up
    assert not b.done()  # ann's second job waits for her first
    assert a.result(5) == "ann-1"
    queue.close(first)
    assert b.result(5) == "ann-2"
    assert log.index("start ann-1") < log.index("start ann-2")
    queue.close(second)
    queue.close(other)


def test_one_person_in_three_sessions_holds_another_up_by_one_job_at_most() -> None:
    queue = FairQueue(ThreadPoolExecutor(2), slots=2, cap=1e9)
    for session in ("s1", "s2", "s3"):  # three browsers on one laptop
        queue.people[session] = "address-10.0.0.7"
    log: list[str] = []
    jobs = [queue.open(s, 1e6) for s in ("s1", "s2", "s3", "someone-else")]
    tags = ["p1", "p2", "p3", "q"]
    tasks = [6, 6, 6, 2]  # big jobs of one person, a small one of another

    # Every task is queued here, in the order the people asked, so that the
    # order does not depend on which thread the machine runs first.
    plan = [
        (job, [job.submit(slow, 0.1, f"{tag}-{i}", log) for i in range(n)])
        for job, tag, n in zip(jobs, tags, tasks, strict=True)
    ]

    def run(job: object, futures: list) -> None:
        for future in futures:
            future.result(30)
        queue.close(job)

    threads = [threading.Thread(target=run, args=args) for args in plan]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    starts = [entry.split()[1].split("-")[0] for entry in log]
    assert len(starts) == 20
    # The other visitor's run has all started before the person's second and
    # third jobs start: it waited for one of their jobs at most.
    last_q = max(i for i, tag in enumerate(starts) if tag == "q")
    assert starts[:6] == ["p1"] * 6
    assert last_q < starts.index("p2") and last_q < starts.index("p3")


def test_a_persons_open_work_is_capped_across_sessions() -> None:
    from simulations.room.fair import MAX_JOBS

    queue = FairQueue(ThreadPoolExecutor(1), slots=1, cap=100)
    queue.people.update(tab1="address-10.0.0.7", tab2="address-10.0.0.7")
    first = queue.open("tab1", 60)
    with pytest.raises(TooMuchWorkError, match="you have 1 run waiting or running"):
        queue.open("tab2", 60)
    other = queue.open("someone-else", 60)  # another person is not held back
    small = [queue.open("tab2", 1) for _ in range(MAX_JOBS - 1)]
    with pytest.raises(TooMuchWorkError, match=f"you have {MAX_JOBS} runs"):
        queue.open("tab1", 1)
    for job in [first, other, *small]:
        queue.close(job)
    assert queue.jobs == []
    queue.open("tab2", 60)


def test_cancel_drops_the_tasks_not_started() -> None:
    queue = FairQueue(ThreadPoolExecutor(1), slots=1, cap=1e9)
    log: list[str] = []
    job = queue.open("ann")
    futures = [job.submit(slow, 0.3, f"t{i}", log) for i in range(5)]
    time.sleep(0.1)
    job.cancel()
    assert all(f.cancelled() for f in futures)
    time.sleep(0.5)
    assert log == ["start t0"]  # the one in the pool ran; nothing else started
    queue.close(job)
    assert queue.in_pool == 0


def test_others_see_their_place_in_the_queue(tmp_path: Path) -> None:
    queue = FairQueue(ThreadPoolExecutor(1), slots=1, cap=1e9)
    log: list[str] = []
    ahead = queue.open("ann")
    ahead.submit(slow, 1.5, "ann", log)
    lab = PolicyLab(**FAST, save_dir=tmp_path, queue=queue, visitor="bob")
    lab.start_run()
    time.sleep(0.9)
    assert "1 run ahead of yours" in lab.status.value
    queue.close(ahead)
    assert lab.wait(120) is not None, lab.error_text


# ---------------------------------------------------------------- inputs, files
def test_values_are_read_and_refused_not_clamped(tmp_path: Path) -> None:
    lab = PolicyLab(**FAST, save_dir=tmp_path)
    lab.inputs["attraction.acquisition_budget"].value = "-1"
    assert "attraction.acquisition_budget = -1" in lab.error_text
    assert lab.lever_values["attraction.acquisition_budget"] == 48000.0  # kept
    assert lab.run() is None and lab.error_text.startswith("Cannot run:")
    lab.inputs["attraction.acquisition_budget"].value = "500"
    assert lab.error_text == ""
    lab.replications.value = "1e12"
    assert lab.run() is None
    assert "runs = 1e12 is not allowed" in lab.error_text


def test_visitors_files_are_apart_and_uploads_capped(tmp_path: Path) -> None:
    ann = files.visitor_folder(tmp_path, "token-ann")
    bob = files.visitor_folder(tmp_path, "token-bob")
    assert ann != bob and "token" not in str(ann)
    lab = PolicyLab(**FAST, save_dir=ann)
    assert lab.save_scenario("mine") is not None
    other = PolicyLab(**FAST, save_dir=bob)
    assert not other.load_scenario("mine")
    assert "no saved scenario" in other.error_text and str(tmp_path) not in (
        other.error_text
    )
    big = {"name": "big.toml", "content": memoryview(b"#" * (2 * 2**20))}
    other._on_upload({"new": (big,)})
    assert other.error_text == (
        "Cannot load: big.toml is 2.0 MB; a scenario file can be at most 1 MB"
    )


# ---------------------------------------------------------------- the door
def test_no_code_no_open_door() -> None:
    assert check_access("127.0.0.1", "") is None
    assert "set CFL_APP_CODE" in check_access("0.0.0.0", "")
    assert check_access("0.0.0.0", "room42") is None


BAD_ADDRESSES = [
    (
        {"PORT": "abc"},
        "PORT=abc is not allowed; must be a whole number from 1 to 65535",
    ),
    ({"PORT": "70000"}, "PORT=70000 is not allowed"),
    ({"PORT": "-1"}, "PORT=-1 is not allowed"),
    ({"HOST": "999.1.1.1"}, "HOST=999.1.1.1 is not an address of this machine"),
    ({"HOST": "192.0.2.1"}, "cannot listen on HOST=192.0.2.1 PORT="),
]


@pytest.mark.parametrize("script", ["scripts/app", "scripts/game", "module"])
def test_a_bad_port_or_host_is_one_line_and_a_non_zero_exit(
    script: str, tmp_path: Path
) -> None:
    import os
    import socket

    root = Path(__file__).resolve().parents[1]
    command = (
        [sys.executable, "-m", "simulations.room.server"]
        if script == "module"
        else ["bash", str(root / script)]
    )
    with socket.socket() as taken:  # a port another program listens on
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        cases = [*BAD_ADDRESSES, ({"PORT": port}, f"PORT={port}: Address already")]
        if script != "module":  # the scripts pass the same on: one case each
            cases = cases[:1] if script == "scripts/app" else cases[3:4]
        for env, expected in cases:
            done = subprocess.run(
                command,
                env={
                    **os.environ,
                    "PYTHONPATH": str(root),
                    "CFL_APP_CODE": "room42",
                    "CFL_LAB_DIR": str(tmp_path / "lab"),
                    "CFL_GAME_DB": str(tmp_path / "games.sqlite"),
                    **env,
                },
                capture_output=True,
                text=True,
                timeout=120,
            )
            lines = done.stderr.strip().splitlines()
            assert done.returncode == 2, (env, done.stderr)
            assert len(lines) == 1 and expected in lines[0], (env, done.stderr)
            assert lines[0].startswith("scripts/app: ") and done.stdout == ""


def test_the_room_code_guards_every_route() -> None:
    from starlette.applications import Starlette
    from starlette.responses import PlainTextResponse
    from starlette.routing import Route
    from starlette.testclient import TestClient

    inner = Starlette(routes=[Route("/", lambda r: PlainTextResponse("lab"))])
    client = TestClient(RoomGuard(inner, "room42"))
    page = client.get("/")
    assert "room code" in page.text and page.text != "lab"
    assert client.get("/resourcez").status_code == 404
    wrong = client.post(ENTER, data={"code": "guess"}, follow_redirects=False)
    assert "not the room code" in wrong.text
    right = client.post(ENTER, data={"code": "room42"}, follow_redirects=False)
    assert right.status_code == 303 and COOKIE in right.headers["set-cookie"]
    answer = client.get("/")
    assert answer.text == "lab"
    assert "server" not in answer.headers


def test_guessing_the_code_is_slowed_to_one_try_a_second_per_client() -> None:
    import asyncio

    import httpx
    from starlette.applications import Starlette
    from starlette.responses import PlainTextResponse
    from starlette.routing import Route

    inner = Starlette(routes=[Route("/", lambda r: PlainTextResponse("in"))])
    guard = RoomGuard(inner, "room42")
    guard.delay = 0.2  # one try every 0.2 s, to keep the test short

    def client(address: str) -> httpx.AsyncClient:
        transport = httpx.ASGITransport(app=guard, client=(address, 5000))
        return httpx.AsyncClient(transport=transport, base_url="http://room")

    async def attempt(address: str, code: str) -> tuple[float, int]:
        async with client(address) as http:
            answer = await http.post(ENTER, data={"code": code})
        return asyncio.get_running_loop().time(), answer.status_code

    async def probe() -> tuple[float, list, tuple, tuple]:
        start = asyncio.get_running_loop().time()
        guesses = [attempt("10.0.0.7", f"guess{i}") for i in range(8)]
        other = attempt("10.0.0.8", "room42")  # another laptop, the right code
        *wrong, right = await asyncio.gather(*guesses, other)
        again = await attempt("10.0.0.7", "room42")  # the guesser's right code
        return start, wrong, right, again

    start, wrong, right, again = asyncio.run(probe())
    ends = sorted(end - start for end, _ in wrong)
    assert all(status == 200 for _, status in wrong)  # the form again
    for k, end in enumerate(ends):  # one try per 0.2 s, however many at once
        assert end >= (k + 1) * 0.2 - 0.01, ends
    assert right[1] == 303 and right[0] - start < ends[-1]
    assert again[1] == 303


def test_the_code_leads_on_to_the_page_asked_for() -> None:
    from starlette.applications import Starlette
    from starlette.responses import PlainTextResponse
    from starlette.routing import Route
    from starlette.testclient import TestClient

    inner = Starlette(routes=[Route("/{p:path}", lambda r: PlainTextResponse("in"))])
    client = TestClient(RoomGuard(inner, "room42"))
    form = client.get("/game/team?token=a%20b")
    assert 'name="next" value="/game/team?token=a%20b"' in form.text
    right = client.post(
        ENTER,
        data={"code": "room42", "next": "/game/team?token=a%20b"},
        follow_redirects=False,
    )
    assert right.headers["location"] == "/game/team?token=a%20b"
    for elsewhere in ("https://example.org/", "//example.org", "/\\example.org"):
        client.cookies.clear()
        answer = client.post(
            ENTER, data={"code": "room42", "next": elsewhere}, follow_redirects=False
        )
        assert answer.headers["location"] == "/"


# ---------------------------------------------------------------- layers
def test_the_game_and_the_rooms_shared_parts_do_not_import_the_lab() -> None:
    code = (
        "import importlib, pkgutil, sys\n"
        "for part in ('fair', 'pool', 'assets', 'guard', 'sessions'):\n"
        "    importlib.import_module('simulations.room.' + part)\n"
        "faces = ('simulations.game', 'simulations.lab')\n"
        "assert not any(m.startswith(faces) for m in sys.modules)\n"
        "import simulations.game as game\n"
        "for m in pkgutil.iter_modules(game.__path__):\n"
        "    importlib.import_module('simulations.game.' + m.name)\n"
        "from simulations.room.pool import shared_queue\n"
        "shared_queue()\n"
        "found = sorted(m for m in sys.modules if m.startswith('simulations.lab'))\n"
        "assert not found, found\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr


# ---------------------------------------------------------------- the game
@pytest.fixture
def room_game(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict]:
    """A game of two teams in the hall the room's game pages use."""
    from simulations.game import GameConfig, GameHall, web

    hall = GameHall(tmp_path / "games.sqlite")
    monkeypatch.setattr(web, "_HALL", [hall])
    made = hall.new_game(GameConfig(teams=2, rounds=1, round_days=10, replications=1))
    made["token"] = hall.join(made["codes"][1], "Boris")
    yield made
    hall.close()


def test_the_room_serves_the_game_behind_its_code(
    room_game: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    from starlette.testclient import TestClient

    from simulations.room import app as room

    paths = {r.path: [c.path for c in r.children] for r in room.routes}
    pages = ["/", "team", "report", "trainer", "cards", "new"]
    assert paths == {"/": [], "game": pages}
    team = f"/game/team?token={room_game['token']}"
    with TestClient(RoomGuard(solara_app(monkeypatch), "room42")) as client:
        for path in (team, "/game/", "/game/new", "/game/trainer?key=x", "/"):
            refused = client.get(path)
            assert "Type the room code" in refused.text, path
            assert "solara" not in refused.text.lower(), path
        entered = client.post(
            ENTER, data={"code": "room42", "next": team}, follow_redirects=False
        )
        assert entered.status_code == 303 and entered.headers["location"] == team
        page = client.get(team)
        assert page.status_code == 200 and "Type the room code" not in page.text
        assert "solara" in page.text.lower() and "server" not in page.headers


def shown_text(widget: Any) -> str:
    """Every text a widget tree shows (labels, values, templates, children)."""
    import ipywidgets

    parts = []
    for name in ("value", "label", "template", "v_model", "unsafe_innerHTML"):
        value = getattr(widget, name, None)
        if isinstance(value, str):
            parts.append(value)
    for child in getattr(widget, "children", None) or []:
        if isinstance(child, ipywidgets.Widget):
            parts.append(shown_text(child))
        elif isinstance(child, str):
            parts.append(child)
    return "\n".join(parts)


def render_route(path: str) -> str:
    """The text of a room page as Solara renders it for ``path``."""
    import solara
    from solara.autorouting import RenderPage, RoutingProvider

    from simulations.room import app as room

    page = RoutingProvider(routes=room.routes, pathname=path, children=[RenderPage()])
    box, context = solara.render(page, handle_error=False)
    try:
        return shown_text(box)
    finally:
        context.close()


def test_the_game_pages_render_in_the_room(room_game: dict) -> None:
    team = render_route(f"/game/team?token={room_game['token']}")
    assert "Team 2" in team and "Submit decision" in team
    assert "Policy lab" not in team
    wrong = render_route("/game/team?token=forged")
    assert "This team link is not valid" in wrong and 'href="/game/"' in wrong
    trainer = render_route("/game/trainer?key=forged")
    assert "this trainer link is not valid" in trainer
    mine = render_route(f"/game/trainer?key={room_game['trainer_secret']}")
    assert "Teams join at" in mine and "Show the team codes" in mine


# ---------------------------------------------------------------- Dask
@pytest.mark.slow
def test_the_shared_queue_on_a_dask_cluster(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=1,
        threads_per_worker=2,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
    ) as cluster:
        monkeypatch.setenv(room_pool.SCHEDULER_ENV, cluster.scheduler_address)
        room_pool.reset_queue()
        try:
            queue = room_pool.shared_queue()
            assert queue.slots == 2
            lab = PolicyLab(**FAST, save_dir=tmp_path, queue=queue, visitor="dask")
            lab.set_lever("business.staff", 4)
            results = lab.run()
            assert results is not None, lab.error_text
            assert "Staff occupancy lower by" in lab.summary_box.value
        finally:
            room_pool.reset_queue()
    assert threading.active_count() >= 1
