"""``planner schedule`` (arrange an event) and ``planner pin`` (hold sessions in place).

``planner schedule --event SLUG [--mode place|repair|rebuild] [--time-limit S] [--dry-run]
[--json]`` saves what it arranged in one transaction (nothing with ``--dry-run``) and exits
0 when every targeted session is placed and no error conflict is open, 1 when some could
not be (each printed with its reason), 2 on bad input. ``--json`` prints an object with the
keys ``mode``, ``placed`` and ``moved`` (guids), ``unplaced`` (``guid``, ``title``,
``reason``), ``seconds`` and ``optimal`` (and ``errors_left``, a count).

``planner pin --event SLUG [--room-only|--off] GUID...``: pin sessions in time and room
(the default), to their room only, or unpin them.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from dataclasses import replace
from typing import Any

from planner.commands.common import StoreOpener, out, warn
from planner.domain.model import Pin, Schedule, Session
from planner.errors import UserError
from planner.store import Store

log = logging.getLogger(__name__)

MODES = ("place", "repair", "rebuild")


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from exc
    if not 0 < value <= 3600:
        raise argparse.ArgumentTypeError("the time limit is between 0 and 3600 seconds")
    return value


def register(sub: Any) -> None:
    p = sub.add_parser(
        "schedule",
        help="arrange an event: place unscheduled sessions, repair conflicts or rebuild the schedule",
    )
    p.add_argument("--event", required=True, metavar="SLUG", help="the event to arrange")
    p.add_argument("--mode", choices=MODES, default="place", help="what to do (default: place)")
    p.add_argument(
        "--time-limit", type=_seconds, default=10.0, metavar="SECONDS", help="search time (default 10)"
    )
    p.add_argument("--dry-run", action="store_true", help="show what would change; save nothing")
    p.add_argument("--json", action="store_true", help="print a JSON object instead of text")
    p.set_defaults(func=cmd_schedule)
    q = sub.add_parser("pin", help="pin sessions in time and room (or to their room, or unpin them)")
    q.add_argument("--event", required=True, metavar="SLUG", help="the event of the sessions")
    how = q.add_mutually_exclusive_group()
    how.add_argument("--room-only", action="store_true", help="keep them in their room; the time may move")
    how.add_argument("--off", action="store_true", help="unpin them")
    q.add_argument("guids", nargs="+", metavar="GUID", help="the sessions' guids")
    q.set_defaults(func=cmd_pin)


def save_arranged(store: Store, slug: str, sessions: list[Session], label: str = "") -> None:
    """The one write of arranging and pinning: every changed session as one edit (one
    transaction with its edit-log entry)."""
    from planner import edits

    if sessions:
        store.apply(slug, edits.save_sessions(store.load(slug), sessions, label))


def _load(open_store: StoreOpener, slug: str) -> Schedule | None:
    try:
        with open_store() as store:
            return store.load(slug)
    except UserError as exc:
        print(f"planner: error: {exc}", file=sys.stderr)
        return None


def cmd_schedule(args: argparse.Namespace, open_store: StoreOpener) -> int:
    schedule = _load(open_store, args.event)
    if schedule is None:
        return 2
    from planner.domain.arrange import arrange  # OR-Tools comes with it: only here

    def progress(fraction: float, what: str) -> None:
        if not args.json:
            log.info("arranging: %.0f%% %s", fraction * 100, what)

    proposal = arrange(schedule, args.mode, time_limit=args.time_limit, progress=progress)
    if not args.dry_run and proposal.sessions:
        with open_store() as store:
            save_arranged(store, args.event, proposal.sessions)
    if args.json:
        out(
            json.dumps(
                {
                    "mode": proposal.mode,
                    "placed": proposal.placed,
                    "moved": proposal.moved,
                    "unplaced": [
                        {"guid": u.guid, "title": u.title, "reason": u.reason} for u in proposal.unplaced
                    ],
                    "seconds": round(proposal.seconds, 3),
                    "optimal": proposal.optimal,
                    "errors_left": len(proposal.errors_left),
                },
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        verb = "would be" if args.dry_run else "were"
        out(
            f"{args.mode}: {proposal.targeted} sessions considered; {len(proposal.placed)} placed and "
            f"{len(proposal.moved)} moved {verb} saved in {proposal.seconds:.1f} s"
            + (" (optimal)" if proposal.optimal else "")
        )
        for u in proposal.unplaced:
            out(f"not placed: “{u.title}” ({u.guid}): {u.reason}")
        if proposal.errors_left:
            out(f"{len(proposal.errors_left)} error conflicts remain (planner check --event {args.event})")
    return 0 if proposal.complete else 1


def cmd_pin(args: argparse.Namespace, open_store: StoreOpener) -> int:
    schedule = _load(open_store, args.event)
    if schedule is None:
        return 2
    pin = Pin.NONE if args.off else Pin.ROOM if args.room_only else Pin.FULL
    sessions = schedule.session_by_guid()
    changed: list[Session] = []
    for guid in dict.fromkeys(args.guids):
        s = sessions.get(guid)
        if s is None:
            warn(f"error: event {args.event!r} has no session {guid}")
            return 2
        if pin == Pin.FULL and not s.scheduled:
            warn(f"error: “{s.title}” ({guid}) has no time and room yet: pin it after it is placed")
            return 2
        if pin == Pin.ROOM and s.room is None:
            warn(f"error: “{s.title}” ({guid}) has no room yet: it cannot be pinned to one")
            return 2
        if s.pin != pin:
            changed.append(replace(s, pin=pin))
    with open_store() as store:
        save_arranged(store, args.event, changed)
    what = {Pin.NONE: "unpinned", Pin.FULL: "pinned", Pin.ROOM: "pinned to their room"}[pin]
    out(f"{len(changed)} sessions {what} ({len(args.guids) - len(changed)} already so)")
    return 0
