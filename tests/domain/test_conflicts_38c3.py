"""The engine on the real 38C3 schedule agrees with a plain all-pairs count over the
XML itself (read here with nothing but ElementTree, independent of our frab reader)."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from defusedxml import ElementTree

from planner.domain.conflicts import ConflictEngine, check_all_pairs
from planner.interop import read

FILE = "38c3-schedule-2025-03-04.xml"


def _raw_pairs(path: Path) -> tuple[set[tuple[str, str]], set[tuple[str, str, str]]]:
    """Room overlaps (session guid pairs) and double bookings (pair + person guid),
    counted over every pair of <event>s: times from <date> + <duration>, rooms by name,
    people by their guid."""
    events: list[tuple[str, str, datetime, datetime, set[str]]] = []
    for room in ElementTree.parse(path).iter("room"):
        for ev in room.iter("event"):
            start = datetime.fromisoformat(ev.findtext("date", ""))
            hours, minutes = ev.findtext("duration", "").split(":")
            end = start + timedelta(hours=int(hours), minutes=int(minutes))
            people = {p.get("guid", "") for p in ev.iter("person")}
            events.append((ev.get("guid", ""), room.get("name", ""), start, end, people))
    rooms: set[tuple[str, str]] = set()
    persons: set[tuple[str, str, str]] = set()
    for i, (ga, ra, sa, ea, pa) in enumerate(events):
        for gb, rb, sb, eb, pb in events[i + 1 :]:
            if sa < eb and sb < ea:
                first, second = sorted((ga, gb))
                if ra == rb:
                    rooms.add((first, second))
                for person in pa & pb:
                    persons.add((first, second, person))
    return rooms, persons


@pytest.mark.slow
def test_38c3_overlaps_and_double_bookings_agree_with_all_pairs(schedules_dir: Path) -> None:
    path = schedules_dir / FILE
    schedule = read(path).schedule
    engine = ConflictEngine(schedule)
    conflicts = engine.conflicts()
    assert conflicts == check_all_pairs(schedule)

    raw_rooms, raw_persons = _raw_pairs(path)
    rooms = {c.sessions for c in conflicts if c.rule == "room-overlap"}
    persons = {(*c.sessions, c.key.rsplit(":", 1)[1]) for c in conflicts if c.rule == "person-double-booked"}
    assert rooms == raw_rooms
    assert persons == raw_persons
    # the figures quoted in the report (pretalx: 3 overlaps, 132 talks, 10 speakers)
    assert len(rooms) == 2
    assert len(persons) == 140
    assert len({g for p in persons for g in p[:2]}) == 136
    assert len({p[2] for p in persons}) == 9
    titles = {s.guid: s.title for s in schedule.sessions}
    assert {titles[g] for pair in rooms for g in pair} == {
        "Eine kleine Nerdmusique / Gregoa",
        "Gregoa",
        "Laetizia & N:in",
        "Museum Of No Art",
    }


@pytest.mark.slow
def test_38c3_random_moves_stay_equal_to_all_pairs(schedules_dir: Path) -> None:
    import copy
    import random

    schedule = read(schedules_dir / FILE).schedule
    engine = ConflictEngine(schedule)
    rnd = random.Random(38)
    rooms = [r.guid for r in schedule.rooms]
    for _ in range(3):
        for _ in range(20):
            i = rnd.randrange(len(schedule.sessions))
            s = copy.deepcopy(schedule.sessions[i])
            if s.start is None:
                continue
            s.start += timedelta(minutes=5 * rnd.randrange(-36, 37))
            if rnd.random() < 0.3:
                s.room = rnd.choice(rooms)
            schedule.sessions[i] = s
            engine.update([s])
        assert engine.conflicts() == check_all_pairs(schedule)
