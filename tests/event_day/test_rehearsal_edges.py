"""Rehearsal slots at their edges: what each refusal says, changeover buffers, rooms
that allow parallel sessions, cancelled sessions, the slot grid, ``not_before``, a
session outside the event's days, and the rehearsal session's fields."""

from __future__ import annotations

import pytest

from planner.domain.model import DomainError, Interval, Room, Schedule, Session, SessionKind, SessionStatus
from planner.domain.rehearsal import RehearsalSlot, find_rehearsal_slot, make_rehearsal, rehearsals_of
from tests.event_day.helpers import at, by_title


def refused(call: object, field: str, message: str) -> None:
    with pytest.raises(DomainError) as err:
        call()  # type: ignore[operator]
    assert (err.value.field, err.value.message) == (field, message)


def test_refusals(small: Schedule) -> None:
    panel = by_title(small, "Panel")
    refused(lambda: find_rehearsal_slot(small, "gone"), "session", "that session no longer exists")
    loose = Session("Loose talk")
    small.sessions.append(loose)
    refused(
        lambda: find_rehearsal_slot(small, loose.guid),
        "start",
        "'Loose talk' is not scheduled yet; place it first",
    )
    loose.start = at(small, "15:00")
    refused(
        lambda: find_rehearsal_slot(small, loose.guid),
        "room",
        "'Loose talk' has no room; choose a rehearsal room",
    )
    refused(
        lambda: find_rehearsal_slot(small, panel.guid, room_guid="gone"), "room", "that room no longer exists"
    )
    for minutes in (0, -5):
        refused(
            lambda m=minutes: find_rehearsal_slot(small, panel.guid, duration_minutes=m),
            "duration",
            "a rehearsal needs a length",
        )
    one = find_rehearsal_slot(small, loose.guid, room_guid=small.sorted_rooms()[1].guid, duration_minutes=1)
    assert one == RehearsalSlot(small.sorted_rooms()[1].guid, at(small, "14:45"), 1)  # on the 15-minute grid


def _studio(small: Schedule, changeover: int = 0, parallel: bool = False) -> tuple[Room, Session]:
    """A studio with a session 10:00-10:30 and a 20-minute talk at 11:00 (no people)."""
    studio = Room(name="Studio", position=5, changeover_minutes=changeover, allow_parallel=parallel)
    small.rooms.append(studio)
    small.sessions.append(Session("Early", room=studio.guid, start=at(small, "10:00"), duration_minutes=30))
    talk = Session("Talk", room=studio.guid, start=at(small, "11:00"), duration_minutes=30)
    small.sessions.append(talk)
    return studio, talk


def test_changeover_buffer_keeps_the_rehearsal_apart(small: Schedule) -> None:
    _studio_room, talk = _studio(small, changeover=10)
    small.sessions.insert(0, Session("Not placed yet"))  # passed over, not the end of the list
    # Busy with the buffer: 09:50-10:40 (Early) and 10:50-11:40 (the talk itself). On the
    # 15-minute grid from 10:30 (the latest start, 10:40, rounded down) back, the first
    # 20 minutes that touch neither are 09:30-09:50.
    slot = find_rehearsal_slot(small, talk.guid, duration_minutes=20)
    assert slot is not None and slot.start == at(small, "09:30")


def test_without_a_buffer_the_slot_is_right_after(small: Schedule) -> None:
    _studio_room, talk = _studio(small)
    slot = find_rehearsal_slot(small, talk.guid, duration_minutes=20)
    assert slot is not None and slot.start == at(small, "10:30")


def test_a_parallel_room_is_never_busy(small: Schedule) -> None:
    _studio_room, talk = _studio(small, changeover=10, parallel=True)
    slot = find_rehearsal_slot(small, talk.guid, duration_minutes=60)
    assert slot is not None and slot.start == at(small, "10:00")  # over Early: allowed


def test_a_cancelled_session_frees_its_time(small: Schedule) -> None:
    panel = by_title(small, "Panel")  # 13:00 in hall A, after the lunch 12:00-13:00
    by_title(small, "Lunch").status = SessionStatus.CANCELLED
    slot = find_rehearsal_slot(small, panel.guid, duration_minutes=30)
    assert slot is not None and slot.start == at(small, "12:30")


def test_every_persons_window_is_checked(small: Schedule) -> None:
    """Ana and Ben (listed first) have no windows; Cy, the moderator, is available only
    09:00-09:40, so the rehearsal must fit there."""
    panel = by_title(small, "Panel")
    cy = next(p for p in small.people if p.name == "Cy")
    cy.availability = [Interval(at(small, "09:00"), at(small, "09:40"))]
    panel.speakers.insert(0, "someone-not-on-the-list")  # skipped, not a reason to stop
    slot = find_rehearsal_slot(small, panel.guid, room_guid=small.sorted_rooms()[1].guid, duration_minutes=30)
    assert slot is not None and slot.start == at(small, "09:00")


def test_not_before(small: Schedule) -> None:
    panel = by_title(small, "Panel")
    assert find_rehearsal_slot(small, panel.guid, not_before=at(small, "09:30")) == RehearsalSlot(
        panel.room or "", at(small, "09:30"), 30
    )
    assert find_rehearsal_slot(small, panel.guid, not_before=at(small, "09:45")) is None


def test_a_session_after_the_days_end(small: Schedule) -> None:
    """At 19:00 the first day (09:00-18:00) is closed: the search starts from the last
    day, finds nothing on it before the session, and ends the first day at 18:00."""
    late = Session("Late", room=small.sorted_rooms()[1].guid, start=at(small, "19:00"), duration_minutes=30)
    small.sessions.append(late)
    slot = find_rehearsal_slot(small, late.guid, duration_minutes=30)
    assert slot is not None and slot.start == at(small, "17:30")


def test_make_rehearsal_and_rehearsals_of(small: Schedule) -> None:
    panel = by_title(small, "Panel")
    panel.track, panel.language = "Main", "de"
    hall_b = small.sorted_rooms()[1]
    r = make_rehearsal(panel, RehearsalSlot(hall_b.guid, at(small, "09:30"), 25))
    assert (r.title, r.kind, r.duration_minutes, r.start, r.room) == (
        "Rehearsal: Panel",
        SessionKind.REHEARSAL,
        25,
        at(small, "09:30"),
        hall_b.guid,
    )
    assert (r.track, r.language, r.rehearsal_for) == ("Main", "de", panel.guid)
    assert (r.speakers, r.moderators) == (panel.speakers, panel.moderators)
    assert r.speakers is not panel.speakers
    assert r.description == "Rehearsal with the speakers and moderators of “Panel”."
    small.sessions.append(r)
    assert rehearsals_of(small, panel.guid) == [r]
    assert rehearsals_of(small, by_title(small, "Opening").guid) == []
