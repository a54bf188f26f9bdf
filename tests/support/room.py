"""The room's application in the test process, and raw requests to it.

* :func:`solara_app` - Solara's ASGI application serving the room's pages, set
  up as ``scripts/app`` sets it up (without the door);
* :func:`ask` - one HTTP request straight to an ASGI application, with the path
  sent exactly as given (no client tidies ``..`` or percent signs away).
"""

from __future__ import annotations

import asyncio
from typing import Any
from urllib.parse import unquote_to_bytes

import pytest


def solara_app(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Solara's ASGI application serving the room's pages (as ``scripts/app``)."""
    monkeypatch.setenv("SOLARA_APP", "simulations.room.app")
    from solara.server import app as server_app

    if "__default__" not in server_app.apps:  # set when the module is imported
        server_app.apps["__default__"] = server_app.AppScript("simulations.room.app")
    assert server_app.apps["__default__"].fullname == "simulations.room.app"
    from solara.server.starlette import app

    return app


def ask(
    app: Any,
    raw_path: bytes,
    method: str = "GET",
    headers: list[tuple[bytes, bytes]] = (),
    client: str = "127.0.0.1",
) -> tuple[int, bytes, list[tuple[bytes, bytes]]]:
    """Status, body and headers of one HTTP request to ``app``, path as given."""
    path, _, query = raw_path.partition(b"?")
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": unquote_to_bytes(path).decode("utf-8", "replace"),
        "raw_path": path,
        "query_string": query,
        "root_path": "",
        "headers": [
            (b"host", b"127.0.0.1:8866"),
            (b"accept-encoding", b"identity"),
            *headers,
        ],
        "client": (client, 50000),
        "server": ("127.0.0.1", 8866),
    }
    sent = iter([{"type": "http.request", "body": b"new content", "more_body": False}])
    answer: dict[str, Any] = {"status": 0, "body": b"", "headers": []}

    async def receive() -> dict:
        message = next(sent, None)
        if message is None:  # the client stays until the answer is sent
            await asyncio.get_running_loop().create_future()
        return message

    async def send(message: dict) -> None:
        if message["type"] == "http.response.start":
            answer["status"] = message["status"]
            answer["headers"] = list(message.get("headers") or [])
        elif message["type"] == "http.response.body":
            answer["body"] += message.get("body", b"")

    asyncio.run(app(scope, receive, send))
    return answer["status"], answer["body"], answer["headers"]
