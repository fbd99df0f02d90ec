"""Each hard rule holds in what arranging proposes, and each reason for an unplaced
session names what a person can change."""

from __future__ import annotations

from datetime import timedelta

from planner.domain.arrange import arrange
from planner.domain.conflicts import TRACK_CLASH, TRAVEL_BUFFER_KEY, check_all_pairs
from planner.domain.model import Pin, Schedule, SessionKind
from tests.arrange.helpers import DAY, applied, at, errors, event, person, room, talk

LIMIT = 2.0


def placed(schedule: Schedule, mode: str = "place") -> tuple[Schedule, dict[str, str]]:
    proposal = arrange(schedule, mode, time_limit=LIMIT)
    after = applied(schedule, proposal.sessions)
    assert errors(after) == []
    reasons = {u.title: u.reason for u in proposal.unplaced}
    return after, reasons


def test_room_changeover_is_kept_and_a_full_room_is_the_reason() -> None:
    hall = room("Hall", changeover=10)
    s = Schedule(event(hours=(9, 11), slot=10), rooms=[hall], sessions=[talk(t, 50) for t in "ABC"])
    after, reasons = placed(s)
    starts = sorted(x.start for x in after.sessions if x.start is not None)
    assert starts == [at(9), at(10)]  # 09:50 + 10 min changeover: the second starts at 10:00
    (title,) = reasons
    assert reasons[title].startswith(
        "in 1 room(s) that fit (Hall), every 50 min gap is taken by sessions placed now"
    )


def test_a_person_gets_the_travel_buffer_between_rooms() -> None:
    ada = person("Ada")
    s = Schedule(
        event(hours=(9, 12), rules={TRAVEL_BUFFER_KEY: "15"}),
        rooms=[room("A"), room("B", position=1)],
        people=[ada],
        sessions=[talk("One", 60, [ada]), talk("Two", 60, [ada])],
    )
    after, reasons = placed(s)
    assert reasons == {}
    a, b = sorted((x.start, x.end) for x in after.sessions if x.start is not None and x.end is not None)
    assert b[0] - a[1] >= (at(10, 15) - at(10))


def test_availability_is_kept_and_named_when_it_rules_a_session_out() -> None:
    ada = person("Ada", (at(14), at(15)))
    bob = person("Bob", (at(6), at(7)))
    s = Schedule(
        event(),
        rooms=[room("A")],
        people=[ada, bob],
        sessions=[talk("Ada's", 60, [ada]), talk("Bob's", 30, [bob])],
    )
    after, reasons = placed(s)
    assert next(x for x in after.sessions if x.title == "Ada's").start == at(14)
    assert set(reasons) == {"Bob's"}
    assert reasons["Bob's"].startswith("Bob (available") and "widen their availability" in reasons["Bob's"]


def test_two_people_never_free_together() -> None:
    ada, bob = person("Ada", (at(9), at(11))), person("Bob", (at(12), at(14)))
    s = Schedule(event(), rooms=[room("A")], people=[ada, bob], sessions=[talk("Duo", 60, [ada, bob])])
    _after, reasons = placed(s)
    assert reasons["Duo"].startswith("Ada and Bob are never available at the same time")


def test_event_hours_hold_and_a_too_long_session_says_so() -> None:
    s = Schedule(event(hours=(9, 17)), rooms=[room("A")], sessions=[talk("Long", 600), talk("Fine", 480)])
    after, reasons = placed(s)
    fine = next(x for x in after.sessions if x.title == "Fine")
    assert (fine.start, fine.end) == (at(9), at(17))
    assert reasons["Long"].startswith("it lasts 600 min, longer than an event day (480 min)")


def test_capacity_chooses_a_room_that_holds_the_audience() -> None:
    small, big = room("Small", 50), room("Big", 300, position=1)
    s = Schedule(
        event(),
        rooms=[small, big],
        sessions=[talk("Crowd", 60, participant_limit=200), talk("Huge", 60, participant_limit=1000)],
    )
    after, reasons = placed(s)
    assert next(x for x in after.sessions if x.title == "Crowd").room == big.guid
    assert reasons["Huge"].startswith("no room holds 1000 participants (the largest, Big, holds 300)")


def test_a_rehearsal_ends_before_its_session() -> None:
    a = room("A")
    show = talk("Show", 60, start=at(11), room=a.guid)
    rehearsal = talk("Rehearsal", 60, kind=SessionKind.REHEARSAL, rehearsal_for=show.guid)
    early = talk("Early show", 60, start=at(9), room=a.guid)
    too_late = talk("Too late", 30, kind=SessionKind.REHEARSAL, rehearsal_for=early.guid)
    s = Schedule(event(), rooms=[a], sessions=[show, rehearsal, early, too_late])
    after, reasons = placed(s)
    r = next(x for x in after.sessions if x.title == "Rehearsal")
    assert r.end is not None and r.end <= at(11)
    assert set(reasons) == {"Too late"}


def test_track_clash_is_hard_only_when_the_event_says_error() -> None:
    def two_in_a_track(severity: str) -> Schedule:
        return Schedule(
            event(hours=(9, 10), rules={TRACK_CLASH: severity}),
            rooms=[room("A"), room("B", position=1)],
            sessions=[talk("T1", 60, track="Rust"), talk("T2", 60, track="Rust")],
        )

    _after, reasons = placed(two_in_a_track("error"))
    assert len(reasons) == 1
    after, reasons = placed(two_in_a_track("warning"))
    assert reasons == {} and all(x.start == at(9) for x in after.sessions)


def test_pins_block_and_are_named() -> None:
    a = room("A")
    wall = [talk(f"Pinned {h}", 60, start=at(h), room=a.guid, pin=Pin.FULL) for h in range(9, 17)]
    loose = talk("Room-pinned", 30, room=a.guid, pin=Pin.ROOM)
    s = Schedule(event(), rooms=[a, room("B", position=1)], sessions=[*wall, loose])
    _after, reasons = placed(s)
    assert reasons["Room-pinned"].startswith("pinned to A, no 30 min gap: blocked by pinned “Pinned 10”")
    assert reasons["Room-pinned"].endswith("unpin one")


def test_rebuild_never_moves_a_pin_or_a_break_and_keeps_a_room_pin_in_its_room() -> None:
    a, b = room("A"), room("B", position=1)
    pinned = talk("Keynote", 60, start=at(13), room=b.guid, pin=Pin.FULL)
    lunch = talk("Lunch", 60, start=at(12), room=a.guid, kind=SessionKind.BREAK)
    in_b = talk("Stays in B", 60, start=at(9), room=b.guid, pin=Pin.ROOM)
    others = [talk(f"T{i}", 60, start=at(9 + i), room=a.guid) for i in range(3)]
    s = Schedule(event(), rooms=[a, b], sessions=[pinned, lunch, in_b, *others])
    proposal = arrange(s, "rebuild", time_limit=LIMIT)
    after = applied(s, proposal.sessions).session_by_guid()
    assert (after[pinned.guid].start, after[pinned.guid].room) == (at(13), b.guid)
    assert (after[lunch.guid].start, after[lunch.guid].room) == (at(12), a.guid)
    assert after[in_b.guid].room == b.guid
    assert proposal.complete


def test_repair_moves_the_fewest_and_leaves_pins() -> None:
    a, b = room("A"), room("B", position=1)
    ada = person("Ada")
    keep = talk("Pinned", 60, [ada], start=at(10), room=a.guid, pin=Pin.FULL)
    clash1 = talk("Clash 1", 60, [ada], start=at(10), room=b.guid)
    clash2 = talk("Clash 2", 60, [ada], start=at(10, 30), room=b.guid)  # also overlaps clash1 in B
    calm = talk("Calm", 60, start=at(15), room=a.guid)
    s = Schedule(event(), rooms=[a, b], people=[ada], sessions=[keep, clash1, clash2, calm])
    assert len(errors(s)) == 4
    proposal = arrange(s, "repair", time_limit=LIMIT)
    assert errors(applied(s, proposal.sessions)) == []
    assert set(proposal.moved) == {clash1.guid, clash2.guid}  # the pin forces both to move
    assert proposal.complete and proposal.placed == []


def test_repair_reports_what_pins_make_impossible() -> None:
    a = room("A")
    one = talk("One", 60, start=at(10), room=a.guid, pin=Pin.FULL)
    two = talk("Two", 60, start=at(10), room=a.guid, pin=Pin.FULL)
    s = Schedule(event(), rooms=[a], sessions=[one, two])
    proposal = arrange(s, "repair", time_limit=LIMIT)
    assert proposal.sessions == [] and len(proposal.errors_left) == 1 and not proposal.complete


def test_soft_goals_night_hours_and_track_clashes_avoided_where_possible() -> None:
    tokyo = person("Kenji")
    tokyo.timezone = "Asia/Tokyo"  # 12:00 UTC is 21:00 there: only the first hour is sociable
    s = Schedule(
        event(hours=(12, 20)),
        rooms=[room("A")],
        people=[tokyo],
        sessions=[talk("Local", 60), talk("From Tokyo", 60, [tokyo])],
    )
    after, reasons = placed(s)
    assert reasons == {}
    assert next(x for x in after.sessions if x.title == "From Tokyo").start == at(12)
    assert [c.rule for c in check_all_pairs(after)] == []

    two_rooms = Schedule(
        event(hours=(9, 11)),
        rooms=[room("A"), room("B", position=1)],
        sessions=[talk("T1", 60, track="Rust"), talk("T2", 60, track="Rust")],
    )
    after, reasons = placed(two_rooms)
    assert reasons == {} and sorted(x.start for x in after.sessions if x.start) == [at(9), at(10)]
    assert check_all_pairs(after) == []


def test_scope_a_day_and_chosen_rooms_limit_what_moves_and_where_to() -> None:
    a, b, c = room("A"), room("B", position=1), room("C", position=2)
    day1 = [talk(f"D1 {i}", 60, start=at(9 + i), room=a.guid) for i in range(2)]
    day2 = talk("D2", 60, start=at(9, day=1), room=a.guid)
    loose = [talk(f"Loose {i}", 60) for i in range(3)]
    s = Schedule(event(days=2), rooms=[a, b, c], sessions=[*day1, day2, *loose])
    second = DAY + timedelta(days=1)
    proposal = arrange(s, "place", days=[second], rooms=[b.guid, c.guid], time_limit=LIMIT)
    assert len(proposal.placed) == 3
    for new in proposal.sessions:
        assert new.room in (b.guid, c.guid) and new.start is not None and new.start.date() == second
    proposal = arrange(s, "rebuild", days=[DAY], time_limit=LIMIT)
    moved = {x.guid for x in proposal.sessions}
    assert day2.guid not in moved
    assert all(x.start is not None and x.start.date() == DAY for x in proposal.sessions)


def test_a_room_pin_to_a_small_room_says_so() -> None:
    small = room("Small", 20)
    s = Schedule(
        event(),
        rooms=[small, room("Big", 500, position=1)],
        sessions=[talk("Crowded", 60, participant_limit=100, room=small.guid, pin=Pin.ROOM)],
    )
    _after, reasons = placed(s)
    assert reasons == {
        "Crowded": "pinned to Small, which holds 20; it allows 100: unpin it or lower its participant limit"
    }
