"""Export errors name the user's path, never a scratch file; a device or a pipe is never
replaced by a file (issue 13, item 10); every PDF carries the time it was written
(item 24: the QR sheet said 2000)."""

from __future__ import annotations

import os
import re
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from planner.cli import main
from planner.demo import add_demo
from planner.store import Store


@pytest.fixture
def demo(db_path: Path) -> str:
    with Store.open(db_path) as store:
        return add_demo(store)


def _commands(slug: str, target: Path) -> list[list[str]]:
    t = str(target)
    exports = [
        ["export", "--event", slug, "--format", f, "--out", t]
        for f in ("frab-xml", "schedule-json", "ics", "csv", "pdf")
    ]
    return [
        *exports,
        ["people", "export", "--event", slug, "--out", t],
        ["invites", "--event", slug, "--out", t],
        ["qr-sheet", "--event", slug, "--out", t],
        ["report", "--event", slug, "--out", t],
    ]


def test_a_folder_as_target_names_the_folder(
    db_path: Path, tmp_path: Path, demo: str, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "out.pdf"
    target.mkdir()
    for argv in _commands(demo, target):
        assert main(["--db", str(db_path), *argv]) == 1, argv
        err = capsys.readouterr().err.strip().splitlines()[-1]
        assert err.startswith(f"planner: error: {target}: "), (argv, err)
        assert ".part" not in err and ".qr-sheet" not in err and "->" not in err, (argv, err)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "home") == ["out.pdf", "planner.sqlite"]


def test_a_pipe_or_device_is_never_replaced(
    db_path: Path, tmp_path: Path, demo: str, capsys: pytest.CaptureFixture[str]
) -> None:
    fifo = tmp_path / "pipe.pdf"
    os.mkfifo(fifo)
    for argv in _commands(demo, fifo):
        assert main(["--db", str(db_path), *argv]) == 1, argv
        err = capsys.readouterr().err.strip().splitlines()[-1]
        assert err == f"planner: error: {fifo}: is not a regular file (a device or a pipe); give a file name"
        assert stat.S_ISFIFO(os.stat(fifo).st_mode), argv  # still the pipe
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def _creation_date(pdf: bytes) -> datetime:
    m = re.search(rb"/CreationDate \(D:(\d{14})([+-]\d\d)'(\d\d)'\)", pdf)
    assert m, pdf[-600:]
    local = datetime.strptime(m.group(1).decode(), "%Y%m%d%H%M%S")
    sign = -1 if m.group(2).startswith(b"-") else 1
    offset = timedelta(hours=int(m.group(2)[1:]), minutes=int(m.group(3))) * sign
    return (local - offset).replace(tzinfo=UTC)


def test_every_pdf_says_when_it_was_written(db_path: Path, tmp_path: Path, demo: str) -> None:
    db = ["--db", str(db_path)]
    before = datetime.now(UTC).replace(microsecond=0) - timedelta(seconds=2)
    outs = {name: tmp_path / f"{name}.pdf" for name in ("programme", "sheet", "report")}
    assert main([*db, "export", "--event", demo, "--format", "pdf", "--out", str(outs["programme"])]) == 0
    assert main([*db, "qr-sheet", "--event", demo, "--role", "speaker", "--out", str(outs["sheet"])]) == 0
    assert main([*db, "report", "--event", demo, "--out", str(outs["report"])]) == 0
    after = datetime.now(UTC) + timedelta(seconds=2)
    for name, path in outs.items():
        assert before <= _creation_date(path.read_bytes()) <= after, name
