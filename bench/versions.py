"""Published versions, change lists and change notices on 38C3.

Run: .venv/bin/python bench/versions.py [PATH-TO-38C3-XML]

Imports 38C3 into a scratch store, publishes version 1, makes 200 edits (each its own
transaction: a session moved to another room, retimed, lengthened or renamed, at random
with a fixed seed), then times: publishing version 2 (goal < 0.3 s), the change list
between versions 1 and 2 and between version 1 and now (goal < 0.3 s each), and the
change notices (.eml, .ics and the CSV written) for everyone those edits touch, and for
everyone on the programme when every session is retimed (goal < 2 s). Medians of 5 runs.
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from planner import edits
from planner.domain.model import Session
from planner.interop import read
from planner.messages import write_drafts
from planner.messages.service import draft
from planner.store import Store
from planner.versions import changes, publish


def _save(store: Store, slug: str, *sessions: Session | list[Session]) -> None:
    """Save sessions through the one write path (an edit, logged)."""
    flat = [x for s in sessions for x in (s if isinstance(s, list) else [s])]
    store.apply(slug, edits.save_sessions(store.load(slug), flat))


DEFAULT_38C3 = (
    Path(__file__).resolve().parents[2] / "shared" / "data" / "schedules" / "38c3-schedule-2025-03-04.xml"
)
RUNS = 5


CPU: list[float] = []  # the process time of the last median_time, beside its wall time


def median_time(fn: Callable[[], object], runs: int = RUNS) -> tuple[float, object]:
    """The median wall time of ``runs`` calls (and, in CPU, their median process time:
    on a shared machine the wall time also counts the waits for a core)."""
    times, cpu, result = [], [], None
    for _ in range(runs):
        t, c = time.perf_counter(), time.process_time()
        result = fn()
        times.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    CPU[:] = [statistics.median(cpu)]
    return statistics.median(times), result


def ms(wall: float) -> str:
    return f"{wall * 1000:7.1f} ms (CPU {CPU[0] * 1000:6.1f} ms)"


def edit_200(store: Store, slug: str, seed: int = 1) -> None:
    rnd = random.Random(seed)
    s = store.load(slug)
    placed = [x for x in s.sessions if x.scheduled]
    rooms = [r.guid for r in s.rooms]
    for i in range(200):
        x = rnd.choice(placed)
        assert x.start is not None
        kind = i % 4
        if kind == 0:
            y = replace(x, room=rnd.choice([r for r in rooms if r != x.room]))
        elif kind == 1:
            y = replace(x, start=x.start + timedelta(minutes=rnd.choice((-30, -15, 15, 30))))
        elif kind == 2:
            y = replace(x, duration_minutes=x.duration_minutes + 5)
        else:
            y = replace(x, title=x.title + " (new title)")
        _save(store, slug, y)
        placed[placed.index(x)] = y


def main() -> int:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_38C3
    if not path.is_file():
        print(f"38C3 not found at {path}; give its path", file=sys.stderr)
        return 1
    schedule = read(path).schedule
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp) / "bench.sqlite")
        slug = store.add_schedule(schedule)
        publish(store, slug, name="v1")
        edit_200(store, slug)
        lines = []
        t, _ = median_time(lambda: publish(store, slug), runs=1)
        lines.append(f"publish (after 200 edits)          {ms(t)}   (goal < 300 ms)")
        t, _ = median_time(lambda: publish(store, slug))  # versions 3.. (same state)
        lines.append(f"publish (median of {RUNS})             {ms(t)}   (goal < 300 ms)")
        t, res = median_time(lambda: changes(store, slug, 1, 2))
        lines.append(f"changes version 1 -> 2             {ms(t)}   (goal < 300 ms)")
        t, _ = median_time(lambda: changes(store, slug, 1))
        lines.append(f"changes version 1 -> now           {ms(t)}   (goal < 300 ms)")
        found = res[2]  # type: ignore[index]
        out = Path(tmp) / "out"

        def notices(since: int) -> int:
            d = draft(store, slug, "changes", since=since)
            write_drafts(d.drafts, out, "Programme <programme@example.invalid>")
            return len(d.drafts)

        t, n = median_time(lambda: notices(1))
        lines.append(f"notices, 200 edits: {n:4d} people   {ms(t)}   (goal < 2000 ms)")
        # everyone: every placed session retimed by 15 minutes, one transaction
        s = store.load(slug)
        _save(
            store,
            slug,
            [replace(x, start=x.start + timedelta(minutes=15)) for x in s.sessions if x.start is not None],
        )
        last = publish(store, slug).number
        t, n = median_time(lambda: notices(last - 1))
        lines.append(f"notices, all retimed: {n:4d} people {ms(t)}   (goal < 2000 ms)")
        sessions = sum(1 for x in s.sessions if x.scheduled)
        print(
            f"38C3: {sessions} placed sessions, {len(s.people)} people; {len(found)} changes after 200 edits"
        )
        print("\n".join(lines))
        store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
