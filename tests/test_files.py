from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from planner.domain.model import Event, Schedule
from planner.files import written_whole
from planner.interop import write


@pytest.fixture
def out(tmp_path: Path) -> Path:
    d = tmp_path / "out"
    d.mkdir()
    return d


def test_a_failed_write_keeps_the_earlier_file_and_leaves_no_part(out: Path) -> None:
    target = out / "programme.ics"
    target.write_text("the earlier export")
    with pytest.raises(RuntimeError), written_whole(target) as tmp:
        tmp.write_text("half of the new")
        raise RuntimeError("disk full")
    assert target.read_text() == "the earlier export"
    assert [p.name for p in out.iterdir()] == ["programme.ics"]


def test_a_whole_write_replaces_the_file(out: Path) -> None:
    target = out / "out.csv"
    target.write_text("old")
    with written_whole(target) as tmp:
        tmp.write_text("new")
    assert target.read_text() == "new"
    assert [p.name for p in out.iterdir()] == ["out.csv"]


def test_exports_write_whole_files(out: Path) -> None:
    sched = Schedule(Event(name="Tiny", first_day=date(2026, 1, 1), last_day=date(2026, 1, 1)))
    for fmt, name in (
        ("frab-xml", "s.xml"),
        ("schedule-json", "s.json"),
        ("ics", "s.ics"),
        ("csv", "s.csv"),
        ("pdf", "s.pdf"),
    ):
        write(sched, out / name, fmt)
    assert sorted(p.name for p in out.iterdir()) == ["s.csv", "s.ics", "s.json", "s.pdf", "s.xml"]


def test_errors_name_the_target_not_the_scratch_file(out: Path) -> None:
    target = out / "missing-dir" / "x.ics"
    with pytest.raises(OSError) as info, written_whole(target) as tmp:
        tmp.write_text("x")
    assert info.value.filename == str(target)
