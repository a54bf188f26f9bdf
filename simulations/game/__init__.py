"""The seminar game: teams run copies of one business over rounds.

Each team runs its own copy of the same starting business, on common random
numbers, so that differences come from decisions alone (teams do not take
customers from each other: this is not a shared market). By module:

* :mod:`.config` - a game's settings, the teams' levers, their costs;
* :mod:`.events` - shocks between rounds, from a small TOML list;
* :mod:`.play` - live runs kept between rounds, and replays from the seed;
* :mod:`.store` - the lasting record in SQLite;
* :mod:`.session` - :class:`GameHall`: games, teams, rounds, leaderboard;
* :mod:`.debrief` - what moved each team's results, and "what if";
* :mod:`.export` - CSV, JSON and the HTML debrief report.

Nothing here knows a web framework; ``app.py`` is the Solara face.
"""

from .config import GAME_LEVERS, GameConfig
from .session import LEADERBOARD, GameError, GameHall

__all__ = ["GAME_LEVERS", "LEADERBOARD", "GameConfig", "GameError", "GameHall"]
