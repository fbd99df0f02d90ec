"""A large CSV import: time and peak memory of ``planner import`` on a generated file.

Run: .venv/bin/python bench/import_large.py [MEGABYTES] [--short]

Writes a schedule CSV of about MEGABYTES (default 50) into a temporary folder, imports
it into a fresh store with the command line in a child process, and prints the file's
size and rows, the wall time, the child's CPU time (user and system) and peak resident
memory (ru_maxrss), and the load average (a busy machine stretches both times). Goal
(issue 13, item 15): 50 MB in under 10 s and under 500 MB. The rows are real-shaped:
a day, a start and end, one of 40 rooms, a title, a track, one or two speakers and a
description of a few hundred characters, over 60 days (``--short``: no description, so
about six times as many rows).
"""

from __future__ import annotations

import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORDS = [
    "schedule",
    "room",
    "speaker",
    "keynote",
    "lightning",
    "workshop",
    "panel",
    "session",
    "community",
    "hardware",
    "security",
    "privacy",
    "network",
    "radio",
    "camp",
    "field",
    "solder",
    "badge",
    "mesh",
    "lake",
    "tent",
    "stage",
    "music",
]


def generate(path: Path, megabytes: float, seed: int = 7, short: bool = False) -> int:
    """Write the CSV; return its number of rows. ``short``: rows without a description
    (about 90 bytes each, so many more sessions for the same size)."""
    rnd = random.Random(seed)
    target = int(megabytes * 1024 * 1024)
    rooms = [f"Room {i:02d}" for i in range(40)]
    people = [f"Speaker {i:05d}" for i in range(5000)]
    first = date(2026, 3, 2)
    written, rows = 0, 0
    with path.open("w", encoding="utf-8", newline="") as fh:
        header = "date,start,end,room,title,track,speakers,description\r\n"
        fh.write(header)
        written += len(header)
        slot = 0
        while written < target:
            day = first + timedelta(days=(slot // (40 * 40)) % 60)
            room = rooms[slot % 40]
            minute = 8 * 60 + 20 * ((slot // 40) % 40)
            start = f"{minute // 60:02d}:{minute % 60:02d}"
            end = f"{(minute + 15) // 60:02d}:{(minute + 15) % 60:02d}"
            title = " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(3, 9))).capitalize()
            speakers = "; ".join(rnd.sample(people, rnd.randint(1, 2)))
            text = "" if short else " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(30, 90)))
            line = (
                f'{day.isoformat()},{start},{end},{room},{title},{rnd.choice(WORDS)},{speakers},"{text}"\r\n'
            )
            fh.write(line)
            written += len(line.encode("utf-8"))
            rows += 1
            slot += 1
    return rows


def main() -> int:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    megabytes = float(args[0]) if args else 50.0
    short = "--short" in sys.argv
    with tempfile.TemporaryDirectory(prefix="planner-bench-") as tmp:
        csv_path = Path(tmp) / "large.csv"
        rows = generate(csv_path, megabytes, short=short)
        size = csv_path.stat().st_size / (1024 * 1024)
        db = Path(tmp) / "bench.sqlite"
        cmd = [
            sys.executable,
            "-m",
            "planner",
            "--db",
            str(db),
            "import",
            str(csv_path),
            "--tz",
            "Europe/Berlin",
        ]
        t0 = time.perf_counter()
        done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
        seconds = time.perf_counter() - t0
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        peak_mb = usage.ru_maxrss / 1024  # kB on Linux
        cpu = usage.ru_utime + usage.ru_stime
        print(f"file: {size:.1f} MB, {rows:,} rows")
        print(
            f"import: exit {done.returncode}, {seconds:.1f} s wall, {cpu:.1f} s CPU "
            f"({usage.ru_utime:.1f} user + {usage.ru_stime:.1f} sys; the CPU time is what a quiet "
            f"machine takes), peak RSS {peak_mb:.0f} MB"
        )
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        print(f"load average (1 min) after the import: {load:.2f} on {os.cpu_count()} cores")
        if done.returncode != 0:
            print(done.stderr.strip()[-2000:])
            return 1
        met = min(seconds, cpu) < 10 and peak_mb < 500
        print(f"goal: under 10 s and under 500 MB: {'met' if met else 'NOT met'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
