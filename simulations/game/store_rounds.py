"""What a game records round by round: decisions, events, numbers, the debrief.

The part of :class:`~simulations.game.store.Store` that a round writes and
the pages read. Decisions and events are taken only while their round is
open and nobody plays it (see :meth:`~simulations.game.store.Store.claim`);
a round's numbers are written by the holder of the claim alone.
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import AbstractContextManager
from typing import Any

from .claims import now


class RoundRecords:
    """Decisions, events, every round's numbers and the debrief of the games."""

    def connect(self) -> AbstractContextManager[sqlite3.Connection]:  # pragma: no cover
        raise NotImplementedError  # the Store's

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

    # ------------------------------------------------------------- debrief
    def save_debrief(self, game: str, replications: int, rows: list[dict]) -> None:
        """Keep a game's debrief (its rows as plain data), replacing an older one."""
        with self.connect() as db:
            db.execute(
                "INSERT OR REPLACE INTO debriefs VALUES (?, ?, ?, ?)",
                (game, now(), replications, json.dumps(rows)),
            )

    def debrief(self, game: str) -> dict[str, Any] | None:
        """A game's kept debrief: ``made``, ``replications``, ``rows``; or None."""
        with self.connect() as db:
            row = db.execute(
                "SELECT * FROM debriefs WHERE game = ?", (game,)
            ).fetchone()
        if row is None:
            return None
        return dict(row) | {"rows": json.loads(row["rows"])}
