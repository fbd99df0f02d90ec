"""Finding the nearest free slot before a session for its rehearsal."""

from __future__ import annotations

from datetime import timedelta

import pytest

from planner.domain.model import DomainError, Interval, Schedule, Session, SessionKind
from planner.domain.rehearsal import find_rehearsal_slot, make_rehearsal
from tests.event_day.helpers import at, by_title


def person(schedule: Schedule, name: str) -> str:
    return next(p.guid for p in schedule.people if p.name == name)


def test_nearest_free_slot_in_the_same_room(small: Schedule) -> None:
    panel = by_title(small, "Panel")  # 13:00 in hall A; lunch fills 12:00-13:00 there
    slot = find_rehearsal_slot(small, panel.guid, duration_minutes=30)
    assert slot is not None
    # Lunch fills hall A 12:00-13:00, Ben speaks 11:00-12:00 (hall A) and 10:30-11:00
    # (hall B), Ana and Cy open 10:00-10:30: the nearest free half hour is 09:30.
    assert slot.start == at(small, "09:30") and slot.room == panel.room


def test_every_persons_commitments_are_respected(small: Schedule) -> None:
    panel = by_title(small, "Panel")
    hall_b = small.sorted_rooms()[1]
    # Hall B is free 11:00-13:00; Ben speaks in the deep dive 11:00-12:00 in hall A.
    slot = find_rehearsal_slot(small, panel.guid, room_guid=hall_b.guid, duration_minutes=30)
    assert slot is not None and slot.start == at(small, "12:30")
    # Give Cy (the moderator) a commitment in another room at 12:00-13:00.
    small.sessions.append(
        Session(
            title="Cy elsewhere",
            start=at(small, "12:00"),
            duration_minutes=60,
            room=None,
            moderators=[person(small, "Cy")],
        )
    )
    slot = find_rehearsal_slot(small, panel.guid, room_guid=hall_b.guid, duration_minutes=30)
    # 11:00-12:00 Ben is busy, 10:30-11:00 Ben in the side talk (hall B), 10:00-10:30 Ana
    # and Cy in the opening; 09:30-10:00 is the first free half hour.
    assert slot is not None and slot.start == at(small, "09:30")
    for other in small.sessions:
        if other.interval is None or other.guid == panel.guid:
            continue
        if (
            set(other.speakers + other.moderators) & set(panel.speakers + panel.moderators)
            or other.room == hall_b.guid
        ):
            assert not slot.interval.overlaps(other.interval), other.title


def test_availability_windows_are_respected(small: Schedule) -> None:
    panel = by_title(small, "Panel")
    ana = next(p for p in small.people if p.name == "Ana")
    # Ana is only available from 11:45 on the first day.
    ana.availability = [Interval(at(small, "11:45"), at(small, "18:00"))]
    hall_b = small.sorted_rooms()[1]
    slot = find_rehearsal_slot(small, panel.guid, room_guid=hall_b.guid, duration_minutes=30)
    assert slot is not None and slot.start == at(small, "12:30")
    ana.availability = [Interval(at(small, "09:00"), at(small, "09:40"))]
    slot = find_rehearsal_slot(small, panel.guid, room_guid=hall_b.guid, duration_minutes=30)
    assert slot is not None and slot.start == at(small, "09:00")
    ana.availability = [Interval(at(small, "09:00"), at(small, "09:20"))]
    assert find_rehearsal_slot(small, panel.guid, room_guid=hall_b.guid, duration_minutes=30) is None


def test_a_day_two_session_can_rehearse_on_day_one(small: Schedule) -> None:
    hall_a = small.sorted_rooms()[0]
    early = Session(
        title="Day two opener",
        start=at(small, "09:00", day=1),
        duration_minutes=30,
        room=hall_a.guid,
        speakers=[person(small, "Ana")],
    )
    small.sessions.append(early)
    slot = find_rehearsal_slot(small, early.guid, duration_minutes=30)
    # Nothing fits before 09:00 on day two; the last half hour of day one does.
    assert slot is not None and slot.start == at(small, "17:30")


def test_the_rehearsal_session(small: Schedule) -> None:
    panel = by_title(small, "Panel")
    slot = find_rehearsal_slot(small, panel.guid)
    assert slot is not None
    r = make_rehearsal(panel, slot)
    assert r.kind == SessionKind.REHEARSAL and r.rehearsal_for == panel.guid
    assert r.speakers == panel.speakers and r.moderators == panel.moderators
    assert r.start == slot.start and r.end == slot.start + timedelta(minutes=30)
    # Once placed, the next rehearsal must avoid it.
    small.sessions.append(r)
    again = find_rehearsal_slot(small, panel.guid)
    assert again is not None and not again.interval.overlaps(slot.interval)


def test_refusals(small: Schedule) -> None:
    loose = Session(title="Unplaced")
    small.sessions.append(loose)
    with pytest.raises(DomainError, match="not scheduled"):
        find_rehearsal_slot(small, loose.guid)
    with pytest.raises(DomainError, match="no longer exists"):
        find_rehearsal_slot(small, "nope")
