"""The held connection of File › Collaborate… (issue 16), with real processes: a session a
teammate is dragging is marked on the grid, presence comes and goes at once, a wrong
secret is refused with a sentence, a relay that never answers does not freeze the
window, and the relay passes on only awareness messages that decode."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtTest import QTest

from planner.demo import add_demo
from planner.store import Store
from planner.team.relay import room_name
from tests.team.test_live_window import SHOT, _start_relay
from tests.team.test_relay import planner

L = Qt.MouseButton.LeftButton
NO = Qt.KeyboardModifier.NoModifier


def _two_live_windows(qtbot: Any, tmp_path: Path, url: str) -> tuple[Any, Any]:
    from planner.ui.main_window import MainWindow

    a = Store.open(tmp_path / "alice.sqlite")
    slug = add_demo(a)
    alice = MainWindow(a, slug)
    bob = MainWindow(Store.open(tmp_path / "bob.sqlite"))
    for w in (alice, bob):
        qtbot.addWidget(w)
        w.resize(960, 640)
        w.show()
    alice.join_relay(url, "", "Alice")
    link = alice.live_link
    assert link is not None
    qtbot.waitUntil(lambda: link.synced, timeout=10_000)
    bob.join_relay(url, link.replica.secret(), "Bob")
    assert bob.live_link is not None
    qtbot.waitUntil(lambda: bob.live_link.synced, timeout=10_000)
    return alice, bob


def _first_session(window: Any) -> str:
    doc = window.document
    first = min((s for s in doc.schedule.sessions if s.start and s.room), key=lambda s: (s.start, s.guid))
    return str(first.guid)


def test_a_session_a_teammate_drags_is_marked_and_the_mark_goes_when_they_drop_it(
    qtbot: Any, tmp_path: Path, relays: list[subprocess.Popen[str]]
) -> None:
    proc, url = _start_relay()
    relays.append(proc)
    alice, bob = _two_live_windows(qtbot, tmp_path, url)
    guid = _first_session(alice)
    view_a, view_b = alice.schedule_view.timeline, bob.schedule_view.timeline
    qtbot.waitUntil(lambda: guid in view_b.blocks, timeout=10_000)
    item = view_a.blocks[guid]
    view_a.ensureVisible(item)
    r = item.sceneBoundingRect()
    start = view_a.mapFromScene(QPointF(r.center().x(), r.top() + 12))
    vp = view_a.viewport()
    QTest.mousePress(vp, L, NO, start)
    for i in range(1, 5):
        QTest.mouseMove(vp, start + QPoint(0, 10 * i))
    qtbot.waitUntil(lambda: view_b.blocks[guid].held_by == "Alice", timeout=5_000)
    assert view_b.held_by == {guid: "Alice"}
    assert view_b.blocks[guid].held_text() == "Alice is moving this"
    others = [g for g, b in view_b.blocks.items() if g != guid and b.held_by]
    assert others == []  # only the dragged session is marked
    assert view_a.blocks[guid].held_by is None  # no one marks their own drag
    view_b.ensureVisible(view_b.blocks[guid])
    keep = os.environ.get(SHOT)
    shot = bob.grab()
    assert shot.save(str(Path(keep) / "live-drag-marker.png" if keep else tmp_path / "marker.png"))
    QTest.mouseRelease(vp, L, NO, start + QPoint(0, 40))
    qtbot.waitUntil(lambda: view_b.blocks[guid].held_by is None, timeout=5_000)
    # the drop itself arrives as an edit under Alice's name
    moved = alice.document.session(guid)
    qtbot.waitUntil(lambda: bob.document.session(guid).start == moved.start, timeout=5_000)
    for w in (alice, bob):
        w.leave_relay()


def test_presence_shows_who_joins_and_who_leaves_without_waiting(
    qtbot: Any, tmp_path: Path, relays: list[subprocess.Popen[str]]
) -> None:
    proc, url = _start_relay()
    relays.append(proc)
    alice, bob = _two_live_windows(qtbot, tmp_path, url)
    began = time.monotonic()
    # each learns of the other at once: the newcomer from the relay, the others from it
    qtbot.waitUntil(lambda: "Bob connected" in alice.live_label.text(), timeout=5_000)
    qtbot.waitUntil(lambda: "Alice connected" in bob.live_label.text(), timeout=5_000)
    assert time.monotonic() - began < 3  # not the 10 s renewal
    assert [t.name for t in bob.live_link.present] == ["Alice"]
    assert bob.act_leave.isEnabled()
    bob.act_leave.trigger()  # File › Stop collaborating
    assert bob.live_link is None and not bob.act_leave.isEnabled()
    assert bob.live_label.text() == "Not live"
    qtbot.waitUntil(lambda: "no one else connected" in alice.live_label.text(), timeout=3_000)
    assert alice.live_link.present == []
    alice.leave_relay()


def test_a_wrong_secret_is_refused_in_the_window_and_changes_nothing(
    qtbot: Any, tmp_path: Path, relays: list[subprocess.Popen[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    from planner.ui.main_window import MainWindow

    proc, url = _start_relay()
    relays.append(proc)
    alice, _bob = _two_live_windows(qtbot, tmp_path, url)
    carol_db = tmp_path / "carol.sqlite"
    carol = MainWindow(Store.open(carol_db))
    qtbot.addWidget(carol)
    errors: list[str] = []
    monkeypatch.setattr(carol, "show_error", errors.append)
    carol.join_relay(url, "0" * 64, "Carol")
    assert errors == ["the relay refused the connection: no shared event with this secret on this relay"]
    assert carol.live_link is None
    with Store.open(carol_db) as store:
        assert store.list_events() == []
    # the team's room is untouched and no one saw Carol
    assert alice.live_link.present and [t.name for t in alice.live_link.present] == ["Bob"]


def test_a_relay_that_never_answers_does_not_freeze_the_window(qtbot: Any, tmp_path: Path) -> None:
    from planner.ui.main_window import MainWindow

    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(5)  # accepts connections and never says a word
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def take() -> None:
        silent.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(silent.accept()[0])
            except OSError:
                continue

    taker = threading.Thread(target=take, daemon=True)
    taker.start()
    try:
        store = Store.open(tmp_path / "a.sqlite")
        slug = add_demo(store)
        window = MainWindow(store, slug)
        qtbot.addWidget(window)
        window.show()
        began = time.monotonic()
        window.join_relay(f"ws://127.0.0.1:{silent.getsockname()[1]}", "", "Alice")
        assert time.monotonic() - began < 1.0  # joining returns at once
        link, label = window.live_link, window.live_label
        assert link is not None and label is not None and "Connecting" in label.text()
        # the window keeps answering while the link waits: 50 ms timer ticks stay on time
        gaps: list[float] = []
        last = time.monotonic()
        deadline = last + 6.5
        while time.monotonic() < deadline and not link.last_error:
            qtbot.wait(50)
            now = time.monotonic()
            gaps.append(now - last)
            last = now
        assert link.last_error and "did not answer" in link.last_error
        assert "Offline" in label.text()
        assert max(gaps) < 0.5, max(gaps)
        window.leave_relay()
        assert not link.connection.running
    finally:
        stop.set()
        taker.join(2)
        silent.close()
        for s in accepted:
            s.close()


def test_the_relay_passes_on_only_awareness_that_decodes(relays: list[subprocess.Popen[str]]) -> None:
    from pycrdt import Awareness, Doc, create_awareness_message, write_message
    from websockets.asyncio.client import connect

    proc, url = _start_relay()
    relays.append(proc)
    room = f"{url}/room/{room_name('s' * 32)}?create=1"
    good = Awareness(Doc())
    good.set_local_state({"name": "Alice", "dragging": []})
    good_msg = create_awareness_message(good.encode_awareness_update([good.client_id]))
    bad = [
        bytes([1]) + write_message(b"\xff\xff\xff"),  # not an awareness update
        bytes([1]) + write_message(bytes([1, 7, 1, 3]) + b"[1]"),  # a state that is not an object
        bytes([1]) + write_message(bytes([1, 7, 1, 5]) + b"{nope"),  # not JSON
        bytes([1]) + write_message(b"\x01" * 20_000),  # too large
    ]

    async def run() -> list[bytes]:
        async with connect(room) as watcher, connect(room) as sender:
            await watcher.recv()  # the room's step 1
            await sender.recv()
            for message in [*bad, good_msg]:
                await sender.send(message)
            got = []
            while True:
                heard: Any = await asyncio.wait_for(watcher.recv(), 5)
                assert isinstance(heard, bytes)
                if heard[0] == 1:
                    got.append(heard)
                    if heard == good_msg:
                        return got

    got = asyncio.run(run())
    assert got == [good_msg]  # none of the bad ones reached the other client


def test_edits_from_the_command_line_and_a_live_window_all_arrive_and_the_copies_converge(
    qtbot: Any, tmp_path: Path, relays: list[subprocess.Popen[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    import copy
    from datetime import timedelta

    from planner.team.replica import Replica
    from planner.ui.main_window import MainWindow
    from tests.team.test_team import canonical

    proc, url = _start_relay()
    relays.append(proc)
    alice_db = tmp_path / "alice.sqlite"
    with Store.open(alice_db) as store:
        slug = add_demo(store)
        secret = Replica.open(store, slug, "Alice").secret()
        guids = sorted(s.guid for s in store.load(slug).sessions if s.start and s.room)

    def alice(*args: str) -> None:
        done = planner(alice_db, *args, author="Alice")
        assert done.returncode == 0, done.stderr

    alice("share", "sync", "--event", slug, "--relay", url)
    monkeypatch.setenv("PLANNER_AUTHOR", "Bob")
    bob_db = tmp_path / "bob.sqlite"
    window = MainWindow(Store.open(bob_db))
    qtbot.addWidget(window)
    window.join_relay(url, secret, "Bob")
    link = window.live_link
    assert link is not None and window.document is not None
    qtbot.waitUntil(lambda: link.synced, timeout=10_000)
    doc = window.document
    for i in range(4):
        # Alice, on the command line: a pin and an event field, then one exchange
        alice("pin", "--event", slug, guids[i])
        alice("event", "set", "--event", slug, f"description=Alice's round {i}")
        alice("share", "sync", "--event", slug, "--relay", url)
        # Bob, in the live window: moves one session and retitles another
        moved = copy.deepcopy(doc.session(guids[-1 - i]))
        assert moved.start is not None
        moved.start += timedelta(minutes=5)
        moved.title = f"Bob's round {i}"
        assert doc.save_sessions([moved], "Move")
    qtbot.waitUntil(lambda: doc.schedule.event.description == "Alice's round 3", timeout=10_000)
    for _ in range(20):  # until Alice's exchange brings Bob's last edit
        alice("share", "sync", "--event", slug, "--relay", url)
        with Store.open(alice_db) as a:
            if a.load(slug).session_by_guid()[guids[-4]].title == "Bob's round 3":
                break
        qtbot.wait(100)
    with Store.open(alice_db) as a, Store.open(bob_db) as b:
        assert canonical(a, slug) == canonical(b, link.slug)
        theirs = a.load(slug).session_by_guid()
        assert [theirs[guids[-1 - i]].title for i in range(4)] == [f"Bob's round {i}" for i in range(4)]
        assert all(theirs[guids[i]].pin for i in range(4))
        assert {e.author for e in b.edit_log(link.slug, 50)} >= {"Alice", "Bob"}
    # and the window shows what its store holds
    with Store.open(bob_db) as b:
        stored = sorted(b.load(link.slug).sessions, key=lambda s: s.guid)
    assert sorted(doc.schedule.sessions, key=lambda s: s.guid) == stored
    window.leave_relay()


def test_a_live_window_holding_a_revoked_secret_is_shut_out_and_says_so(
    qtbot: Any, tmp_path: Path, relays: list[subprocess.Popen[str]]
) -> None:
    proc, url = _start_relay()
    relays.append(proc)
    alice, bob = _two_live_windows(qtbot, tmp_path, url)
    alice.leave_relay()
    link = bob.live_link
    assert link is not None
    alice_db = tmp_path / "alice.sqlite"

    def alice_says(*args: str) -> str:
        done = planner(alice_db, *args, author="Alice")
        assert done.returncode == 0, done.stderr
        return done.stdout

    slug = alice.document.slug
    alice_says("share", "secret", "--event", slug, "--new")
    assert "Retired 1 revoked secret" in alice_says("share", "sync", "--event", slug, "--relay", url)
    qtbot.waitUntil(lambda: not link.online, timeout=5_000)
    assert "secret was revoked" in bob.live_label.text()
    qtbot.waitUntil(lambda: not link.connection.running, timeout=5_000)  # it stops trying


def test_joining_live_after_issuing_a_new_secret_retires_the_old_one(
    qtbot: Any, tmp_path: Path, relays: list[subprocess.Popen[str]]
) -> None:
    from websockets.asyncio.client import connect
    from websockets.exceptions import ConnectionClosed

    from planner.team.relay import room_url
    from planner.team.replica import Replica
    from planner.ui.main_window import MainWindow

    proc, url = _start_relay()
    relays.append(proc)
    store = Store.open(tmp_path / "a.sqlite")
    slug = add_demo(store)
    replica = Replica.open(store, slug, "Alice")
    old = replica.secret()
    new = replica.secret(new=True)
    assert replica.revoked() == [old]
    window = MainWindow(store, slug)
    qtbot.addWidget(window)
    window.join_relay(url, new, "Alice")
    link = window.live_link
    assert link is not None
    qtbot.waitUntil(lambda: link.synced, timeout=10_000)
    qtbot.waitUntil(lambda: Replica.open(store, slug).revoked() == [], timeout=5_000)

    async def knock() -> int:
        async with connect(room_url(url, old, create=True)) as ws:
            try:
                await asyncio.wait_for(ws.recv(), 5)
            except ConnectionClosed as exc:
                return exc.rcvd.code if exc.rcvd is not None else 1006
        return 0

    assert asyncio.run(knock()) == 4403  # the old secret is refused, even to create a room
    window.leave_relay()


def test_joining_fetches_on_another_thread_while_the_window_keeps_painting(qtbot: Any) -> None:
    from PySide6.QtCore import QTimer

    from planner.team.mirror import TeamError
    from planner.ui.collaborate import off_thread

    ticks: list[float] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start(20)

    def fetch() -> str:
        time.sleep(0.4)
        return "fetched"

    from PySide6.QtWidgets import QWidget

    window = QWidget()
    qtbot.addWidget(window)
    enabled: list[bool] = []
    timer.timeout.connect(lambda: enabled.append(window.isEnabled()))
    assert off_thread(fetch, window) == "fetched"
    timer.stop()
    assert len(ticks) >= 8  # the event loop ran while the work waited (0.4 s at 20 ms)
    assert enabled and not any(enabled)  # and the window took no input meanwhile
    assert window.isEnabled()

    def refused() -> None:
        raise TeamError("the relay refused the connection: no shared event with this secret on this relay")

    with pytest.raises(TeamError, match="no shared event"):
        off_thread(refused)


def test_leaving_while_the_link_still_connects_stays_left(qtbot: Any, tmp_path: Path) -> None:
    from websockets.asyncio.server import serve

    from planner.ui.main_window import MainWindow

    # a relay that answers the websocket handshake only after 4 s: longer than leaving
    # waits for the link's thread (3 s)
    port: list[int] = []
    loop = asyncio.new_event_loop()
    stop = asyncio.Event()

    async def slow() -> None:
        async def late(_conn: Any, _request: Any) -> None:
            await asyncio.sleep(4)

        async def handler(ws: Any) -> None:
            await ws.wait_closed()

        async with serve(handler, "127.0.0.1", 0, process_request=late) as server:
            port.append(next(iter(server.sockets)).getsockname()[1])
            await stop.wait()

    relay = threading.Thread(target=loop.run_until_complete, args=(slow(),), daemon=True)
    relay.start()
    try:
        qtbot.waitUntil(lambda: bool(port), timeout=5_000)
        store = Store.open(tmp_path / "a.sqlite")
        slug = add_demo(store)
        window = MainWindow(store, slug)
        qtbot.addWidget(window)
        window.join_relay(f"ws://127.0.0.1:{port[0]}", "", "Alice")
        link, label = window.live_link, window.live_label
        assert link is not None and label is not None
        window.leave_relay()  # gives up waiting for the thread after 3 s; it ends by itself
        assert label.text() == "Not live"
        qtbot.waitUntil(lambda: not link.connection.running, timeout=10_000)
        qtbot.wait(200)  # whatever the thread handed over on its way out has been delivered
        assert label.text() == "Not live" and not link.online
    finally:
        loop.call_soon_threadsafe(stop.set)
        relay.join(5)
