"""The log file is bounded across runs: rotated at start once it grows too large."""

from __future__ import annotations

from pathlib import Path

from planner.logs import rotate


def test_small_log_is_left_alone(tmp_path: Path) -> None:
    log = tmp_path / "planner.log"
    log.write_text("a line\n", encoding="utf-8")
    assert not rotate(log, max_bytes=100)
    assert log.read_text(encoding="utf-8") == "a line\n"
    assert not rotate(tmp_path / "absent.log", max_bytes=100)


def test_large_log_moves_along_and_the_oldest_is_dropped(tmp_path: Path) -> None:
    logs = tmp_path / "logs"
    logs.mkdir()
    log = logs / "planner.log"
    for run in range(5):
        log.write_text(f"run {run}\n" * 50, encoding="utf-8")
        assert rotate(log, max_bytes=100, keep=3)
        assert not log.exists()
    kept = sorted(p.name for p in logs.iterdir())
    assert kept == ["planner.log.1", "planner.log.2", "planner.log.3"]
    assert (logs / "planner.log.1").read_text(encoding="utf-8").startswith("run 4")
    assert (logs / "planner.log.3").read_text(encoding="utf-8").startswith("run 2")
