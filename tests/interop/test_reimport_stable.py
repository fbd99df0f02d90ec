"""Issue 13, item 1: re-importing an unchanged file reports no differences, also when
the file lists one submission in several slots under one guid (frab XML) or one UID
(a camp's iCalendar feed); and a re-import never detaches what the organiser added to
the sessions (attendance, ratings, checklists, acknowledgements)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from planner import edits
from planner.cli import main
from planner.interop import read
from planner.interop.diff import diff_schedules
from planner.store import Store

DATA = Path(__file__).resolve().parents[1] / "data" / "interop"
SHARED_GUID_FILES = ["schedule.xml", "camp.ics"]


@pytest.mark.parametrize("name", SHARED_GUID_FILES)
def test_slots_sharing_a_guid_get_the_same_guids_on_every_read(name: str) -> None:
    first, second = read(DATA / name), read(DATA / name)
    assert first.report.adjusted["duplicate guid"]  # the fixture has slots under one guid
    guids = [s.guid for s in first.schedule.sessions]
    assert len(set(guids)) == len(guids)
    assert guids == [s.guid for s in second.schedule.sessions]
    # the replacement is made from the slot (guid, start, room), not from the order
    copy_ = DATA / name
    assert diff_schedules(first.schedule, read(copy_).schedule).empty


def test_the_file_name_does_not_change_the_slot_guids(tmp_path: Path) -> None:
    renamed = tmp_path / "feed-downloaded-again.ics"
    renamed.write_bytes((DATA / "camp.ics").read_bytes())
    a, b = read(DATA / "camp.ics").schedule, read(renamed).schedule
    assert sorted(s.guid for s in a.sessions) == sorted(s.guid for s in b.sessions)


def _guids(db: Path, table: str) -> list[str]:
    with sqlite3.connect(db) as conn:
        return [r[0] for r in conn.execute(f"SELECT session_guid FROM {table} ORDER BY session_guid")]


@pytest.mark.parametrize("name", SHARED_GUID_FILES)
def test_reimport_apply_keeps_attendance_ratings_checklists_and_acknowledgements(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "p.sqlite"
    src = DATA / name
    assert main(["--db", str(db), "import", str(src)]) == 0
    slug = capsys.readouterr().out.strip()
    with Store.open(db) as store:
        before = store.load(slug)
        # every slot of the shared guid gets numbers, a rating, a ticked checklist
        for s in before.sessions:
            s.checklist = {"slides received": True}
        store.apply(slug, edits.save_sessions(store.load(slug), before.sessions))
        store.apply(
            slug, edits.acknowledge(store.load(slug), [f"overlap:{before.sessions[0].guid}"], "on purpose")
        )
    attendance = tmp_path / "attendance.csv"
    attendance.write_text(
        "session,registered,attended\n"
        + "".join(f"{s.guid},20,{10 + i}\n" for i, s in enumerate(before.sessions))
    )
    feedback = tmp_path / "feedback.csv"
    feedback.write_text("session,rating\n" + "".join(f"{s.guid},4\n" for s in before.sessions))
    assert main(["--db", str(db), "attendance", "import", "--event", slug, str(attendance)]) == 0
    assert main(["--db", str(db), "feedback", "import", "--event", slug, str(feedback)]) == 0
    capsys.readouterr()

    assert main(["--db", str(db), "reimport", "--event", slug, str(src)]) == 0
    assert capsys.readouterr().out.splitlines()[0] == "no differences"
    assert main(["--db", str(db), "reimport", "--event", slug, str(src), "--apply"]) == 0
    capsys.readouterr()

    with Store.open(db) as store:
        after = store.load(slug)
    guids = sorted(s.guid for s in before.sessions)
    assert sorted(s.guid for s in after.sessions) == guids
    assert _guids(db, "attendance") == guids
    assert _guids(db, "feedback") == guids
    assert all(s.checklist == {"slides received": True} for s in after.sessions)
    assert [a.key for a in after.acknowledgements] == [f"overlap:{before.sessions[0].guid}"]


def test_a_changed_slot_is_one_change_and_the_others_keep_their_guids(tmp_path: Path) -> None:
    current = read(DATA / "camp.ics").schedule
    changed = tmp_path / "camp.ics"
    text = (DATA / "camp.ics").read_text()
    changed.write_text(text.replace("SUMMARY:Kids soldering", "SUMMARY:Kids soldering (full)"))
    d = diff_schedules(current, read(changed).schedule)
    assert d.counts() == {"added": 0, "removed": 0, "moved": 0, "retimed": 0, "renamed": 1}
