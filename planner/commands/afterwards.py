"""``planner attendance import``, ``planner feedback import``, ``planner report`` and
``planner reminders``: the numbers after the event and the reminders before it."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path
from typing import Any

from planner.commands.common import StoreOpener, out
from planner.text import plural

log = logging.getLogger(__name__)


# What each column holds, in the order of the aliases in the readers (the README's
# tables say the same; tests/cli/test_csv_columns_documented.py keeps them together).
ATTENDANCE_MEANING = {
    "session": "the session's guid or its title (required)",
    "registered": "people registered, a whole number (required)",
    "attended": "people who attended, a whole number (required)",
    "peak_viewers": "most viewers at one time, a whole number (optional)",
    "avg_minutes": "average minutes watched, decimals allowed (optional)",
}
FEEDBACK_MEANING = {
    "session": "the session's guid or its title (required)",
    "rating": "a whole number from 1 to 5 (required)",
    "comment": "free text, at most 4000 characters (optional)",
}


def columns_help(aliases: dict[str, tuple[str, ...]], meaning: dict[str, str]) -> str:
    """The columns of an import as ``--help`` shows them: the header name, what it holds,
    the other header spellings accepted."""
    width = max(len(names[0]) for names in aliases.values())
    lines = ["columns (a header row, names in any case; separated by , ; or tab; UTF-8 or Windows-1252):"]
    for key, names in aliases.items():
        lines.append(f"  {names[0]:<{width}}  {meaning[key]}")
        if len(names) > 1:
            lines.append(f"  {'':<{width}}  also: {', '.join(names[1:])}")
    if "registered" in aliases:
        lines.append("Numbers: thousands separators allowed; at most 1,000,000,000; never negative.")
    lines.append("A bad row stops the import (file, line and column named); nothing is saved.")
    return "\n".join(lines)


def register(sub: Any) -> None:
    from planner.afterwards.attendance import ALIASES as ATTENDANCE_ALIASES
    from planner.afterwards.feedback import ALIASES as FEEDBACK_ALIASES

    p = sub.add_parser("attendance", help="attendance per session (import a CSV)")
    asub = p.add_subparsers(dest="attendance_command", metavar="ACTION", required=True)
    a = asub.add_parser(
        "import",
        help="import attendance: session (guid or title), registered, attended, "
        "peak viewers, average minutes watched",
        epilog=columns_help(ATTENDANCE_ALIASES, ATTENDANCE_MEANING),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    a.add_argument("file", type=Path, metavar="FILE")
    a.add_argument("--event", required=True, metavar="SLUG")
    a.set_defaults(func=cmd_attendance_import)

    p = sub.add_parser("feedback", help="ratings of sessions (import a CSV)")
    fsub = p.add_subparsers(dest="feedback_command", metavar="ACTION", required=True)
    f = fsub.add_parser(
        "import",
        help="import feedback: session, rating 1 to 5, comment; replaces "
        "the event's earlier ratings unless --append",
        epilog=columns_help(FEEDBACK_ALIASES, FEEDBACK_MEANING),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    f.add_argument("file", type=Path, metavar="FILE")
    f.add_argument("--event", required=True, metavar="SLUG")
    f.add_argument("--append", action="store_true", help="keep the ratings imported before")
    f.set_defaults(func=cmd_feedback_import)

    r = sub.add_parser("report", help="write the post-event report (PDF)")
    r.add_argument("--event", required=True, metavar="SLUG")
    r.add_argument("--out", required=True, type=Path, metavar="FILE.pdf")
    r.set_defaults(func=cmd_report)

    m = sub.add_parser(
        "reminders",
        help="write a calendar (.ics) per speaker and moderator and a reminders CSV for a mail merge",
    )
    m.add_argument("--event", required=True, metavar="SLUG")
    m.add_argument("--out", required=True, type=Path, metavar="DIR")
    m.set_defaults(func=cmd_reminders)


def cmd_attendance_import(args: argparse.Namespace, open_store: StoreOpener) -> int:
    from planner import edits
    from planner.afterwards import attendance
    from planner.store.day_record import load_attendance

    with open_store() as store:
        schedule = store.load(args.event)
        rows = attendance.read(args.file, schedule)
        edit = edits.import_attendance(
            load_attendance(store, args.event), rows, f"Imported attendance from {args.file.name}"
        )
        store.apply(args.event, edit)
        n = len(edit.after)
    out(f"imported the attendance of {plural(n, 'session')} into {args.event}")
    return 0


def cmd_feedback_import(args: argparse.Namespace, open_store: StoreOpener) -> int:
    from planner import edits
    from planner.afterwards import feedback
    from planner.store.day_record import load_feedback

    with open_store() as store:
        schedule = store.load(args.event)
        items = feedback.read(args.file, schedule)
        store.apply(
            args.event,
            edits.import_feedback(
                load_feedback(store, args.event),
                items,
                replace=not args.append,
                label=f"Imported {len(items)} ratings from {args.file.name}",
            ),
        )
        n = len(items)
    out(f"imported {plural(n, 'rating')} into {args.event}")
    return 0


def cmd_report(args: argparse.Namespace, open_store: StoreOpener) -> int:
    from planner.afterwards.report import ReportData, write_report
    from planner.store.day_record import load_attendance, load_feedback

    with open_store() as store:
        data = ReportData(
            store.load(args.event), load_attendance(store, args.event), load_feedback(store, args.event)
        )
    path = args.out
    if path.suffix.lower() != ".pdf":
        path = path.with_suffix(path.suffix + ".pdf") if path.suffix else path.with_suffix(".pdf")
    write_report(data, path)
    out(str(path))
    return 0


def cmd_reminders(args: argparse.Namespace, open_store: StoreOpener) -> int:
    from planner.afterwards.reminders import write_reminders

    with open_store() as store:
        schedule = store.load(args.event)
    if args.out.exists() and not args.out.is_dir():
        from planner.errors import UserError

        raise UserError("is a file; give a folder for the calendars and the CSV", where=str(args.out))
    files, csv_path = write_reminders(schedule, args.out)
    out(f"wrote {plural(len(files), 'calendar')} and {csv_path}")
    return 0
