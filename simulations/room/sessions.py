"""Browser sessions that only the server hands out, and who is behind them.

Solara knows a visitor by the ``solara-session-id`` cookie, and takes
whatever id a browser sends. :class:`Sessions` (ASGI middleware) lets only
ids this server made through: an id is a random token with a keyed hash
(HMAC) of it, so a made-up or altered id is replaced by a new one before
Solara sees the request. The cookie is HttpOnly (page scripts cannot read
it), SameSite=Lax and lasts a day. A websocket with no valid id is closed.
Solara's route that closes a page (``/_solara/api/close/<kernel>``) is
answered only for the session that owns the page.

Who is a *person*? On a seminar's network every laptop or phone has an
address of its own, and the server sees nothing better: a person is the
client's address (:func:`person_of`), so three browsers on one laptop share
one place in the fair queue. Requests from this machine itself (the trainer,
tests) come from the loopback address, where each browser session counts as
a person. Where every visitor reaches the server through one address (a
proxy, a shared NAT), set ``CFL_PERSON_BY=browser`` so that each browser
session counts as a person again. The server does not trust proxy headers
(``X-Forwarded-For``), which anyone can send.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import os
import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path

from .guard import Receive, Scope, Send, cookies

COOKIE = "solara-session-id"
"""Solara's session cookie (its ``-lax`` twin is dropped: one cookie suffices)."""

MAX_AGE = 86400
"""The session cookie lasts a day (a seminar day), not for years."""

PERSON_ENV = "CFL_PERSON_BY"
"""``address`` (default): a person is a client address; ``browser``: a session."""

CLOSE = "/_solara/api/close/"
"""Solara's route that closes a page of a kernel (sent when a tab closes)."""

KEPT = 10_000
"""Sessions whose address is remembered (the latest; a room has far fewer)."""

ADDRESSES: OrderedDict[str, str] = OrderedDict()
"""The client address of each session's latest websocket (a page's live link)."""

_LOCK = threading.Lock()


def load_secret(folder: Path) -> bytes:
    """The key that signs session ids, kept in ``folder`` across restarts.

    A visitor's saved files are found by their session, so a restart of the
    server must not change every id. Made once, readable by the owner only.
    """
    path = folder / ".session-key"
    try:
        key = path.read_bytes()
    except FileNotFoundError:
        folder.mkdir(parents=True, exist_ok=True)
        key = secrets.token_bytes(32)
        made = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(made, "wb") as f:
            f.write(key)
    if len(key) < 32:
        raise ValueError(f"{path} is damaged: remove it, and a new key is made")
    return key


def is_loopback(address: str) -> bool:
    """Whether ``address`` is this machine's own (127.0.0.0/8, ::1)."""
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return address == "localhost"


def remember(session: str, address: str) -> None:
    """Note where ``session`` connects from (the newest :data:`KEPT` are kept)."""
    with _LOCK:
        ADDRESSES[session] = address
        ADDRESSES.move_to_end(session)
        while len(ADDRESSES) > KEPT:
            ADDRESSES.popitem(last=False)


def person_of(session: str) -> str:
    """Who is behind ``session``, as far as the server can tell (see the module)."""
    address = ADDRESSES.get(session, "")
    by = os.environ.get(PERSON_ENV, "").strip().lower() or "address"
    if by == "browser" or not address or is_loopback(address):
        return "browser-" + hashlib.sha256(session.encode()).hexdigest()[:16]
    return "address-" + address


class Sessions:
    """ASGI middleware: session ids made here only, a day-long HttpOnly cookie.

    Parameters
    ----------
    app
        The application behind it (Solara's).
    secret
        The key that signs ids (:func:`load_secret`); a new one when None.
    """

    def __init__(self, app: Callable, secret: bytes | None = None) -> None:
        self.app = app
        self.secret = secret or secrets.token_bytes(32)

    def new_id(self) -> str:
        """A fresh session id: a random token and its keyed hash."""
        token = secrets.token_urlsafe(24)
        return f"{token}.{self._sign(token)}"

    def valid(self, session: str) -> bool:
        """Whether ``session`` is an id this server made."""
        token, _, signature = session.partition(".")
        return bool(token) and hmac.compare_digest(signature, self._sign(token))

    def _sign(self, token: str) -> str:
        return hmac.new(self.secret, token.encode(), hashlib.sha256).hexdigest()[:32]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        kind = scope["type"]
        if kind not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        session = cookies(scope).get(COOKIE, "")
        fresh = not self.valid(session)
        if fresh and kind == "websocket":  # only a page of this server has an id
            await send({"type": "websocket.close", "code": 1008})
            return
        if fresh:
            session = self.new_id()
        if kind == "websocket":
            remember(session, (scope.get("client") or ("", 0))[0])
        scope = dict(scope, headers=self._with_cookie(scope, session))
        path = scope.get("path", "")
        if path.startswith(CLOSE) and not self._owns(session, path[len(CLOSE) :]):
            await _plain(send, 403, b"Not your page")
            return
        await self.app(scope, receive, self._cookie_out(send, session, fresh))

    @staticmethod
    def _with_cookie(scope: Scope, session: str) -> list[tuple[bytes, bytes]]:
        """The request's headers with one session cookie: ``session``."""
        headers, kept = [], []
        for name, value in scope.get("headers", []):
            if name != b"cookie":
                headers.append((name, value))
                continue
            for part in value.decode("latin-1").split(";"):
                key = part.split("=", 1)[0].strip()
                if part.strip() and key not in (COOKIE, COOKIE + "-lax"):
                    kept.append(part.strip())
        kept.append(f"{COOKIE}={session}")
        headers.append((b"cookie", "; ".join(kept).encode("latin-1")))
        return headers

    @staticmethod
    def _owns(session: str, kernel: str) -> bool:
        from solara.server import kernel_context

        context = kernel_context.contexts.get(kernel.split("/")[0])
        return context is None or context.session_id == session

    @staticmethod
    def _cookie_out(send: Send, session: str, fresh: bool) -> Send:
        """``send`` with Solara's session cookies replaced by this server's."""
        cookie = (
            f"{COOKIE}={session}; Path=/; Max-Age={MAX_AGE}; HttpOnly; SameSite=Lax"
        ).encode("latin-1")

        def solaras(name: bytes, value: bytes) -> bool:
            return name.lower() == b"set-cookie" and value.startswith(COOKIE.encode())

        async def out(message: dict) -> None:
            if message.get("type") == "http.response.start":
                headers = message.get("headers") or []
                headers = [(k, v) for k, v in headers if not solaras(k, v)]
                if fresh:
                    headers.append((b"set-cookie", cookie))
                message = dict(message, headers=headers)
            await send(message)

        return out


async def _plain(send: Send, status: int, text: bytes) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"text/plain")],
        }
    )
    await send({"type": "http.response.body", "body": text})
