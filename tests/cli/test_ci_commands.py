"""``.ci/run`` fails, never skips, when a command is missing from the frozen program
(issue 12). The check itself is run here against the program from source (every
command present: passes) and against a program without ``event`` (fails, naming it)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def _check_block() -> str:
    m = re.search(r"^require_command\(\) \{.*?^done$", SCRIPT, re.S | re.M)
    assert m, "the command check is missing from .ci/run"
    return m.group(0)


def _run_check(planner: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    script = (
        "set -euo pipefail\n"
        "fail() { printf 'FAIL package: %s\\n' \"$*\" >&2; exit 1; }\n"
        f"PLANNER={planner}\n" + _check_block() + "\necho all commands present\n"
    )
    env = dict(os.environ, PYTHONPATH=str(ROOT), HOME=str(tmp_path))
    return subprocess.run(["bash", "-c", script], capture_output=True, text=True, env=env, timeout=300)


def test_no_check_of_the_frozen_program_skips_itself() -> None:
    assert "SKIPPED" not in SCRIPT and "has_command" not in SCRIPT


def test_every_listed_command_exists_in_the_program(tmp_path: Path) -> None:
    planner = tmp_path / "planner"
    planner.write_text(f'#!/bin/sh\nexec {sys.executable} -m planner "$@"\n')
    planner.chmod(0o755)
    r = _run_check(planner, tmp_path)
    assert r.returncode == 0 and "all commands present" in r.stdout, r.stderr


def test_a_missing_command_fails_the_run(tmp_path: Path) -> None:
    planner = tmp_path / "planner"
    planner.write_text(f'#!/bin/sh\n[ "$1" = event ] && exit 2\nexec {sys.executable} -m planner "$@"\n')
    planner.chmod(0o755)
    r = _run_check(planner, tmp_path)
    assert r.returncode == 1 and "all commands present" not in r.stdout
    assert "FAIL package: 'planner event show' is missing from the frozen program" in r.stderr
