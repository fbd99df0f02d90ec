from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from planner import __version__
from planner.cli import main

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    e = dict(os.environ, PYTHONPATH=str(ROOT))
    if env is not None:
        e.update(env)
    return subprocess.run(
        [sys.executable, "-m", "planner", *args], capture_output=True, text=True, env=e, timeout=120
    )


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0
    assert capsys.readouterr().out.strip() == f"planner {__version__}"


def test_demo_and_events(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(db_path), "events"]) == 0
    assert "no events yet" in capsys.readouterr().out
    assert main(["--db", str(db_path), "demo"]) == 0
    assert capsys.readouterr().out.strip() == "winter-gala-2026"
    assert main(["--db", str(db_path), "demo"]) == 0
    assert capsys.readouterr().out.strip() == "winter-gala-2026-2"
    assert main(["--db", str(db_path), "events"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 2
    assert lines[0].split()[0] == "winter-gala-2026"
    assert "4 rooms" in lines[0] and "21 sessions" in lines[0] and "2026-12-12" in lines[0]


def test_planner_db_environment_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "elsewhere" / "mine.sqlite"
    monkeypatch.setenv("PLANNER_DB", str(target))
    assert main(["demo"]) == 0
    assert target.exists()


def test_bad_database_is_one_sentence_on_stderr(tmp_path: Path) -> None:
    bad = tmp_path / "bad.sqlite"
    bad.write_text("hello")
    r = run("--db", str(bad), "events")
    assert r.returncode == 1
    assert r.stderr.startswith("planner: error: ") and "not a planner database" in r.stderr
    assert "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    assert bad.read_text() == "hello"


def test_no_display_says_so_and_names_alternatives(tmp_path: Path) -> None:
    env = {"QT_QPA_PLATFORM": "", "DISPLAY": "", "WAYLAND_DISPLAY": ""}
    r = run("--db", str(tmp_path / "p.sqlite"), env=env)
    assert r.returncode == 2
    assert "no display" in r.stderr and "xvfb-run" in r.stderr and "--screenshot" in r.stderr
    assert "Traceback" not in r.stderr and "Aborted" not in r.stderr


@pytest.mark.slow
def test_screenshot_renders_the_window_offscreen(tmp_path: Path) -> None:
    out = tmp_path / "shots" / "main.png"
    r = run(
        "--db",
        str(tmp_path / "p.sqlite"),
        "--screenshot",
        str(out),
        "--size",
        "1200x800",
        env={"QT_QPA_PLATFORM": ""},
    )
    assert r.returncode == 0, r.stderr
    img = Image.open(out)
    assert img.size == (1200, 800)
    # Not a blank image: the window has text and frames in several colours.
    assert len(img.convert("RGB").getcolors(maxcolors=1_000_000) or []) > 20


def test_bad_size_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--screenshot", "x.png", "--size", "huge"])
    assert exc.value.code == 2
    assert "not a size like 1400x900" in capsys.readouterr().err


def test_a_reader_that_stops_early_is_no_error(tmp_path: Path) -> None:
    """`planner events | grep -q x` under pipefail: the reader closes the pipe first."""
    db = str(tmp_path / "p.sqlite")
    assert run("--db", db, "demo").returncode == 0
    harness = (
        "import os, sys; r, w = os.pipe(); os.close(r); os.dup2(w, 1); "
        "from planner.cli import main; sys.exit(main(['--db', sys.argv[1], 'events']))"
    )
    e = dict(os.environ, PYTHONPATH=str(ROOT))
    r = subprocess.run(
        [sys.executable, "-c", harness, db], capture_output=True, text=True, env=e, timeout=120
    )
    assert r.returncode == 0, r.stderr
    assert r.stderr == ""


def test_db_may_follow_the_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "after.sqlite"
    assert main(["demo", "--db", str(db)]) == 0
    assert db.exists()
    capsys.readouterr()
    assert main(["events", "--db", str(db)]) == 0
    assert "winter-gala-2026" in capsys.readouterr().out
    people = tmp_path / "people.csv"
    assert (
        main(["people", "export", "--event", "winter-gala-2026", "--out", str(people), "--db", str(db)]) == 0
    )
    assert people.read_text(encoding="utf-8-sig").startswith("name")


def test_unwritable_output_names_the_file(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(db_path), "demo"]) == 0
    target = "/nonexistent-dir/x.ics"
    assert (
        main(
            [
                "--db",
                str(db_path),
                "export",
                "--event",
                "winter-gala-2026",
                "--format",
                "ics",
                "--out",
                target,
            ]
        )
        == 1
    )
    err = capsys.readouterr().err
    assert err.strip() == f"planner: error: {target}: no such file or directory"
