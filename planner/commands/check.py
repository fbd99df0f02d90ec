"""``planner check --event SLUG [--json]``: the conflicts of an event.

The exit status is 1 when any error-level conflict is not acknowledged, else 0. With
``--json`` the output is a JSON array of objects with exactly the keys ``rule``,
``severity``, ``sessions`` (guids, sorted), ``people`` (names), ``start``, ``end`` (ISO
8601 with the event's offset) and ``message``; acknowledged conflicts are listed too.
"""

from __future__ import annotations

import argparse
import json
import logging
from typing import Any

from planner.commands.common import StoreOpener, out
from planner.domain.conflicts import ERROR, Conflict, ConflictEngine
from planner.domain.model import Event
from planner.text import plural

log = logging.getLogger(__name__)


def register(sub: Any) -> None:
    p = sub.add_parser("check", help="list the conflicts of an event; exit status 1 when any is an error")
    p.add_argument("--event", required=True, metavar="SLUG", help="the event to check")
    p.add_argument("--json", action="store_true", help="print a JSON array instead of text")
    p.set_defaults(func=cmd_check)


def conflict_json(event: Event, c: Conflict) -> dict[str, Any]:
    zone = event.zone
    return {
        "rule": c.rule,
        "severity": c.severity,
        "sessions": list(c.sessions),
        "people": list(c.people),
        "start": c.start.astimezone(zone).isoformat(),
        "end": c.end.astimezone(zone).isoformat(),
        "message": c.message,
    }


def cmd_check(args: argparse.Namespace, open_store: StoreOpener) -> int:
    with open_store() as store:
        schedule = store.load(args.event)
    conflicts = ConflictEngine(schedule).conflicts()
    open_errors = sum(1 for c in conflicts if c.severity == ERROR and not c.acknowledged)
    if args.json:
        out(json.dumps([conflict_json(schedule.event, c) for c in conflicts], ensure_ascii=False, indent=2))
    else:
        _print_text(schedule.event, conflicts)
    return 1 if open_errors else 0


def _print_text(event: Event, conflicts: list[Conflict]) -> None:
    if not conflicts:
        out("no conflicts")
        return
    zone = event.zone
    for c in conflicts:
        when = c.start.astimezone(zone).strftime("%a %d %b %H:%M")
        line = f"{c.severity.upper():<7}  {c.rule:<20}  {when}  {c.message}"
        if c.acknowledged:
            line += f"  [acknowledged{': ' + c.note if c.note else ''}]"
        out(line)
    errors = sum(1 for c in conflicts if c.severity == ERROR and not c.acknowledged)
    warnings = sum(1 for c in conflicts if c.severity != ERROR and not c.acknowledged)
    acked = sum(1 for c in conflicts if c.acknowledged)
    out(f"{plural(errors, 'error')}, {plural(warnings, 'warning')}, {acked} acknowledged")
