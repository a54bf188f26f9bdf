"""The seminar game: teams run businesses in one town, round after round.

By default the teams' businesses serve one town and compete for its people
(:class:`~simulations.model.town.Town`); "separate markets" gives each team
its own copy of the town instead. Every business draws the same random
numbers (common random numbers), so that identical teams get equal expected
results. By module:

* :mod:`.levers` - the levers a team sets, in plain words;
* :mod:`.config` - a game's settings and what a choice costs;
* :mod:`.events` - shocks between rounds, from a small TOML list;
* :mod:`.play` - live towns kept between rounds, and replays from the seed;
* :mod:`.store`, :mod:`.store_rounds`, :mod:`.claims` - the lasting record in
  SQLite, and one writer per round;
* :mod:`.state`, :mod:`.rounds`, :mod:`.session` - :class:`GameHall`: games,
  teams and their codes, rounds, the leaderboard;
* :mod:`.report` - each team's results of a round, with what happened and why;
* :mod:`.debrief`, :mod:`.sentences` - what moved each team's results, in
  business sentences, and "what if";
* :mod:`.charts`, :mod:`.export` - charts round by round; CSV, JSON and the
  HTML pages to print.

Nothing here knows a web framework but the pages: ``app.py``, ``web.py``,
``widgets.py``, ``team_page.py`` and ``trainer_page.py`` are the Solara face.
"""

from .config import GameConfig
from .levers import GAME_LEVERS
from .session import LEADERBOARD, GameError, GameHall

__all__ = ["GAME_LEVERS", "LEADERBOARD", "GameConfig", "GameError", "GameHall"]
