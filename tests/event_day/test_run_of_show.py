"""The run of show's rules: the clock, what is on and next, status changes, room delays."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from planner.domain.model import UTC, DomainError, Schedule, SessionStatus
from planner.domain.run_of_show import (
    SimulatedClock,
    board,
    can_start_early,
    clock_start,
    delay_room,
    end_session,
    format_countdown,
    room_now,
    start_session,
)
from tests.event_day.helpers import at, by_title


class FakeTime:
    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


def apply(schedule: Schedule, changed: list) -> None:
    idx = {s.guid: i for i, s in enumerate(schedule.sessions)}
    for s in changed:
        schedule.sessions[idx[s.guid]] = s


def test_simulated_clock_runs_at_its_speed(small: Schedule) -> None:
    src = FakeTime()
    start = clock_start(small.event, datetime(2026, 5, 4, 9, 55))  # naive: the event's zone
    assert start == datetime(2026, 5, 4, 7, 55, tzinfo=UTC)  # Vienna is UTC+2 in May
    clock = SimulatedClock(start, speed=10, source=src)
    assert clock.now() == start
    src.t += 30  # 30 real seconds at 10x are 5 minutes
    assert clock.now() == start + timedelta(minutes=5)
    with pytest.raises(DomainError):
        SimulatedClock(start, speed=0)


def test_status_changes_follow_the_simulated_clock(small: Schedule) -> None:
    src = FakeTime()
    clock = SimulatedClock(at(small, "09:58"), speed=60, source=src)
    hall_a = small.sorted_rooms()[0]
    now = room_now(small, hall_a, clock.now())
    assert now.current is None and now.next is not None and now.next.title == "Opening"
    assert now.until_next(clock.now()) == timedelta(minutes=2)

    src.t += 3  # 3 s at 60x: 10:01, the opening is due and nobody started it
    now = room_now(small, hall_a, clock.now())
    assert now.current is not None and now.current.title == "Opening" and now.late

    started = start_session(now.current, clock.now())
    assert started.status == SessionStatus.LIVE and started.actual_start == at(small, "10:01")
    apply(small, [started])
    now = room_now(small, hall_a, clock.now())
    assert not now.late and now.current_ends == at(small, "10:31")  # 30 min after it really began
    assert now.next is not None and now.next.title == "Deep dive"
    with pytest.raises(DomainError):
        start_session(started, clock.now())

    src.t += 31  # 10:32
    ended = end_session(started, clock.now())
    assert ended.status == SessionStatus.ENDED and ended.actual_end == at(small, "10:32")
    apply(small, [ended])
    now = room_now(small, hall_a, clock.now())
    assert now.current is None and now.next is not None and now.next.title == "Deep dive"
    with pytest.raises(DomainError):
        end_session(by_title(small, "Panel"), clock.now())  # never started


def test_an_overrunning_session_keeps_the_next_one_next(small: Schedule) -> None:
    hall_a = small.sorted_rooms()[0]
    opening = start_session(by_title(small, "Opening"), at(small, "10:20"))
    apply(small, [opening])
    # 11:05: the opening (started late) is still on; the deep dive was due at 11:00.
    now = room_now(small, hall_a, at(small, "11:05"))
    assert now.current is not None and now.current.title == "Opening"
    assert now.next is not None and now.next.title == "Deep dive"
    assert format_countdown(now.until_end(at(small, "11:05"))) == "-15:00"


def test_board_lists_every_room_in_order(small: Schedule) -> None:
    rows = board(small, at(small, "10:40"))
    assert [r.room.name for r in rows] == ["Hall A", "Hall B"]
    assert rows[0].current is None and rows[0].next is not None and rows[0].next.title == "Deep dive"
    assert rows[1].current is not None and rows[1].current.title == "Side talk"


def test_delay_shifts_exactly_the_later_sessions_of_that_room(small: Schedule) -> None:
    hall_a = small.sorted_rooms()[0]
    # The opening ran; the deep dive is live; everything after it in hall A moves.
    apply(
        small,
        [end_session(start_session(by_title(small, "Opening"), at(small, "10:00")), at(small, "10:30"))],
    )
    apply(small, [start_session(by_title(small, "Deep dive"), at(small, "11:00"))])
    before = {s.guid: s.start for s in small.sessions if s.start is not None}
    moved = delay_room(small, hall_a.guid, 15, at(small, "11:20"))
    assert sorted(s.title for s in moved) == ["Lunch", "Panel"]
    for s in moved:
        assert s.start == before[s.guid] + timedelta(minutes=15)
    apply(small, moved)
    untouched = {"Opening", "Deep dive", "Side talk", "Workshop"}
    for s in small.sessions:
        if s.title in untouched:
            assert s.start == before[s.guid], s.title
    # A due session that was never started moves too; nothing moves for a zero delay.
    assert [s.title for s in delay_room(small, hall_a.guid, 10, at(small, "12:10"))] == ["Lunch", "Panel"]
    assert delay_room(small, hall_a.guid, 0, at(small, "12:10")) == []


def test_countdown_format() -> None:
    assert format_countdown(timedelta(minutes=12, seconds=5)) == "12:05"
    assert format_countdown(timedelta(hours=1, minutes=2)) == "1:02:00"
    assert format_countdown(timedelta(days=16, hours=2, seconds=1)) == "16d 2:00:01"
    assert format_countdown(None) == ""


def test_early_start_is_limited_to_an_hour(small: Schedule) -> None:
    opening = by_title(small, "Opening")  # 10:00
    assert can_start_early(opening, at(small, "09:00"))
    assert not can_start_early(opening, at(small, "08:59"))
    assert not can_start_early(start_session(opening, at(small, "09:30")), at(small, "09:31"))
