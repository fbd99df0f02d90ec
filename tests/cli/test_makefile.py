"""The Makefile: ``make run`` installs planner without the dev tools (its own stamp),
``make test`` installs the dev tools, ``make install`` puts ``planner`` on the user's
PATH from a venv of its own (issue 13, item 24). Dry runs (``make -n``) against a
scratch venv path: nothing is installed here."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _dry(tmp_path: Path, *targets: str, **variables: str) -> str:
    venv = tmp_path / "venv"
    args = ["make", "-n", "-C", str(ROOT), f"VENV={venv}", *(f"{k}={v}" for k, v in variables.items())]
    r = subprocess.run([*args, *targets], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    return r.stdout


def test_make_run_installs_planner_without_the_dev_tools(tmp_path: Path) -> None:
    out = _dry(tmp_path, "run")
    installs = [line for line in out.splitlines() if "pip install" in line]
    assert any(line.endswith("install --quiet -e .") for line in installs), installs
    assert not any("[dev]" in line for line in installs), installs
    assert ".installed-run-" in out and ".installed-dev-" not in out
    assert "make install" in out  # it says how to type `planner` anywhere


def test_make_test_installs_the_dev_tools(tmp_path: Path) -> None:
    out = _dry(tmp_path, "test")
    assert "install --quiet -e '.[dev]'" in out and ".installed-dev-" in out


def test_a_dev_install_counts_for_make_run(tmp_path: Path) -> None:
    """After make test, make run installs nothing more."""
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    (venv / "bin" / "python").symlink_to(shutil.which("python3") or "/usr/bin/python3")
    out = _dry(tmp_path, "test")
    touch = next(line for line in out.splitlines() if line.startswith("touch"))
    for stamp in touch.split()[1:]:
        Path(stamp).touch()
    assert "pip install" not in _dry(tmp_path, "run")


def test_make_install_is_a_user_install_on_the_path(tmp_path: Path) -> None:
    prefix = tmp_path / "home" / ".local"
    out = _dry(tmp_path, "install", PREFIX=str(prefix))
    assert f"-m venv {prefix}/share/planner/venv" in out
    assert f"{prefix}/share/planner/venv/bin/python -m pip install --quiet ." in out
    assert f"ln -sf {prefix}/share/planner/venv/bin/planner {prefix}/bin/planner" in out
    assert "[dev]" not in out and "sudo" not in out
    assert 'cp -r resources "$site/resources"' in out  # the demo event and icons, beside the package
    assert f"{prefix}/share/applications/planner.desktop" in out
