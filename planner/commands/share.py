"""``planner share ...``: plan an event as a team without a network (planner.team).

* ``share export --event SLUG --out FILE [--since STATEFILE]``: the event's shared
  document (the first time, the whole event; with ``--since``, only what the copy that
  wrote STATEFILE lacks);
* ``share state --event SLUG --out FILE``: what this copy has (give it to a teammate for
  their ``export --since``);
* ``share merge FILE [--event SLUG]``: a teammate's changes, applied as edits under their
  names, with the conflicts the merge made (into a store without the event, too);
* ``share secret --event SLUG [--new]``: the event's secret for the relay; ``--new``
  revokes the old one.

pycrdt is imported only when one of these runs (never on the start-up path).
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from planner.commands.common import StoreOpener, out
from planner.errors import UserError


def register(sub: Any) -> None:
    p = sub.add_parser("share", help="share an event with a team: export, merge, state, secret")
    ssub = p.add_subparsers(dest="share_command", metavar="ACTION", required=True)
    e = ssub.add_parser("export", help="write the event's shared document (or what a teammate lacks)")
    e.add_argument("--event", required=True, metavar="SLUG")
    e.add_argument("--out", required=True, type=Path, metavar="FILE")
    e.add_argument("--since", type=Path, metavar="STATEFILE", help="a teammate's `share state` file")
    e.add_argument("--author", help="your name in the team's edit logs (default: $PLANNER_AUTHOR or login)")
    e.set_defaults(func=cmd_export)
    s = ssub.add_parser("state", help="write what this copy has, for a teammate's export --since")
    s.add_argument("--event", required=True, metavar="SLUG")
    s.add_argument("--out", required=True, type=Path, metavar="FILE")
    s.set_defaults(func=cmd_state)
    m = ssub.add_parser("merge", help="merge a teammate's share file; print what changed and new conflicts")
    m.add_argument("file", type=Path, metavar="FILE")
    m.add_argument("--event", metavar="SLUG", help="the event it belongs to (found by the file otherwise)")
    m.add_argument("--author", help="your name in the team's edit logs (default: $PLANNER_AUTHOR or login)")
    m.set_defaults(func=cmd_merge)
    k = ssub.add_parser("secret", help="print the event's secret for the relay (--new revokes the old one)")
    k.add_argument("--event", required=True, metavar="SLUG")
    k.add_argument("--new", action="store_true", help="issue a new secret; the old one stops working")
    k.set_defaults(func=cmd_secret)


def _write(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + ".part")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def cmd_export(args: argparse.Namespace, open_store: StoreOpener) -> int:
    from planner.team import sharefile
    from planner.team.replica import Replica

    with open_store() as store:
        replica = Replica.open(store, args.event, args.author)
        state = None
        if args.since is not None:
            have = sharefile.read(args.since)
            if have.kind != "state":
                raise UserError(f"{args.since} is not a state file (write one with planner share state)")
            if have.doc != replica.shared_id:
                raise UserError(f"{args.since} is the state of another shared event")
            state = have.payload
        payload = replica.update_since(state)
        name = store.load(args.event).event.name
        _write(args.out, sharefile.dumps(sharefile.ShareFile("update", replica.shared_id, name, payload)))
    what = "the whole event" if state is None else "what the teammate lacks"
    out(f"Wrote {what} to {args.out} ({len(payload):,} bytes).")
    return 0


def cmd_state(args: argparse.Namespace, open_store: StoreOpener) -> int:
    from planner.team import sharefile
    from planner.team.replica import Replica

    with open_store() as store:
        replica = Replica.open(store, args.event)
        name = store.load(args.event).event.name
        _write(
            args.out, sharefile.dumps(sharefile.ShareFile("state", replica.shared_id, name, replica.state()))
        )
    out(f"Wrote this copy's state of {args.event} to {args.out}.")
    return 0


def cmd_merge(args: argparse.Namespace, open_store: StoreOpener) -> int:
    from planner.team import sharefile
    from planner.team.replica import Replica, find_shared, merge_new

    share = sharefile.read(args.file)
    if share.kind != "update":
        raise UserError(f"{args.file} is a state file: give it to `planner share export --since`")
    with open_store() as store:
        if args.event:
            replica = Replica.open(store, args.event, args.author)
            if replica.shared_id != share.doc:
                found = find_shared(store, share.doc)
                hint = f" (it is {found}'s)" if found else ""
                raise UserError(f"{args.file} belongs to another shared event than {args.event}{hint}")
            report = replica.merge(share.payload)
        else:
            _replica, report = merge_new(store, share.payload, args.author, share.doc)
    out(f"Merged {args.file} into {report.slug}:")
    for line in report.lines():
        out(f"  {line}")
    return 0


def cmd_secret(args: argparse.Namespace, open_store: StoreOpener) -> int:
    from planner.team.replica import Replica

    with open_store() as store:
        replica = Replica.open(store, args.event)
        out(replica.secret(new=args.new))
    return 0
