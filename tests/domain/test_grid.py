"""The grid's arithmetic, without Qt."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from planner.domain.grid import Grid
from planner.domain.model import UTC, Event, Session
from planner.domain.timegrid import local_instant


def ccc_event() -> Event:
    # Days from 11:00 to 06:00 the next morning (Berlin, UTC+1 in December).
    return Event(
        name="CCC",
        first_day=date(2024, 12, 27),
        last_day=date(2024, 12, 30),
        timezone="Europe/Berlin",
        slot_minutes=15,
        day_start_minute=11 * 60,
        day_end_minute=30 * 60,
    )


def test_days_follow_one_another_and_a_night_stays_in_its_day() -> None:
    ev = ccc_event()
    g = Grid(ev, ["a", "b"], px_per_minute=1.0, day_gap=20)
    assert [b.day for b in g.days] == ev.days
    assert g.days[0].top == 20  # a title strip above each day
    assert g.days[0].bottom == 20 + 19 * 60  # 11:00 .. 06:00 is 19 hours
    assert g.days[1].top == 19 * 60 + 40
    # 02:00 on the 28th belongs to the day of the 27th.
    night = local_instant(ev, date(2024, 12, 27), 26 * 60)
    assert g.band_of_instant(night).day == date(2024, 12, 27)
    assert g.y_of(night) == pytest.approx(20 + 15 * 60)
    assert g.instant_at(20 + 15 * 60) == night


def test_time_and_y_round_trip_across_days() -> None:
    ev = ccc_event()
    g = Grid(ev, ["a"], px_per_minute=1.7)
    for day in ev.days:
        for minute in (11 * 60, 13 * 60 + 25, 23 * 60 + 59, 29 * 60):
            t = local_instant(ev, day, minute)
            assert g.instant_at(g.y_of(t)) == t


def test_snapping_to_each_slot() -> None:
    ev = ccc_event()
    g = Grid(ev, ["a"])
    t = local_instant(ev, date(2024, 12, 28), 14 * 60 + 7)
    expected = {5: 14 * 60 + 5, 10: 14 * 60 + 10, 15: 14 * 60 + 0, 30: 14 * 60}
    for slot, minute in expected.items():
        assert g.snap(t, slot) == local_instant(ev, date(2024, 12, 28), minute)
    g.set_slot(5)
    assert g.snap(t) == local_instant(ev, date(2024, 12, 28), 14 * 60 + 5)
    with pytest.raises(ValueError):
        g.set_slot(7)
    assert g.snap_duration(52, 15) == 45
    assert g.snap_duration(53, 15) == 60
    assert g.snap_duration(1, 10) == 10


def test_snap_keeps_inside_the_day() -> None:
    ev = ccc_event()
    g = Grid(ev, ["a"])
    early = local_instant(ev, date(2024, 12, 27), 9 * 60)  # before the first day opens
    assert g.snap(early) == g.days[0].start


def test_rooms_and_columns() -> None:
    ev = ccc_event()
    g = Grid(ev, ["r1", "r2", "r3"], column_width=100)
    assert g.x_of("r2") == 100
    assert g.room_at(250) == "r3"
    assert g.room_at(-1) is None and g.room_at(300) is None
    assert g.room_nearest(1000) == "r3"
    assert g.shift_room("r1", -1) == "r1"
    assert g.shift_room("r1", 2) == "r3"
    g.set_rooms(["r3"])
    assert g.x_of("r1") is None
    assert g.x_of("r3") == 0
    assert g.width == 100


def test_rect_and_drop() -> None:
    ev = ccc_event()
    g = Grid(ev, ["r1", "r2"], px_per_minute=2, column_width=150, day_gap=0)
    s = Session("Talk", start=local_instant(ev, date(2024, 12, 27), 12 * 60), duration_minutes=40, room="r2")
    x, y, w, h = g.rect_of(s)  # type: ignore[misc]
    assert (x, y, w, h) == (150, 120, 150, 80)
    drop = g.drop_at(160, 120 + 2 * 8)  # 12:08 snaps to 12:15 with 15-minute slots
    assert drop.room == "r2"
    assert drop.start == local_instant(ev, date(2024, 12, 27), 12 * 60 + 15)
    assert g.rect_of(Session("Unscheduled")) is None
    assert g.rect_of(Session("Hidden room", start=s.start, room="zz")) is None


def test_days_widen_for_sessions_outside_the_window() -> None:
    ev = Event(
        name="x",
        first_day=date(2026, 3, 1),
        last_day=date(2026, 3, 2),
        timezone="UTC",
        day_start_minute=9 * 60,
        day_end_minute=17 * 60,
    )
    late = Session("late", start=datetime(2026, 3, 1, 17, 30, tzinfo=UTC), duration_minutes=60, room="a")
    early = Session("early", start=datetime(2026, 3, 2, 7, 40, tzinfo=UTC), duration_minutes=30, room="a")
    g = Grid(ev, ["a"], [late, early], px_per_minute=1, day_gap=0)
    assert g.days[0].end == datetime(2026, 3, 1, 19, tzinfo=UTC)
    assert g.days[1].start == datetime(2026, 3, 2, 7, tzinfo=UTC)
    y0 = g.y_of(late.start)  # type: ignore[arg-type]
    assert y0 == 8.5 * 60
    r = g.rect_of(early)
    assert r is not None and r[1] == g.days[1].top + 40


def test_dst_day_keeps_wall_clock_slots() -> None:
    ev = Event(
        name="x",
        first_day=date(2026, 3, 28),
        last_day=date(2026, 3, 29),
        timezone="Europe/Berlin",
        day_start_minute=20 * 60,
        day_end_minute=28 * 60,
    )
    g = Grid(ev, ["a"], px_per_minute=1)
    # The night of 28/29 March loses an hour: the band is 7 real hours long.
    assert g.days[0].minutes == 7 * 60
    t = local_instant(ev, date(2026, 3, 28), 27 * 60 + 20)  # 03:20 local (CEST)
    assert g.snap(t, 30) == local_instant(ev, date(2026, 3, 28), 27 * 60 + 30)


def test_slot_lines_cover_the_span() -> None:
    ev = ccc_event()
    g = Grid(ev, ["a"], px_per_minute=1, day_gap=0)
    lines = g.slot_lines(0, 120, 30)
    assert [y for y, _ in lines] == [0, 30, 60, 90, 120]
    later = g.slot_lines(1000, 1060, 15)
    assert all(1000 <= y <= 1060 for y, _ in later) and len(later) == 4
    assert later[1][1] - later[0][1] == timedelta(minutes=15)
