"""``planner people import|export``, ``planner invites`` and ``planner qr-sheet``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from planner.commands.common import StoreOpener, out, warn
from planner.errors import UserError
from planner.invites.links import parse_role
from planner.invites.options import DEFAULT_LAYOUT, LAYOUTS, PAPER_NAMES, ErrorCorrection
from planner.invites.people_csv import FIELDS, guess_mapping, import_file, read_table
from planner.text import plural

ROLES = "speaker, moderator, attendee or crew"


def register(sub: Any) -> None:
    p = sub.add_parser("people", help="import or export the people of an event (CSV)")
    psub = p.add_subparsers(dest="people_command", metavar="ACTION")
    p.set_defaults(func=lambda args, _open: (p.print_help(sys.stderr), 2)[1])

    pi = psub.add_parser("import", help="add or update people from a CSV with a header row")
    pi.add_argument("file", type=Path, metavar="FILE")
    pi.add_argument("--event", required=True, metavar="SLUG")
    pi.add_argument("--role", help=f"the role of rows that name none ({ROLES}; default attendee)")
    pi.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="FIELD=COLUMN",
        help=f"read FIELD from the column named COLUMN (fields: {', '.join(FIELDS)}); "
        "repeatable; other fields are mapped by their header names",
    )
    pi.set_defaults(func=cmd_people_import)

    pe = psub.add_parser("export", help="write the people as CSV (safe to open in a spreadsheet)")
    pe.add_argument("--event", required=True, metavar="SLUG")
    pe.add_argument("--out", required=True, type=Path, metavar="FILE.csv")
    pe.set_defaults(func=cmd_people_export)

    iv = sub.add_parser(
        "invites", help="write name, e-mail, role, sessions and invite link as CSV (issues missing invites)"
    )
    iv.add_argument("--event", required=True, metavar="SLUG")
    iv.add_argument("--role", help=f"only people with this role ({ROLES})")
    iv.add_argument("--out", required=True, type=Path, metavar="FILE.csv")
    iv.set_defaults(func=cmd_invites)

    qs = sub.add_parser("qr-sheet", help="print invite QR codes on label sheets or name badges (PDF)")
    qs.add_argument("--event", required=True, metavar="SLUG")
    qs.add_argument("--role", help=f"only people with this role ({ROLES})")
    qs.add_argument(
        "--layout",
        default=DEFAULT_LAYOUT,
        choices=list(LAYOUTS),
        help="; ".join(f"{k}: {v.description}" for k, v in LAYOUTS.items()),
    )
    qs.add_argument("--paper", default="a4", type=str.lower, choices=list(PAPER_NAMES))
    qs.add_argument(
        "--level",
        default="M",
        type=str.upper,
        choices=[e.value for e in ErrorCorrection],
        help="QR error correction: L 7%%, M 15%%, Q 25%%, H 30%% (default M)",
    )
    qs.add_argument("--out", required=True, type=Path, metavar="FILE.pdf")
    qs.set_defaults(func=cmd_qr_sheet)


def _mapping(header: list[str], pairs: list[str]) -> dict[str, int]:
    mapping = guess_mapping(header)
    keys = [h.strip().casefold() for h in header]
    for pair in pairs:
        if "=" not in pair:
            raise UserError(f"--map {pair!r} is not FIELD=COLUMN")
        fld, col = (x.strip() for x in pair.split("=", 1))
        if fld not in FIELDS:
            raise UserError(f"--map: unknown field {fld!r} (use one of: {', '.join(FIELDS)})")
        if col.casefold() not in keys:
            raise UserError(f"--map: the file has no column {col!r} (it has: {', '.join(header)})")
        for other in [k for k, v in mapping.items() if v == keys.index(col.casefold())]:
            mapping.pop(other)
        mapping[fld] = keys.index(col.casefold())
        if fld == "name":
            mapping.pop("first_name", None)
            mapping.pop("last_name", None)
    return mapping


def cmd_people_import(args: argparse.Namespace, open_store: StoreOpener) -> int:
    role = parse_role(args.role)
    path: Path = args.file
    with open_store() as store:
        schedule = store.load(args.event)
        mapping = None
        if args.map:
            mapping = _mapping(read_table(path.read_bytes(), str(path)).header, args.map)
        _table, plan = import_file(path, schedule.people, role, mapping)
        plan.check(str(path))
        from planner import edits

        store.apply(args.event, edits.save_people(schedule, plan.people, f"Imported people from {path.name}"))
    out(f"imported {plural(len(plan.people), 'person', 'people')} from {path.name}: {plan.summary()}")
    return 0


def cmd_people_export(args: argparse.Namespace, open_store: StoreOpener) -> int:
    from planner.invites.service import export_people_csv

    with open_store() as store:
        n = export_people_csv(args.out, store.load(args.event))
    out(f"wrote {plural(n, 'person', 'people')} to {args.out}")
    return 0


def cmd_invites(args: argparse.Namespace, open_store: StoreOpener) -> int:
    from planner.invites.service import export_invites

    role = parse_role(args.role)
    with open_store() as store:
        n = export_invites(args.out, store, args.event, role)
    out(f"wrote {plural(n, 'invite')} to {args.out}")
    return 0


def cmd_qr_sheet(args: argparse.Namespace, open_store: StoreOpener) -> int:
    from planner.invites.service import make_sheet

    role = parse_role(args.role)
    shown = -1

    def progress(done: int, total: int) -> None:
        nonlocal shown
        pct = 100 * done // max(total, 1)
        if pct // 10 != shown // 10 or done == total:
            shown = pct
            print(
                f"qr-sheet: {pct:3d}% ({done // 2} of {plural(total // 2, 'code')})",
                file=sys.stderr,
                flush=True,
            )

    with open_store() as store:
        result = make_sheet(
            args.out, store, args.event, role, args.layout, args.paper, args.level, progress=progress
        )
    if result.codes == 0:
        warn("nobody to print")
    out(
        f"wrote {plural(result.codes, 'code')} on {plural(result.pages, 'page')} to {args.out} "
        f"({result.size_bytes // 1024} KiB)"
    )
    return 0
