"""Start the room's server: ``python -m simulations.room.server`` (``scripts/app``).

One process serves every visitor: Solara renders the pages of
:mod:`simulations.room.app` (the policy lab at ``/``, the seminar game under
``/game``) with a light session per browser tab (a few MB each, no kernel per
visitor), behind :class:`~simulations.room.guard.RoomGuard`. The lab's runs
and the game's debrief go to one process pool sized to the cores
(``CFL_LAB_WORKERS``), or to a Dask cluster (``CFL_SCHEDULER``), through one
fair queue; the game's live rounds run in worker processes of their own
(``CFL_GAME_WORKERS``, by default as many as the pool has). The default
comparison is started when the server starts, so the first visitors see it
soon and nobody computes it twice.

Environment:

- ``HOST`` (default 127.0.0.1), ``PORT`` (default 8866);
- ``CFL_APP_CODE``: the room code visitors type once; required for any
  address other than the loopback one;
- ``CFL_LAB_DIR``: where visitors' files are kept (one folder each);
- ``CFL_LAB_WORKERS``, ``CFL_SCHEDULER``, ``CFL_LAB_MAX_WORK``: see
  :mod:`simulations.room.pool` and :mod:`simulations.room.fair`;
- ``CFL_UPLOAD_MB_SCENARIO``, ``CFL_UPLOAD_MB_TRANSACTIONS``, ``CFL_MAX_ROWS``
  (rows of an uploaded sales file, default 2,000,000): see
  :mod:`simulations.lab.files` and :mod:`simulations.lab.calibrate`;
- ``CFL_GAME_DB`` (the games' SQLite file), ``CFL_GAME_WORKERS``: see
  :mod:`simulations.game.app`.
"""

from __future__ import annotations

import logging
import os
import socket
import sys
import threading
from typing import Any

LOOPBACK = ("127.0.0.1", "localhost", "::1")
"""Addresses that other machines cannot reach."""

REFUSED = (
    "scripts/app: HOST={host} opens the page to other machines; set CFL_APP_CODE "
    "to a room code first (CFL_APP_CODE=... HOST={host} bash scripts/app)"
)
"""The one line printed when the server would be open without a code."""

log = logging.getLogger("simulations.room")


def check_access(host: str, code: str) -> str | None:
    """The reason not to start, or None.

    Examples
    --------
    >>> check_access("127.0.0.1", "") is None, check_access("0.0.0.0", "x") is None
    (True, True)
    >>> check_access("0.0.0.0", "")
    'scripts/app: HOST=0.0.0.0 opens the page to other machines; set CFL_APP_CODE ...'
    """
    if host in LOOPBACK or code:
        return None
    return REFUSED.format(host=host)


def read_port(text: str) -> int | str:
    """``PORT`` as a number (default 8866), or the one line that refuses it.

    Examples
    --------
    >>> read_port(""), read_port(" 9000 ")
    (8866, 9000)
    >>> read_port("abc")
    'scripts/app: PORT=abc is not allowed; must be a whole number from 1 to 65535'
    """
    text = text.strip() or "8866"
    if text.isdigit() and 1 <= int(text) <= 65535:
        return int(text)
    return (
        f"scripts/app: PORT={text} is not allowed; must be a whole number "
        "from 1 to 65535"
    )


def check_listen(host: str, port: int) -> str | None:
    """Why the server cannot listen on ``host``:``port`` (one line), or None."""
    try:
        found = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )
    except (socket.gaierror, UnicodeError) as err:
        why = getattr(err, "strerror", None) or str(err)
        return f"scripts/app: HOST={host} is not an address of this machine ({why})"
    family, kind, proto, _, address = found[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn
        try:
            probe.bind(address)
        except OSError as err:
            return (
                f"scripts/app: cannot listen on HOST={host} PORT={port}: {err.strerror}"
            )
    return None


def ws_limit() -> int:
    """Largest websocket message: the largest upload, plus room for the rest."""
    from ..lab.files import UPLOAD_LIMITS_MB, upload_limit

    return max(upload_limit(kind) for kind in UPLOAD_LIMITS_MB) + 4 * 2**20


def warm_default() -> None:
    """Compute the default comparison once, in the background, for everyone."""
    from ..lab import PolicyLab
    from ..lab.files import lab_folder

    def run() -> None:
        try:
            lab = PolicyLab(visitor="server", save_dir=lab_folder() / "server")
            if lab.run() is None:
                log.warning("the default comparison did not run: %s", lab.error_text)
        except Exception:
            log.exception("the default comparison failed")

    threading.Thread(target=run, name="cfl-warm", daemon=True).start()


def room_app(code: str, secret: bytes | None = None) -> Any:
    """The room's whole application (ASGI): Solara's pages behind the door.

    The page's front-end files are served read-only from the installed
    folder (:mod:`simulations.room.assets`) and Solara's usage reports are
    off: no request can change a file or make the server reach the internet.
    Session ids are the server's own, signed with ``secret``
    (:mod:`simulations.room.sessions`; a new key when None), and so is the
    room cookie: a restart keeps today's visitors in (their open pages come
    back by themselves).
    """
    from solara.server import settings
    from solara.server.starlette import app as solara_app

    from .assets import serve_read_only
    from .guard import RoomGuard
    from .sessions import Sessions

    settings.telemetry.mixpanel_enable = False
    serve_read_only(solara_app)
    return RoomGuard(Sessions(solara_app, secret), code, secret)


def main() -> int:
    """Start the server; return an exit code (2: refused)."""
    host = os.environ.get("HOST", "").strip() or "127.0.0.1"
    port = read_port(os.environ.get("PORT", ""))
    code = os.environ.get("CFL_APP_CODE", "").strip()
    reason = port if isinstance(port, str) else check_access(host, code)
    reason = reason or check_listen(host, port)
    if reason:
        print(reason, file=sys.stderr)
        return 2
    from .pool import lab_workers

    # A round of the game must not run in the server's own process.
    os.environ.setdefault("CFL_GAME_WORKERS", str(lab_workers()))
    os.environ["SOLARA_APP"] = "simulations.room.app"
    os.environ["SOLARA_TELEMETRY_MIXPANEL_ENABLE"] = "False"  # no calls out
    os.environ["SOLARA_ASSETS_PROXY"] = "True"  # the page's files from this server
    os.environ.setdefault("SOLARA_THEME_SHOW_BANNER", "False")
    os.environ.setdefault("MPLBACKEND", "Agg")
    # Solara's own INFO lines would log request headers (cookies): warnings only.
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(message)s")
    logging.getLogger("simulations").setLevel(logging.INFO)

    import uvicorn

    from ..lab.files import lab_folder
    from .sessions import load_secret

    config = uvicorn.Config(
        room_app(code, load_secret(lab_folder())),
        host=host,
        port=port,
        ws_max_size=ws_limit(),
        server_header=False,
        date_header=False,
        proxy_headers=False,  # X-Forwarded-For could make one person many
        access_log=False,
        loop="asyncio",
        log_level="warning",
    )
    server = uvicorn.Server(config)
    warm_default()
    where = f"http://{host}:{port}/"
    print(
        f"Policy lab at {where}, seminar game at {where}game/ (trainers start a "
        f"game at {where}game/new)" + (" - room code set" if code else ""),
        flush=True,
    )
    server.run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
