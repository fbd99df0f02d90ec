"""``planner --screenshot`` prints nothing but the file's name: the offscreen platform's
"propagateSizeHints" message (three times before) is dropped, and only that one
(issue 13, item 24)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _run(code_or_args: list[str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), HOME=str(tmp_path), XDG_DATA_HOME=str(tmp_path / "d"))
    env.pop("QT_QPA_PLATFORM", None)
    return subprocess.run(
        [sys.executable, *code_or_args], capture_output=True, text=True, env=env, timeout=120, cwd=tmp_path
    )


def test_screenshot_prints_only_the_file(tmp_path: Path) -> None:
    shot = tmp_path / "main.png"
    r = _run(["-m", "planner", "--db", str(tmp_path / "p.sqlite"), "--screenshot", str(shot)], tmp_path)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == str(shot) and shot.stat().st_size > 10_000
    assert "propagateSizeHints" not in r.stderr and r.stderr.strip() == "", r.stderr


def test_other_qt_messages_still_reach_stderr(tmp_path: Path) -> None:
    code = (
        "import os; os.environ['QT_QPA_PLATFORM'] = 'offscreen'\n"
        "from planner.app import ensure_app, quiet_size_hints\n"
        "from PySide6.QtCore import qWarning\n"
        "from PySide6.QtWidgets import QWidget\n"
        "app = ensure_app(offscreen=True)\n"
        "with quiet_size_hints():\n"
        "    w = QWidget(); w.show(); app.processEvents()\n"
        "    qWarning('another message')\n"
    )
    r = _run(["-c", code], tmp_path)
    assert r.returncode == 0, r.stderr
    # the window's size-hints message is dropped, the other message is not
    assert r.stderr.strip().splitlines() == ["another message"], r.stderr
