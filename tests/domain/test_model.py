from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from planner.domain.model import (
    UTC,
    DomainError,
    Event,
    Interval,
    Person,
    Room,
    Schedule,
    Session,
    SessionKind,
    slugify,
)
from planner.domain.timegrid import (
    day_window,
    event_day_of,
    local_instant,
    minute_of_day,
    snap_instant,
    snap_minutes,
)


def ev(**kw: object) -> Event:
    base: dict[str, object] = dict(
        name="Congress",
        first_day=date(2025, 12, 27),
        last_day=date(2025, 12, 30),
        timezone="Europe/Berlin",
        day_start_minute=11 * 60,
        day_end_minute=30 * 60,
    )
    base.update(kw)
    return Event(**base)  # type: ignore[arg-type]


def test_event_rules() -> None:
    ev().validate()
    with pytest.raises(DomainError, match="name"):
        ev(name="  ").validate()
    with pytest.raises(DomainError, match="last_day"):
        ev(last_day=date(2025, 12, 26)).validate()
    with pytest.raises(DomainError, match="unknown time zone"):
        ev(timezone="Mars/Olympus").validate()
    with pytest.raises(DomainError, match="slot"):
        ev(slot_minutes=7).validate()
    with pytest.raises(DomainError, match="day_end"):
        ev(day_end_minute=10 * 60).validate()  # ends before it starts
    with pytest.raises(DomainError, match="day_end"):
        ev(day_end_minute=11 * 60 + 24 * 60 + 1).validate()  # longer than 24 h


def test_session_rules() -> None:
    s = Session(title="Talk", start=datetime(2025, 12, 27, 12, tzinfo=timezone(timedelta(hours=1))))
    s.validate()
    assert s.start == datetime(2025, 12, 27, 11, tzinfo=UTC)  # normalised to UTC
    assert s.end == datetime(2025, 12, 27, 11, 30, tzinfo=UTC)
    with pytest.raises(DomainError, match="naive"):
        Session(title="x", start=datetime(2025, 1, 1, 10)).validate()
    with pytest.raises(DomainError, match="title"):
        Session(title="").validate()
    with pytest.raises(DomainError, match="negative"):
        Session(title="x", duration_minutes=-5).validate()
    with pytest.raises(DomainError, match="speaker and moderator"):
        Session(title="x", speakers=["a"], moderators=["a"]).validate()
    assert Session(title="x", kind=SessionKind.BREAK).interval is None


def test_person_and_room_rules() -> None:
    Person(name="Ada", email="ada@example.org", timezone="Europe/London").validate()
    with pytest.raises(DomainError, match="e-mail"):
        Person(name="Ada", email="not-an-address").validate()
    with pytest.raises(DomainError, match="time zone"):
        Person(name="Ada", timezone="Nowhere/City").validate()
    with pytest.raises(DomainError, match="capacity"):
        Room(name="A", capacity=-1).validate()
    with pytest.raises(DomainError, match="end before"):
        Interval(datetime(2025, 1, 2, tzinfo=UTC), datetime(2025, 1, 1, tzinfo=UTC))


def test_interval_touching_does_not_overlap() -> None:
    a = Interval(datetime(2025, 1, 1, 10, tzinfo=UTC), datetime(2025, 1, 1, 11, tzinfo=UTC))
    b = Interval(datetime(2025, 1, 1, 11, tzinfo=UTC), datetime(2025, 1, 1, 12, tzinfo=UTC))
    assert not a.overlaps(b)
    assert a.overlaps(Interval(datetime(2025, 1, 1, 10, 59, tzinfo=UTC), b.end))


def test_schedule_checks_references() -> None:
    room = Room(name="A")
    p = Person(name="Ada")
    sched = Schedule(ev(), [room], [Session(title="t", room=room.guid, speakers=[p.guid])], [p])
    sched.validate()
    sched.sessions.append(Session(title="u", room="missing"))
    with pytest.raises(DomainError, match="room that does not exist"):
        sched.validate()
    sched.sessions[-1].room = None
    sched.sessions[-1].guid = sched.sessions[0].guid
    with pytest.raises(DomainError, match="share the guid"):
        sched.validate()


def test_slugify() -> None:
    assert slugify("Winter Gala 2026 – Wien") == "winter-gala-2026-wien"
    assert slugify("Chaos-West Bühne") == "chaos-west-buhne"
    assert slugify("紙の変態") == "event"


def test_day_past_midnight_is_one_day() -> None:
    e = ev()
    start, end = day_window(e, date(2025, 12, 27))
    assert start == datetime(2025, 12, 27, 10, tzinfo=UTC)  # 11:00 CET
    assert end == datetime(2025, 12, 28, 5, tzinfo=UTC)  # 06:00 CET the next morning
    late = datetime(2025, 12, 28, 2, tzinfo=UTC)  # 03:00 local on the 28th
    assert event_day_of(e, late) == date(2025, 12, 27)
    assert event_day_of(e, end) is None  # the end is not in the day (06:00 to 11:00 gap)
    assert event_day_of(e, datetime(2025, 12, 28, 10, tzinfo=UTC)) == date(2025, 12, 28)
    assert minute_of_day(e, date(2025, 12, 27), late) == 27 * 60


def test_local_instant_across_daylight_saving() -> None:
    e = ev(
        first_day=date(2026, 3, 28),
        last_day=date(2026, 3, 29),
        day_start_minute=9 * 60,
        day_end_minute=18 * 60,
    )
    # Berlin moves to summer time on 29 March 2026: 09:00 local is 08:00Z, then 07:00Z.
    assert local_instant(e, date(2026, 3, 28), 9 * 60) == datetime(2026, 3, 28, 8, tzinfo=UTC)
    assert local_instant(e, date(2026, 3, 29), 9 * 60) == datetime(2026, 3, 29, 7, tzinfo=UTC)


def test_snapping() -> None:
    assert snap_minutes(667, 15) == 660
    assert snap_minutes(667.5, 15) == 675  # halves round up
    assert snap_minutes(1452, 30) == 1440
    e = ev(slot_minutes=15)
    t = datetime(2025, 12, 27, 10, 8, tzinfo=UTC)  # 11:08 local
    assert snap_instant(e, t) == datetime(2025, 12, 27, 10, 15, tzinfo=UTC)
    assert snap_instant(e, t, 5) == datetime(2025, 12, 27, 10, 10, tzinfo=UTC)
