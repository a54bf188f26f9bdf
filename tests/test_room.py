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

import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from simulations.lab import PolicyLab, files
from simulations.lab import shared as lab_shared
from simulations.lab.fair import FairQueue, TooMuchWorkError, estimated_work
from simulations.parameters import Scenario
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
    assert second.position() == 1 and not second.started
    assert c.result(5) == "bob"  # another visitor is not held up
    assert not b.done()  # ann's second job waits for her first
    assert a.result(5) == "ann-1"
    queue.close(first)
    assert b.result(5) == "ann-2"
    assert log.index("start ann-1") < log.index("start ann-2")
    queue.close(second)
    queue.close(other)


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
    assert "replications = 1e12 is not allowed" in lab.error_text


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


# ---------------------------------------------------------------- the game
@pytest.fixture
def room_game(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict]:
    """A game of two teams in the hall the room's game pages use."""
    from simulations.game import GameConfig, GameHall, web

    hall = GameHall(tmp_path / "games.sqlite")
    monkeypatch.setattr(web, "_HALL", [hall])
    made = hall.new_game(GameConfig(teams=2, rounds=1, round_days=10, replications=1))
    made["token"] = hall.join(made["join_code"], 1)
    yield made
    hall.close()


def test_the_room_serves_the_game_behind_its_code(
    room_game: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    from starlette.testclient import TestClient

    from simulations.room import app as room

    paths = {r.path: [c.path for c in r.children] for r in room.routes}
    assert paths == {"/": [], "game": ["/", "team", "trainer", "new"]}
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
    assert "this team link is not valid" in wrong and 'href="/game/"' in wrong
    trainer = render_route("/game/trainer?key=forged")
    assert "this trainer link is not valid" in trainer
    mine = render_route(f"/game/trainer?key={room_game['trainer_secret']}")
    assert room_game["join_code"] in mine


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
        monkeypatch.setenv(lab_shared.SCHEDULER_ENV, cluster.scheduler_address)
        lab_shared.reset_queue()
        try:
            queue = lab_shared.shared_queue()
            assert queue.slots == 2
            lab = PolicyLab(**FAST, save_dir=tmp_path, queue=queue, visitor="dask")
            lab.set_lever("business.staff", 4)
            results = lab.run()
            assert results is not None, lab.error_text
            assert "Staff occupancy lower by" in lab.summary_box.value
        finally:
            lab_shared.reset_queue()
    assert threading.active_count() >= 1
