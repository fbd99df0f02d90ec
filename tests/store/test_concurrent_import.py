"""Several `planner import` processes of one file into one store at once: each gets its
own event and slug (the slug is chosen in the transaction that inserts the event)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from planner.demo import demo_schedule
from planner.interop import write
from planner.store import Store

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("existing", [False, True], ids=["new store", "existing store"])
def test_four_imports_at_once_all_succeed_with_distinct_slugs(tmp_path: Path, existing: bool) -> None:
    source = tmp_path / "gala.xml"
    write(demo_schedule(), source, "frab-xml")
    db = tmp_path / "planner.sqlite"
    if existing:
        Store.open(db).close()
    env = dict(os.environ, PYTHONPATH=str(ROOT), HOME=str(tmp_path), QT_QPA_PLATFORM="offscreen")
    env.pop("PLANNER_DB", None)
    # Each process waits for a go file, so that all four reach the store together.
    go = tmp_path / "go"
    script = (
        "import sys, time, pathlib\n"
        f"go = pathlib.Path({str(go)!r})\n"
        "while not go.exists(): time.sleep(0.005)\n"
        "from planner.cli import main\n"
        f"sys.exit(main(['--db', {str(db)!r}, 'import', {str(source)!r}]))\n"
    )
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", script], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(4)
    ]
    go.touch()
    results = [(*p.communicate(timeout=180), p.returncode) for p in procs]
    for _out, err, code in results:
        assert code == 0, err
        assert "Traceback" not in err
    slugs = sorted(out.strip().splitlines()[-1] for out, _err, _code in results)
    assert len(set(slugs)) == 4
    with Store.open(db) as store:
        listed = sorted(e.slug for e in store.list_events())
        assert listed == slugs
        base = min(slugs, key=len)
        assert listed == sorted([base, f"{base}-2", f"{base}-3", f"{base}-4"])
        counts = {len(store.load(slug).sessions) for slug in listed}
        assert len(counts) == 1 and counts.pop() > 10  # four whole copies of the event
