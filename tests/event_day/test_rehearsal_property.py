"""Rehearsal slots against a brute-force search over random schedules: the slot found is
free for the room and every person, inside availability, and the latest such slot."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.domain.model import Event, Interval, Person, Room, Schedule, Session
from planner.domain.rehearsal import find_rehearsal_slot
from planner.domain.timegrid import day_window, local_instant
from tests.mutants.budget import examples

EVENT = Event(
    name="Prop",
    first_day=date(2026, 3, 28),
    last_day=date(2026, 3, 29),  # DST change night
    timezone="Europe/Vienna",
    slot_minutes=15,
    day_start_minute=9 * 60,
    day_end_minute=13 * 60,
)


@st.composite
def schedules(draw: st.DrawFn) -> tuple[Schedule, str]:
    rooms = [Room(name=f"R{i}") for i in range(2)]
    people = [Person(name=f"P{i}") for i in range(4)]
    for p in people:
        if draw(st.booleans()):
            day = draw(st.sampled_from(EVENT.days))
            a = draw(st.integers(9 * 4, 12 * 4)) * 15
            b = draw(st.integers(a // 15 + 1, 13 * 4)) * 15
            p.availability = [Interval(local_instant(EVENT, day, a), local_instant(EVENT, day, b))]
    sessions = []
    for i in range(draw(st.integers(1, 10))):
        day = draw(st.sampled_from(EVENT.days))
        start = draw(st.integers(9 * 4, 12 * 4)) * 15
        who = [people[i] for i in draw(st.lists(st.integers(0, 3), max_size=2, unique=True))]
        sessions.append(
            Session(
                title=f"S{i}",
                start=local_instant(EVENT, day, start),
                duration_minutes=draw(st.sampled_from([15, 30, 45])),
                room=draw(st.sampled_from(rooms)).guid,
                speakers=[p.guid for p in who],
            )
        )
    target = draw(st.sampled_from(sessions))
    return Schedule(EVENT, rooms, sessions, people), target.guid


def brute_force(schedule: Schedule, guid: str, length: int) -> Interval | None:
    target = schedule.session_by_guid()[guid]
    assert target.start is not None
    people = set(target.speakers + target.moderators)
    found = None
    for d in EVENT.days:
        open_, close = day_window(EVENT, d)
        t = open_
        while t + timedelta(minutes=length) <= close:
            slot = Interval(t, t + timedelta(minutes=length))
            ok = slot.end <= target.start
            for s in schedule.sessions:
                iv = s.interval
                assert iv is not None
                if (s.room == target.room or people & set(s.speakers + s.moderators)) and slot.overlaps(iv):
                    ok = False
            for p in schedule.people:
                if p.guid in people and p.availability and not any(w.contains(slot) for w in p.availability):
                    ok = False
            if ok and (found is None or slot.start > found.start):
                found = slot
            t += timedelta(minutes=EVENT.slot_minutes)
    return found


@settings(max_examples=examples(150), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(schedules(), st.sampled_from([15, 30]))
def test_matches_brute_force(case: tuple[Schedule, str], length: int) -> None:
    schedule, guid = case
    slot = find_rehearsal_slot(schedule, guid, duration_minutes=length)
    expected = brute_force(schedule, guid, length)
    assert (slot.interval if slot else None) == expected
