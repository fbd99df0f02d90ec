"""Arranging figures: each case in a fresh process, timed whole, with its peak memory.

Run: nice .venv/bin/python bench/arrange.py [--schedules DIR] [CASE...]

Cases (goals from issue 14):

- ``rebuild-38c3``: 38C3 (1007 sessions, 72 rooms, 4 days) scheduled from scratch: every
  session placed, no error conflict; goal < 10 s and < 500 MB.
- ``repair-38c3``: 38C3 as imported (its double-booked speakers): no error conflict left,
  sessions moved ≤ 1.2 × a lower bound; goal < 5 s. The bound: any repair must move at
  least one session of every error pair (a pinned or unmovable one forces the other), so
  the moved sessions form a vertex cover of the conflict graph; the bench computes the
  minimum vertex cover exactly (a small 0/1 model on CP-SAT, independent of the arranger)
  and, as a plain certificate, a maximal matching (every matched pair needs its own move).
- ``place-fosdem``: 100 sessions of FOSDEM 2026 taken off the grid and placed again; goal
  < 2 s.
- ``rebuild-generated``: 5000 sessions, 150 rooms, 5 days, speakers in several sessions,
  a fifth of them with availability windows; goal < 60 s and < 1 GB.

"process" is the wall time of the whole child (start-up, reading the file, arranging,
checking); "arrange" is :func:`planner.domain.arrange.arrange` alone.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CASES = ("rebuild-38c3", "repair-38c3", "place-fosdem", "rebuild-generated")
GOALS = {
    "rebuild-38c3": (10, 500),
    "repair-38c3": (5, None),
    "place-fosdem": (2, None),
    "rebuild-generated": (60, 1024),
}


def schedules_dir(given: str | None) -> Path:
    if given:
        return Path(given)
    for base in (ROOT.parent, ROOT.parent.parent):
        d = base / "shared" / "data" / "schedules"
        if d.is_dir():
            return d
    raise SystemExit("the real schedules were not found: pass --schedules DIR")


def generated(n_sessions: int = 5000, n_rooms: int = 150, n_days: int = 5, seed: int = 7):  # type: ignore[no-untyped-def]
    from planner.domain.model import UTC, Event, Interval, Person, Room, RoomKind, Schedule, Session

    rnd = random.Random(seed)
    first = date(2026, 9, 7)
    event = Event(
        name="Generated",
        first_day=first,
        last_day=first + timedelta(days=n_days - 1),
        timezone="UTC",
        slot_minutes=15,
        day_start_minute=9 * 60,
        day_end_minute=21 * 60,
    )
    rooms = [
        Room(
            f"Room {i}",
            i,
            capacity=rnd.choice([40, 80, 150, 400, 1000]),
            kind=RoomKind.PHYSICAL,
            changeover_minutes=rnd.choice([0, 0, 5, 10]),
        )
        for i in range(n_rooms)
    ]
    people = []
    for i in range(n_sessions * 7 // 10):
        p = Person(f"Person {i}")
        if rnd.random() < 0.2:  # available on two or three days only
            days = sorted(rnd.sample(range(n_days), rnd.choice([2, 3])))
            p.availability = [
                Interval(
                    datetime(first.year, first.month, first.day + d, 9, tzinfo=UTC),
                    datetime(first.year, first.month, first.day + d, 21, tzinfo=UTC),
                )
                for d in days
            ]
        people.append(p)
    # speakers in several sessions: most in one, some in two to six
    slots = [p.guid for p in people for _ in range(rnd.choice([1, 1, 1, 1, 2, 2, 3, 4, 6]))]
    rnd.shuffle(slots)
    tracks = [f"Track {i}" for i in range(150)]
    sessions = []
    for i in range(n_sessions):
        speakers = list(dict.fromkeys(slots.pop() for _ in range(rnd.choice([1, 1, 2])) if slots))
        sessions.append(
            Session(
                f"Session {i}",
                duration_minutes=rnd.choice([30, 45, 60, 60, 90]),
                speakers=speakers,
                track=rnd.choice(tracks),
                participant_limit=rnd.choice([None, None, 30, 60, 120]),
            )
        )
    return Schedule(event=event, rooms=rooms, people=people, sessions=sessions)


def lower_bound(schedule) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    """(maximal matching, minimum vertex cover) of the error-conflict graph."""
    from ortools.sat.python import cp_model

    from planner.domain.arrange.problem import fixed_in_place
    from planner.domain.conflicts import ERROR, ConflictEngine

    frozen = {s.guid for s in schedule.sessions if fixed_in_place(s)}
    errors = [c for c in ConflictEngine(schedule).conflicts() if c.severity == ERROR and not c.acknowledged]
    model = cp_model.CpModel()
    nodes = {g for c in errors for g in c.sessions if g not in frozen}
    x = {g: model.new_bool_var(g) for g in nodes}
    matched: set[str] = set()
    matching = 0
    for c in errors:
        movable = [g for g in c.sessions if g not in frozen]
        if movable:
            model.add_bool_or([x[g] for g in movable])
        if len(movable) == 1 and movable[0] not in matched:
            matched.add(movable[0])
            matching += 1
    for c in errors:
        movable = [g for g in c.sessions if g not in frozen]
        if len(movable) == 2 and not matched & set(movable):
            matched.update(movable)
            matching += 1
    model.minimize(sum(x.values()))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = 30
    solver.solve(model)
    return matching, int(solver.best_objective_bound)


def run_case(case: str, data: Path) -> dict[str, object]:
    from dataclasses import replace

    from planner.domain.arrange import arrange
    from planner.domain.conflicts import ERROR, ConflictEngine
    from planner.domain.model import SessionKind
    from planner.interop import read

    figures: dict[str, object] = {}
    if case.endswith("38c3"):
        schedule = read(data / "38c3-schedule-2025-03-04.xml").schedule
    elif case == "place-fosdem":
        schedule = read(data / "fosdem-2026-schedule.xml").schedule
        rnd = random.Random(3)
        pool = [s for s in schedule.sessions if s.scheduled and s.kind != SessionKind.BREAK]
        for s in rnd.sample(pool, 100):
            s.start = None
            s.room = None
    else:
        schedule = generated()
    mode = case.split("-")[0]
    figures["sessions"] = len(schedule.sessions)
    figures["rooms"] = len(schedule.rooms)
    figures["days"] = len(schedule.event.days)
    before = ConflictEngine(schedule).conflicts()
    figures["errors_before"] = sum(1 for c in before if c.severity == ERROR)
    figures["warnings_before"] = sum(1 for c in before if c.severity != ERROR)
    if mode == "repair":
        figures["bound_matching"], figures["bound_min_cover"] = lower_bound(schedule)
    limit = {"rebuild-38c3": 8.0, "repair-38c3": 4.0, "place-fosdem": 1.0, "rebuild-generated": 45.0}[case]
    began = time.perf_counter()
    proposal = arrange(schedule, mode, time_limit=limit)
    figures["arrange_s"] = round(time.perf_counter() - began, 2)
    new = {s.guid: s for s in proposal.sessions}
    after = replace(schedule, sessions=[new.get(s.guid, s) for s in schedule.sessions])
    errors = [c for c in ConflictEngine(after).conflicts() if c.severity == ERROR and not c.acknowledged]
    figures.update(
        targeted=proposal.targeted,
        placed=len(proposal.placed),
        moved=len(proposal.moved),
        unplaced=len(proposal.unplaced),
        error_conflicts_after=len(errors),
        of_them_with_a_changed_session=sum(1 for c in errors if new.keys() & set(c.sessions)),
        warnings_after=sum(1 for c in ConflictEngine(after).conflicts() if c.severity != ERROR),
        optimal=proposal.optimal,
    )
    if mode == "repair":
        bound = max(1, int(figures["bound_min_cover"]))  # type: ignore[call-overload]
        figures["moved_over_bound"] = round(len(proposal.moved) / bound, 2)
    if mode == "rebuild":
        figures["scheduled_after"] = sum(1 for s in after.sessions if s.scheduled)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schedules", help="the folder of real schedules")
    parser.add_argument("--case", help=argparse.SUPPRESS)  # the child's side
    parser.add_argument("cases", nargs="*", default=list(CASES))
    args = parser.parse_args()
    data = schedules_dir(args.schedules)
    if args.case:
        print(json.dumps(run_case(args.case, data)))
        return
    for case in args.cases:
        began = time.perf_counter()
        child = subprocess.Popen(
            [sys.executable, __file__, "--schedules", str(data), "--case", case],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert child.stdout is not None
        output = child.stdout.read()
        _pid, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - began
        peak_mb = usage.ru_maxrss / 1024
        if status != 0:
            print(f"{case}: failed (status {status})")
            continue
        figures = json.loads(output.strip().splitlines()[-1])
        goal_s, goal_mb = GOALS[case]
        verdict = "ok" if wall <= goal_s and (goal_mb is None or peak_mb <= goal_mb) else "over goal"
        goal = f"goal < {goal_s} s" + (f", < {goal_mb} MB" if goal_mb else "")
        print(f"{case}: process {wall:.2f} s, peak {peak_mb:.0f} MB ({goal}: {verdict})")
        print("    " + ", ".join(f"{k} {v}" for k, v in figures.items()), flush=True)


if __name__ == "__main__":
    main()
