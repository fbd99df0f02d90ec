"""The incremental engine against the plain all-pairs check, on random schedules and
random edits (hypothesis): always the same conflicts."""

from __future__ import annotations

import copy
from datetime import UTC, date, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.domain.conflicts import TRAVEL_BUFFER_KEY, ConflictEngine, check_all_pairs
from planner.domain.model import (
    Event,
    Interval,
    Person,
    Room,
    RoomKind,
    Schedule,
    Session,
    SessionKind,
    SessionStatus,
)
from tests.mutants.budget import examples

BASE = datetime(2026, 3, 1, 6, 0, tzinfo=UTC)
ZONES = ["", "Europe/Berlin", "Asia/Tokyo", "America/New_York"]


def _base_schedule(travel: int) -> Schedule:
    event = Event(
        name="Prop",
        first_day=date(2026, 3, 1),
        last_day=date(2026, 3, 2),
        timezone="Europe/Berlin",
        day_start_minute=9 * 60,
        day_end_minute=26 * 60,
        rule_severities={TRAVEL_BUFFER_KEY: str(travel), "missing-moderator": "error"},
    )
    rooms = [
        Room("Hall A", 0, capacity=100, kind=RoomKind.PHYSICAL, guid="r0"),
        Room("Hall B", 1, capacity=20, kind=RoomKind.PHYSICAL, changeover_minutes=10, guid="r1"),
        Room("Stream", 2, kind=RoomKind.ONLINE, guid="r2"),
        Room("Posters", 3, kind=RoomKind.PHYSICAL, allow_parallel=True, guid="r3"),
    ]
    people = []
    for i in range(6):
        avail = []
        if i % 3 == 0:
            avail = [
                Interval(BASE + timedelta(hours=2), BASE + timedelta(hours=10)),
                Interval(BASE + timedelta(hours=10), BASE + timedelta(hours=14)),
                Interval(BASE + timedelta(hours=26), BASE + timedelta(hours=36)),
            ]
        people.append(Person(f"P{i}", timezone=ZONES[i % len(ZONES)], availability=avail, guid=f"p{i}"))
    return Schedule(event=event, rooms=rooms, people=people)


session_st = st.fixed_dictionaries(
    {
        "slot": st.one_of(
            st.none(), st.integers(0, 32), st.integers(0, 32), st.integers(0, 48 * 4)
        ),  # quarter hours after BASE
        "nudge": st.sampled_from([0, 0, 0, 5, 10]),  # minutes off the quarter hour
        "duration": st.sampled_from([0, 15, 30, 45, 60, 90, 240]),
        "room": st.sampled_from(["r0", "r1", "r2", "r3"]),
        "people": st.lists(st.sampled_from([f"p{i}" for i in range(6)]), max_size=3, unique=True),
        "moderated": st.booleans(),
        "track": st.sampled_from(["", "", "Security", "Art"]),
        "kind": st.sampled_from(
            [SessionKind.TALK, SessionKind.TALK, SessionKind.PANEL, SessionKind.REHEARSAL]
        ),
        "limit": st.sampled_from([None, 10, 50, 500]),
        "cancelled": st.booleans(),
        "rehearses": st.integers(0, 30),
    }
)


def _session(i: int, d: dict, n: int) -> Session:
    people = d["people"]
    mods = people[-1:] if d["moderated"] and people else []
    return Session(
        title=f"S{i}",
        kind=d["kind"],
        duration_minutes=d["duration"],
        start=None if d["slot"] is None else BASE + timedelta(minutes=15 * d["slot"] + d["nudge"]),
        room=d["room"],
        participant_limit=d["limit"],
        track=d["track"],
        status=SessionStatus.CANCELLED if d["cancelled"] and i % 4 == 0 else SessionStatus.SCHEDULED,
        speakers=[p for p in people if p not in mods],
        moderators=mods,
        rehearsal_for=f"s{d['rehearses'] % n}" if d["kind"] == SessionKind.REHEARSAL else None,
        guid=f"s{i}",
    )


move_st = st.tuples(
    st.integers(0, 1000),  # which session (modulo)
    st.sampled_from(["move", "move", "move", "room", "unschedule", "delete", "people", "add"]),
    st.integers(-24, 24),  # five minutes
    st.sampled_from(["r0", "r1", "r2", "r3"]),
    st.lists(st.sampled_from([f"p{i}" for i in range(6)]), max_size=2, unique=True),
)


def _key_set(conflicts: list) -> list:
    return sorted(conflicts, key=lambda c: c.key)


@settings(max_examples=examples(200), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(session_st, min_size=1, max_size=30), st.lists(move_st, max_size=25), st.sampled_from([0, 0, 20])
)
def test_incremental_engine_equals_all_pairs(specs: list, moves: list, travel: int) -> None:
    schedule = _base_schedule(travel)
    schedule.sessions = [_session(i, d, len(specs)) for i, d in enumerate(specs)]
    engine = ConflictEngine(schedule)
    assert _key_set(engine.conflicts()) == _key_set(check_all_pairs(schedule))
    next_id = len(specs)
    for which, what, delta, room, people in moves:
        if not schedule.sessions:
            break
        s = copy.deepcopy(schedule.sessions[which % len(schedule.sessions)])
        if what == "delete":
            schedule.sessions = [x for x in schedule.sessions if x.guid != s.guid]
            engine.remove([s.guid])
        else:
            if what == "add":
                s.guid = f"s{next_id}"
                next_id += 1
            if what in ("move", "add"):
                s.start = (s.start or BASE) + timedelta(minutes=5 * delta)
            elif what == "room":
                s.room = room
            elif what == "unschedule":
                s.start = None
            elif what == "people":
                s.speakers, s.moderators = list(people), []
            # the engine's preview of the proposed state equals what applying it finds
            preview = engine.preview([s])
            schedule.sessions = [x for x in schedule.sessions if x.guid != s.guid] + [s]
            expected = [c for c in check_all_pairs(schedule) if s.guid in c.sessions]
            assert _key_set(preview) == _key_set(expected)
            engine.update([s])
        assert _key_set(engine.conflicts()) == _key_set(check_all_pairs(schedule))


@settings(max_examples=examples(80), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(session_st, min_size=2, max_size=25),
    st.lists(st.integers(0, 1000), min_size=2, max_size=4),
    st.integers(-24, 24),
    st.sampled_from(["r0", "r1", "r2", "r3", None]),
)
def test_preview_of_a_group_move_equals_applying_it(
    specs: list, picks: list, delta: int, room: str | None
) -> None:
    """Dragging several sessions at once: the preview shows exactly the conflicts that
    the moved sessions would have once applied."""
    schedule = _base_schedule(20)
    schedule.sessions = [_session(i, d, len(specs)) for i, d in enumerate(specs)]
    engine = ConflictEngine(schedule)
    chosen = {p % len(schedule.sessions) for p in picks}
    moved = []
    for i in sorted(chosen):
        s = copy.deepcopy(schedule.sessions[i])
        s.start = (s.start or BASE) + timedelta(minutes=5 * delta)
        s.room = room or s.room
        moved.append(s)
    before = _key_set(engine.conflicts())
    preview = engine.preview(moved)
    assert _key_set(engine.conflicts()) == before  # nothing applied
    guids = {s.guid for s in moved}
    by_guid = {s.guid: s for s in moved}
    schedule.sessions = [by_guid.get(s.guid, s) for s in schedule.sessions]
    expected = [c for c in check_all_pairs(schedule) if guids & set(c.sessions)]
    assert _key_set(preview) == _key_set(expected)
