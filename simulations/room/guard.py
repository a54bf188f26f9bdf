"""The door of the room's server: a room code, no server name, fewer routes.

:class:`RoomGuard` wraps the Solara application (ASGI). With a room code
(``CFL_APP_CODE``) every request and websocket needs a cookie that only the
code's page hands out: a visitor types the code once, the browser keeps the
cookie for the day, and goes on to the page first asked for (a team's link
of the game, say). Without a code the server listens on 127.0.0.1 only
(:mod:`simulations.room.server` sees to that). Every answer leaves out the
server's name and version, and Solara's diagnostic routes are closed.

Guessing is slow: each client address may try one code a second
(:attr:`RoomGuard.delay`). Tries sent at once wait their turn, one by one;
a wrong code is answered when its second is over; a client with more than
half a minute of tries waiting is told to wait. The right code works on the
client's next turn.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import html
import secrets
from collections.abc import Awaitable, Callable
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qs

from ..i18n import N_, _, language, pick_language

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict]]
Send = Callable[[dict], Awaitable[None]]

COOKIE = "cfl_room"
"""The cookie that says the visitor typed the room code."""

ENTER = "/_cfl/enter"
"""Where the form with the room code is sent."""

MOST_WAITING = 30.0
"""Seconds of tries one client may have waiting; beyond that: "wait a while"."""

CLOSED = ("/resourcez", "/readyz/detail", "/docs", "/_solara/api/eviction")
"""Solara's routes that say how the server is doing: not for the room."""

HIDDEN_HEADERS = {b"server", b"x-powered-by"}
"""Headers that would name the server's software."""

FORM = """<!doctype html><html lang="{lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Customer Focus Lab</title><style>
body {{ font-family: sans-serif; max-width: 28em; margin: 4em auto; color: #1f2933; }}
input {{ font-size: 1.1em; padding: 4px 8px; }} button {{ font-size: 1.1em; }}
.cfl-error {{ color: #8a1c1c; font-weight: 600; }}
</style></head><body><h2>Customer Focus Lab</h2>
<p>{prompt}</p>
<form method="post" action="{enter}"><input name="code" type="password"
autofocus autocomplete="off" aria-label="{label}">
<input type="hidden" name="next" value="{next}">
<button type="submit">{button}</button></form>{error}</body></html>"""
"""The door's page, in the language the browser asks for."""


def safe_next(path: str) -> str:
    """Where to go after the code: a path of this server, else ``/``.

    Examples
    --------
    >>> safe_next("/game/team?token=abc"), safe_next("//evil.example/x")
    ('/game/team?token=abc', '/')
    >>> safe_next("https://evil.example/"), safe_next(ENTER)
    ('/', '/')
    """
    if (
        not path.startswith("/")
        or path.startswith(("//", "/\\", ENTER))
        or not all(" " < c <= "~" and c != "\\" for c in path)
        or len(path) > 2048
    ):
        return "/"
    return path


def asked_for(scope: Scope) -> str:
    """The path (as sent, still percent-encoded) and query string of a request."""
    raw = scope.get("raw_path") or scope.get("path", "/").encode("utf-8")
    query = scope.get("query_string", b"")
    return (raw + (b"?" + query if query else b"")).decode("latin-1")


def room_cookie(code: str, secret: bytes) -> str:
    """The cookie's value for ``code``: a keyed hash, so the code is not in it."""
    return hmac.new(secret, code.encode("utf-8"), hashlib.sha256).hexdigest()


def cookies(scope: Scope) -> dict[str, str]:
    """The cookies a request sent, by name (none when the header is malformed)."""
    jar: SimpleCookie = SimpleCookie()
    for name, value in scope.get("headers", []):
        if name == b"cookie":
            try:
                jar.load(value.decode("latin-1"))
            except Exception:  # a malformed cookie header: no cookies
                return {}
    return {k: m.value for k, m in jar.items()}


class RoomGuard:
    """ASGI middleware: room code, no server header, closed diagnostic routes.

    Parameters
    ----------
    app
        The application behind the door (Solara's).
    code
        The room code; None or "" lets everyone in (loopback only).
    secret
        The key of the cookie; kept across restarts
        (:func:`~simulations.room.sessions.load_secret`), a visitor's cookie
        stays good and an open page comes back by itself after a restart;
        None: a new key (every visitor types the code again).
    """

    delay = 1.0
    """Seconds between two tries of a room code from one client."""

    def __init__(
        self, app: Callable, code: str | None = None, secret: bytes | None = None
    ) -> None:
        self.app = app
        self.code = code or ""
        self.secret = secret or secrets.token_bytes(32)
        self.expected = room_cookie(self.code, self.secret) if self.code else ""
        self.turns: dict[str, float] = {}
        """When each client may next try a code (the event loop's clock)."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        kind = scope["type"]
        if kind not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")
        if any(path.startswith(p) for p in CLOSED):
            await self._answer(scope, receive, send, 404, b"Not found")
            return
        if self.code and not self._admitted(scope):
            if kind == "websocket":
                await send({"type": "websocket.close", "code": 1008})
            elif path == ENTER and scope.get("method") == "POST":
                await self._enter(scope, receive, send)
            else:
                await self._form(scope, send, "", safe_next(asked_for(scope)))
            return
        await self.app(scope, receive, self._quiet(send))

    def _admitted(self, scope: Scope) -> bool:
        given = cookies(scope).get(COOKIE, "")
        return hmac.compare_digest(given.encode(), self.expected.encode())

    @staticmethod
    def _quiet(send: Send) -> Send:
        """``send`` without the headers that name the server."""

        async def quiet(message: dict) -> None:
            if message.get("type") in ("http.response.start", "websocket.accept"):
                headers = message.get("headers") or []
                message["headers"] = [
                    (k, v) for k, v in headers if k.lower() not in HIDDEN_HEADERS
                ]
            await send(message)

        return quiet

    def _turn(self, client: str) -> float | None:
        """When ``client`` may try (its turn, booked now); None: too many wait."""
        now = asyncio.get_running_loop().time()
        if len(self.turns) > 10_000:  # forget clients whose turn is past
            self.turns = {c: t for c, t in self.turns.items() if t > now}
        start = max(now, self.turns.get(client, now))
        if start - now > MOST_WAITING:
            return None
        self.turns[client] = start + self.delay
        return start

    async def _enter(self, scope: Scope, receive: Receive, send: Send) -> None:
        loop = asyncio.get_running_loop()
        start = self._turn((scope.get("client") or ("", 0))[0])
        if start is None:
            await self._form(
                scope, send, N_("Too many tries. Wait a minute, then try again.")
            )
            return
        await asyncio.sleep(start - loop.time())
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body") or len(body) > 4096:
                break
        fields = parse_qs(body.decode("utf-8", "replace"))
        typed = fields.get("code", [""])[0]
        goto = safe_next(fields.get("next", ["/"])[0])
        if hmac.compare_digest(typed.strip().encode(), self.code.encode()):
            cookie = (
                f"{COOKIE}={self.expected}; Path=/; HttpOnly; SameSite=Lax; "
                "Max-Age=86400"
            )
            await send(
                {
                    "type": "http.response.start",
                    "status": 303,
                    "headers": [
                        (b"location", goto.encode("latin-1", "replace")),
                        (b"set-cookie", cookie.encode()),
                    ],
                }
            )
            await send({"type": "http.response.body", "body": b""})
            return
        await asyncio.sleep(start + self.delay - loop.time())  # slows down guessing
        await self._form(scope, send, N_("That is not the room code. Try again."), goto)

    @staticmethod
    async def _form(scope: Scope, send: Send, error: str, goto: str = "/") -> None:
        asked = [
            v.decode("latin-1")
            for k, v in scope.get("headers", [])
            if k.lower() == b"accept-language"
        ]
        with language(pick_language(", ".join(asked))) as code:
            shown = f"<p class='cfl-error'>{html.escape(_(error))}</p>" if error else ""
            body = FORM.format(
                lang=code,
                prompt=html.escape(_("Type the room code your teacher gave you.")),
                label=html.escape(_("Room code"), quote=True),
                button=html.escape(_("Enter")),
                enter=ENTER,
                error=shown,
                next=html.escape(goto, quote=True),
            ).encode("utf-8")
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [
                    (b"content-type", b"text/html; charset=utf-8"),
                    (b"cache-control", b"no-store"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})

    @staticmethod
    async def _answer(
        scope: Scope, receive: Receive, send: Send, status: int, text: bytes
    ) -> None:
        if scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1008})
            return
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [(b"content-type", b"text/plain")],
            }
        )
        await send({"type": "http.response.body", "body": text})
