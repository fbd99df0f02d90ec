"""Whatever place and repair return breaks no error rule (by the engine's all-pairs check)
and never moves a pinned session."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.domain.arrange import arrange
from planner.domain.conflicts import ERROR, TRACK_CLASH, TRAVEL_BUFFER_KEY, check_all_pairs
from planner.domain.model import Pin, Schedule, Session, SessionKind
from tests.arrange.helpers import applied, at, event, person, room, talk


@st.composite
def schedules(draw: st.DrawFn) -> Schedule:
    rooms = [
        room(
            f"R{i}",
            capacity=draw(st.sampled_from([None, 30, 100])),
            changeover=draw(st.sampled_from([0, 15])),
        )
        for i in range(draw(st.integers(1, 3)))
    ]
    people = []
    for i in range(draw(st.integers(1, 4))):
        if draw(st.booleans()):
            a = draw(st.integers(9, 15))
            people.append(person(f"P{i}", (at(a), at(min(18, a + draw(st.integers(1, 6)))))))
        else:
            people.append(person(f"P{i}"))
    sessions: list[Session] = []
    for i in range(draw(st.integers(1, 9))):
        speakers = draw(st.lists(st.sampled_from(people), max_size=2, unique_by=lambda p: p.guid))
        s = talk(
            f"S{i}",
            draw(st.sampled_from([15, 30, 45, 60, 90])),
            speakers,
            participant_limit=draw(st.sampled_from([None, 20, 80])),
            track=draw(st.sampled_from(["", "", "Rust"])),
        )
        if draw(st.booleans()):
            s.start = at(draw(st.integers(8, 17)), draw(st.sampled_from([0, 15, 30, 45])))
            s.room = draw(st.sampled_from(rooms)).guid
            s.pin = draw(st.sampled_from([Pin.NONE, Pin.NONE, Pin.FULL, Pin.ROOM]))
        if i and draw(st.integers(0, 5)) == 0:
            s.kind = SessionKind.REHEARSAL
            s.rehearsal_for = sessions[0].guid
        sessions.append(s)
    rules = {
        TRAVEL_BUFFER_KEY: draw(st.sampled_from(["0", "10"])),
        TRACK_CLASH: draw(st.sampled_from(["error", "warning"])),
    }
    return Schedule(event(hours=(9, 18), rules=rules), rooms=rooms, people=people, sessions=sessions)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(schedules(), st.sampled_from(["place", "repair"]))
def test_no_error_conflict_from_arranging_and_no_pin_moves(schedule: Schedule, mode: str) -> None:
    before = {s.guid: (s.start, s.room) for s in schedule.sessions}
    proposal = arrange(schedule, mode, time_limit=0.5)
    after = applied(schedule, proposal.sessions)
    changed = {s.guid for s in proposal.sessions}
    errors = [c for c in check_all_pairs(after) if c.severity == ERROR]
    assert not [c for c in errors if changed & set(c.sessions)], [c.message for c in errors]
    assert {c.key for c in errors} == {c.key for c in proposal.errors_left}
    for s in after.sessions:
        if s.pin == Pin.FULL or s.kind == SessionKind.BREAK:
            assert (s.start, s.room) == before[s.guid]
        if s.pin == Pin.ROOM and before[s.guid][1] is not None:
            assert s.room == before[s.guid][1]
    if mode == "place":
        assert {u.guid for u in proposal.unplaced} | set(proposal.placed) == {
            s.guid for s in schedule.sessions if s.start is None
        }
        assert proposal.moved == []
    else:
        assert proposal.placed == []
    if mode == "repair" and proposal.complete:
        assert errors == []
