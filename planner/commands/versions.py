"""``planner publish``, ``planner versions``, ``planner changes``, ``planner changelog``
and ``planner notify``.

``planner publish --event SLUG [--name NAME] [--notes TEXT]`` freezes the event as its
next numbered version and prints the number. ``planner versions --event SLUG`` lists them.
``planner changes --event SLUG [--since V] [--until V] [--json]`` lists what changed for
the public (default: since the last published version, until now). ``planner changelog
--event SLUG --format markdown|atom --out FILE`` writes every version's changes for
attendees. ``planner notify`` drafts messages (see :mod:`planner.messages`).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from planner.commands.common import StoreOpener, out, warn
from planner.text import plural


def register(sub: Any) -> None:
    p = sub.add_parser("publish", help="freeze the event as its next numbered version")
    p.add_argument("--event", required=True, metavar="SLUG")
    p.add_argument("--name", default="", help="a name for the version (e.g. Final)")
    p.add_argument("--notes", default="", help="what this version is about, for the changelog")
    p.set_defaults(func=cmd_publish)
    p = sub.add_parser("versions", help="list the event's published versions")
    p.add_argument("--event", required=True, metavar="SLUG")
    p.set_defaults(func=cmd_versions)
    p = sub.add_parser("changes", help="what changed since a published version (default: the last one)")
    p.add_argument("--event", required=True, metavar="SLUG")
    p.add_argument("--since", metavar="VERSION", help="a version's number or name (default: the last one)")
    p.add_argument("--until", metavar="VERSION", help="a version's number or name (default: now)")
    p.add_argument("--json", action="store_true", help="print a JSON list of changes")
    p.set_defaults(func=cmd_changes)
    p = sub.add_parser("changelog", help="write every version's changes for attendees (Markdown or Atom)")
    p.add_argument("--event", required=True, metavar="SLUG")
    p.add_argument("--format", choices=("markdown", "atom"), default="markdown")
    p.add_argument("--out", required=True, type=Path, metavar="FILE")
    p.add_argument("--url", default="", help="atom: the address the feed will be published at")
    p.set_defaults(func=cmd_changelog)
    register_notify(sub)


def cmd_publish(args: argparse.Namespace, open_store: StoreOpener) -> int:
    from planner.versions import publish

    with open_store() as store:
        info = publish(store, args.event, name=args.name, notes=args.notes)
    out(str(info.number))
    warn(f"published version {info.label} of {args.event}")
    return 0


def cmd_versions(args: argparse.Namespace, open_store: StoreOpener) -> int:
    from planner.versions import list_versions

    with open_store() as store:
        versions = list_versions(store, args.event)
    for v in versions:
        out(f"{v.number}\t{v.name}\t{v.at.isoformat()}\t{v.notes}")
    if not versions:
        warn(f"no version published yet (planner publish --event {args.event})")
    return 0


def cmd_changes(args: argparse.Namespace, open_store: StoreOpener) -> int:
    from planner.versions import changes
    from planner.versions.changes import describe

    with open_store() as store:
        a, b, found = changes(store, args.event, args.since, args.until)
    if args.json:
        out(json.dumps([c.to_json() for c in found], ensure_ascii=False, indent=1))
        return 0
    zone = b.schedule.event.zone
    for c in found:
        out(describe(c, zone))
    warn(f"{plural(len(found), 'change')} from {a.title} to {b.title}")
    return 0


def cmd_changelog(args: argparse.Namespace, open_store: StoreOpener) -> int:
    from planner.versions.changelog import build, write_atom, write_markdown

    with open_store() as store:
        log = build(store, args.event)
    if args.format == "atom":
        write_atom(log, args.out, url=args.url)
    else:
        write_markdown(log, args.out)
    warn(f"wrote the changes of {plural(len(log.entries), 'version')} to {args.out}")
    return 0


def register_notify(sub: Any) -> None:
    p = sub.add_parser(
        "notify",
        help="draft one e-mail (.eml) per person concerned, and a mail-merge CSV; nothing is sent",
    )
    p.add_argument("--event", required=True, metavar="SLUG")
    p.add_argument("--kind", choices=("changes", "invite", "reminder", "thanks"), default="changes")
    p.add_argument("--since", metavar="VERSION", help="changes: from this version (default: the last one)")
    p.add_argument("--until", metavar="VERSION", help="changes: to this version (default: now)")
    p.add_argument("--out", required=True, type=Path, metavar="DIR")
    p.add_argument("--from", dest="sender", default="", help="the From address (default: a placeholder)")
    p.set_defaults(func=cmd_notify)


def cmd_notify(args: argparse.Namespace, open_store: StoreOpener) -> int:
    from planner.messages import default_sender, write_drafts
    from planner.messages.service import draft

    if args.out.exists() and not args.out.is_dir():
        from planner.errors import UserError

        raise UserError("this is a file, not a folder", where=str(args.out))
    with open_store() as store:
        done = draft(store, args.event, args.kind, args.since, args.until)
    sender = args.sender or default_sender(done.schedule)
    paths, csv_path = write_drafts(done.drafts, args.out, sender)
    if done.issued:
        warn(f"issued {plural(done.issued, 'invite')}")
    no_address = [d.person.name for d in done.drafts if not d.person.email]
    warn(
        f"{done.about}: drafted {plural(len(paths), 'message')} in {args.out} "
        f"and {csv_path.name}; nothing was sent"
    )
    if no_address:
        warn(
            f"{plural(len(no_address), 'person', 'people')} without an e-mail address "
            "(their messages have no To): " + ", ".join(no_address[:5])
        )
    return 0
