"""Domain objects to the store's column values (for inserts and updates). Light: no
SQL toolkit here, so the start-up path may import it."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import datetime
from functools import lru_cache
from typing import Any

from planner.domain.model import UTC, Event, Person, Pin, Room, Session, SessionKind, SessionStatus
from planner.store import columns


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


# the session columns session_rows fills, in the model's order (id and event_id are the
# store's own); session_rows's tuples follow it (the store's round-trip tests catch a slip)
SESSION_COLUMNS = tuple(c for c in columns.SESSION if c not in ("id", "event_id"))


def _json_map(value: dict[str, Any], sort_keys: bool) -> str:
    # most sessions have no extras and no checklist: no need to run the encoder for "{}"
    return "{}" if not value else json.dumps(value, sort_keys=sort_keys, default=str)


# an enum member's value (the .value property is slow for 500 000 rows)
_VALUE: dict[Any, str] = {m: m.value for e in (SessionKind, SessionStatus, Pin) for m in e}


def session_row(s: Session, room_ids: dict[str, int]) -> tuple[Any, ...]:
    """The values of SESSION_COLUMNS."""
    return next(session_rows((s,), room_ids, 0))[1:]


@lru_cache(maxsize=65536)  # the sessions of an import share a few thousand start times
def _iso_cached(value: datetime) -> str:
    return value.astimezone(UTC).isoformat()


def session_rows(
    sessions: Iterable[Session], room_ids: dict[str, int], event_id: int
) -> Iterator[tuple[Any, ...]]:
    """The event's id and the values of SESSION_COLUMNS of each session (a tuple: a large
    import's executemany consumes 500 000 of them)."""
    for s in sessions:
        start = s.start
        yield (
            event_id,
            s.guid,
            s.title,
            s.description,
            _VALUE[s.kind],
            None if start is None else _iso_cached(start),
            s.duration_minutes,
            room_ids[s.room] if s.room is not None else None,
            s.participant_limit,
            s.track,
            _VALUE[s.status],
            s.language,
            _json_map(s.extra, True),
            s.rehearsal_for,
            "{}" if not s.checklist else json.dumps(s.checklist),
            None if s.actual_start is None else iso(s.actual_start),
            None if s.actual_end is None else iso(s.actual_end),
            s.stream_url,
            _VALUE[s.pin],
        )


def session_values(s: Session, room_ids: dict[str, int]) -> dict[str, Any]:
    return dict(zip(SESSION_COLUMNS, session_row(s, room_ids), strict=True))
