"""One writer per round: claims on a game, by process.

Whoever plays a round (a server, or ``cfl game play`` in another process)
first claims the game in its SQLite file
(:meth:`~simulations.game.store.Store.claim`) under the name
:func:`claimant` gives. A claim whose process is gone (killed) or that is too
old to trust is :func:`abandoned`, and taken over.
"""

from __future__ import annotations

import os
import socket
from datetime import UTC, datetime

STALE_CLAIM_HOURS = 1.0
"""A claim older than this is taken over even if its process seems alive."""


def now() -> str:
    """The time, for the record (UTC, ISO 8601)."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def claimant() -> str:
    """Who claims a game: this machine and process, and a random part.

    The random part tells two halls of one process apart (tests, a server
    and its command line in one interpreter).
    """
    return f"{socket.gethostname()}:{os.getpid()}:{os.urandom(4).hex()}"


def abandoned(claim: str, since: str) -> bool:
    """Whether a claim's process is gone (or the claim is too old to trust)."""
    host, pid, _ = [*claim.split(":"), "", "", ""][:3]
    age = datetime.now(UTC) - datetime.fromisoformat(since)
    if age.total_seconds() > STALE_CLAIM_HOURS * 3600:
        return True
    if host != socket.gethostname() or not pid.isdigit():
        return False  # another machine's process: wait for it
    try:
        os.kill(int(pid), 0)  # signal 0: is the process there?
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False
