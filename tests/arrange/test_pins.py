"""Pins are stored, loaded, migrated and carried through CSV (the one format with a field for them)."""

from __future__ import annotations

import csv
import sqlite3
from pathlib import Path

from planner import edits
from planner.demo import demo_schedule
from planner.domain.model import Pin
from planner.interop import read, write
from planner.store import Store
from planner.store.migrations import CURRENT_VERSION


def test_pins_are_saved_and_loaded(tmp_path: Path) -> None:
    demo = demo_schedule()
    demo.sessions[0].pin = Pin.FULL
    demo.sessions[1].pin = Pin.ROOM
    with Store.open(tmp_path / "p.sqlite") as store:
        slug = store.add_schedule(demo)
        back = store.load(slug).session_by_guid()
        assert back[demo.sessions[0].guid].pin == Pin.FULL
        assert back[demo.sessions[1].guid].pin == Pin.ROOM
        assert back[demo.sessions[2].guid].pin == Pin.NONE
        s = back[demo.sessions[0].guid]
        s.pin = Pin.NONE
        store.apply(slug, edits.save_sessions(store.load(slug), [s]))
        assert store.load(slug).session_by_guid()[s.guid].pin == Pin.NONE


def test_an_older_store_gains_unpinned_sessions(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    with Store.open(path) as store:
        slug = store.add_schedule(demo_schedule())
    conn = sqlite3.connect(path)
    conn.execute("ALTER TABLE session DROP COLUMN pinned")
    conn.execute(f"PRAGMA user_version = {CURRENT_VERSION - 1}")
    conn.commit()
    conn.close()
    with Store.open(path) as store:
        assert {s.pin for s in store.load(slug).sessions} == {Pin.NONE}


def test_csv_keeps_pins(tmp_path: Path) -> None:
    demo = demo_schedule()
    demo.sessions[0].pin = Pin.FULL
    demo.sessions[1].pin = Pin.ROOM
    out = tmp_path / "pins.csv"
    write(demo, out, "csv")
    rows = list(csv.DictReader(out.read_text(encoding="utf-8-sig").splitlines()))
    cells = {r["guid"]: r["pinned"] for r in rows}
    assert cells[demo.sessions[0].guid] == "yes" and cells[demo.sessions[1].guid] == "room"
    back = read(out, tz=demo.event.timezone).schedule.session_by_guid()
    assert back[demo.sessions[0].guid].pin == Pin.FULL
    assert back[demo.sessions[1].guid].pin == Pin.ROOM
    assert back[demo.sessions[2].guid].pin == Pin.NONE


def test_a_bad_pin_cell_is_reported_and_not_pinned(tmp_path: Path) -> None:
    p = tmp_path / "bad.csv"
    p.write_text("date,start,duration,room,title,pinned\n2026-05-01,10:00,30,A,Talk,maybe\n")
    result = read(p, tz="UTC")
    assert result.schedule.sessions[0].pin == Pin.NONE
    assert any("bad.csv:2: pinned: 'maybe'" in r for r in result.report.refused)
