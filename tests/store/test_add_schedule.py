"""``Store.add_schedule``: what it checks with and without ``sessions_validated`` (an
import's result, which the readers' builder has validated, skips the second check of
each session's fields, and nothing else)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from planner.domain.model import UTC, DomainError, Event, Person, Room, Schedule, Session
from planner.store import Store


def _schedule(*sessions: Session) -> Schedule:
    event = Event(name="Checks", first_day=date(2026, 5, 4), last_day=date(2026, 5, 4), timezone="UTC")
    room = Room(name="Hall", guid="00000000-0000-4000-8000-000000000001")
    ada = Person(name="Ada", guid="00000000-0000-4000-8000-0000000000a1")
    return Schedule(event, [room], list(sessions), [ada])


def _talk(**fields: object) -> Session:
    values: dict[str, object] = {
        "title": "Talk",
        "start": datetime(2026, 5, 4, 10, tzinfo=UTC),
        "room": "00000000-0000-4000-8000-000000000001",
        "speakers": ["00000000-0000-4000-8000-0000000000a1"],
    }
    values.update(fields)
    return Session(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (_talk(title="x" * 501), "title: 501 characters"),
        (_talk(duration_minutes=-5), "duration: a duration cannot be negative"),
        (_talk(start=datetime(2026, 5, 4, 10)), "start: a time must carry a time zone"),
        (_talk(start=datetime(3001, 1, 1, tzinfo=UTC)), "start: 3001-01-01 is outside"),
        (_talk(description="d" * 100_001), "description: 100001 characters"),
        (_talk(stream_url="not a link"), "stream link: "),
    ],
)
def test_a_schedule_not_vouched_for_has_every_session_checked(
    store: Store, bad: Session, message: str
) -> None:
    with pytest.raises(DomainError, match=message):
        store.add_schedule(_schedule(_talk(title="Fine"), bad))
    assert store.list_events() == []


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (
            _talk(room="00000000-0000-4000-8000-00000000dead"),
            "room: session 'Talk' is in a room that does not",
        ),
        (_talk(speakers=["nobody"]), "people: session 'Talk' names an unknown person"),
        (_talk(moderators=["nobody"]), "people: session 'Talk' names an unknown person"),
        (_talk(guid="00000000-0000-4000-8000-0000000000f1"), "guid: two sessions share the guid"),
    ],
)
def test_a_vouched_schedule_still_has_its_references_checked(
    store: Store, bad: Session, message: str
) -> None:
    # what the inserts rely on is checked even when the caller vouches for the sessions:
    # a sentence, never a traceback, and nothing written
    first = _talk(title="Fine", guid="00000000-0000-4000-8000-0000000000f1")
    with pytest.raises(DomainError, match=message):
        store.add_schedule(_schedule(first, bad), sessions_validated=True)
    assert store.list_events() == []


def test_a_vouched_schedule_still_has_its_event_rooms_and_people_checked(store: Store) -> None:
    renamed = _schedule(_talk())
    renamed.event.name = "   "  # `planner import --name` changes the name after the reader
    with pytest.raises(DomainError, match="name: an event needs a name"):
        store.add_schedule(renamed, sessions_validated=True)
    bad_room = _schedule(_talk())
    bad_room.rooms[0].capacity = -1
    with pytest.raises(DomainError, match="capacity"):
        store.add_schedule(bad_room, sessions_validated=True)
    bad_person = _schedule(_talk())
    bad_person.people[0].email = "not an address"
    with pytest.raises(DomainError, match="email"):
        store.add_schedule(bad_person, sessions_validated=True)
    assert store.list_events() == []


def test_a_vouched_schedule_is_stored_as_an_unvouched_one(store: Store) -> None:
    sessions = [_talk(title=f"Talk {i}") for i in range(3)]
    a = store.add_schedule(_schedule(*sessions))
    b = store.add_schedule(_schedule(*sessions), sessions_validated=True)
    first, second = store.load(a), store.load(b)
    assert second.sessions == first.sessions
    assert second.rooms == first.rooms and second.people == first.people


def _foreign_keys_of_the_pool(store: Store) -> list[int]:
    # every connection the pool holds (it hands back the one used last first)
    conns = [store.engine.connect() for _ in range(3)]
    try:
        return [c.exec_driver_sql("PRAGMA foreign_keys").scalar_one() for c in conns]
    finally:
        for c in conns:
            c.close()


def test_foreign_key_checks_are_on_again_after_an_import(store: Store) -> None:
    # add_schedule inserts with SQLite's foreign-key checks off; every later write must have
    # them (deleting a room unschedules its sessions through them)
    slug = store.add_schedule(_schedule(_talk()))
    assert _foreign_keys_of_the_pool(store) == [1, 1, 1]
    from planner import edits

    schedule = store.load(slug)
    store.apply(slug, edits.remove_rooms(schedule, [schedule.rooms[0].guid]))
    assert store.load(slug).sessions[0].room is None


def test_foreign_key_checks_are_on_again_after_a_failed_import(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(*args: object) -> None:
        raise RuntimeError("the disk went away")

    monkeypatch.setattr(Store, "_insert_contents", fail)
    with pytest.raises(RuntimeError, match="the disk went away"):
        store.add_schedule(_schedule(_talk()))
    monkeypatch.undo()
    assert store.list_events() == []
    assert _foreign_keys_of_the_pool(store) == [1, 1, 1]


def _with_people(n: int) -> Schedule:
    schedule = _schedule()
    bob = Person(name="Bob", guid="00000000-0000-4000-8000-0000000000b2")
    schedule.people.append(bob)
    ada = schedule.people[0].guid
    schedule.sessions = [
        _talk(title=f"Talk {i}", speakers=[ada, bob.guid][: 1 + i % 2][:: -1 if i % 3 else 1], moderators=[])
        for i in range(n)
    ]
    schedule.sessions[0].speakers, schedule.sessions[0].moderators = [ada], [bob.guid]
    return schedule


def _people_of(schedule: Schedule) -> dict[str, tuple[list[str], list[str]]]:
    return {s.title: (s.speakers, s.moderators) for s in schedule.sessions}


def test_sessions_keep_their_people_in_order(store: Store) -> None:
    first = _with_people(50)
    slug = store.add_schedule(first)
    assert _people_of(store.load(slug)) == _people_of(first)


def test_sessions_keep_their_people_when_sqlite_chooses_ids_at_random(store: Store) -> None:
    # once a table holds the largest id SQLite has, it gives new rows random ids: the
    # sessions' ids are then read back, not counted on
    import sqlite3

    slug = store.add_schedule(_with_people(3))
    store.close()
    with sqlite3.connect(store.path) as conn:
        (old,) = conn.execute("SELECT id FROM session WHERE title = 'Talk 2'").fetchone()
        conn.execute(
            "UPDATE session_person SET session_id = 9223372036854775807 WHERE session_id = ?", (old,)
        )
        conn.execute("UPDATE session SET id = 9223372036854775807 WHERE id = ?", (old,))
    second = _with_people(40)
    again = store.add_schedule(second)
    assert _people_of(store.load(again)) == _people_of(second)
    assert _people_of(store.load(slug)) == _people_of(_with_people(3))


def _indexes(store: Store) -> list[tuple[str, str, str]]:
    import sqlite3

    with sqlite3.connect(store.path) as conn:
        return sorted(conn.execute("SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'index'"))


def test_a_large_import_rebuilds_the_session_indexes_as_they_were(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from planner.store import repo

    fresh = _indexes(store)
    assert any(name == "ix_session_room_id" for name, _t, _s in fresh)
    monkeypatch.setattr(repo, "_REBUILD_INDEXES_FROM", 10)  # 40 sessions count as large here
    first = _with_people(40)
    slug = store.add_schedule(first)
    assert _indexes(store) == fresh  # the same indexes, the same SQL
    assert _people_of(store.load(slug)) == _people_of(first)
    with store.read() as conn:  # and the indexes hold every row (SQLite checks them)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        plan = " ".join(
            str(r) for r in conn.execute("EXPLAIN QUERY PLAN SELECT id FROM session WHERE room_id = 1")
        )
    assert "ix_session_room_id" in plan
    # an import that fails after the indexes were dropped (it brings more sessions than the
    # store holds), while they are made again, keeps them: one transaction
    import sqlalchemy.schema

    def fail(*args: object) -> None:
        raise RuntimeError("the disk went away")

    monkeypatch.setattr(sqlalchemy.schema, "CreateIndex", fail)
    with pytest.raises(RuntimeError):
        store.add_schedule(_with_people(100))
    assert _indexes(store) == fresh
    assert len(store.list_events()) == 1
