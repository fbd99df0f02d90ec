"""How fast the live and afterwards code is on a big event: 20 rooms, 3 days, ~1,400
sessions, 600 people. Prints its figures; not a timed test.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/live.py
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from planner.afterwards.report import ReportData, write_report
from planner.domain import analytics as an
from planner.domain.analytics import Attendance, Feedback
from planner.domain.model import Event, Person, PersonRole, Room, Schedule, Session
from planner.domain.rehearsal import find_rehearsal_slot
from planner.domain.run_of_show import board, delay_room
from planner.domain.timegrid import local_instant

T = TypeVar("T")


def big_event() -> tuple[Schedule, list[Attendance], list[Feedback]]:
    rnd = random.Random(7)
    ev = Event(
        name="Bench Congress",
        first_day=date(2026, 12, 27),
        last_day=date(2026, 12, 29),
        timezone="Europe/Berlin",
        day_start_minute=10 * 60,
        day_end_minute=26 * 60,
    )
    rooms = [
        Room(name=f"Room {i + 1}", position=i, capacity=rnd.choice([80, 150, 400, 1200])) for i in range(20)
    ]
    zones = ["Europe/Berlin", "Europe/London", "America/New_York", "Asia/Tokyo", "Africa/Lagos"]
    people = [
        Person(
            name=f"Person {i}",
            email=f"p{i}@example.org",
            organisation=f"Org {i % 40}",
            timezone=rnd.choice(zones),
            role=PersonRole.SPEAKER if i < 400 else PersonRole.ATTENDEE,
        )
        for i in range(600)
    ]
    sessions: list[Session] = []
    for d in ev.days:
        for room in rooms:
            minute = ev.day_start_minute
            while minute + 60 <= ev.day_end_minute:
                dur = rnd.choice([30, 45, 60])
                sessions.append(
                    Session(
                        title=f"Talk {len(sessions)}",
                        duration_minutes=dur,
                        room=room.guid,
                        start=local_instant(ev, d, minute),
                        track=f"Track {rnd.randint(1, 8)}",
                        speakers=[people[rnd.randrange(400)].guid],
                    )
                )
                minute += dur + 15
    sched = Schedule(ev, rooms, sessions, people)
    att = [
        Attendance(s.guid, rnd.randint(10, 900), rnd.randint(5, 800), rnd.randint(5, 700), 20.0)
        for s in sessions
    ]
    fb = [Feedback(rnd.choice(sessions).guid, rnd.randint(1, 5)) for _ in range(5000)]
    return sched, att, fb


def timed(label: str, fn: Callable[[], T], repeat: int = 1) -> T:
    t0 = time.perf_counter()
    out = fn()
    for _ in range(repeat - 1):
        out = fn()
    ms = (time.perf_counter() - t0) * 1000 / repeat
    print(f"{label:<52} {ms:9.2f} ms")
    return out


def main() -> None:
    sched, att, fb = big_event()
    print(
        f"{len(sched.rooms)} rooms, {len(sched.sessions)} sessions, {len(sched.people)} people, "
        f"{len(fb)} ratings"
    )
    mid = local_instant(sched.event, sched.event.days[1], 15 * 60 + 7)
    timed("run of show: board() for one clock tick", lambda: board(sched, mid), repeat=50)
    timed(
        "delay one room (later sessions of the day)",
        lambda: delay_room(sched, sched.rooms[3].guid, 10, mid),
        repeat=50,
    )
    last = max(sched.sessions, key=lambda s: s.start)  # type: ignore[arg-type, return-value]
    timed("rehearsal slot for the last session", lambda: find_rehearsal_slot(sched, last.guid), repeat=10)
    rows = timed("analytics: numbers per session", lambda: an.session_numbers(sched, att, fb), repeat=10)
    timed(
        "analytics: rooms, tracks, hours, audience",
        lambda: (
            an.room_numbers(sched, rows),
            an.ratings_by_track(sched, fb),
            an.ratings_by_hour(sched, fb),
            an.audience(sched),
        ),
        repeat=10,
    )
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.pdf"
        timed("report PDF", lambda: write_report(ReportData(sched, att, fb), out))
        print(f"report size {out.stat().st_size / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
