"""--db pointing where no store can be, and a healthy store that cannot be written.

A read-only store is tested with a 0444 file in a 0555 folder; the tests run as root in
CI, where permission bits do not stop a write, so the check planner makes (os.access, which
also says "no" on a read-only file system, for root too) is made to answer as it would
for another user. (By hand, on a tmpfs remounted read-only: the same behaviour.)
"""

from __future__ import annotations

import copy
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from planner import edits
from planner.domain.model import Session
from planner.store import Store, StoreError
from planner.store.migrations import CURRENT_VERSION

ROOT = Path(__file__).resolve().parents[2]
STORES = ROOT / "tests" / "data" / "stores"


def run_planner(*args: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), HOME=str(tmp_path), QT_QPA_PLATFORM="offscreen")
    env.pop("PLANNER_DB", None)
    return subprocess.run(
        [sys.executable, "-m", "planner", *args], capture_output=True, text=True, env=env, timeout=120
    )


def one_sentence(done: subprocess.CompletedProcess[str], *words: str) -> None:
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    lines = [line for line in done.stderr.splitlines() if line.startswith("planner: error: ")]
    assert len(lines) == 1, done.stderr
    for w in words:
        assert w in lines[0]


DEVICES = ["/dev/null", "/dev/zero", "/dev/full"]


@pytest.mark.parametrize("device", DEVICES)
def test_a_device_is_refused_by_the_store(device: str) -> None:
    with pytest.raises(StoreError, match="device or special file"):
        Store.open(device)


def test_a_folder_and_a_missing_folder_are_refused(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="is a folder"):
        Store.open(tmp_path)
    with pytest.raises(StoreError, match="does not exist"):
        Store.open(tmp_path / "missing" / "planner.sqlite")
    assert not (tmp_path / "missing").exists()


def test_the_default_locations_folder_is_made(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "new" / "deeper" / "planner.sqlite"
    monkeypatch.setenv("PLANNER_DB", str(target))
    Store.open().close()
    assert target.is_file()


@pytest.mark.parametrize(
    ("target", "words"),
    [
        ("/dev/null", ("/dev/null", "device")),
        ("/dev/zero", ("/dev/zero", "device")),
        ("/dev/full", ("/dev/full", "device")),
        ("FOLDER", ("is a folder",)),
        ("MISSING", ("does not exist",)),
    ],
)
@pytest.mark.parametrize("face", ["command", "window"])
def test_the_command_line_and_the_window_say_one_sentence(
    tmp_path: Path, target: str, words: tuple[str, ...], face: str
) -> None:
    db = {"FOLDER": str(tmp_path), "MISSING": str(tmp_path / "nope" / "x.sqlite")}.get(target, target)
    args = ["events"] if face == "command" else ["--screenshot", str(tmp_path / "shot.png")]
    one_sentence(run_planner("--db", db, *args, tmp_path=tmp_path), *words)


# ------------------------------------------------------------------ read-only stores
@pytest.fixture
def read_only_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = tmp_path / "ro"
    folder.mkdir()
    path = folder / "planner.sqlite"
    with Store.open(path) as store:
        from planner.demo import add_demo

        add_demo(store)
    path.chmod(0o444)
    folder.chmod(0o555)
    real_access = os.access

    def access(p: object, mode: int, *args: object, **kwargs: object) -> bool:
        if mode & os.W_OK and Path(str(p)).resolve() in (path.resolve(), folder.resolve()):
            return False  # as for a user who is not root, or on a read-only file system
        return real_access(p, mode, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "access", access)
    yield path
    folder.chmod(0o755)
    path.chmod(0o644)


def test_a_read_only_store_reads_and_refuses_every_write(read_only_store: Path) -> None:
    path = read_only_store
    before = path.read_bytes()
    siblings = sorted(p.name for p in path.parent.iterdir())
    with Store.open(path) as store:
        assert store.read_only
        (summary,) = store.list_events()
        sched = store.load(summary.slug)
        assert len(sched.sessions) == summary.sessions > 0
        with pytest.raises(StoreError, match=r"edits are impossible: .*planner.sqlite is read-only"):
            store.apply(summary.slug, edits.save_sessions(sched, [Session(title="New")]))
        with pytest.raises(StoreError, match="read-only"):
            store.delete_event(summary.slug)
        from planner.store import day_record as live

        assert live.load_incidents(store, summary.slug) == []
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == siblings


def test_an_old_store_that_cannot_be_written_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "old").mkdir()
    path = tmp_path / "old" / "v2.sqlite"
    shutil.copy(STORES / "v2.sqlite", path)
    monkeypatch.setattr(os, "access", lambda p, mode, *a, **k: not mode & os.W_OK)
    before = path.read_bytes()
    with pytest.raises(StoreError, match=r"read-only and was written by an older planner \(schema 2\)"):
        Store.open(path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == ["v2.sqlite"]
    assert CURRENT_VERSION > 2


def test_the_window_says_read_only_and_refuses_edits(  # type: ignore[no-untyped-def]
    qtbot, read_only_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QLabel

    from planner.ui.main_window import MainWindow

    store = Store.open(read_only_store)
    window = MainWindow(store)
    qtbot.addWidget(window)
    assert window.windowTitle().endswith("(read-only)")
    label = window.findChild(QLabel, "readOnlyStatus")
    assert label is not None and "edits are impossible" in label.text()
    errors: list[str] = []
    monkeypatch.setattr(window, "show_error", errors.append)
    doc = window.document
    assert doc is not None
    doc.error.disconnect()
    doc.error.connect(errors.append)
    session = doc.schedule.sessions[0]
    renamed = copy.deepcopy(session)
    renamed.title = "Renamed"
    assert doc.save_sessions([renamed], "Rename") is False
    assert errors and "edits are impossible" in errors[0] and "read-only" in errors[0]
    assert store.load(doc.slug).session_by_guid()[session.guid].title == session.title
    store.close()
