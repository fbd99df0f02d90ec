"""Import and export times for 38C3 (1007 events, 72 rooms).

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/interop.py

Goal: import (parse + store) under 0.5 s, each export under 0.3 s. Prints the best of a
few runs, so that a busy machine disturbs the figures less.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from planner.interop import read, write
from planner.store import Store

SOURCE = (
    Path(__file__).resolve().parents[2] / "shared" / "data" / "schedules" / "38c3-schedule-2025-03-04.xml"
)
RUNS = 5


def best(fn: object) -> tuple[float, float]:
    """The best wall-clock and CPU times of a few runs (CPU time is steadier on a machine
    that other jobs share)."""
    walls, cpus = [], []
    for _ in range(RUNS):
        t0, c0 = time.perf_counter(), time.process_time()
        fn()  # type: ignore[operator]
        walls.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
    return min(walls), min(cpus)


def main() -> int:
    if not SOURCE.exists():
        print(f"missing {SOURCE}")
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        store = Store.open(d / "bench.sqlite")
        parse = best(lambda: read(SOURCE))

        def full_import() -> None:
            store.add_schedule(read(SOURCE).schedule)

        imp = best(full_import)
        schedule = store.load(store.list_events()[0].slug)
        print(
            f"38c3: {len(schedule.sessions)} sessions, {len(schedule.rooms)} rooms, "
            f"{len(schedule.people)} people (best of {RUNS})"
        )
        print(f"{'':28} {'wall':>9} {'cpu':>9}")
        print(f"import, parse only           {parse[0] * 1000:6.1f} ms {parse[1] * 1000:6.1f} ms")
        print(
            f"import, parse + store        {imp[0] * 1000:6.1f} ms {imp[1] * 1000:6.1f} ms   (goal < 500 ms)"
        )
        for fmt, name in (
            ("frab-xml", "o.xml"),
            ("schedule-json", "o.json"),
            ("ics", "o.ics"),
            ("csv", "o.csv"),
            ("pdf", "o.pdf"),
        ):
            wall, cpu = best(lambda fmt=fmt, name=name: write(schedule, d / name, fmt))
            goal = "   (goal < 300 ms)" if fmt != "pdf" else ""
            print(f"export {fmt:<21} {wall * 1000:6.1f} ms {cpu * 1000:6.1f} ms{goal}")
        store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
