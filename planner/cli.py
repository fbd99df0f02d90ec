"""The command line: ``planner`` opens the window, ``planner COMMAND`` works headless.

Errors reach stderr as one sentence with a non-zero exit status, never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import NoReturn

from planner import __version__
from planner.commands import COMMAND_MODULES
from planner.domain.model import DomainError
from planner.errors import UserError
from planner.logs import setup_logging
from planner.store import Store, default_db_path

log = logging.getLogger(__name__)


def _size(text: str) -> tuple[int, int]:
    try:
        w, h = (int(x) for x in text.lower().split("x"))
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{text!r} is not a size like 1400x900") from exc
    if not (200 <= w <= 10000 and 200 <= h <= 10000):
        raise argparse.ArgumentTypeError("width and height must be between 200 and 10000")
    return w, h


def _clock(text: str) -> datetime:
    try:
        return datetime.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{text!r} is not a time like 2025-12-27T11:00") from exc


def build_parser(commands: bool = True) -> argparse.ArgumentParser:
    """The whole command line; with ``commands=False`` only the options of the window
    (the command modules, and what they import, are not needed to open it)."""
    parser = (argparse.ArgumentParser if commands else _WindowParser)(
        prog="planner",
        description="Plan virtual and hybrid events with sessions in parallel rooms.",
    )
    parser.add_argument("--version", action="version", version=f"planner {__version__}")
    parser.add_argument(
        "--db",
        type=Path,
        default=None,
        help="the database file (default: $PLANNER_DB, else planner.sqlite in the user data dir)",
    )
    parser.add_argument(
        "--screenshot",
        type=Path,
        metavar="FILE.png",
        help="render the main window offscreen to a PNG and exit",
    )
    parser.add_argument("--event", metavar="SLUG", help="the event to show")
    parser.add_argument(
        "--size",
        type=_size,
        default=(1400, 900),
        metavar="WxH",
        help="window size for --screenshot (default 1400x900)",
    )
    parser.add_argument(
        "--clock",
        type=_clock,
        metavar="ISO",
        help="simulate the clock from this time (in the event's zone if no offset)",
    )
    parser.add_argument(
        "--speed", type=float, default=1.0, help="speed factor of the simulated clock (default 1)"
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log more")
    if not commands:
        parser.set_defaults(command=None)
        return parser
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    for command in sub.choices.values():
        _accept_db_anywhere(command)
    return parser


def _accept_db_anywhere(parser: argparse.ArgumentParser) -> None:
    """Every command takes ``--db`` after its name too (``planner import F --db x``), and
    so do nested ones (``planner people import F --db x``)."""
    # argparse offers no public way to list a parser's actions; its private one is stable.
    if not any("--db" in a.option_strings for a in parser._actions):  # noqa: SLF001
        parser.add_argument(
            "--db", type=Path, default=argparse.SUPPRESS, help="the database file (as before the command)"
        )
    for action in parser._actions:  # noqa: SLF001
        if isinstance(action, argparse._SubParsersAction):  # noqa: SLF001
            for child in action.choices.values():
                _accept_db_anywhere(child)


class _NotForTheWindowError(Exception):
    """The window's options alone cannot parse these arguments."""


class _WindowParser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _NotForTheWindowError(message)


def _parse(argv: list[str]) -> tuple[argparse.ArgumentParser, argparse.Namespace]:
    """Parse ``argv``; the command modules are loaded only when a command (or --help)
    asks for them, so that opening the window does not wait for them. Anything the
    window's options cannot parse goes to the whole parser, for its usage and error."""
    if not any(a in ("-h", "--help") for a in argv):
        window = build_parser(commands=False)
        try:
            args, rest = window.parse_known_args(argv)
        except _NotForTheWindowError:
            rest = argv
        if not rest:
            return window, args
    parser = build_parser()
    return parser, parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    parser, args = _parse(list(sys.argv[1:] if argv is None else argv))
    db_path: Path = args.db.expanduser() if args.db else default_db_path()
    setup_logging(verbose=args.verbose, gui=args.command is None)

    def open_store() -> Store:
        return Store.open(db_path)

    try:
        if args.command is None:
            from planner.app import run_gui

            return run_gui(args, db_path)
        func = getattr(args, "func", None)
        if func is None:
            parser.parse_args([args.command, "--help"])
            return 2
        return int(func(args, open_store))
    except (UserError, DomainError) as exc:
        print(f"planner: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("planner: cancelled", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader stopped early (`planner events | grep -q x`, `| head`): what it
        # wanted was written. Point stdout at nothing so that the flush at exit is quiet.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except OSError as exc:
        reason = (exc.strerror or str(exc)).rstrip(".").lower()
        if getattr(exc, "filename", None):
            print(f"planner: error: {exc.filename}: {reason}", file=sys.stderr)
        else:
            print(f"planner: error: {reason}", file=sys.stderr)
        return 1
