"""Attendance and feedback CSV imports: matched by guid or title, bad rows reported with
file, line and field, and nothing saved when any row is bad."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner import edits
from planner.afterwards import attendance, feedback
from planner.afterwards.csvread import CsvImportError
from planner.domain.model import Schedule
from planner.errors import UserError
from planner.store import Store
from planner.store.day_record import load_attendance, load_feedback
from tests.event_day.helpers import by_title


def write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_attendance_by_guid_and_title(tmp_path: Path, small: Schedule) -> None:
    deep = by_title(small, "Deep dive")
    f = write(
        tmp_path,
        "att.csv",
        "Session,Registered,Attended,Peak viewers,Average minutes watched\n"
        f"{deep.guid},120,95,90,41.5\n"
        'opening,80,"1,070",,\n',
    )
    rows = attendance.read(f, small)
    got = {r.session: r for r in rows}
    assert got[deep.guid].attended == 95 and got[deep.guid].avg_minutes == 41.5
    opening = by_title(small, "Opening")
    assert got[opening.guid].attended == 1070 and got[opening.guid].peak_viewers is None


def test_attendance_bad_rows_are_all_reported(tmp_path: Path, small: Schedule) -> None:
    f = write(
        tmp_path,
        "att.csv",
        "session;registered;attended\n"
        "Opening;80;70\n"
        "No such talk;10;5\n"
        "Deep dive;many;5\n"
        "Opening;1;1\n"
        "Panel;10;-3\n",
    )
    with pytest.raises(CsvImportError) as info:
        attendance.read(f, small)
    err = info.value
    assert [(p.line, p.field) for p in err.problems] == [
        (3, "session"),
        (4, "registered"),
        (5, "session"),
        (6, "attended"),
    ]
    text = str(err)
    assert str(f) in text and "line 3, session: no session has the guid or title “No such talk”" in text
    assert "already on line 2" in text and "nothing was imported" in text


def test_missing_column_and_empty_file(tmp_path: Path, small: Schedule) -> None:
    with pytest.raises(UserError, match="lacks the column “attended”"):
        attendance.read(write(tmp_path, "a.csv", "session,registered\nOpening,3\n"), small)
    with pytest.raises(UserError, match="empty"):
        attendance.read(write(tmp_path, "b.csv", "\n"), small)


def test_feedback_ratings_checked(tmp_path: Path, small: Schedule) -> None:
    ok = write(tmp_path, "fb.csv", "session,rating,comment\nOpening,5,Great start\nPanel,3,\n")
    items = feedback.read(ok, small)
    assert [(i.rating, i.comment) for i in items] == [(5, "Great start"), (3, "")]
    bad = write(
        tmp_path, "fb2.csv", "session,rating,comment\nOpening,6,\nPanel,,x\nPanel,4.5,\nPanel,4,fine\n"
    )
    with pytest.raises(CsvImportError) as info:
        feedback.read(bad, small)
    assert [(p.line, p.field) for p in info.value.problems] == [(2, "rating"), (3, "rating"), (4, "rating")]


def test_store_round_trip_and_replace(store: Store, small: Schedule, tmp_path: Path) -> None:
    slug = store.add_schedule(small)
    f = write(tmp_path, "att.csv", "session,registered,attended\nOpening,80,70\nPanel,50,45\n")
    store.apply(slug, edits.import_attendance(load_attendance(store, slug), attendance.read(f, small)))
    f2 = write(tmp_path, "att2.csv", "session,registered,attended\nPanel,50,48\n")
    store.apply(slug, edits.import_attendance(load_attendance(store, slug), attendance.read(f2, small)))
    got = {a.session: a.attended for a in load_attendance(store, slug)}
    assert got == {by_title(small, "Opening").guid: 70, by_title(small, "Panel").guid: 48}
    fb = write(tmp_path, "fb.csv", "session,rating\nOpening,5\nOpening,4\n")
    store.apply(slug, edits.import_feedback(load_feedback(store, slug), feedback.read(fb, small)))
    # the same form again: not twice
    store.apply(slug, edits.import_feedback(load_feedback(store, slug), feedback.read(fb, small)))
    assert sorted(f.rating for f in load_feedback(store, slug)) == [4, 5]
    store.apply(
        slug, edits.import_feedback(load_feedback(store, slug), feedback.read(fb, small), replace=False)
    )
    assert len(load_feedback(store, slug)) == 4


def test_attendance_reads_windows_1252_with_semicolons(tmp_path: Path, small: Schedule) -> None:
    """A spreadsheet's 'CSV' in Windows-1252 is read like every other CSV import reads it."""
    deep = by_title(small, "Deep dive")
    f = tmp_path / "att.csv"
    f.write_bytes(
        "session;registered;attended;note\n".encode("cp1252") + f"{deep.guid};120;95;Café\n".encode("cp1252")
    )
    (row,) = attendance.read(f, small)
    assert (row.session, row.registered, row.attended) == (deep.guid, 120, 95)
