"""The grid's arithmetic at its edges: zoom limits, heights, snapping a y, the columns
beside the grid, moving between rooms, the top of a day and the slot lines."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from planner.domain.grid import (
    MAX_COLUMN_WIDTH,
    MAX_PX_PER_MINUTE,
    MIN_COLUMN_WIDTH,
    MIN_PX_PER_MINUTE,
    Grid,
)
from planner.domain.model import Event, Session

DAY = date(2026, 6, 1)


def grid(**kw: object) -> Grid:
    # Two days in UTC from 09:00 to 12:00, 15-minute slots, three rooms.
    ev = Event(
        name="G",
        first_day=DAY,
        last_day=DAY + timedelta(days=1),
        timezone="UTC",
        day_start_minute=9 * 60,
        day_end_minute=12 * 60,
    )
    args: dict[str, object] = {"px_per_minute": 2.0, "column_width": 100.0, "day_gap": 20.0} | kw
    return Grid(ev, ["a", "b", "c"], **args)  # type: ignore[arg-type]


def at(h: int, m: int = 0, day: int = 0) -> datetime:
    return datetime(2026, 6, 1 + day, h, m, tzinfo=UTC)


def test_layout() -> None:
    g = grid()
    # day 1: 180 minutes at 2 px from y 20; day 2 after a 20 px gap
    assert [(b.top, b.bottom) for b in g.days] == [(20.0, 380.0), (400.0, 760.0)]
    assert (g.height, g.width) == (760.0, 300.0)
    assert g.day_top(DAY) == 20.0 and g.day_top(DAY + timedelta(days=1)) == 400.0
    with pytest.raises(KeyError):
        g.day_top(date(2026, 7, 1))


def test_set_zoom_clamps_and_lays_out_again() -> None:
    g = grid()
    g.set_zoom(px_per_minute=1.0)
    assert (g.px_per_minute, g.column_width) == (1.0, 100.0)
    assert [(b.top, b.bottom) for b in g.days] == [(20.0, 200.0), (220.0, 400.0)]
    g.set_zoom(column_width=150.0)
    assert (g.px_per_minute, g.column_width, g.width) == (1.0, 150.0, 450.0)
    g.set_zoom(px_per_minute=100.0, column_width=10_000.0)
    assert (g.px_per_minute, g.column_width) == (MAX_PX_PER_MINUTE, MAX_COLUMN_WIDTH)
    g.set_zoom(px_per_minute=0.01, column_width=1.0)
    assert (g.px_per_minute, g.column_width) == (MIN_PX_PER_MINUTE, MIN_COLUMN_WIDTH)
    assert g.height == 20 + 180 * MIN_PX_PER_MINUTE + 20 + 180 * MIN_PX_PER_MINUTE
    g.set_zoom()
    assert (g.px_per_minute, g.column_width) == (MIN_PX_PER_MINUTE, MIN_COLUMN_WIDTH)


def test_heights_and_minutes() -> None:
    g = grid()
    assert g.height_of(30) == 60.0
    assert g.minutes_of(45.0) == 22.5


def test_snap_y() -> None:
    g = grid()
    # y 20 + 2*22 = 64 is 09:22, nearest 15-minute boundary 09:15 (y 50); 09:23 -> 09:30
    assert g.snap_y(64.0) == 50.0
    assert g.snap_y(66.0) == 80.0
    assert g.snap_y(66.0, 5) == 70.0  # 09:25 on a 5-minute slot


def test_room_nearest_and_shift() -> None:
    g = grid()
    assert [g.room_nearest(x) for x in (-50.0, 0.0, 99.9, 100.0, 299.0, 300.0, 1000.0)] == [
        "a",
        "a",
        "a",
        "b",
        "c",
        "c",
        "c",
    ]
    assert [g.shift_room("b", by) for by in (-5, -1, 0, 1, 5)] == ["a", "a", "b", "c", "c"]
    assert g.shift_room("x", 1) == "x" and g.shift_room(None, 1) is None
    g.set_rooms([])
    assert g.room_nearest(10.0) is None and g.room_at(10.0) is None


def test_slot_lines() -> None:
    g = grid()
    lines = g.slot_lines(20.0, 80.0)  # 09:00 to 09:30 of the first day
    assert lines == [(20.0, at(9)), (50.0, at(9, 15)), (80.0, at(9, 30))]
    # from the middle of a band: the first line at or below the top
    assert g.slot_lines(55.0, 110.0) == [(80.0, at(9, 30)), (110.0, at(9, 45))]
    # 30-minute slots, over the gap into the second day
    got = g.slot_lines(340.0, 460.0, 30)
    assert got == [(320.0 + 60.0, at(12)), (400.0, at(9, day=1)), (460.0, at(9, 30, day=1))]
    assert g.slot_lines(385.0, 395.0) == []  # only the gap
    whole = g.slot_lines(0.0, 10_000.0)
    assert len(whole) == 2 * 13 and whole[-1] == (760.0, at(12, day=1))


def three_days(
    sessions: list[Session] | None = None, zone: str = "UTC", start: int = 9 * 60, slot: int = 15
) -> Grid:
    # Three days from 09:00 to 12:00 at 1 px a minute: bands at y 20-200, 220-400, 420-600
    ev = Event(
        name="G3",
        first_day=DAY,
        last_day=DAY + timedelta(days=2),
        timezone=zone,
        slot_minutes=slot,
        day_start_minute=start,
        day_end_minute=12 * 60,
    )
    return Grid(ev, ["a", "b"], sessions or [], px_per_minute=1.0, column_width=100.0, day_gap=20.0)


def test_band_of_an_instant_in_the_gaps() -> None:
    g = three_days()
    day = [b.day for b in g.days]
    # after day 1 closes (12:00): the nearer band; 22:30 is 10.5 h from both
    assert g.band_of_instant(at(22, 30)).day == day[0]
    assert g.band_of_instant(at(22, 31)).day == day[1]
    assert g.band_of_instant(at(13, day=1)).day == day[1]
    assert g.band_of_instant(at(23, day=1)).day == day[2]  # after day 2, nearer day 3
    assert g.band_of_instant(at(20, day=2)).day == day[2]  # after the last day
    assert g.band_of_instant(at(1)).day == day[0]  # before the first


def test_band_at_a_y_in_the_gaps() -> None:
    g = three_days()
    day = [b.day for b in g.days]
    got = [g.band_at_y(y).day for y in (100.0, 205.0, 210.0, 215.0, 405.0, 415.0, 700.0, -5.0)]
    assert got == [day[0], day[0], day[0], day[1], day[1], day[2], day[2], day[0]]


def test_days_widen_to_whole_hours_for_their_sessions() -> None:
    early = Session("early", start=datetime(2026, 6, 1, 8, 20, 30, tzinfo=UTC), duration_minutes=20)
    late = Session("late", start=datetime(2026, 6, 2, 11, 30, 30, tzinfo=UTC), duration_minutes=45)
    on_the_hour = Session("hour", start=at(11, 30, day=2), duration_minutes=90)  # ends 13:00
    g = three_days([Session("unscheduled"), early, late, on_the_hour])
    assert [(b.start, b.end) for b in g.days] == [
        (at(8), at(12)),  # 08:20:30 rounds down to 08:00:00
        (at(9, day=1), at(13, day=1)),  # 12:15:30 rounds up to 13:00:00
        (at(9, day=2), at(13, day=2)),  # 13:00 exactly stays
    ]
    assert [(b.top, b.bottom) for b in g.days] == [(20.0, 260.0), (280.0, 520.0), (540.0, 780.0)]
    assert g.height == 780.0


def test_a_session_in_a_gap_widens_the_nearer_day() -> None:
    evening = Session("evening", start=at(20), duration_minutes=30)  # 8 h after, 13 h before
    tie = Session("tie", start=at(22, 30, day=1), duration_minutes=15)  # 10.5 h either way
    night = Session("night", start=at(23, day=1), duration_minutes=30)  # nearer day 3
    after = Session("after", start=at(15, day=2), duration_minutes=30)  # after the last day
    g = three_days([evening, tie, night, after])
    assert [(b.start, b.end) for b in g.days] == [
        (at(9), at(21)),
        (at(9, day=1), at(23, day=1)),
        (at(23, day=1), at(16, day=2)),
    ]


def test_a_widened_day_does_not_overlap_the_next() -> None:
    long = Session("long", start=at(20), duration_minutes=300)  # to 01:00 on day 2
    night = Session("night", start=at(23, 30), duration_minutes=30)  # nearer day 2
    g = three_days([long, night])
    assert [(b.start, b.end) for b in g.days][:2] == [(at(9), at(1, day=1)), (at(1, day=1), at(12, day=1))]


def test_slot_and_its_message() -> None:
    with pytest.raises(ValueError, match=r"^slot must be one of \(5, 10, 15, 30\) minutes, not 7$"):
        three_days(slot=7)
    g = three_days()
    with pytest.raises(ValueError, match=r"^slot must be one of \(5, 10, 15, 30\) minutes, not 20$"):
        g.set_slot(20)
    g.set_slot(5)
    assert g.slot == 5


def test_snap_on_the_wall_clock_of_a_zone_off_the_hour() -> None:
    # Kathmandu is UTC+5:45; the day starts at 09:10 there (03:25 UTC). On 30-minute
    # slots 09:17 snaps to 09:30 Kathmandu time (03:45 UTC), not to a UTC half hour.
    g = three_days(zone="Asia/Kathmandu", start=9 * 60 + 10, slot=30)
    assert g.days[0].start == datetime(2026, 6, 1, 3, 25, tzinfo=UTC)
    assert g.snap(datetime(2026, 6, 1, 3, 32, tzinfo=UTC)) == datetime(2026, 6, 1, 3, 45, tzinfo=UTC)


def test_rect_of() -> None:
    g = three_days()
    a = Session("a", room="a", start=at(11), duration_minutes=120)  # past the band's end
    assert g.rect_of(a) == (0.0, 140.0, 100.0, 60.0)  # clipped to 12:00
    b = Session("b", room="b", start=at(10), duration_minutes=1)
    assert g.rect_of(b) == (100.0, 80.0, 100.0, 2.0)  # at least 2 px high
    assert g.rect_of(Session("c", room="b")) is None  # unscheduled
    assert g.rect_of(Session("d", start=at(10))) is None  # no room
    assert g.rect_of(Session("e", room="z", start=at(10))) is None  # hidden room


def test_room_at_and_drop_at() -> None:
    g = three_days()
    assert [g.room_at(x) for x in (-0.1, 0.0, 0.5, 99.9, 100.0, 199.9, 200.0)] == [
        None,
        "a",
        "a",
        "a",
        "b",
        "b",
        None,
    ]
    drop = g.drop_at(150.0, 233.0)  # day 2, 09:13 -> 09:15, room b
    assert (drop.start, drop.room, drop.day) == (at(9, 15, day=1), "b", DAY + timedelta(days=1))
    assert g.drop_at(150.0, 233.0, snap=False).start == at(9, 13, day=1)
    assert g.room_nearest(0.5) == "a" and g.room_nearest(199.9999) == "b"


def test_slot_lines_past_a_band_above_and_on_a_day_off_the_half_hour() -> None:
    g = grid()
    # the first day (20-380) is above: skipped, the second day's lines still come
    assert g.slot_lines(390.0, 430.0) == [(400.0, at(9, day=1)), (430.0, at(9, 15, day=1))]
    # a day from 09:15 with 30-minute lines: on the half hours, not from 09:15 on
    g3 = three_days(start=9 * 60 + 15)
    assert g3.slot_lines(0.0, 100.0, 30) == [(35.0, at(9, 30)), (65.0, at(10)), (95.0, at(10, 30))]


def test_a_session_at_the_days_open_does_not_widen_it() -> None:
    g = three_days([Session("first", start=at(9, 15), duration_minutes=30)], start=9 * 60 + 15)
    assert g.days[0].start == at(9, 15)
    early = Session("early", start=datetime(2026, 6, 1, 8, 20, 30, 500_000, tzinfo=UTC), duration_minutes=20)
    late = Session("late", start=datetime(2026, 6, 1, 11, 50, 0, 250_000, tzinfo=UTC), duration_minutes=15)
    g = three_days([early, late])
    assert (g.days[0].start, g.days[0].end) == (at(8), at(13))  # whole hours, no fractions of a second


def test_day_top_of_another_day_names_it() -> None:
    with pytest.raises(KeyError) as err:
        grid().day_top(date(2026, 7, 1))
    assert err.value.args == (date(2026, 7, 1),)


@pytest.mark.parametrize(
    ("zone", "slot"), [("UTC", 30), ("UTC", 15), ("UTC", 10), ("Asia/Kolkata", 30), ("Europe/Vienna", 30)]
)
def test_slot_lines_sit_where_a_drop_snaps_on_a_day_opening_off_the_slots(zone: str, slot: int) -> None:
    """A day opening at 09:10 (wall clock) with 30-minute slots: the lines are on 09:30,
    10:00, ..., exactly the instants a dropped session snaps to; the band's top (09:10)
    is its edge, not a slot line."""
    g = three_days(zone=zone, start=9 * 60 + 10, slot=slot)
    band = g.days[0]
    lines = g.slot_lines(band.top, band.bottom)
    local = [t.astimezone(g.event.zone).strftime("%H:%M") for _, t in lines]
    first = {30: 9 * 60 + 30, 15: 9 * 60 + 15, 10: 9 * 60 + 10}[slot]  # 09:10 itself only for 10
    expected = [f"{m // 60:02}:{m % 60:02}" for m in range(first, 12 * 60 + 1, slot)]
    assert expected[:2] == {30: ["09:30", "10:00"], 15: ["09:15", "09:30"], 10: ["09:10", "09:20"]}[slot]
    assert local == expected
    assert all(y == g.y_of(t) and g.snap(t) == t for y, t in lines)
    # every minute of the band snaps onto a line, or onto the band's own top
    on_lines = {t for _, t in lines}
    landed = {g.snap(band.start + timedelta(minutes=m)) for m in range(int(band.minutes) + 1)}
    assert landed - on_lines <= {band.start}
    assert on_lines <= landed
