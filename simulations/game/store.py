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
import secrets
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .claims import abandoned, now
from .store_rounds import RoundRecords

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
    playing_since TEXT,
    settings TEXT
);
CREATE TABLE IF NOT EXISTS teams (
    game TEXT NOT NULL,
    team INTEGER NOT NULL,
    name TEXT NOT NULL,
    token TEXT NOT NULL UNIQUE,
    members INTEGER NOT NULL DEFAULT 0,
    code TEXT,
    PRIMARY KEY (game, team)
);
CREATE TABLE IF NOT EXISTS devices (
    game TEXT NOT NULL,
    team INTEGER NOT NULL,
    name TEXT NOT NULL,
    joined TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS debriefs (
    game TEXT PRIMARY KEY,
    made TEXT NOT NULL,
    replications INTEGER NOT NULL,
    rows TEXT NOT NULL
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
    "games": {"playing": "TEXT", "playing_since": "TEXT", "settings": "TEXT"},
    "teams": {"code": "TEXT"},
}
"""Columns added since the first version, added to older files when opened."""

CODE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
"""Letters of the codes people type: no 0 and O, no 1 and I."""

SETTINGS: dict[str, Any] = {"play_when_all_in": False, "deadline": None}
"""A game's settings the trainer changes as it goes, and their defaults:
play a round as soon as every team is in (else only on the trainer's Play),
and the time decisions close (UTC, ISO 8601), if any."""


def new_code(length: int = 6) -> str:
    """A code to type: ``length`` letters and digits that cannot be confused."""
    return "".join(secrets.choice(CODE_LETTERS) for _ in range(length))


class Store(RoundRecords):
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
            # Teams of older files get a code of their own.
            for row in db.execute("SELECT rowid FROM teams WHERE code IS NULL"):
                db.execute(
                    "UPDATE teams SET code = ? WHERE rowid = ?",
                    (new_code(), row["rowid"]),
                )
            db.execute("CREATE UNIQUE INDEX IF NOT EXISTS team_codes ON teams (code)")

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
        teams: list[tuple[str, str, str]],
    ) -> None:
        """Record a new game and its teams ``(name, token, code)``."""
        with self.connect() as db:
            db.execute(
                "INSERT INTO games (id, created, config, join_code, trainer_secret, "
                "round, status, settings) VALUES (?, ?, ?, ?, ?, 1, 'open', ?)",
                (
                    game,
                    now(),
                    json.dumps(config),
                    join_code,
                    trainer_secret,
                    json.dumps(SETTINGS),
                ),
            )
            db.executemany(
                "INSERT INTO teams (game, team, name, token, code) "
                "VALUES (?, ?, ?, ?, ?)",
                [(game, i, *team) for i, team in enumerate(teams)],
            )

    def game(self, game: str) -> dict[str, Any] | None:
        """A game's row (config decoded), or None."""
        with self.connect() as db:
            row = db.execute("SELECT * FROM games WHERE id = ?", (game,)).fetchone()
        if row is None:
            return None
        out = dict(row)
        out["config"] = json.loads(out["config"])
        out["settings"] = SETTINGS | json.loads(out["settings"] or "{}")
        return out

    def set_settings(self, game: str, **changes: Any) -> None:
        """Change some of a game's :data:`SETTINGS`."""
        unknown = set(changes) - set(SETTINGS)
        if unknown:
            raise ValueError(f"no setting {', '.join(sorted(unknown))}")
        with self.connect() as db:
            row = db.execute("SELECT settings FROM games WHERE id = ?", (game,))
            old = json.loads((row.fetchone() or {"settings": "{}"})["settings"] or "{}")
            db.execute(
                "UPDATE games SET settings = ? WHERE id = ?",
                (json.dumps(SETTINGS | old | changes), game),
            )

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

    def team_by(self, column: str, value: str) -> dict[str, Any] | None:
        """The team whose ``token`` or ``code`` is ``value``, or None."""
        if column not in ("token", "code"):
            raise ValueError(column)
        with self.connect() as db:
            row = db.execute(
                f"SELECT * FROM teams WHERE {column} = ?", (value,)
            ).fetchone()
        return None if row is None else dict(row)

    def rename(self, game: str, team: int, name: str) -> None:
        """Give a team another name."""
        with self.connect() as db:
            db.execute(
                "UPDATE teams SET name = ? WHERE game = ? AND team = ?",
                (name, game, team),
            )

    def add_member(self, game: str, team: int, name: str) -> None:
        """One more device (a laptop or phone) in a team, with its person's name."""
        with self.connect() as db:
            db.execute(
                "UPDATE teams SET members = members + 1 WHERE game = ? AND team = ?",
                (game, team),
            )
            db.execute(
                "INSERT INTO devices VALUES (?, ?, ?, ?)", (game, team, name, now())
            )

    def devices(self, game: str) -> dict[int, list[str]]:
        """The names of each team's devices, in the order they joined."""
        with self.connect() as db:
            rows = db.execute(
                "SELECT team, name FROM devices WHERE game = ? ORDER BY rowid",
                (game,),
            ).fetchall()
        out: dict[int, list[str]] = {}
        for row in rows:
            out.setdefault(row["team"], []).append(row["name"])
        return out
