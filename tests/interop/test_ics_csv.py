"""iCalendar and CSV: the quirks of real feeds and spreadsheets."""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path

from planner.demo import demo_schedule
from planner.domain.model import UTC
from planner.interop import read, write
from planner.interop.csv_format import neutralise


def test_jres_folds_inside_utf8_and_tzid_without_vtimezone(schedules_dir: Path) -> None:
    result = read(schedules_dir / "jres-2022-schedule.ics")
    s = result.schedule
    assert len(s.sessions) == 120
    assert s.event.timezone == "Europe/Paris"
    assert result.report.adjusted["TZID without VTIMEZONE"]
    text = " ".join(x.title + x.description for x in s.sessions)
    assert "\ufffd" not in text  # no character broken by a fold
    assert "é" in text
    first = next(x for x in s.sessions if x.title == "Accueil congressistes")
    assert first.start == datetime(2022, 5, 17, 9, 0, tzinfo=UTC)
    # accent variants of one room are merged
    names = {r.name for r in s.rooms}
    assert not {"Amphithéâtre Callelongue", "Amphithéatre Callelongue"} <= names


def test_lca_several_rooms_and_no_location(schedules_dir: Path) -> None:
    result = read(schedules_dir / "linux-conf-au-2020-schedule.ics")
    assert len(result.schedule.sessions) == 262
    assert result.schedule.event.timezone == "Australia/Brisbane"
    several = result.report.adjusted["several rooms in one LOCATION (the first used)"]
    assert several and "Room 8" in several[0]
    assert len(result.report.adjusted["no LOCATION (kept without a room)"]) == 17


def test_kielux_attendees_become_speakers(schedules_dir: Path) -> None:
    s = read(schedules_dir / "kielux-2020-schedule.ics").schedule
    assert len(s.sessions) == 24
    assert "Jakob Semere" in {p.name for p in s.people}


def test_ics_export_has_vtimezone_and_reads_back(tmp_path: Path) -> None:
    demo = demo_schedule()
    out = tmp_path / "demo.ics"
    write(demo, out, "ics")
    text = out.read_bytes()
    assert b"BEGIN:VTIMEZONE" in text and f"TZID:{demo.event.timezone}".encode() in text
    assert all(len(line) <= 75 for line in text.split(b"\r\n"))
    back = read(out).schedule
    placed = [x for x in demo.sessions if x.start is not None]
    assert sorted((x.title, x.start) for x in back.sessions) == sorted((x.title, x.start) for x in placed)
    room = demo.sorted_rooms()[0]
    write(demo, tmp_path / "room.ics", "ics", room=room.guid)
    only = read(tmp_path / "room.ics").schedule
    assert {r.name for r in only.rooms} == {room.name}


def test_csv_round_trip_and_formula_cells(tmp_path: Path) -> None:
    demo = demo_schedule()
    demo.sessions[0].title = '=HYPERLINK("http://evil")'
    demo.sessions[1].description = "@SUM(A1:A2)"
    out = tmp_path / "demo.csv"
    write(demo, out, "csv")
    rows = list(csv.reader(out.read_text(encoding="utf-8-sig").splitlines()))
    cells = [c for row in rows for c in row]
    assert not any(c[:1] in ("=", "+", "-", "@") for c in cells)
    back = read(out, tz=demo.event.timezone).schedule
    assert {x.title for x in back.sessions} == {x.title for x in demo.sessions}
    assert {x.guid for x in back.sessions} == {x.guid for x in demo.sessions}


def test_csv_semicolons_cp1252_and_duration(tmp_path: Path) -> None:
    p = tmp_path / "excel.csv"
    p.write_bytes(
        "Datum;Start;Duration;Room;Title;Speakers\r\n"
        "01.05.2026;10:00;45;Saal A;Café und Kuchen;Zoë; Jürgen\r\n".encode("cp1252")
    )
    result = read(p, tz="Europe/Berlin")
    (s,) = result.schedule.sessions
    assert s.title == "Café und Kuchen"
    assert s.start == datetime(2026, 5, 1, 8, 0, tzinfo=UTC)
    assert s.duration_minutes == 45
    assert "Windows-1252" in result.report.adjusted["encoding"][0]


def test_neutralise() -> None:
    assert neutralise("=1+1") == "'=1+1"
    assert neutralise("-x") == "'-x"
    assert neutralise("plain") == "plain"
