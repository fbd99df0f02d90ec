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


@pytest.mark.parametrize("command", ["export", "invites", "report"])
def test_an_output_that_is_a_symbolic_link_stays_a_link(
    out: Path, tmp_path: Path, command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--out`` naming a link (into a web root, or /dev/stdout with stdout sent to a file)
    replaced the link with a file of its own and left the file it points to as it was."""
    from planner.cli import main

    db = tmp_path / "p.sqlite"
    assert main(["--db", str(db), "demo"]) == 0
    slug = capsys.readouterr().out.strip()
    real = out / "site" / "file.out"
    real.parent.mkdir()
    real.write_text("the earlier file")
    link = out / "link.out"
    link.symlink_to(Path("site") / "file.out")
    args = {
        "export": ["export", "--event", slug, "--format", "csv"],
        "invites": ["invites", "--event", slug],
        "report": ["report", "--event", slug, "--json"],
    }[command]
    assert main(["--db", str(db), *args, "--out", str(link)]) == 0
    assert link.is_symlink() and link.resolve() == real.resolve()
    assert real.read_text(encoding="utf-8-sig") != "the earlier file"
    assert sorted(p.name for p in out.iterdir()) == ["link.out", "site"]
    assert [p.name for p in real.parent.iterdir()] == ["file.out"]
