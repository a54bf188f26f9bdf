"""The games' lasting record: SQLite (the standard library's ``sqlite3``).

Everything a game needs to be played on after a restart is here: its
settings, its teams and their tokens, every decision, every event and every
round's numbers. The live simulation runs are not: they are rebuilt from the
seed and the decisions (:func:`~simulations.game.play.replay`).

Each call opens its own short connection, so that any thread of a server may
call it; SQLite's own locking keeps writes whole.

One writer per round: whoever plays a round (a server, or ``cfl game play``
in another process) first *claims* the game in this file
(:meth:`Store.claim`). While the claim holds, no decision and no event is
taken for that game and nobody else can play it; the claim ends with the
round's numbers (:meth:`Store.finish_round`) or is given back
(:meth:`Store.release`). A claim left by a process that died (kill -9) is
taken over.
"""

from __future__ import annotations

import json
import os
import socket
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

SCHEMA = """
CREATE TABLE IF NOT EXISTS games (
    id TEXT PRIMARY KEY,
    created TEXT NOT NULL,
    config TEXT NOT NULL,
    join_code TEXT NOT NULL UNIQUE,
    trainer_secret TEXT NOT NULL,
    round INTEGER NOT NULL,
    status TEXT NOT NULL,
    playing TEXT,
    playing_since TEXT
);
CREATE TABLE IF NOT EXISTS teams (
    game TEXT NOT NULL,
    team INTEGER NOT NULL,
    name TEXT NOT NULL,
    token TEXT NOT NULL UNIQUE,
    members INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (game, team)
);
CREATE TABLE IF NOT EXISTS decisions (
    game TEXT NOT NULL,
    team INTEGER NOT NULL,
    round INTEGER NOT NULL,
    levers TEXT NOT NULL,
    source TEXT NOT NULL,
    at TEXT NOT NULL,
    PRIMARY KEY (game, team, round)
);
CREATE TABLE IF NOT EXISTS events (
    game TEXT NOT NULL,
    round INTEGER NOT NULL,
    event TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS results (
    game TEXT NOT NULL,
    team INTEGER NOT NULL,
    round INTEGER NOT NULL,
    replication INTEGER NOT NULL,
    numbers TEXT NOT NULL,
    PRIMARY KEY (game, team, round, replication)
);
"""


COLUMNS: dict[str, dict[str, str]] = {
    "games": {"playing": "TEXT", "playing_since": "TEXT"},
}
"""Columns added since the first version, added to older files when opened."""

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


class Store:
    """The games in one SQLite file.

    Parameters
    ----------
    path
        The database file (made if missing); ``":memory:"`` is not allowed,
        since each call opens its own connection.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.connect() as db:
            db.executescript(SCHEMA)
            for table, columns in COLUMNS.items():
                have = {r["name"] for r in db.execute(f"PRAGMA table_info({table})")}
                for name, kind in columns.items():
                    if name not in have:
                        db.execute(f"ALTER TABLE {table} ADD COLUMN {name} {kind}")

    @contextmanager
    def connect(self) -> Iterator[sqlite3.Connection]:
        """A connection in one transaction: committed on success, else rolled back."""
        db = sqlite3.connect(self.path, timeout=30)
        db.row_factory = sqlite3.Row
        try:
            with db:
                yield db
        finally:
            db.close()

    # ------------------------------------------------------------- games
    def add_game(
        self,
        game: str,
        config: dict[str, Any],
        join_code: str,
        trainer_secret: str,
        teams: list[tuple[str, str]],
    ) -> None:
        """Record a new game and its teams ``(name, token)``."""
        with self.connect() as db:
            db.execute(
                "INSERT INTO games (id, created, config, join_code, trainer_secret, "
                "round, status) VALUES (?, ?, ?, ?, ?, 1, 'open')",
                (game, now(), json.dumps(config), join_code, trainer_secret),
            )
            db.executemany(
                "INSERT INTO teams (game, team, name, token) VALUES (?, ?, ?, ?)",
                [(game, i, name, token) for i, (name, token) in enumerate(teams)],
            )

    def game(self, game: str) -> dict[str, Any] | None:
        """A game's row (config decoded), or None."""
        with self.connect() as db:
            row = db.execute("SELECT * FROM games WHERE id = ?", (game,)).fetchone()
        if row is None:
            return None
        out = dict(row)
        out["config"] = json.loads(out["config"])
        return out

    def game_ids(self) -> list[str]:
        """Every game, oldest first."""
        with self.connect() as db:
            rows = db.execute("SELECT id FROM games ORDER BY created, id").fetchall()
        return [r["id"] for r in rows]

    def find(self, column: str, value: str) -> str | None:
        """The game whose ``join_code`` or ``trainer_secret`` is ``value``."""
        if column not in ("join_code", "trainer_secret"):
            raise ValueError(column)
        with self.connect() as db:
            row = db.execute(
                f"SELECT id FROM games WHERE {column} = ?", (value,)
            ).fetchone()
        return None if row is None else row["id"]

    def claim(self, game: str, round_no: int, who: str) -> str | None:
        """Claim ``game`` to play round ``round_no``; None if done, else why not.

        One transaction: the game must be open at ``round_no`` and not
        claimed by a live process.
        """
        with self.connect() as db:
            db.execute("BEGIN IMMEDIATE")  # no other writer until the end
            row = db.execute(
                "SELECT round, status, playing, playing_since FROM games WHERE id = ?",
                (game,),
            ).fetchone()
            if row is None:
                return "no such game"
            if row["status"] != "open":
                return "the game is over"
            if row["round"] != round_no:
                return f"round {round_no} has been played already"
            held = row["playing"]
            if held and held != who and not abandoned(held, row["playing_since"]):
                return "this round is being played right now"
            db.execute(
                "UPDATE games SET playing = ?, playing_since = ? WHERE id = ?",
                (who, now(), game),
            )
        return None

    def release(self, game: str, who: str) -> None:
        """Give back a claim (the round was not played)."""
        with self.connect() as db:
            db.execute(
                "UPDATE games SET playing = NULL WHERE id = ? AND playing = ?",
                (game, who),
            )

    def set_round(self, game: str, round_no: int, status: str) -> None:
        """Move a game to round ``round_no`` with ``status`` (open, finished)."""
        with self.connect() as db:
            db.execute(
                "UPDATE games SET round = ?, status = ? WHERE id = ?",
                (round_no, status, game),
            )

    # ------------------------------------------------------------- teams
    def teams(self, game: str) -> list[dict[str, Any]]:
        """The teams of a game, in order."""
        with self.connect() as db:
            rows = db.execute(
                "SELECT * FROM teams WHERE game = ? ORDER BY team", (game,)
            ).fetchall()
        return [dict(r) for r in rows]

    def team_by_token(self, token: str) -> dict[str, Any] | None:
        """The team whose token is ``token``, or None."""
        with self.connect() as db:
            row = db.execute("SELECT * FROM teams WHERE token = ?", (token,)).fetchone()
        return None if row is None else dict(row)

    def add_member(self, game: str, team: int) -> None:
        """Count one more person (a laptop or phone) in a team."""
        with self.connect() as db:
            db.execute(
                "UPDATE teams SET members = members + 1 WHERE game = ? AND team = ?",
                (game, team),
            )

    # ------------------------------------------------------------- decisions
    def put_decision(
        self, game: str, team: int, round_no: int, levers: dict, source: str
    ) -> bool:
        """Record (or replace) a team's decision for a round.

        Only while the round is open and nobody plays it: False if refused.
        """
        row = (game, team, round_no, json.dumps(levers), source, now())
        with self.connect() as db:
            done = db.execute(
                "INSERT OR REPLACE INTO decisions "
                "SELECT ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM games "
                "WHERE id = ? AND round = ? AND status = 'open' AND playing IS NULL)",
                (*row, game, round_no),
            )
            return done.rowcount == 1

    def decisions(self, game: str) -> list[dict[str, Any]]:
        """Every decision of a game, by round then team, levers decoded."""
        with self.connect() as db:
            rows = db.execute(
                "SELECT * FROM decisions WHERE game = ? ORDER BY round, team", (game,)
            ).fetchall()
        return [dict(r) | {"levers": json.loads(r["levers"])} for r in rows]

    # ------------------------------------------------------------- events
    def add_event(self, game: str, round_no: int, event: dict) -> bool:
        """Record an event injected before round ``round_no``.

        Only while the round is open and nobody plays it: False if refused.
        """
        with self.connect() as db:
            done = db.execute(
                "INSERT INTO events SELECT ?, ?, ? WHERE EXISTS (SELECT 1 FROM "
                "games WHERE id = ? AND round = ? AND status = 'open' "
                "AND playing IS NULL)",
                (game, round_no, json.dumps(event), game, round_no),
            )
            return done.rowcount == 1

    def events(self, game: str) -> list[tuple[int, dict]]:
        """The events of a game with the round each was injected before."""
        with self.connect() as db:
            rows = db.execute(
                "SELECT round, event FROM events WHERE game = ? ORDER BY rowid",
                (game,),
            ).fetchall()
        return [(r["round"], json.loads(r["event"])) for r in rows]

    # ------------------------------------------------------------- results
    def finish_round(
        self,
        game: str,
        round_no: int,
        numbers: dict[tuple[int, int], dict],
        kept: dict[int, dict],
        next_round: int,
        status: str,
        who: str,
    ) -> bool:
        """Record a played round in one transaction: numbers, kept levers, next.

        Only by the holder of the claim on round ``round_no`` (see
        :meth:`claim`); the claim ends here. False (nothing written) otherwise.
        """
        with self.connect() as db:
            moved = db.execute(
                "UPDATE games SET round = ?, status = ?, playing = NULL "
                "WHERE id = ? AND round = ? AND playing = ?",
                (next_round, status, game, round_no, who),
            )
            if moved.rowcount != 1:
                return False
            for team, levers in kept.items():
                db.execute(
                    "INSERT OR IGNORE INTO decisions VALUES (?, ?, ?, ?, 'kept', ?)",
                    (game, team, round_no, json.dumps(levers), now()),
                )
            db.executemany(
                "INSERT OR REPLACE INTO results VALUES (?, ?, ?, ?, ?)",
                [
                    (game, team, round_no, rep, json.dumps(values))
                    for (team, rep), values in numbers.items()
                ],
            )
        return True

    def results(self, game: str) -> list[dict[str, Any]]:
        """Every round's numbers: one row per team, round and replication."""
        with self.connect() as db:
            rows = db.execute(
                "SELECT * FROM results WHERE game = ? "
                "ORDER BY round, team, replication",
                (game,),
            ).fetchall()
        return [dict(r) | {"numbers": json.loads(r["numbers"])} for r in rows]
