"""Time arithmetic of an event at its edges: zones far from UTC, days past midnight, the
gaps between days, seconds, negative minutes."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from planner.domain.model import Event
from planner.domain.timegrid import (
    day_window,
    event_day_of,
    event_window,
    format_local,
    local_instant,
    minute_of_day,
    nearest_event_day,
    snap_instant,
    snap_minutes,
)


def auckland() -> Event:
    # Auckland in March 2026 is NZDT, UTC+13; days from 10:00 to 02:00 the next morning.
    return Event(
        name="Far",
        first_day=date(2026, 3, 10),
        last_day=date(2026, 3, 12),
        timezone="Pacific/Auckland",
        day_start_minute=10 * 60,
        day_end_minute=26 * 60,
    )


def test_local_instant_is_utc() -> None:
    t = local_instant(auckland(), date(2026, 3, 10), 10 * 60)
    assert t == datetime(2026, 3, 9, 21, 0, tzinfo=UTC)
    assert t.tzinfo is UTC
    assert local_instant(auckland(), date(2026, 3, 10), 25 * 60 + 30) == datetime(
        2026, 3, 10, 12, 30, tzinfo=UTC
    )


def test_event_window() -> None:
    ev = auckland()
    # 10 March 10:00 NZDT to 13 March 02:00 NZDT
    assert event_window(ev) == (datetime(2026, 3, 9, 21, tzinfo=UTC), datetime(2026, 3, 12, 13, tzinfo=UTC))
    assert day_window(ev, date(2026, 3, 11)) == (
        datetime(2026, 3, 10, 21, tzinfo=UTC),
        datetime(2026, 3, 11, 13, tzinfo=UTC),
    )


def test_event_day_of_in_a_zone_far_from_utc() -> None:
    ev = auckland()
    # 11 March 09:30 UTC is 22:30 NZDT on the 11th (the UTC date is the same, the
    # local hour is not): in the day of the 11th.
    assert event_day_of(ev, datetime(2026, 3, 11, 9, 30, tzinfo=UTC)) == date(2026, 3, 11)
    # 12 March 12:00 UTC is 01:00 NZDT on the 13th: still the last day (it runs to 02:00).
    assert event_day_of(ev, datetime(2026, 3, 12, 12, tzinfo=UTC)) == date(2026, 3, 12)
    # 12 March 13:00 UTC is 02:00 on the 13th: the last day has closed.
    assert event_day_of(ev, datetime(2026, 3, 12, 13, tzinfo=UTC)) is None
    # 21:00 UTC on the 9th is 10:00 on the 10th: the first day opens.
    assert event_day_of(ev, datetime(2026, 3, 9, 21, tzinfo=UTC)) == date(2026, 3, 10)


def test_nearest_event_day() -> None:
    ev = auckland()
    # inside a day, after local midnight: the day it belongs to, not the local date
    assert nearest_event_day(ev, datetime(2026, 3, 10, 12, 30, tzinfo=UTC)) == date(2026, 3, 10)
    # in the gap between days (05:00 NZDT on the 11th): the local date
    assert nearest_event_day(ev, datetime(2026, 3, 10, 16, tzinfo=UTC)) == date(2026, 3, 11)
    # 9 March 20:00 UTC is 09:00 NZDT on the 10th, before the first day opens: the local date
    assert nearest_event_day(ev, datetime(2026, 3, 9, 20, tzinfo=UTC)) == date(2026, 3, 10)
    # long before: the first day; long after: the last
    assert nearest_event_day(ev, datetime(2026, 1, 1, tzinfo=UTC)) == date(2026, 3, 10)
    assert nearest_event_day(ev, datetime(2026, 3, 8, 12, tzinfo=UTC)) == date(2026, 3, 10)  # 9th, NZDT
    assert nearest_event_day(ev, datetime(2026, 3, 13, 12, tzinfo=UTC)) == date(2026, 3, 12)  # 14th, NZDT


def test_minute_of_day_counts_seconds() -> None:
    ev = auckland()
    t = datetime(2026, 3, 10, 12, 30, 30, tzinfo=UTC)  # 01:30:30 NZDT on the 11th
    assert minute_of_day(ev, date(2026, 3, 10), t) == 25 * 60 + 30.5
    assert minute_of_day(ev, date(2026, 3, 11), t) == 90.5


def test_snap_minutes() -> None:
    assert snap_minutes(7, 1) == 7
    assert snap_minutes(22.4, 15) == 15
    assert snap_minutes(-20, 15) == -15  # floor, also below zero: -12.5 // 15 = -1
    assert snap_minutes(-7.5, 15) == 0
    for slot in (0, -5):
        with pytest.raises(ValueError, match=r"^slot must be positive$"):
            snap_minutes(10, slot)


def test_snap_instant_before_the_first_day() -> None:
    ev = auckland()
    # 08:07 NZDT on the 10th (before the day opens) snaps on the 10th's grid to 08:00
    t = datetime(2026, 3, 9, 19, 7, tzinfo=UTC)
    assert snap_instant(ev, t) == datetime(2026, 3, 9, 19, 0, tzinfo=UTC)


def test_format_local() -> None:
    ev = auckland()
    t = datetime(2026, 3, 10, 12, 30, tzinfo=UTC)
    assert format_local(ev, t) == "Wed 11 Mar 01:30"
    assert format_local(ev, t, "%H:%M") == "01:30"
    assert format_local(ev, None) == "unscheduled"
