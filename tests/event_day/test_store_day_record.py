"""Schema 3: the attendance, feedback and incident tables, new and migrated."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

from planner import edits
from planner.domain.analytics import Attendance
from planner.domain.model import Event, Schedule
from planner.domain.run_of_show import Incident
from planner.store import Store
from planner.store.day_record import load_attendance, load_incidents
from planner.store.migrations import CURRENT_VERSION, SCHEMA_V1
from tests.event_day.helpers import at


def test_a_version_1_file_is_migrated_to_3(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    conn = sqlite3.connect(path)
    conn.executescript(SCHEMA_V1)
    conn.execute(
        "INSERT INTO event VALUES (1, 'g', 'old', 'Old', '', '2025-01-01', '2025-01-01', 'UTC', "
        "NULL, '', '', 15, 480, 1320)"
    )
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    with Store.open(path) as store:
        store.apply("old", edits.import_attendance([], [Attendance("s-1", 10, 8)]))
        assert load_attendance(store, "old")[0].attended == 8
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == CURRENT_VERSION
    conn.close()
    assert list(tmp_path.glob("old.sqlite.v1-*.bak"))


def test_incident_log(store: Store, small: Schedule) -> None:
    slug = store.add_schedule(small)
    room = small.rooms[0].guid
    late = Incident(at=at(small, "10:05"), text="Speaker's audio drops", room=room)
    early = Incident(at=at(small, "09:55"), text="Stream key rotated")
    store.apply(slug, edits.log_incident(late))
    store.apply(slug, edits.log_incident(early))
    log = load_incidents(store, slug)
    assert [i.text for i in log] == ["Stream key rotated", "Speaker's audio drops"]
    assert log[1].room == room and log[1].at == at(small, "10:05")
    fixed = Incident(late.at, "Speaker's audio drops; fixed by re-joining", late.room, late.guid)
    store.apply(slug, edits.IncidentsEdit((late, early), (fixed, None)))
    late = fixed
    assert [i.text for i in load_incidents(store, slug)] == [late.text]


def test_deleting_the_event_removes_its_numbers(store: Store) -> None:
    slug = store.add_schedule(
        Schedule(Event(name="Gone", first_day=date(2026, 1, 1), last_day=date(2026, 1, 1)))
    )
    store.apply(slug, edits.import_attendance([], [Attendance("x", 1, 1)]))
    store.delete_event(slug)
    slug2 = store.add_schedule(
        Schedule(Event(name="Gone", first_day=date(2026, 1, 1), last_day=date(2026, 1, 1)))
    )
    assert load_attendance(store, slug2) == []
