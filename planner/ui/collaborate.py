"""File › Collaborate…: keep the open event in step with a team's relay (issue 16).

A :class:`LiveLink` runs one exchange with the relay every ``interval`` ms from a QTimer
(the one-shot exchange of ``planner share sync``; on loopback it takes a few ms): it
sends what this copy has that the relay lacks and merges what arrives, as edits under
the teammates' names, which the window's document takes without touching its undo stack.
The window's own edits reach the shared document as they are made (``edited``). Who is
connected is an entry per organiser in the document's presence map, refreshed every few
seconds and shown in the status bar. When the relay cannot be reached the link says
"offline" and tries again later: edits stay in the store and go out on reconnect.

pycrdt and websockets are imported here only, when the link starts (never at start-up).
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QWidget

if TYPE_CHECKING:
    from planner.store import Store
    from planner.team.replica import Replica
    from planner.ui.document import EventDocument

log = logging.getLogger(__name__)

HEARTBEAT = 3.0  # seconds between "I am here" entries
PRESENT_WITHIN = 10.0  # an organiser heard from less than this ago is shown as connected
OFFLINE_RETRY_MS = 5000


class LiveLink(QObject):
    """One open event kept in step with a relay."""

    # A one-line state for the status bar ("Live with Alice, Bob", "Offline: …").
    status = Signal(str)
    # The guids of what a merge changed (None: everything), after the store has them.
    merged = Signal(object)

    def __init__(
        self, store: Store, slug: str, url: str, secret: str, author: str, interval_ms: int = 500
    ) -> None:
        super().__init__()
        from planner.team.replica import Replica

        self.url = url
        self.secret = secret
        self.author = author
        self.replica: Replica = Replica.open(store, slug, author)
        if self.replica.secret() != secret:
            self.replica.keep_secret(secret)
        self.interval_ms = interval_ms
        self.offline_retry_ms = OFFLINE_RETRY_MS
        self.online = False
        self.last_error = ""
        self.reports: list[Any] = []
        self._beat = 0.0
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.tick)

    @property
    def slug(self) -> str:
        return self.replica.slug

    def start(self) -> None:
        self.tick()

    def stop(self) -> None:
        self.timer.stop()

    def local_edit(self, change: Any, document: EventDocument) -> None:
        """The window applied an edit to the store: write it into the shared document."""
        from copy import deepcopy

        if change.kinds == {"sessions"} and not change.everything:
            by_guid = document.schedule.session_by_guid()
            self.replica.record({g: by_guid.get(g) for g in sorted(change.sessions)})
        else:
            self.replica.catch_up(deepcopy(document.schedule))

    def tick(self) -> None:
        """One exchange with the relay, then the next one is scheduled."""
        from planner.team.mirror import TeamError
        from planner.team.relay import exchange

        now = time.time()
        try:
            if now - self._beat >= HEARTBEAT:
                self.replica.here(self.author, now)
                self._beat = now
            result = asyncio.run(exchange(self.url, self.secret, self.replica.doc, create=True, timeout=5))
            guids: set[str] | None = set()
            for update in result.received:
                report = self.replica.merge(update)
                if report.nothing_new:
                    continue
                self.reports.append(report)
                if guids is not None:
                    guids = None if report.sessions is None else guids | report.sessions
            if guids is None or guids:
                self.merged.emit(guids)
            self.online = True
            self.last_error = ""
            people = [n for n in self.replica.present(time.time(), PRESENT_WITHIN) if n != self.author]
            self.status.emit(
                f"Live on {self.url}: "
                + (", ".join(people) + " connected" if people else "no one else connected")
            )
            self.timer.start(self.interval_ms)
        except TeamError as exc:
            self.online = False
            self.last_error = str(exc)
            self.status.emit("Offline: edits are kept here and sent when the relay answers again")
            self.timer.start(self.offline_retry_ms)


class CollaborateDialog(QDialog):
    """Asks for the relay's address and the event's secret."""

    def __init__(self, parent: QWidget | None, secret: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("collaborateDialog")
        self.setWindowTitle("Collaborate")
        form = QFormLayout(self)
        self.url = QLineEdit("ws://127.0.0.1:8765")
        self.url.setObjectName("relayUrl")
        self.secret = QLineEdit(secret)
        self.secret.setObjectName("eventSecret")
        self.secret.setPlaceholderText("empty: share the open event (its secret is filled in)")
        form.addRow("Relay", self.url)
        form.addRow("Event's secret", self.secret)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)


def join(host: Any, url: str, secret: str, author: str | None = None) -> LiveLink:
    """Join (or start) the live event: the event of this store that has ``secret``, else
    the one on the relay (made here from its document), else, with no secret, the open
    event, shared now. TeamError when the relay refuses or cannot be reached to join."""
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
        got = asyncio.run(exchange(url, secret, Doc(), create=False, timeout=10))
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

    def take(guids: object) -> None:
        if host.document is document:
            document.take_merged(guids if isinstance(guids, set) else None)

    link.merged.connect(take)
    document.edited.connect(lambda change: link.local_edit(change, document))
    return link
