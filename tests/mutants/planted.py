"""The seven analytics bugs of issue 12, planted one at a time: each must make the
analytics tests fail.

    python tests/mutants/planted.py          (or: make planted)

Each bug is a text replacement in ``planner/domain/analytics.py`` made in a scratch copy
of the checkout (the working tree is never touched), where the analytics tests then run.
The script prints one line per bug with the number of failing tests, and exits 1 when a
bug survives, when the unchanged copy fails, or when a bug's text is no longer found once
(the code moved on: update the replacement here).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TARGET = Path("planner/domain/analytics.py")
TESTS = [
    "tests/domain/test_analytics.py",
    "tests/event_day/test_report_json.py",
    "tests/event_day/test_commands_report.py",
]

# (name, the text as it is, the text with the bug)
BUGS: list[tuple[str, str, str]] = [
    (
        "capacity with max instead of min",
        "return min(caps) if caps else None",
        "return max(caps) if caps else None",
    ),
    (
        "fill rate halved",
        "return self.attended / self.capacity\n",
        "return self.attended / self.capacity / 2\n",
    ),
    (
        "no-shows always 0",
        "return max(0, self.registered - self.attended)",
        "return 0",
    ),
    (
        "on-time threshold 20 minutes instead of 2",
        "ON_TIME_MINUTES = 2 ",
        "ON_TIME_MINUTES = 20 ",
    ),
    (
        "hours ordered by clock instead of event day",
        "keys = sorted(groups, key=lambda h: (h - first) % 24)",
        "keys = sorted(groups)",
    ),
    (
        "room fill by max instead of mean",
        "peak_viewers=max((r.peak_viewers or 0 for r in items), default=0),\n"
        "                fill_rate=fmean(fills) if fills else None,",
        "peak_viewers=max((r.peak_viewers or 0 for r in items), default=0),\n"
        "                fill_rate=max(fills) if fills else None,",
    ),
    (
        "tracks sorted worst first",
        "return sorted(rows, key=lambda r: (-r[1], r[0]))",
        "return sorted(rows, key=lambda r: (r[1], r[0]))",
    ),
]


def _copy_tree(dest: Path) -> None:
    for name in ("planner", "tests", "resources"):
        shutil.copytree(ROOT / name, dest / name, ignore=shutil.ignore_patterns("__pycache__", "mutants"))
    shutil.copy2(ROOT / "pyproject.toml", dest / "pyproject.toml")


def _pytest(cwd: Path) -> tuple[int, int, str]:
    """Run the analytics tests in ``cwd``; (exit status, failed tests, last line). A run
    that ends without pytest's summary (killed on a loaded machine) is tried once more."""
    status, failed, last = _pytest_once(cwd)
    if not re.search(r"\d+ (passed|failed)", last):
        status, failed, last = _pytest_once(cwd)
    return status, failed, last


def _pytest_once(cwd: Path) -> tuple[int, int, str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONDONTWRITEBYTECODE="1", PYTHONPATH=str(cwd))
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-o", "addopts=", *TESTS],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
    )
    lines = proc.stdout.strip().splitlines()
    last = (
        lines[-1] if lines else (proc.stderr.strip().splitlines() or [f"exit status {proc.returncode}"])[-1]
    )
    m = re.search(r"(\d+) failed", last)
    return proc.returncode, int(m.group(1)) if m else 0, last


def main() -> int:
    source = (ROOT / TARGET).read_text(encoding="utf-8")
    ok = True
    with tempfile.TemporaryDirectory(prefix="planted-") as tmp:
        work = Path(tmp)
        _copy_tree(work)
        # The copy, not the installed checkout, must be what the tests import.
        probe = subprocess.run(
            [sys.executable, "-c", "import planner.domain.analytics as a; print(a.__file__)"],
            cwd=work,
            env=dict(os.environ, PYTHONPATH=str(work)),
            capture_output=True,
            text=True,
        )
        if not probe.stdout.strip().startswith(str(work)):
            print(f"planted: the copy in {work} is not what Python imports ({probe.stdout.strip()})")
            return 1
        status, _, last = _pytest(work)
        print(f"{'unchanged':45s} {'passes' if status == 0 else 'FAILS'}: {last}")
        if status != 0:
            return 1
        for name, before, after in BUGS:
            if source.count(before) != 1:
                print(f"{name:45s} NOT PLANTED: {before!r} is in {TARGET} {source.count(before)} times")
                ok = False
                continue
            (work / TARGET).write_text(source.replace(before, after), encoding="utf-8")
            status, failed, last = _pytest(work)
            caught = status != 0 and failed > 0
            ok &= caught
            print(f"{name:45s} {'caught' if caught else 'SURVIVED'}: {last}")
            (work / TARGET).write_text(source, encoding="utf-8")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
