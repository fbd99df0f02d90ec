"""``planner event show --event SLUG [--json]`` and ``planner event set --event SLUG
FIELD=VALUE...``: an event's own fields (name, description, timezone, first-day,
last-day, day-start, day-end, slot, invite-url, invite-template).

``event set`` checks every value (a sentence naming the field) and saves them together
through :func:`save_event` (one edit, planner.edits.EventEdit), or saves nothing.
"""

from __future__ import annotations

import argparse
import json
import logging
from typing import Any

from planner.commands.common import StoreOpener, out
from planner.domain.model import Event
from planner.store import Store

log = logging.getLogger(__name__)

_HELP_FIELDS = (
    "name; description; timezone (IANA, e.g. Europe/Vienna); first-day, last-day (2026-12-12); "
    "day-start, day-end (HH:MM; an end at or before the start is the next morning); "
    "slot (5, 10, 15 or 30 minutes); invite-url (https://…, empty to clear); "
    "invite-template (with {token} once; {base_url} and {slug} allowed; empty for the default)"
)


def register(sub: Any) -> None:
    p = sub.add_parser("event", help="show or set an event's fields (name, days, hours, invite link, ...)")
    esub = p.add_subparsers(dest="event_command", metavar="ACTION", required=True)
    s = esub.add_parser("show", help="print an event's fields")
    s.add_argument("--event", required=True, metavar="SLUG")
    s.add_argument("--json", action="store_true", help="print a JSON object keyed by the field names")
    s.set_defaults(func=cmd_event_show)
    t = esub.add_parser(
        "set",
        help="set fields of an event: FIELD=VALUE ...",
        description=f"Set fields of an event, all or none. Fields: {_HELP_FIELDS}.",
    )
    t.add_argument("--event", required=True, metavar="SLUG")
    t.add_argument("assignments", nargs="+", metavar="FIELD=VALUE")
    t.set_defaults(func=cmd_event_set)


def save_event(store: Store, slug: str, event: Event) -> str:
    """The one place ``event set`` writes: the event's own fields as one edit (one
    transaction with its edit-log entry). Returns the slug (unchanged: ``event set``
    never renames the slug)."""
    from planner import edits

    current = store.load(slug)
    event.slug = current.event.slug
    store.apply(slug, edits.change_event(current, event))
    return slug


def _print_fields(fields: dict[str, Any]) -> None:
    width = max(len(k) for k in fields)
    for key, value in fields.items():
        if key == "day-end-next-morning":
            continue
        if key == "day-end" and fields["day-end-next-morning"]:
            value = f"{value} (the next morning)"
        text = str(value)
        if "\n" in text:
            text = text.replace("\n", "\n" + " " * (width + 2))
        out(f"{key:<{width}}  {text}")


def cmd_event_show(args: argparse.Namespace, open_store: StoreOpener) -> int:
    from planner.eventfields import event_fields

    with open_store() as store:
        event = store.load(args.event).event
    fields = event_fields(event)
    if args.json:
        out(json.dumps(fields, ensure_ascii=False, indent=2))
    else:
        _print_fields(fields)
    return 0


def cmd_event_set(args: argparse.Namespace, open_store: StoreOpener) -> int:
    from planner.eventfields import event_fields, parse_assignments, with_fields

    assignments = parse_assignments(args.assignments)
    with open_store() as store:
        event = store.load(args.event).event
        before = event_fields(event)
        changed = with_fields(event, assignments)
        slug = save_event(store, args.event, changed)
    after = event_fields(changed)
    diff = [k for k in after if after[k] != before[k] and k != "day-end-next-morning"]
    if not diff:
        out(f"{slug}: nothing changed")
    for key in diff:
        late = " (the next morning)" if key == "day-end" and after["day-end-next-morning"] else ""
        out(f"{slug}: {key} = {after[key]}{late}")
    return 0
