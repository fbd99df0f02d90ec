"""The conflict engine after edits: what an update or a removal leaves in its indexes
must give the same conflicts as a fresh engine, and the marks and counts of the panel
follow severities and acknowledgements."""

from __future__ import annotations

from datetime import UTC, date, datetime

from planner.domain.conflicts import (
    ERROR,
    PERSON_DOUBLE_BOOKED,
    REHEARSAL_ORDER,
    ROOM_OVERLAP,
    TRACK_CLASH,
    WARNING,
    Conflict,
    ConflictEngine,
    check_all_pairs,
    severity_rank,
)
from planner.domain.model import Acknowledgement, Event, Person, Room, Schedule, Session, SessionKind

DAY = date(2026, 5, 4)  # Berlin: 09:00-18:00 local is 07:00-16:00 UTC


def at(hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 5, 4, hour, minute, tzinfo=UTC)


def schedule(sessions: list[Session], rooms: list[Room], people: list[Person] | None = None) -> Schedule:
    ev = Event(
        name="Edits",
        first_day=DAY,
        last_day=DAY,
        timezone="Europe/Berlin",
        day_start_minute=9 * 60,
        day_end_minute=18 * 60,
    )
    return Schedule(ev, rooms, sessions, people or [])


def rules(conflicts: list[Conflict]) -> list[tuple[str, tuple[str, ...]]]:
    return sorted((c.rule, c.sessions) for c in conflicts)


def test_severity_rank() -> None:
    assert [severity_rank(s) for s in (ERROR, WARNING, "off", "")] == [2, 1, 0, 0]


def test_three_sessions_at_one_start_then_the_last_moves() -> None:
    """The index holds several sessions at one start; moving the last of them away must
    find it among them (and not loop or drop another)."""
    hall = Room(name="Hall")
    a, b, c = (Session(t, room=hall.guid, start=at(8), duration_minutes=30) for t in "abc")
    sched = schedule([a, b, c], [hall])
    engine = ConflictEngine(sched)
    assert len(engine.conflicts()) == 3  # ab, ac, bc
    c.start = at(10)
    engine.update([c])
    assert rules(engine.conflicts()) == [(ROOM_OVERLAP, tuple(sorted((a.guid, b.guid))))]
    b.start = at(10)
    engine.update([b])
    assert rules(engine.conflicts()) == [(ROOM_OVERLAP, tuple(sorted((b.guid, c.guid))))]
    assert rules(engine.conflicts()) == rules(check_all_pairs(sched))


def test_a_removed_session_leaves_no_trace_in_the_track_and_person_indexes() -> None:
    hall, studio = Room(name="Hall"), Room(name="Studio", position=1)
    ana = Person("Ana")
    a = Session("a", room=hall.guid, start=at(8), track="Tech", speakers=[ana.guid])
    b = Session("b", room=studio.guid, start=at(9), track="Tech", speakers=[ana.guid])
    sched = schedule([a, b], [hall, studio], [ana])
    engine = ConflictEngine(sched)
    engine.remove([a.guid])
    sched.sessions.remove(a)
    b.start = at(8)  # to where a was: a stale entry of a would be met here
    engine.update([b])
    assert engine.conflicts() == []
    c = Session("c", room=hall.guid, start=at(8, 15), track="Tech", speakers=[ana.guid])
    sched.sessions.append(c)
    engine.update([c])
    assert rules(engine.conflicts()) == rules(check_all_pairs(sched))
    assert {r for r, _ in rules(engine.conflicts())} == {PERSON_DOUBLE_BOOKED, TRACK_CLASH}


def test_a_rehearsal_that_stops_being_one_is_forgotten() -> None:
    hall, studio = Room(name="Hall"), Room(name="Studio", position=1)
    talk = Session("Talk", room=hall.guid, start=at(10))
    reh = Session(
        "Rehearsal", kind=SessionKind.REHEARSAL, room=studio.guid, start=at(11), rehearsal_for=talk.guid
    )
    sched = schedule([talk, reh], [hall, studio])
    engine = ConflictEngine(sched)
    assert [c.rule for c in engine.conflicts()] == [REHEARSAL_ORDER]  # after the talk
    reh.kind = SessionKind.TALK
    reh.rehearsal_for = None
    engine.update([reh])
    assert engine.conflicts() == []
    talk.start = at(10, 30)
    engine.update([talk])  # the talk's rehearsals are looked up again here
    assert engine.conflicts() == []
    assert engine.preview([talk]) == []


def test_marks_skip_acknowledged_conflicts_and_keep_the_worst() -> None:
    hall, studio = Room(name="Hall"), Room(name="Studio", position=1)
    a = Session("a", room=hall.guid, start=at(8), track="Tech")
    b = Session("b", room=hall.guid, start=at(8, 15))
    c = Session("c", room=studio.guid, start=at(8), track="Tech")
    sched = schedule([a, b, c], [hall, studio])
    engine = ConflictEngine(sched)
    found = {c_.rule: c_ for c_ in engine.conflicts()}
    assert (found[ROOM_OVERLAP].severity, found[TRACK_CLASH].severity) == (ERROR, WARNING)
    # a: an error (room, with b) and a warning (track, with c)
    assert engine.conflicted_sessions() == {a.guid: ERROR, b.guid: ERROR, c.guid: WARNING}
    assert engine.counts() == (1, 1)
    sched.acknowledgements = [Acknowledgement(found[ROOM_OVERLAP].key, "fine")]
    engine.set_acknowledgements(sched.acknowledgements)
    assert engine.conflicted_sessions() == {a.guid: WARNING, c.guid: WARNING}
    assert engine.counts() == (0, 1)
    sched.acknowledgements = [Acknowledgement(found[TRACK_CLASH].key)]
    engine.set_acknowledgements(sched.acknowledgements)
    assert engine.conflicted_sessions() == {a.guid: ERROR, b.guid: ERROR}
    assert engine.counts() == (1, 0)
    assert [x.rule for x in engine.conflicts_of(c.guid)] == [TRACK_CLASH]
    assert engine.conflicts_of(c.guid)[0].acknowledged
    assert engine.conflicts_of("no-such-session") == []


def test_two_warnings_and_errors_are_counted_each() -> None:
    hall, studio = Room(name="Hall"), Room(name="Studio", position=1)
    sessions = [Session(f"t{i}", room=hall.guid, start=at(8 + i), track="Tech") for i in range(2)]
    sessions += [Session(f"s{i}", room=studio.guid, start=at(8 + i), track="Tech") for i in range(2)]
    sessions += [Session("x", room=hall.guid, start=at(8, 10)), Session("y", room=hall.guid, start=at(9, 10))]
    engine = ConflictEngine(schedule(sessions, [hall, studio]))
    # errors: t0-x and t1-y in the Hall; warnings: t0-s0 and t1-s1 in track Tech
    assert engine.counts() == (2, 2)


def test_removing_the_middle_of_several_sessions_at_one_start() -> None:
    """Sessions a, b, c start together and d later; removing b must drop exactly b from
    the room's index, or a later edit of a meets a session that is gone."""
    hall = Room(name="Hall")
    a, b, c = (Session(t, room=hall.guid, start=at(8), duration_minutes=30) for t in "abc")
    d = Session("d", room=hall.guid, start=at(9), duration_minutes=30)
    sched = schedule([a, b, c, d], [hall])
    engine = ConflictEngine(sched)
    engine.remove([b.guid])
    sched.sessions.remove(b)
    a.duration_minutes = 90  # now also over d
    engine.update([a])
    assert rules(engine.conflicts()) == rules(check_all_pairs(sched))
    assert len(engine.conflicts()) == 2  # a-c and a-d


def test_a_removed_session_leaves_no_conflict_behind_on_the_other() -> None:
    hall = Room(name="Hall")
    a = Session("a", room=hall.guid, start=at(8))
    b = Session("b", room=hall.guid, start=at(8, 15))
    sched = schedule([a, b], [hall])
    engine = ConflictEngine(sched)
    assert [c.rule for c in engine.conflicts_of(b.guid)] == [ROOM_OVERLAP]
    engine.remove([a.guid])
    assert engine.conflicts_of(b.guid) == [] and engine.conflicts() == []
    assert engine.conflicted_sessions() == {} and engine.counts() == (0, 0)


def test_preview_of_a_talk_that_names_a_rehearsal_target() -> None:
    """Only a rehearsal is checked against the session it rehearses; a talk that still
    names one (its kind was changed) is not."""
    hall, studio = Room(name="Hall"), Room(name="Studio", position=1)
    talk = Session("Talk", room=hall.guid, start=at(10))
    other = Session("Other", room=studio.guid, start=at(9), rehearsal_for=talk.guid)
    sched = schedule([talk, other], [hall, studio])
    engine = ConflictEngine(sched)
    other.start = at(11)  # after the talk: a rehearsal there would be out of order
    assert engine.preview([other]) == []
    other.kind = SessionKind.REHEARSAL
    assert [c.rule for c in engine.preview([other])] == [REHEARSAL_ORDER]


def test_every_rules_message() -> None:
    """One conflict of each rule on a small day in Berlin (UTC+2), worded exactly: the
    sessions, rooms, people and local times each message names."""
    from planner.domain.model import Interval, RoomKind

    ev = Event(
        name="Msgs",
        first_day=DAY,
        last_day=DAY,
        timezone="Europe/Berlin",
        day_start_minute=9 * 60,
        day_end_minute=18 * 60,
    )
    hall = Room(name="Hall", capacity=50, kind=RoomKind.PHYSICAL)
    studio = Room(name="Studio", position=1, capacity=20, kind=RoomKind.PHYSICAL)
    # Ana lives in Los Angeles (UTC-7): 09:00 in Berlin is midnight for her.
    ana = Person("Ana", guid="p1", timezone="America/Los_Angeles", availability=[Interval(at(7), at(8))])
    ben = Person("Ben", guid="p2")
    keynote = Session(
        "Keynote",
        guid="g1",
        room=hall.guid,
        start=at(7),
        duration_minutes=60,
        speakers=[ana.guid],
        track="Main",
    )
    sessions = [
        keynote,
        Session(
            "Panel",
            guid="g2",
            kind=SessionKind.PANEL,
            room=hall.guid,
            start=at(7, 30),
            duration_minutes=45,
            speakers=[ben.guid, ana.guid],
            track="Main",
        ),
        Session(
            "Workshop",
            guid="g3",
            kind=SessionKind.WORKSHOP,
            room=studio.guid,
            start=at(7, 15),
            duration_minutes=30,
            participant_limit=30,
            track="Main",
            speakers=[ben.guid],
        ),
        Session("Late", guid="g4", room=studio.guid, start=at(16, 30), duration_minutes=60),
        Session(
            "Rehearsal",
            guid="g5",
            kind=SessionKind.REHEARSAL,
            room=studio.guid,
            start=at(9),
            duration_minutes=30,
            rehearsal_for=keynote.guid,
        ),
    ]
    sched = Schedule(ev, [hall, studio], sessions, [ana, ben])
    got = [(c.rule, c.severity, c.message) for c in ConflictEngine(sched).conflicts()]
    assert got == [
        ("unsociable-hour", "warning", "“Keynote” is at 00:00–01:00 for Ana (America/Los_Angeles)"),
        ("over-capacity", "error", "“Workshop” allows 30 participants; Studio holds 20"),
        (
            "track-clash",
            "warning",
            "Track Main runs twice at once: “Keynote” (Hall) and “Workshop” (Studio), Mon 04 May 09:15–09:45",
        ),
        ("missing-moderator", "warning", "Panel “Panel” has no moderator"),
        ("outside-availability", "error", "Ana is not available for “Panel” (Mon 04 May 09:30–10:15)"),
        (
            "person-double-booked",
            "error",
            "Ana is booked twice: “Keynote” (Hall) and “Panel” (Hall), Mon 04 May 09:30–10:00",
        ),
        (
            "person-double-booked",
            "error",
            "Ben is booked twice: “Panel” (Hall) and “Workshop” (Studio), Mon 04 May 09:30–09:45",
        ),
        ("room-overlap", "error", "Overlap in Hall: “Keynote” and “Panel”, Mon 04 May 09:30–10:00"),
        (
            "track-clash",
            "warning",
            "Track Main runs twice at once: “Panel” (Hall) and “Workshop” (Studio), Mon 04 May 09:30–09:45",
        ),
        ("unsociable-hour", "warning", "“Panel” is at 00:30–01:15 for Ana (America/Los_Angeles)"),
        (
            "rehearsal-order",
            "error",
            "Rehearsal “Rehearsal” does not end before “Keynote” starts (Mon 04 May 09:00–10:00)",
        ),
        ("outside-event", "error", "“Late” (Mon 04 May 18:30–19:30) is outside the event's days and hours"),
    ]
    assert sorted(got) == sorted((c.rule, c.severity, c.message) for c in check_all_pairs(sched))
