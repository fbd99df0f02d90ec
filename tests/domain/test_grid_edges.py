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
from planner.domain.model import Event

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
