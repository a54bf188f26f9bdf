"""``cfl game``: start a seminar game, see it, play a round, export it.

The games live in one SQLite file: ``--db``, else ``CFL_GAME_DB``, else
``results/game/games.sqlite`` under the current folder. The web pages
(``bash scripts/game``, under ``/game`` of the room server) read the same file.

Examples::

    cfl game new --preset product_centric --teams 4 --rounds 4  # team codes
    cfl game events > my_events.toml         # edit, then --events my_events.toml
    cfl game status GAME
    cfl game play GAME                        # close the round: every team runs it
    cfl game export GAME --out results/game/GAME --debrief
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from ..game import GameConfig, GameError, GameHall
from ..game.config import MARKETS
from ..game.debrief import debrief, keep, kept
from ..game.events import default_events_text
from ..game.export import debrief_html, export_game
from ..parameters import PRESETS
from ..present.format import money
from .common import UserError

DEFAULT_DB = Path("results") / "game" / "games.sqlite"


def database(path: str | None) -> Path:
    """Where the games live: ``path``, ``CFL_GAME_DB`` or the default."""
    return Path(path or os.environ.get("CFL_GAME_DB") or DEFAULT_DB)


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Add the ``game`` command and its sub-commands."""
    p = sub.add_parser("game", help="the seminar game: new, status, play, export")
    p.add_argument("--db", default=None, help="SQLite file of the games")
    games = p.add_subparsers(dest="game_command", required=True, metavar="ACTION")

    new = games.add_parser("new", help="start a game; prints the codes")
    new.add_argument("--preset", default="product_centric", choices=PRESETS)
    new.add_argument("--teams", type=int, default=4, help="2 to 8")
    new.add_argument("--rounds", type=int, default=4, help="1 to 12")
    new.add_argument("--round-days", type=int, default=90, help="days in a round")
    new.add_argument("--replications", type=int, default=3, help="1 to 10")
    new.add_argument(
        "--budget", type=float, default=None, help="cap per round (default: preset)"
    )
    new.add_argument("--seed", type=int, default=2026)
    new.add_argument("--names", nargs="*", default=[], help="team names")
    new.add_argument(
        "--market",
        default="shared",
        choices=list(MARKETS),
        help="shared: one town, teams compete (default); separate: a town each",
    )
    new.add_argument("--events", default=None, help="TOML file of events")
    new.add_argument(
        "--url",
        default="http://127.0.0.1:8866/game",
        help="address of the game's pages (the room server mounts them at /game)",
    )

    games.add_parser("list", help="the games in the database")
    games.add_parser("events", help="print the shipped events (TOML) to edit")
    for name, text in [
        ("status", "rounds, submissions, leaderboard"),
        ("play", "close the current round: every team's business runs it"),
    ]:
        games.add_parser(name, help=text).add_argument("game")
    inject = games.add_parser("inject", help="an event before the current round")
    inject.add_argument("game")
    inject.add_argument("event", help="event key, e.g. competitor")
    export = games.add_parser("export", help="CSV, JSON and the HTML debrief")
    export.add_argument("game")
    export.add_argument("--out", required=True, help="folder to write to")
    export.add_argument(
        "--debrief", action="store_true", help="run the debrief by direction (slow)"
    )
    p.set_defaults(func=cmd_game)


def cmd_game(args: argparse.Namespace) -> int:
    """Do the asked action; refusals are printed as errors (exit status 2)."""
    if args.game_command == "events":
        print(default_events_text(), end="")
        return 0
    hall = GameHall(database(args.db))
    try:
        if args.game_command == "new":
            text = None
            if args.events:
                try:
                    text = Path(args.events).read_text(encoding="utf-8")
                except OSError as err:
                    raise UserError(
                        f"cannot read {args.events!r}: {err.strerror}"
                    ) from None
            config = GameConfig(
                preset=args.preset,
                teams=args.teams,
                rounds=args.rounds,
                round_days=args.round_days,
                replications=args.replications,
                budget=args.budget,
                seed=args.seed,
                team_names=list(args.names),
                market=args.market,
            )
            made = hall.new_game(config, text)
            budget = hall.info(made["game"])["config"]["budget"]
            print(f"game {made['game']} started ({MARKETS[config.market]})")
            print(f"budget:       {money(budget)} a round")
            url = args.url.rstrip("/")
            print(f"trainer link: {url}/trainer?key={made['trainer_secret']}")
            print(f"teams join:   {url}/ with their team's code and their names")
            for team in hall.store.teams(made["game"]):
                print(f"  {team['code']}  {team['name']}")
        elif args.game_command == "list":
            for game in hall.store.game_ids():
                info = hall.info(game)
                print(
                    f"{game}  {info['created']}  {info['config']['preset']}  "
                    f"round {info['round']}/{info['config']['rounds']}  "
                    f"{info['status']}"
                )
        elif args.game_command == "status":
            info = hall.info(args.game)
            print(f"round {info['round']} of {info['config']['rounds']}, ", end="")
            print(f"{info['status']}; submitted: {sorted(hall.submitted(args.game))}")
            print(hall.leaderboard(args.game).to_string(index=False))
        elif args.game_command == "play":
            next_round = hall.play_round(args.game)
            print(f"round {next_round - 1} played")
            print(hall.leaderboard(args.game).to_string(index=False))
        elif args.game_command == "inject":
            event = hall.inject(args.game, args.event)
            print(f"before round {hall.info(args.game)['round']}: {event.title}")
        elif args.game_command == "export":
            export(hall, args)
    except GameError as err:
        raise UserError(str(err)) from None
    finally:
        hall.close()
    return 0


def export(hall: GameHall, args: argparse.Namespace) -> None:
    """Write the game's files, and the debrief report (run, or as kept)."""
    table = kept(hall, args.game)
    if args.debrief:
        table = debrief(hall, args.game)
        keep(hall, args.game, table, hall.info(args.game)["config"]["replications"])
    paths = export_game(hall, args.game, args.out)
    report = Path(args.out) / "debrief.html"
    report.write_text(debrief_html(hall, args.game, table), "utf-8")
    for path in [*paths, report]:
        print(f"wrote {path}")
