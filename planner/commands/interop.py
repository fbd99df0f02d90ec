"""``planner import``, ``planner export`` and ``planner reimport``.

``planner import FILE [--format F] [--name N] [--tz ZONE]`` adds a new event, prints its
slug on stdout and a short report of what was adjusted on stderr.
``planner export --event SLUG --format F --out FILE [--page-size A4|Letter]``.
``planner reimport --event SLUG FILE [--apply]`` shows how a newer version of a schedule
differs from the event (added, removed, moved, retimed, renamed), and applies it with
``--apply``.
"""

from __future__ import annotations

import argparse
import gc
import logging
import sys
from pathlib import Path
from typing import Any

from planner.commands.common import StoreOpener, out, warn
from planner.errors import UserError
from planner.text import noun, plural

log = logging.getLogger(__name__)


def register(sub: Any) -> None:
    from planner.interop import EXPORT_FORMATS, IMPORT_FORMATS

    p = sub.add_parser("import", help="import a schedule as a new event and print its slug")
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument("--format", choices=IMPORT_FORMATS, help="the file's format (default: from its content)")
    p.add_argument("--name", help="the event's name (default: the one in the file)")
    p.add_argument(
        "--tz",
        metavar="ZONE",
        help="the time zone of times the file gives without one (an IANA name such as Europe/Brussels)",
    )
    p.set_defaults(func=cmd_import)
    p = sub.add_parser("export", help="export an event's schedule")
    p.add_argument("--event", required=True, metavar="SLUG")
    p.add_argument("--format", required=True, choices=EXPORT_FORMATS)
    p.add_argument("--out", required=True, type=Path, metavar="FILE")
    p.add_argument("--page-size", choices=("A4", "Letter"), default="A4", help="paper for pdf (default A4)")
    p.add_argument("--room", metavar="NAME", help="ics: only this room's sessions")
    p.add_argument("--person", metavar="NAME", help="ics: only this person's sessions")
    p.add_argument(
        "--version",
        dest="schedule_version",
        metavar="V",
        help="a published version's number or name (default: now)",
    )
    p.set_defaults(func=cmd_export)
    p = sub.add_parser(
        "reimport",
        help="compare a newer version of a schedule with an event "
        "(added, removed, moved, retimed, renamed); --apply applies it",
    )
    p.add_argument("--event", required=True, metavar="SLUG")
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument("--format", choices=IMPORT_FORMATS)
    p.add_argument("--tz", metavar="ZONE")
    p.add_argument("--apply", action="store_true", help="apply the differences (one transaction)")
    p.set_defaults(func=cmd_reimport)


class _Bar:
    """A progress line on stderr when it is a terminal."""

    def __init__(self) -> None:
        self.tty = sys.stderr.isatty()

    def __call__(self, done: int, total: int) -> None:
        if self.tty and total:
            print(f"\rreading… {100 * done // total:3d}%", end="", file=sys.stderr, flush=True)
            if done >= total:
                print("\r" + " " * 20 + "\r", end="", file=sys.stderr, flush=True)


def cmd_import(args: argparse.Namespace, open_store: StoreOpener) -> int:
    from planner.interop import read

    # A large file makes hundreds of thousands of objects and no reference cycles: the
    # cyclic collector would walk them again and again (a fifth of a 50 MB import's time).
    # It stays off until they are gone: switched on while they live, the first collection
    # would walk them all once more.
    collecting = gc.isenabled()
    gc.disable()
    try:
        result = read(args.file, args.format, tz=args.tz, progress=_Bar())
        if args.name:
            result.schedule.event.name = args.name
            result.schedule.event.slug = ""
        with open_store() as store:
            # the reader's builder validated the schedule; only the event's name may have changed
            slug = store.add_schedule(result.schedule, sessions_validated=True)
        out(slug)
        s = result.schedule
        warn(
            f"imported {plural(len(s.sessions), 'session')}, {plural(len(s.rooms), 'room')}, "
            f"{plural(len(s.people), 'person', 'people')} "
            f"from {args.file.name}"
        )
        for line in result.report.lines():
            print(f"  {line}", file=sys.stderr)
        del s, result
    finally:
        if collecting:
            gc.enable()
    return 0


def cmd_export(args: argparse.Namespace, open_store: StoreOpener) -> int:
    from planner.interop import write
    from planner.versions import state

    with open_store() as store:
        schedule = state(store, args.event, args.schedule_version).schedule
    options: dict[str, object] = {}
    if args.format == "pdf":
        options["pagesize"] = args.page_size
    if (args.room or args.person) and args.format != "ics":
        raise UserError("--room and --person narrow an ics export only", where="--format")
    if args.room:
        rooms = [r for r in schedule.rooms if r.name.casefold() == args.room.strip().casefold()]
        if not rooms:
            raise UserError(
                f"the event has no room {args.room!r} (rooms: "
                f"{', '.join(r.name for r in schedule.sorted_rooms()[:8])}…)",
                where="--room",
            )
        options["room"] = rooms[0].guid
    if args.person:
        people = [p for p in schedule.people if p.name.casefold() == args.person.strip().casefold()]
        if not people:
            raise UserError(f"the event has no person named {args.person!r}", where="--person")
        options["person"] = people[0].guid
    write(schedule, args.out, args.format, **options)
    # frab XML, JSON and iCalendar keep a session with a time but no room; the PDF grid
    # has a column per room and leaves it out
    no_time = [x for x in schedule.sessions if x.start is None]
    no_room = [x for x in schedule.sessions if x.start is not None and x.room is None]
    if no_time and args.format in ("frab-xml", "schedule-json", "ics", "pdf"):
        n = len(no_time)
        warn(f"{plural(n, 'session')} without a time {noun(n, 'was', 'were')} left out")
    if no_room and args.format == "pdf":
        n = len(no_room)
        warn(f"{plural(n, 'session')} without a room {noun(n, 'was', 'were')} left out")
    return 0


def cmd_reimport(args: argparse.Namespace, open_store: StoreOpener) -> int:
    from planner.interop import read
    from planner.interop.diff import apply_diff, diff_schedules

    result = read(args.file, args.format, tz=args.tz)
    with open_store() as store:
        current = store.load(args.event)
        d = diff_schedules(current, result.schedule)
        for line in d.lines():
            out(line)
        if args.apply and not d.empty:
            apply_diff(store, args.event, current, result.schedule, d)
            warn(f"applied {d.summary()} to {args.event}")
        elif not args.apply and not d.empty:
            warn("nothing changed yet: add --apply to apply these differences")
    return 0
