"""Opening the window loads only what its first paint needs: guards of start-up time.

Each check runs in a fresh interpreter, where sys.modules shows what was imported.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Loaded on first use, never on the way to the first paint.
HEAVY = (
    "reportlab",
    "qrcode",
    "PIL",
    "sqlmodel",
    "sqlalchemy",
    "logging.handlers",
    "planner.interop",
    "planner.edits",  # edits as data: imported at the first edit
    "planner.store.writer",
    "planner.ui.history_view",
    "planner.commands.people",
    "planner.domain.conflicts",
    "pycrdt",  # team editing: imported when a share command runs
    "planner.team",
    "planner.ui.conflicts_panel",
    "planner.ui.people",
    "planner.ui.analytics_view",
    "planner.ui.run_of_show_view",
    "ortools",
    "planner.domain.arrange",
)


def loaded_after(code: str, tmp_path: Path) -> list[str]:
    probe = code + f"\nimport json, sys\nprint(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))\n"
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        PYTHONPATH=str(ROOT),
        HOME=str(tmp_path),
        XDG_DATA_HOME=str(tmp_path / "data"),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, timeout=120, check=True
    ).stdout
    return list(json.loads(out.strip().splitlines()[-1]))


def test_the_window_options_need_no_command_module(tmp_path: Path) -> None:
    code = (
        "from planner.cli import _parse\n"
        "parser, args = _parse(['--db', 'x.sqlite', '--size', '800x600'])\n"
        "assert args.command is None and args.size == (800, 600)\n"
    )
    assert loaded_after(code, tmp_path) == []


def test_a_command_still_finds_its_module(tmp_path: Path) -> None:
    code = (
        "from planner.cli import _parse\n"
        "parser, args = _parse(['qr-sheet', '--event', 'e', '--out', 'x.pdf', '--layout', 'badges-2x2'])\n"
        "assert args.command == 'qr-sheet' and args.layout == 'badges-2x2'\n"
    )
    loaded = loaded_after(code, tmp_path)
    assert "planner.commands.people" in loaded
    # The libraries that draw codes and sheets wait until a sheet is made.
    assert not {"reportlab", "qrcode", "PIL", "sqlmodel", "sqlalchemy"} & set(loaded)


def test_create_window_loads_nothing_its_first_paint_does_not_need(tmp_path: Path) -> None:
    db = tmp_path / "demo.sqlite"
    env = dict(os.environ, PYTHONPATH=str(ROOT), HOME=str(tmp_path))
    subprocess.run(
        [sys.executable, "-m", "planner", "--db", str(db), "demo"],
        check=True,
        env=env,
        capture_output=True,
        timeout=120,
    )
    code = (
        "from planner.app import create_window, ensure_app\n"
        "ensure_app()\n"
        f"w = create_window({str(db)!r})\n"
        "assert w.document is not None and len(w.schedule_view.timeline.blocks) > 10\n"
    )
    assert loaded_after(code, tmp_path) == []


def test_a_bad_window_option_gets_the_whole_usage(tmp_path: Path) -> None:
    env = dict(os.environ, PYTHONPATH=str(ROOT), HOME=str(tmp_path), QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, "-m", "planner", "--size", "10x10"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 2
    assert "COMMAND ..." in done.stderr
    assert "width and height must be between 200 and 10000" in done.stderr
    assert "Traceback" not in done.stderr
