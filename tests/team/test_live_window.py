"""File › Collaborate… with real processes: ``planner relay`` on loopback, the window
(offscreen) joined through it, a teammate's store editing and running ``planner share
sync``; the edit shows in the window under the teammate's name, the window's undo stack
holds only its own edits, and going offline is not an error (issue 16)."""

from __future__ import annotations

import copy
import os
import re
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from planner.demo import add_demo
from planner.edits import save_sessions
from planner.store import Store
from planner.team.replica import Replica, merge_new

ROOT = Path(__file__).resolve().parents[2]


def _start_relay(port: int = 0) -> tuple[subprocess.Popen[str], str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen(
        [sys.executable, "-m", "planner", "relay", "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    assert proc.stdout is not None
    match = re.search(r"ws://127\.0\.0\.1:(\d+)", proc.stdout.readline())
    assert match, "the relay did not start"
    return proc, f"ws://127.0.0.1:{match.group(1)}"


def _sync(db: Path, slug: str, url: str, author: str) -> str:
    env = dict(os.environ, PYTHONPATH=str(ROOT), PLANNER_AUTHOR=author)
    done = subprocess.run(
        [sys.executable, "-m", "planner", "--db", str(db), "share", "sync", "--event", slug, "--relay", url],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def _retitle(db: Path, slug: str, index: int, title: str) -> str:
    with Store.open(db) as store:
        sched = store.load(slug)
        s = copy.deepcopy(sorted(sched.sessions, key=lambda x: x.guid)[index])
        s.title = title
        store.apply(slug, save_sessions(sched, [s]), author="Alice")
        return s.guid


def test_a_teammates_edit_appears_in_the_live_window_and_offline_edits_go_out_on_reconnect(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, relays: list[subprocess.Popen[str]]
) -> None:
    from planner.ui.main_window import MainWindow

    proc, url = _start_relay()
    relays.append(proc)
    a = tmp_path / "alice.sqlite"
    with Store.open(a) as store:
        slug = add_demo(store)
        secret = Replica.open(store, slug, "Alice").secret()
    assert "Synced" in _sync(a, slug, url, "Alice")

    monkeypatch.setenv("PLANNER_AUTHOR", "Bob")
    window = MainWindow(Store.open(tmp_path / "bob.sqlite"))
    qtbot.addWidget(window)
    window.show()
    window.join_relay(url, secret)
    link, label = window.live_link, window.live_label
    assert link is not None and label is not None
    assert window.document is not None
    doc = window.document
    qtbot.waitUntil(lambda: link.synced and "Live on" in label.text(), timeout=10_000)

    guid = _retitle(a, slug, 0, "Changed by Alice")
    _sync(a, slug, url, "Alice")
    qtbot.waitUntil(lambda: doc.session(guid).title == "Changed by Alice", timeout=10_000)
    entry = doc.history(1)[0]
    assert entry.author == "Alice" and "Changed by Alice" in entry.summary
    assert doc.undo_stack.count() == 0  # a teammate's edit is not this window's to undo

    # offline: the relay goes away; an edit in the window is kept and not an error
    proc.terminate()
    proc.wait(timeout=10)
    port = int(url.rsplit(":", 1)[1])
    link.connection.retry_first = link.connection.retry_max = 0.2
    mine = copy.deepcopy(sorted(doc.schedule.sessions, key=lambda x: x.guid)[1])
    mine.title = "Written offline by Bob"
    assert doc.save_sessions([mine], "Retitle")
    qtbot.waitUntil(lambda: not link.online, timeout=10_000)
    assert "Offline" in label.text()
    proc, url2 = _start_relay(port)  # the same relay again, empty: the window fills it
    relays.append(proc)
    assert url2 == url
    qtbot.waitUntil(lambda: link.synced, timeout=10_000)
    _sync(a, slug, url, "Alice")
    with Store.open(a) as store:
        got = store.load(slug).session_by_guid()[mine.guid]
        assert got.title == "Written offline by Bob"
        assert store.edit_log(slug, 1)[0].author == "Bob"


def _alice_and_bobs_window(qtbot: Any, tmp_path: Path) -> tuple[Replica, Replica, Any]:
    """Alice's shared demo event, Bob's copy of it (by a merge) and his window on it."""
    from planner.ui.main_window import MainWindow

    a = Store.open(tmp_path / "a.sqlite")
    ra = Replica.open(a, add_demo(a), "Alice")
    rb, _ = merge_new(Store.open(tmp_path / "b.sqlite"), ra.update_since(None), "Bob")
    window = MainWindow(rb.store, rb.slug)
    qtbot.addWidget(window)
    assert window.document is not None
    return ra, rb, window


def test_undo_undoes_only_this_windows_edit_after_a_teammates_change(qtbot: Any, tmp_path: Path) -> None:
    ra, rb, window = _alice_and_bobs_window(qtbot, tmp_path)
    a, slug, doc = ra.store, ra.slug, window.document
    x, y = sorted(doc.schedule.sessions, key=lambda s: s.guid)[:2]
    mine = copy.deepcopy(x)
    mine.title = "Bob's title"
    assert doc.save_sessions([mine], "Retitle")
    state = rb.state()
    theirs = copy.deepcopy(a.load(slug).session_by_guid()[y.guid])
    theirs.title = "Alice's title"
    ra.apply(save_sessions(a.load(slug), [theirs]))
    report = rb.merge(ra.update_since(state))
    assert report.sessions == {y.guid} and report.states is not None
    doc.take_merged(report.sessions, report.states)  # taken as merged, not read again
    stored_now = sorted(rb.store.load(rb.slug).sessions, key=lambda s: s.guid)
    assert sorted(doc.schedule.sessions, key=lambda s: s.guid) == stored_now
    assert doc.undo_stack.count() == 1
    assert doc.session(y.guid).title == "Alice's title"
    doc.undo_stack.undo()
    assert doc.session(x.guid).title == x.title
    assert doc.session(y.guid).title == "Alice's title"
    stored = rb.store.load(rb.slug).session_by_guid()
    assert (stored[x.guid].title, stored[y.guid].title) == (x.title, "Alice's title")


SHOT = "PLANNER_SCREENSHOT_DIR"  # set it to keep the picture (docs/live-two-windows.png)


def test_two_live_windows_show_each_others_edit_and_presence(
    qtbot: Any, tmp_path: Path, relays: list[subprocess.Popen[str]]
) -> None:
    from PySide6.QtGui import QPainter, QPixmap

    from planner.ui.main_window import MainWindow

    proc, url = _start_relay()
    relays.append(proc)
    a = Store.open(tmp_path / "alice.sqlite")
    slug = add_demo(a)
    alice = MainWindow(a, slug)
    bob = MainWindow(Store.open(tmp_path / "bob.sqlite"))
    for w in (alice, bob):
        qtbot.addWidget(w)
        w.resize(960, 640)
        w.show()
    alice.join_relay(url, "", "Alice")  # shares the open event
    alice_link = alice.live_link
    assert alice_link is not None
    qtbot.waitUntil(lambda: alice_link.synced, timeout=10_000)  # the relay holds the event now
    secret = alice_link.replica.secret()
    bob.join_relay(url, secret, "Bob")
    links = [alice.live_link, bob.live_link]
    for link in links:
        assert link is not None
        qtbot.waitUntil(lambda link=link: link.synced, timeout=10_000)
    assert alice.document is not None and bob.document is not None
    first = min((s for s in alice.document.schedule.sessions if s.start), key=lambda s: (s.start, s.guid))
    moved = copy.deepcopy(first)  # the first session of the day: in view in both windows
    moved.title = "Moved by Alice"
    assert moved.start is not None
    moved.start += timedelta(minutes=15)
    assert alice.document.save_sessions([moved], "Move")
    bob_doc = bob.document
    qtbot.waitUntil(lambda: bob_doc.session(moved.guid).title == "Moved by Alice", timeout=10_000)
    assert bob_doc.session(moved.guid).start == moved.start
    assert bob_doc.history(1)[0].author == "Alice"
    labels = [alice.live_label, bob.live_label]
    qtbot.waitUntil(
        lambda: all(
            lab is not None and f"{other} connected" in lab.text()
            for lab, other in zip(labels, ("Bob", "Alice"), strict=True)
        ),
        timeout=15_000,
    )
    shots = [w.grab() for w in (alice, bob)]
    both = QPixmap(shots[0].width() + shots[1].width() + 8, max(s.height() for s in shots))
    both.fill()
    painter = QPainter(both)
    painter.drawPixmap(0, 0, shots[0])
    painter.drawPixmap(shots[0].width() + 8, 0, shots[1])
    painter.end()
    keep = os.environ.get(SHOT)
    path = Path(keep) / "live-two-windows.png" if keep else tmp_path / "live-two-windows.png"
    assert both.save(str(path))
    for link in links:
        assert link is not None
        link.stop()


def test_a_merge_that_adds_and_deletes_sessions_is_taken_as_the_store_holds_it(
    qtbot: Any, tmp_path: Path
) -> None:
    from planner.edits import delete_sessions

    ra, rb, window = _alice_and_bobs_window(qtbot, tmp_path)
    a, slug, doc = ra.store, ra.slug, window.document
    state = rb.state()
    sched = a.load(slug)
    placed = sorted((s for s in sched.sessions if s.start and s.room), key=lambda s: s.guid)
    gone, template = placed[:2]  # both on the grid (the demo's guids are random)
    ra.apply(delete_sessions(sched, [gone.guid]))
    added = copy.deepcopy(template)
    added.guid, added.title = "added-by-alice", "Added by Alice"
    ra.apply(save_sessions(a.load(slug), [added]))
    report = rb.merge(ra.update_since(state))
    assert report.sessions == {gone.guid, added.guid}
    assert report.states is not None and report.states[gone.guid] is None
    doc.take_merged(report.sessions, report.states)
    stored = sorted(rb.store.load(rb.slug).sessions, key=lambda s: s.guid)
    assert sorted(doc.schedule.sessions, key=lambda s: s.guid) == stored
    assert doc.session("added-by-alice").title == "Added by Alice"
    with pytest.raises(KeyError):
        doc.session(gone.guid)
    assert "added-by-alice" in window.schedule_view.timeline.blocks
    assert gone.guid not in window.schedule_view.timeline.blocks
