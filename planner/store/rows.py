"""Domain objects to the store's column values (for inserts and updates). Light: no
SQL toolkit here, so the start-up path may import it."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from planner.domain.model import UTC, Event, Person, Room, Session


def iso(value: datetime | None) -> str | None:
    return None if value is None else value.astimezone(UTC).isoformat()


def event_values(ev: Event) -> dict[str, Any]:
    return {
        "guid": ev.guid,
        "slug": ev.slug,
        "name": ev.name,
        "description": ev.description,
        "first_day": ev.first_day.isoformat(),
        "last_day": ev.last_day.isoformat(),
        "timezone": ev.timezone,
        "cover_image": ev.cover_image,
        "invite_base_url": ev.invite_base_url,
        "invite_template": ev.invite_template,
        "slot_minutes": ev.slot_minutes,
        "day_start_minute": ev.day_start_minute,
        "day_end_minute": ev.day_end_minute,
        "rule_severities": json.dumps(ev.rule_severities, sort_keys=True),
        "extra": json.dumps(ev.extra, sort_keys=True, default=str),
    }


def room_values(room: Room) -> dict[str, Any]:
    return {
        "guid": room.guid,
        "name": room.name,
        "position": room.position,
        "capacity": room.capacity,
        "kind": room.kind.value,
        "allow_parallel": room.allow_parallel,
        "changeover_minutes": room.changeover_minutes,
        "stream_url": room.stream_url,
    }


def person_values(p: Person) -> dict[str, Any]:
    return {
        "guid": p.guid,
        "name": p.name,
        "email": p.email,
        "organisation": p.organisation,
        "timezone": p.timezone,
        "role": p.role.value,
        "availability": json.dumps([[iso(w.start), iso(w.end)] for w in p.availability]),
        "extra": json.dumps(p.extra, sort_keys=True, default=str),
    }


def session_values(s: Session, room_ids: dict[str, int]) -> dict[str, Any]:
    return {
        "guid": s.guid,
        "title": s.title,
        "description": s.description,
        "kind": s.kind.value,
        "start": iso(s.start),
        "duration_minutes": s.duration_minutes,
        "room_id": room_ids[s.room] if s.room is not None else None,
        "participant_limit": s.participant_limit,
        "track": s.track,
        "status": s.status.value,
        "language": s.language,
        "extra": json.dumps(s.extra, sort_keys=True, default=str),
        "rehearsal_for": s.rehearsal_for,
        "checklist": json.dumps(s.checklist),
        "actual_start": iso(s.actual_start),
        "actual_end": iso(s.actual_end),
        "stream_url": s.stream_url,
        "pinned": s.pin.value,
    }
