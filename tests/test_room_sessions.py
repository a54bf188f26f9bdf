"""Session ids that only the room server hands out, and who is behind them.

- a request with no id, or with an id the client made up, gets a new id of
  the server's: Solara sees that one, the cookie is HttpOnly, SameSite=Lax
  and lasts a day (never until 2038); Solara's own session cookies are not
  sent;
- a websocket (a page's live link) with no valid id is closed before Solara
  sees it;
- a person is the client's address: three sessions from one laptop are one
  person, another laptop another; on the loopback address (or with
  ``CFL_PERSON_BY=browser``) each session is its own;
- closing another session's page through Solara's close route is refused;
- the room's whole application sets only the server's cookie.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route, WebSocketRoute
from starlette.websockets import WebSocket

from simulations.room import sessions
from simulations.room.sessions import COOKIE, Sessions, person_of
from tests.support.room import ask, solara_app


def echo_app() -> Starlette:
    """Answers with the session cookie it was given; sets one of its own."""

    def page(request: Request) -> PlainTextResponse:
        answer = PlainTextResponse(request.cookies.get(COOKIE, "none"))
        answer.set_cookie(
            COOKIE, "solaras-own", expires="Fri, 01 Jan 2038 00:00:00 GMT"
        )
        answer.set_cookie(COOKIE + "-lax", "solaras-own")
        answer.set_cookie("other", "kept")
        return answer

    async def live(websocket: WebSocket) -> None:
        await websocket.accept()
        await websocket.send_text(websocket.cookies.get(COOKIE, "none"))
        await websocket.close()

    return Starlette(routes=[Route("/", page), WebSocketRoute("/ws", live)])


def set_cookies(headers: list[tuple[bytes, bytes]]) -> list[str]:
    return [v.decode() for k, v in headers if k.lower() == b"set-cookie"]


def cookie(session: str) -> list[tuple[bytes, bytes]]:
    return [(b"cookie", f"theme=dark; {COOKIE}={session}".encode())]


def connect(app: Any, headers: list, client: str) -> list[dict]:
    """Open a websocket to ``/ws``; what the app sent."""
    scope = {
        "type": "websocket",
        "asgi": {"version": "3.0"},
        "path": "/ws",
        "raw_path": b"/ws",
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"127.0.0.1:8866"), *headers],
        "client": (client, 50000),
        "server": ("127.0.0.1", 8866),
        "subprotocols": [],
    }
    incoming = iter([{"type": "websocket.connect"}])
    sent: list[dict] = []

    async def receive() -> dict:
        message = next(incoming, None)
        if message is None:
            await asyncio.get_running_loop().create_future()
        return message

    async def send(message: dict) -> None:
        sent.append(message)

    asyncio.run(asyncio.wait_for(app(scope, receive, send), 10))
    return sent


def test_the_server_hands_out_every_session_id() -> None:
    app = Sessions(echo_app())
    status, body, headers = ask(app, b"/")
    assert status == 200
    given = body.decode()
    assert app.valid(given)
    ours = [c for c in set_cookies(headers) if c.startswith(COOKIE)]
    assert ours == [f"{COOKIE}={given}; Path=/; Max-Age=86400; HttpOnly; SameSite=Lax"]
    assert "other=kept" in " ".join(set_cookies(headers))
    for made_up in ("made-up", given + "x", "x." + given.split(".")[1], ""):
        status, body, headers = ask(app, b"/", headers=cookie(made_up))
        assert body.decode() != made_up and app.valid(body.decode())
        assert any(
            c.startswith(f"{COOKIE}={body.decode()};") for c in set_cookies(headers)
        )
    status, body, headers = ask(app, b"/", headers=cookie(given))
    assert body.decode() == given  # a valid id is kept, and not sent again
    assert not [c for c in set_cookies(headers) if c.startswith(COOKIE)]
    assert not Sessions(echo_app()).valid(given)  # another server's key


def test_a_websocket_needs_an_id_of_the_server() -> None:
    app = Sessions(echo_app())
    for headers in ([], cookie("made-up")):
        sent = connect(app, headers, "10.0.0.7")
        assert sent == [{"type": "websocket.close", "code": 1008}]
    given = app.new_id()
    sent = connect(app, cookie(given), "10.0.0.7")
    assert sent[0]["type"] == "websocket.accept"
    assert sent[1]["text"] == given


def test_a_person_is_an_address_except_on_this_machine(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(sessions.PERSON_ENV, raising=False)
    app = Sessions(echo_app())
    laptop = [app.new_id() for _ in range(3)]
    other, local, local2 = app.new_id(), app.new_id(), app.new_id()
    for session in laptop:
        connect(app, cookie(session), "10.0.0.7")
    connect(app, cookie(other), "10.0.0.8")
    connect(app, cookie(local), "127.0.0.1")
    connect(app, cookie(local2), "::1")
    assert {person_of(s) for s in laptop} == {"address-10.0.0.7"}
    assert person_of(other) == "address-10.0.0.8"
    assert len({person_of(local), person_of(local2), person_of(laptop[0])}) == 3
    assert person_of(app.new_id()).startswith("browser-")  # never connected
    monkeypatch.setenv(sessions.PERSON_ENV, "browser")
    assert len({person_of(s) for s in laptop}) == 3


def test_closing_another_sessions_page_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from solara.server import kernel_context

    app = Sessions(echo_app())
    owner, stranger = app.new_id(), app.new_id()

    class Context:
        session_id = owner

    monkeypatch.setitem(kernel_context.contexts, "kernel-1", Context())
    path = b"/_solara/api/close/kernel-1?session_id=page-1"
    status, body, _ = ask(app, path, "POST", headers=cookie(stranger))
    assert (status, body) == (403, b"Not your page")
    status, _, _ = ask(app, path, "POST", headers=cookie(owner))
    assert status == 404  # passed on (the echo app has no such route)


def test_the_room_sets_only_the_servers_session_cookie(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from simulations.room.server import room_app

    solara_app(monkeypatch)
    app = room_app("")
    status, _, headers = ask(app, b"/", headers=cookie("made-up"))
    assert status == 200
    cookies = set_cookies(headers)
    assert len(cookies) == 1 and "2038" not in cookies[0]
    assert cookies[0].endswith("; Path=/; Max-Age=86400; HttpOnly; SameSite=Lax")
    assert "made-up" not in cookies[0]
