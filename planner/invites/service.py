"""What the command line and the window both do with people and invites, on the store."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from planner.domain.model import Invite, Person, PersonRole, Schedule
from planner.invites.links import (
    active_invite,
    check_invite_settings,
    invite_rows,
    missing_invites,
    people_with_role,
    revoke,
    sessions_of,
    short_link,
)
from planner.invites.people_csv import export_people, write_rows
from planner.invites.qr import ErrorCorrection
from planner.invites.sheet import SheetEntry, SheetResult, write_sheet
from planner.store import Store

log = logging.getLogger(__name__)

INVITES_HEADER = ["name", "email", "role", "sessions", "link"]


def ensure_invites(store: Store, slug: str, schedule: Schedule, people: list[Person]) -> list[Invite]:
    """Issue and save (one edit, one transaction) an invite for each of ``people`` without
    an active one; ``schedule.invites`` holds them afterwards. Returns the new invites."""
    from planner import edits

    trial = Schedule(schedule.event, people=schedule.people, invites=list(schedule.invites))
    new = missing_invites(trial, people)
    if new:
        edit = edits.save_invites(schedule, new)
        store.apply(slug, edit)
        edit.apply(schedule)
        log.info("issued %d invites for %s", len(new), slug)
    return new


def reissue(schedule: Schedule, person_guid: str) -> tuple[Invite | None, Invite]:
    """The person's active invite revoked (None if there was none) and a new one; not
    saved. The new token differs, so the old link stops working."""
    from planner.invites.links import issue_invite

    old = active_invite(schedule, person_guid)
    revoked = revoke(old) if old is not None else None
    trial = Schedule(
        schedule.event,
        people=schedule.people,
        invites=[i for i in schedule.invites if i is not old] + ([revoked] if revoked else []),
    )
    return revoked, issue_invite(trial, person_guid)


def export_invites(path: Path | str, store: Store, slug: str, role: PersonRole | None) -> int:
    """Write name, e-mail, role, sessions and link for everyone with ``role``, issuing
    missing invites first. Returns the number of rows."""
    schedule = store.load(slug)
    check_invite_settings(schedule.event)  # before any invite is saved
    people = people_with_role(schedule, role)
    ensure_invites(store, slug, schedule, people)
    rows = [
        [r.person.name, r.person.email, r.role, "; ".join(r.sessions), r.link]
        for r in invite_rows(schedule, people)
    ]
    write_rows(path, INVITES_HEADER, rows)
    return len(rows)


def export_people_csv(path: Path | str, schedule: Schedule) -> int:
    people = sorted(schedule.people, key=lambda p: (p.name.casefold(), p.email.casefold()))
    titles = {p.guid: [s.title for s in sessions_of(schedule, p.guid)] for p in people}
    return export_people(path, people, titles)


def sheet_entries(schedule: Schedule, people: list[Person]) -> list[SheetEntry]:
    return [
        SheetEntry(r.person.name, r.role, r.sessions, r.link, short_link(r.link))
        for r in invite_rows(schedule, people)
    ]


def make_sheet(
    path: Path | str,
    store: Store,
    slug: str,
    role: PersonRole | None,
    layout: str,
    paper: str,
    level: ErrorCorrection | str = ErrorCorrection.M,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    schedule: Schedule | None = None,
) -> SheetResult:
    """The QR sheet for everyone with ``role`` (missing invites issued and saved first)."""
    schedule = schedule if schedule is not None else store.load(slug)
    check_invite_settings(schedule.event)  # before any invite is saved
    people = people_with_role(schedule, role)
    ensure_invites(store, slug, schedule, people)
    entries = sheet_entries(schedule, people)
    return write_sheet(
        path,
        entries,
        layout,
        paper,
        event_name=schedule.event.name,
        cover=schedule.event.cover_image,
        level=level,
        progress=progress,
        cancelled=cancelled,
    )
