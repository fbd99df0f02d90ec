"""One CSV writer for every CSV planner writes, and every one of them guarded against
formula injection (issue 13, item 11: reminders.csv was not)."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from planner.cli import main
from planner.csvwrite import csv_text, safe_cell, unguard, write_csv
from planner.domain.model import Event, Person, PersonRole, Room, Schedule, Session
from planner.store import Store

EVIL = ['=HYPERLINK("http://x")', "+1+1", "-2", "@SUM(A1)", "\tTAB", "\rCR", "'=quoted"]


@pytest.mark.parametrize("value", [*EVIL, "plain", "", "a=b", "'plain"])
def test_safe_cell_guards_and_unguard_gives_it_back(value: str) -> None:
    cell = safe_cell(value)
    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert unguard(cell) == value


def test_csv_text_is_crlf_and_quoted() -> None:
    text = csv_text(["a", "b"], [["x,y", "=1"]])
    assert text == 'a,b\r\n"x,y",\'=1\r\n'


def test_write_csv_writes_whole_with_bom(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    path = tmp_path / "out" / "x.csv"
    write_csv(path, ["name"], [["Ana"]])
    assert path.read_bytes() == b"\xef\xbb\xbfname\r\nAna\r\n"
    assert [p.name for p in path.parent.iterdir()] == ["x.csv"]  # no scratch file left


def _evil_event(db_path: Path) -> str:
    ev = Event(
        "Evil",
        date(2026, 5, 4),
        date(2026, 5, 4),
        timezone="UTC",
        invite_base_url="https://ex.org/e",
    )
    room = Room("=Room")
    people = [
        Person(name, f"p{i}@example.org", organisation=name, role=PersonRole.SPEAKER)
        for i, name in enumerate(EVIL)
    ]
    sessions = [
        Session(
            title=name,
            start=datetime(2026, 5, 4, 9 + i, tzinfo=UTC),
            room=room.guid,
            speakers=[people[i].guid],
            track=name,
            description=name,
        )
        for i, name in enumerate(EVIL)
    ]
    with Store.open(db_path) as store:
        return store.add_schedule(Schedule(ev, [room], sessions, people))


def _cells(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8-sig")
    return [c for row in csv.reader(io.StringIO(text, newline="")) for c in row]


def test_every_csv_planner_writes_is_guarded(db_path: Path, tmp_path: Path) -> None:
    slug = _evil_event(db_path)
    db = ["--db", str(db_path)]
    schedule_csv, people_csv, invites_csv = tmp_path / "s.csv", tmp_path / "p.csv", tmp_path / "i.csv"
    assert main([*db, "export", "--event", slug, "--format", "csv", "--out", str(schedule_csv)]) == 0
    assert main([*db, "people", "export", "--event", slug, "--out", str(people_csv)]) == 0
    assert main([*db, "invites", "--event", slug, "--out", str(invites_csv)]) == 0
    assert main([*db, "reminders", "--event", slug, "--out", str(tmp_path / "rem")]) == 0
    for path in (schedule_csv, people_csv, invites_csv, tmp_path / "rem" / "reminders.csv"):
        cells = _cells(path)
        bad = [c for c in cells if c.startswith(("=", "+", "-", "@", "\t", "\r"))]
        assert not bad, f"{path.name}: {bad}"
        # and every name is there, guarded (or, in the reminders, inside a longer cell)
        assert any(c.startswith("'=HYPERLINK") for c in cells), path.name
        assert path.read_bytes().startswith(b"\xef\xbb\xbf"), path.name


def test_guarded_cells_come_back_on_import(db_path: Path, tmp_path: Path) -> None:
    slug = _evil_event(db_path)
    out = tmp_path / "s.csv"
    assert main(["--db", str(db_path), "export", "--event", slug, "--format", "csv", "--out", str(out)]) == 0
    assert main(["--db", str(db_path), "import", str(out), "--tz", "UTC"]) == 0
    with Store.open(db_path) as store:
        slugs = [e.slug for e in store.list_events()]
        back = store.load(next(s for s in slugs if s != slug))
    # the reader strips the cells' surrounding white space, so \t and \r lead no title
    expected = sorted(v.strip() for v in EVIL)
    assert sorted(s.title for s in back.sessions) == expected
