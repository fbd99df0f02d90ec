"""Store.load returns exactly what a plain, unoptimised reading of the rows gives.

``reference_load`` below decodes every row the obvious way (``SELECT *``, ``json.loads``
on every JSON column, the enum constructors, ``datetime.fromisoformat``). The store's own
load takes shortcuts for speed (it is on the window's start-up path); ``same`` compares
the two field by field, types included: a ``StrEnum`` equals its string and an aware
datetime equals itself in any zone, so ``==`` alone would not see those slips.
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from planner.domain.model import (
    UTC,
    Acknowledgement,
    Event,
    Interval,
    Invite,
    Person,
    PersonRole,
    Role,
    Room,
    RoomKind,
    Schedule,
    Session,
    SessionKind,
    SessionStatus,
)
from planner.interop import read
from planner.store import Store
from tests.store.test_store import full_schedule


def _instant(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def _dt(text: str | None) -> datetime | None:
    return None if text is None else _instant(text)


def reference_load(path: Path, slug: str) -> Schedule:
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    try:
        e = conn.execute("SELECT * FROM event WHERE slug = ?", (slug,)).fetchone()
        event = Event(
            guid=e["guid"],
            slug=e["slug"],
            name=e["name"],
            description=e["description"],
            first_day=date.fromisoformat(e["first_day"]),
            last_day=date.fromisoformat(e["last_day"]),
            timezone=e["timezone"],
            cover_image=e["cover_image"],
            invite_base_url=e["invite_base_url"],
            invite_template=e["invite_template"],
            slot_minutes=e["slot_minutes"],
            day_start_minute=e["day_start_minute"],
            day_end_minute=e["day_end_minute"],
            rule_severities=json.loads(e["rule_severities"]),
            extra=json.loads(e["extra"]),
        )
        eid = e["id"]
        room_guids: dict[int, str] = {}
        rooms = []
        for r in conn.execute("SELECT * FROM room WHERE event_id = ? ORDER BY id", (eid,)):
            room_guids[r["id"]] = r["guid"]
            rooms.append(
                Room(
                    guid=r["guid"],
                    name=r["name"],
                    position=r["position"],
                    capacity=r["capacity"],
                    kind=RoomKind(r["kind"]),
                    allow_parallel=bool(r["allow_parallel"]),
                    changeover_minutes=r["changeover_minutes"],
                )
            )
        person_guids: dict[int, str] = {}
        people = []
        for r in conn.execute("SELECT * FROM person WHERE event_id = ? ORDER BY id", (eid,)):
            person_guids[r["id"]] = r["guid"]
            windows = [
                Interval(datetime.fromisoformat(a).astimezone(UTC), datetime.fromisoformat(b).astimezone(UTC))
                for a, b in json.loads(r["availability"])
            ]
            people.append(
                Person(
                    guid=r["guid"],
                    name=r["name"],
                    email=r["email"],
                    organisation=r["organisation"],
                    timezone=r["timezone"],
                    role=PersonRole(r["role"]),
                    availability=windows,
                    extra=json.loads(r["extra"]),
                )
            )
        by_id: dict[int, Session] = {}
        for r in conn.execute("SELECT * FROM session WHERE event_id = ? ORDER BY id", (eid,)):
            by_id[r["id"]] = Session(
                guid=r["guid"],
                title=r["title"],
                description=r["description"],
                kind=SessionKind(r["kind"]),
                start=_dt(r["start"]),
                duration_minutes=r["duration_minutes"],
                room=room_guids[r["room_id"]] if r["room_id"] is not None else None,
                participant_limit=r["participant_limit"],
                track=r["track"],
                status=SessionStatus(r["status"]),
                language=r["language"],
                extra=json.loads(r["extra"]),
                rehearsal_for=r["rehearsal_for"],
                checklist=json.loads(r["checklist"]),
                actual_start=_dt(r["actual_start"]),
                actual_end=_dt(r["actual_end"]),
            )
        for r in conn.execute("SELECT * FROM session_person ORDER BY session_id, position"):
            s = by_id.get(r["session_id"])
            if s is not None:
                (s.speakers if Role(r["role"]) is Role.SPEAKER else s.moderators).append(
                    person_guids[r["person_id"]]
                )
        invites = [
            Invite(
                person=person_guids[r["person_id"]],
                token=r["token"],
                created=_instant(r["created"]),
                revoked=_dt(r["revoked"]),
            )
            for r in conn.execute("SELECT * FROM invite WHERE event_id = ? ORDER BY id", (eid,))
        ]
        acks = [
            Acknowledgement(key=r["key"], note=r["note"], created=_instant(r["created"]))
            for r in conn.execute("SELECT * FROM acknowledgement WHERE event_id = ? ORDER BY id", (eid,))
        ]
    finally:
        conn.close()
    return Schedule(event, rooms, list(by_id.values()), people, invites, acks)


def same(a: Any, b: Any, where: str = "schedule") -> None:
    """Assert ``a`` and ``b`` are equal and of the same types all the way down."""
    assert type(a) is type(b), f"{where}: {type(a).__name__} != {type(b).__name__}"
    if dataclasses.is_dataclass(a):
        for f in dataclasses.fields(a):
            same(getattr(a, f.name), getattr(b, f.name), f"{where}.{f.name}")
    elif isinstance(a, list | tuple):
        assert len(a) == len(b), f"{where}: {len(a)} items != {len(b)}"
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            same(x, y, f"{where}[{i}]")
    elif isinstance(a, dict):
        assert list(a) == list(b), f"{where}: keys differ"
        for k in a:
            same(a[k], b[k], f"{where}[{k!r}]")
    elif isinstance(a, datetime):
        assert a == b and a.tzinfo is b.tzinfo, f"{where}: {a!r} != {b!r}"
    else:
        assert a == b, f"{where}: {a!r} != {b!r}"


def _check(store: Store, db_path: Path, schedule: Schedule) -> None:
    slug = store.add_schedule(schedule)
    loaded = store.load(slug)
    same(loaded, reference_load(db_path, slug))
    assert loaded == schedule


@pytest.mark.parametrize(
    "name", ["38c3-schedule-2025-03-04.xml", "fosdem-2026-schedule.xml", "linux-conf-au-2020-schedule.ics"]
)
def test_a_real_schedule_loads_exactly(name: str, schedules_dir: Path, store: Store, db_path: Path) -> None:
    _check(store, db_path, read(schedules_dir / name).schedule)


def test_every_field_loads_exactly(store: Store, db_path: Path) -> None:
    """Windows, checklists, moderators, invites and acknowledgements (which the real files
    do not have), and a second event in the same file."""
    from planner.demo import demo_schedule

    _check(store, db_path, full_schedule())
    _check(store, db_path, demo_schedule())


def test_json_columns_decode_as_json_loads_does() -> None:
    from planner.store.repo import _json

    for text in ['{"a": [1, 2.5, null, true]}', '["x"]', ' {"a": 1} ', '"text"', "3", '{"é": "\\u00e9"}']:
        assert _json(text, {}) == json.loads(text)
    assert _json(None, {}) == {} and _json("", []) == [] and _json("[]", []) == []
    for bad in ['{"a": 1} trailing', "{", "\ufeff{}"]:
        with pytest.raises(json.JSONDecodeError):
            _json(bad, {})
