"""A store of every schema version that shipped, migrated, has exactly the schema of a new
one, and keeps its data. The frozen files in tests/data/stores were written by the code of
their own version (tests/data/stores/make_store.py says how); v4 is the release before
the application id."""

from __future__ import annotations

import copy
import shutil
import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from planner import edits
from planner.domain.model import PersonRole, RoomKind, SessionKind
from planner.store import Store
from planner.store.migrations import APPLICATION_ID, CURRENT_VERSION, MIGRATIONS
from planner.store.schema import model_tables, shape

STORES = Path(__file__).resolve().parents[1] / "data" / "stores"
SHIPPED = (1, 2, 3, 4)


def schema_of(path: Path) -> dict[str, object]:
    conn = sqlite3.connect(path)
    try:
        return shape(conn)
    finally:
        conn.close()


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    path = tmp_path_factory.mktemp("fresh") / "fresh.sqlite"
    Store.open(path).close()
    return schema_of(path)


def migrated(version: int, tmp_path: Path) -> Path:
    path = tmp_path / f"v{version}.sqlite"
    shutil.copy(STORES / f"v{version}.sqlite", path)
    return path


def test_a_new_store_is_what_the_models_make(fresh: dict[str, object]) -> None:
    tables = fresh["tables"]
    assert isinstance(tables, dict)
    assert sorted(tables) == sorted(t.name for t in model_tables())
    for t in model_tables():
        assert [c[0] for c in tables[t.name].columns] == [c.name for c in t.columns]
    assert fresh["user_version"] == CURRENT_VERSION
    assert fresh["application_id"] == APPLICATION_ID == 0x506C6E72


@pytest.mark.parametrize("version", SHIPPED)
def test_the_frozen_store_is_of_its_version(version: int) -> None:
    got = schema_of(STORES / f"v{version}.sqlite")
    assert (got["user_version"], got["application_id"]) == (version, 0)


@pytest.mark.parametrize("version", SHIPPED)
def test_a_migrated_store_has_exactly_the_schema_of_a_new_one(
    version: int, tmp_path: Path, fresh: dict[str, object]
) -> None:
    path = migrated(version, tmp_path)
    Store.open(path).close()
    got = schema_of(path)
    # Per table first, for a readable difference; then the whole (versions, application id).
    assert got["tables"].keys() == fresh["tables"].keys()  # type: ignore[attr-defined]
    for name, want in fresh["tables"].items():  # type: ignore[attr-defined]
        assert got["tables"][name] == want, name  # type: ignore[index]
    assert got == fresh
    backups = list(tmp_path.glob(f"v{version}.sqlite.v{version}-*.bak"))
    assert len(backups) == 1 and schema_of(backups[0])["user_version"] == version
    # Opening it again changes nothing and takes no second backup.
    before = path.read_bytes()
    Store.open(path).close()
    assert path.read_bytes() == before
    assert len(list(tmp_path.glob("*.bak"))) == 1


@pytest.mark.parametrize("version", SHIPPED)
def test_a_migrated_store_keeps_its_data(version: int, tmp_path: Path) -> None:
    path = migrated(version, tmp_path)
    with Store.open(path) as store:
        sched = store.load("fest")
        if version >= 3:
            from planner.store import day_record as live

            attendance = live.load_attendance(store, "fest")
            feedback = live.load_feedback(store, "fest")
            incidents = live.load_incidents(store, "fest")
    ev = sched.event
    assert (ev.guid, ev.name, ev.description, ev.timezone) == ("ev-1", "Fest", "Old times", "Europe/Paris")
    assert (ev.first_day, ev.last_day) == (date(2024, 5, 1), date(2024, 5, 2))
    assert (ev.invite_base_url, ev.invite_template) == ("https://fest.example/i", "{base_url}?t={token}")
    assert (ev.slot_minutes, ev.day_start_minute, ev.day_end_minute) == (15, 540, 1080)
    assert ev.rule_severities == ({} if version == 1 else {"track-clash": "off"})
    assert ev.extra == ({"acronym": "fest24"} if version >= 4 else {})
    rooms = {r.guid: r for r in sched.rooms}
    hall, web = rooms["room-hall"], rooms["room-web"]
    assert (hall.name, hall.position, hall.capacity, hall.kind) == ("Hall", 0, 200, RoomKind.PHYSICAL)
    assert (web.name, web.position, web.capacity, web.kind) == ("Web", 1, None, RoomKind.ONLINE)
    # Columns of schema 2 in a schema-1 file get their defaults.
    assert (hall.changeover_minutes, web.allow_parallel) == ((0, False) if version == 1 else (10, True))
    assert hall.allow_parallel is False
    people = {p.guid: p for p in sched.people}
    zoe, mx = people["person-zoe"], people["person-max"]
    assert (zoe.name, zoe.email, zoe.organisation, zoe.role) == (
        "Zoé",
        "z@example.fr",
        "Lab",
        PersonRole.SPEAKER,
    )
    assert [(w.start, w.end) for w in zoe.availability] == [
        (datetime(2024, 5, 1, 7, tzinfo=UTC), datetime(2024, 5, 1, 12, tzinfo=UTC))
    ]
    assert zoe.extra == {"frab_id": 3} and mx.role == PersonRole.MODERATOR
    sessions = sched.session_by_guid()
    hello, idea = sessions["session-hello"], sessions["session-idea"]
    assert (hello.title, hello.description, hello.room, hello.start) == (
        "Bonjour",
        "Opening",
        "room-hall",
        datetime(2024, 5, 1, 8, tzinfo=UTC),
    )
    assert (hello.duration_minutes, hello.participant_limit, hello.track, hello.language) == (
        30,
        50,
        "Main",
        "fr",
    )
    assert (hello.speakers, hello.moderators) == (["person-zoe"], ["person-max"])
    if version == 1:
        assert (hello.checklist, hello.actual_start) == ({}, None)
    else:
        assert (hello.checklist, hello.actual_start) == (
            {"audio": True},
            datetime(2024, 5, 1, 8, 2, tzinfo=UTC),
        )
    assert (idea.kind, idea.start, idea.room, idea.duration_minutes) == (SessionKind.WORKSHOP, None, None, 60)
    (invite,) = sched.invites
    assert (invite.person, invite.token, invite.created, invite.revoked) == (
        "person-zoe",
        "tok-zoe",
        datetime(2024, 4, 1, tzinfo=UTC),
        None,
    )
    if version >= 2:
        (ack,) = sched.acknowledgements
        assert (ack.key, ack.note, ack.created) == (
            "room-overlap|a|b",
            "on purpose",
            datetime(2024, 4, 2, tzinfo=UTC),
        )
    else:
        assert sched.acknowledgements == []
    if version >= 3:
        (a,) = attendance
        assert (a.session, a.registered, a.attended, a.peak_viewers, a.avg_minutes) == (
            "session-hello",
            40,
            31,
            12,
            22.5,
        )
        assert sorted((f.session, f.rating, f.comment) for f in feedback) == [
            ("session-hello", 4, "nice"),
            ("session-hello", 5, ""),
        ]
        (inc,) = incidents
        assert (inc.guid, inc.at, inc.text, inc.room) == (
            "inc-1",
            datetime(2024, 5, 1, 8, 5, tzinfo=UTC),
            "mic dead",
            "room-hall",
        )


@pytest.mark.parametrize("version", SHIPPED)
def test_a_migrated_store_takes_edits_with_its_keys_working(version: int, tmp_path: Path) -> None:
    """The rebuilt tables keep their foreign keys: deleting the event empties every table."""
    path = migrated(version, tmp_path)
    with Store.open(path) as store:
        sched = store.load("fest")
        renamed = copy.deepcopy(sched.sessions[0])
        renamed.title = "Renamed"
        store.apply("fest", edits.save_sessions(sched, [renamed]))
        assert store.load("fest").session_by_guid()[sched.sessions[0].guid].title == "Renamed"
        store.delete_event("fest")
    conn = sqlite3.connect(path)
    try:
        for table in model_tables():
            assert conn.execute(f"SELECT count(*) FROM {table.name}").fetchone()[0] == 0, table.name
    finally:
        conn.close()


def test_every_version_has_its_step() -> None:
    assert [s[0] for s in MIGRATIONS] == list(range(2, CURRENT_VERSION + 1))
