"""``planner schedule`` and ``planner pin``: what is saved, the JSON keys, the exit status."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from planner import edits
from planner.cli import main
from planner.demo import demo_schedule
from planner.domain.conflicts import ERROR, check_all_pairs
from planner.domain.model import Pin
from planner.store import Store

KEYS = {"mode", "placed", "moved", "unplaced", "seconds", "optimal"}


@pytest.fixture
def demo_slug(db_path: Path) -> str:
    with Store.open(db_path) as store:
        return store.add_schedule(demo_schedule())


def run(db_path: Path, *args: str) -> int:
    return main(["--db", str(db_path), *args])


def errors(db_path: Path, slug: str) -> int:
    with Store.open(db_path) as store:
        return sum(1 for c in check_all_pairs(store.load(slug)) if c.severity == ERROR)


def test_repair_saves_and_reports_json(
    db_path: Path, demo_slug: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert errors(db_path, demo_slug) == 1  # the demo books Rafael Souza twice
    status = run(db_path, "schedule", "--event", demo_slug, "--mode", "repair", "--time-limit", "2", "--json")
    data = json.loads(capsys.readouterr().out)
    assert status == 0
    assert set(data) >= KEYS and data["mode"] == "repair"
    assert len(data["moved"]) == 1 and data["placed"] == [] and data["unplaced"] == []
    assert errors(db_path, demo_slug) == 0


def test_dry_run_saves_nothing(db_path: Path, demo_slug: str, capsys: pytest.CaptureFixture[str]) -> None:
    with Store.open(db_path) as store:
        before = {s.guid: (s.start, s.room) for s in store.load(demo_slug).sessions}
    assert run(db_path, "schedule", "--event", demo_slug, "--mode", "repair", "--dry-run") == 0
    assert "would be saved" in capsys.readouterr().out
    with Store.open(db_path) as store:
        assert {s.guid: (s.start, s.room) for s in store.load(demo_slug).sessions} == before


def test_pins_make_a_repair_impossible_and_the_exit_status_says_so(
    db_path: Path, demo_slug: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with Store.open(db_path) as store:
        schedule = store.load(demo_slug)
    (conflict,) = [c for c in check_all_pairs(schedule) if c.severity == ERROR]
    assert run(db_path, "pin", "--event", demo_slug, *conflict.sessions) == 0
    assert "2 sessions pinned" in capsys.readouterr().out
    assert run(db_path, "schedule", "--event", demo_slug, "--mode", "repair", "--time-limit", "1") == 1
    assert "1 error conflicts remain" in capsys.readouterr().out
    assert run(db_path, "pin", "--event", demo_slug, "--room-only", conflict.sessions[0]) == 0
    assert run(db_path, "pin", "--event", demo_slug, "--off", conflict.sessions[1]) == 0
    with Store.open(db_path) as store:
        pins = {s.guid: s.pin for s in store.load(demo_slug).sessions}
    assert pins[conflict.sessions[0]] == Pin.ROOM and pins[conflict.sessions[1]] == Pin.NONE
    assert run(db_path, "schedule", "--event", demo_slug, "--mode", "repair", "--time-limit", "1") == 0


def test_place_lists_what_it_could_not_place(
    db_path: Path, demo_slug: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with Store.open(db_path) as store:
        schedule = store.load(demo_slug)
        s = schedule.sessions[0]
        s.start, s.room, s.duration_minutes = None, None, 3000
        store.apply(demo_slug, edits.save_sessions(store.load(demo_slug), [s]))
    status = run(db_path, "schedule", "--event", demo_slug, "--json", "--time-limit", "1")
    data = json.loads(capsys.readouterr().out)
    assert status == 1
    assert [u["guid"] for u in data["unplaced"]] == [s.guid]
    assert data["unplaced"][0]["reason"].startswith("it lasts 3000 min, longer than an event day")


def test_bad_input_exits_2(db_path: Path, demo_slug: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(db_path, "schedule", "--event", "nope") == 2
    assert "nope" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:
        run(db_path, "schedule", "--event", demo_slug, "--mode", "shuffle")
    assert exc.value.code == 2
    with pytest.raises(SystemExit) as exc:
        run(db_path, "schedule", "--event", demo_slug, "--time-limit", "-3")
    assert exc.value.code == 2
    assert run(db_path, "pin", "--event", demo_slug, "no-such-guid") == 2
    assert "has no session no-such-guid" in capsys.readouterr().err
