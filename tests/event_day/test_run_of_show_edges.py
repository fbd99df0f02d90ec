"""The run of show's rules at their edges: what each refusal says and names, the exact
boundaries of "on", "next", "later" and "early", and that changes return independent
copies."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from planner.domain.model import UTC, DomainError, Schedule, SessionStatus
from planner.domain.run_of_show import (
    Incident,
    RoomNow,
    SimulatedClock,
    can_start_early,
    clock_start,
    delay_room,
    end_session,
    format_countdown,
    reset_session,
    room_now,
    start_delay_minutes,
    start_session,
)
from tests.event_day.helpers import at, by_title

NAIVE = datetime(2026, 5, 4, 10, 0)


def refused(call: object, field: str, message: str) -> None:
    with pytest.raises(DomainError) as err:
        call()  # type: ignore[operator]
    assert (err.value.field, err.value.message) == (field, message)


def naive_refused(call: object, field: str) -> None:
    refused(call, field, "a time must carry a time zone (naive time given)")


class Ticks:
    def __init__(self) -> None:
        self.t = 50.0

    def __call__(self) -> float:
        return self.t


def test_simulated_clock() -> None:
    ticks = Ticks()
    start = datetime(2026, 5, 4, 8, tzinfo=UTC)
    clock = SimulatedClock(start, source=ticks)  # real speed by default
    ticks.t += 90
    assert clock.now() == start + timedelta(seconds=90)
    slow = SimulatedClock(start, speed=0.5, source=ticks)
    ticks.t += 60
    assert slow.now() == start + timedelta(seconds=30)
    for speed in (0, -2):
        refused(
            lambda s=speed: SimulatedClock(start, speed=s),
            "speed",
            "the clock's speed must be greater than 0",
        )
    naive_refused(lambda: SimulatedClock(NAIVE), "clock")


def test_clock_start(small: Schedule) -> None:
    got = clock_start(small.event, datetime(2026, 5, 4, 9, 0))  # naive: Vienna, UTC+2
    assert got == datetime(2026, 5, 4, 7, 0, tzinfo=UTC) and got.tzinfo is UTC
    from zoneinfo import ZoneInfo

    tokyo = datetime(2026, 5, 4, 16, 0, tzinfo=ZoneInfo("Asia/Tokyo"))  # an offset given: kept
    got = clock_start(small.event, tokyo)
    assert got == datetime(2026, 5, 4, 7, 0, tzinfo=UTC) and got.tzinfo is UTC


def test_room_now_boundaries(small: Schedule) -> None:
    hall_a = small.sorted_rooms()[0]
    # 10:00 exactly: the opening is due (its start counts) and late
    now = room_now(small, hall_a, at(small, "10:00"))
    assert now.current is by_title(small, "Opening") and now.late
    # 10:30 exactly: it is over by the plan (its end does not count)
    now = room_now(small, hall_a, at(small, "10:30"))
    assert now.current is None and now.next is by_title(small, "Deep dive")
    assert now.until_end(at(small, "10:30")) is None
    naive_refused(lambda: room_now(small, hall_a, NAIVE), "clock")


def test_next_skips_what_is_done_or_cancelled(small: Schedule) -> None:
    hall_a = small.sorted_rooms()[0]
    deep = by_title(small, "Deep dive")
    deep.status = SessionStatus.CANCELLED
    now = room_now(small, hall_a, at(small, "10:40"))
    assert now.next is by_title(small, "Lunch")
    # a session that ends exactly now is missed, not next
    deep.status = SessionStatus.SCHEDULED
    by_title(small, "Lunch").status = SessionStatus.ENDED
    now = room_now(small, hall_a, at(small, "12:00"))
    assert now.current is None and now.next is by_title(small, "Panel")


def test_next_after_a_late_started_session(small: Schedule) -> None:
    """Deep dive (11:00) was started at 11:10 while the opening (10:00-10:30) was
    never run; at 11:20 the deep dive is on and the lunch, not the opening, is next. A
    session planned at the same time as the live one may still come next."""
    hall_a = small.sorted_rooms()[0]
    i = small.sessions.index(by_title(small, "Deep dive"))
    small.sessions[i] = start_session(small.sessions[i], at(small, "11:10"))
    opening = by_title(small, "Opening")
    opening.duration_minutes = 120  # would still be due at 11:20 by the plan
    now = room_now(small, hall_a, at(small, "11:20"))
    assert now.current is small.sessions[i] and not now.late
    assert now.next is by_title(small, "Lunch")
    by_title(small, "Lunch").start = small.sessions[i].start
    assert room_now(small, hall_a, at(small, "11:20")).next is by_title(small, "Lunch")


def test_until_next_without_a_next(small: Schedule) -> None:
    rn = RoomNow(small.sorted_rooms()[0])
    assert rn.until_next(at(small, "10:00")) is None and rn.until_end(at(small, "10:00")) is None


def test_start_and_end_refusals(small: Schedule) -> None:
    opening = by_title(small, "Opening")
    live = start_session(opening, at(small, "10:02"))
    refused(lambda: start_session(live, at(small, "10:03")), "status", "'Opening' is already live")
    opening.status = SessionStatus.CANCELLED
    refused(
        lambda: start_session(opening, at(small, "10:03")),
        "status",
        "'Opening' is cancelled; it cannot start",
    )
    refused(
        lambda: end_session(by_title(small, "Panel"), at(small, "10:03")),
        "status",
        "'Panel' is not live; start it before ending it",
    )
    refused(
        lambda: end_session(live, at(small, "10:01")), "actual end", "a session cannot end before it started"
    )
    naive_refused(lambda: start_session(by_title(small, "Panel"), NAIVE), "actual start")
    naive_refused(lambda: end_session(live, NAIVE), "actual end")


def test_end_at_the_start_and_without_a_recorded_start(small: Schedule) -> None:
    live = start_session(by_title(small, "Opening"), at(small, "10:02"))
    assert end_session(live, at(small, "10:02")).actual_end == at(small, "10:02")  # a zero-length session
    live.actual_start = None  # live, its start not recorded (an older file)
    ended = end_session(live, at(small, "10:05"))
    assert (ended.status, ended.actual_start, ended.actual_end) == (
        SessionStatus.ENDED,
        None,
        at(small, "10:05"),
    )


def test_changes_return_independent_copies(small: Schedule) -> None:
    opening = by_title(small, "Opening")
    opening.checklist = {"mic": False}
    live = start_session(opening, at(small, "10:00"))
    live.checklist["mic"] = True
    ended = end_session(live, at(small, "10:30"))
    ended.speakers.append("someone")
    back = reset_session(ended)
    back.moderators.append("someone")
    moved = delay_room(small, small.sorted_rooms()[0].guid, 5, at(small, "09:00"))
    moved[0].speakers.append("someone else")
    assert opening.checklist == {"mic": False} and opening.status == SessionStatus.SCHEDULED
    assert live.speakers == opening.speakers and ended.moderators == opening.moderators
    assert "someone else" not in opening.speakers and moved[0].title == "Opening"


def test_reset_session(small: Schedule) -> None:
    ended = end_session(start_session(by_title(small, "Opening"), at(small, "10:01")), at(small, "10:29"))
    back = reset_session(ended)
    assert (back.status, back.actual_start, back.actual_end) == (SessionStatus.SCHEDULED, None, None)
    assert (ended.status, ended.actual_start) == (SessionStatus.ENDED, at(small, "10:01"))


def test_can_start_early_refuses_a_naive_clock(small: Schedule) -> None:
    naive_refused(lambda: can_start_early(by_title(small, "Opening"), NAIVE), "clock")


def test_delay_room_limits(small: Schedule) -> None:
    hall_a = small.sorted_rooms()[0].guid
    assert len(delay_room(small, hall_a, 24 * 60, at(small, "09:00"))) == 4  # a whole day is allowed
    assert len(delay_room(small, hall_a, -24 * 60, at(small, "09:00"))) == 4
    for minutes in (24 * 60 + 1, -24 * 60 - 1):
        refused(
            lambda m=minutes: delay_room(small, hall_a, m, at(small, "09:00")),
            "delay",
            "a delay may be at most a day",
        )
    naive_refused(lambda: delay_room(small, hall_a, 5, NAIVE), "clock")
    # at 10:30 exactly the opening is over by the plan and stays; at 10:29 it moves
    assert [s.title for s in delay_room(small, hall_a, 5, at(small, "10:30"))] == [
        "Deep dive",
        "Lunch",
        "Panel",
    ]
    assert len(delay_room(small, hall_a, 5, at(small, "10:29"))) == 4


def test_start_delay_minutes(small: Schedule) -> None:
    opening = by_title(small, "Opening")
    assert start_delay_minutes(opening) is None
    assert start_delay_minutes(start_session(opening, at(small, "10:07"))) == 7.0
    assert start_delay_minutes(start_session(opening, at(small, "09:58"))) == -2.0
    opening.start = None
    opening.actual_start = at(small, "10:00")
    assert start_delay_minutes(opening) is None


def test_countdown_around_zero() -> None:
    assert format_countdown(timedelta(0)) == "0:00"
    assert format_countdown(timedelta(seconds=-30)) == "-0:30"
    assert format_countdown(timedelta(seconds=59)) == "0:59"


def test_incident_validate(small: Schedule) -> None:
    refused(lambda: Incident(at(small, "10:00"), "  ").validate(), "incident", "say what happened")
    naive_refused(lambda: Incident(NAIVE, "mic died").validate(), "incident time")
    from zoneinfo import ZoneInfo

    inc = Incident(datetime(2026, 5, 4, 12, 0, tzinfo=ZoneInfo("Europe/Vienna")), "mic died")
    inc.validate()
    assert inc.at == at(small, "12:00") and inc.at.tzinfo is UTC


def test_clock_start_with_a_zone_that_knows_no_offset(small: Schedule) -> None:
    """A tzinfo whose offset is unknown counts as no zone: the event's zone is used."""
    from datetime import tzinfo

    class Unknown(tzinfo):
        def utcoffset(self, dt: datetime | None) -> timedelta | None:
            return None

        def dst(self, dt: datetime | None) -> timedelta | None:
            return None

        def tzname(self, dt: datetime | None) -> str | None:
            return None

    got = clock_start(small.event, datetime(2026, 5, 4, 9, 0, tzinfo=Unknown()))
    assert got == datetime(2026, 5, 4, 7, 0, tzinfo=UTC)
