"""``planner events`` and ``planner demo``."""

from __future__ import annotations

import argparse
from typing import Any

from planner.commands.common import StoreOpener, out
from planner.text import plural


def register(sub: Any) -> None:
    p = sub.add_parser("events", help="list events: slug, name, dates, rooms, sessions")
    p.set_defaults(func=cmd_events)
    p = sub.add_parser("demo", help="add the demo event and print its slug")
    p.set_defaults(func=cmd_demo)


def cmd_events(args: argparse.Namespace, open_store: StoreOpener) -> int:
    with open_store() as store:
        events = store.list_events()
    if not events:
        out("no events yet (try: planner demo, or planner import FILE)")
        return 0
    width = max(len(e.slug) for e in events)
    for e in events:
        days = e.first_day.isoformat() if e.first_day == e.last_day else f"{e.first_day}..{e.last_day}"
        out(
            f"{e.slug:<{width}}  {e.name}  {days}  {plural(e.rooms, 'room')}  {plural(e.sessions, 'session')}"
        )
    return 0


def cmd_demo(args: argparse.Namespace, open_store: StoreOpener) -> int:
    from planner.demo import add_demo

    with open_store() as store:
        slug = add_demo(store)
    out(slug)
    return 0
