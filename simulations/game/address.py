"""Where the teams open the game: the room's address, and its QR code.

The trainer's page shows the address teams type (or scan) to reach the
game. It is the address the trainer's own browser used, unless that is this
computer's own (127.0.0.1, localhost): then, if the server listens on the
room's network (``HOST=0.0.0.0``), the address of this computer in that
network, found without sending anything (:func:`local_address`). The QR code
is made here, offline, by ``segno``.
"""

from __future__ import annotations

import os
import socket

import segno

LOOPBACK = ("127.0.0.1", "localhost", "::1", "[::1]")


def local_address() -> str | None:
    """This computer's address in its network, or None.

    Connecting a UDP socket only picks the route: no packet leaves.
    """
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("10.255.255.255", 1))
        found = probe.getsockname()[0]
    except OSError:
        return None
    finally:
        probe.close()
    return None if found.startswith("127.") else found


def room_address(host_header: str, base: str, listening: str | None = None) -> str:
    """The address teams open: ``http://HOST:PORT/game/``.

    Parameters
    ----------
    host_header
        The host (and port) the trainer's browser asked for.
    base
        Where the game's pages are mounted ("" or "/game").
    listening
        The server's ``HOST`` (default: the environment's, else 127.0.0.1).

    Examples
    --------
    >>> room_address("192.168.1.20:8866", "/game")
    'http://192.168.1.20:8866/game/'
    """
    host, _, port = (
        host_header.rpartition(":")
        if ":" in host_header
        else (
            host_header,
            "",
            "",
        )
    )
    listening = listening or os.environ.get("HOST", "127.0.0.1")
    if host in LOOPBACK and listening not in LOOPBACK:
        host = local_address() or host
    return f"http://{host}{':' + port if port else ''}{base}/"


def reachable(address: str) -> bool:
    """Whether other computers can open ``address`` (not this computer's own)."""
    host = address.split("//", 1)[-1].split("/", 1)[0].rsplit(":", 1)[0]
    return host not in LOOPBACK


def qr_svg(text: str, scale: int = 5) -> str:
    """A QR code of ``text`` as inline SVG (made here: nothing is fetched)."""
    return segno.make(text, error="m").svg_inline(scale=scale, border=2)
