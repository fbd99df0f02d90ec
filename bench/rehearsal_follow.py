"""How long a rehearsal takes to follow one edit of the plan (issue 13, item 16): the real
event of 38C3 (about 1,000 sessions) is edited while a rehearsal runs on its copy; each edit
is brought into the copy by Rehearsal.follow_plan. Prints its figures; not a timed test.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/rehearsal_follow.py
"""

from __future__ import annotations

import copy
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from planner.app import ensure_app
from planner.interop import read
from planner.store import Store
from planner.ui.document import EventDocument
from planner.ui.rehearsal import Rehearsal

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "schedules"


def main() -> None:
    source = DATA / "38c3-schedule-2025-03-04.xml"
    if not source.is_file():
        sys.exit(f"the real schedules are not at {DATA}")
    ensure_app(offscreen=True)
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp) / "bench.sqlite")
        slug = store.add_schedule(read(source).schedule)
        real = EventDocument(store, slug)
        t0 = time.perf_counter()
        rehearsal = Rehearsal(real)
        made = time.perf_counter() - t0
        placed = [s for s in real.schedule.sessions if s.start is not None][:30]
        times = []
        for s in placed:
            moved = copy.deepcopy(s)
            assert moved.start is not None
            moved.start += timedelta(minutes=15)
            t0 = time.perf_counter()
            real.save_sessions([moved], "bench move")  # follow_plan runs on the real event's change
            times.append(time.perf_counter() - t0)
            assert rehearsal.document.session(s.guid).start == moved.start
        # the same edits without a rehearsal, to show what following adds
        rehearsal.close()
        plain = []
        for s in placed:
            moved = copy.deepcopy(real.session(s.guid))
            assert moved.start is not None
            moved.start += timedelta(minutes=15)
            t0 = time.perf_counter()
            real.save_sessions([moved], "bench move")
            plain.append(time.perf_counter() - t0)
        store.close()
    n = len(real.schedule.sessions)
    print(f"38C3: {n} sessions, {len(real.schedule.rooms)} rooms")
    print(f"rehearsal copy made in {made * 1000:.0f} ms")
    print(
        f"one plan edit during a rehearsal: median {statistics.median(times) * 1000:.0f} ms, "
        f"max {max(times) * 1000:.0f} ms (the same edit without a rehearsal: "
        f"median {statistics.median(plain) * 1000:.0f} ms)"
    )


if __name__ == "__main__":
    main()
