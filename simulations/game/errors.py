"""The game's refusals: one kind of error, with a message for a person."""

from __future__ import annotations


class GameError(ValueError):
    """A request the game refuses, with a message for the person who made it."""
