"""A child process makes edits and is killed with SIGKILL at random moments; every edit
it reported committed must be in the file afterwards, and the file must be sound."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from planner.domain.model import Event, Room, Schedule
from planner.store import Store

CHILD = r"""
import sys
from datetime import datetime, timedelta, timezone
from planner.domain.model import Session
from planner import edits
from planner.store import Store

store = Store.open(sys.argv[1])
sched = store.load("crash")
room = sched.rooms[0].guid
n = len(sched.sessions)
t0 = datetime(2026, 1, 1, 9, tzinfo=timezone.utc)
while True:
    n += 1
    s = Session(title=f"edit {n}", room=room, start=t0 + timedelta(minutes=n), duration_minutes=1)
    store.apply("crash", edits.SessionsEdit((None,), (s,)))
    print(n, flush=True)
"""

ROUNDS = 24


@pytest.mark.slow
def test_edits_reported_committed_survive_sigkill(tmp_path: Path) -> None:
    path = tmp_path / "crash.sqlite"
    with Store.open(path) as store:
        store.add_schedule(
            Schedule(
                Event(name="Crash", slug="crash", first_day=date(2026, 1, 1), last_day=date(2026, 1, 1)),
                [Room(name="A")],
            )
        )
    rng = random.Random(20261126)
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2]))
    committed = 0
    for _ in range(ROUNDS):
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(path)], stdout=subprocess.PIPE, env=env, text=True
        )
        assert child.stdout is not None
        first = child.stdout.readline()  # wait until it is really editing
        assert first.strip().isdigit(), f"child did not start editing: {first!r}"
        time.sleep(rng.uniform(0.0, 0.25))
        child.send_signal(signal.SIGKILL)
        rest = child.stdout.read()
        child.wait()
        reported = [int(x) for x in (first + rest).split()]
        committed = max(committed, reported[-1])
        titles = {r[0] for r in sqlite3.connect(path).execute("SELECT title FROM session")}
        missing = [n for n in range(1, committed + 1) if f"edit {n}" not in titles]
        assert not missing, f"edits reported committed are lost: {missing[:5]}"
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    assert committed > ROUNDS  # the child made real progress in the rounds
    with Store.open(path) as store:  # and the store still opens and loads
        assert len(store.load("crash").sessions) >= committed
