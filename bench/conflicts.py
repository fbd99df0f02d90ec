"""Conflict check timings: a full check and one re-check after a move.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python bench/conflicts.py [PATH-TO-38C3-XML]

Prints, for 38C3 (when the frab reader and the file are there) and for a generated event
of 10 000 sessions in 100 rooms: the full check (building the engine), one re-check
after moving one session (``update``), one drag preview (``preview``), and for 38C3 the
plain all-pairs reference for comparison. Goals: 38C3 full < 20 ms, re-check < 1 ms;
10 000 sessions full < 0.3 s.
"""

from __future__ import annotations

import copy
import logging
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from planner.domain.conflicts import ConflictEngine, check_all_pairs
from planner.domain.model import Event, Person, Room, RoomKind, Schedule, Session

log = logging.getLogger(__name__)

DEFAULT_38C3 = (
    Path(__file__).resolve().parents[2] / "shared" / "data" / "schedules" / "38c3-schedule-2025-03-04.xml"
)
ZONES = ["Europe/Berlin", "America/New_York", "Asia/Tokyo", "Australia/Sydney", "", ""]


def generated(n_sessions: int = 10_000, n_rooms: int = 100, seed: int = 1) -> Schedule:
    """A four-day event: rooms filled back to back from 09:00, a few people shared widely,
    so that there are real clashes to find."""
    rnd = random.Random(seed)
    event = Event(
        name="Generated",
        first_day=date(2026, 6, 1),
        last_day=date(2026, 6, 4),
        timezone="Europe/Berlin",
        day_start_minute=9 * 60,
        day_end_minute=24 * 60,
    )
    rooms = [
        Room(
            f"Room {i}",
            i,
            capacity=rnd.choice([None, 50, 200]),
            kind=RoomKind.PHYSICAL if i % 2 else RoomKind.ONLINE,
            changeover_minutes=rnd.choice([0, 0, 5]),
        )
        for i in range(n_rooms)
    ]
    people = [Person(f"Person {i}", timezone=rnd.choice(ZONES)) for i in range(n_sessions * 6 // 10)]
    tracks = [f"Track {i}" for i in range(n_rooms)]  # a track per room, a few strays
    sessions = []
    per_room = n_sessions // n_rooms
    per_day = -(-per_room // 4)
    for r, room in enumerate(rooms):
        for k in range(per_room):
            day, slot = divmod(k, per_day)
            start = datetime(2026, 6, 1 + day, 7, 0, tzinfo=UTC) + timedelta(minutes=35 * slot)
            start += timedelta(minutes=rnd.choice([0, 0, 0, 0, 5, -5, 20]))  # a few overlaps
            speakers = list(dict.fromkeys(rnd.choice(people).guid for _ in range(rnd.choice([1, 1, 2, 3]))))
            sessions.append(
                Session(
                    title=f"Session {r}-{k}",
                    start=start,
                    duration_minutes=30,
                    room=room.guid,
                    speakers=speakers,
                    track=tracks[r] if rnd.random() < 0.98 else rnd.choice(tracks),
                    participant_limit=rnd.choice([None, 60]),
                )
            )
    return Schedule(event=event, rooms=rooms, people=people, sessions=sessions)


def best(fn: Callable[[], object], repeat: int) -> tuple[float, float]:
    """The best wall-clock and the best CPU time of ``repeat`` runs (CPU time is the
    steadier figure on a machine shared with other work)."""
    walls, cpus = [], []
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
    return min(walls), min(cpus)


def recheck_times(schedule: Schedule, moves: int = 300, seed: int = 2) -> tuple[float, float]:
    """Median time of ``update`` after moving one random session by up to two hours, and
    of ``preview`` of such a move."""
    rnd = random.Random(seed)
    engine = ConflictEngine(schedule)
    scheduled = [s for s in schedule.sessions if s.start is not None and s.room is not None]
    rooms = [r.guid for r in schedule.rooms]
    updates, previews = [], []
    for _ in range(moves):
        s = copy.deepcopy(rnd.choice(scheduled))
        assert s.start is not None
        s.start += timedelta(minutes=rnd.randrange(-24, 25) * 5)
        if rnd.random() < 0.3:
            s.room = rnd.choice(rooms)
        t0 = time.perf_counter()
        engine.preview([s])
        t1 = time.perf_counter()
        engine.update([s])
        t2 = time.perf_counter()
        previews.append(t1 - t0)
        updates.append(t2 - t1)
    return statistics.median(updates), statistics.median(previews)


def report(name: str, schedule: Schedule, *, reference: bool) -> None:
    n = sum(1 for s in schedule.sessions if s.start is not None and s.room is not None)
    engine = ConflictEngine(schedule)
    conflicts = engine.conflicts()
    by_rule: dict[str, int] = {}
    for c in conflicts:
        by_rule[c.rule] = by_rule.get(c.rule, 0) + 1
    full = best(lambda: ConflictEngine(schedule), 10 if n < 5000 else 5)
    update, preview = recheck_times(schedule)
    print(f"{name}: {n} scheduled sessions, {len(schedule.rooms)} rooms, {len(conflicts)} conflicts")
    print(f"  by rule: {', '.join(f'{k} {v}' for k, v in sorted(by_rule.items()))}")
    print(f"  full check          {full[0] * 1000:8.2f} ms (CPU {full[1] * 1000:.2f} ms; best of runs)")
    print(f"  re-check one move   {update * 1000:8.3f} ms (median of 300)")
    print(f"  drag preview        {preview * 1000:8.3f} ms (median of 300)")
    if reference:
        ref = best(lambda: check_all_pairs(schedule), 1)
        print(f"  all-pairs reference {ref[0] * 1000:8.1f} ms")


def load_38c3(path: Path) -> Schedule | None:
    try:
        from planner.interop import read  # the frab reader (branch interop)
    except ImportError:
        print("38C3: skipped (planner.interop.read is not on this branch yet)")
        return None
    if not path.is_file():
        print(f"38C3: skipped ({path} not found)")
        return None
    return read(path).schedule


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_38C3
    schedule = load_38c3(path)
    if schedule is not None:
        report("38C3", schedule, reference=True)
    t0 = time.perf_counter()
    big = generated()
    print(f"(generated the 10 000-session event in {time.perf_counter() - t0:.2f} s)")
    report("generated", big, reference=False)


if __name__ == "__main__":
    main()
