"""planner import / export / reimport on real files, and the re-import diff."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.cli import main
from planner.interop import read
from planner.interop.diff import diff_schedules
from planner.store import Store


def test_import_prints_slug_and_report_then_export(
    schedules_dir: Path, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = schedules_dir / "fosdem-2021-schedule.xml"
    assert (
        main(["--db", str(db_path), "import", str(src), "--tz", "Europe/Brussels", "--name", "FOSDEM 2021"])
        == 0
    )
    captured = capsys.readouterr()
    assert captured.out.strip() == "fosdem-2021"
    assert "Europe/Brussels (given with --tz)" in captured.err
    assert "empty room" in captured.err
    for fmt, name in (
        ("frab-xml", "o.xml"),
        ("schedule-json", "o.json"),
        ("csv", "o.csv"),
        ("ics", "o.ics"),
        ("pdf", "o.pdf"),
    ):
        out = tmp_path / name
        assert (
            main(
                ["--db", str(db_path), "export", "--event", "fosdem-2021", "--format", fmt, "--out", str(out)]
            )
            == 0
        ), capsys.readouterr().err
        assert out.stat().st_size > 1000


def test_ics_for_one_room_and_one_person(db_path: Path, tmp_path: Path) -> None:
    assert main(["--db", str(db_path), "demo"]) == 0
    from planner.store import Store

    with Store.open(db_path) as s:
        slug = s.list_events()[0].slug
        demo = s.load(slug)
    room = demo.sorted_rooms()[0]
    person = demo.person_by_guid()[next(x for x in demo.sessions if x.speakers).speakers[0]]
    out = tmp_path / "room.ics"
    assert (
        main(
            [
                "--db",
                str(db_path),
                "export",
                "--event",
                slug,
                "--format",
                "ics",
                "--out",
                str(out),
                "--room",
                room.name.upper(),
            ]
        )
        == 0
    )
    assert {r.name for r in read(out).schedule.rooms} == {room.name}
    out = tmp_path / "person.ics"
    assert (
        main(
            [
                "--db",
                str(db_path),
                "export",
                "--event",
                slug,
                "--format",
                "ics",
                "--out",
                str(out),
                "--person",
                person.name,
            ]
        )
        == 0
    )
    mine = [x for x in demo.sessions if person.guid in x.speakers + x.moderators and x.start]
    assert len(read(out).schedule.sessions) == len(mine)


def test_unknown_event_is_one_sentence(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        main(
            [
                "--db",
                str(db_path),
                "export",
                "--event",
                "nope",
                "--format",
                "csv",
                "--out",
                str(tmp_path / "x.csv"),
            ]
        )
        == 1
    )
    assert "no event 'nope'" in capsys.readouterr().err


@pytest.mark.slow
def test_39c3_early_against_everything(schedules_dir: Path, store: Store) -> None:
    early = read(schedules_dir / "39c3-schedule-early-2025-12-06.xml").schedule
    slug = store.add_schedule(early)
    current = store.load(slug)
    newer = read(schedules_dir / "39c3-everything-schedule.xml").schedule
    d = diff_schedules(current, newer)
    counts = d.counts()
    assert counts["added"] == 895 - 215 + counts["removed"]
    assert counts["removed"] > 0 and counts["moved"] > 0 and counts["retimed"] > 0 and counts["renamed"] > 0
    renamed = d.of("renamed")
    assert any(c.before != c.after for c in renamed)
    from planner.interop.diff import apply_diff

    apply_diff(store, slug, current, newer, d)
    after = store.load(slug)
    assert len(after.sessions) == 895
    assert diff_schedules(after, newer).empty
