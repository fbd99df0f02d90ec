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
from planner.text import plural


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
    k.add_argument(
        "--new",
        action="store_true",
        help="issue a new secret; the next sync with a relay retires the old one there",
    )
    k.set_defaults(func=cmd_secret)
    y = ssub.add_parser("sync", help="one exchange with a relay: send your changes, merge the team's, exit")
    y.add_argument(
        "--event", required=True, metavar="SLUG", help="the event (joined when the store lacks it)"
    )
    y.add_argument("--relay", required=True, metavar="URL", help="ws://host:port or wss://… behind TLS")
    y.add_argument("--secret", metavar="S", help="the event's secret (default: the one the store keeps)")
    y.add_argument("--author", help="your name in the team's edit logs (default: $PLANNER_AUTHOR or login)")
    y.set_defaults(func=cmd_sync)
    r = sub.add_parser("relay", help="run the relay a team syncs through (pycrdt-websocket)")
    r.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    r.add_argument("--port", type=int, default=8765, help="port (default: 8765; 0 picks a free one)")
    r.set_defaults(func=cmd_relay)


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


def cmd_sync(args: argparse.Namespace, open_store: StoreOpener) -> int:
    import asyncio

    from pycrdt import Doc

    from planner.team.relay import exchange, retire
    from planner.team.replica import MergeReport, Replica, merge_new

    retired: list[str] = []
    with open_store() as store:
        have = any(e.slug == args.event for e in store.list_events())
        if have:
            replica = Replica.open(store, args.event, args.author)
            secret = args.secret or replica.secret()
            revoked = replica.revoked()
            if revoked:  # the old secrets stop working on this relay now
                retired = asyncio.run(retire(args.relay, revoked))
                replica.forget_revoked(retired)
            result = asyncio.run(exchange(args.relay, secret, replica.doc, create=True))
            if args.secret and args.secret != replica.secret():
                replica.keep_secret(args.secret)  # the team's new secret: kept for next time
            reports = [replica.merge(u) for u in result.received]
        else:
            if not args.secret:
                raise UserError(
                    f"there is no event {args.event!r} here: give --secret to join it from the relay"
                )
            secret = args.secret
            result = asyncio.run(exchange(args.relay, secret, Doc(), create=False))
            if not result.received:
                raise UserError("the relay has no document for this secret yet")
            joined, first = merge_new(store, result.received[0], args.author)
            joined.keep_secret(secret)
            reports = [first] + [joined.merge(u) for u in result.received[1:]]
    changed = [r for r in reports if not r.nothing_new] or [
        MergeReport(reports[0].slug if reports else args.event, True)
    ]
    got = len(result.received)
    out(
        f"Synced {changed[0].slug} with {args.relay}: "
        f"sent {result.sent_bytes:,} bytes, received {got} updates."
    )
    if retired:
        out(f"  Retired {plural(len(retired), 'revoked secret')} on the relay: it no longer admits them.")
    for report in changed:
        for line in report.lines():
            out(f"  {line}")
    return 0


def cmd_relay(args: argparse.Namespace, open_store: StoreOpener) -> int:
    import asyncio
    import logging

    from planner.team.relay import Relay

    logging.getLogger("planner.team.relay").setLevel(logging.INFO)
    relay = Relay(args.host, args.port)
    ready = asyncio.Event()

    async def main() -> None:
        task = asyncio.create_task(relay.run(ready))
        await ready.wait()
        out(f"Relay listening on ws://{args.host}:{relay.port} (Ctrl+C stops it)")
        await task

    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        out("Relay stopped.")
    return 0


def cmd_secret(args: argparse.Namespace, open_store: StoreOpener) -> int:
    from planner.team.replica import Replica

    with open_store() as store:
        replica = Replica.open(store, args.event)
        out(replica.secret(new=args.new))
    return 0
