"""Each conflict rule at its edges: touching intervals, midnight, buffers, time zones,
severities and acknowledgements. Every case runs through the engine and the all-pairs
reference, which must agree."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from planner.domain.conflicts import (
    DEFAULT_SEVERITIES,
    TRAVEL_BUFFER_KEY,
    Conflict,
    ConflictEngine,
    check_all_pairs,
    conflict_key,
)
from planner.domain.model import (
    Acknowledgement,
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

# 2026-05-04 in Berlin is CEST (UTC+2): the event day runs 09:00-18:00 local = 07:00-16:00 UTC
DAY = date(2026, 5, 4)


def at(hour: int, minute: int = 0, day: int = 0) -> datetime:
    return datetime(2026, 5, 4 + day, hour, minute, tzinfo=UTC)


def make(
    sessions: list[Session],
    *,
    rooms: list[Room] | None = None,
    people: list[Person] | None = None,
    severities: dict[str, str] | None = None,
    day_end: int = 18 * 60,
    days: int = 1,
    acks: list[Acknowledgement] | None = None,
) -> Schedule:
    event = Event(
        name="Edges",
        first_day=DAY,
        last_day=DAY + timedelta(days=days - 1),
        timezone="Europe/Berlin",
        day_start_minute=9 * 60,
        day_end_minute=day_end,
        rule_severities=dict(severities or {}),
    )
    if rooms is None:
        rooms = [
            Room("One", 0, capacity=50, kind=RoomKind.PHYSICAL, guid="r1"),
            Room("Two", 1, capacity=50, kind=RoomKind.PHYSICAL, guid="r2"),
            Room("Stream", 2, kind=RoomKind.ONLINE, guid="r3"),
        ]
    if people is None:
        people = [Person("Ada", guid="ada"), Person("Bob", guid="bob")]
    return Schedule(
        event=event, rooms=rooms, people=people, sessions=sessions, acknowledgements=list(acks or [])
    )


def talk(
    guid: str, start: datetime | None, minutes: int = 30, room: str | None = "r1", **kw: object
) -> Session:
    return Session(title=guid.upper(), start=start, duration_minutes=minutes, room=room, guid=guid, **kw)  # type: ignore[arg-type]


def found(schedule: Schedule, rule: str | None = None) -> list[Conflict]:
    engine = ConflictEngine(schedule)
    ref = check_all_pairs(schedule)
    assert engine.conflicts() == ref
    return [c for c in ref if rule is None or c.rule == rule]


# ------------------------------------------------------------------ room-overlap
def test_touching_sessions_in_one_room_do_not_clash() -> None:
    assert found(make([talk("a", at(9)), talk("b", at(9, 30))])) == []


def test_one_minute_of_overlap_clashes() -> None:
    (c,) = found(make([talk("a", at(9)), talk("b", at(9, 29))]), "room-overlap")
    assert c.sessions == ("a", "b") and c.severity == "error"
    assert (c.start, c.end) == (at(9, 29), at(9, 30))
    assert c.key == conflict_key("room-overlap", ["b", "a"]) == "room-overlap:a+b"
    assert "One" in c.message and "“A”" in c.message


def test_changeover_buffer_turns_touching_into_a_clash() -> None:
    rooms = [Room("One", 0, changeover_minutes=10, guid="r1")]
    (c,) = found(make([talk("a", at(9)), talk("b", at(9, 35))], rooms=rooms), "room-overlap")
    assert "changeover" in c.message
    assert (c.start, c.end) == (at(9, 30), at(9, 35))  # the gap that is too short
    assert found(make([talk("a", at(9)), talk("b", at(9, 40))], rooms=rooms)) == []


def test_room_that_allows_parallel_sessions_is_exempt() -> None:
    rooms = [Room("Posters", 0, allow_parallel=True, guid="r1")]
    assert found(make([talk("a", at(9)), talk("b", at(9)), talk("c", at(9, 10))], rooms=rooms)) == []


def test_cancelled_and_unscheduled_sessions_are_not_checked() -> None:
    s = make(
        [
            talk("a", at(9)),
            talk("b", at(9), status=SessionStatus.CANCELLED),
            talk("c", None),
            talk("d", at(9), room=None),
        ]
    )
    assert found(s) == []


def test_three_sessions_at_once_give_three_pairs() -> None:
    got = found(make([talk("a", at(9)), talk("b", at(9)), talk("c", at(9, 15))]), "room-overlap")
    assert [c.sessions for c in got] == [("a", "b"), ("a", "c"), ("b", "c")]


def test_long_session_overlapping_a_later_short_one_is_found() -> None:
    # the index must look back far enough: a 10-hour session started long before
    s = make([talk("long", at(7), minutes=600), talk("b", at(15, 50), minutes=10)], day_end=20 * 60)
    assert len(found(s, "room-overlap")) == 1


def test_session_across_midnight() -> None:
    # a day from 09:00 to 04:00 next morning (local); 23:30-00:30 UTC crosses midnight
    s = make([talk("late", at(23, 30), minutes=60), talk("early", at(0, 15, day=1))], day_end=28 * 60)
    (c,) = found(s, "room-overlap")
    assert (c.start, c.end) == (at(0, 15, day=1), at(0, 30, day=1))
    assert found(s, "outside-event") == []


# ----------------------------------------------------------- person-double-booked
def test_person_in_two_rooms_at_the_same_start() -> None:
    s = make([talk("a", at(9), speakers=["ada"]), talk("b", at(9), room="r2", speakers=["ada"])])
    (c,) = found(s, "person-double-booked")
    assert c.people == ("Ada",) and c.sessions == ("a", "b")
    assert c.key == "person-double-booked:a+b:ada"


def test_moderator_and_speaker_count_alike() -> None:
    s = make([talk("a", at(9), speakers=["ada"]), talk("b", at(9, 10), room="r2", moderators=["ada"])])
    assert len(found(s, "person-double-booked")) == 1


def test_one_conflict_per_person_involved() -> None:
    s = make(
        [talk("a", at(9), speakers=["ada", "bob"]), talk("b", at(9), room="r2", speakers=["bob", "ada"])]
    )
    got = found(s, "person-double-booked")
    assert sorted(c.people for c in got) == [("Ada",), ("Bob",)]


def test_touching_sessions_of_one_person_do_not_clash_without_travel_buffer() -> None:
    s = make([talk("a", at(9), speakers=["ada"]), talk("b", at(9, 30), room="r2", speakers=["ada"])])
    assert found(s, "person-double-booked") == []


def test_travel_buffer_applies_between_different_physical_rooms_only() -> None:
    sev = {TRAVEL_BUFFER_KEY: "15"}
    near = [talk("a", at(9), speakers=["ada"]), talk("b", at(9, 40), room="r2", speakers=["ada"])]
    (c,) = found(make(near, severities=sev), "person-double-booked")
    assert "no time to change rooms" in c.message
    # the same room, or an online room, needs no travel
    same = [talk("a", at(9), speakers=["ada"]), talk("b", at(9, 40), speakers=["ada"])]
    online = [talk("a", at(9), speakers=["ada"]), talk("b", at(9, 40), room="r3", speakers=["ada"])]
    assert found(make(same, severities=sev), "person-double-booked") == []
    assert found(make(online, severities=sev), "person-double-booked") == []
    far = [talk("a", at(9), speakers=["ada"]), talk("b", at(9, 45), room="r2", speakers=["ada"])]
    assert found(make(far, severities=sev), "person-double-booked") == []


def test_bad_travel_buffer_falls_back_to_none() -> None:
    s = make(
        [talk("a", at(9), speakers=["ada"]), talk("b", at(9, 30), room="r2", speakers=["ada"])],
        severities={TRAVEL_BUFFER_KEY: "soon"},
    )
    assert found(s, "person-double-booked") == []


# ----------------------------------------------------------- single-session rules
def test_outside_availability_uses_the_union_of_windows() -> None:
    ada = Person("Ada", guid="ada", availability=[Interval(at(8), at(9)), Interval(at(9), at(10))])
    inside = make([talk("a", at(8, 30), minutes=60, speakers=["ada"])], people=[ada])
    assert found(inside, "outside-availability") == []  # spans two adjoining windows
    edge = make([talk("a", at(9, 30), minutes=30, speakers=["ada"])], people=[ada])
    assert found(edge, "outside-availability") == []  # ends exactly when the window does
    late = make([talk("a", at(9, 45), minutes=30, speakers=["ada"])], people=[ada])
    (c,) = found(late, "outside-availability")
    assert c.people == ("Ada",) and "not available" in c.message


def test_no_windows_means_always_available() -> None:
    assert found(make([talk("a", at(3), speakers=["ada"])]), "outside-availability") == []


def test_over_capacity() -> None:
    assert found(make([talk("a", at(9), participant_limit=50)]), "over-capacity") == []
    (c,) = found(make([talk("a", at(9), participant_limit=51)]), "over-capacity")
    assert "51" in c.message and "50" in c.message
    # an online room without a capacity has no limit
    assert found(make([talk("a", at(9), room="r3", participant_limit=10**6)]), "over-capacity") == []


def test_outside_event_at_the_edges_of_the_day() -> None:
    assert found(make([talk("a", at(7)), talk("b", at(15, 30))]), "outside-event") == []
    got = found(make([talk("a", at(6, 59)), talk("b", at(15, 31)), talk("c", at(9, day=1))]), "outside-event")
    assert [c.sessions for c in got] == [("a",), ("b",), ("c",)]


def test_round_the_clock_days_join_up() -> None:
    # days of 24 hours from 09:00 local: a session across 09:00 on the second day is inside
    s = make([talk("a", at(6, 30, day=1), minutes=60)], day_end=33 * 60, days=2)
    assert found(s, "outside-event") == []


def test_missing_moderator_only_for_panels() -> None:
    s = make(
        [
            talk("p", at(9), kind=SessionKind.PANEL, speakers=["ada"]),
            talk("q", at(10), kind=SessionKind.PANEL, moderators=["bob"]),
            talk("t", at(11)),
        ]
    )
    (c,) = found(s, "missing-moderator")
    assert c.sessions == ("p",) and c.severity == DEFAULT_SEVERITIES["missing-moderator"]


def test_rehearsal_must_end_before_its_session() -> None:
    ok = make(
        [talk("show", at(10)), talk("reh", at(9, 30), kind=SessionKind.REHEARSAL, rehearsal_for="show")]
    )
    assert found(ok, "rehearsal-order") == []
    late = make(
        [
            talk("show", at(10)),
            talk("reh", at(10, 30), room="r2", kind=SessionKind.REHEARSAL, rehearsal_for="show"),
        ]
    )
    (c,) = found(late, "rehearsal-order")
    assert c.sessions == ("reh", "show")


def test_track_clash_is_a_warning_in_different_rooms() -> None:
    s = make(
        [
            talk("a", at(9), track="Art"),
            talk("b", at(9, 15), room="r2", track="Art"),
            talk("c", at(9), room="r3", track="Music"),
        ]
    )
    (c,) = found(s, "track-clash")
    assert c.severity == "warning" and c.sessions == ("a", "b")


def test_unsociable_hour_in_the_speakers_own_zone() -> None:
    people = [
        Person("Kenji", timezone="Asia/Tokyo", guid="k"),
        Person("Lea", timezone="Europe/Berlin", guid="l"),
        Person("Nobody", guid="n"),
    ]
    # 14:00 UTC is 23:00 in Tokyo and 16:00 in Berlin
    s = make([talk("a", at(14), speakers=["k", "l", "n"])], people=people)
    (c,) = found(s, "unsociable-hour")
    assert c.people == ("Kenji",) and "23:00" in c.message and c.severity == "warning"
    # ending exactly at 22:00 in Tokyo (13:00 UTC) is fine; starting at 08:00 (23:00 UTC) too
    assert found(make([talk("a", at(12, 30), speakers=["k"])], people=people), "unsociable-hour") == []
    assert (
        found(make([talk("a", at(23), speakers=["k"])], people=people, day_end=28 * 60), "unsociable-hour")
        == []
    )


# ------------------------------------------------------- severities and acknowledgements
@pytest.mark.parametrize("value,expected", [("warning", "warning"), ("error", "error"), ("bogus", "error")])
def test_severity_chosen_per_event(value: str, expected: str) -> None:
    s = make([talk("a", at(9)), talk("b", at(9))], severities={"room-overlap": value})
    (c,) = found(s, "room-overlap")
    assert c.severity == expected


def test_rule_turned_off_finds_nothing() -> None:
    s = make([talk("a", at(9)), talk("b", at(9))], severities={"room-overlap": "off"})
    assert found(s) == []


def test_acknowledged_conflict_stays_listed_but_stops_nagging() -> None:
    key = "room-overlap:a+b"
    s = make(
        [talk("a", at(9), speakers=["ada"]), talk("b", at(9), speakers=["ada"])],
        acks=[Acknowledgement(key, note="lightning block")],
    )
    engine = ConflictEngine(s)
    got = {c.key: c for c in engine.conflicts()}
    assert got[key].acknowledged and got[key].note == "lightning block"
    assert not got["person-double-booked:a+b:ada"].acknowledged
    assert engine.counts() == (1, 0)
    engine.set_acknowledgements([Acknowledgement(key), Acknowledgement("person-double-booked:a+b:ada")])
    assert engine.counts() == (0, 0) and engine.conflicted_sessions() == {}
    assert len(engine.conflicts()) == 2


def test_conflicted_sessions_gives_the_worst_severity() -> None:
    s = make(
        [
            talk("a", at(9), track="Art"),
            talk("b", at(9), room="r2", track="Art"),
            talk("c", at(9, 10), room="r2"),
        ]
    )
    engine = ConflictEngine(s)
    assert engine.conflicted_sessions() == {"a": "warning", "b": "error", "c": "error"}


# ------------------------------------------------------------------ incremental edits
def test_update_and_remove_follow_a_move() -> None:
    a, b = talk("a", at(9), speakers=["ada"]), talk("b", at(10), room="r2", speakers=["ada"])
    s = make([a, b])
    engine = ConflictEngine(s)
    assert engine.conflicts() == []
    b.start = at(9, 15)
    engine.update([b])
    assert [c.rule for c in engine.conflicts()] == ["person-double-booked"]
    engine.remove(["b"])
    assert engine.conflicts() == []


def test_preview_does_not_apply() -> None:
    a, b = talk("a", at(9)), talk("b", at(10))
    engine = ConflictEngine(make([a, b]))
    moved = talk("b", at(9, 10))
    assert [c.rule for c in engine.preview([moved])] == ["room-overlap"]
    assert engine.conflicts() == []
    # moving both together keeps them apart
    assert engine.preview([talk("a", at(11)), talk("b", at(11, 30))]) == []


def test_session_edited_in_place_after_indexing_does_not_confuse_the_engine() -> None:
    a, b = talk("a", at(9)), talk("b", at(10))
    s = make([a, b])
    engine = ConflictEngine(s)
    b.start = at(9)  # changed in place; the engine learns of it through update()
    engine.update([b])
    assert engine.conflicts() == check_all_pairs(s)
    assert len(engine.conflicts()) == 1


def test_unsociable_hour_reads_the_wall_clock_across_a_daylight_saving_change() -> None:
    """Berlin leaves summer time at 03:00 on 25 October 2026 (clocks go back to 02:00):
    an evening talk before it is sociable, a morning one after it and a night one across
    it are not, and the night one reads its wall-clock times 00:30–02:30."""
    from datetime import date, datetime

    from planner.domain.conflicts import UNSOCIABLE_HOUR, check_all_pairs
    from planner.domain.model import UTC, Event, Person, Room, Schedule, Session

    ev = Event(
        name="DST",
        first_day=date(2026, 10, 24),
        last_day=date(2026, 10, 25),
        timezone="UTC",
        day_start_minute=0,
        day_end_minute=24 * 60,
    )
    room = Room(name="R")
    p = Person(name="Owl", timezone="Europe/Berlin")
    # 20:00-21:45 CEST (UTC+2) on the 24th: inside the sociable hours.
    ok = Session(
        title="ok",
        start=datetime(2026, 10, 24, 18, tzinfo=UTC),
        duration_minutes=105,
        room=room.guid,
        speakers=[p.guid],
    )
    # 06:30-07:30 local on the 25th after the change (UTC+1): starts before 08:00.
    early = Session(
        title="early",
        start=datetime(2026, 10, 25, 5, 30, tzinfo=UTC),
        duration_minutes=60,
        room=room.guid,
        speakers=[p.guid],
    )
    # 00:30 CEST to 02:30 CET on the 25th spans the change: wall clock 00:30-02:30.
    night = Session(
        title="night",
        start=datetime(2026, 10, 24, 22, 30, tzinfo=UTC),
        duration_minutes=180,
        room=room.guid,
        speakers=[p.guid],
    )
    found = {
        c.sessions[0]: c
        for c in check_all_pairs(Schedule(ev, [room], [ok, early, night], [p]))
        if c.rule == UNSOCIABLE_HOUR
    }
    assert ok.guid not in found
    assert early.guid in found and night.guid in found
    assert "00:30–02:30" in found[night.guid].message
