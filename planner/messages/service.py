"""Drafting messages from the store: what ``planner notify`` and the Messages dialog do."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from planner.domain.model import Person, Schedule
from planner.errors import UserError
from planner.messages import (
    Draft,
    changes_drafts,
    invite_drafts,
    on_programme,
    reminder_drafts,
    sequence_of,
    thanks_drafts,
)
from planner.messages.templates import KINDS, Template, load
from planner.store import Store
from planner.text import plural
from planner.versions import changes, list_versions, state


@dataclass(slots=True)
class Drafted:
    drafts: list[Draft]
    schedule: Schedule  # the state the messages describe
    about: str  # one line: what the messages are about
    issued: int = 0  # invites issued to draft the invitations


def _issue_invites(store: Store, slug: str, schedule: Schedule, people: list[Person]) -> int:
    """Give each of ``people`` without an active invite one (saved in one transaction).
    The one write of drafting; it goes through the invites' service."""
    from planner.invites.service import ensure_invites

    return len(ensure_invites(store, slug, schedule, people))


def draft(
    store: Store,
    slug: str,
    kind: str = "changes",
    since: str | int | None = None,
    until: str | int | None = None,
    template: Template | None = None,
    now: datetime | None = None,
) -> Drafted:
    """The drafts of ``kind`` for the event. The template is checked before anything else
    (a UserError names an unknown field); nothing is written but the invites an
    invitation needs."""
    if kind not in KINDS:
        raise UserError(f"unknown kind {kind!r} (one of {', '.join(KINDS)})", where="--kind")
    if kind != "changes" and since is not None:
        raise UserError("--since is for --kind changes", where="--since")
    current = store.load(slug)
    template = template or load(kind, current.event)
    if kind == "changes":
        a, b, found = changes(store, slug, since, until)
        last = list_versions(store, slug)
        number = b.version.number if b.version else None
        seq = sequence_of(number, last[-1].number if last else None)
        label = b.version.label if b.version else str(seq)
        drafts = changes_drafts(a.schedule, b.schedule, found, template, label, seq, now)
        return Drafted(drafts, b.schedule, f"{plural(len(found), 'change')} from {a.title} to {b.title}")
    schedule = state(store, slug, until).schedule if until else current
    if kind == "invite":
        if not schedule.event.invite_base_url:
            raise UserError(
                "the event has no invite base URL to make links from (planner people, or Event › Settings)",
                where="--kind invite",
            )
        if until:
            raise UserError("invitations are made from the current state", where="--until")
        people = on_programme(schedule)
        issued = _issue_invites(store, slug, schedule, people)
        return Drafted(invite_drafts(schedule, template, people), schedule, "invitations", issued)
    if kind == "reminder":
        versions = list_versions(store, slug)
        seq = versions[-1].number if versions else 0
        if until is None and versions and state(store, slug).label.endswith("+ changes"):
            seq += 1  # what the current state will be once published
        elif until is not None:
            info = state(store, slug, until).version
            seq = info.number if info else seq
        return Drafted(reminder_drafts(schedule, template, seq), schedule, "reminders")
    return Drafted(thanks_drafts(schedule, template), schedule, "thanks")
