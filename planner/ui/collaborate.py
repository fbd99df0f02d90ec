"""File › Collaborate…: keep the open event in step with a team's relay (issue 16).

A :class:`LiveLink` holds one websocket to the event's room open in a thread of its own
(:class:`planner.team.live.Connection`); the window never waits on the network. What
arrives is moved to the window's thread by a queued signal and handled there:

* the Yjs handshake on every (re)connection: this copy sends its state vector, the
  relay answers with what this copy lacks and asks for what it lacks, and the answer
  goes back; so edits made offline go out on reconnect and nothing is queued meanwhile;
* a teammate's update is merged as edits under the teammate's name, which the window's
  document takes without touching its undo stack;
* the window's own edits go out as they are made (``local_edit``: the document's update
  since the edit began);
* awareness (pycrdt's :class:`~pycrdt.Awareness`, never part of the event's document):
  each window's name and the sessions it is dragging. Who is connected shows in the
  status bar; a session a teammate is dragging is marked on the grid (``teammates``).

When the relay cannot be reached the link says "offline" and tries again after a pause
that grows to five seconds; edits stay in the store and go out on reconnect.

pycrdt and websockets are imported here only, when the link starts (never at start-up).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QWidget

if TYPE_CHECKING:
    from planner.store import Store
    from planner.team.live import Closed, Connection, Teammate
    from planner.team.replica import MergeReport, Replica
    from planner.ui.document import EventDocument

log = logging.getLogger(__name__)

AWARENESS_RENEW_MS = 10_000  # our state is sent again this often (the relay forwards it)
AWARENESS_TIMEOUT_MS = 30_000  # a teammate not heard from for this long has gone


class LiveLink(QObject):
    """One open event kept in step with a relay."""

    # A one-line state for the status bar ("Live on …: Alice, Bob connected", "Offline: …").
    status = Signal(str)
    # A merge is in the store: its planner.team.replica.MergeReport (what it changed).
    merged = Signal(object)
    # Who else is connected: a list of planner.team.live.Teammate (name, dragging).
    teammates = Signal(object)
    # From the connection's thread to this object's (queued).
    _opened = Signal()
    _received = Signal(bytes)
    _closed = Signal(object)
    _retired = Signal(list)

    def __init__(self, store: Store, slug: str, url: str, secret: str, author: str) -> None:
        super().__init__()
        from pycrdt import Awareness

        from planner.team.live import Connection
        from planner.team.replica import Replica

        self.url = url
        self.secret = secret
        self.author = author
        self.replica: Replica = Replica.open(store, slug, author)
        if self.replica.secret() != secret:
            self.replica.keep_secret(secret)
        self.online = False
        # The handshake since (re)connecting is done both ways: the relay's answers to our
        # state vectors (asked) came back (answers), the last one after we answered its own.
        self.synced = False
        self._asked, self._answers, self._answered = 0, 0, False
        self.last_error = ""
        self.awareness = Awareness(self.replica.doc)
        self.awareness.set_local_state({"name": author, "dragging": []})
        self.present: list[Teammate] = []
        self._opened.connect(self._on_open, Qt.ConnectionType.QueuedConnection)
        self._received.connect(self._on_message, Qt.ConnectionType.QueuedConnection)
        self._closed.connect(self._on_close, Qt.ConnectionType.QueuedConnection)
        self._retired.connect(self.replica.forget_revoked, Qt.ConnectionType.QueuedConnection)
        self.connection: Connection = Connection(
            url, secret, self._opened.emit, self._received.emit, self._closed.emit, create=True
        )
        self.connection.retire = self.replica.revoked()
        self.connection.on_retired = self._retired.emit
        self._document: EventDocument | None = None
        self._edited: Any = None
        self.stopped = False
        self.renew = QTimer(self)
        self.renew.setInterval(AWARENESS_RENEW_MS // 2)
        self.renew.timeout.connect(self._renew)

    @property
    def slug(self) -> str:
        return self.replica.slug

    def attach(self, document: EventDocument, still_open: Any) -> None:
        """Keep ``document`` (the window's) and this link in step while ``still_open()``."""
        self._document = document

        def take(report: MergeReport) -> None:
            if still_open():
                document.take_merged(report.sessions, report.states)

        def edited(_change: Any) -> None:
            if still_open():
                self.local_edit()

        self.merged.connect(take)
        self._edited = edited
        document.edited.connect(edited)
        document.shared = self.replica

    def start(self) -> None:
        self.status.emit(f"Connecting to {self.url}…")
        self.connection.start()
        self.renew.start()

    def stop(self) -> None:
        """Say goodbye to the room (teammates see us leave at once) and close."""
        from planner.team.live import awareness_message

        self.stopped = True  # what the connection's thread still hands over is ignored
        self.renew.stop()
        if self._document is not None and self._edited is not None:
            self._document.edited.disconnect(self._edited)
            if self._document.shared is self.replica:
                self._document.shared = None
            self._document = self._edited = None
        goodbye = None
        if self.online:
            self.awareness.set_local_state(None)
            goodbye = awareness_message(self.awareness)
        self.connection.stop(goodbye)
        self.online = False

    # ------------------------------------------------------------ outgoing
    def _send(self, message: bytes) -> None:
        self.connection.send(message)

    def local_edit(self) -> None:
        """The window applied an edit: the store and the shared document have it (one
        transaction, Replica.writing, as the document is attached); send what it added."""
        from pycrdt import create_update_message

        update = bytes(self.replica.doc.get_update(self.replica.before))
        if self.online and update != b"\x00\x00":
            self._send(create_update_message(update))

    def set_dragging(self, guids: list[str]) -> None:
        """Tell the team which sessions this window is dragging (empty: none)."""
        from planner.team.live import awareness_message

        state = self.awareness.get_local_state()
        if state is None or state.get("dragging") == list(guids):
            return
        self.awareness.set_local_state_field("dragging", list(guids)[:200])
        if self.online:
            self._send(awareness_message(self.awareness))

    # ------------------------------------------------------------ incoming
    @Slot()
    def _on_open(self) -> None:
        if self.stopped:
            return
        from pycrdt import create_sync_message

        from planner.team.live import awareness_message

        self.online = True
        self.synced = False
        self.last_error = ""
        self._asked, self._answers, self._answered = 1, 0, False
        self._send(create_sync_message(self.replica.doc))
        self._send(awareness_message(self.awareness))
        self._say()

    @Slot(bytes)
    def _on_message(self, message: bytes) -> None:
        if self.stopped:
            return
        from pycrdt import YMessageType, YSyncMessageType, create_sync_message, read_message

        from planner.team.mirror import TeamError
        from planner.team.relay import step2_message

        if len(message) < 2:
            return
        try:
            if message[0] == YMessageType.AWARENESS:
                self.awareness.apply_awareness_update(bytes(read_message(message[1:])), "relay")
                self._teammates_changed()
                return
            if message[0] != YMessageType.SYNC:
                return
            if message[1] == YSyncMessageType.SYNC_STEP1:
                state = bytes(read_message(message[2:]))
                self._send(step2_message(bytes(self.replica.doc.get_update(state))))
                # Asked again after the answer: the reply to this tells us the relay has it.
                self._send(create_sync_message(self.replica.doc))
                self._asked += 1
                self._answered = True
                return
            update = bytes(read_message(message[2:]))
        except (ValueError, IndexError, RuntimeError, TypeError) as exc:
            log.warning("a message from the relay could not be read (%s); it was skipped", exc)
            return
        if message[1] == YSyncMessageType.SYNC_STEP2 and not self.synced:
            self._answers += 1
            if self._answered and self._answers >= self._asked:  # both sides have it all
                self.synced = True
                self._say()
        if update == b"\x00\x00":
            return
        try:
            report = self.replica.merge(update)
        except TeamError as exc:
            log.warning("an update from the relay was refused: %s", exc)
            return
        if report.nothing_new:
            return
        self.merged.emit(report)

    @Slot(object)
    def _on_close(self, closed: Closed) -> None:
        if self.stopped:
            return
        self.online = False
        self.synced = False
        self.last_error = closed.reason
        others = [c for c in self.awareness.states if c != self.awareness.client_id]
        if others:
            self.awareness.remove_awareness_states(others, "offline")
        self._teammates_changed()
        if closed.refused:
            self.status.emit(f"Offline: {closed.reason}")
        else:
            self.status.emit("Offline: edits are kept here and sent when the relay answers again")

    def _renew(self) -> None:
        """Send our state again before teammates time it out; drop teammates gone silent."""
        import time

        from planner.team.live import awareness_message

        now = int(time.time() * 1000)
        mine = self.awareness.meta.get(self.awareness.client_id, {})
        if self.online and now - int(mine.get("lastUpdated", 0)) >= AWARENESS_RENEW_MS:
            state = self.awareness.get_local_state()
            if state is not None:
                self.awareness.set_local_state(state)
                self._send(awareness_message(self.awareness))
        gone = [
            c
            for c, meta in self.awareness.meta.items()
            if c != self.awareness.client_id
            and c in self.awareness.states
            and now - int(meta.get("lastUpdated", 0)) >= AWARENESS_TIMEOUT_MS
        ]
        if gone:
            self.awareness.remove_awareness_states(gone, "timeout")
            self._teammates_changed()

    def _teammates_changed(self) -> None:
        from planner.team.live import presence

        present = presence(self.awareness)
        if present != self.present:
            names_before = [t.name for t in self.present]
            self.present = present
            self.teammates.emit(present)
            if [t.name for t in present] != names_before:
                self._say()

    def _say(self) -> None:
        if not self.online:
            return
        if not self.synced:
            self.status.emit(f"Connecting to {self.url}…")
            return
        names = sorted({t.name for t in self.present if t.name != self.author})
        self.status.emit(
            f"Live on {self.url}: " + (", ".join(names) + " connected" if names else "no one else connected")
        )


class CollaborateDialog(QDialog):
    """Asks for the relay's address, the event's secret and the name edits go under."""

    def __init__(self, parent: QWidget | None, secret: str = "", author: str = "") -> None:
        from PySide6.QtCore import QSettings
        from PySide6.QtWidgets import QLabel

        from planner.team.replica import default_author

        super().__init__(parent)
        self.setObjectName("collaborateDialog")
        self.setWindowTitle("Collaborate")
        self.setMinimumWidth(560)
        form = QFormLayout(self)
        intro = QLabel(
            "Edit this event live with your team. Everyone connects to the same relay "
            "(<tt>planner relay</tt> on a machine you share) with the event's secret; "
            "edits merge as they are made, under the name of who made them, and work "
            "offline goes out when the relay answers again."
        )
        intro.setWordWrap(True)
        form.addRow(intro)
        self.url = QLineEdit(str(QSettings().value("collaborate/url", "ws://127.0.0.1:8765")))
        self.url.setObjectName("relayUrl")
        self.url.setPlaceholderText("ws://host:8765, or wss://… behind TLS")
        self.secret = QLineEdit(secret)
        self.secret.setObjectName("eventSecret")
        self.secret.setPlaceholderText("leave empty to share the open event")
        self.author = QLineEdit(author or default_author())
        self.author.setObjectName("authorName")
        form.addRow("Relay", self.url)
        form.addRow("Event's secret", self.secret)
        form.addRow("Your name", self.author)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Join")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def accept(self) -> None:
        from PySide6.QtCore import QSettings

        QSettings().setValue("collaborate/url", self.url.text().strip())
        super().accept()


def off_thread(work: Any, block: QWidget | None = None) -> Any:
    """Run ``work()`` in a thread of its own while this thread's event loop keeps the
    window painting (``block``, when given, takes no input meanwhile); return its result
    (or raise its exception)."""
    import threading

    from PySide6.QtCore import QEventLoop

    done: dict[str, Any] = {}

    def run() -> None:
        try:
            done["value"] = work()
        except BaseException as exc:  # handed to the caller's thread below
            done["error"] = exc

    thread = threading.Thread(target=run, name="planner-relay-join", daemon=True)
    if block is not None:
        block.setEnabled(False)
    thread.start()
    loop = QEventLoop()
    timer = QTimer()
    timer.timeout.connect(lambda: None if thread.is_alive() else loop.quit())
    timer.start(15)
    if thread.is_alive():
        loop.exec()
    timer.stop()
    thread.join()
    if block is not None:
        block.setEnabled(True)
    if "error" in done:
        raise done["error"]
    return done.get("value")


def join(host: Any, url: str, secret: str, author: str | None = None) -> LiveLink:
    """Join (or start) the live event: the event of this store that has ``secret``, else
    the one on the relay (made here from its document), else, with no secret, the open
    event, shared now. TeamError when the relay refuses or cannot be reached to join."""
    import asyncio

    from pycrdt import Doc

    from planner.team.mirror import TeamError
    from planner.team.relay import exchange
    from planner.team.replica import Replica, default_author, find_by_secret, merge_new

    store = host.store
    author = author or default_author()
    slug = find_by_secret(store, secret) if secret else None
    if slug is None and not secret:
        if host.document is None:
            raise TeamError("open an event to share it, or give the secret of a teammate's event")
        slug = host.document.slug
        secret = Replica.open(store, slug, author).secret()
    elif slug is None:
        got = off_thread(
            lambda: asyncio.run(exchange(url, secret, Doc(), create=False, timeout=10)),
            host if isinstance(host, QWidget) else None,
        )
        if not got.received:
            raise TeamError("the relay has no document for this secret yet")
        joined, _ = merge_new(store, got.received[0], author)
        joined.keep_secret(secret)
        for update in got.received[1:]:
            joined.merge(update)
        slug = joined.slug
    if host.document is None or host.document.slug != slug:
        host.refresh_events(slug)
    document = host.document
    document.author = author
    link = LiveLink(store, slug, url, secret, author)
    link.attach(document, lambda: host.document is document)
    return link
