"""What drawing overlapping sessions side by side costs on the largest real schedule
(38C3: 1007 sessions, 72 rooms): the lanes of every session (done on every edit, so the
neighbours of a moved block follow it), median of 50 runs. Goal: under 5 ms.

Run: .venv/bin/python bench/overlap_lanes.py [SCHEDULE.xml]
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from planner.domain.grid import overlap_lanes  # noqa: E402
from planner.interop import read  # noqa: E402

DEFAULT = ROOT.parent / "shared" / "data" / "schedules" / "38c3-schedule-2025-03-04.xml"


def main() -> int:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    if not path.exists():
        print(f"bench/overlap_lanes.py: schedule not found: {path}", file=sys.stderr)
        return 1
    schedule = read(path).schedule
    runs = []
    for _ in range(50):
        t = time.perf_counter()
        lanes = overlap_lanes(schedule.sessions)
        runs.append(time.perf_counter() - t)
    shared = sum(1 for lane, n in lanes.values() if n > 1)
    print(f"schedule: {path.name}: {len(schedule.sessions)} sessions, {len(schedule.rooms)} rooms")
    print(f"sessions that share their room's column with an overlap: {shared}")
    median = statistics.median(runs) * 1000
    print(f"overlap_lanes, every session: {median:.2f} ms (median of 50; goal: under 5 ms)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
